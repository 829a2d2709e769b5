/**
 * The kernel's French: each English text of the service, the job layer, the platform and the CLI's
 * frame, and the texts several families share (the key, as written in the code) with its
 * translation. A family's own texts are in its folder's fr.ts, which its descriptor installs.
 * server/test/unit/core/l10n.test.ts checks that every text the code passes to t() and every rule
 * description is in a catalogue, and nothing else; families.test.ts that each is in its home.
 */
export const fr: Readonly<Record<string, string>> = {
  "A file a check reads besides the one it checks (a Compose .env or env_file) is not read: it resolves outside the workspace (links followed), is not a regular file (a device, FIFO or socket), is larger than archipel.validation.maxSideFileKb, or cannot be read. The check goes on without it.": "Un fichier qu'une vérification lit en plus de celui qu'elle vérifie (un .env ou un env_file de Compose) n'est pas lu : il se résout hors de l'espace de travail (liens suivis), n'est pas un fichier ordinaire (un périphérique, un FIFO ou un socket), dépasse archipel.validation.maxSideFileKb ou ne peut être lu. La vérification continue sans lui.",
  "\"{0}\" is not read: it resolves outside the workspace, and Archipel reads nothing outside it unless you name the path on the command line. Its variables are unknown to the checks.": "« {0} » n'est pas lu : il se résout hors de l'espace de travail, et Archipel ne lit rien hors de celui-ci sauf si vous nommez le chemin sur la ligne de commande. Ses variables sont inconnues des vérifications.",
  "\"{0}\" is not read: it is not a regular file (a device, a FIFO or a socket, perhaps behind a link).": "« {0} » n'est pas lu : ce n'est pas un fichier ordinaire (un périphérique, un FIFO ou un socket, peut-être derrière un lien).",
  "\"{0}\" is not read: it is larger than {1} KB (archipel.validation.maxSideFileKb).": "« {0} » n'est pas lu : il dépasse {1} Ko (archipel.validation.maxSideFileKb).",
  "\"{0}\" could not be read (permissions?): the checks go on without it.": "« {0} » n'a pas pu être lu (permissions ?) : les vérifications continuent sans lui.",
  "Archipel stopped its work on this file: the {0} work took more than {1} ms (archipel.validation.fileBudgetMs; the CLI: --file-budget). The file is not checked, and no other file's rule reads it, until it changes.": "Archipel a arrêté son travail sur ce fichier : le travail {0} a pris plus de {1} ms (archipel.validation.fileBudgetMs ; en CLI : --file-budget). Le fichier n'est pas vérifié, et aucune règle d'un autre fichier ne le lit, jusqu'à ce qu'il change.",
  "Archipel stopped its work on this file: the {0} work needed more than {1} MB. The file is not checked, and no other file's rule reads it, until it changes.": "Archipel a arrêté son travail sur ce fichier : le travail {0} demandait plus de {1} Mo. Le fichier n'est pas vérifié, et aucune règle d'un autre fichier ne le lit, jusqu'à ce qu'il change.",
  "The {0} checks failed on this file: {1}. Its other checks ran; please report this with the file.": "Les vérifications {0} ont échoué sur ce fichier : {1}. Ses autres vérifications ont eu lieu ; signalez-le avec le fichier.",
  "One of Archipel's checks failed on this file (a bug: please report it with the file); the file's other checks and the other files were checked.": "Une des vérifications d'Archipel a échoué sur ce fichier (un bogue : signalez-le avec le fichier) ; les autres vérifications du fichier et les autres fichiers ont été vérifiés.",
  "Archipel's work on the file passed the per-file budget (archipel.validation.fileBudgetMs; the CLI: --file-budget) or its memory bound and was stopped: the file is not checked, and no other file's rule reads it, until it changes (docs/security.md).": "Le travail d'Archipel sur le fichier a dépassé le budget par fichier (archipel.validation.fileBudgetMs ; en CLI : --file-budget) ou sa borne de mémoire et a été arrêté : le fichier n'est pas vérifié, et aucune règle d'un autre fichier ne le lit, jusqu'à ce qu'il change (docs/security.md).",
  " and ": " et ",
  " Did you mean \"{0}\"?": " Vouliez-vous dire « {0} » ?",
  "{0} failed": "{0} en échec",
  "{0} failed: {1}: {2}": "{0} en échec : {1} : {2}",
  "{0} file(s) checked, {1} problem(s), {2} error(s).": "{0} fichier(s) vérifié(s), {1} problème(s), {2} erreur(s).",
  "{0} more problems in this file are not shown: the editor gets the first {1} (`archipel check` lists them all).": "{0} autres problèmes de ce fichier ne sont pas affichés : l'éditeur reçoit les {1} premiers (`archipel check` les liste tous).",
  "A file given to the CLI could not be read (permissions, not UTF-8 text, vanished).": "Un fichier donné à la CLI n'a pas pu être lu (permissions, texte non UTF-8, disparu).",
  "A long-running container has no livenessProbe: a hung process is never restarted.": "Un conteneur de longue durée n'a pas de livenessProbe : un processus bloqué n'est jamais redémarré.",
  "A long-running container has no readinessProbe: traffic reaches it before it is ready.": "Un conteneur de longue durée n'a pas de readinessProbe : le trafic l'atteint avant qu'il soit prêt.",
  "a mapping": "un mapping",
  "A path in configuration that Archipel writes to (blur.outputFolder, a `.adr-dir` folder) resolves inside the workspace folder.": "Un chemin de configuration où Archipel écrit (blur.outputFolder, un dossier `.adr-dir`) se résout dans le dossier de l'espace de travail.",
  "a sequence": "une séquence",
  "Action {0}": "L'action {0}",
  "cancelled after {0} of {1}": "annulé après {0} sur {1}",
  "Cannot read the file: {0}": "Impossible de lire le fichier : {0}",
  "File not validated: {0} KB is over the {1} KB limit (archipel.validation.maxFileSizeKb; the CLI: --max-file-size-kb).": "Fichier non validé : {0} Ko dépassent la limite de {1} Ko (archipel.validation.maxFileSizeKb ; en CLI : --max-file-size-kb).",
  "high": "élevée",
  "low": "faible",
  "none": "aucun",
  "nothing": "rien",
  "status": "statut",
  "The document nests deeper than Archipel reads (200 levels); it is not parsed, so nothing in it is checked.": "Le document s'imbrique plus profondément qu'Archipel ne lit (200 niveaux) ; il n'est pas analysé, rien n'y est donc vérifié.",
  "The editor shows the first 999 problems of a file; this says how many more `archipel check` lists.": "L'éditeur montre les 999 premiers problèmes d'un fichier ; ceci dit combien d'autres `archipel check` liste.",
  "The file is larger than archipel.validation.maxFileSizeKb (the CLI: --max-file-size-kb) and is not validated.": "Le fichier dépasse archipel.validation.maxFileSizeKb (CLI : --max-file-size-kb) et n'est pas validé.",
  "The file is not valid UTF-8 (UTF-16 with a byte-order mark is read); bytes that are not were read as U+FFFD.": "Le fichier n'est pas de l'UTF-8 valide (l'UTF-16 avec marque d'ordre des octets est lu) ; les octets invalides ont été lus comme U+FFFD.",
  "The Markdown file is over 256 KB, nests deeper than 100 lists and quotes, or a paragraph holds more than 1000 emphasis markers or 1000 link brackets; it is not parsed, so nothing in it is checked.": "Le fichier Markdown dépasse 256 Ko, imbrique plus de 100 listes et citations, ou un paragraphe contient plus de 1000 marques d'emphase ou 1000 crochets de liens ; il n'est pas analysé, rien n'y est donc vérifié.",
  "unknown": "inconnue",
};
