/** Service levels as code: Sloth's SLO specs checked, and turned into the Prometheus rules Sloth generates (`archipel slo generate`). */
import { sloUsage } from '../cli/sloUsage';
import { sloOwn } from '../slo/files';
import { frSlo } from '../slo/fr';
import { facesOf, loadedOnRun, systemContributors, yamlDocuments, type Family, type FamilyHost } from './descriptor';
import { prepareContributors } from '../features/system/contributor';
import { systemModel } from '../system/model';
import type { SloSystemHost } from '../slo/system';
import { sloFeature } from '../slo/feature';
import { sharedSloSchemas } from '../platform/sharedData';

/** What the SLO checks hold an SLO against: the system family's map of the index, the Prometheus family's face when the run has it. */
function sloSystemHost(host: FamilyHost): SloSystemHost {
  const contributions = systemContributors(host.families);
  const prometheus = facesOf(host.families).prometheus;
  return { mapOf: (index) => systemModel(index, contributions), prepare: (index) => prepareContributors(contributions, index), ...(prometheus ? { prometheus } : {}) };
}

export const sloFamily: Family = {
  id: 'slo',
  own: sloOwn,
  title: 'Service levels (Sloth SLO specs, OpenSLO)',
  french: frSlo,
  ...yamlDocuments,
  features: (host) => [sloFeature(sharedSloSchemas(host.root), sloSystemHost(host))],
  rules: { prefixes: ['slo-'] },
  commands: [
    {
      names: ['slo'],
      usage: sloUsage,
      run: loadedOnRun(async () => (await import('../cli/slo.js')).sloCommand),
    },
  ],
};
