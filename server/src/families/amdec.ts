/** AMDEC/FMEA files: the schema, the rules (overdue actions against the clock), the risk dashboard's model. */
import { frAmdec } from '../amdec/fr';
import type { Family } from './descriptor';
import { sharedGovernanceSchemas } from '../platform/resources';
import { amdecFeature } from '../amdec/feature';
import { amdecRequests } from '../amdec/register';

export const amdecFamily: Family = {
  id: 'amdec',
  title: 'AMDEC/FMEA files',
  french: frAmdec,
  files: { extensions: ['.yaml', '.yml'] },
  languages: ['yaml'],
  features: (host) => [amdecFeature(sharedGovernanceSchemas(host.root), () => host.now())],
  requests: (registry, host) => amdecRequests(registry, () => host.now()),
  rules: { prefixes: ['amdec-'] },
  client: {
    module: 'dashboards',
    commands: [
      { id: 'archipel.showRiskDashboard', title: { en: 'Show Risk Dashboard', fr: 'Afficher le tableau de bord des risques' }, icon: '$(graph)', menus: { commandPalette: [{ when: 'resourceFilename =~ /\\.(amdec|fmea)\\.ya?ml$/' }], 'editor/title': [{ when: 'resourceFilename =~ /\\.(amdec|fmea)\\.ya?ml$/', group: 'navigation' }] } },
    ],
    panels: ['archipel.riskDashboard'],
  },
};
