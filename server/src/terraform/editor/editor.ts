/**
 * The outline, hovers and completion of Terraform files: declarations as symbols; what a name is
 * (a variable's type, default and description, a local's value, a module's source); names where a
 * reference is typed (`var.`, `local.`, `module.`, `module.<name>.`, `data.<type>.`), block types at
 * the top level, and a called module's inputs inside its module block.
 */
import { CompletionItemKind, MarkupKind, SymbolKind, type CompletionItem, type DocumentSymbol, type Hover } from 'vscode-languageserver-types';
import { t } from '../../l10n/t';
import type { IndexedFile, WorkspaceIndex } from '../../workspace/index';
import { calledModule, localFolder, MODULE_META } from '../model/moduleCalls';
import { declared, moduleAt, moduleOf, syntaxOf, type Declaration, type TerraformModule } from '../model/model';
import { targetAt } from './navigation';
import { attribute, staticString, type Block } from '../syntax/syntax';

const KINDS: Record<string, SymbolKind> = {
  resource: SymbolKind.Class,
  data: SymbolKind.Struct,
  ephemeral: SymbolKind.Class,
  module: SymbolKind.Module,
  variable: SymbolKind.Variable,
  output: SymbolKind.Property,
  provider: SymbolKind.Package,
  terraform: SymbolKind.Namespace,
  locals: SymbolKind.Namespace,
};

/** A block's name in the outline: its type and labels (`resource aws_instance.web`). */
function blockName(block: Block): string {
  const labels = block.labels.map((l) => l.value).join('.');
  return labels ? `${block.type} ${labels}` : block.type;
}

/** The outline: top-level blocks, their nested blocks and locals. */
export function terraformSymbols(file: IndexedFile): DocumentSymbol[] {
  const syntax = syntaxOf(file);
  const range = (start: number, end: number) => file.lines.range(start, end);
  const symbol = (block: Block, depth: number): DocumentSymbol => ({
    name: blockName(block),
    kind: KINDS[block.type] ?? SymbolKind.Object,
    range: range(block.start, block.end),
    selectionRange: range(block.labels[0]?.start ?? block.typeSpan.start, block.labels[block.labels.length - 1]?.end ?? block.typeSpan.end),
    children:
      block.type === 'locals'
        ? block.body.attributes.map((a) => ({ name: a.name, kind: SymbolKind.Constant, range: range(a.start, a.end), selectionRange: range(a.nameSpan.start, a.nameSpan.end) }))
        : depth < 4
          ? block.body.blocks.map((b) => symbol(b, depth + 1))
          : [],
  });
  return syntax.body.blocks.map((b) => symbol(b, 0));
}

/** The text of an expression, shortened for a hover. */
function excerpt(module: TerraformModule, uri: string, span: { start: number; end: number }): string {
  const text = module.files.find((f) => f.file.uri === uri)?.file.text.slice(span.start, span.end) ?? '';
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}

/** What a declaration is, in Markdown. */
export function describeDeclaration(module: TerraformModule, d: Declaration): string {
  const lines: string[] = [];
  const body = d.block.body;
  const code = (name: string) => {
    const a = attribute(body, name);
    return a ? excerpt(module, d.uri, a.expr) : undefined;
  };
  switch (d.kind) {
    case 'variable':
      lines.push(`**variable "${d.key}"**`);
      if (code('type')) lines.push(t('type: `{0}`', code('type')!));
      lines.push(code('default') !== undefined ? t('default: `{0}`', code('default')!) : t('required: no default'));
      if (attribute(body, 'sensitive')) lines.push(t('sensitive'));
      break;
    case 'local':
      lines.push(`**local.${d.key}**`, '```hcl\n' + excerpt(module, d.uri, d.attribute!.expr) + '\n```');
      break;
    case 'output':
      lines.push(`**output "${d.key}"**`);
      if (code('value')) lines.push('```hcl\n' + code('value')! + '\n```');
      break;
    case 'module':
      lines.push(`**module "${d.key}"**`, t('source: `{0}`', staticString(attribute(body, 'source')?.expr) ?? '?'));
      if (code('version')) lines.push(t('version: `{0}`', code('version')!));
      break;
    default:
      lines.push(`**${d.kind === 'resource' ? 'resource' : d.kind} "${d.type ?? ''}" "${d.name}"**`);
  }
  const description = staticString(attribute(body, 'description')?.expr);
  if (description) lines.push(description);
  const file = module.files.find((f) => f.file.uri === d.uri);
  if (file) lines.push(t('declared in {0}, line {1}', decodeURIComponent(d.uri.slice(d.uri.lastIndexOf('/') + 1)), file.file.lines.positionAt(d.nameSpan.start).line + 1));
  return lines.join('\n\n');
}

/** Hover on a name: what it designates. */
export function terraformHover(index: WorkspaceIndex, file: IndexedFile, offset: number): Hover | undefined {
  const target = targetAt(index, file, offset);
  if (!target) return undefined;
  return { contents: { kind: MarkupKind.Markdown, value: describeDeclaration(target.module, target.declaration) }, range: file.lines.range(target.span.start, target.span.end) };
}

const TOP_BLOCKS = ['resource', 'data', 'ephemeral', 'module', 'variable', 'output', 'locals', 'provider', 'terraform', 'moved', 'import', 'removed', 'check'];

function item(label: string, kind: CompletionItemKind, detail?: string, documentation?: string): CompletionItem {
  return { label, kind, ...(detail ? { detail } : {}), ...(documentation ? { documentation: { kind: MarkupKind.Markdown, value: documentation } } : {}) };
}

/** The `module "name" {` block the cursor is in, read from the text (the block being typed may not parse yet). */
function enclosingModuleCall(text: string, offset: number): { name: string; source?: string; set: string[] } | undefined {
  let depth = 0;
  for (let i = offset - 1; i >= 0; i--) {
    const c = text[i];
    if (c === '}') depth++;
    else if (c === '{') {
      if (depth === 0) {
        const lineStart = text.lastIndexOf('\n', i) + 1;
        const header = /^module\s+"([^"]+)"\s*$/.exec(text.slice(lineStart, i).trim());
        if (!header) return undefined;
        const rest = text.slice(i, text.indexOf('\n}', i) === -1 ? undefined : text.indexOf('\n}', i));
        return { name: header[1], source: /\bsource\s*=\s*"([^"]*)"/.exec(rest)?.[1], set: [...rest.matchAll(/^[^\S\n\r\u2028\u2029]*([\w-]+)\s*=/gm)].map((m) => m[1]) };
      }
      depth--;
    }
  }
  return undefined;
}

/** Completion at `offset`. */
export function terraformCompletion(index: WorkspaceIndex, file: IndexedFile, offset: number): CompletionItem[] {
  const module = moduleOf(index, file);
  const position = file.lines.positionAt(offset);
  const before = file.lines.lineText(position.line).slice(0, position.character);
  const names = (kind: Parameters<typeof declared>[1], symbol: CompletionItemKind) => [...declared(module, kind).values()].map(([d]) => item(d.name, symbol, undefined, describeDeclaration(module, d)));
  const dotted = /(?<![\w-])([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*|\[[^\]]*\])*)\.([\w-]*)$/.exec(before);
  if (dotted) {
    const path = dotted[1].split('.');
    if (path.length === 1 && path[0] === 'var') return names('variable', CompletionItemKind.Variable);
    if (path.length === 1 && path[0] === 'local') return names('local', CompletionItemKind.Constant);
    if (path.length === 1 && path[0] === 'module') return names('module', CompletionItemKind.Module);
    if (path[0] === 'module' && path.length === 2) {
      const call = declared(module, 'module').get(path[1].split('[', 1)[0])?.[0];
      const called = call && calledModule(index, module, call);
      return called ? [...declared(called, 'output').values()].map(([d]) => item(d.name, CompletionItemKind.Property, undefined, describeDeclaration(called, d))) : [];
    }
    if (path.length === 1 && path[0] === 'data') return [...new Set([...declared(module, 'data').values()].map(([d]) => d.type ?? ''))].map((type) => item(type, CompletionItemKind.Class));
    if (path.length === 2 && path[0] === 'data') return [...declared(module, 'data').values()].filter(([d]) => d.type === path[1]).map(([d]) => item(d.name, CompletionItemKind.Struct, undefined, describeDeclaration(module, d)));
    if (path.length === 1 && path[0] === 'each') return [item('key', CompletionItemKind.Property), item('value', CompletionItemKind.Property)];
    if (path.length === 1 && path[0] === 'count') return [item('index', CompletionItemKind.Property)];
    if (path.length === 1 && path[0] === 'path') return ['module', 'root', 'cwd'].map((n) => item(n, CompletionItemKind.Property));
    if (path.length === 1 && path[0] === 'terraform') return ['workspace', 'applying'].map((n) => item(n, CompletionItemKind.Property));
    if (path.length === 1) return [...declared(module, 'resource').values()].filter(([d]) => d.type === path[0]).map(([d]) => item(d.name, CompletionItemKind.Class, undefined, describeDeclaration(module, d)));
    return [];
  }
  if (/^\s*[\w-]*$/.test(before)) {
    const call = enclosingModuleCall(file.text, offset);
    if (call) return moduleInputs(index, module, call);
    if (/^[\w-]*$/.test(before)) return TOP_BLOCKS.map((b) => item(b, CompletionItemKind.Keyword));
    return [];
  }
  if (/=\s*[\w-]*$/.test(before) || /[([,{?:]\s*[\w-]*$/.test(before) || /\$\{\s*[\w-]*$/.test(before)) {
    const roots = ['var', 'local', 'module', 'data', 'path', 'terraform', 'each', 'count', 'self'].map((n) => item(n, CompletionItemKind.Keyword));
    const types = [...new Set([...declared(module, 'resource').values()].map(([d]) => d.type ?? ''))].map((type) => item(type, CompletionItemKind.Class));
    return [...roots, ...types];
  }
  return [];
}

/** The inputs of the module a module block calls, not yet set; required ones first. */
function moduleInputs(index: WorkspaceIndex, module: TerraformModule, call: { name: string; source?: string; set: string[] }): CompletionItem[] {
  const declaration = declared(module, 'module').get(call.name)?.[0];
  let called = declaration ? calledModule(index, module, declaration) : undefined;
  // The block being typed may not parse yet: its source as the text says.
  const folder = !called && call.source ? localFolder(module.folder, call.source) : undefined;
  if (folder) called = moduleAt(index, folder);
  if (!called) return [];
  const set = new Set([...call.set, ...(declaration?.block.body.attributes.map((a) => a.name) ?? [])]);
  return [...declared(called, 'variable').values()]
    .filter(([v]) => !set.has(v.key) && !MODULE_META.has(v.key))
    .map(([v]) => {
      const required = !attribute(v.block.body, 'default');
      return { ...item(v.key, CompletionItemKind.Field, required ? t('required') : t('optional'), describeDeclaration(called, v)), sortText: `${required ? 0 : 1}${v.key}`, insertText: `${v.key} = ` };
    });
}
