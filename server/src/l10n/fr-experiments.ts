/** The experiments family's French (issue #40): the Experiments panel's requests and actions. */
export const frExperiments: Readonly<Record<string, string>> = {
  'Running experiments': 'Exécution des expériences',
  "runs the pipeline's commands (dvc.yaml) for each experiment": 'exécute les commandes du pipeline (dvc.yaml) pour chaque expérience',
  'applied {0}: {1}': '{0} appliquée : {1}',
  'experiments are read from a folder on disk: {0}': 'les expériences se lisent dans un dossier sur le disque : {0}',
  'no experiment named {0}': 'aucune expérience nommée {0}',
  'no experiment was waiting in the queue': "aucune expérience n'attendait dans la file",
  'queued {0} experiment(s): {1}': '{0} expérience(s) en file : {1}',
  'removed: {0}': 'supprimées : {0}',
  'the experiments folder': 'le dossier des expériences',
  'the params file': 'le fichier de paramètres',
  '{0} and {1}: {2} difference(s)': '{0} et {1} : {2} différence(s)',
  '{0} experiment(s) committed: {1}': '{0} expérience(s) enregistrée(s) : {1}',
  '{0} failed: {1}': '{0} a échoué : {1}',
  '{0} not applied: not in the cache: {1} (`dvc pull`, or run the experiment again)': "{0} non appliquée : absent du cache : {1} (`dvc pull`, ou relancer l'expérience)",
  '{0}: nothing changes, the workspace already holds it': "{0} : rien ne change, l'espace de travail la contient déjà",
  "branch '{0}' created at {1} (experiment {2})": "branche '{0}' créée sur {1} (expérience {2})",
};
