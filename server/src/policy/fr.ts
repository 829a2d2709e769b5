/** The policy family's French: each English text its code passes to t() with its translation. Its descriptor (families/policy.ts) installs it; l10n.test.ts keeps it complete. */
export const frPolicy: Readonly<Record<string, string>> = {
  '{0}: outside the workspace: not read': '{0} : hors de l’espace de travail : non lu',
  'no such file': 'fichier introuvable',
  'outside the workspace': 'hors de l’espace de travail',
  'not a regular file': 'pas un fichier ordinaire',
  'larger than {0} bytes: not read': 'plus de {0} octets : non lu',
  'not readable': 'illisible',
  'unknown policy command "{0}" (expected {1})': 'commande policy inconnue « {0} » (attendu : {1})',
  'policy test takes one path': 'policy test prend un seul chemin',
  'policy eval takes one policy (.wasm or .rego) and --input FILE': 'policy eval prend une politique (.wasm ou .rego) et --input FICHIER',
  'unknown format "{0}" (expected {1})': 'format inconnu « {0} » (attendu : {1})',
  'archipel: {0}: no such file or folder': 'archipel : {0} : fichier ou dossier introuvable',
  'archipel: no kyverno test (kyverno-test.yaml) under {0}': 'archipel : aucun test kyverno (kyverno-test.yaml) sous {0}',
};
