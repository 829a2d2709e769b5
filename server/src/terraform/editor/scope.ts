/**
 * What a place of a Terraform file reads against: the schema of a body reached by its blocks' headers
 * (a resource's provider schema with Terraform's meta-arguments, its nested blocks, a `dynamic` block's
 * `content`), and the object a reference reads (`aws_lb.this`, `data.aws_iam_policy_document.x`,
 * `aws_instance.web[0].root_block_device`, `var.settings` by its declared type) — for completion after
 * a `.` and for hover on a step.
 */
import { declared, type Declaration, type TerraformModule } from '../model/model';
import type { Expr } from '../syntax/syntax';
import { attribute } from '../syntax/syntax';
import type { Header } from './context';
import { attributeAsBlock, coreView, resolveProvider, resolveType, withCore, type BlockView, type CtyType, type EditorSchemas } from './schema';
import type { SchemaKind } from '../model/providerSchemas';

const TABLES: Record<string, SchemaKind> = { resource: 'resource', data: 'data', ephemeral: 'ephemeral' };

/** The schema of the body a path of headers leads to (outermost first); undefined where nothing describes it. */
export function bodyView(module: TerraformModule, data: EditorSchemas, path: readonly Header[]): BlockView | undefined {
  let view: BlockView | undefined = coreView('root');
  for (let i = 0; i < path.length && view; i++) {
    const header = path[i];
    const table = TABLES[header.type];
    if (table && header.labels[0] && (i === 0 || (header.type === 'data' && path[i - 1].type === 'check'))) {
      const declaration = header.labels[1] ? declared(module, header.type as 'resource').get(`${header.labels[0]}.${header.labels[1]}`)?.[0] : undefined;
      view = withCore(resolveType(module, data, table, header.labels[0], declaration)?.view, coreView(header.type)!);
      continue;
    }
    if (header.type === 'provider' && i === 0 && header.labels[0]) {
      view = withCore(resolveProvider(module, data, header.labels[0])?.view, coreView('provider')!);
      continue;
    }
    if (header.type === 'dynamic') {
      const target: BlockView | undefined = view.blocks.get(header.labels[0] ?? '')?.block ?? attributeAsBlock(view, header.labels[0] ?? '');
      const dynamic = coreView('dynamic')!;
      view = { attributes: dynamic.attributes, blocks: new Map([['content', { name: 'content', min: 1, max: 1, nesting: 'single', ...(target ? { block: target } : {}), ...(dynamic.blocks.get('content')?.description ? { description: dynamic.blocks.get('content')!.description } : {}) }]]) };
      continue;
    }
    view = view.blocks.get(header.type)?.block ?? attributeAsBlock(view, header.type);
  }
  return view;
}

/** The object a reference's steps read: a block of a schema, or a value of a type. */
export type ReferenceTarget = { kind: 'block'; view: BlockView } | { kind: 'type'; type: CtyType };

/** What `steps` (`["aws_lb", "this"]`, `["data", "t", "n", "[]", "x"]`, `["var", "settings"]`) read, when a schema or a declared type says. */
export function referenceView(module: TerraformModule, data: EditorSchemas, steps: readonly string[]): ReferenceTarget | undefined {
  let rest = [...steps];
  if (rest[0] === 'resource') rest = rest.slice(1);
  let target: ReferenceTarget | undefined;
  if (rest[0] === 'var') {
    const variable = declared(module, 'variable').get(rest[1] ?? '')?.[0];
    const type = variable ? typeOf(attribute(variable.block.body, 'type')?.expr) : undefined;
    if (!type) return undefined;
    target = { kind: 'type', type };
    rest = rest.slice(2);
  } else if (['local', 'module', 'each', 'count', 'path', 'terraform', 'self'].includes(rest[0])) {
    return undefined;
  } else {
    const kind = rest[0] === 'data' ? 'data' : rest[0] === 'ephemeral' ? 'ephemeral' : 'resource';
    if (kind !== 'resource') rest = rest.slice(1);
    const [type, name] = rest;
    if (!type || !name) return undefined;
    const declaration: Declaration | undefined = declared(module, kind).get(`${type}.${name}`)?.[0];
    const resolved = resolveType(module, data, TABLES[kind], type, declaration);
    if (!resolved) return undefined;
    target = { kind: 'block', view: resolved.view };
    rest = rest.slice(2);
    // The instance key of a counted or for_each resource.
    if (rest[0] === '[]') rest = rest.slice(1);
  }
  for (const step of rest) {
    if (!target) return undefined;
    target = stepInto(target, step);
  }
  return target;
}

function stepInto(target: ReferenceTarget, step: string): ReferenceTarget | undefined {
  if (target.kind === 'block') {
    if (step === '[]') return target;
    const a = target.view.attributes.get(step);
    if (a) return a.type !== undefined ? { kind: 'type', type: a.type } : undefined;
    const nested = target.view.blocks.get(step)?.block;
    return nested ? { kind: 'block', view: nested } : undefined;
  }
  const type = target.type;
  if (!Array.isArray(type)) return undefined;
  const [kind, inner] = type as unknown as readonly [string, unknown];
  if (step === '[]') return kind === 'list' || kind === 'set' || kind === 'map' ? { kind: 'type', type: inner as CtyType } : undefined;
  const member = kind === 'object' ? (inner as Record<string, CtyType>)[step] : undefined;
  return member !== undefined ? { kind: 'type', type: member } : undefined;
}

/** An object type's attributes, if the type is one. */
export function objectAttributes(type: CtyType): Readonly<Record<string, CtyType>> | undefined {
  return Array.isArray(type) && type[0] === 'object' ? (type[1] as Record<string, CtyType>) : undefined;
}

/** A variable's type expression (`list(object({ name = string }))`) in cty's JSON form. */
export function typeOf(expr: Expr | undefined, depth = 0): CtyType | undefined {
  if (!expr || depth > 32) return undefined;
  if (expr.kind === 'traversal' && expr.steps.length === 0) {
    const name = expr.root.name;
    return name === 'any' ? 'dynamic' : ['string', 'number', 'bool'].includes(name) ? name : undefined;
  }
  if (expr.kind !== 'call') return undefined;
  const name = expr.name.name;
  const [first] = expr.args;
  if (name === 'list' || name === 'set' || name === 'map') {
    const element = typeOf(first, depth + 1);
    return element !== undefined ? [name, element] : undefined;
  }
  if (name === 'optional') return typeOf(first, depth + 1);
  if (name === 'object' && first?.kind === 'object') {
    const members: Record<string, CtyType> = {};
    for (const item of first.items) {
      const key = item.key.kind === 'traversal' && item.key.steps.length === 0 ? item.key.root.name : item.key.kind === 'literal' && typeof item.key.value === 'string' ? item.key.value : undefined;
      const member = typeOf(item.value, depth + 1);
      if (key) members[key] = member ?? 'dynamic';
    }
    return ['object', members];
  }
  if (name === 'tuple' && first?.kind === 'tuple') return ['tuple', first.items.map((item) => typeOf(item, depth + 1) ?? 'dynamic')];
  return undefined;
}
