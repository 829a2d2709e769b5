/**
 * The system map (issue #49): one model of the whole system from what every family contributes (its
 * descriptor's `system`, features/system.ts), drawn (`archipel diagram system`, the System Map panel),
 * exported (Mermaid C4, Structurizr DSL, C4-PlantUML, JSON) and checked.
 */
import type { Family } from './descriptor';
import { systemDrawer } from '../system/diagram';
import { frSystem } from '../system/fr';

export const systemFamily: Family = {
  id: 'system',
  title: 'System map',
  french: frSystem,
  diagrams: [systemDrawer],
};
