/** Service levels as code: Sloth's SLO specs checked, and turned into the Prometheus rules Sloth generates (`archipel slo generate`). */
import { sloUsage } from '../cli/sloUsage';
import { sloOwn } from '../slo/files';
import { frSlo } from '../slo/fr';
import { loadedOnRun, yamlDocuments, type Family } from './descriptor';
import { sloFeature } from '../slo/feature';
import { sharedSloSchemas } from '../platform/sharedData';

export const sloFamily: Family = {
  id: 'slo',
  own: sloOwn,
  title: 'Service levels (Sloth SLO specs, OpenSLO)',
  french: frSlo,
  ...yamlDocuments,
  features: (host) => [sloFeature(sharedSloSchemas(host.root))],
  rules: { prefixes: ['slo-'] },
  commands: [
    {
      names: ['slo'],
      usage: sloUsage,
      run: loadedOnRun(async () => (await import('../cli/slo.js')).sloCommand),
    },
  ],
};
