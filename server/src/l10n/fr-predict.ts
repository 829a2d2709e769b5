/**
 * French for the predict family's server and CLI messages (one catalogue file per family, so families
 * add their texts without touching each other's). Merged into the French catalogue by t.ts; the
 * l10n unit test checks the merged catalogue is complete and holds nothing unused.
 */
export const frPredict: Readonly<Record<string, string>> = {
  // The model loader (engines/predict/model.ts).
  '{0}: a model card is at most 1 MiB, this one is {1} bytes': '{0} : une fiche de modèle fait au plus 1 Mio, celle-ci fait {1} octets',
  '{0}: cannot read it: {1}': '{0} : lecture impossible : {1}',
  '{0}: not a YAML mapping (expected keys features, labels, threshold, recipe, version, description)': '{0} : ce n’est pas un dictionnaire YAML (clés attendues : features, labels, threshold, recipe, version, description)',
  '{0}: no float tensor output (found {1}): expected probabilities or a value': '{0} : aucune sortie tenseur flottant (trouvé : {1}) ; attendu : des probabilités ou une valeur',
  '{0}: file not found: {1}': '{0} : fichier introuvable : {1}',
  '{0}: expected one input of shape [rows, features], found {1}': '{0} : une entrée de forme [lignes, variables] attendue, trouvé : {1}',
  '{0}: input {1} is not a float tensor': '{0} : l’entrée {1} n’est pas un tenseur flottant',
  '{0}: the card names {1} features but input {2} has shape [{3}]': '{0} : la fiche nomme {1} variables mais l’entrée {2} a la forme [{3}]',
  '{0}: onnxruntime cannot run it: {1}': '{0} : onnxruntime ne peut pas l’exécuter : {1}',
  '{0}: the card names {1} classes ({2}) but the model gives {3} probabilities': '{0} : la fiche nomme {1} classes ({2}) mais le modèle donne {3} probabilités',
  '{0}: expected {1} × {2} features, got {3} numbers': '{0} : {1} × {2} variables attendues, {3} nombres reçus',
};
