import type { WorkspaceIndex } from '../../workspace/index';
import type { Flavor } from './files';
import { joinUri, repositoryRoot } from './files';
import { t } from '../../l10n/t';

export interface ActionInput {
  description?: string;
  required?: boolean;
  default?: string;
  deprecationMessage?: string;
}

/** What Archipel knows of an action: its inputs and outputs. */
export interface ActionInfo {
  name: string;
  description?: string;
  inputs: Record<string, ActionInput>;
  outputs: Record<string, { description?: string }>;
  /** Major versions (`v2`) that no longer work or run on a retired runtime, with why. */
  deprecatedVersions?: Record<string, string>;
  /** Where the data comes from (the action.yml it was read from). */
  source?: string;
  /** Major versions (`v4`) whose inputs are the ones above; a step pinned to another major is not checked. */
  inputsMajors?: string[];
  /** The action's outputs are whatever its user's script sets (actions/github-script): any name is fine. */
  anyOutputs?: boolean;
  /** The action's inputs are free-form (octokit/request-action: the request's parameters): any name is fine. */
  anyInputs?: boolean;
}

export interface PopularActionsFile {
  $id: string;
  actions: Record<string, ActionInfo>;
}

export type UsesRef =
  | { kind: 'local'; path: string }
  | { kind: 'docker'; image: string }
  | { kind: 'remote'; owner: string; repo: string; path: string; ref: string; url?: string }
  | { kind: 'invalid'; message: string };

const remotePattern = /^([^/@\s]+)\/([^/@\s]+)((?:\/[^@\s]*)?)@(\S+)$/;

/** Parses a step's `uses:` (and, with `workflow`, a job's reusable-workflow `uses:`). */
export function parseUses(value: string, flavor: Flavor, workflow = false): UsesRef {
  const text = value.trim();
  if (text.startsWith('./') || text === '.') {
    if (workflow && text.includes('@')) return { kind: 'invalid', message: t('A local reusable workflow takes no @ref: it is read from the same commit. Use "{0}".', text.slice(0, text.indexOf('@'))) };
    if (workflow && !/^\.\/\.(github|gitea|forgejo)\/workflows\/[^/]+\.ya?ml$/i.test(text)) {
      return { kind: 'invalid', message: t('A local reusable workflow is a file in .github/workflows/, like "./.github/workflows/build.yml".') };
    }
    return { kind: 'local', path: text };
  }
  if (text.startsWith('docker://')) {
    if (workflow) return { kind: 'invalid', message: t('A job calls a reusable workflow (owner/repo/.github/workflows/file.yml@ref), not a Docker image.') };
    const image = text.slice('docker://'.length);
    return image ? { kind: 'docker', image } : { kind: 'invalid', message: t('docker:// needs an image, like "docker://alpine:3.20".') };
  }
  if (/^https?:\/\//i.test(text)) {
    if (flavor !== 'gitea') {
      return { kind: 'invalid', message: t('Absolute action URLs work on Gitea and Forgejo only; on GitHub write owner/repo@ref.') };
    }
    const match = /^(https?:\/\/[^/]+)\/([^/@\s]+)\/([^/@\s]+)((?:\/[^@\s]*)?)@(\S+)$/i.exec(text);
    if (!match) return { kind: 'invalid', message: t('Expected https://host/owner/repo[/path]@ref, found "{0}".', text) };
    return { kind: 'remote', url: match[1], owner: match[2], repo: match[3], path: match[4].replace(/^\//, ''), ref: match[5] };
  }
  const match = remotePattern.exec(text);
  if (!match) {
    if (!text.includes('@')) {
      return { kind: 'invalid', message: t('"{0}" has no version: add @ref (a tag like @v4, a branch, or a full commit SHA).', text) };
    }
    const message = workflow
      ? t('Expected owner/repo/.github/workflows/file.yml@ref or ./.github/workflows/file.yml, found "{0}".', text)
      : t('Expected owner/repo[/path]@ref, ./path/to/action or docker://image, found "{0}".', text);
    return { kind: 'invalid', message };
  }
  const [, owner, repo, path, ref] = match;
  if (workflow && !/^\/\.github\/workflows\/[^/]+\.ya?ml$/i.test(path)) {
    return { kind: 'invalid', message: t('A reusable workflow is owner/repo/.github/workflows/file.yml@ref, found "{0}".', text) };
  }
  return { kind: 'remote', owner, repo, path: path.replace(/^\//, ''), ref };
}

/** The key of a remote action in the bundled table: `owner/repo[/path]`, lower-case. */
export function actionKey(ref: { owner: string; repo: string; path: string }): string {
  return `${ref.owner}/${ref.repo}${ref.path ? `/${ref.path.replace(/\/$/, '')}` : ''}`.toLowerCase();
}

/**
 * The major version (`v4`) a remote `uses:` ref pins: from a tag like `v4` or `v4.1.2`, or, for a
 * commit SHA, from the version comment that pinning tools write after it (`@<sha> # v4.1.2`).
 * `latest` for the default branch (the bundled metadata is read from it); undefined when unknown.
 */
export function pinnedMajor(ref: string, comment?: string | null): string | undefined {
  const tag = /^v?(\d+)(?:\.\d+)*$/i.exec(ref);
  if (tag) return `v${Number(tag[1])}`;
  if (/^(main|master)$/.test(ref)) return 'latest';
  if (/^[0-9a-f]{40}$/i.test(ref)) {
    const version = /^\s*(?:tag\s*[:=]\s*)?v?(\d+)(?:\.\d+)*\b/i.exec(comment ?? '');
    if (version) return `v${Number(version[1])}`;
  }
  return undefined;
}

/** Whether the bundled inputs of an action are those of the pinned major version. */
export function inputsKnownFor(action: Pick<ActionInfo, 'inputsMajors'>, major: string | undefined): boolean {
  if (!action.inputsMajors) return true;
  return major === 'latest' || (major !== undefined && action.inputsMajors.includes(major));
}

/** The URIs an `./path` action may be described by (action.yml or action.yaml). */
export function localActionUris(workflowUri: string, path: string): string[] {
  const root = repositoryRoot(workflowUri);
  if (!root) return [];
  const folder = joinUri(root, path);
  return [`${folder}/action.yml`, `${folder}/action.yaml`];
}

/** The URI of a local reusable workflow (`./.github/workflows/x.yml`). */
export function localWorkflowUri(workflowUri: string, path: string): string | undefined {
  const root = repositoryRoot(workflowUri);
  return root ? joinUri(root, path) : undefined;
}

/** The indexed file of a local action, when the workspace holds it. */
export function findLocalAction(index: WorkspaceIndex, workflowUri: string, path: string): string | undefined {
  return localActionUris(workflowUri, path).find((uri) => index.get(uri) !== undefined);
}

export class PopularActions {
  private readonly byKey = new Map<string, ActionInfo & { key: string }>();

  constructor(file: PopularActionsFile) {
    for (const [key, info] of Object.entries(file.actions)) this.byKey.set(key.toLowerCase(), { ...info, key });
  }

  get(key: string): (ActionInfo & { key: string }) | undefined {
    return this.byKey.get(key.toLowerCase());
  }

  all(): (ActionInfo & { key: string })[] {
    return [...this.byKey.values()];
  }
}
