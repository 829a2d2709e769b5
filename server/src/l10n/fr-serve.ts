/**
 * French for the serve family's server and CLI messages (one catalogue file per family, so families
 * add their texts without touching each other's). Merged into the French catalogue by t.ts; the
 * l10n unit test checks the merged catalogue is complete and holds nothing unused. The HTTP API's
 * `error` texts are a contract in English and are not translated.
 */
export const frServe: Readonly<Record<string, string>> = {
  // archipel serve (cli/serve.ts).
  '{0} expects a whole number from 0 to {1}, got "{2}"': '{0} attend un nombre entier de 0 à {1}, reçu « {2} »',
  'serve expects one model file, got {0}': 'serve attend un fichier de modèle, reçu {0}',
  'unknown recipe "{0}" (expected ohlcv-22)': 'recette inconnue « {0} » (attendu : ohlcv-22)',
  'archipel serve: cannot listen on {0}:{1}: {2}': 'archipel serve : écoute impossible sur {0}:{1} : {2}',
  'archipel serve: a worker kept its model on reload: {0}': 'archipel serve : un processus a gardé son modèle au rechargement : {0}',
  'archipel serve: a worker stopped ({0}); starting another': 'archipel serve : un processus s\'est arrêté ({0}) ; un autre le remplace',
  'archipel serve: a worker stopped ({0}) before serving': 'archipel serve : un processus s\'est arrêté ({0}) avant de servir',
  'archipel serve: workers keep stopping; stopping the service': 'archipel serve : les processus s\'arrêtent sans cesse ; arrêt du service',
  'Listening at {0}': 'À l’écoute sur {0}',
  'archipel serve: the model cannot be served: {0}': 'archipel serve : le modèle ne peut pas être servi : {0}',
  'Serving {0} (version {1}, {2} features, classes {3}) at {4}': 'Service de {0} (version {1}, {2} variables, classes {3}) sur {4}',
  '{0}: draining the requests in flight, then stopping': '{0} : fin des requêtes en cours, puis arrêt',
  'archipel serve: requests still in flight after {0} s; stopping anyway': 'archipel serve : requêtes encore en cours après {0} s ; arrêt quand même',
  'Stopped.': 'Arrêté.',
  'archipel serve: {0}': 'archipel serve : {0}',
  'archipel serve: ARCHIPEL_SERVE_TOKEN_FILE {0} is empty: it holds the token POST /reload requires': 'archipel serve : ARCHIPEL_SERVE_TOKEN_FILE {0} est vide : il contient le jeton qu’exige POST /reload',
  'archipel serve: cannot read ARCHIPEL_SERVE_TOKEN_FILE {0}: {1}': 'archipel serve : impossible de lire ARCHIPEL_SERVE_TOKEN_FILE {0} : {1}',
};
