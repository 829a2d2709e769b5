/**
 * French for the predict family's server and CLI messages (one catalogue file per family, so families
 * add their texts without touching each other's). Merged into the French catalogue by t.ts; the
 * l10n unit test checks the merged catalogue is complete and holds nothing unused.
 */
export const frPredict: Readonly<Record<string, string>> = {
  // Rules (predict/feature.ts).
  'The predict section of archipel.yaml does not match its schema (unknown key, a model that is not an .onnx file, a threshold outside 0–1).': 'La section predict d’archipel.yaml ne respecte pas son schéma (clé inconnue, modèle qui n’est pas un fichier .onnx, seuil hors de 0–1).',
  'A <model>.model.yaml card does not match its schema (features missing, labels not an index-to-name map, unknown key).': 'Une fiche <modèle>.model.yaml ne respecte pas son schéma (features absent, labels qui n’associe pas un indice à un nom, clé inconnue).',
  // The model loader (engines/predict/model.ts).
  '{0}: a model card is at most 1 MiB, this one is {1} bytes': '{0} : une fiche de modèle fait au plus 1 Mio, celle-ci fait {1} octets',
  '{0}: cannot read it: {1}': '{0} : lecture impossible : {1}',
  '{0}: not a YAML mapping (expected keys features, labels, threshold, recipe, version, description)': '{0} : ce n’est pas un dictionnaire YAML (clés attendues : features, labels, threshold, recipe, version, description)',
  '{0}: no float tensor output (found {1}): expected probabilities or a value': '{0} : aucune sortie tenseur flottant (trouvé : {1}) ; attendu : des probabilités ou une valeur',
  '{0}: expected one input of shape [rows, features], found {1}': '{0} : une entrée de forme [lignes, variables] attendue, trouvé : {1}',
  '{0}: input {1} is not a float tensor': '{0} : l’entrée {1} n’est pas un tenseur flottant',
  '{0}: the card names {1} features but input {2} has shape [{3}]': '{0} : la fiche nomme {1} variables mais l’entrée {2} a la forme [{3}]',
  '{0}: onnxruntime cannot run it: {1}': '{0} : onnxruntime ne peut pas l’exécuter : {1}',
  '{0}: the card names {1} classes ({2}) but the model gives {3} probabilities': '{0} : la fiche nomme {1} classes ({2}) mais le modèle donne {3} probabilités',
  // The run, the CLI and the request.
  "unknown recipe \"{0}\" (expected ohlcv-22)": "recette « {0} » inconnue (attendu : ohlcv-22)",
  "{0}: {1} of {2} rows predicted ({3} skipped) → {4}": "{0} : {1} lignes prédites sur {2} ({3} écartées) → {4}",
  "classes: {0}": "classes : {0}",
  "accuracy {0}, macro F1 {1}, ROC AUC {2}, log loss {3}": "exactitude {0}, F1 macro {1}, ROC AUC {2}, perte logarithmique {3}",
  "drift: {0} of {1} features drifted{2}": "dérive : {0} variables sur {1} ont dérivé{2}",
  " (dataset drift)": " (dérive du jeu de données)",
  "  skipped line {0}: {1}": "  ligne {0} écartée : {1}",
  "  … {0} more skipped rows": "  … {0} autres lignes écartées",
  "{0} ms reading, {1} ms features, {2} ms inference, {3} ms writing": "{0} ms de lecture, {1} ms de variables, {2} ms d’inférence, {3} ms d’écriture",
  "predict takes a model and a CSV file (got {0} arguments)": "predict prend un modèle et un fichier CSV ({0} arguments reçus)",
  "unknown format \"{0}\" (expected text or json)": "format « {0} » inconnu (attendu : text ou json)",
  "features takes one CSV file (got {0} arguments)": "features prend un fichier CSV ({0} arguments reçus)",
  "features needs --recipe ohlcv-22": "features demande --recipe ohlcv-22",
  "{0} rows read, {1} skipped{2}": "{0} lignes lues, {1} écartées{2}",
  "predict.outputFolder {0} is outside the workspace: predictions are written inside it": "predict.outputFolder {0} est hors de l’espace de travail : les prédictions s’écrivent à l’intérieur",
  "Prediction cancelled": "Prédiction annulée",
  "{0}: not valid YAML": "{0} : YAML invalide",
  "No model for {0}: name one, or add a predict section with a model to archipel.yaml (predict: {model: model.onnx})": "Aucun modèle pour {0} : nommez-en un, ou ajoutez à archipel.yaml une section predict avec un modèle (predict: {model: model.onnx})",
  "{0} is not a file": "{0} n’est pas un fichier",
  "feature {0} is undefined on this row (a zero or repeated price)": "la variable {0} n’est pas définie sur cette ligne (un prix nul ou répété)",
  "warm-up of ticker {0}: {1} rows before every ohlcv-22 feature is defined (SMA_50 needs 50 rows)": "amorçage du titre {0} : {1} lignes avant que toutes les variables ohlcv-22 soient définies (SMA_50 demande 50 lignes)",
  "warm-up: {0} rows before every ohlcv-22 feature is defined (SMA_50 needs 50 rows)": "amorçage : {0} lignes avant que toutes les variables ohlcv-22 soient définies (SMA_50 demande 50 lignes)",
  "the model expects {0}, which recipe {1} does not compute (it computes {2})": "le modèle attend {0}, que la recette {1} ne calcule pas (elle calcule {2})",
  "the reference {0} has no row with defined features": "la référence {0} n’a aucune ligne aux variables définies",
  "the output {0} would replace the input": "la sortie {0} remplacerait l’entrée",
  "cancelled": "annulé",
  "Predicting {0}": "Prédiction de {0}",
  "runs a prediction model (.onnx file) from the workspace": "exécute un modèle de prédiction (fichier .onnx) de l’espace de travail",
  "{0} already exists: it is never overwritten (--force, or force: true, replaces it)": "{0} existe déjà : il n’est jamais écrasé (--force, ou force: true, le remplace)",
  '{0}: expected {1} × {2} features, got {3} numbers': '{0} : {1} × {2} variables attendues, {3} nombres reçus',
};
