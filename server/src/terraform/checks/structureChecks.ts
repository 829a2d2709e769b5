/**
 * The shape of Terraform's own blocks (coreSchema.ts): unsupported and reserved arguments and
 * blocks, required arguments, labels, names, arguments set twice, boolean arguments given another
 * kind of value, removed provisioners, deprecated quoted keywords and references.
 */
import type { Finding } from '../../common/findings';
import { closestName } from '../../common/suggest';
import { t } from '../../l10n/t';
import { CORE_BLOCKS, isIdentifier, NAME_SUMMARIES, REMOVED_PROVISIONERS, RESERVED_VARIABLE_NAMES, type CoreBlock } from '../model/coreSchema';
import { terraformRules } from './rules';
import { withFix, type FixData } from '../editor/fixes';
import { attribute, keyword, staticString, type Attribute, type Block, type Body, type Expr, type HclFile, type Span } from '../syntax/syntax';

const r = terraformRules;

function finding(span: { start: number; end: number }, code: string, message: string, severity?: Finding['severity']): Finding {
  return { start: span.start, end: span.end, code, message, ...(severity ? { severity } : {}) };
}

/** A value Terraform cannot read as a bool: a string other than "true"/"false", a number, a collection. */
function notBool(expr: Expr): boolean {
  if (expr.kind === 'literal') return expr.type === 'number' || (expr.type === 'string' && expr.value !== 'true' && expr.value !== 'false');
  if (expr.kind === 'template') {
    const s = staticString(expr);
    return s !== undefined && s !== 'true' && s !== 'false';
  }
  return expr.kind === 'tuple' || expr.kind === 'object';
}

function labelFindings(block: Block, schema: CoreBlock, out: Finding[]): void {
  const wanted = schema.labels;
  if (block.labels.length < wanted.length) {
    out.push(finding(block.typeSpan, r.labels.id, t('Missing name for {0}: all {0} blocks must have {1} labels ({2}).', block.type, wanted.length, wanted.join(', '))));
  } else if (block.labels.length > wanted.length) {
    const extra = block.labels[wanted.length];
    out.push(finding(extra, r.labels.id, wanted.length === 0 ? t('Extraneous label for {0}: no labels are expected for {0} blocks.', block.type) : t('Extraneous label for {0}: only {1} labels ({2}) are expected for {0} blocks.', block.type, wanted.length, wanted.join(', '))));
  }
  for (const label of block.labels) if (label.template) out.push(finding(label, r.labels.id, t('Invalid string literal: a block label cannot hold a template sequence (${…}); write $$ for a literal $.')));
}

function nameFindings(block: Block, out: Finding[]): void {
  const kind = block.type;
  const labels = block.labels;
  if (labels.some((l) => l.template)) return;
  if ((kind === 'resource' || kind === 'data' || kind === 'ephemeral') && labels.length >= 2) {
    if (!isIdentifier(labels[0].value)) out.push(finding(labels[0], r.invalidName.id, t('{0}: "{1}" is not a valid type name: a name starts with a letter or underscore and holds only letters, digits, underscores and dashes.', kind === 'ephemeral' ? 'Invalid ephemeral resource type' : kind === 'data' ? 'Invalid data source name' : 'Invalid resource type name', labels[0].value)));
    if (!isIdentifier(labels[1].value)) out.push(finding(labels[1], r.invalidName.id, t('{0}: "{1}" is not a valid name: a name starts with a letter or underscore and holds only letters, digits, underscores and dashes.', NAME_SUMMARIES[kind], labels[1].value)));
  } else if (NAME_SUMMARIES[kind] && labels.length >= 1) {
    if (!isIdentifier(labels[0].value)) out.push(finding(labels[0], r.invalidName.id, t('{0}: "{1}" is not a valid name: a name starts with a letter or underscore and holds only letters, digits, underscores and dashes.', NAME_SUMMARIES[kind], labels[0].value)));
    else if (kind === 'variable' && RESERVED_VARIABLE_NAMES.has(labels[0].value)) out.push(finding(labels[0], r.invalidName.id, t('Invalid variable name: the name "{0}" is reserved for the arguments of module blocks; choose another.', labels[0].value)));
  }
  if (kind === 'provider' && labels.length >= 1 && !/^[a-z0-9]+(-[a-z0-9]+)*$/.test(labels[0].value)) {
    out.push(finding(labels[0], r.invalidName.id, t('Invalid provider local name: "{0}" is not a valid provider name: lowercase letters, digits and dashes only (dashes not at either end).', labels[0].value)));
  }
}

function duplicateArguments(body: Body, out: Finding[]): void {
  const seen = new Map<string, Attribute>();
  for (const a of body.attributes) {
    const first = seen.get(a.name);
    if (first) out.push(finding(a.nameSpan, r.duplicateArgument.id, t('Attribute redefined: the argument "{0}" is already set in this block; set it once.', a.name)));
    else seen.set(a.name, a);
  }
}

function argumentFindings(block: Block, schema: CoreBlock, out: Finding[], json: boolean, override: boolean): void {
  for (const a of block.body.attributes) {
    const known = schema.arguments[a.name];
    if (schema.reservedArguments?.[a.name]) {
      out.push(finding(a.nameSpan, r.unsupportedArgument.id, t('{0}: "{1}" is reserved for a future version of Terraform; remove it.', schema.reservedArguments[a.name], a.name)));
      continue;
    }
    if (!known) {
      if (schema.otherArgument) out.push(finding(a.nameSpan, r.unsupportedArgument.id, t('{0}: the lifecycle of a {1} takes only precondition and postcondition blocks; "{2}" is not allowed.', schema.otherArgument, schema.otherArgument.includes('ephemeral') ? 'ephemeral resource' : 'data source', a.name)));
      else if (!schema.openArguments && !(json && schema.blocks[a.name])) out.push(finding(a.nameSpan, r.unsupportedArgument.id, block.type === '' ? t('Unsupported argument: an argument named "{0}" is not expected at the top level of a configuration file.', a.name) : t('Unsupported argument: an argument named "{0}" is not expected in a {1} block.', a.name, block.type)));
      continue;
    }
    if (known.bool && notBool(a.expr)) out.push(finding(a.expr, r.invalidValue.id, t('Unsuitable value type: "{0}" takes a bool (true or false).', a.name)));
  }
  // An override file sets what it changes only: the rest comes from the block it overrides.
  if (override) return;
  for (const [name, spec] of Object.entries(schema.arguments)) {
    if (spec.required && !attribute(block.body, name)) {
      out.push(finding(block.typeSpan, r.missingArgument.id, t('Missing required argument: the argument "{0}" is required in a {1} block, but no definition was found.', name, block.type)));
    }
  }
}

function quotedKeywords(block: Block, parents: readonly Block[], out: Finding[]): void {
  const top = parents[0]?.type ?? block.type;
  for (const a of block.body.attributes) {
    if (block.type === 'provisioner' && (a.name === 'when' || a.name === 'on_failure') && (a.expr.kind === 'template' || a.expr.kind === 'literal')) {
      out.push({ ...finding(a.expr, r.deprecated.id, t('Quoted keywords are deprecated: write {0} = {1} without quotes.', a.name, staticString(a.expr) ?? ''), 'warning'), data: withFix(t('Remove the quotes'), [{ start: a.expr.start, end: a.expr.end, newText: staticString(a.expr) ?? '' }]) });
    }
    const referenceList = a.name === 'depends_on' || (a.name === 'provider' && (top === 'resource' || top === 'data' || top === 'ephemeral') && parents.length === 0);
    if (!referenceList) continue;
    const items = a.expr.kind === 'tuple' ? a.expr.items : [a.expr];
    for (const item of items) {
      if ((item.kind === 'template' || item.kind === 'literal') && staticString(item) !== undefined) {
        out.push({ ...finding(item, r.deprecated.id, t('Quoted references are deprecated: write {0} without quotes.', staticString(item) ?? ''), 'warning'), data: withFix(t('Remove the quotes'), [{ start: item.start, end: item.end, newText: staticString(item) ?? '' }]) });
      } else if (a.name === 'depends_on' && item.kind === 'template') {
        // terraform validate: "Invalid expression: A single static variable reference is required" (issue #83).
        out.push(finding(item, r.invalidReference.id, t('Invalid expression: depends_on takes references only (aws_instance.web, module.net); a template ("${…}") is not one: write the reference without quotes.')));
      }
    }
  }
  if (block.type === 'provider' && attribute(block.body, 'version')) {
    out.push(finding(attribute(block.body, 'version')!.nameSpan, r.deprecated.id, t('Version constraints inside provider configuration blocks are deprecated: move it to required_providers in the terraform block.'), 'warning'));
  }
}

function ignoreChanges(block: Block, out: Finding[]): void {
  const a = attribute(block.body, 'ignore_changes');
  if (!a || a.expr.kind !== 'tuple') return;
  const star = a.expr.items.find((item) => staticString(item) === '*');
  if (star) out.push({ ...finding(star, r.ignoreChanges.id, t('Invalid ignore_changes wildcard: ["*"] is no longer accepted; write ignore_changes = all to ignore every attribute.')), data: withFix(t('Write ignore_changes = all'), [{ start: a.expr.start, end: a.expr.end, newText: 'all' }]) });
  else if (a.expr.items.some((item) => keyword(item) === 'all')) out.push(finding(a.expr, r.ignoreChanges.id, t('Invalid ignore_changes ruleset: all cannot be listed with attributes; write ignore_changes = all alone.')));
}

/** Every structure finding of one file (`override`: an override file, whose blocks need not be complete; `root`: the schema of its top level, a test, mock or query file's). */
export function structureFindings(syntax: HclFile, override = false, root: 'root' | 'queryRoot' | 'testRoot' | 'mockRoot' = 'root'): Finding[] {
  const out: Finding[] = [];
  const top: Block = { kind: 'block', type: '', typeSpan: { start: 0, end: 0 }, labels: [], body: syntax.body, start: 0, end: 0, open: 0, close: 0 };
  const stack: { block: Block; schema: CoreBlock; parents: Block[] }[] = [{ block: top, schema: CORE_BLOCKS[root], parents: [] }];
  while (stack.length > 0) {
    const { block, schema, parents } = stack.pop()!;
    const isRoot = block === top;
    if (!isRoot) {
      labelFindings(block, schema, out);
      nameFindings(block, out);
      quotedKeywords(block, parents.slice(1), out);
      if (block.type === 'lifecycle') ignoreChanges(block, out);
      if (block.type === 'provisioner' && block.labels[0] && REMOVED_PROVISIONERS.has(block.labels[0].value)) out.push(finding(block.labels[0], r.removedProvisioner.id, t('The "{0}" provisioner has been removed: Terraform 0.15 and later no longer run it; use a configuration management tool after provisioning.', block.labels[0].value)));
    }
    duplicateArguments(block.body, out);
    argumentFindings(block, schema, out, syntax.json, override);
    for (const nested of block.body.blocks) {
      const schemaName = schema.blocks[nested.type];
      if (schema.reservedBlocks?.[nested.type]) {
        out.push(finding(nested.typeSpan, r.unsupportedBlock.id, t('{0}: "{1}" is reserved for a future version of Terraform; remove it.', schema.reservedBlocks[nested.type], nested.type)));
        continue;
      }
      if (!schemaName) {
        if (isRoot && nested.type === 'required_providers') out.push(finding(nested.typeSpan, r.unsupportedBlock.id, t('Invalid required_providers block: required_providers goes inside a terraform block (terraform { required_providers { … } }).')));
        else if (schema.otherBlock) out.push(finding(nested.typeSpan, r.unsupportedBlock.id, t('{0}: only precondition and postcondition blocks are allowed here; "{1}" is not.', schema.otherBlock, nested.type)));
        else if (!schema.openBlocks && !isRoot) out.push(finding(nested.typeSpan, r.unsupportedBlock.id, t('Unsupported block type: blocks of type "{0}" are not expected in a {1} block.', nested.type, block.type)));
        else if (!schema.openBlocks) {
          const near = suggested(nested.type, Object.keys(schema.blocks), nested.typeSpan);
          out.push({ ...finding(nested.typeSpan, r.unsupportedBlock.id, t('Unsupported block type: blocks of type "{0}" are not expected at the top level.{1}', nested.type, near.text)), ...(near.data ? { data: near.data } : {}) });
        }
        continue;
      }
      stack.push({ block: nested, schema: CORE_BLOCKS[schemaName], parents: [...parents, block] });
    }
  }
  return out;
}

/**
 * A misspelt name's near candidate, if any: the message's ` Did you mean "x"?` and the finding's
 * data, the quick fix writing x over the finding's span. `written` gives the text the span holds
 * for a candidate (`var.x` for a variable `x` when the span is the whole reference), so the
 * message suggests exactly what the fix writes.
 */
export function suggested(name: string, candidates: readonly string[], span: Span, written: (near: string) => string = (near) => near): { text: string; data?: FixData } {
  const near = closestName(name, candidates, false);
  if (!near) return { text: '' };
  const text = written(near);
  return { text: t(' Did you mean "{0}"?', text), data: withFix(t('Change to "{0}"', text), [{ start: span.start, end: span.end, newText: text }]) };
}
