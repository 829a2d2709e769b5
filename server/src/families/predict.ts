/** Predict: archipel.yaml's `predict` section and model cards, prediction jobs in the predict process, `predict` and `features`. */
import { predictUsage } from '../cli/predictUsage';
import { registerPredictRequests } from '../engines/predict/register';
import { frPredict } from '../predict/fr';
import type { Family } from './descriptor';
import { sharedArchipelSchema } from '../platform/resources';
import { predictConfigFeature } from '../predict/feature';

export const predictFamily: Family = {
  id: 'predict',
  title: 'Predictions with ONNX models',
  french: frPredict,
  files: { extensions: ['.yaml', '.yml'] },
  languages: ['yaml'],
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
    module: 'predict',
    commands: [
      { id: 'archipel.predict', title: { en: 'Predict', fr: 'Prédire' }, icon: '$(graph-line)', menus: { 'explorer/context': [{ when: 'resourceExtname =~ /^\\.csv$/i', group: '7_archipel@3' }], 'editor/title': [{ when: 'resourceExtname =~ /^\\.csv$/i', group: 'navigation' }] } },
      { id: 'archipel.showPredictionDashboard', title: { en: 'Show Prediction Dashboard', fr: 'Afficher le tableau de bord des prédictions' }, icon: '$(dashboard)' },
    ],
    panels: ['archipel.predictionDashboard'],
  },
};
