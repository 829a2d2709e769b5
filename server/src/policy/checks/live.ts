/**
 * The workspace's policies on its Kubernetes objects, as `archipel check` and the editor say them (#96): every Kyverno
 * ClusterPolicy/Policy, Kyverno ValidatingPolicy and ValidatingAdmissionPolicy (with its bindings, params among the
 * workspace's objects) applied to each object, each violation a finding on the object under the policy's own id
 * `policy:<policy>/<rule>`, an error when the policy enforces (Enforce, Deny) and a warning when it audits or warns.
 * The policies are read once per graph of the workspace (KubernetesGraph.derived): an edit of a policy makes a new
 * graph, and every object is evaluated again against the policies as they now are.
 */
import type { Finding } from '../../common/findings';
import type { SeverityName } from '../../common/diagnostics';
import { t } from '../../l10n/t';
import { locate, type KubernetesGraph, type KubernetesObject } from '../../kubernetes/api';
import { readAdmissionBinding, readAdmissionPolicy, type AdmissionBinding, type AdmissionPolicy } from '../model/admission';
import { readKyvernoPolicy, type JsonObject, type KyvernoPolicy } from '../model/kyverno';
import { policyRules, VIOLATION_PREFIX } from '../rules';
import { applyAdmissionPolicy } from './admission';
import { Budget, BudgetExceeded } from './budget';
import { CelProblem } from './cel';
import { applyPolicy } from './engine';
import { policySyntaxFindings } from './policySyntax';

/** The kinds the policy family reads as policies (never as workloads a policy applies to). */
export const POLICY_KINDS = ['ClusterPolicy', 'Policy', 'ValidatingPolicy', 'ValidatingAdmissionPolicy', 'ValidatingAdmissionPolicyBinding'] as const;

/** The API groups the policy family owns (the Kubernetes family has no schema for them). */
export const POLICY_GROUPS = /^(kyverno\.io|policies\.kyverno\.io|cli\.kyverno\.io|wgpolicyk8s\.io|reports\.kyverno\.io)\//;

/** The workspace's policies, read from its graph. */
export interface PolicySet {
  readonly kyverno: readonly Scoped<KyvernoPolicy>[];
  readonly admission: readonly Scoped<AdmissionPolicy>[];
  readonly bindings: readonly AdmissionBinding[];
  /** The objects a binding's params may name (the kinds the policies' paramKind say). */
  readonly params: readonly JsonObject[];
}

/** A policy and the tree it governs. */
interface Scoped<P> {
  readonly policy: P;
  /**
   * The URI prefix of the objects it applies to: the folder holding the policy's folder (`policies/` beside `kubernetes/`),
   * so that a repository's test fixtures or a second project's policies govern their own tree, not every manifest of
   * the repository.
   */
  readonly scope: string;
}

function scopeOf(uri: string): string {
  const folder = uri.slice(0, uri.lastIndexOf('/'));
  const parent = folder.slice(0, folder.lastIndexOf('/') + 1);
  // A policy at the workspace's top governs its folder.
  return parent.endsWith('//') || parent === '' ? `${folder}/` : parent;
}

const setKey = Symbol('policy-set');

/** A policy whose own expressions do not parse is said once, on its line (policy-syntax), and not evaluated on every object. */
function parses(object: KubernetesObject): boolean {
  return !policySyntaxFindings(object).some((finding) => finding.code === policyRules.syntax.id);
}

/** The workspace's policies (once per graph). */
export function policySetOf(graph: KubernetesGraph): PolicySet {
  return graph.derived(setKey, () => {
    const kyverno: Scoped<KyvernoPolicy>[] = [];
    for (const kind of ['ClusterPolicy', 'Policy']) for (const object of graph.ofKind(kind)) {
      if (!parses(object)) continue;
      const policy = readKyvernoPolicy(object.value);
      if (policy && policy.name !== '') kyverno.push({ policy, scope: scopeOf(object.uri) });
    }
    const admission: Scoped<AdmissionPolicy>[] = [];
    for (const kind of ['ValidatingPolicy', 'ValidatingAdmissionPolicy']) for (const object of graph.ofKind(kind)) {
      if (!parses(object)) continue;
      const policy = readAdmissionPolicy(object.value);
      if (policy && policy.name !== '') admission.push({ policy, scope: scopeOf(object.uri) });
    }
    const bindings = graph.ofKind('ValidatingAdmissionPolicyBinding').flatMap((object) => readAdmissionBinding(object.value) ?? []);
    const paramKinds = new Set(admission.flatMap(({ policy }) => (policy.paramKind ? [policy.paramKind.kind] : [])));
    const params = [...paramKinds].flatMap((kind) => graph.ofKind(kind).map((object) => object.value));
    return { kyverno, admission, bindings, params };
  });
}

/** Whether the set holds any policy (a workspace without one pays nothing more). */
export function hasPolicies(set: PolicySet): boolean {
  return set.kyverno.length > 0 || set.admission.length > 0;
}

const severityOf = (action: 'Enforce' | 'Audit'): SeverityName => (action === 'Enforce' ? 'error' : 'warning');

/** A Kyverno failure's path (`/spec/containers/0/image/`) as a path in the object, numbers for list items. */
function pathOf(path: string | undefined): (string | number)[] | undefined {
  if (!path) return undefined;
  const parts = path.split('/').filter((part) => part !== '');
  return parts.map((part) => (/^\d+$/.test(part) ? Number(part) : part));
}

/** How much of a path the object holds (a foreach's failure path is the element's, not the object's: often none). */
function heldPrefix(value: unknown, parts: readonly (string | number)[]): (string | number)[] {
  const held: (string | number)[] = [];
  let at = value;
  for (const part of parts) {
    if (at === null || typeof at !== 'object') break;
    const next: unknown = (at as Record<string | number, unknown>)[part];
    if (next === undefined) break;
    held.push(part);
    at = next;
  }
  return held;
}

/**
 * Where a foreach's element is in the object (the list's expression reads the object's own values: the same value), by
 * an iterative walk that visits each value once; none when the element is not one of them (a value the expression made).
 */
function pathTo(value: unknown, element: unknown): (string | number)[] | undefined {
  if (element === null || typeof element !== 'object') return undefined;
  // Each visited value with its parent's entry and its key: the path is made once, for the element found.
  const seen: { at: unknown; parent: number; key: string | number }[] = [{ at: value, parent: -1, key: '' }];
  for (let i = 0; i < seen.length; i++) {
    const { at } = seen[i];
    if (at === element) {
      const path: (string | number)[] = [];
      for (let j = i; j > 0; j = seen[j].parent) path.unshift(seen[j].key);
      return path;
    }
    if (at === null || typeof at !== 'object') continue;
    if (Array.isArray(at)) at.forEach((item: unknown, key) => seen.push({ at: item, parent: i, key }));
    else for (const [key, item] of Object.entries(at)) seen.push({ at: item, parent: i, key });
  }
  return undefined;
}

/** A failure's path in the object: a foreach's is its element's, prefixed with where the element is. */
function failedPath(resource: unknown, path: string | undefined, element: unknown): (string | number)[] {
  const own = pathOf(path) ?? [];
  if (element === undefined) return own;
  const at = pathTo(resource, element);
  return at ? [...at, ...own] : [];
}

/** Where the finding goes: the failed path's value (or the deepest key of it the object holds), else the object's kind. */
function placeAt(object: KubernetesObject, parts: readonly (string | number)[]): [number, number] {
  return parts.length > 0 ? locate(object, [...parts]) : locate(object, ['kind']);
}

/** A policy's outcome on an object, not yet placed: its finding's id, severity and message, and the failed path the object holds (empty: the object as a whole). */
export interface Violation {
  readonly code: string;
  readonly severity?: SeverityName;
  readonly message: string;
  readonly path: readonly (string | number)[];
}

/** A policy that could not be evaluated: the evaluation's message, naming the policy. */
function evaluationViolation(policy: string, rule: string, message: string): Violation {
  // Not a violation: what the policy would do is not known here (a warning whatever its action; its own line says why).
  return { code: policyRules.evaluation.id, message: t('Policy {0}/{1} could not be evaluated on this object: {2}', policy, rule, message), path: [] };
}

/** What every policy of the set says of one object (a value the object's file holds, or one a build made: `object.value`). */
export function policyViolations(object: KubernetesObject, set: PolicySet, isCancelled: () => boolean = () => false): Violation[] {
  if (POLICY_KINDS.includes(object.kind as (typeof POLICY_KINDS)[number]) || POLICY_GROUPS.test(`${object.apiVersion}/`)) return [];
  const violations: Violation[] = [];
  const resource = object.value;
  for (const { policy, scope } of set.kyverno) {
    if (isCancelled()) return violations;
    if (!object.uri.startsWith(scope)) continue;
    // One budget per policy and object: a hostile policy is cut with a finding naming it, the others still run.
    const { results } = applyPolicy(policy, resource, { budget: new Budget() });
    for (const result of results) {
      const rule = result.autogenOf ?? result.rule;
      if (result.status === 'fail') {
        violations.push({ code: `${VIOLATION_PREFIX}${policy.name}/${rule}`, severity: severityOf(result.action), message: result.message || t('Policy {0}/{1} is not met.', policy.name, rule), path: heldPrefix(resource, failedPath(resource, result.path, result.element)) });
      } else if (result.status === 'error') violations.push(evaluationViolation(policy.name, rule, result.message));
    }
  }
  for (const { policy, scope } of set.admission) {
    if (isCancelled()) return violations;
    if (!object.uri.startsWith(scope)) continue;
    let results;
    try {
      results = applyAdmissionPolicy(policy, set.bindings, resource, { operation: 'CREATE' }, set.params);
    } catch (error) {
      if (!(error instanceof BudgetExceeded || error instanceof CelProblem)) throw error;
      violations.push(evaluationViolation(policy.name, policy.name, error.message));
      continue;
    }
    for (const result of results) {
      const rule = result.binding || policy.name;
      if (result.status === 'fail') violations.push({ code: `${VIOLATION_PREFIX}${policy.name}/${rule}`, severity: severityOf(result.action), message: result.message, path: [] });
      else if (result.status === 'error') violations.push(evaluationViolation(policy.name, rule, result.message));
    }
  }
  return violations;
}

/** A violation as a finding on the object (its offsets relative to the object's document). */
export function placedOn(object: KubernetesObject, violation: Violation): Finding {
  const [start, end] = placeAt(object, violation.path);
  return { start, end, code: violation.code, ...(violation.severity ? { severity: violation.severity } : {}), message: violation.message };
}

/** The findings of every policy of the set on one object (its offsets relative to the object's document). */
export function policyFindings(object: KubernetesObject, set: PolicySet, isCancelled: () => boolean = () => false): Finding[] {
  return policyViolations(object, set, isCancelled).map((violation) => placedOn(object, violation));
}
