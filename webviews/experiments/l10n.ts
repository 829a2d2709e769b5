/**
 * The Experiments panel's words in the editor's language: English as written in the page, French
 * from this catalogue (the host gives the page VS Code's display language). `{0}` placeholders are
 * filled in order; a text without a French entry stays English.
 */
const FRENCH: Readonly<Record<string, string>> = {
  'Reading the experiments…': 'Lecture des expériences…',
  'Initialise Git here': 'Initialiser Git ici',
  'Experiments: {0}': 'Expériences : {0}',
  '{0} experiment(s), {1} baseline(s), {2} MLflow run(s)': '{0} expérience(s), {1} commit(s) de base, {2} exécution(s) MLflow',
  ' from {0}': ' de {0}',
  ', {0} in the queue': ', {0} en file',
  'Filter rows (name, param=value)': 'Filtrer les lignes (nom, param=valeur)',
  'Filter rows': 'Filtrer les lignes',
  ' All params': ' Tous les paramètres',
  'Metrics: ': 'Métriques : ',
  'Metric value': 'Valeur des métriques',
  'Params to set (-S)': 'Paramètres à fixer (-S)',
  'name (optional)': 'nom (facultatif)',
  'Experiment name': "Nom de l'expérience",
  'stages (all)': 'étapes (toutes)',
  'Stages to run': 'Étapes à exécuter',
  branch: 'branche',
  'Branch name': 'Nom de la branche',
  Run: 'Lancer',
  Queue: 'Mettre en file',
  'Start queue': 'Lancer la file',
  Apply: 'Appliquer',
  Branch: 'Brancher',
  Remove: 'Supprimer',
  Compare: 'Comparer',
  Params: 'Paramètres',
  'Metrics ({0})': 'Métriques ({0})',
  Select: 'Sélectionner',
  Pin: 'Épingler',
  Experiment: 'Expérience',
  Kind: 'Type',
  Status: 'État',
  Duration: 'Durée',
  Created: 'Créée',
  'Select {0}': 'Sélectionner {0}',
  'Pin {0}': 'Épingler {0}',
  'Pin to the top': 'Épingler en haut',
  '{0}: {1} (open)': '{0} : {1} (ouvrir)',
  Success: 'Réussie',
  'Show {0} more of {1}': 'Afficher {0} de plus sur {1}',
  'Plots of {0} selected row(s)': 'Graphiques de {0} ligne(s) sélectionnée(s)',
  'Select rows (the box at the start of a row) to plot their metrics.': 'Sélectionnez des lignes (la case en début de ligne) pour tracer leurs métriques.',
  'Metrics against step': 'Métriques par pas',
  'No step history for these rows (DVCLive step files or MLflow metric histories).': "Pas d'historique par pas pour ces lignes (fichiers de DVCLive ou historiques de métriques MLflow).",
  'Param against metric': 'Paramètre contre métrique',
  'Parallel coordinates': 'Coordonnées parallèles',
  Path: 'Chemin',
  Key: 'Clé',
  Change: 'Écart',
};

let french = false;

/** The page's language, from the host (`vscode.env.language`: `fr`, `fr-ca`…). */
export function setLanguage(lang: string | undefined): void {
  french = /^fr\b/i.test(lang ?? '');
}

export function tr(text: string, ...args: (string | number)[]): string {
  const template = (french ? FRENCH[text] : undefined) ?? text;
  return template.replace(/\{(\d+)\}/g, (whole, i: string) => (args[Number(i)] === undefined ? whole : String(args[Number(i)])));
}

