/** The slo family's French: each English text its code passes to t() with its translation. Its descriptor (families/slo.ts) installs it; l10n.test.ts keeps it complete. */
export const frSlo: Readonly<Record<string, string>> = {
  '{0} always matches: no series of {1} has the label {2} (its exporter gives {3}; the scrapes of "{4}" add none), so it filters nothing out.': '{0} correspond toujours : aucune série de {1} n\'a le label {2} (son exporteur donne {3} ; les scrapes de « {4} » n\'en ajoutent pas), il n\'écarte donc rien.',
  '{0} never matches: the series of {1} have only the labels its recording rule keeps ({2}), so the query selects nothing.': '{0} ne correspond jamais : les séries de {1} n\'ont que les labels que garde sa règle d\'enregistrement ({2}), la requête ne sélectionne donc rien.',
  '{0} always matches: the series of {1} have only the labels its recording rule keeps ({2}), so it filters nothing out.': '{0} correspond toujours : les séries de {1} n\'ont que les labels que garde sa règle d\'enregistrement ({2}), il n\'écarte donc rien.',
  '{0} never matches: no series of {1} has the label {2} (its exporter gives {3}; the scrapes of "{4}" add none), so the query selects nothing.': '{0} ne correspond jamais : aucune série de {1} n\'a le label {2} (son exporteur donne {3} ; les scrapes de « {4} » n\'en ajoutent pas), la requête ne sélectionne donc rien.',
  '{0} must be one of {1}, not {2}': '{0} doit valoir l\'une de ces valeurs : {1}, pas {2}',
  'timeSliceWindow must be a duration (1m, 5m) or a number of seconds, not {0}': 'timeSliceWindow doit être une durée (1m, 5m) ou un nombre de secondes, pas {0}',
  "budgetingMethod {0} needs each objective's timeSliceWindow (the slice the budget counts in)": "budgetingMethod {0} demande le timeSliceWindow de chaque objectif (la tranche dans laquelle le budget compte)",
  'timeSliceTarget must be a ratio greater than 0 and at most 1, not {0}': 'timeSliceTarget doit être un ratio supérieur à 0 et au plus 1, pas {0}',
  "budgetingMethod Timeslices needs each objective's timeSliceTarget (the share of good events that makes a slice good)": "budgetingMethod Timeslices demande le timeSliceTarget de chaque objectif (la part d'événements bons qui rend une tranche bonne)",
  'An OpenSLO v1 object its specification refuses: an unknown kind, an objective target outside [0, 1) or targetPercent outside [0, 100), both target and targetPercent.':
    'Un objet OpenSLO v1 que sa spécification refuse : un kind inconnu, un target d’objectif hors de [0, 1) ou un targetPercent hors de [0, 100), à la fois target et targetPercent.',
  '{0} must be a number from 0 to less than {1}, not {2}': '{0} doit être un nombre de 0 à moins de {1}, pas {2}',
  'an objective takes target or targetPercent, not both': 'un objectif prend target ou targetPercent, pas les deux',
  'Unknown OpenSLO v1 kind "{0}". Did you mean "{1}"?': 'kind OpenSLO v1 inconnu « {0} ». Vouliez-vous dire « {1} » ?',
  'Unknown OpenSLO v1 kind "{0}"; expected one of: {1}.': 'kind OpenSLO v1 inconnu « {0} » ; attendu : {1}.',
  'A Sloth SLO spec (prometheus/v1 or PrometheusServiceLevel, or an OpenSLO v1alpha SLO) that Sloth refuses, or a Pyrra ServiceLevelObjective that Pyrra refuses, or whose rules Archipel cannot generate as they do: missing service, name or SLI, objective outside (0, 100], a query without {{.window}}, plugins; Pyrra: a target or window that is none, a metric that is no vector selector, a latency success metric without le.':
    "Une spécification SLO Sloth (prometheus/v1 ou PrometheusServiceLevel, ou un SLO OpenSLO v1alpha) que Sloth refuse, ou un ServiceLevelObjective Pyrra que Pyrra refuse, ou dont Archipel ne sait pas générer les règles comme eux : service, nom ou SLI manquant, objectif hors de (0, 100], requête sans {{.window}}, plugins ; Pyrra : une cible ou une fenêtre qui n'en est pas une, une métrique qui n'est pas un sélecteur de vecteur, une métrique de succès de latence sans le.",
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
  "An SLO's service that is no component of the system map (its names, its scrape jobs' and targets' service labels); quick fix: the nearest component. Quiet when the workspace deploys nothing.":
    "Le service d'un SLO qui n'est aucun composant de la carte du système (ses noms, les jobs de scrape et les labels service de ses cibles) ; correctif rapide : le composant le plus proche. Muet quand l'espace de travail ne déploie rien.",
  "A metric of an SLO's query that its service does not export (archipel serve's /metrics, the known exporters' prefixes), or a service nothing scrapes while the workspace has monitoring.":
    "Une métrique de la requête d'un SLO que son service n'exporte pas (le /metrics d'archipel serve, les préfixes des exporteurs connus), ou un service que rien ne scrape alors que l'espace de travail a une supervision.",
  "A label matcher of an SLO's query that no series of its service can match: a job, or a label its scrape configuration gives its targets, with another value.":
    "Un sélecteur de label de la requête d'un SLO qu'aucune série de son service ne peut satisfaire : un job, ou un label que sa configuration de scrape donne à ses cibles, avec une autre valeur.",
  "An SLI ratio whose numerator can exceed its denominator: the error (or good) query selects a metric of the total query without a matcher the total query restricts it by.":
    "Un ratio de SLI dont le numérateur peut dépasser le dénominateur : la requête des erreurs (ou des bons événements) sélectionne une métrique de la requête du total sans un sélecteur par lequel le total la restreint.",
  "An objective of 100 %: no error budget, every error exhausts it and the burn rates divide by zero.":
    "Un objectif de 100 % : aucun budget d'erreur, chaque erreur l'épuise et les taux de consommation divisent par zéro.",
  "An OpenSLO time window whose duration is not a duration shorthand (a positive number and m, h, d, w, M, Q or Y: 28d, 1M); a Sloth AlertWindows spec sloth generate -w refuses (a duration, a budget share, a period equal to an alert window).":
    "Une fenêtre de temps OpenSLO dont la durée n'est pas une durée abrégée (un nombre positif et m, h, d, w, M, Q ou Y : 28d, 1M) ; une spécification AlertWindows de Sloth que sloth generate -w refuse (une durée, une part du budget, une période égale à une fenêtre d'alerte).",
  "An SLO that alerts no one (Sloth: page and ticket alerts disabled; OpenSLO: no alert policy), in a workspace that deploys its system.":
    "Un SLO qui n'alerte personne (Sloth : alertes page et ticket désactivées ; OpenSLO : aucune politique d'alerte), dans un espace de travail qui déploie son système.",
  "This SLO alerts no one: its page and ticket alerts are disabled, or it has no alert policy. Its error budget can run out unnoticed.":
    "Ce SLO n'alerte personne : ses alertes page et ticket sont désactivées, ou il n'a aucune politique d'alerte. Son budget d'erreur peut s'épuiser sans que personne ne le voie.",
  "The service \"{0}\" is no component of the system map. Did you mean \"{1}\"?":
    "Le service « {0} » n'est aucun composant de la carte du système. Vouliez-vous dire « {1} » ?",
  "The service \"{0}\" is no component of the system map; its components: {1}.":
    "Le service « {0} » n'est aucun composant de la carte du système ; ses composants : {1}.",
  "Nothing scrapes \"{0}\" (no scrape job, ServiceMonitor, PodMonitor or prometheus.io/scrape annotation reaches it): {1} is never collected.":
    "Rien ne scrape « {0} » (aucun job de scrape, ServiceMonitor, PodMonitor ni annotation prometheus.io/scrape ne l'atteint) : {1} n'est jamais collectée.",
  "archipel serve exports no metric \"{0}\" (its /metrics: the archipel_serve_ metrics).":
    "archipel serve n'exporte aucune métrique « {0} » (son /metrics : les métriques archipel_serve_).",
  "\"{0}\" does not export {1}: it runs {2}, whose /metrics has no such metric.":
    "« {0} » n'exporte pas {1} : il exécute {2}, dont le /metrics n'a pas cette métrique.",
  "{0} never matches the series of \"{1}\": its scrape configuration gives {2} {3}.":
    "{0} ne correspond jamais aux séries de « {1} » : sa configuration de scrape donne {2} {3}.",
  "The error query selects {0} without {1}, which the total query selects by: it counts series the total does not, and the ratio can pass 1.":
    "La requête des erreurs sélectionne {0} sans {1}, par lequel la requête du total sélectionne : elle compte des séries que le total ne compte pas, et le ratio peut dépasser 1.",
  "The good query selects {0} without {1}, which the total query selects by: it counts series the total does not, and the ratio can pass 1.":
    "La requête des bons événements sélectionne {0} sans {1}, par lequel la requête du total sélectionne : elle compte des séries que le total ne compte pas, et le ratio peut dépasser 1.",
  "An objective of 100 leaves no error budget: every error exhausts it, and the burn rates divide by zero. Expected less than 100 (99.9).":
    "Un objectif de 100 ne laisse aucun budget d'erreur : chaque erreur l'épuise, et les taux de consommation divisent par zéro. Attendu : moins de 100 (99.9).",
  "A time window needs a duration shorthand (a positive number and m, h, d, w, M, Q or Y: 28d, 1M), not {0}.":
    "Une fenêtre de temps demande une durée abrégée (un nombre positif et m, h, d, w, M, Q ou Y : 28d, 1M), pas {0}.",
  "A rules file archipel slo generate wrote that is not what its SLO spec generates now (the spec changed since, or the rules were edited), or whose spec is not in the workspace; quick fix: regenerate it.":
    "Un fichier de règles écrit par archipel slo generate qui n'est pas ce que sa spécification SLO génère maintenant (la spécification a changé depuis, ou les règles ont été modifiées), ou dont la spécification n'est pas dans l'espace de travail ; correctif rapide : le régénérer.",
  "These rules were generated from \"{0}\", which is not in the workspace: they cannot be kept in sync with it.":
    "Ces règles ont été générées depuis « {0} », qui n'est pas dans l'espace de travail : elles ne peuvent pas être tenues à jour.",
  "These rules are not what their SLO spec \"{0}\" generates now: it changed since they were generated, or they were edited. Regenerate them (quick fix, or archipel slo generate).":
    "Ces règles ne sont pas ce que leur spécification SLO « {0} » génère maintenant : elle a changé depuis leur génération, ou elles ont été modifiées. Régénérez-les (correctif rapide, ou archipel slo generate).",
  "Regenerate the rules from {0}":
    "Régénérer les règles depuis {0}",
  "archipel serve exports no metric \"{0}\". Did you mean \"{1}\"?":
    "archipel serve n'exporte aucune métrique « {0} ». Vouliez-vous dire « {1} » ?",
};
