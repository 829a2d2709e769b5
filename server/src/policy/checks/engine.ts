/**
 * A Kyverno policy applied to one resource, as `kyverno apply` and `kyverno test` apply it offline: per rule, whether it
 * matches, its context, its preconditions and its validation (`pattern`, `anyPattern`, `deny`, `foreach`), each a
 * result `pass`, `fail`, `skip` (with why: not matched, preconditions, anchors, a cluster lookup not available) or
 * `error`. What the engine does not evaluate (podSecurity, manifests, generate, verifyImages) is `unsupported`; `validate.cel` is
 * evaluated as a ValidatingAdmissionPolicy's validations.
 */
import { isObject, type Json, type JsonObject, type KyvernoPolicy, type KyvernoRule } from '../model/kyverno';
import { Budget, BudgetExceeded } from './budget';
import { evaluateConditions } from './conditions';
import { imagesOf } from './images';
import { evaluateJmesPath, JmesPathError } from './jmespath';
import { blockMatches, dependsOnNamespace, identityOf, NAMESPACE_AT_APPLY, namespaceAtApply, type RequestInfo } from './match';
import { matchPattern } from './pattern';
import { NotEvaluated, substituteAll, substituteString, VariableError, type VariableScope } from './variables';
import { isFunctionError } from './kyvernoFunctions';
import { mutateBlock } from './mutate';
import { foreachElements } from './foreach';
import { applyAdmissionPolicy } from './admission';
import { readAdmissionPolicy } from '../model/admission';

export type RuleStatus = 'pass' | 'fail' | 'skip' | 'error' | 'unsupported';

export interface RuleResult {
  readonly policy: string;
  /** The rule's name as the policy says it (`autogen-…` for the rules Kyverno generates for Pod controllers). */
  readonly rule: string;
  /** For a generated rule: the rule it was made from. */
  readonly autogenOf?: string;
  readonly status: RuleStatus;
  readonly message: string;
  /** Enforce or Audit: what a failure of this rule is. */
  readonly action: 'Enforce' | 'Audit';
  /** A skip because the rule needs what only a cluster knows (an API call, a ConfigMap): the result is not known offline. */
  readonly notEvaluated?: true;
  /** Where the pattern failed (`/spec/containers/0/image/`), when it did. */
  readonly path?: string;
  /** Inside a foreach: the element `path` is relative to (one of the resource's values, as the list's expression read it). */
  readonly element?: unknown;
  /** A mutate rule's resource as patched (the policy's rules before it applied too). */
  readonly patched?: JsonObject;
}

/** What a run gives the engine besides the policy and the resource. */
export interface ApplyOptions {
  readonly request?: Partial<RequestInfo>;
  /** Values for variables (kyverno test's values: globalValues, the policy's rule values, the resource's), by dotted name. */
  readonly values?: Readonly<Record<string, unknown>>;
  readonly now?: () => Date;
  readonly budget?: Budget;
}

const UNSUPPORTED_VALIDATE = ['podSecurity', 'manifests', 'assert'] as const;

/** Kyverno's `validate.cel` (variables and expressions, as a ValidatingAdmissionPolicy's) on the resource. */
function celOutcome(policy: string, cel: JsonObject, conditions: Json | undefined, resource: JsonObject, request: RequestInfo): { status: RuleStatus; message: string; notEvaluated?: true } {
  if (cel.paramKind !== undefined || cel.paramRef !== undefined) return { status: 'unsupported', message: 'validate.cel params need a cluster: not evaluated' };
  const read = readAdmissionPolicy({ apiVersion: 'admissionregistration.k8s.io/v1', kind: 'ValidatingAdmissionPolicy', metadata: { name: policy }, spec: { matchConditions: conditions ?? [], variables: cel.variables ?? [], validations: cel.expressions ?? [] } });
  const result = read ? applyAdmissionPolicy(read, [], resource, request)[0] : undefined;
  if (!result) return { status: 'error', message: 'validate.cel needs expressions' };
  if (result.status === 'skip' && !result.notEvaluated) return { status: 'skip', message: 'preconditions not met' };
  return { status: result.status, message: result.status === 'pass' ? '' : result.message, ...(result.notEvaluated ? { notEvaluated: true } : {}) };
}

/** A dotted name's value set in a JSON tree (`request.operation` → {request: {operation}}). */
function setPath(target: Record<string, unknown>, dotted: string, value: unknown): void {
  const parts = dotted.split('.');
  let at = target;
  for (const part of parts.slice(0, -1)) {
    const next = at[part];
    if (next === null || typeof next !== 'object' || Array.isArray(next)) at[part] = {};
    at = at[part] as Record<string, unknown>;
  }
  at[parts[parts.length - 1] ?? ''] = value;
}

function requestData(resource: JsonObject, request: RequestInfo): Record<string, unknown> {
  const identity = identityOf(resource);
  const username = request.username ?? '';
  const serviceAccount = /^system:serviceaccount:([^:]*):(.*)$/.exec(username);
  return {
    request: {
      object: resource,
      oldObject: null,
      operation: request.operation,
      name: identity.name,
      namespace: identity.namespace,
      kind: { group: identity.group, version: identity.version, kind: identity.kind },
      // Only what the run was given: kyverno test's request has no groups or roles unless its user info names them.
      userInfo: { username, ...(request.groups ? { groups: request.groups } : {}) },
      ...(request.roles ? { roles: request.roles } : {}),
      ...(request.clusterRoles ? { clusterRoles: request.clusterRoles } : {}),
    },
    serviceAccountName: serviceAccount?.[2] ?? '',
    serviceAccountNamespace: serviceAccount?.[1] ?? '',
    images: imagesOf(resource),
  };
}

/** A rule's context entries added to the scope's data: `variable` evaluated; a cluster lookup taken from the values, or not available. */
function addContext(rule: KyvernoRule, scope: VariableScope & { unavailable: Set<string> }, values: Readonly<Record<string, unknown>>): void {
  for (const entry of rule.context ?? []) {
    if (!isObject(entry) || typeof entry.name !== 'string') continue;
    const name = entry.name;
    if (Object.keys(values).some((key) => key === name || key.startsWith(`${name}.`))) continue;
    if (isObject(entry.variable)) {
      const variable = entry.variable;
      let value: unknown = variable.value === undefined ? null : substituteAll(variable.value, scope);
      if (typeof variable.jmesPath === 'string') {
        const path = String(substituteString(variable.jmesPath, scope));
        try {
          value = evaluateJmesPath(path, variable.value === undefined ? scope.data : value, scope.now);
        } catch (error) {
          if (variable.default === undefined) throw error;
          value = null;
        }
      }
      if ((value === null || value === undefined) && variable.default !== undefined) value = substituteAll(variable.default, scope);
      setPath(scope.data, name, value);
    } else scope.unavailable.add(name.split('.')[0] ?? name);
  }
}

interface Outcome {
  readonly status: 'pass' | 'fail' | 'skip' | 'error';
  readonly message: string;
  readonly path?: string;
  /** Inside a foreach: the element `path` is relative to. */
  readonly element?: unknown;
  /** The rule's message for a failure inside a foreach, written while its element was in scope. */
  readonly rendered?: string;
}

/** Writes a failure's message (the rule's message with the scope of the failure). */
type Render = (outcome: Outcome) => string;

function messageOf(validate: JsonObject, scope: VariableScope): string {
  if (typeof validate.message !== 'string') return '';
  try {
    const text = substituteString(validate.message, scope);
    return typeof text === 'string' ? text : JSON.stringify(text);
  } catch {
    return validate.message;
  }
}

function patternOutcome(resource: unknown, pattern: unknown, scope: VariableScope): Outcome {
  const substituted = substituteAll(pattern, scope);
  const error = matchPattern(resource, substituted, scope.budget);
  if (!error) return { status: 'pass', message: '' };
  if (error.kind === 'condition' || error.kind === 'global') return { status: 'skip', message: error.message };
  return { status: 'fail', message: error.message, path: error.path };
}

/** A validate block (the rule's, or a foreach entry's) on `resource` (the object, or the element). */
function validateBlock(validate: JsonObject, resource: unknown, scope: VariableScope, depth: number, render: Render): Outcome {
  scope.budget.depth(depth);
  if (validate.pattern !== undefined) return patternOutcome(resource, validate.pattern, scope);
  if (Array.isArray(validate.anyPattern)) {
    let skipped = 0;
    let failure: Outcome | undefined;
    for (const pattern of validate.anyPattern) {
      const outcome = patternOutcome(resource, pattern, scope);
      if (outcome.status === 'pass') return outcome;
      if (outcome.status === 'skip') skipped++;
      else failure ??= outcome;
    }
    return skipped === validate.anyPattern.length ? { status: 'skip', message: 'no pattern applies' } : { status: 'fail', message: failure?.message ?? '', ...(failure?.path ? { path: failure.path } : {}) };
  }
  if (isObject(validate.deny)) {
    const outcome = evaluateConditions(validate.deny.conditions, scope);
    return outcome.holds ? { status: 'fail', message: outcome.message ?? '' } : { status: 'pass', message: '' };
  }
  if (Array.isArray(validate.foreach)) return foreachOutcome(validate.foreach, scope, depth + 1, render);
  return { status: 'error', message: 'a validate rule needs pattern, anyPattern, deny or foreach' };
}

function foreachOutcome(entries: readonly unknown[], scope: VariableScope, depth: number, render: Render): Outcome {
  let applied = 0;
  for (const entry of entries) {
    const elements = foreachElements(entry, scope);
    if (elements === undefined || !isObject(entry)) continue;
    const saved = { element: scope.data.element, elementIndex: scope.data.elementIndex };
    try {
      for (let index = 0; index < elements.length; index++) {
        scope.budget.step();
        const element: unknown = elements[index];
        scope.data.element = element;
        scope.data.elementIndex = index;
        if (entry.context !== undefined && Array.isArray(entry.context)) addContext({ name: '', context: entry.context, raw: {} }, scope as VariableScope & { unavailable: Set<string> }, {});
        if (entry.preconditions !== undefined && !evaluateConditions(entry.preconditions, scope).holds) continue;
        const target: unknown = entry.elementScope === false ? (scope.data.request as Record<string, unknown>).object : element;
        const outcome = validateBlock(entry, target, scope, depth, render);
        // The innermost element the path is relative to (none when the entry validates the object itself).
        const failed = outcome.status === 'fail' && outcome.element === undefined && entry.elementScope !== false ? { ...outcome, element } : outcome;
        if (failed.status === 'fail') return failed.rendered === undefined ? { ...failed, rendered: render(failed) } : failed;
        if (outcome.status === 'error') return outcome;
        if (outcome.status === 'skip') continue;
        applied++;
      }
    } finally {
      scope.data.element = saved.element;
      scope.data.elementIndex = saved.elementIndex;
    }
  }
  return applied === 0 ? { status: 'skip', message: 'rule skipped: no element of the lists applies' } : { status: 'pass', message: '' };
}

function failureMessage(validate: JsonObject, outcome: Outcome, rule: string, scope: VariableScope): string {
  const message = messageOf(validate, scope);
  if (outcome.path) return message ? `validation error: ${message}. rule ${rule} failed at path ${outcome.path}` : `validation error: rule ${rule} failed at path ${outcome.path}`;
  return message || outcome.message;
}

/** One rule on one resource (undefined when its match does not take the resource). */
export function applyRule(policy: KyvernoPolicy, rule: KyvernoRule, resource: JsonObject, options: ApplyOptions = {}): RuleResult | undefined {
  const request: RequestInfo = { operation: 'CREATE', ...options.request };
  const identity = identityOf(resource);
  if (policy.kind === 'Policy' && policy.namespace !== undefined && identity.namespace !== '' && identity.namespace !== policy.namespace) return undefined;
  // A namespaced object naming none is in a namespace known only when it is applied: its namespace filters take any.
  const atApply = namespaceAtApply(identity);
  if (!blockMatches(rule.match, identity, request, atApply)) return undefined;
  const action = isObject(rule.validate) && typeof rule.validate.failureAction === 'string' ? (rule.validate.failureAction.toLowerCase() === 'enforce' ? 'Enforce' : 'Audit') : policy.failureAction;
  const base = { policy: policy.name, rule: rule.name, ...(rule.autogenOf !== undefined ? { autogenOf: rule.autogenOf } : {}), action } as const;
  if (atApply && (dependsOnNamespace(rule.match) || (dependsOnNamespace(rule.exclude) && blockMatches(rule.exclude, identity, request, true)))) return { ...base, status: 'skip', message: NAMESPACE_AT_APPLY, notEvaluated: true };
  if (rule.exclude && blockMatches(rule.exclude, identity, request)) return { ...base, status: 'skip', message: 'rule excluded' };
  const validate = rule.validate;
  const mutate = rule.mutate;
  if (mutate?.targets !== undefined) return { ...base, status: 'unsupported', message: 'mutate.targets (existing resources) needs a cluster: not evaluated' };
  if (!validate && !mutate) return { ...base, status: 'unsupported', message: rule.generate ? 'generate rules need a cluster: not evaluated' : 'verifyImages needs a registry: not evaluated' };
  const unsupported = validate && UNSUPPORTED_VALIDATE.find((key) => validate[key] !== undefined);
  if (unsupported) return { ...base, status: 'unsupported', message: `validate.${unsupported} is not evaluated` };
  const values = options.values ?? {};
  const data = requestData(resource, request);
  for (const [name, value] of Object.entries(values)) setPath(data, name, value);
  // An UPDATE with no old object given (kyverno test's values set only the operation): the object is its own old version.
  const given = data.request as Record<string, unknown>;
  if (given.operation === 'UPDATE' && (given.oldObject === null || given.oldObject === undefined)) given.oldObject = resource;
  const scope = { data, unavailable: new Set<string>(), now: options.now ?? (() => new Date()), budget: options.budget ?? new Budget() };
  try {
    addContext(rule, scope, values);
    const pre = evaluateConditions(rule.preconditions, scope);
    if (!pre.holds) return { ...base, status: 'skip', message: 'preconditions not met' };
    if (!validate) {
      const mutated = mutate ? mutateBlock(mutate, resource, scope) : undefined;
      return { ...base, status: mutated?.status ?? 'skip', message: mutated?.message ?? '', ...(mutated?.status === 'pass' ? { patched: mutated.patched } : {}) };
    }
    if (isObject(validate.cel)) {
      const cel = celOutcome(policy.name, validate.cel, rule.raw.celPreconditions, resource, request);
      return { ...base, status: cel.status, message: cel.status === 'pass' ? `validation rule '${rule.name}' passed.` : cel.message, ...(cel.notEvaluated ? { notEvaluated: true } : {}) };
    }
    const render: Render = (failed) => failureMessage(validate, failed, rule.name, scope);
    const outcome = validateBlock(validate, resource, scope, 0, render);
    if (outcome.status === 'fail') return { ...base, status: 'fail', message: outcome.rendered ?? render(outcome), ...(outcome.path ? { path: outcome.path } : {}), ...(outcome.element !== undefined ? { element: outcome.element } : {}) };
    return { ...base, status: outcome.status, message: outcome.status === 'pass' ? `validation rule '${rule.name}' passed.` : outcome.message };
  } catch (error) {
    if (error instanceof NotEvaluated) return { ...base, status: 'skip', message: error.message, notEvaluated: true };
    if (error instanceof BudgetExceeded) return { ...base, status: 'error', message: `policy ${policy.name}/${rule.name}: ${error.message}` };
    if (error instanceof JmesPathError || error instanceof VariableError || isFunctionError(error)) return { ...base, status: 'error', message: error instanceof Error ? error.message : String(error) };
    throw error;
  }
}

/**
 * Every rule of a policy on one resource (the rules that do not match it give nothing): the mutate rules first, in
 * order, each on the resource as the ones before it patched it, then the validate rules on the patched resource, as
 * Kyverno's admission runs them.
 */
export function applyPolicy(policy: KyvernoPolicy, resource: JsonObject, options: ApplyOptions = {}): { results: RuleResult[]; patched: JsonObject } {
  const budget = options.budget ?? new Budget();
  const results: RuleResult[] = [];
  let current = resource;
  for (const rule of policy.rules.filter((item) => item.mutate && !item.validate)) {
    const result = applyRule(policy, rule, current, { ...options, budget });
    if (!result) continue;
    results.push(result);
    if (result.patched) current = result.patched;
  }
  for (const rule of policy.rules.filter((item) => !(item.mutate && !item.validate))) {
    const result = applyRule(policy, rule, current, { ...options, budget });
    if (result) results.push(result);
  }
  return { results, patched: current };
}
