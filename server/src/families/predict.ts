/** Predict: archipel.yaml's `predict` section and model cards, prediction jobs in the predict process, `predict` and `features`. */
import { predictOwn } from '../predict/files';
import { predictUsage } from '../cli/predictUsage';
import { registerPredictRequests } from '../engines/predict/register';
import { frPredict } from '../predict/fr';
import { yamlDocuments, type Family } from './descriptor';
import { sharedArchipelSchema } from '../platform/sharedData';
import { predictConfigFeature } from '../predict/feature';

export const predictFamily: Family = {
  id: 'predict',
  own: predictOwn,
  title: 'Predictions with ONNX models',
  french: frPredict,
  ...yamlDocuments,
  features: (host) => [predictConfigFeature(sharedArchipelSchema(host.root))],
  requests: (registry, host) => registerPredictRequests(registry, () => sharedArchipelSchema(host.root)),
  rules: { prefixes: ['predict-'], ids: ['model-card'] },
  workers: [
    // The child process the server forks for prediction jobs (CSV + onnxruntime).
    { bundle: 'predictWorker', entry: 'server/src/engines/predict/worker.ts' },
    // The thread a prediction run hands its model's batches to (onnxruntime only).
    { bundle: 'predictLane', entry: 'server/src/engines/predict/laneWorker.ts' },
    // The bounded-heap thread a CLI prediction run reads and writes on (engines/predict/bounded.ts).
    { bundle: 'predictRun', entry: 'server/src/engines/predict/runWorker.ts' },
  ],
  commands: [
    {
      names: ['predict', 'features'],
      usage: predictUsage,
      async run(name, args, { out, err }) {
        // Loaded on demand: onnxruntime is native and slow to load.
        const { predictCommand, featuresCommand } = await import('../cli/predict.js');
        return (name === 'predict' ? predictCommand : featuresCommand)(args, out, err);
      },
    },
  ],
  client: {
    walkthrough: [
      { id: "predictDirection", order: 5, title: { en: "Predict the next day's direction", fr: "Prédire la direction du lendemain" }, description: { en: "Run the example's ONNX model over a stock's daily prices: the 22 technical features, UP or DOWN with probabilities, accuracy, ROC AUC and drift against a reference, without Python.\n[Predict prediction/prices.csv](command:archipel.openExampleFile?%5B%22prediction%2Fprices.csv%22%2C%22archipel.predict%22%5D), then [open the dashboard](command:archipel.showPredictionDashboard) of that run.", fr: "Exécutez le modèle ONNX de l'exemple sur les cours quotidiens d'une action : les 22 indicateurs techniques, HAUSSE ou BAISSE avec leurs probabilités, l'exactitude, l'AUC ROC et la dérive par rapport à une référence, sans Python.\n[Prédire prediction/prices.csv](command:archipel.openExampleFile?%5B%22prediction%2Fprices.csv%22%2C%22archipel.predict%22%5D), puis [ouvrir le tableau de bord](command:archipel.showPredictionDashboard) de ce calcul." }, media: { image: "docs/images/prediction-dashboard.png", altText: { en: "The Prediction dashboard: metrics, confusion matrix, ROC curve, probabilities, prices with predicted directions and drift per feature", fr: "Le tableau de bord des prédictions : métriques, matrice de confusion, courbe ROC, probabilités, cours avec les directions prédites et dérive par variable" } }, completionEvents: ["onContext:archipel.walkthrough.predicted"] },
    ],
    module: 'predict',
    commands: [
      { id: 'archipel.predict', title: { en: 'Predict', fr: 'Prédire' }, icon: '$(graph-line)', menus: { 'explorer/context': [{ when: 'resourceExtname =~ /^\\.csv$/i', group: '7_archipel@3' }], 'editor/title': [{ when: 'resourceExtname =~ /^\\.csv$/i', group: 'navigation' }] } },
      { id: 'archipel.showPredictionDashboard', title: { en: 'Show Prediction Dashboard', fr: 'Afficher le tableau de bord des prédictions' }, icon: '$(dashboard)' },
    ],
    panels: ['archipel.predictionDashboard'],
  },
};
