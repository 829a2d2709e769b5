import { defineSettingsSection, record } from '../settings';

/** `archipel.workflows.*`. */
export interface WorkflowSettings {
  /** GitHub or Gitea semantics; `auto`: Gitea for `.gitea/` and `.forgejo/` workflows. */
  flavor: 'auto' | 'github' | 'gitea';
  /** Self-hosted runner labels accepted in runs-on, on top of GitHub-hosted ones. */
  runnerLabels: string[];
}

declare module '../settings' {
  interface FamilySettings {
    workflows: WorkflowSettings;
  }
}

export const workflowSettings = defineSettingsSection('workflows', { flavor: 'auto', runnerLabels: [] }, (raw) => {
  const workflows = record(raw);
  const flavor = workflows.flavor === 'github' || workflows.flavor === 'gitea' ? workflows.flavor : 'auto';
  const runnerLabels = Array.isArray(workflows.runnerLabels) ? workflows.runnerLabels.filter((l): l is string => typeof l === 'string' && l.trim() !== '') : [];
  return { flavor, runnerLabels };
});
