/** RACI matrices (`*.raci.yaml`): the schema, the rules, the dashboard's model. */
import { raciOwn } from '../raci/files';
import { frRaci } from '../raci/fr';
import { yamlDocuments, type Family } from './descriptor';
import { sharedGovernanceSchemas } from '../platform/sharedData';
import { raciFeature } from '../raci/feature';
import { raciRequests } from '../raci/register';
import { raciSettings } from '../raci/settings';
import { raciSystem } from '../raci/system';

export const raciFamily: Family = {
  id: 'raci',
  own: raciOwn,
  title: 'RACI matrices',
  system: raciSystem,
  french: frRaci,
  ...yamlDocuments,
  features: (host) => [raciFeature(sharedGovernanceSchemas(host.root))],
  requests: raciRequests,
  settings: raciSettings,
  rules: { prefixes: ['raci-'] },
  client: {
    module: 'dashboards',
    commands: [
      { id: 'archipel.showRaciDashboard', title: { en: 'Show RACI Dashboard', fr: 'Afficher le tableau de bord RACI' }, icon: '$(table)', menus: { commandPalette: [{ when: 'resourceFilename =~ /\\.raci\\.ya?ml$/' }], 'editor/title': [{ when: 'resourceFilename =~ /\\.raci\\.ya?ml$/', group: 'navigation' }] } },
    ],
    panels: ['archipel.raciDashboard'],
  },
};
