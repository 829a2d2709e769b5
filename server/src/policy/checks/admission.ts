/**
 * A ValidatingAdmissionPolicy applied to one object as the API server admits it, offline: each binding of the policy
 * (none: the policy alone, as `kyverno test` applies one) whose `matchResources` and the policy's `matchConstraints`
 * take the object, with its params (`paramRef` by name or selector among the objects the caller knows), the
 * `matchConditions`, the `variables` and then every validation in CEL; a validation false fails with its
 * `messageExpression`, its `message` or the expression. What needs the API server (`authorizer`) is not evaluated.
 */
import type { AdmissionBinding, AdmissionPolicy } from '../model/admission';
import { celUnderTemplate, isObject, type JsonObject } from '../model/kyverno';
import { CelProblem, evaluateCel, fromCel, toCel } from './cel';
import { identityOf, NAMESPACE_AT_APPLY, namespaceAtApply, selectorMatches, selectsSome, type RequestInfo, type ResourceIdentity } from './match';

export interface AdmissionResult {
  readonly policy: string;
  readonly binding: string;
  readonly status: 'pass' | 'fail' | 'skip' | 'error';
  readonly message: string;
  /** `Deny` is an error; `Warn` and `Audit` are warnings. */
  readonly action: 'Enforce' | 'Audit';
  readonly notEvaluated?: true;
}

/** The resource name of a kind (`Deployment` → `deployments`, `Ingress` → `ingresses`, `NetworkPolicy` → `networkpolicies`). */
export function resourceOf(kind: string): string {
  const lower = kind.toLowerCase();
  if (/(s|x|z|ch|sh)$/.test(lower)) return `${lower}es`;
  if (/[^aeiou]y$/.test(lower)) return `${lower.slice(0, -1)}ies`;
  return `${lower}s`;
}

const strings = (value: unknown): string[] => (Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : []);
const takes = (list: readonly string[], value: string): boolean => list.includes('*') || list.includes(value);

function ruleMatches(rule: unknown, identity: ResourceIdentity, operation: string): boolean {
  if (!isObject(rule)) return false;
  const resources = strings(rule.resources).map((item) => item.split('/')[0] ?? item);
  return takes(strings(rule.apiGroups), identity.group) && takes(strings(rule.apiVersions), identity.version) && takes(resources, resourceOf(identity.kind)) && takes(strings(rule.operations), operation);
}

/** Whether a `matchConstraints`/`matchResources` block takes the object (an absent block takes everything). */
function resourcesMatch(block: JsonObject | undefined, identity: ResourceIdentity, request: RequestInfo): boolean {
  if (!block) return true;
  if (Array.isArray(block.resourceRules) && !block.resourceRules.some((rule) => ruleMatches(rule, identity, request.operation))) return false;
  if (Array.isArray(block.excludeResourceRules) && block.excludeResourceRules.some((rule) => ruleMatches(rule, identity, request.operation))) return false;
  if (block.objectSelector !== undefined && !selectorMatches(block.objectSelector, identity.labels)) return false;
  if (block.namespaceSelector !== undefined && identity.namespace !== '') {
    const labels = request.namespaceLabels?.get(identity.namespace) ?? { 'kubernetes.io/metadata.name': identity.namespace };
    if (!selectorMatches(block.namespaceSelector, labels)) return false;
  }
  return true;
}

/** The params a binding names among the known objects: one by name, or every one its selector takes. */
function paramsOf(policy: AdmissionPolicy, binding: AdmissionBinding | undefined, identity: ResourceIdentity, known: readonly JsonObject[]): JsonObject[] | undefined {
  const kind = policy.paramKind;
  const ref = binding?.paramRef;
  if (!kind || !ref) return undefined;
  const namespace = typeof ref.namespace === 'string' ? ref.namespace : identity.namespace;
  return known.filter((object) => {
    const other = identityOf(object);
    if (object.kind !== kind.kind || (kind.apiVersion !== '' && object.apiVersion !== kind.apiVersion)) return false;
    if (other.namespace !== '' && namespace !== '' && other.namespace !== namespace) return false;
    if (typeof ref.name === 'string') return other.name === ref.name;
    return ref.selector === undefined || selectorMatches(ref.selector, other.labels);
  });
}

function requestOf(resource: JsonObject, identity: ResourceIdentity, request: RequestInfo): JsonObject {
  return {
    operation: request.operation,
    name: identity.name,
    namespace: identity.namespace,
    kind: { group: identity.group, version: identity.version, kind: identity.kind },
    resource: { group: identity.group, version: identity.version, resource: resourceOf(identity.kind) },
    userInfo: { username: request.username ?? '', groups: [...(request.groups ?? [])] },
    dryRun: false,
    object: resource,
  };
}

/** One evaluation of the policy (a binding and one param, or none). */
function evaluateOnce(policy: AdmissionPolicy, resource: JsonObject, identity: ResourceIdentity, request: RequestInfo, params: JsonObject | null): { status: 'pass' | 'fail' | 'skip'; message: string } {
  const bindings: Record<string, ReturnType<typeof toCel>> = {
    object: toCel(resource),
    oldObject: toCel(request.operation === 'UPDATE' ? resource : null),
    request: toCel(requestOf(resource, identity, request)),
    params: toCel(params),
    namespaceObject: toCel(identity.namespace === '' ? null : { apiVersion: 'v1', kind: 'Namespace', metadata: { name: identity.namespace, labels: request.namespaceLabels?.get(identity.namespace) ?? {} } }),
  };
  for (const condition of policy.matchConditions) if (evaluateCel(condition.expression, bindings) !== true) return { status: 'skip', message: `match condition ${condition.name} not met` };
  const variables = new Map<string, ReturnType<typeof toCel>>();
  bindings.variables = variables;
  for (const variable of policy.variables) variables.set(variable.name, evaluateCel(variable.expression, bindings) as ReturnType<typeof toCel>);
  for (const validation of policy.validations) {
    const value = evaluateCel(validation.expression, bindings);
    if (value === true) continue;
    if (value !== false) throw new CelProblem(`the validation "${validation.expression.slice(0, 120)}" must give a bool`, 'evaluation');
    let message = validation.message ?? `failed expression: ${validation.expression}`;
    if (validation.messageExpression !== undefined) {
      try {
        const written = fromCel(evaluateCel(validation.messageExpression, bindings));
        if (typeof written === 'string' && written.trim() !== '') message = written;
      } catch {
        // A message expression that fails falls back to the message, as the API server does.
      }
    }
    return { status: 'fail', message };
  }
  return { status: 'pass', message: `ValidatingAdmissionPolicy '${policy.name}' passed` };
}

const AUTHORIZER = /\bauthorizer\b/;

/** A ValidatingPolicy on Pods applied to a Pod controller (Kyverno's autogen): its expressions moved under the template, matched as a Pod. */
function autogenView(policy: AdmissionPolicy, identity: ResourceIdentity, resource: JsonObject): { policy: AdmissionPolicy; identity: ResourceIdentity } | undefined {
  const controller = resourceOf(identity.kind);
  if (!policy.autogen?.includes(controller)) return undefined;
  const template = controller === 'cronjobs' ? 'spec.jobTemplate.spec.template' : 'spec.template';
  const move = (text: string) => celUnderTemplate(text, template);
  const metadata = controller === 'cronjobs' ? (resource.spec as JsonObject | undefined)?.jobTemplate : resource.spec;
  const podTemplate = isObject(metadata) ? (controller === 'cronjobs' && isObject(metadata.spec) ? metadata.spec.template : metadata.template) : undefined;
  const labels = isObject(podTemplate) && isObject(podTemplate.metadata) ? identityOf({ metadata: podTemplate.metadata }).labels : {};
  return {
    policy: {
      ...policy,
      matchConditions: policy.matchConditions.map((item) => ({ ...item, expression: move(item.expression) })),
      variables: policy.variables.map((item) => ({ ...item, expression: move(item.expression) })),
      validations: policy.validations.map((item) => ({ ...item, expression: move(item.expression), ...(item.messageExpression !== undefined ? { messageExpression: move(item.messageExpression) } : {}) })),
    },
    identity: { ...identity, group: '', version: 'v1', kind: 'Pod', labels },
  };
}

/** The policy on one object, a result per binding that takes it (params from `known`). */
export function applyAdmissionPolicy(given: AdmissionPolicy, bindings: readonly AdmissionBinding[], resource: JsonObject, request: RequestInfo, known: readonly JsonObject[] = []): AdmissionResult[] {
  let policy = given;
  let identity = identityOf(resource);
  if (!resourcesMatch(policy.matchConstraints, identity, request)) {
    const view = autogenView(policy, identity, resource);
    if (!view || !resourcesMatch(policy.matchConstraints, view.identity, request)) return [];
    ({ policy, identity } = view);
  }
  const own = bindings.filter((binding) => binding.policyName === policy.name);
  const results: AdmissionResult[] = [];
  for (const binding of own.length > 0 ? own : [undefined]) {
    if (binding && !resourcesMatch(binding.matchResources, identity, request)) continue;
    const actions = binding?.validationActions ?? policy.validationActions ?? ['Deny'];
    const base = { policy: policy.name, binding: binding?.name ?? '', action: actions.includes('Deny') ? 'Enforce' : 'Audit' } as const;
    // A namespaced object naming none is in a namespace known only when it is applied: a namespace selector is not decided offline.
    if (namespaceAtApply(identity) && (selectsSome(policy.matchConstraints?.namespaceSelector) || selectsSome(binding?.matchResources?.namespaceSelector))) {
      results.push({ ...base, status: 'skip', message: NAMESPACE_AT_APPLY, notEvaluated: true });
      continue;
    }
    const expressions = [...policy.matchConditions, ...policy.variables, ...policy.validations].map((item) => `${item.expression} ${'messageExpression' in item ? item.messageExpression ?? '' : ''}`);
    if (expressions.some((text) => AUTHORIZER.test(text))) {
      results.push({ ...base, status: 'skip', message: 'the authorizer needs the API server: not evaluated offline', notEvaluated: true });
      continue;
    }
    const params = paramsOf(policy, binding, identity, known);
    if (params !== undefined && params.length === 0) {
      const deny = binding?.paramRef?.parameterNotFoundAction !== 'Allow';
      results.push({ ...base, status: deny ? 'fail' : 'skip', message: deny ? `no params found for binding ${binding?.name ?? ''}` : 'no params found: allowed' });
      continue;
    }
    let outcome: { status: 'pass' | 'fail' | 'skip' | 'error'; message: string; notEvaluated?: true } = { status: 'pass', message: '' };
    for (const param of params ?? [null]) {
      try {
        outcome = evaluateOnce(policy, resource, identity, request, param);
      } catch (error) {
        if (!(error instanceof CelProblem)) throw error;
        if (error.kind === 'unsupported') outcome = { status: 'skip', message: error.message, notEvaluated: true };
        // An object that names no namespace gets one when it is applied: its namespace object is not known offline.
        else if (identity.namespace === '' && expressions.some((text) => text.includes('namespaceObject'))) outcome = { status: 'skip', message: 'the namespace is set when the object is applied: namespaceObject not evaluated offline', notEvaluated: true };
        else outcome = policy.failurePolicy === 'Ignore' ? { status: 'skip', message: error.message } : { status: 'error', message: error.message };
      }
      if (outcome.status !== 'pass') break;
    }
    results.push({ ...base, ...outcome });
  }
  return results;
}
