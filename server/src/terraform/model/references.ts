/**
 * The references of a module: every traversal of its expressions that names something (`var.x`,
 * `local.y`, `module.m.out`, `data.t.n`, `aws_instance.web`, `each.key`, `count.index`, `self.id`,
 * `path.module`, `terraform.workspace`), with where it is (the block, the argument, what the block
 * allows there), read as Terraform reads them: names a `for` expression, a template `for` or a
 * `dynamic` block's iterator introduces are not references; arguments that hold addresses or
 * keywords rather than expressions (a variable's `type`, `ignore_changes`, `moved`'s `from`) are
 * not read as references.
 */
import { perFile, type Declaration, type DeclarationKind, type ModuleFile, type TerraformModule } from './model';
import { attribute, blocksOf, keyword, staticString, type Attribute, type Block, type Body, type Expr, type Span, type Step, type TemplatePart } from '../syntax/syntax';

export type RefRoot = 'var' | 'local' | 'module' | 'data' | 'ephemeral' | 'resource' | 'action' | 'list' | 'run' | 'each' | 'count' | 'self' | 'path' | 'terraform';

/** What the place of a reference allows. */
export interface RefContext {
  /** The top-level block holding it. */
  top: Block;
  /** The nested blocks from the top one to the reference's (outermost first). */
  path: Block[];
  /** The argument holding it. */
  attribute: Attribute;
  hasCount: boolean;
  hasForEach: boolean;
  /** `self` is available (provisioners, connections, postconditions). */
  selfAllowed: boolean;
  /** In a destroy-time provisioner (or a connection a destroy-time provisioner uses). */
  destroy: boolean;
  /** In a condition: which kind. */
  condition?: 'precondition' | 'postcondition' | 'validation' | 'assert';
  /** References are not allowed at all here (a variable's default, a backend's arguments). */
  noReferences?: boolean;
}

export interface Reference {
  uri: string;
  root: RefRoot;
  /** The traversal's root name (`var`, `aws_instance`). */
  rootSpan: Span;
  /** What it names, when it names a declaration kind (var, local, module, data, ephemeral, resource). */
  target?: { kind: DeclarationKind; key: string };
  /** The span of the declaration's name in the reference (`x` of `var.x`, `web` of `aws_instance.web`). */
  nameSpan?: Span;
  /** The attribute after the name (a module's output, a resource's attribute, `each.key`'s `key`). */
  attr?: { name: string; span: Span };
  /** The reference as Terraform parses it (`var.x`, `module.m`, `data.t.n`): what a message quotes. */
  span: Span;
  /** The reference is malformed (`var` alone): what Terraform says. */
  invalid?: string;
  /** The steps after the declaration's name (`[0]`, `.id` of `aws_instance.web[0].id`). */
  tail?: readonly Step[];
  context: RefContext;
}

const ROOTS = new Set(['var', 'local', 'module', 'data', 'ephemeral', 'action', 'list', 'each', 'count', 'self', 'path', 'terraform']);

/** The roots of `<root>.<type>.<name>` references (Terraform ≥ 1.1 reads `resource.aws_instance.web` as `aws_instance.web`). */
const TYPED: Record<string, { kind: DeclarationKind; what: string }> = {
  data: { kind: 'data', what: 'data source' },
  ephemeral: { kind: 'ephemeral', what: 'ephemeral resource' },
  action: { kind: 'action', what: 'action' },
  list: { kind: 'list', what: 'list' },
  resource: { kind: 'resource', what: 'resource' },
};

/** The reference a traversal makes (its root not shadowed). */
function referenceOf(uri: string, root: { name: string } & Span, steps: readonly Step[], context: RefContext, extraRoots?: ReadonlySet<string>): Reference {
  const name = root.name;
  const kind: RefRoot = ROOTS.has(name) || extraRoots?.has(name) ? (name as RefRoot) : 'resource';
  const attrs: { name: string; span: Span }[] = [];
  let indexAfter = -1;
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i];
    if (step.kind === 'attr') attrs.push({ name: step.name, span: step });
    else {
      if (step.kind === 'index' && attrs.length === 1 && kind === 'module') {
        indexAfter = i;
        continue;
      }
      break;
    }
  }
  const base = { uri, root: kind, rootSpan: { start: root.start, end: root.end }, context };
  const through = (span: Span | undefined) => ({ start: root.start, end: span?.end ?? root.end });
  const ref = reference(kind, name, base, attrs, steps, indexAfter, through);
  // The steps after the name: what instance keys and attributes checks read.
  if (ref.nameSpan) {
    const at = steps.findIndex((step) => step.start === ref.nameSpan!.start && step.end === ref.nameSpan!.end);
    if (at >= 0 && at < steps.length - 1) ref.tail = steps.slice(at + 1);
  }
  return ref;
}

function reference(kind: RefRoot, name: string, base: Omit<Reference, 'span'>, attrs: { name: string; span: Span }[], steps: readonly Step[], indexAfter: number, through: (span: Span | undefined) => Span): Reference {
  switch (kind) {
    case 'var':
    case 'local':
      if (!attrs[0]) return { ...base, span: through(undefined), invalid: `The "${name}" object cannot be accessed directly. Instead, access one of its attributes.` };
      return { ...base, target: { kind: kind === 'var' ? 'variable' : 'local', key: attrs[0].name }, nameSpan: attrs[0].span, span: through(attrs[0].span), ...(attrs[1] ? { attr: attrs[1] } : {}) };
    case 'module': {
      if (!attrs[0]) return { ...base, span: through(undefined), invalid: 'The "module" object cannot be accessed directly. Instead, access one of its attributes.' };
      const output = indexAfter >= 0 ? (steps[indexAfter + 1]?.kind === 'attr' ? { name: (steps[indexAfter + 1] as { name: string }).name, span: steps[indexAfter + 1] } : undefined) : attrs[1];
      return { ...base, target: { kind: 'module', key: attrs[0].name }, nameSpan: attrs[0].span, span: through(attrs[0].span), ...(output ? { attr: output } : {}) };
    }
    case 'data':
    case 'ephemeral':
    case 'action':
    case 'list':
      return typed(base, name, attrs, through);
    case 'run':
      if (!attrs[0]) return { ...base, span: through(undefined), invalid: 'The "run" object cannot be accessed directly. Instead, access one of its attributes.' };
      return { ...base, target: { kind: 'run', key: attrs[0].name }, nameSpan: attrs[0].span, span: through(attrs[0].span), ...(attrs[1] ? { attr: attrs[1] } : {}) };
    case 'resource':
      // `resource.<type>.<name>` (no provider has a resource type named "resource").
      if (name === 'resource') return typed(base, name, attrs, through);
      if (!attrs[0]) return { ...base, span: through(undefined), invalid: 'A reference to a resource type must be followed by at least one attribute access, specifying the resource name.' };
      return { ...base, target: { kind: 'resource', key: `${name}.${attrs[0].name}` }, nameSpan: attrs[0].span, span: through(attrs[0].span), ...(attrs[1] ? { attr: attrs[1] } : {}) };
    default:
      return { ...base, span: through(attrs[0]?.span), ...(attrs[0] ? { attr: attrs[0] } : {}) };
  }
}

/** A `<root>.<type>.<name>` reference (data, ephemeral, action, list, resource). */
function typed(base: Omit<Reference, 'span'>, name: string, attrs: readonly { name: string; span: Span }[], through: (span: Span | undefined) => Span): Reference {
  const { kind, what } = TYPED[name];
  if (attrs.length < 2) return { ...base, span: through(attrs[0]?.span), invalid: `The "${name}" object must be followed by two attribute names: the ${what} type and the ${name === 'data' || name === 'list' ? 'resource' : what} name.` };
  return { ...base, target: { kind, key: `${attrs[0].name}.${attrs[1].name}` }, nameSpan: attrs[1].span, span: through(attrs[1].span), ...(attrs[2] ? { attr: attrs[2] } : {}) };
}

/** The references of an expression, with the names local to it (for, dynamic iterators) left out. */
export function expressionReferences(expr: Expr, uri: string, context: RefContext, shadowed: ReadonlySet<string>, out: Reference[], extraRoots?: ReadonlySet<string>): void {
  const stack: { e: Expr; scope: ReadonlySet<string> }[] = [{ e: expr, scope: shadowed }];
  const parts = (list: readonly TemplatePart[], scope: ReadonlySet<string>) => {
    for (const part of list) {
      if (part.kind === 'interp') stack.push({ e: part.expr, scope });
      else if (part.kind === 'if') {
        stack.push({ e: part.cond, scope });
        parts(part.then, scope);
        parts(part.else, scope);
      } else if (part.kind === 'for') {
        stack.push({ e: part.collection, scope });
        parts(part.body, new Set([...scope, ...part.names.map((n) => n.name)]));
      }
    }
  };
  while (stack.length > 0) {
    const { e, scope } = stack.pop()!;
    switch (e.kind) {
      case 'traversal':
        if (!scope.has(e.root.name)) out.push(referenceOf(uri, e.root, e.steps, context, extraRoots));
        for (const step of e.steps) if (step.kind === 'index') stack.push({ e: step.key, scope });
        break;
      case 'template':
        parts(e.parts, scope);
        break;
      case 'for': {
        stack.push({ e: e.collection, scope });
        const inner = new Set([...scope, ...e.names.map((n) => n.name)]);
        for (const x of [e.key, e.value, e.cond]) if (x) stack.push({ e: x, scope: inner });
        break;
      }
      case 'postfix':
        stack.push({ e: e.base, scope });
        for (const step of e.steps) if (step.kind === 'index') stack.push({ e: step.key, scope });
        break;
      case 'call':
        for (const a of e.args) stack.push({ e: a, scope });
        break;
      case 'tuple':
        for (const a of e.items) stack.push({ e: a, scope });
        break;
      case 'object':
        for (const item of e.items) {
          // A bare name as a key is the key's text, not a reference (`{ Name = "x" }`).
          if (!(item.key.kind === 'traversal' && item.key.steps.length === 0)) stack.push({ e: item.key, scope });
          stack.push({ e: item.value, scope });
        }
        break;
      case 'conditional':
        stack.push({ e: e.cond, scope }, { e: e.then, scope }, { e: e.else, scope });
        break;
      case 'binary':
        stack.push({ e: e.left, scope }, { e: e.right, scope });
        break;
      case 'unary':
        stack.push({ e: e.operand, scope });
        break;
      case 'paren':
        stack.push({ e: e.inner, scope });
        break;
      default:
        break;
    }
  }
}

/** Arguments that hold no references (addresses, keywords, type constraints), by block path. */
function skipped(top: string, path: readonly string[], name: string, where: string): boolean {
  if ((top === 'terraform' && !path.includes('provider_meta')) || path.includes('required_providers')) return true;
  if (where === 'variable' && name === 'type') return true;
  if (where === 'output' && name === 'type') return true;
  if (where.endsWith('lifecycle') && name === 'ignore_changes') return true;
  // An action trigger's events are keywords (`after_create`), not references.
  if (where.endsWith('lifecycle.action_trigger') && name === 'events') return true;
  if ((top === 'moved' || top === 'removed') && (name === 'from' || name === 'to')) return true;
  if (top === 'import' && (name === 'to' || name === 'provider')) return true;
  if (name === 'provider' && path.length === 0 && (top === 'resource' || top === 'data' || top === 'ephemeral' || top === 'action' || top === 'list')) return true;
  if (top === 'module' && path.length === 0 && name === 'providers') return true;
  if (top === 'provider' && path.length === 0 && name === 'alias') return true;
  if (path[path.length - 1] === 'provisioner' && (name === 'when' || name === 'on_failure')) return true;
  return false;
}

/** Whether a resource block has a destroy-time provisioner. */
function hasDestroyProvisioner(block: Block): boolean {
  return blocksOf(block.body, 'provisioner').some((p) => keyword(attribute(p.body, 'when')?.expr) === 'destroy' || staticString(attribute(p.body, 'when')?.expr) === 'destroy');
}

const refsKey = new WeakMap<TerraformModule, Reference[]>();

/** Every reference of a module's files (cached with the module). */
export function moduleReferences(module: TerraformModule): Reference[] {
  let refs = refsKey.get(module);
  if (!refs) {
    refs = module.files.flatMap((f) => fileReferences(f));
    refsKey.set(module, refs);
  }
  return refs;
}

/** The references of one configuration file (once per version of the file). */
export const fileReferences = perFile(referencesOf);

function referencesOf(file: ModuleFile): Reference[] {
  return file.syntax.body.blocks.flatMap((top) => blockReferences(top, file.file.uri));
}

const byBlock = new WeakMap<Block, { uri: string; refs: Reference[] }>();

/**
 * The references of a top-level block, kept with it: a re-parse reuses the blocks an edit did not
 * touch (parse.ts), and their references with them.
 */
function blockReferences(top: Block, uri: string): Reference[] {
  const hit = byBlock.get(top);
  if (hit && hit.uri === uri) return hit.refs;
  const refs: Reference[] = [];
  const hasCount = attribute(top.body, 'count') !== undefined;
  const hasForEach = attribute(top.body, 'for_each') !== undefined;
  const base: RefContext = { top, path: [], attribute: undefined as unknown as Attribute, hasCount, hasForEach, selfAllowed: false, destroy: false };
  visitBody(top.body, top.type, [], base, new Set(), uri, refs, top.type === 'resource' && hasDestroyProvisioner(top));
  byBlock.set(top, { uri, refs });
  return refs;
}

function visitBody(body: Body, top: string, path: Block[], context: RefContext, shadowed: ReadonlySet<string>, uri: string, out: Reference[], destroyConnections: boolean): void {
  const names = path.map((b) => b.type);
  const where = names.length === 0 ? top : [top, ...names].join('.');
  for (const a of body.attributes) {
    if (skipped(top, names, a.name, where)) continue;
    const here: RefContext = { ...context, path, attribute: a };
    if (top === 'variable' && names.length === 0 && a.name === 'default') here.noReferences = true;
    if (names.includes('backend') || names.includes('cloud') || names.includes('provider_meta')) here.noReferences = true;
    // Terraform installs a module before it evaluates anything: its source and version are constants.
    if (top === 'module' && names.length === 0 && (a.name === 'source' || a.name === 'version')) here.noReferences = true;
    expressionReferences(a.expr, uri, here, shadowed, out);
  }
  for (const block of body.blocks) {
    const inner: RefContext = { ...context };
    let scope = shadowed;
    if (block.type === 'provisioner' || block.type === 'connection') inner.selfAllowed = true;
    if (block.type === 'provisioner' && (keyword(attribute(block.body, 'when')?.expr) === 'destroy' || staticString(attribute(block.body, 'when')?.expr) === 'destroy')) inner.destroy = true;
    if (block.type === 'connection' && path.length === 0 && destroyConnections) inner.destroy = true;
    if (block.type === 'precondition' || block.type === 'postcondition' || block.type === 'validation' || block.type === 'assert') {
      inner.condition = block.type === 'validation' ? 'validation' : block.type === 'assert' ? 'assert' : block.type;
      if (block.type === 'postcondition') inner.selfAllowed = true;
    }
    if (block.type === 'dynamic') {
      // The dynamic block's for_each is read outside its iterator; its labels and content inside.
      const forEach = attribute(block.body, 'for_each');
      if (forEach) expressionReferences(forEach.expr, uri, { ...inner, path: [...path, block], attribute: forEach }, shadowed, out);
      const iterator = keyword(attribute(block.body, 'iterator')?.expr) ?? block.labels[0]?.value;
      scope = iterator ? new Set([...shadowed, iterator]) : shadowed;
      const rest: Body = { attributes: block.body.attributes.filter((a) => a.name !== 'for_each' && a.name !== 'iterator'), blocks: block.body.blocks };
      visitBody(rest, top, [...path, block], inner, scope, uri, out, destroyConnections);
      continue;
    }
    if (top === 'check' && path.length === 0 && block.type === 'data') {
      // A scoped data source: its own count/for_each do not apply (it has neither).
      inner.hasCount = false;
      inner.hasForEach = false;
    }
    visitBody(block.body, top, [...path, block], inner, scope, uri, out, destroyConnections);
  }
}

/** The declaration a reference names in its module (the first, when declared twice). */
export function resolve(module: TerraformModule, ref: Reference, scopedData?: readonly Declaration[]): Declaration | undefined {
  if (!ref.target) return undefined;
  const found = module.byKind.get(ref.target.kind)?.get(ref.target.key)?.[0];
  if (found) return found;
  if (ref.target.kind === 'data' && scopedData) return scopedData.find((d) => d.key === ref.target!.key);
  return undefined;
}
