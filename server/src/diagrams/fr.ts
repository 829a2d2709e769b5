/** The diagrams family's French: each English text its code passes to t() (and its rules' descriptions) with its translation. Its descriptor (families/diagrams.ts) installs it; l10n.test.ts keeps it complete. */
export const frDiagrams: Readonly<Record<string, string>> = {
  " under {0}": " sous {0}",
  "An export needs an SVG text and a format, svg or png.": "Un export attend un texte SVG et un format, svg ou png.",
  "No ADR folder in the workspace (docs/adr, doc/adr, docs/decisions, a .adr-dir file or archipel.adr.directories).": "Aucun dossier d'ADR dans l'espace de travail (docs/adr, doc/adr, docs/decisions, un fichier .adr-dir ou archipel.adr.directories).",
  "No Ingress, Service, workload, ConfigMap, Secret, PersistentVolumeClaim, HorizontalPodAutoscaler or Argo CD Application in the workspace.": "Aucun Ingress, Service, charge de travail, ConfigMap, Secret, PersistentVolumeClaim, HorizontalPodAutoscaler ni Application Argo CD dans l'espace de travail.",
  "No Ingress, Service, workload, ConfigMap, Secret, PersistentVolumeClaim, HorizontalPodAutoscaler or Argo CD Application{0}.": "Aucun Ingress, Service, charge de travail, ConfigMap, Secret, PersistentVolumeClaim, HorizontalPodAutoscaler ni Application Argo CD{0}.",
  "No workflow (.github/workflows, .gitea/workflows, .forgejo/workflows) in the workspace.": "Aucun workflow (.github/workflows, .gitea/workflows, .forgejo/workflows) dans l'espace de travail.",
  "No workflow (.github/workflows, .gitea/workflows, .forgejo/workflows){0}.": "Aucun workflow (.github/workflows, .gitea/workflows, .forgejo/workflows){0}.",
  "cannot write {0}: {1}": "impossible d'écrire {0} : {1}",
  "a PNG is binary: redirect the output to a file or give --output FILE": "un PNG est binaire : redirigez la sortie vers un fichier ou donnez --output FICHIER",
  "The exported SVG holds script or HTML content; not written.": "Le SVG exporté contient du script ou du HTML ; il n'est pas écrit.",
  "The page sent no SVG document.": "La page n'a envoyé aucun document SVG.",
  "The SVG does not parse: {0}": "Le SVG ne s'analyse pas : {0}",
  "The SVG is {0} characters, over the {1} an export accepts.": "Le SVG fait {0} caractères, au-delà des {1} qu'un export accepte.",
  "unknown format \"{0}\" (expected {1})": "format « {0} » inconnu (attendu : {1})",
  "unknown view \"{0}\" of the {1} diagram (expected {2})": "vue « {0} » inconnue du diagramme {1} (attendu : {2})",
  "the {0} diagram has one view": "le diagramme {0} n'a qu'une vue",
};
