/** GitHub (and Gitea/Forgejo) workflows and actions: GitHub's schemas, contexts and the popular actions' data. */
import { workflowsOwn } from '../workflows/files';
import type { Family } from './descriptor';
import { frWorkflows } from '../workflows/fr';
import { lazyWorkflowData, sharedWorkflowData } from '../platform/workflowData';
import { workflowDrawer } from '../workflows/diagram';
import { workflowRequests } from '../workflows/register';
import { workflowFeature } from '../workflows/feature';
import { workflowSettings } from '../workflows/settings';
import { workflowsSystem } from '../workflows/system';

export const workflowsFamily: Family = {
  id: 'workflows',
  own: workflowsOwn,
  title: 'CI workflows and actions',
  system: workflowsSystem,
  files: { extensions: ['.yaml', '.yml'] },
  // GitHub's Actions extension gives workflow files its own language id.
  languages: ['yaml', 'github-actions-workflow'],
  features: (host) => [workflowFeature(lazyWorkflowData(host.root))],
  requests: (registry, host) => workflowRequests(registry, () => sharedWorkflowData(host.root)),
  settings: workflowSettings,
  french: frWorkflows,
  rules: { prefixes: ['gha-', 'workflows-'] },
  diagrams: [workflowDrawer(sharedWorkflowData)],
};
