/**
 * Completion in Terraform files as terraform-ls offers it, from the schemas the checks read: in a
 * body, the attributes and nested blocks it does not set yet (a resource's from its provider's schema,
 * with Terraform's meta-arguments; a module block's inputs from the called module); a block's type
 * label (the resource types of the providers the module uses); in an expression, the references the
 * module declares (`var.`, `local.`, `module.<name>.`, `data.`, `<type>.<name>.` and what the schema
 * says the object exports), Terraform's functions and `true`/`false`/`null`.
 */
import { CompletionItemKind, InsertTextFormat, MarkupKind, type CompletionItem, type Range } from 'vscode-languageserver-types';
import type { IndexedFile, WorkspaceIndex } from '../../workspace/index';
import { calledModule, localFolder, MODULE_META } from '../model/moduleCalls';
import { declared, moduleAt, moduleOf, type Declaration, type TerraformModule } from '../model/model';
import { attribute, type Expr } from '../syntax/syntax';
import { cursorContext, tokensOf, traversalBefore, type CursorContext, type Header } from './context';
import { signatureLabel, type FunctionTable } from './functions';
import { attributeAsBlock, attributeDetail, blockDetail, friendlyType, moduleProviders, registryUrl, valueSnippet, type BlockTypeView, type BlockView, type EditorSchemas } from './schema';
import type { SchemaKind } from '../model/providerSchemas';
import { bodyView, objectAttributes, referenceView } from './scope';
import type { Span } from '../syntax/syntax';

/** What completion and hover read besides the index: the family's schemas and functions. */
export interface EditorData extends EditorSchemas {
  functions?: () => FunctionTable | undefined;
}

const markdown = (value: string | undefined) => (value ? { documentation: { kind: MarkupKind.Markdown, value } } : {});

/** Completion at `offset` of a Terraform configuration file. */
export function terraformCompletion(index: WorkspaceIndex, file: IndexedFile, offset: number, data: EditorData = {}): CompletionItem[] {
  const context = cursorContext(tokensOf(file), file.text, offset);
  const module = moduleOf(index, file);
  const range = (span: Span): Range => file.lines.range(span.start, span.end);
  switch (context.kind) {
    case 'body':
      return bodyItems(index, module, context, data, range(context.prefix), file.text.slice(context.prefix.start, context.prefix.end));
    case 'label':
      return labelItems(module, context, data, range(context.prefix));
    case 'expression':
      return expressionItems(index, module, file, offset, context, data);
    default:
      return [];
  }
}

function bodyItems(index: WorkspaceIndex, module: TerraformModule, context: Extract<CursorContext, { kind: 'body' }>, data: EditorData, range: Range, typed: string): CompletionItem[] {
  const { path, names } = context;
  if (path.length === 1 && path[0].type === 'module') return moduleInputs(index, module, path[0], context, range);
  const view = bodyView(module, data, path);
  if (!view) return [];
  const items: CompletionItem[] = [];
  const top = path.length === 0;
  for (const a of view.attributes.values()) {
    // Computed-only attributes are what the object exports, not arguments.
    if (names.has(a.name) && a.name !== typed) continue;
    if (a.computed && !a.optional && !a.required) continue;
    if ((a.name === 'count' && names.has('for_each')) || (a.name === 'for_each' && names.has('count'))) continue;
    items.push({
      label: a.name,
      kind: CompletionItemKind.Property,
      detail: attributeDetail(a),
      ...markdown(a.description),
      ...(a.deprecated ? { tags: [1] } : {}),
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range, newText: `${a.name} = ${valueSnippet(a.type)}` },
    });
  }
  for (const b of view.blocks.values()) {
    if (names.has(b.name) && b.max === 1) continue;
    items.push(blockItem(b, range, top));
  }
  return items;
}

/** A nested (or top-level) block's item: `type "${1}" "${2:name}" {…}` for the labelled ones. */
function blockItem(b: BlockTypeView, range: Range, top: boolean): CompletionItem {
  let placeholder = 1;
  const labels = (b.labels ?? []).map((label, i) => (top && i === 0 && (b.name === 'resource' || b.name === 'data' || b.name === 'ephemeral' || b.name === 'provider') ? ` "\${${placeholder++}}"` : ` "\${${placeholder++}:${label}}"`)).join('');
  const dependent = top && ['resource', 'data', 'ephemeral', 'provider'].includes(b.name);
  return {
    label: b.name,
    kind: CompletionItemKind.Class,
    detail: blockDetail(b),
    ...markdown(b.description),
    insertTextFormat: InsertTextFormat.Snippet,
    textEdit: { range, newText: `${b.name}${labels} {\n  \${${placeholder}}\n}` },
    // The type label's own completion follows (terraform-ls: TriggerSuggest on a dependency key).
    ...(dependent ? { command: { title: 'Suggest', command: 'editor.action.triggerSuggest' } } : {}),
  };
}

/** The inputs of the module a module block calls, not yet set; the block's own arguments. */
function moduleInputs(index: WorkspaceIndex, module: TerraformModule, header: Header, context: Extract<CursorContext, { kind: 'body' }>, range: Range): CompletionItem[] {
  const declaration = declared(module, 'module').get(header.labels[0] ?? '')?.[0];
  let called = declaration ? calledModule(index, module, declaration) : undefined;
  // The block being typed may not parse yet: its source as the text says.
  const source = context.strings.get('source');
  const folder = !called && source ? localFolder(module.folder, source) : undefined;
  if (folder) called = moduleAt(index, folder);
  const items: CompletionItem[] = [];
  for (const [v] of called ? declared(called, 'variable').values() : []) {
    if (context.names.has(v.key) || MODULE_META.has(v.key)) continue;
    const required = !attribute(v.block.body, 'default');
    const type = typeText(called!, v);
    const description = staticDescription(v);
    items.push({
      label: v.key,
      kind: CompletionItemKind.Property,
      detail: [required ? 'required' : 'optional', type].filter(Boolean).join(', '),
      ...markdown(description),
      sortText: `${required ? 0 : 1}${v.key}`,
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range, newText: `${v.key} = \${1}` },
    });
  }
  for (const meta of ['source', 'version', 'count', 'for_each', 'providers', 'depends_on']) {
    if (context.names.has(meta) || (meta === 'count' && context.names.has('for_each')) || (meta === 'for_each' && context.names.has('count'))) continue;
    items.push({ label: meta, kind: CompletionItemKind.Property, detail: meta === 'source' ? 'required, string' : 'optional', sortText: `2${meta}`, insertTextFormat: InsertTextFormat.Snippet, textEdit: { range, newText: `${meta} = ${meta === 'source' || meta === 'version' ? '"${1}"' : '${1}'}` } });
  }
  return items;
}

/** A variable's type as written (`list(string)`), if it has one. */
function typeText(module: TerraformModule, variable: Declaration): string | undefined {
  const type = attribute(variable.block.body, 'type');
  const file = module.files.find((f) => f.file.uri === variable.uri)?.file;
  return type && file ? file.text.slice(type.expr.start, type.expr.end).replace(/\s+/g, ' ') : undefined;
}

function staticDescription(d: Declaration): string | undefined {
  const expr = attribute(d.block.body, 'description')?.expr;
  if (expr?.kind === 'literal' && typeof expr.value === 'string') return expr.value;
  if (expr?.kind === 'template' && expr.parts.every((p) => p.kind === 'text')) return expr.parts.map((p) => (p.kind === 'text' ? p.value : '')).join('');
  return undefined;
}

const BACKENDS = ['azurerm', 'consul', 'cos', 'gcs', 'http', 'kubernetes', 'local', 'oci', 'oss', 'pg', 'remote', 's3'];

function labelItems(module: TerraformModule, context: Extract<CursorContext, { kind: 'label' }>, data: EditorData, range: Range): CompletionItem[] {
  const { header, index: which, quoted } = context;
  const quote = (name: string) => (quoted ? name : `"${name}"`);
  const top = context.path.length === 0;
  if (which !== 0) return [];
  const table: SchemaKind | undefined = header.type === 'resource' || header.type === 'data' || header.type === 'ephemeral' ? header.type : undefined;
  if (table && (top || header.type === 'data')) {
    const items: CompletionItem[] = [];
    for (const provider of moduleProviders(module, data)) {
      for (const type of provider.types(table)) {
        items.push({
          label: type,
          kind: CompletionItemKind.Class,
          detail: `${provider.source} ${provider.version}`.trim(),
          ...markdown(`[\`${type}\` on registry.terraform.io](${registryUrl(provider, table, type)})`),
          textEdit: { range, newText: quote(type) },
        });
      }
    }
    return items;
  }
  if (header.type === 'provider' && top) {
    const names = new Set([...module.requiredProviders.keys(), ...moduleProviders(module, data).map((p) => p.provider)]);
    return [...names].map((name) => ({ label: name, kind: CompletionItemKind.Module, textEdit: { range, newText: quote(name) } }));
  }
  if (header.type === 'backend') return BACKENDS.map((name) => ({ label: name, kind: CompletionItemKind.Module, textEdit: { range, newText: quote(name) } }));
  if (header.type === 'dynamic') {
    const view = bodyView(module, data, context.path);
    const blocks = [...(view?.blocks.values() ?? [])].filter((b) => !b.core).map((b) => ({ label: b.name, kind: CompletionItemKind.Class, detail: blockDetail(b), ...markdown(b.description), textEdit: { range, newText: quote(b.name) } }));
    // A list of objects an argument takes may be written as blocks, and so generated.
    const asBlocks = [...(view?.attributes.values() ?? [])].filter((a) => view && attributeAsBlock(view, a.name)).map((a) => ({ label: a.name, kind: CompletionItemKind.Class, detail: attributeDetail(a), ...markdown(a.description), textEdit: { range, newText: quote(a.name) } }));
    return [...blocks, ...asBlocks];
  }
  return [];
}

// ---------------------------------------------------------------------------------------------
// Expressions.

function expressionItems(index: WorkspaceIndex, module: TerraformModule, file: IndexedFile, offset: number, context: Extract<CursorContext, { kind: 'expression' }>, data: EditorData): CompletionItem[] {
  const traversal = traversalBefore(tokensOf(file), file.text, offset);
  const range = file.lines.range(traversal?.span.start ?? offset, offset);
  if (traversal && traversal.steps.length > 0) {
    const written = file.text.slice(traversal.span.start, offset - traversal.partial.length);
    return referenceItems(index, module, traversal.steps, context, data).map((r) => ({ ...r, label: written + r.label, filterText: written + r.label, textEdit: { range, newText: written + r.label } }));
  }
  const items: CompletionItem[] = [];
  for (const r of rootReferences(module, context)) items.push({ ...r, textEdit: { range, newText: r.label } });
  const functions = data.functions?.();
  for (const [name, signature] of Object.entries(functions?.function_signatures ?? {})) {
    items.push({
      label: name,
      kind: CompletionItemKind.Function,
      detail: signatureLabel(name, signature).label,
      ...markdown(signature.description),
      insertTextFormat: InsertTextFormat.Snippet,
      textEdit: { range, newText: `${name}(\${1})` },
      command: { title: 'Parameter hints', command: 'editor.action.triggerParameterHints' },
    });
  }
  for (const keyword of ['true', 'false', 'null']) items.push({ label: keyword, kind: CompletionItemKind.Keyword, textEdit: { range, newText: keyword } });
  return items;
}

/** The references an expression may start with: every address the module declares, and the context's own (`each`, `count`, `path`…). */
function rootReferences(module: TerraformModule, context: Extract<CursorContext, { kind: 'expression' }>): CompletionItem[] {
  const items: CompletionItem[] = [];
  const add = (label: string, kind: CompletionItemKind, detail?: string, documentation?: string) => items.push({ label, kind: kind, ...(detail ? { detail } : {}), ...markdown(documentation) });
  for (const [v] of declared(module, 'variable').values()) add(`var.${v.key}`, CompletionItemKind.Variable, typeText(module, v) ?? 'any type', staticDescription(v));
  for (const [l] of declared(module, 'local').values()) add(`local.${l.key}`, CompletionItemKind.Variable, literalType(l.attribute?.expr));
  for (const [m] of declared(module, 'module').values()) add(`module.${m.key}`, CompletionItemKind.Module, 'module');
  for (const [d] of declared(module, 'data').values()) add(`data.${d.key}`, CompletionItemKind.Variable, d.type);
  for (const [r] of declared(module, 'resource').values()) add(r.key, CompletionItemKind.Variable, r.type);
  for (const [e] of declared(module, 'ephemeral').values()) add(`ephemeral.${e.key}`, CompletionItemKind.Variable, e.type);
  const scope = new Set(context.scopes.flatMap((s) => [...s]));
  if (scope.has('for_each')) {
    add('each.key', CompletionItemKind.Variable, 'string');
    add('each.value', CompletionItemKind.Variable);
  }
  if (scope.has('count')) add('count.index', CompletionItemKind.Variable, 'number');
  for (const p of ['module', 'root', 'cwd']) add(`path.${p}`, CompletionItemKind.Variable, 'string');
  add('terraform.workspace', CompletionItemKind.Variable, 'string');
  return items;
}

/** A literal's type name (`string`, `number`, `bool`, `tuple`, `object`); undefined for anything else. */
function literalType(expr: Expr | undefined): string | undefined {
  if (!expr) return undefined;
  if (expr.kind === 'literal') return expr.type === 'null' ? undefined : expr.type;
  if (expr.kind === 'template') return 'string';
  if (expr.kind === 'tuple') return 'tuple';
  if (expr.kind === 'object') return 'object';
  return undefined;
}

/** What follows `steps.` in a reference: names of the declarations the steps select, or the attributes of the object they read. */
function referenceItems(index: WorkspaceIndex, module: TerraformModule, steps: readonly string[], context: Extract<CursorContext, { kind: 'expression' }>, data: EditorData): CompletionItem[] {
  const [root, ...rest] = steps;
  const item = (label: string, kind: CompletionItemKind, detail?: string, documentation?: string): CompletionItem => ({ label, kind, ...(detail ? { detail } : {}), ...markdown(documentation) });
  const names = (kind: 'variable' | 'local' | 'module', make: (d: Declaration) => CompletionItem) => [...declared(module, kind).values()].map(([d]) => make(d));
  if (rest.length === 0) {
    switch (root) {
      case 'var':
        return names('variable', (v) => item(v.key, CompletionItemKind.Variable, typeText(module, v) ?? 'any type', staticDescription(v)));
      case 'local':
        return names('local', (l) => item(l.key, CompletionItemKind.Variable, literalType(l.attribute?.expr)));
      case 'module':
        return names('module', (m) => item(m.key, CompletionItemKind.Module, 'module'));
      case 'data':
        return [...declared(module, 'data').values()].map(([d]) => item(d.key, CompletionItemKind.Variable, d.type));
      case 'ephemeral':
        return [...declared(module, 'ephemeral').values()].map(([d]) => item(d.key, CompletionItemKind.Variable, d.type));
      case 'resource':
        return [...declared(module, 'resource').values()].map(([d]) => item(d.key, CompletionItemKind.Variable, d.type));
      case 'each':
        return [item('key', CompletionItemKind.Variable, 'string'), item('value', CompletionItemKind.Variable)];
      case 'count':
        return [item('index', CompletionItemKind.Variable, 'number')];
      case 'path':
        return ['module', 'root', 'cwd'].map((n) => item(n, CompletionItemKind.Variable, 'string'));
      case 'terraform':
        return [item('workspace', CompletionItemKind.Variable, 'string'), item('applying', CompletionItemKind.Variable, 'bool')];
      case 'self': {
        const view = bodyView(module, data, context.path.slice(0, 1));
        return view ? attributeItems(view) : [];
      }
      default:
        return [...declared(module, 'resource').values()].filter(([d]) => d.type === root).map(([d]) => item(d.name, CompletionItemKind.Variable, d.type));
    }
  }
  if (root === 'module' && rest.length === 1) {
    const call = declared(module, 'module').get(rest[0])?.[0];
    const called = call && calledModule(index, module, call);
    return called ? [...declared(called, 'output').values()].map(([o]) => item(o.key, CompletionItemKind.Property, 'output', staticDescription(o))) : [];
  }
  if ((root === 'data' || root === 'ephemeral' || root === 'resource') && rest.length === 1) {
    const kind = root === 'resource' ? 'resource' : root;
    return [...declared(module, kind).values()].filter(([d]) => d.type === rest[0]).map(([d]) => item(d.name, CompletionItemKind.Variable, d.type));
  }
  const target = referenceView(module, data, steps);
  if (!target) return [];
  if (target.kind === 'block') return attributeItems(target.view);
  return Object.entries(objectAttributes(target.type) ?? {}).map(([name, type]) => item(name, CompletionItemKind.Property, friendlyType(type)));
}

/** The attributes and nested blocks an object of a schema exports. */
function attributeItems(view: BlockView): CompletionItem[] {
  const items: CompletionItem[] = [];
  for (const a of view.attributes.values()) items.push({ label: a.name, kind: CompletionItemKind.Property, detail: attributeDetail(a), ...markdown(a.description) });
  for (const b of view.blocks.values()) if (b.name !== 'lifecycle' && b.name !== 'provisioner' && b.name !== 'connection' && b.name !== 'dynamic') items.push({ label: b.name, kind: CompletionItemKind.Property, detail: blockDetail(b), ...markdown(b.description) });
  return items;
}
