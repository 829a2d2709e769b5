/**
 * `kyverno test` on one test file: its policies applied to its resources (with its values and user info) and each
 * expected result compared with what the engine gives, one row per (policy, rule, resource). Pure: files are read
 * through the reader the caller gives (paths relative to the test's folder, '/'-separated).
 */
import { applyPolicy, type RuleResult, type RuleStatus } from '../checks/engine';
import { sameJson } from '../checks/mutate';
import { applyAdmissionPolicy } from '../checks/admission';
import { readAdmissionBinding, readAdmissionPolicy, type AdmissionBinding, type AdmissionPolicy } from '../model/admission';
import type { RequestInfo } from '../checks/match';
import { CLUSTER_SCOPED, identityOf } from '../checks/match';
import { isObject, readKyvernoPolicy, type JsonObject, type KyvernoPolicy } from '../model/kyverno';
import { readDocuments } from '../syntax/documents';
import { readKyvernoTest, type ExpectedResult, type ExpectedStatus } from './read';

/** A file's text, or why it could not be read. */
export type TestFileReader = (path: string) => { readonly text: string } | { readonly error: string };

export type Verdict = 'pass' | 'fail' | 'not-evaluated';

export interface TestRow {
  readonly policy: string;
  readonly rule: string;
  /** `apiVersion/Kind/namespace/name`, as kyverno prints a resource. */
  readonly resource: string;
  readonly kind: string;
  readonly name: string;
  readonly namespace: string;
  readonly apiVersion: string;
  readonly expected: ExpectedStatus;
  readonly actual: RuleStatus | 'none';
  readonly verdict: Verdict;
  readonly reason: string;
  readonly message: string;
  /** The expected result's line in the test file (0-based). */
  readonly line: number;
}

export interface TestRun {
  readonly name: string;
  readonly rows: readonly TestRow[];
  /** Problems reading the test or its files, each with the file and line. */
  readonly errors: readonly { readonly file: string; readonly line: number; readonly message: string }[];
  readonly policies: number;
  readonly resources: number;
}


function join(folder: string, relative: string): string {
  const parts = relative.startsWith('/') ? [] : folder.split('/').filter((part) => part !== '' && part !== '.');
  for (const part of relative.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..' && parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
    else parts.push(part);
  }
  return (relative.startsWith('/') || folder.startsWith('/') ? '/' : '') + (parts.join('/') || '.');
}

interface Values {
  readonly global: Record<string, unknown>;
  readonly rules: Map<string, Record<string, unknown>>;
  readonly resources: Map<string, Record<string, unknown>>;
  readonly namespaceLabels: Map<string, Record<string, string>>;
}

function readValues(documents: readonly unknown[]): Values {
  const values: Values = { global: {}, rules: new Map(), resources: new Map(), namespaceLabels: new Map() };
  for (const doc of documents) {
    if (!isObject(doc)) continue;
    if (isObject(doc.globalValues)) Object.assign(values.global, doc.globalValues);
    for (const policy of Array.isArray(doc.policies) ? doc.policies : []) {
      if (!isObject(policy) || typeof policy.name !== 'string') continue;
      for (const rule of Array.isArray(policy.rules) ? policy.rules : []) if (isObject(rule) && typeof rule.name === 'string' && isObject(rule.values)) values.rules.set(`${policy.name}/${rule.name}`, rule.values);
      for (const resource of Array.isArray(policy.resources) ? policy.resources : []) if (isObject(resource) && typeof resource.name === 'string' && isObject(resource.values)) values.resources.set(`${policy.name}/${resource.name}`, resource.values);
    }
    for (const selector of Array.isArray(doc.namespaceSelector) ? doc.namespaceSelector : []) {
      if (isObject(selector) && typeof selector.name === 'string' && isObject(selector.labels)) values.namespaceLabels.set(selector.name, Object.fromEntries(Object.entries(selector.labels).filter((entry): entry is [string, string] => typeof entry[1] === 'string')));
    }
    for (const namespace of Array.isArray(doc.namespaces) ? doc.namespaces : []) {
      if (!isObject(namespace)) continue;
      const identity = identityOf(namespace);
      if (identity.name) values.namespaceLabels.set(identity.name, { 'kubernetes.io/metadata.name': identity.name, ...identity.labels });
    }
  }
  return values;
}

function readUserInfo(documents: readonly unknown[]): Partial<RequestInfo> {
  const doc = documents.find(isObject);
  if (!doc) return {};
  const user = isObject(doc.userInfo) ? doc.userInfo : {};
  const list = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
  return {
    ...(typeof user.username === 'string' ? { username: user.username } : {}),
    groups: list(user.groups),
    roles: list(doc.roles),
    clusterRoles: list(doc.clusterRoles),
  };
}

/** The worst of several rule results for one expectation (a rule given for several controllers, or none named). */
function combined(results: readonly RuleResult[]): RuleResult | undefined {
  const rank: Record<RuleStatus, number> = { unsupported: 5, error: 4, fail: 3, pass: 2, skip: 1 };
  return [...results].sort((a, b) => rank[b.status] - rank[a.status])[0];
}

function resourceKey(resource: JsonObject): { kind: string; name: string; namespace: string; apiVersion: string } {
  const identity = identityOf(resource);
  return { kind: identity.kind, name: identity.name, namespace: identity.namespace, apiVersion: typeof resource.apiVersion === 'string' ? resource.apiVersion : '' };
}

/** Whether an expected result's resource entry (`name`, `namespace/name`, `apiVersion/Kind/namespace/name`) names the resource. */
function namesResource(entry: string, expected: ExpectedResult, resource: ReturnType<typeof resourceKey>): boolean {
  const parts = entry.split('/');
  const name = parts[parts.length - 1];
  if (name !== resource.name) return false;
  if (expected.kind !== undefined && expected.kind !== resource.kind) return false;
  const namespace = parts.length >= 2 ? parts[parts.length - 2] : expected.namespace;
  if (namespace !== undefined && namespace !== '' && namespace !== resource.namespace) return false;
  if (parts.length >= 3 && parts[parts.length - 3] !== resource.kind) return false;
  return true;
}

/** A resource without its empty values (null, {} and []), as kyverno test tidies both sides before comparing them. */
function tidy(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(tidy);
  if (!isObject(value)) return value;
  const result: Record<string, unknown> = {};
  for (const [key, item] of Object.entries(value)) {
    const tidied = tidy(item);
    if (tidied === null || (Array.isArray(tidied) && tidied.length === 0) || (isObject(tidied) && Object.keys(tidied).length === 0)) continue;
    result[key] = tidied;
  }
  return result;
}

/** Whether the patched resource equals the one of the same kind, namespace and name in the test's patched resources. */
function patchedMatches(patched: JsonObject, documents: readonly unknown[]): boolean {
  const key = resourceKey(patched);
  const candidates = documents.filter(isObject).filter((doc) => {
    const other = resourceKey(doc);
    return other.kind === key.kind && other.name === key.name && (other.namespace === '' || other.namespace === key.namespace);
  });
  return candidates.some((doc) => {
    const expected = structuredClone(doc);
    const metadata = isObject(expected.metadata) ? expected.metadata : undefined;
    if (metadata && metadata.namespace === undefined && key.namespace !== '') metadata.namespace = key.namespace;
    return sameJson(tidy(patched), tidy(expected));
  });
}

/** A ValidatingAdmissionPolicy's row: its bindings' worst result (params from the test's resources) against the expectation. */
function admissionRow(policy: AdmissionPolicy, bindings: readonly AdmissionBinding[], resource: JsonObject, request: RequestInfo, known: readonly JsonObject[], expected: ExpectedStatus): Pick<TestRow, 'actual' | 'verdict' | 'reason' | 'message'> {
  const rank = { error: 4, fail: 3, pass: 2, skip: 1 } as const;
  const result = applyAdmissionPolicy(policy, bindings, resource, request, known).sort((a, b) => rank[b.status] - rank[a.status])[0];
  const status = result?.status ?? 'skip';
  const message = result?.message ?? 'the policy does not match the resource';
  if (result?.notEvaluated) return { actual: status, verdict: 'not-evaluated', reason: message, message };
  const holds = status === expected;
  return { actual: status, verdict: holds ? 'pass' : 'fail', reason: holds ? 'Ok' : `Want ${expected}, got ${status}`, message };
}

/** Runs the test file at `testPath` (its files read through `read`). */
export function runKyvernoTest(testPath: string, read: TestFileReader): TestRun {
  const errors: { file: string; line: number; message: string }[] = [];
  const testText = read(testPath);
  if ('error' in testText) return { name: testPath, rows: [], errors: [{ file: testPath, line: 0, message: testText.error }], policies: 0, resources: 0 };
  const test = readKyvernoTest(testText.text);
  if (!test) return { name: testPath, rows: [], errors: [{ file: testPath, line: 0, message: 'not a kyverno test (cli.kyverno.io/v1alpha1 Test)' }], policies: 0, resources: 0 };
  for (const error of test.errors) errors.push({ file: testPath, ...error });
  const folder = testPath.includes('/') ? testPath.slice(0, testPath.lastIndexOf('/')) : '.';
  const documentsOf = (relative: string): unknown[] => {
    const file = join(folder, relative);
    const text = read(file);
    if ('error' in text) {
      errors.push({ file, line: 0, message: text.error });
      return [];
    }
    const docs = readDocuments(text.text);
    for (const error of docs.errors) errors.push({ file, ...error });
    return docs.documents.flatMap((doc) => (isObject(doc.value) && doc.value.kind === 'List' && Array.isArray(doc.value.items) ? doc.value.items : [doc.value]));
  };
  const policies: KyvernoPolicy[] = [];
  const admissionPolicies: AdmissionPolicy[] = [];
  const bindings: AdmissionBinding[] = [];
  for (const file of test.policies) for (const doc of documentsOf(file)) if (isObject(doc)) {
    const policy = readKyvernoPolicy(doc);
    if (policy) policies.push(policy);
    const admission = readAdmissionPolicy(doc);
    if (admission) admissionPolicies.push(admission);
    const binding = readAdmissionBinding(doc);
    if (binding) bindings.push(binding);
  }
  const resources: JsonObject[] = [];
  for (const file of test.resources) for (const doc of documentsOf(file)) if (isObject(doc) && typeof doc.kind === 'string') {
    const copy = doc;
    const metadata = isObject(copy.metadata) ? copy.metadata : (copy.metadata = {});
    if (metadata.namespace === undefined && !CLUSTER_SCOPED.has(copy.kind as string)) metadata.namespace = 'default';
    resources.push(copy);
  }
  const values = test.variables !== undefined ? readValues(documentsOf(test.variables)) : readValues([]);
  const user = test.userinfo !== undefined ? readUserInfo(documentsOf(test.userinfo)) : {};
  const applied = new Map<string, { results: RuleResult[]; patched: JsonObject }>();
  const resultsOf = (policy: KyvernoPolicy, resource: JsonObject, index: number): { results: RuleResult[]; patched: JsonObject } => {
    const key = `${policies.indexOf(policy)}:${index}`;
    let results = applied.get(key);
    if (!results) {
      const name = identityOf(resource).name;
      const operation = values.global['request.operation'];
      const ruleValues: Record<string, unknown> = {};
      for (const rule of policy.rules) Object.assign(ruleValues, values.rules.get(`${policy.name}/${rule.autogenOf ?? rule.name}`));
      results = applyPolicy(policy, resource, {
        request: { ...user, operation: typeof operation === 'string' ? operation : 'CREATE', namespaceLabels: values.namespaceLabels },
        values: { ...values.global, ...ruleValues, ...values.resources.get(`${policy.name}/${name}`) },
      });
      applied.set(key, results);
    }
    return results;
  };
  const rows: TestRow[] = [];
  for (const expected of test.results) {
    const policyName = expected.policy.includes('/') ? expected.policy.slice(expected.policy.lastIndexOf('/') + 1) : expected.policy;
    const policy = policies.find((item) => item.name === policyName);
    const admission = policy ? undefined : admissionPolicies.find((item) => item.name === policyName);
    for (const entry of expected.resources) {
      const index = resources.findIndex((resource) => namesResource(entry, expected, resourceKey(resource)));
      const resource = resources[index];
      const key = resource ? resourceKey(resource) : { kind: expected.kind ?? '', name: entry.split('/').pop() ?? entry, namespace: expected.namespace ?? '', apiVersion: '' };
      const base = { policy: expected.policy, rule: expected.rule ?? '', resource: `${key.apiVersion}/${key.kind}/${key.namespace}/${key.name}`.replace(/\/{2,}/g, '/'), kind: key.kind, name: key.name, namespace: key.namespace, apiVersion: key.apiVersion, expected: expected.result, line: expected.line };
      if (admission && resource) {
        rows.push({ ...base, ...admissionRow(admission, bindings, resource, { ...user, operation: typeof values.global['request.operation'] === 'string' ? values.global['request.operation'] : 'CREATE', namespaceLabels: values.namespaceLabels }, resources, expected.result) });
        continue;
      }
      if (!policy || !resource) {
        rows.push({ ...base, actual: 'none', verdict: 'fail', reason: !policy ? `policy ${expected.policy} not found in the test's policies` : `resource ${entry} not found in the test's resources`, message: '' });
        continue;
      }
      const outcome = resultsOf(policy, resource, index);
      const results = outcome.results.filter((result) => expected.rule === undefined || result.rule === expected.rule || result.autogenOf === expected.rule);
      const actual = combined(results);
      if (!actual && !policy.rules.some((rule) => (rule.validate || rule.mutate) && (expected.rule === undefined || rule.name === expected.rule))) {
        const reason = `the policy has no validate or mutate rule ${expected.rule ?? ''} evaluated here`;
        rows.push({ ...base, actual: 'none', verdict: 'not-evaluated', reason, message: reason });
        continue;
      }
      const status: RuleStatus = actual?.status ?? 'skip';
      const message = actual?.message ?? 'the rule does not match the resource';
      if (status === 'unsupported' || actual?.notEvaluated) {
        rows.push({ ...base, actual: status, verdict: 'not-evaluated', reason: message, message });
        continue;
      }
      const patchedWrong = expected.patchedResources !== undefined && !patchedMatches(outcome.patched, documentsOf(expected.patchedResources));
      const holds = status === expected.result && !patchedWrong;
      const reason = holds ? 'Ok' : status !== expected.result ? `Want ${expected.result}, got ${status}` : "Patched resource didn't match the patched resource in the test result";
      rows.push({ ...base, actual: status, verdict: holds ? 'pass' : 'fail', reason, message });
    }
  }
  return { name: test.name, rows, errors, policies: policies.length + admissionPolicies.length, resources: resources.length };
}
