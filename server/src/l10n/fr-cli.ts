/**
 * French for the CLI's own errors and summaries (server/src/cli.ts, server/src/cli/), the blur
 * configuration and model download (server/src/blur/, engines/blur/config*.ts, download.ts) and the
 * job layer's refusal in an untrusted workspace (engines/core/host.ts). Merged by t.ts. Usage
 * texts stay English; option names and values (--lang, sarif, nygard) are what the user types.
 */
export const frCli: Readonly<Record<string, string>> = {
  // archipel check, rules, and the command line (cli.ts).
  "--today expects a date YYYY-MM-DD, got \"{0}\"": "--today attend une date AAAA-MM-JJ ; reçu « {0} »",
  "unknown format \"{0}\" (expected text, json or sarif)": "format inconnu « {0} » (attendu : text, json ou sarif)",
  "--rule expects ID=off|hint|information|warning|error, got \"{0}\"": "--rule attend ID=off|hint|information|warning|error ; reçu « {0} »",
  "--max-file-size-kb expects a whole number of KB, got \"{0}\"": "--max-file-size-kb attend un nombre entier de Ko ; reçu « {0} »",
  "no such file or folder: {0}": "fichier ou dossier introuvable : {0}",
  "Not checked, or not wholly, because of a limit: {0} file(s): {1}.": "Non vérifié(s), ou pas entièrement, à cause d'une limite : {0} fichier(s) : {1}.",
  "Not checked, or not wholly, because of a limit: {0} file(s): {1}. --strict-limits makes this exit 1.": "Non vérifié(s), ou pas entièrement, à cause d'une limite : {0} fichier(s) : {1}. Avec --strict-limits, le code de sortie est alors 1.",
  "--lang expects en or fr, got \"{0}\"": "--lang attend en ou fr ; reçu « {0} »",
  "unknown command \"{0}\"": "commande inconnue « {0} »",
  "internal error:": "erreur interne :",
  // archipel adr (cli/adr.ts).
  "no ADRs in {0}": "aucun ADR dans {0}",
  "no ADR folder found (docs/adr, doc/adr, docs/decisions or .adr-dir)": "aucun dossier d'ADR trouvé (docs/adr, doc/adr, docs/decisions ou .adr-dir)",
  "{0} ADR folders: choose one with --dir": "{0} dossiers d'ADR : choisissez-en un avec --dir",
  "no ADR {0}": "aucun ADR {0}",
  "{0} is not an ADR of an ADR folder": "{0} n'est pas un ADR d'un dossier d'ADR",
  "created {0}": "créé : {0}",
  "updated {0}": "modifié : {0}",
  "nothing to change": "rien à modifier",
  "adr new needs a title": "adr new attend un titre",
  "unknown format \"{0}\" (expected nygard or madr)": "format inconnu « {0} » (attendu : nygard ou madr)",
  "--date expects YYYY-MM-DD, got \"{0}\"": "--date attend AAAA-MM-JJ ; reçu « {0} »",
  "adr supersede needs OLD and NEW": "adr supersede attend ANCIEN et NOUVEAU",
  "adr link needs SOURCE and TARGET": "adr link attend SOURCE et CIBLE",
  "adr status needs an ADR and a status": "adr status attend un ADR et un statut",
  "unknown adr command \"{0}\"": "commande adr inconnue « {0} »",
  "adr needs a command: new, supersede, link, status or index": "adr attend une commande : new, supersede, link, status ou index",
  "{0} (not overwritten)": "{0} (non écrasé)",
  // archipel blur and archipel diagram (cli/blur.ts, cli/diagram.ts).
  "unknown format \"{0}\" (expected text or json)": "format inconnu « {0} » (attendu : text ou json)",
  "{0} image(s), {1} region(s) ({2}), {3} ms per image, {4} failed.": "{0} image(s), {1} zone(s) ({2}), {3} ms par image, {4} en échec.",
  "{0} image(s), {1} region(s), {2} ms per image, {3} failed.": "{0} image(s), {1} zone(s), {2} ms par image, {3} en échec.",
  "unknown diagram \"{0}\" (expected {1})": "diagramme inconnu « {0} » (attendu : {1})",
  "which diagram? (k8s, workflow or adr)": "quel diagramme ? (k8s, workflow ou adr)",
  "unknown format \"{0}\" (expected mermaid, markdown or json)": "format inconnu « {0} » (attendu : mermaid, markdown ou json)",
  // Blur configuration (blur/feature.ts, engines/blur/config.ts, configFiles.ts).
  "blur.{0} \"{1}\" is not an .onnx file: Archipel runs ONNX models (for an Ultralytics model: yolo export model={2}.pt format=onnx).": "blur.{0} « {1} » n'est pas un fichier .onnx : Archipel exécute des modèles ONNX (pour un modèle Ultralytics : yolo export model={2}.pt format=onnx).",
  "{0}: not valid YAML: {1}": "{0} : YAML invalide : {1}",
  "the key \"{0}\" is repeated": "la clé « {0} » est répétée",
  "unreadable": "illisible",
  "{0}: expected a mapping at the top level": "{0} : un mapping est attendu au premier niveau",
  "is invalid": "est invalide",
  "cannot read {0}: {1}": "impossible de lire {0} : {1}",
  // Model download (engines/blur/download.ts).
  "could not download {0}: {1}. This machine may have no access to the internet.": "impossible de télécharger {0} : {1}. Cette machine n'a peut-être pas accès à Internet.",
  "could not download {0}: HTTP {1}": "impossible de télécharger {0} : HTTP {1}",
  "refused {0}: {1} bytes is more than a face model should be": "{0} refusé : {1} octets, c'est plus que ne devrait peser un modèle de visages",
  "refused {0}: more than {1} bytes": "{0} refusé : plus de {1} octets",
  "the download of {0} broke off after {1} bytes: {2}": "le téléchargement de {0} s'est interrompu après {1} octets : {2}",
  "the file from {0} is not the expected one: sha256 {1}, expected {2}. Nothing was saved.": "le fichier reçu de {0} n'est pas celui attendu : sha256 {1}, attendu {2}. Rien n'a été enregistré.",
  // Jobs (engines/blur/spec.ts, engines/core/host.ts).
  "Blurring faces and plates": "Floutage des visages et des plaques",
  "Detecting sensitive regions": "Détection des zones sensibles",
  "runs the detection models (.onnx files) that the workspace configures": "exécute les modèles de détection (fichiers .onnx) que configure l'espace de travail",
  "file not found": "fichier introuvable",
  "{0} refused: this workspace is not trusted, and the job {1}. Trust the workspace (Workspaces: Manage Workspace Trust) to run it.": "{0} refusé : cet espace de travail n'est pas approuvé, et la tâche {1}. Approuvez l'espace de travail (Espaces de travail : Gérer l'approbation de l'espace de travail) pour l'exécuter.",
};
