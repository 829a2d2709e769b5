import { CompletionItemKind, CompletionItemTag, InsertTextFormat, MarkupKind, type CompletionItem, type Range } from 'vscode-languageserver-types';
import { isSeq, type Node } from 'yaml';
import type { ArchipelSettings } from '../../settings';
import type { IndexedFile } from '../../workspace/index';
import { cursorContext } from '../../yaml/cursor';
import { entries } from '../../yaml/mapping';
import type { YamlDocumentRef, YamlFile } from '../../yaml/model';
import { nodeAtPath, pathAtOffset, type PathSegment } from '../../yaml/path';
import { localWorkflowUri, parseUses, type ActionInfo } from '../model/actions';
import { selfHostedLabels, githubHostedLabels } from '../checks/runners';
import { builtinFunctions, canonicalContext, contextDescription, knownContexts, restrictedFunctions } from '../model/contexts';
import { callableInputs, locate, resolveAction, workflowModel } from '../model/data';
import { workflowKind } from '../model/files';
import type { WorkflowFileModel } from '../model/model';
import { noContext, type AllowedContext } from '../model/schema';
import { schemaAt } from '../model/schemaPath';
import { propertiesOf, type Vocabulary } from '../model/vocabulary';
import { t } from '../../l10n/t';

const shells = ['bash', 'pwsh', 'python', 'sh', 'cmd', 'powershell'];

function markdown(value: string | undefined): CompletionItem['documentation'] {
  return value ? { kind: MarkupKind.Markdown, value } : undefined;
}

interface Cursor {
  vocabulary: Vocabulary;
  file: IndexedFile;
  offset: number;
  settings: ArchipelSettings;
}

/** A text edit replacing the `typed` characters just before the cursor. */
function replacing(cursor: Cursor, typed: string): Range {
  return { start: cursor.file.lines.positionAt(cursor.offset - typed.length), end: cursor.file.lines.positionAt(cursor.offset) };
}

function item(cursor: Cursor, typed: string, label: string, kind: CompletionItemKind, extra: Partial<CompletionItem> = {}, insert = label, snippet = false): CompletionItem {
  return {
    label,
    kind,
    textEdit: { range: replacing(cursor, typed), newText: insert },
    ...(snippet ? { insertTextFormat: InsertTextFormat.Snippet } : {}),
    ...extra,
  };
}

/** The expression being typed before the cursor on this line, if the cursor is inside one. */
/** How much of an expression before the cursor completion reads. */
const MAX_EXPRESSION_PREFIX = 1_000;

function expressionPrefix(before: string): string | undefined {
  const open = before.lastIndexOf('${{');
  if (open >= 0 && before.indexOf('}}', open) < 0) return before.slice(open + 3);
  // A bare if: condition is an expression as a whole.
  const condition = /^\s*(?:-\s+)?(?:if|post-if|pre-if):\s+(?![\s'"|>])(.*)$/.exec(before);
  return condition ? condition[1] : undefined;
}

function expressionItems(cursor: Cursor, prefix: string, model: WorkflowFileModel, allowed: AllowedContext): CompletionItem[] {
  const place = (() => {
    const path = model.syntaxErrors ? [] : pathAtOffset(model.doc, cursor.offset - model.offset);
    return locate(model, path);
  })();
  // Only the end of the expression matters, and the member pattern below is tried from every start
  // position (quadratic on a 200,000-character word): a chain longer than this is not typed by hand.
  const normalized = prefix.slice(-MAX_EXPRESSION_PREFIX).replace(/\[\s*'([^']*)'\s*\]/g, '.$1');
  const member = /(?<![\w-])([A-Za-z_][\w-]*(?:\.(?:[\w-]+|\*))*)\.([\w-]*)$/.exec(normalized);
  if (member) {
    const chain = member[1].split('.');
    const typed = member[2];
    const entries = propertiesOf(cursor.vocabulary, chain, place) ?? [];
    return entries.map((e) => item(cursor, typed, e.name, CompletionItemKind.Field, { detail: e.detail, documentation: markdown(e.description) }));
  }
  const typed = /(?<![\w-])([A-Za-z_][\w-]*)?$/.exec(normalized)?.[0] ?? '';
  const items: CompletionItem[] = [];
  for (const name of knownContexts(model.flavor)) {
    const canonical = canonicalContext(name);
    if (!allowed.names.includes(canonical)) continue;
    items.push(item(cursor, typed, name, CompletionItemKind.Module, { detail: 'context', documentation: markdown(contextDescription(cursor.vocabulary.data.contexts, canonical)) }));
  }
  for (const fn of builtinFunctions.values()) {
    items.push(item(cursor, typed, fn.name, CompletionItemKind.Function, { detail: fn.signature, documentation: markdown(fn.description) }, `${fn.name}($1)`, true));
  }
  for (const fn of allowed.functions.values()) {
    const info = restrictedFunctions.get(fn.name.toLowerCase());
    const description = contextDescription(cursor.vocabulary.data.contexts, 'functions', fn.name);
    items.push(item(cursor, typed, fn.name, CompletionItemKind.Function, { detail: info?.signature ?? `${fn.name}()`, documentation: markdown(description) }, fn.max === 0 ? `${fn.name}()` : `${fn.name}($1)`, fn.max !== 0));
  }
  return items;
}

/** The kind of value a definition takes, for the text inserted after a key. */
function keyInsert(model: WorkflowFileModel, cursor: Cursor, definition: string, name: string, indent: number): string {
  const schema = model.kind === 'workflow' ? cursor.vocabulary.data.schemas.workflow : cursor.vocabulary.data.schemas.action;
  const leaves = schema.expand(definition);
  const scalar = leaves.some((l) => l.def.string || l.def.boolean || l.def.number || l.def.null);
  if (!scalar && leaves.some((l) => l.def.mapping)) return `${name}:\n${' '.repeat(indent + 2)}$0`;
  if (!scalar && leaves.some((l) => l.def.sequence)) return `${name}:\n${' '.repeat(indent + 2)}- $0`;
  return `${name}: $0`;
}

function valueItems(cursor: Cursor, model: WorkflowFileModel, path: PathSegment[], typed: string, allowedDefinition: string | undefined): CompletionItem[] {
  const key = [...path].reverse().find((s): s is string => typeof s === 'string');
  const items: CompletionItem[] = [];
  const add = (label: string, kind: CompletionItemKind, extra: Partial<CompletionItem> = {}) => items.push(item(cursor, typed, label, kind, extra));
  if (key === 'runs-on' && model.kind === 'workflow') {
    const labels = model.flavor === 'gitea' ? cursor.settings.workflows.runnerLabels : [...githubHostedLabels, ...selfHostedLabels, ...cursor.settings.workflows.runnerLabels];
    for (const label of labels) add(label, CompletionItemKind.EnumMember, { detail: githubHostedLabels.includes(label) ? 'GitHub-hosted runner' : 'runner label' });
    return items;
  }
  if (key === 'needs' && path[0] === 'jobs') {
    for (const job of model.jobs) if (job.id !== path[1]) add(job.id, CompletionItemKind.Reference, { detail: job.name ? `job "${job.name}"` : 'job' });
    return items;
  }
  if (key === 'uses' && path.includes('steps')) {
    for (const action of cursor.vocabulary.data.actions.all()) {
      items.push(item(cursor, typed, action.key, CompletionItemKind.Module, { detail: action.name, documentation: markdown(action.description) }, `${action.key}@$0`, true));
    }
    return items;
  }
  if (key === 'shell') {
    for (const shell of shells) add(shell, CompletionItemKind.EnumMember);
    return items;
  }
  if (!allowedDefinition) return items;
  const schema = model.kind === 'workflow' ? cursor.vocabulary.data.schemas.workflow : cursor.vocabulary.data.schemas.action;
  for (const value of schema.constants(allowedDefinition)) add(value, CompletionItemKind.EnumMember, { documentation: markdown(schema.description(allowedDefinition)) });
  if (schema.scalarDefinitions(allowedDefinition).some((s) => s.kind === 'boolean')) for (const b of ['true', 'false']) add(b, CompletionItemKind.Value);
  return items;
}

/** The inputs a with: at this path takes: the step's action's, or the called reusable workflow's. */
function inputsFor(cursor: Cursor, model: WorkflowFileModel, ownerPath: PathSegment[]): ActionInfo['inputs'] | undefined {
  const { job, step } = locate(model, ownerPath);
  if (ownerPath.includes('steps')) {
    return step?.uses ? resolveAction(cursor.vocabulary, parseUses(step.uses.value, model.flavor))?.inputs : undefined;
  }
  const uses = job?.uses ? parseUses(job.uses.value, model.flavor, true) : undefined;
  const uri = uses?.kind === 'local' ? localWorkflowUri(model.uri, uses.path) : undefined;
  const file = uri ? cursor.vocabulary.index.get(uri) : undefined;
  const callee = file ? workflowModel(file, cursor.vocabulary.data, model.flavor) : undefined;
  return callee ? callableInputs(callee) : undefined;
}

/** Inputs of the action a step uses (or of the reusable workflow a job calls), for keys under with:. */
function withItems(cursor: Cursor, model: WorkflowFileModel, ownerPath: PathSegment[], typed: string, present: Set<string>): CompletionItem[] {
  const inputs = inputsFor(cursor, model, ownerPath);
  if (!inputs) return [];
  return Object.entries(inputs)
    .filter(([name]) => !present.has(name))
    .map(([name, input]) =>
      item(
        cursor,
        typed,
        name,
        CompletionItemKind.Property,
        {
          detail: `${input.required ? t('required') : t('optional')}${input.default !== undefined && input.default !== '' ? t(' (default: {0})', input.default) : ''}${input.deprecationMessage ? t(' (deprecated)') : ''}`,
          documentation: markdown(input.description),
          sortText: `${input.required ? '0' : input.deprecationMessage ? '2' : '1'}${name}`,
          tags: input.deprecationMessage ? [CompletionItemTag.Deprecated] : undefined,
        },
        `${name}: $0`,
        true,
      ),
    );
}

/** The path of the block sequence whose item starts at `column` of `line`: the `key:` above it. */
function sequencePath(file: YamlFile, ref: YamlDocumentRef, line: number, column: number): PathSegment[] | undefined {
  for (let above = line - 1; above >= 0; above--) {
    const text = file.lines.lineText(above);
    if (/^\s*(#.*)?$/.test(text)) continue;
    const lead = text.length - text.trimStart().length;
    if (lead > column || (lead === column && /^\s*-\s/.test(text))) continue; // an earlier item
    const key = /^(\s*)(?:-\s+)?([^\s:#](?:[^:#\s]|\s+[^:#\s])*)\s*:\s*$/.exec(text);
    if (!key) return undefined;
    const path = pathAtOffset(ref.doc, file.lines.lineStart(above) + text.indexOf(key[2], key[1].length) - ref.offset);
    return path[path.length - 1] === key[2] ? path : undefined;
  }
  return undefined;
}

/** Completion in a workflow or action.yml: keys, values, action inputs and expressions. */
export function workflowCompletion(vocabulary: Vocabulary, file: IndexedFile, offset: number, settings: ArchipelSettings): CompletionItem[] {
  const { model } = vocabulary;
  const yaml = file.yaml;
  if (!yaml || !workflowKind(file.uri)) return [];
  const cursor: Cursor = { vocabulary, file, offset, settings };
  const schema = model.kind === 'workflow' ? vocabulary.data.schemas.workflow : vocabulary.data.schemas.action;
  const position = file.lines.positionAt(offset);
  const before = file.lines.lineText(position.line).slice(0, position.character);
  const ref = yaml.documentAt(offset);
  if (!ref) return [];

  const prefix = expressionPrefix(before);
  if (prefix !== undefined) {
    const path = model.syntaxErrors ? undefined : pathAtOffset(model.doc, offset - model.offset);
    const allowed = path ? (schemaAt(schema, model.doc.contents, path)?.allowed ?? noContext) : noContext;
    // Where the schema cannot tell (a file that does not parse yet), offer every context.
    const effective = allowed.names.length > 0 ? allowed : { names: knownContexts('github'), functions: new Map() };
    return expressionItems(cursor, prefix, model, effective);
  }

  const root = ref.doc.contents as Node | null;
  const context = cursorContext(yaml, offset);
  if (!context) {
    // A block list item (`- |` under needs:, types:, branches:): complete the item's values.
    const item = /^(\s*)-\s+([^\s:#]*)$/.exec(before);
    const list = item ? sequencePath(yaml, ref, position.line, item[1].length) : undefined;
    if (!item || !list) return [];
    const at = schemaAt(schema, root, list);
    const sequence = at ? schema.sequenceDefinition(at.definition) : undefined;
    return valueItems(cursor, model, list, item[2], sequence?.def.sequence?.['item-type']);
  }
  if (context.kind === 'value') {
    const at = schemaAt(schema, root, context.path);
    return valueItems(cursor, model, context.path, context.prefix, at?.definition);
  }
  const base = context.path;
  const container = nodeAtPath(ref.doc, base)?.node;
  // An item of a flow list (`needs: [a, |]`): complete values.
  if (isSeq(container) || typeof base[base.length - 1] === 'number') {
    const list = isSeq(container) ? base : base.slice(0, -1);
    const at = schemaAt(schema, root, list);
    const sequence = at ? schema.sequenceDefinition(at.definition) : undefined;
    return valueItems(cursor, model, list, context.prefix, sequence?.def.sequence?.['item-type']);
  }
  const present = new Set(entries(container).map((e) => e.name));
  const typed = context.prefix;
  const indent = position.character - typed.length;
  if (base[base.length - 1] === 'with') return withItems(cursor, model, base.slice(0, -1), typed, present);
  const at = schemaAt(schema, root, base);
  if (!at) return [];
  const seen = new Set<string>();
  const items: CompletionItem[] = [];
  for (const mapping of at.mappings) {
    for (const property of schema.properties(mapping.def)) {
      if (present.has(property.name) || seen.has(property.name)) continue;
      seen.add(property.name);
      items.push(
        item(cursor, typed, property.name, CompletionItemKind.Property, {
          detail: property.required ? 'required' : undefined,
          documentation: markdown(property.description),
          sortText: `${property.required ? '0' : '1'}${property.name}`,
        }, keyInsert(model, cursor, property.type, property.name, indent), true),
      );
    }
  }
  return items;
}
