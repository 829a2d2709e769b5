/**
 * The system map (issue #49): one model of the whole system from what every family contributes (its
 * descriptor's `system`, features/system.ts), drawn (`archipel diagram system`, the System Map panel),
 * exported (Mermaid C4, Structurizr DSL, C4-PlantUML, JSON) and checked.
 */
import { systemContributors, type Family } from './descriptor';
import { systemDrawer } from '../system/diagram';
import { systemFeature } from '../system/feature';
import { frSystem } from '../system/fr';

export const systemFamily: Family = {
  id: 'system',
  title: 'System map',
  // Structurizr DSL files, whose drawings are compared with the model (Mermaid's are the Mermaid family's files).
  files: { extensions: ['.dsl'] },
  features: (host) => [systemFeature(systemContributors(host.families))],
  french: frSystem,
  rules: { prefixes: ['system-'] },
  diagrams: [systemDrawer],
};
