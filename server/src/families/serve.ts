/** Serve: the models `Archipel: Serve Model` offers, and the `serve` command (HTTP prediction service). */
import { serveUsage } from '../cli/serveUsage';
import { loadedOnRun, type Family } from './descriptor';
import { frServe } from '../serve/fr';
import { sharedArchipelSchema } from '../platform/sharedData';
import { serveRequests } from '../serve/register';
import { serveSystem } from '../serve/system';

export const serveFamily: Family = {
  id: 'serve',
  title: 'Serving models over HTTP',
  system: serveSystem,
  requests: (registry, host) => serveRequests(registry, () => sharedArchipelSchema(host.root)),
  french: frServe,
  commands: [
    {
      names: ['serve'],
      usage: serveUsage,
      // Resolves when the service stops (SIGTERM/SIGINT); the model loads through onnxruntime on demand.
      run: loadedOnRun(async () => (await import('../cli/serve.js')).serveCommand),
    },
  ],
  client: {
    module: 'serve',
    commands: [
      { id: 'archipel.serveModel', title: { en: 'Serve Model', fr: 'Servir le modèle' }, enablement: 'isWorkspaceTrusted', icon: '$(broadcast)', menus: { 'explorer/context': [{ when: 'isWorkspaceTrusted && resourceExtname == .onnx', group: '7_archipel@8' }] } },
      { id: 'archipel.stopModelService', title: { en: 'Stop Model Service', fr: 'Arrêter le service de modèle' }, menus: { commandPalette: [{ when: 'archipel.modelServiceRunning' }] } },
    ],
  },
};
