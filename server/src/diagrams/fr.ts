/** The diagrams family's French: each English text its code passes to t() (and its rules' descriptions) with its translation. Its descriptor (families/diagrams.ts) installs it; l10n.test.ts keeps it complete. */
export const frDiagrams: Readonly<Record<string, string>> = {
  "An export needs an SVG text and a format, svg or png.": "Un export attend un texte SVG et un format, svg ou png.",
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
