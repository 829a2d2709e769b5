import type { ArchipelSettings } from '../../settings';
import { ACTION_PATH, isWorkflowPath } from '../files';

export type WorkflowKind = 'workflow' | 'action';
export type Flavor = 'github' | 'gitea';

const actionPath = ACTION_PATH;
const giteaPath = /\/\.(gitea|forgejo)\/workflows\//i;

/**
 * What a file is for the workflow feature, from its path: a workflow lives directly in
 * `.github/workflows/` (or Gitea's `.gitea/`, Forgejo's `.forgejo/`); an action is described by an
 * `action.yml` / `action.yaml` anywhere.
 */
export function workflowKind(uri: string): WorkflowKind | undefined {
  const path = decodeURIComponent(uri);
  if (isWorkflowPath(path)) return 'workflow';
  if (actionPath.test(path)) return 'action';
  return undefined;
}

/** GitHub or Gitea semantics: the setting wins; `auto` means Gitea for `.gitea/` and `.forgejo/` workflows. */
export function flavorOf(uri: string, settings: ArchipelSettings): Flavor {
  const setting = settings.workflows.flavor;
  if (setting === 'github' || setting === 'gitea') return setting;
  return giteaPath.test(decodeURIComponent(uri)) ? 'gitea' : 'github';
}

/**
 * The repository root a workflow's `./` paths are relative to: the folder holding `.github/`
 * (`.gitea/`, `.forgejo/`). For an action.yml, the folder above its `.github/` when it has one.
 */
export function repositoryRoot(uri: string): string | undefined {
  const match = /^(.*?)\/\.(github|gitea|forgejo)\//i.exec(uri);
  return match ? match[1] : undefined;
}

/** The URI `./path` names relative to a repository root. */
export function joinUri(root: string, relative: string): string {
  const parts = relative.replace(/^\.\//, '').split('/').filter((p) => p !== '' && p !== '.');
  const out: string[] = [];
  for (const part of parts) {
    if (part === '..') out.pop();
    else out.push(encodeURIComponent(decodeURIComponent(part)));
  }
  return out.length > 0 ? `${root}/${out.join('/')}` : root;
}
