/**
 * Every reference of a module checked as `terraform validate` checks it: what it names is declared
 * (not when a file of the module has a syntax error: what it declares is unknown then), its form,
 * and whether the place allows it (each, count, self, destroy-time provisioners, conditions,
 * variable defaults and backends); conditions that test nothing.
 */
import type { Finding } from '../../common/findings';
import { t } from '../../l10n/t';
import { declared, type Declaration, type TerraformModule } from '../model/model';
import { moduleReferences, resolve, type Reference, type RefContext } from '../model/references';
import { terraformRules } from './rules';
import { suggested } from './structureChecks';
import { allBlocks, attribute, blocksOf, type Block } from '../syntax/syntax';

const r = terraformRules;

export type Located = { uri: string; finding: Finding };

const ATTRIBUTES: Record<string, string[]> = { each: ['key', 'value'], count: ['index'], path: ['module', 'root', 'cwd'], terraform: ['workspace', 'applying'] };

/** How a reference to a declaration of that kind is written (`var.x`, `aws_instance.web`, `data.t.n`). */
const ADDRESS_PREFIX: Record<string, string> = { variable: 'var.', local: 'local.', module: 'module.', data: 'data.', ephemeral: 'ephemeral.', action: 'action.', list: 'list.', run: 'run.', resource: '' };

/** The message of an undeclared reference, and the fix writing the declared one it is close to over the reference. */
function undeclared(module: TerraformModule, ref: Reference): { message: string; data?: unknown } {
  const target = ref.target!;
  const prefix = ADDRESS_PREFIX[target.kind] ?? '';
  const near = suggested(target.key, [...declared(module, target.kind).keys()], ref.span, (name) => `${prefix}${name}`);
  switch (target.kind) {
    case 'variable':
      return { message: t('Reference to undeclared input variable: no variable "{0}" is declared in this module.{1}', target.key, near.text), data: near.data };
    case 'local':
      return { message: t('Reference to undeclared local value: no local value "{0}" is declared in this module.{1}', target.key, near.text), data: near.data };
    case 'module':
      return { message: t('Reference to undeclared module: no module call "{0}" is declared in this module.{1}', target.key, near.text), data: near.data };
    case 'data':
      return { message: t('Reference to undeclared resource: no data source "{0}" is declared in this module.{1}', target.key, near.text), data: near.data };
    case 'ephemeral':
      return { message: t('Reference to undeclared resource: no ephemeral resource "{0}" is declared in this module.{1}', target.key, near.text), data: near.data };
    case 'action':
      return { message: t('Reference to undeclared action: no action "{0}" is declared in this module.{1}', target.key, near.text), data: near.data };
    case 'list':
      return { message: t('Reference to undeclared list: no list block "{0}" is declared in this module\'s query files.{1}', target.key, near.text), data: near.data };
    default:
      return { message: t('Reference to undeclared resource: no resource "{0}" is declared in this module.{1}', target.key, near.text), data: near.data };
  }
}

/** The address of the top-level block a reference sits in (`aws_instance.web`, `data.t.n`). */
function ownAddress(block: Block): string | undefined {
  if (block.labels.length < 2) return undefined;
  const key = `${block.labels[0].value}.${block.labels[1].value}`;
  return block.type === 'resource' ? key : block.type === 'data' ? `data.${key}` : block.type === 'ephemeral' ? `ephemeral.${key}` : undefined;
}

function referenceAddress(ref: Reference): string | undefined {
  if (!ref.target) return undefined;
  const { kind, key } = ref.target;
  return kind === 'resource' ? key : kind === 'data' ? `data.${key}` : kind === 'ephemeral' ? `ephemeral.${key}` : undefined;
}

/** What the place of a reference refuses of it, if anything. */
function placeProblem(ref: Reference, context: RefContext): string | undefined {
  if (context.noReferences) return t('Variables not allowed: this argument takes a constant value; references are not allowed here.');
  if (context.destroy && !['self', 'count', 'each', 'path', 'terraform'].includes(ref.root)) {
    return t('Invalid reference from destroy provisioner: a destroy-time provisioner and its connection may refer only to self, count.index, each.key, each.value, path and terraform.');
  }
  switch (ref.root) {
    case 'each':
      if (!context.hasForEach) return t('Reference to "each" in context without for_each: each.key and each.value are available only in blocks that set for_each.');
      break;
    case 'count':
      if (!context.hasCount) return t('Reference to "count" in non-counted context: count.index is available only in blocks that set count.');
      break;
    case 'self':
      if (!context.selfAllowed) return t('Invalid "self" reference: self is available only in provisioner and connection blocks and in postconditions; refer to the resource by its address.');
      break;
    default:
      break;
  }
  const allowed = ATTRIBUTES[ref.root];
  if (allowed && ref.root !== 'self') {
    if (!ref.attr) return t('Invalid reference: the "{0}" object cannot be used alone; use one of its attributes: {1}.', ref.root, allowed.map((a) => `${ref.root}.${a}`).join(', '));
    if (!allowed.includes(ref.attr.name) && !(ref.root === 'terraform' && ref.attr.name === 'env')) return t('Invalid "{0}" attribute: "{1}" is not an attribute of {0}; use one of {2}.', ref.root, ref.attr.name, allowed.map((a) => `${ref.root}.${a}`).join(', '));
  }
  if (context.condition === 'precondition' || context.condition === 'postcondition') {
    const own = ownAddress(context.top);
    if (own && referenceAddress(ref) === own) {
      return context.condition === 'precondition'
        ? t('Invalid reference in precondition: a precondition cannot refer to the object it checks ({0}); its values are not known before it is planned.', own)
        : t('Invalid reference in postcondition: use self to refer to the object this postcondition checks ({0}).', own);
    }
  }
  return undefined;
}

function referenceFinding(module: TerraformModule, ref: Reference): Finding | undefined {
  const span = ref.span;
  if (ref.invalid) return { start: span.start, end: span.end, code: r.invalidReference.id, message: t('Invalid reference: {0}', ref.invalid) };
  const place = placeProblem(ref, ref.context);
  if (place) return { start: span.start, end: span.end, code: r.invalidReference.id, message: place };
  if (!ref.target || module.incomplete) return undefined;
  if (targetOf(module, ref)) return undefined;
  const { message, data } = undeclared(module, ref);
  return { start: span.start, end: span.end, code: r.undeclared.id, message, ...(data ? { data } : {}) };
}

/** Conditions that test nothing, and validations that do not test their variable. */
function conditionFindings(module: TerraformModule, out: Located[]): void {
  const byAttribute = new Map<unknown, Reference[]>();
  for (const ref of moduleReferences(module)) {
    if (!ref.context.condition) continue;
    const list = byAttribute.get(ref.context.attribute) ?? [];
    list.push(ref);
    byAttribute.set(ref.context.attribute, list);
  }
  for (const file of module.files) {
    const uri = file.file.uri;
    for (const { block, parents } of allBlocks(file.syntax.body)) {
      if (block.type !== 'precondition' && block.type !== 'postcondition' && block.type !== 'validation') continue;
      const conditionAttribute = attribute(block.body, 'condition');
      if (!conditionAttribute) continue;
      const inside = byAttribute.get(conditionAttribute) ?? [];
      if (block.type === 'validation') {
        const variable = parents[0]?.type === 'variable' ? parents[0].labels[0]?.value : undefined;
        if (variable && !inside.some((ref) => ref.target?.kind === 'variable' && ref.target.key === variable)) {
          out.push({ uri, finding: { start: conditionAttribute.expr.start, end: conditionAttribute.expr.end, code: r.condition.id, message: t('Invalid variable validation condition: the condition of variable "{0}" must refer to var.{0} to test the value it is given.', variable) } });
        }
      } else if (inside.length === 0) {
        const summary = block.type === 'precondition' ? 'Invalid precondition expression' : 'Invalid postcondition expression';
        out.push({ uri, finding: { start: conditionAttribute.expr.start, end: conditionAttribute.expr.end, code: r.condition.id, message: t('{0}: the condition refers to nothing, so its result never changes; it must refer to at least one object of the configuration.', summary) } });
      }
    }
  }
}

/** Every reference finding of the module, with the file each is in. */
export function referenceFindings(module: TerraformModule): Located[] {
  const out: Located[] = [];
  for (const ref of moduleReferences(module)) {
    const finding = referenceFinding(module, ref);
    if (finding) out.push({ uri: ref.uri, finding });
  }
  conditionFindings(module, out);
  return out;
}

/** The declaration a reference names (scoped data sources of its check block included). */
export function targetOf(module: TerraformModule, ref: Reference): Declaration | undefined {
  const scoped = ref.context.top.type === 'check' ? module.declarations.filter((d) => d.scoped && blocksOf(ref.context.top.body, 'data').includes(d.block)) : undefined;
  return resolve(module, ref, scoped);
}
