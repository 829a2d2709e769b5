import type { Flavor } from './files';

/**
 * What the expression language knows by name: the contexts, the properties of the contexts
 * whose shape is fixed, and the functions. Descriptions of contexts and their properties come
 * from GitHub's language service data (schemas/workflows/github-contexts.json).
 */

/** `github-contexts.json`: `root` (context → description) and one table per context. */
export interface ContextDescriptions {
  contexts: Record<string, Record<string, { description?: string }>>;
}

export interface FunctionInfo {
  name: string;
  min: number;
  max: number;
  signature: string;
  description: string;
}

/** Functions available everywhere an expression is. */
export const builtinFunctions: ReadonlyMap<string, FunctionInfo> = new Map(
  [
    { name: 'contains', min: 2, max: 2, signature: 'contains(search, item)', description: 'True when `search` (a string or an array) contains `item`; strings compare case-insensitively.' },
    { name: 'startsWith', min: 2, max: 2, signature: 'startsWith(searchString, searchValue)', description: 'True when `searchString` starts with `searchValue` (case-insensitive).' },
    { name: 'endsWith', min: 2, max: 2, signature: 'endsWith(searchString, searchValue)', description: 'True when `searchString` ends with `searchValue` (case-insensitive).' },
    { name: 'format', min: 1, max: Number.MAX_SAFE_INTEGER, signature: 'format(string, replaceValue0, replaceValue1, …)', description: 'Replaces `{0}`, `{1}`, … in `string` with the values; `{{` and `}}` escape braces.' },
    { name: 'join', min: 1, max: 2, signature: 'join(array, optionalSeparator)', description: 'Joins the values of `array` with `optionalSeparator` (default `,`).' },
    { name: 'toJSON', min: 1, max: 1, signature: 'toJSON(value)', description: 'Pretty-printed JSON of `value`, handy to debug a context.' },
    { name: 'fromJSON', min: 1, max: 1, signature: 'fromJSON(value)', description: 'Parses a JSON string into an object or value, e.g. to build a matrix from a previous job\'s output.' },
  ].map((f) => [f.name.toLowerCase(), f]),
);

/** Functions only some keys allow (their availability comes from the schema's context lists). */
export const restrictedFunctions: ReadonlyMap<string, { name: string; signature: string; where: string }> = new Map(
  [
    { name: 'success', signature: 'success()', where: 'if: conditions' },
    { name: 'always', signature: 'always()', where: 'if: conditions' },
    { name: 'cancelled', signature: 'cancelled()', where: 'if: conditions' },
    { name: 'failure', signature: 'failure()', where: 'if: conditions' },
    { name: 'hashFiles', signature: 'hashFiles(path, …)', where: 'step keys (if:, run:, with:, env:, name:, …)' },
  ].map((f) => [f.name.toLowerCase(), f]),
);

/** The contexts of GitHub Actions. */
export const githubContexts = ['github', 'env', 'vars', 'job', 'jobs', 'steps', 'runner', 'secrets', 'strategy', 'matrix', 'needs', 'inputs'] as const;

/** Gitea and Forgejo name the `github` context after themselves too. */
export const giteaAliases = ['gitea', 'forge', 'forgejo'] as const;

export function knownContexts(flavor: Flavor): string[] {
  return flavor === 'gitea' ? [...githubContexts, ...giteaAliases] : [...githubContexts];
}

/** A Gitea alias stands for `github` in availability checks. */
export function canonicalContext(name: string): string {
  const lower = name.toLowerCase();
  return (giteaAliases as readonly string[]).includes(lower) ? 'github' : lower;
}

/** Contexts whose properties are fixed (checked and completed), each with its property names. */
export function fixedProperties(descriptions: ContextDescriptions, context: string): string[] | undefined {
  const table = descriptions.contexts[context];
  switch (context) {
    case 'github':
    case 'runner':
    case 'strategy':
      return table ? Object.keys(table) : undefined;
    case 'job':
      // The table also lists nested entries (container.id): keep the top-level names.
      return table ? [...new Set(Object.keys(table).map((k) => k.split('.')[0]))] : undefined;
    default:
      return undefined;
  }
}

export function contextDescription(descriptions: ContextDescriptions, context: string, property?: string): string | undefined {
  if (property === undefined) return descriptions.contexts.root?.[context]?.description;
  return descriptions.contexts[context]?.[property]?.description;
}
