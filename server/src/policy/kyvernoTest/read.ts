/**
 * A `kyverno test` file (`cli.kyverno.io/v1alpha1` Test, or the older unversioned `name/policies/resources/results`
 * form): its policies, resources, variables (values) and user info files, and its expected results, each with its line.
 */
import { isObject } from '../model/kyverno';
import { readDocuments } from '../syntax/documents';

export type ExpectedStatus = 'pass' | 'fail' | 'skip' | 'error' | 'warn';

export interface ExpectedResult {
  readonly policy: string;
  readonly rule?: string;
  readonly kind?: string;
  readonly resources: readonly string[];
  readonly namespace?: string;
  readonly result: ExpectedStatus;
  /** The file of the resource as mutated (mutate rules). */
  readonly patchedResources?: string;
  readonly generatedResource?: string;
  readonly line: number;
}

export interface KyvernoTestFile {
  readonly name: string;
  readonly policies: readonly string[];
  readonly resources: readonly string[];
  readonly variables?: string;
  readonly userinfo?: string;
  readonly results: readonly ExpectedResult[];
  readonly errors: readonly { readonly line: number; readonly message: string }[];
}

const STATUSES: readonly ExpectedStatus[] = ['pass', 'fail', 'skip', 'error', 'warn'];

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : typeof value === 'string' ? [value] : [];
}

/** Whether a document is a kyverno test (the versioned kind, or the legacy form with policies and results). */
export function isKyvernoTest(value: unknown): boolean {
  if (!isObject(value)) return false;
  if (value.apiVersion === 'cli.kyverno.io/v1alpha1' && value.kind === 'Test') return true;
  return value.apiVersion === undefined && Array.isArray(value.policies) && Array.isArray(value.results);
}

/** The test in a text (undefined when the text holds none). */
export function readKyvernoTest(text: string): KyvernoTestFile | undefined {
  const read = readDocuments(text);
  const doc = read.documents.find((item) => isKyvernoTest(item.value));
  if (!doc || !isObject(doc.value)) return undefined;
  const value = doc.value;
  const errors = [...read.errors];
  const metadata = isObject(value.metadata) ? value.metadata : {};
  const lines = text.split('\n');
  // Each result's line: the `- ` items under `results:` in order (the value has no positions; the text is the test's own).
  const itemLines: number[] = [];
  let itemIndent: string | undefined;
  let inResults = false;
  for (let line = doc.line; line < lines.length; line++) {
    const row = lines[line] ?? '';
    if (/^results:/.test(row)) inResults = true;
    else if (/^[^\s#-]/.test(row)) inResults = false;
    else if (inResults) {
      const indent = /^( *)- /.exec(row)?.[1];
      if (indent === undefined) continue;
      itemIndent ??= indent;
      if (indent === itemIndent) itemLines.push(line);
    }
  }
  const results: ExpectedResult[] = [];
  (Array.isArray(value.results) ? value.results : []).forEach((item, index) => {
    const line = itemLines[index] ?? doc.line;
    if (!isObject(item)) {
      errors.push({ line, message: 'a result must be a mapping' });
      return;
    }
    const status = typeof item.result === 'string' ? (item.result.toLowerCase() as ExpectedStatus) : typeof item.status === 'string' ? (item.status.toLowerCase() as ExpectedStatus) : undefined;
    if (typeof item.policy !== 'string' || status === undefined || !STATUSES.includes(status)) {
      errors.push({ line, message: `result ${index + 1}: needs policy and result (${STATUSES.join(', ')})` });
      return;
    }
    results.push({
      policy: item.policy,
      ...(typeof item.rule === 'string' ? { rule: item.rule } : {}),
      ...(typeof item.kind === 'string' ? { kind: item.kind } : {}),
      resources: [...strings(item.resources), ...strings(item.resource)],
      ...(typeof item.namespace === 'string' ? { namespace: item.namespace } : {}),
      result: status,
      ...(typeof item.patchedResources === 'string' ? { patchedResources: item.patchedResources } : typeof item.patchedResource === 'string' ? { patchedResources: item.patchedResource } : {}),
      ...(typeof item.generatedResource === 'string' ? { generatedResource: item.generatedResource } : {}),
      line,
    });
  });
  return {
    name: typeof metadata.name === 'string' ? metadata.name : typeof value.name === 'string' ? value.name : '',
    policies: strings(value.policies),
    resources: strings(value.resources),
    ...(typeof value.variables === 'string' ? { variables: value.variables } : {}),
    ...(typeof value.userinfo === 'string' ? { userinfo: value.userinfo } : {}),
    results,
    errors,
  };
}
