/**
 * `terraform validate`'s checks of values and references against what a module declares and what
 * its providers' schemas say, in Terraform's words:
 * - an argument's value of a type the schema's does not convert from ("Incorrect attribute value
 *   type", go-cty's conversion messages: valueTypes.ts);
 * - a resource, data source or module call with `count` or `for_each` read without an instance key
 *   ("Missing resource instance key"; for a module call, "Can't access attributes on a list of objects");
 * - an attribute a resource or data source does not have ("Unsupported attribute", with Terraform's
 *   suggestion: the first name, in order, at fewer than three edits);
 * - in a `for_each` that is a for expression over a variable typed as a collection of objects, an
 *   attribute of the iterated object its type does not declare (`{ for o in var.objs : o.nme => o }`).
 * Schema findings are errors when the schema is the version the module runs, else warnings saying
 * so (schemaChecks.ts's caveat); the instance keys need no schema: always errors.
 */
import { t } from '../../l10n/t';
import type { WorkspaceIndex } from '../../workspace/index';
import { declared, type Declaration, type TerraformModule } from '../model/model';
import { normalSource, type BlockSchema, type ProviderSchema, type ProviderSchemas } from '../model/providerSchemas';
import { moduleReferences } from '../model/references';
import { readType } from '../model/types';
import { conversionError, ctyOfConstraint, knownOf, type Known, type Resolver } from '../model/valueTypes';
import { allBlocks, attribute, childExpressions, type Body, type Expr, type Step } from '../syntax/syntax';
import { lockedVersions, providerLocalName, resolveProvider, type Resolved } from './schemaChecks';
import type { Located } from './referenceChecks';
import { terraformRules } from './rules';
import { withFix } from '../editor/fixes';

const r = terraformRules;

type SchemaOf = (d: Declaration) => { block: BlockSchema; caveat: string | undefined; narrower?: boolean } | undefined;

/** A finding, a warning with the caveat when the schema may not be the version run. */
function located(uri: string, span: { start: number; end: number }, code: string, message: string, caveat?: string, data?: unknown): Located {
  return { uri, finding: { start: span.start, end: span.end, code, message: caveat ? `${message} ${caveat}` : message, ...(caveat ? { severity: 'warning' as const } : {}), ...(data ? { data } : {}) } };
}

const repetitions = new WeakMap<TerraformModule, Map<string, 'count' | 'for_each'>>();

/** Whether a declaration (or an override of it) sets count or for_each, and which. */
function repetition(module: TerraformModule, d: Declaration): 'count' | 'for_each' | undefined {
  let known = repetitions.get(module);
  if (!known) {
    known = new Map();
    for (const each of module.declarations) {
      const key = `${each.kind}:${each.key}`;
      if (known.has(key)) continue;
      if (attribute(each.block.body, 'count')) known.set(key, 'count');
      else if (attribute(each.block.body, 'for_each')) known.set(key, 'for_each');
    }
    repetitions.set(module, known);
  }
  return known.get(`${d.kind}:${d.key}`);
}

/** Terraform's didyoumean.NameSuggestion: the first candidate, in sorted order, at a Levenshtein distance under 3. */
function nameSuggestion(name: string, candidates: readonly string[]): string | undefined {
  for (const candidate of [...candidates].sort()) if (distance(name, candidate) < 3) return candidate;
  return undefined;
}

function distance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) >= 3) return 3;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}

const ADDRESS: Record<string, string> = { resource: '', data: 'data.', ephemeral: 'ephemeral.' };

/** Instance keys and attributes of the references to resources, data sources and module calls. */
function referenceFindings(module: TerraformModule, schemaOf: SchemaOf, out: Located[]): void {
  for (const ref of moduleReferences(module)) {
    if (!ref.target || ref.invalid) continue;
    const { kind } = ref.target;
    if (kind !== 'resource' && kind !== 'data' && kind !== 'ephemeral' && kind !== 'module') continue;
    const d = module.byKind.get(kind)?.get(ref.target.key)?.[0];
    if (!d) continue;
    const tail = ref.tail ?? [];
    const repeated = repetition(module, d);
    if (kind === 'module') {
      if (repeated && ref.attr && tail[0]?.kind === 'attr') {
        const what = repeated === 'count' ? 'list' : 'map';
        out.push(located(ref.uri, { start: ref.span.start, end: tail[0].end }, r.instanceKey.id, t('Unsupported attribute: Can\'t access attributes on a {0} of objects. Did you mean to access attribute "{1}" for a specific element of the {0}, or across all elements of the {0}?', what, tail[0].name)));
      }
      continue;
    }
    const address = `${ADDRESS[kind]}${ref.target.key}`;
    if (repeated && tail[0]?.kind === 'attr') {
      const key = repeated === 'count' ? 'count.index' : 'each.key';
      out.push(located(ref.uri, { start: ref.span.start, end: tail[0].end }, r.instanceKey.id, t('Missing resource instance key: Because {0} has "{1}" set, its attributes must be accessed on specific instances.\n\nFor example, to correlate with indices of a referring resource, use:\n    {0}[{2}]', address, repeated, key)));
      continue;
    }
    const attr = firstAttribute(tail, repeated !== undefined);
    if (!attr) continue;
    const schema = schemaOf(d);
    if (!schema) continue;
    const { attributes, blocks } = schema.block;
    if (Object.hasOwn(attributes, attr.name) || Object.hasOwn(blocks, attr.name)) continue;
    const near = nameSuggestion(attr.name, [...Object.keys(attributes), ...Object.keys(blocks)]);
    // Read with a narrower provider's schema (google-beta's with google's), a name without a near one may be the wider provider's own.
    if (schema.narrower && !near) continue;
    const message = near
      ? t('Unsupported attribute: This object has no argument, nested block, or exported attribute named "{0}". Did you mean "{1}"?', attr.name, near)
      : t('Unsupported attribute: This object has no argument, nested block, or exported attribute named "{0}".', attr.name);
    out.push(located(ref.uri, attr, r.unsupportedAttribute.id, message, schema.caveat, near ? withFix(t('Change to "{0}"', near), [{ start: attr.start, end: attr.end, newText: near }]) : undefined));
  }
}

/** The attribute a reference reads of a resource's object: after its instance key or splat when it has them. */
function firstAttribute(tail: readonly Step[], repeated: boolean): Extract<Step, { kind: 'attr' }> | undefined {
  const [first, second] = tail;
  if (!first) return undefined;
  if (first.kind === 'attr') return repeated ? undefined : first;
  return second?.kind === 'attr' ? second : undefined;
}

/** What the module's names are known to give: typed variables, locals, resources' typed attributes, count.index and each.key. */
function resolver(module: TerraformModule, schemaOf: SchemaOf): Resolver {
  const variables = declared(module, 'variable');
  const locals = declared(module, 'local');
  const self: Resolver = {
    traversal: (expr, depth) => {
      const [first, second] = expr.steps;
      const name = expr.root.name;
      if (name === 'count' && first?.kind === 'attr' && first.name === 'index' && !second) return { kind: 'number' };
      if (name === 'each' && first?.kind === 'attr' && first.name === 'key' && !second) return { kind: 'string' };
      if ((name === 'var' || name === 'local') && first?.kind === 'attr' && !second) {
        if (name === 'local') {
          const local = locals.get(first.name)?.[0]?.attribute;
          return local ? knownOf(local.expr, self, depth + 1) : undefined;
        }
        const type = attribute(variables.get(first.name)?.[0]?.block.body ?? { attributes: [], blocks: [] }, 'type');
        const reading = type ? readType(type.expr) : undefined;
        return reading && 'type' in reading ? typedKnown(ctyOfConstraint(reading.type)) : undefined;
      }
      // A resource's or data source's attribute, typed by the schema (its instance read by key).
      const data = name === 'data';
      const steps = data ? expr.steps.slice(1) : expr.steps;
      const typeName = data ? (first?.kind === 'attr' ? first.name : undefined) : name;
      const nameStep = steps[0];
      if (!typeName || nameStep?.kind !== 'attr') return undefined;
      const d = module.byKind.get(data ? 'data' : 'resource')?.get(`${typeName}.${nameStep.name}`)?.[0];
      if (!d) return undefined;
      const repeated = repetition(module, d) !== undefined;
      const rest = steps.slice(1);
      const attr = repeated ? (rest[0]?.kind === 'index' ? rest[1] : undefined) : rest[0];
      if (attr?.kind !== 'attr' || rest.indexOf(attr) !== rest.length - 1) return undefined;
      const type = schemaOf(d)?.block.attributes[attr.name]?.type;
      return type === undefined ? undefined : typedKnown(type);
    },
  };
  return self;
}

/** A value of a declared type: primitives as such, anything else typed. */
function typedKnown(type: import('../model/providerSchemas').CtyType): Known | undefined {
  if (type === 'dynamic') return undefined;
  if (type === 'string' || type === 'number' || type === 'bool') return { kind: type };
  return { kind: 'typed', type };
}

/** Arguments' values against the schema's types, nested blocks included (a dynamic block's content reads its iterator: not known). */
function typeFindings(module: TerraformModule, schemaOf: SchemaOf, known: Resolver, out: Located[]): void {
  for (const d of module.declarations) {
    if (d.kind !== 'resource' && d.kind !== 'data' && d.kind !== 'ephemeral') continue;
    const schema = schemaOf(d);
    if (!schema) continue;
    const stack: { body: Body; block: BlockSchema }[] = [{ body: d.block.body, block: schema.block }];
    while (stack.length > 0) {
      const { body, block } = stack.pop()!;
      for (const a of body.attributes) {
        const spec = Object.hasOwn(block.attributes, a.name) ? block.attributes[a.name] : undefined;
        if (!spec || !(spec.required || spec.optional)) continue;
        const problem = conversionError(knownOf(a.expr, known), spec.type);
        if (problem) out.push(located(d.uri, valueSpan(a.expr), r.attributeType.id, t('Incorrect attribute value type: Inappropriate value for attribute "{0}": {1}.', a.name, problem), schema.caveat));
      }
      for (const nested of body.blocks) {
        if (nested.type === 'dynamic' || !Object.hasOwn(block.blocks, nested.type)) continue;
        const inner = block.blocks[nested.type].block;
        if (inner) stack.push({ body: nested.body, block: inner });
      }
    }
  }
}

function valueSpan(expr: Expr): { start: number; end: number } {
  return { start: expr.start, end: expr.end };
}

/**
 * hashicorp/google-beta read with hashicorp/google's schema (Archipel bundles no google-beta):
 * google-beta has every argument and attribute google has, with the same types, and more.
 */
function betaFallback(module: TerraformModule, local: string, schemas: ProviderSchemas): (Resolved & { narrower: true }) | undefined {
  if (normalSource(module.requiredProviders.get(local)?.source ?? local) !== 'hashicorp/google-beta') return undefined;
  const schema = schemas.get('hashicorp/google');
  return schema && { schema, narrower: true, caveat: t('Archipel reads hashicorp/google-beta with hashicorp/google {0}\'s schema, which google-beta extends: the difference may explain it.', schema.version) };
}

/** The attributes of the objects a `for` expression iterates, when its collection is `var.X` typed as a list, set or map of objects. */
function iteratedObject(module: TerraformModule, collection: Expr): ReadonlyMap<string, unknown> | undefined {
  while (collection.kind === 'paren') collection = collection.inner;
  if (collection.kind !== 'traversal' || collection.root.name !== 'var' || collection.steps.length !== 1 || collection.steps[0].kind !== 'attr') return undefined;
  const variable = declared(module, 'variable').get(collection.steps[0].name)?.[0];
  const type = variable && attribute(variable.block.body, 'type');
  const reading = type ? readType(type.expr) : undefined;
  if (!reading || !('type' in reading)) return undefined;
  const collectionType = reading.type;
  if ((collectionType.kind !== 'list' && collectionType.kind !== 'set' && collectionType.kind !== 'map') || collectionType.element.kind !== 'object') return undefined;
  return collectionType.element.attributes;
}

/** A `for_each` key or value read from an attribute the iterated objects' type lacks (terraform validate's "Unsupported attribute"). */
function forEachFindings(module: TerraformModule, out: Located[]): void {
  for (const d of module.declarations) {
    if (d.kind !== 'resource' && d.kind !== 'data' && d.kind !== 'ephemeral' && d.kind !== 'module') continue;
    const bodies = [d.block.body, ...[...allBlocks(d.block.body)].filter((b) => b.block.type === 'dynamic').map((b) => b.block.body)];
    for (const body of bodies) {
      let expr = attribute(body, 'for_each')?.expr;
      while (expr?.kind === 'paren') expr = expr.inner;
      if (expr?.kind !== 'for') continue;
      const attributes = iteratedObject(module, expr.collection);
      const name = expr.names[expr.names.length - 1]?.name;
      if (!attributes || !name) continue;
      const stack: Expr[] = [...(expr.key ? [expr.key] : []), expr.value, ...(expr.cond ? [expr.cond] : [])];
      while (stack.length > 0) {
        const e = stack.pop()!;
        if (e.kind === 'for' && e.names.some((n) => n.name === name)) {
          stack.push(e.collection);
          continue;
        }
        const first = e.kind === 'traversal' && e.root.name === name ? e.steps[0] : undefined;
        if (first?.kind === 'attr' && !attributes.has(first.name)) {
          const near = nameSuggestion(first.name, [...attributes.keys()]);
          const message = near
            ? t('Unsupported attribute: This object does not have an attribute named "{0}". Did you mean "{1}"?', first.name, near)
            : t('Unsupported attribute: This object does not have an attribute named "{0}".', first.name);
          out.push(located(d.uri, first, r.unsupportedAttribute.id, message, undefined, near ? withFix(t('Change to "{0}"', near), [{ start: first.start, end: first.end, newText: near }]) : undefined));
        }
        stack.push(...childExpressions(e));
      }
    }
  }
}

/** Every validate finding of a module. */
export function validateFindings(index: WorkspaceIndex, module: TerraformModule, schemas: ProviderSchemas | undefined): Located[] {
  const out: Located[] = [];
  const locked = schemas ? lockedVersions(index, module.folder) : new Map<string, string>();
  const providers = new Map<string, (Resolved & { narrower?: true }) | undefined>();
  const schemaOf: SchemaOf = (d) => {
    if (!schemas || !d.type) return undefined;
    const local = providerLocalName(d);
    if (!providers.has(local)) providers.set(local, resolveProvider(module, local, schemas, locked) ?? betaFallback(module, local, schemas));
    const provider: ProviderSchema | undefined = providers.get(local)?.schema;
    const block = provider?.block(d.kind === 'data' ? 'data' : d.kind === 'ephemeral' ? 'ephemeral' : 'resource', d.type);
    const resolved = providers.get(local);
    return block ? { block, caveat: resolved?.caveat, ...(resolved && 'narrower' in resolved ? { narrower: true } : {}) } : undefined;
  };
  referenceFindings(module, schemaOf, out);
  forEachFindings(module, out);
  if (!module.incomplete) typeFindings(module, schemaOf, resolver(module, schemaOf), out);
  return out;
}
