/**
 * A Kyverno policy (`kyverno.io/v1` ClusterPolicy or Policy, also v2beta1) as the engine reads it: its rules, with
 * the rules Kyverno generates for Pod controllers (autogen) added, as `kyverno apply` and `kyverno test` see them.
 */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
export type JsonObject = { [key: string]: Json };

export function isObject(value: unknown): value is JsonObject {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A rule of a Kyverno policy (only what the engine reads is typed; the rest stays JSON). */
export interface KyvernoRule {
  readonly name: string;
  readonly match?: JsonObject;
  readonly exclude?: JsonObject;
  readonly context?: Json[];
  readonly preconditions?: Json;
  readonly validate?: JsonObject;
  readonly mutate?: JsonObject;
  readonly generate?: JsonObject;
  readonly verifyImages?: Json;
  /** The rule's own name when it is one Kyverno generated for Pod controllers (`autogen-<name>`). */
  readonly autogenOf?: string;
  readonly raw: JsonObject;
}

export interface KyvernoPolicy {
  readonly kind: 'ClusterPolicy' | 'Policy';
  readonly name: string;
  readonly namespace?: string;
  /** `Enforce` or `Audit` (the policy's, or a rule's own failureAction). */
  readonly failureAction: 'Enforce' | 'Audit';
  readonly rules: readonly KyvernoRule[];
  readonly annotations: Readonly<Record<string, string>>;
}

const KYVERNO_API = /^kyverno\.io\/v(1|2beta1|2)$/;

/** Whether a document is a Kyverno policy. */
export function isKyvernoPolicy(doc: unknown): doc is JsonObject {
  return isObject(doc) && typeof doc.apiVersion === 'string' && KYVERNO_API.test(doc.apiVersion) && (doc.kind === 'ClusterPolicy' || doc.kind === 'Policy');
}

function failureAction(spec: JsonObject): 'Enforce' | 'Audit' {
  const action = typeof spec.validationFailureAction === 'string' ? spec.validationFailureAction : 'Audit';
  return action.toLowerCase() === 'enforce' ? 'Enforce' : 'Audit';
}

/** The policy's rules as read from its document (undefined when it is not a policy). */
export function readKyvernoPolicy(doc: JsonObject): KyvernoPolicy | undefined {
  if (!isKyvernoPolicy(doc)) return undefined;
  const metadata = isObject(doc.metadata) ? doc.metadata : {};
  const spec = isObject(doc.spec) ? doc.spec : {};
  const annotations: Record<string, string> = {};
  if (isObject(metadata.annotations)) for (const [key, value] of Object.entries(metadata.annotations)) if (typeof value === 'string') annotations[key] = value;
  const rules: KyvernoRule[] = [];
  for (const raw of Array.isArray(spec.rules) ? spec.rules : []) {
    if (!isObject(raw) || typeof raw.name !== 'string') continue;
    rules.push(ruleOf(raw));
  }
  const withAutogen = [...rules, ...autogenRules(rules, annotations)];
  return {
    kind: doc.kind as 'ClusterPolicy' | 'Policy',
    name: typeof metadata.name === 'string' ? metadata.name : '',
    ...(typeof metadata.namespace === 'string' ? { namespace: metadata.namespace } : {}),
    failureAction: failureAction(spec),
    rules: withAutogen,
    annotations,
  };
}

function ruleOf(raw: JsonObject, autogenOf?: string): KyvernoRule {
  return {
    name: raw.name as string,
    ...(isObject(raw.match) ? { match: raw.match } : {}),
    ...(isObject(raw.exclude) ? { exclude: raw.exclude } : {}),
    ...(Array.isArray(raw.context) ? { context: raw.context } : {}),
    ...(raw.preconditions !== undefined ? { preconditions: raw.preconditions } : {}),
    ...(isObject(raw.validate) ? { validate: raw.validate } : {}),
    ...(isObject(raw.mutate) ? { mutate: raw.mutate } : {}),
    ...(isObject(raw.generate) ? { generate: raw.generate } : {}),
    ...(raw.verifyImages !== undefined ? { verifyImages: raw.verifyImages } : {}),
    ...(autogenOf !== undefined ? { autogenOf } : {}),
    raw,
  };
}

const POD_CONTROLLERS = ['DaemonSet', 'Deployment', 'Job', 'StatefulSet', 'ReplicaSet', 'ReplicationController'];

/** The resource filters of a match or exclude block (`any`, `all`, or the legacy single one). */
export function resourceFilters(block: JsonObject | undefined): JsonObject[] {
  if (!block) return [];
  const filters: JsonObject[] = [];
  for (const key of ['any', 'all']) if (Array.isArray(block[key])) for (const item of block[key]) if (isObject(item)) filters.push(item);
  if (isObject(block.resources) || block.subjects !== undefined || block.roles !== undefined || block.clusterRoles !== undefined) filters.push(block);
  return filters;
}

/**
 * Which controllers Kyverno generates rules for: every Pod controller, unless the policy's
 * `pod-policies.kyverno.io/autogen-controllers` annotation names some (or `none`), and only when every rule matching Pods
 * names no resource by name, selector or annotation (Kyverno's own conditions).
 */
function autogenControllers(rules: readonly KyvernoRule[], annotations: Readonly<Record<string, string>>): { controllers: string[]; cronJob: boolean } {
  const none = { controllers: [], cronJob: false };
  const annotation = annotations['pod-policies.kyverno.io/autogen-controllers'];
  if (annotation !== undefined && annotation.trim().toLowerCase() === 'none') return none;
  const named = annotation === undefined ? [...POD_CONTROLLERS, 'CronJob'] : annotation.split(',').map((item) => item.trim());
  for (const rule of rules) {
    if (rule.generate || rule.verifyImages !== undefined) return none;
    if (rule.mutate && rule.mutate.patchesJson6902 !== undefined) return none;
    for (const filter of [...resourceFilters(rule.match), ...resourceFilters(rule.exclude)]) {
      const resources = isObject(filter.resources) ? filter.resources : {};
      const kinds = Array.isArray(resources.kinds) ? resources.kinds : [];
      if (!kinds.every((kind) => typeof kind === 'string' && (kind === 'Pod' || kind === 'v1/Pod' || kind === '/v1/Pod'))) return none;
      if (resources.name !== undefined || resources.names !== undefined || resources.selector !== undefined || resources.annotations !== undefined) return none;
    }
  }
  return { controllers: named.filter((kind) => POD_CONTROLLERS.includes(kind)), cronJob: named.includes('CronJob') };
}

/** A JSON value with every `request.object.spec`/`metadata` reference moved under the template (as Kyverno's autogen rewrites the rule's text). */
function rewriteReferences(value: Json, template: string): Json {
  const text = JSON.stringify(value)
    .replace(/request\.object\.spec/g, `request.object.${template}.spec`)
    .replace(/request\.object\.metadata/g, `request.object.${template}.metadata`);
  return JSON.parse(text) as Json;
}

/** A pattern (or a list of them) nested under the controller's template. */
function nestPattern(pattern: Json, path: readonly string[]): Json {
  if (!isObject(pattern)) return pattern;
  let nested: Json = pattern;
  for (const key of [...path].reverse()) nested = { [key]: nested };
  return nested;
}

/** A CEL text with the Pod's `object.spec`/`object.metadata` moved under a controller's template (Kyverno's autogen for CEL). */
export function celUnderTemplate(text: string, template: string): string {
  return text.replace(/(^|[^\w.])object\.(spec|metadata)\b/g, `$1object.${template}.$2`);
}

function rewriteCel(cel: Json, template: string): Json {
  return JSON.parse(celUnderTemplate(JSON.stringify(cel), template)) as Json;
}

function rewriteValidate(validate: JsonObject, path: readonly string[], template: string): JsonObject {
  const result: JsonObject = { ...validate };
  if (validate.pattern !== undefined) result.pattern = nestPattern(validate.pattern, path);
  if (Array.isArray(validate.anyPattern)) result.anyPattern = validate.anyPattern.map((item) => nestPattern(item, path));
  if (validate.cel !== undefined) result.cel = rewriteCel(validate.cel, template);
  return rewriteReferences(result, template) as JsonObject;
}

function autogenRule(rule: KyvernoRule, kinds: string[], prefix: string, path: readonly string[], template: string): KyvernoRule {
  const swapKinds = (block: JsonObject | undefined): JsonObject | undefined => {
    if (!block) return undefined;
    const copy = JSON.parse(JSON.stringify(block)) as JsonObject;
    for (const filter of resourceFilters(copy)) if (isObject(filter.resources)) filter.resources.kinds = kinds;
    return copy;
  };
  const raw: JsonObject = { ...rule.raw, name: `${prefix}${rule.name}` };
  const match = swapKinds(rule.match);
  const exclude = swapKinds(rule.exclude);
  if (match) raw.match = match;
  if (exclude) raw.exclude = exclude;
  if (rule.preconditions !== undefined) raw.preconditions = rewriteReferences(rule.preconditions, template);
  if (rule.context) raw.context = rewriteReferences(rule.context, template);
  if (rule.validate) raw.validate = rewriteValidate(rule.validate, path, template);
  if (rule.raw.celPreconditions !== undefined) raw.celPreconditions = rewriteCel(rule.raw.celPreconditions, template);
  if (rule.mutate) raw.mutate = rewriteValidate(rule.mutate, path, template);
  return ruleOf(raw, rule.name);
}

function autogenRules(rules: readonly KyvernoRule[], annotations: Readonly<Record<string, string>>): KyvernoRule[] {
  const { controllers, cronJob } = autogenControllers(rules, annotations);
  const generated: KyvernoRule[] = [];
  const podRules = rules.filter((rule) => rule.validate || rule.mutate);
  if (controllers.length > 0) for (const rule of podRules) generated.push(autogenRule(rule, controllers, 'autogen-', ['spec', 'template'], 'spec.template'));
  if (cronJob) for (const rule of podRules) generated.push(autogenRule(rule, ['CronJob'], 'autogen-cronjob-', ['spec', 'jobTemplate', 'spec', 'template'], 'spec.jobTemplate.spec.template'));
  return generated;
}
