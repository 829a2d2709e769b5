/** The slo family's French: each English text its code passes to t() with its translation. Its descriptor (families/slo.ts) installs it; l10n.test.ts keeps it complete. */
export const frSlo: Readonly<Record<string, string>> = {
  'An OpenSLO v1 object its specification refuses: an unknown kind, an objective target outside [0, 1) or targetPercent outside [0, 100), both target and targetPercent.':
    'Un objet OpenSLO v1 que sa spécification refuse : un kind inconnu, un target d’objectif hors de [0, 1) ou un targetPercent hors de [0, 100), à la fois target et targetPercent.',
  '{0} must be a number from 0 to less than {1}, not {2}': '{0} doit être un nombre de 0 à moins de {1}, pas {2}',
  'an objective takes target or targetPercent, not both': 'un objectif prend target ou targetPercent, pas les deux',
  'Unknown OpenSLO v1 kind "{0}". Did you mean "{1}"?': 'kind OpenSLO v1 inconnu « {0} ». Vouliez-vous dire « {1} » ?',
  'Unknown OpenSLO v1 kind "{0}"; expected one of: {1}.': 'kind OpenSLO v1 inconnu « {0} » ; attendu : {1}.',
  'A Sloth SLO spec (prometheus/v1 or PrometheusServiceLevel) that Sloth refuses or whose rules Archipel cannot generate as Sloth does: missing service, name or SLI, objective outside (0, 100], a query without {{.window}}, plugins.':
    "Une spécification SLO Sloth (prometheus/v1 ou PrometheusServiceLevel) que Sloth refuse ou dont Archipel ne sait pas générer les règles comme Sloth : service, nom ou SLI manquant, objectif hors de (0, 100], requête sans {{.window}}, plugins.",
  'A field that the SLO spec (Sloth prometheus/v1, PrometheusServiceLevel, OpenSLO v1) does not have; quick fix: the closest field when one is near.':
    "Un champ que la spécification SLO (Sloth prometheus/v1, PrometheusServiceLevel, OpenSLO v1) n'a pas ; correctif rapide : le champ le plus proche s'il y en a un.",
  '--extra-label takes KEY=VALUE, not "{0}"': '--extra-label prend CLÉ=VALEUR, pas « {0} »',
  '--period must be 30d or 28d': '--period vaut 30d ou 28d',
  '--windows gives the period: --period goes without it': '--windows donne la période : --period ne va pas avec',
  '{0} holds no Sloth spec (version: prometheus/v1, or kind: PrometheusServiceLevel)': '{0} ne contient aucune spécification Sloth (version: prometheus/v1, ou kind: PrometheusServiceLevel)',
  '{0}: {1} rules written': '{0} : {1} règles écrites',
  'cannot read {0}: {1}': 'impossible de lire {0} : {1}',
  'larger than {0} bytes: not read': 'plus de {0} octets : non lu',
  'no such file': 'fichier introuvable',
  'not a regular file': "pas un fichier ordinaire",
  'not readable': 'illisible',
  'outside the workspace': "hors de l'espace de travail",
  'slo {0} takes one spec file': 'slo {0} prend un seul fichier de spécification',
  '--extra-label is an option of slo generate': '--extra-label est une option de slo generate',
  '{0}: the dashboard of {1} written': '{0} : tableau de bord de {1} écrit',
  '{0}: the report written': '{0} : rapport écrit',
  '--format and --system are options of slo report': '--format et --system sont des options de slo report',
  'unknown format "{0}" (expected {1})': 'format inconnu « {0} » (attendu : {1})',
  'Unknown field "{0}". Did you mean "{1}"?': 'Champ inconnu « {0} ». Vouliez-vous dire « {1} » ?',
  'Unknown field "{0}"; expected one of: {1}.': 'Champ inconnu « {0} » ; attendu : {1}.',
  'unknown slo command "{0}" (expected {1})': 'commande slo inconnue « {0} » (attendu : {1})',
};
