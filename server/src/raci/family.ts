/** RACI matrices (`*.raci.yaml`): the schema, the rules, the dashboard's model. */
import type { Family } from '../families/descriptor';
import { sharedGovernanceSchemas } from '../platform/resources';
import { raciFeature } from './feature';
import { raciRequests } from './register';
import { raciSettings } from './settings';

export const raciFamily: Family = {
  id: 'raci',
  title: 'RACI matrices',
  files: { extensions: ['.yaml', '.yml'] },
  languages: ['yaml'],
  features: (host) => [raciFeature(sharedGovernanceSchemas(host.root))],
  requests: raciRequests,
  settings: raciSettings,
  rules: { prefixes: ['raci-'] },
};
