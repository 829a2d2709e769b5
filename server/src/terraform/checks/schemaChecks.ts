/**
 * Resources, data sources and provider configurations checked against their provider's schema:
 * unknown types, unknown arguments and blocks ("did you mean"), missing required arguments. The
 * findings are errors when the schema is the one the user runs (their own `terraform providers
 * schema -json` file, or a lock file pinning the bundled schema's major version at or below it);
 * otherwise warnings that name the schema's version and the module's constraint: a newer or older
 * provider may differ, and a difference of versions is never a false error.
 */
import type { Finding } from '../../common/findings';
import { currentLanguage, t } from '../../l10n/t';
import type { WorkspaceIndex } from '../../workspace/index';
import { syntaxOf, terraformFilesByFolder, type Declaration, type TerraformModule } from '../model/model';
import { admits, normalSource, type BlockSchema, type ProviderSchema, type ProviderSchemas } from '../model/providerSchemas';
import { objectBlock } from '../model/schemaTypes';
import { terraformRules } from './rules';
import { suggested } from './structureChecks';
import { attribute, blocksOf, staticString, type Body, type Expr } from '../syntax/syntax';

type Located = { uri: string; finding: Finding };

const META_ARGUMENTS = new Set(['count', 'for_each', 'provider', 'depends_on']);
const META_BLOCKS = new Set(['lifecycle', 'provisioner', 'connection']);

/** The provider local name a resource uses: its `provider` argument's, else its type's prefix. */
export function providerLocalName(d: Declaration): string {
  const a = attribute(d.block.body, 'provider');
  const written = a ? (a.expr.kind === 'traversal' ? a.expr.root.name : staticString(a.expr)?.split('.')[0]) : undefined;
  return written ?? (d.type ?? '').split('_')[0];
}

/** The versions a module's lock file (`.terraform.lock.hcl` in its folder) pins, by source. */
export function lockedVersions(index: WorkspaceIndex, folder: string): Map<string, string> {
  const versions = new Map<string, string>();
  const lock = (terraformFilesByFolder(index).get(folder) ?? []).find((uri) => uri.endsWith('/.terraform.lock.hcl'));
  const file = lock ? index.get(lock) : undefined;
  if (!file || file.skipped) return versions;
  for (const block of blocksOf(syntaxOf(file).body, 'provider')) {
    const version = staticString(attribute(block.body, 'version')?.expr);
    if (block.labels[0] && version) versions.set(normalSource(block.labels[0].value), version);
  }
  return versions;
}

/** What a module knows of a provider: its schema, and how sure it is to be the version the module runs. */
export interface Resolved {
  schema: ProviderSchema;
  /** Undefined: the schema is the one run (errors); else why it may differ (warnings). */
  caveat?: string;
}

export function resolveProvider(module: TerraformModule, local: string, schemas: ProviderSchemas, locked: Map<string, string>): Resolved | undefined {
  const required = module.requiredProviders.get(local);
  const source = normalSource(required?.source ?? local);
  const latest = schemas.get(source);
  if (!latest) return undefined;
  if (latest.user) return { schema: latest };
  const lockedVersion = locked.get(source);
  const major = (v: string) => v.split('.')[0];
  // The bundled major the lock file or the constraint asks for (helm 2 for `~> 2.0`), else the latest (#94).
  const fits = (s: ProviderSchema) => (lockedVersion ? major(lockedVersion) === major(s.version) : required?.version !== undefined && admits(required.version, s.version) === true);
  const schema = fits(latest) ? latest : (schemas.majors?.(source).find(fits) ?? latest);
  if (lockedVersion && major(lockedVersion) === major(schema.version) && admits(`<= ${schema.version}`, lockedVersion)) return { schema };
  const constraint = required?.version;
  if (lockedVersion) return { schema, caveat: t('Archipel\'s schema is {0} {1}; the lock file pins {2}: the difference of versions may explain it.', source, schema.version, lockedVersion) };
  if (constraint && admits(constraint, schema.version) === false) return { schema, caveat: t('Archipel\'s schema is {0} {1}; this module requires {2}: the difference of versions may explain it.', source, schema.version, constraint) };
  return { schema, caveat: t('Archipel\'s schema is {0} {1}; the version this module runs is not known (no lock file): a newer or older version may differ.', source, schema.version) };
}

function push(out: Located[], uri: string, span: { start: number; end: number }, code: string, message: string, caveat: string | undefined, data?: unknown): void {
  out.push({ uri, finding: { start: span.start, end: span.end, code, message: caveat ? `${message} ${caveat}` : message, ...(caveat ? { severity: 'warning' as const } : {}), ...(data ? { data } : {}) } });
}

/** A body against its block schema, nested blocks (and dynamic blocks' content) included. */
function checkBody(body: Body, schema: BlockSchema, where: string, uri: string, caveat: string | undefined, override: boolean, out: Located[], missing: { name: string; where: string }[]): void {
  const stack: { body: Body; schema: BlockSchema; where: string; top: boolean }[] = [{ body, schema, where, top: true }];
  while (stack.length > 0) {
    const current = stack.pop()!;
    const present = new Set<string>();
    const { attributes, blocks } = current.schema;
    for (const a of current.body.attributes) {
      present.add(a.name);
      if (current.top && META_ARGUMENTS.has(a.name)) continue;
      const known = Object.hasOwn(attributes, a.name) ? attributes[a.name] : undefined;
      // A computed-only attribute is a result: Terraform refuses it as an argument.
      if (known && (known.required || known.optional)) continue;
      // An argument where the schema has a nested block: the JSON syntax, or a provider's object attribute.
      if (Object.hasOwn(blocks, a.name)) continue;
      if (known) {
        // Terraform refuses a value it knows is set; a reference may be null (terraform-aws-eks's var.service_ipv6_cidr).
        if (!isSetConstant(a.expr)) continue;
        push(out, uri, a.nameSpan, terraformRules.unknownArgument.id, t('Value for unconfigurable attribute: can\'t configure a value for "{0}": its value will be decided automatically based on the result of applying this configuration.', a.name), caveat);
        continue;
      }
      const near = suggested(a.name, settable(attributes), a.nameSpan);
      push(out, uri, a.nameSpan, terraformRules.unknownArgument.id, t('Unsupported argument: {0} takes no argument "{1}".{2}', current.where, a.name, near.text), caveat, near.data);
    }
    for (const block of current.body.blocks) {
      if (current.top && META_BLOCKS.has(block.type)) continue;
      const name = block.type === 'dynamic' ? block.labels[0]?.value : block.type;
      if (!name) continue;
      present.add(name);
      const nested = Object.hasOwn(blocks, name) ? blocks[name] : undefined;
      // An attribute of a list or set of objects written as blocks: Terraform accepts it (its "attributes as blocks").
      const asBlocks = !nested && Object.hasOwn(attributes, name) ? objectBlock(attributes[name].type) : undefined;
      const span = block.type === 'dynamic' ? block.labels[0] : block.typeSpan;
      if (!nested && !asBlocks) {
        // A dynamic block's name is a label: the fix writes inside its quotes.
        const nameSpan = block.type === 'dynamic' && block.labels[0].quoted ? { start: span.start + 1, end: span.end - 1 } : span;
        const near = Object.hasOwn(attributes, name) ? undefined : suggested(name, Object.keys(blocks), nameSpan);
        const message = near
          ? t('Unsupported block type: {0} takes no block "{1}".{2}', current.where, name, near.text)
          : t('Unsupported block type: {0} takes "{1}" as an argument, not a block; write {1} = {…}.', current.where, name);
        push(out, uri, nameSpan, terraformRules.unknownArgument.id, message, caveat, near?.data);
        continue;
      }
      const inner = block.type === 'dynamic' ? blocksOf(block.body, 'content')[0]?.body : block.body;
      const schema = nested ? nested.block : asBlocks;
      if (inner && schema) stack.push({ body: inner, schema, where: t('the block {0}', name), top: false });
    }
    if (override) continue;
    const required = [...Object.entries(attributes).filter(([, a]) => a.required).map(([n]) => n), ...Object.entries(blocks).filter(([, b]) => b.minItems > 0).map(([n]) => n)];
    for (const name of required) if (!present.has(name)) missing.push({ name, where: current.where });
  }
}

/** A value known to be set: a literal other than null, a template, a collection constructor. */
function isSetConstant(expr: Expr): boolean {
  if (expr.kind === 'literal') return expr.type !== 'null';
  return expr.kind === 'template' || expr.kind === 'tuple' || expr.kind === 'object';
}

/** The arguments a block takes (what "did you mean" offers). */
function settable(attributes: BlockSchema['attributes']): string[] {
  return Object.entries(attributes).filter(([, a]) => a.required || a.optional).map(([n]) => n);
}

const bodies = new WeakMap<Body, { schema: BlockSchema; key: string; found: Located[]; missing: { name: string; where: string }[] }>();

/** checkBody's results, kept with the body: an edit re-checks the blocks of the edited file alone. */
function checkedBody(body: Body, schema: BlockSchema, where: string, uri: string, caveat: string | undefined, override: boolean): { found: Located[]; missing: { name: string; where: string }[] } {
  const key = JSON.stringify([where, uri, caveat, override, currentLanguage()]);
  const hit = bodies.get(body);
  if (hit && hit.schema === schema && hit.key === key) return hit;
  const found: Located[] = [];
  const missing: { name: string; where: string }[] = [];
  checkBody(body, schema, where, uri, caveat, override, found, missing);
  bodies.set(body, { schema, key, found, missing });
  return { found, missing };
}

/** Every schema finding of a module's resources, data sources and provider configurations. */
export function schemaFindings(index: WorkspaceIndex, module: TerraformModule, schemas: ProviderSchemas): Located[] {
  const all: Located[] = [];
  for (const part of schemaFindingSteps(index, module, schemas)) for (const one of part) all.push(one);
  return all;
}

/** How many declarations a step of the schema check reads (the language server answers other requests between steps). */
const DECLARATIONS_PER_STEP = 2000;

/** schemaFindings a few thousand declarations at a time: each step's findings. */
export function* schemaFindingSteps(index: WorkspaceIndex, module: TerraformModule, schemas: ProviderSchemas): Generator<Located[], void, void> {
  let out: Located[] = [];
  let read = 0;
  const locked = lockedVersions(index, module.folder);
  const resolved = new Map<string, Resolved | undefined>();
  const providerOf = (local: string) => {
    if (!resolved.has(local)) resolved.set(local, resolveProvider(module, local, schemas, locked));
    return resolved.get(local);
  };
  for (const d of module.declarations) {
    if (d.kind !== 'resource' && d.kind !== 'data' && d.kind !== 'provider' && d.kind !== 'ephemeral') continue;
    if (++read % DECLARATIONS_PER_STEP === 0) {
      yield out;
      out = [];
    }
    const local = d.kind === 'provider' ? d.name : providerLocalName(d);
    const provider = providerOf(local);
    if (!provider) continue;
    const { schema, caveat } = provider;
    let block: BlockSchema | undefined;
    if (d.kind === 'provider') block = schema.config();
    else {
      const kind = d.kind === 'resource' ? 'resource' : d.kind === 'data' ? 'data' : 'ephemeral';
      block = schema.block(kind, d.type ?? '');
      // The bundled schemas describe few ephemeral resources: an unknown one is not judged.
      if (!block && kind === 'ephemeral' && !schema.user) continue;
      if (!block) {
        // The type's name, inside the label's quotes: what the fix rewrites.
        const label = d.block.labels[0].quoted ? { start: d.block.labels[0].start + 1, end: d.block.labels[0].end - 1 } : d.block.labels[0];
        const near = suggested(d.type ?? '', schema.types(kind), label);
        const message = kind === 'resource'
          ? t('Invalid resource type: the provider {0} has no resource type "{1}".{2}', schema.source, d.type ?? '', near.text)
          : kind === 'data'
            ? t('Invalid data source: the provider {0} has no data source "{1}".{2}', schema.source, d.type ?? '', near.text)
            : t('Invalid ephemeral resource type: the provider {0} has no ephemeral resource type "{1}".{2}', schema.source, d.type ?? '', near.text);
        push(out, d.uri, label, terraformRules.unknownType.id, message, caveat, near.data);
        continue;
      }
    }
    const missing: { name: string; where: string }[] = [];
    const where = d.kind === 'provider' ? t('the provider {0}', schema.source) : d.kind === 'data' ? t('the data source {0}', d.type ?? '') : d.kind === 'ephemeral' ? t('the ephemeral resource type {0}', d.type ?? '') : t('the resource type {0}', d.type ?? '');
    const checked = checkedBody(d.block.body, block, where, d.uri, caveat, d.override);
    out.push(...checked.found);
    missing.push(...checked.missing);
    // A `dynamic` block counts for its own block type only (checkBody counts it present): the
    // resource's other required arguments are still required (issue #83: aws_eks_cluster without
    // role_arn beside its dynamic blocks was not reported).
    if (d.kind !== 'provider') {
      for (const { name, where: inside } of missing) {
        push(out, d.uri, d.block.labels[1] ?? d.block.typeSpan, terraformRules.missingRequired.id, t('Missing required argument: {0} requires "{1}".', inside, name), caveat);
      }
    }
  }
  yield out;
}

