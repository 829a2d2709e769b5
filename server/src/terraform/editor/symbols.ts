/**
 * The outline of a Terraform file as terraform-ls gives it: each block named by its type and quoted
 * labels (`resource "aws_instance" "web"`), its attributes and nested blocks as children, an
 * attribute's kind by its value (string, number, boolean, a reference, a list, an object).
 */
import { SymbolKind, type DocumentSymbol } from 'vscode-languageserver-types';
import type { IndexedFile } from '../../workspace/index';
import { syntaxOf } from '../model/model';
import type { Attribute, Block, Expr } from '../syntax/syntax';

/** Deeper blocks and objects are left out of the outline. */
const MAX_DEPTH = 8;

function valueKind(expr: Expr): SymbolKind {
  switch (expr.kind) {
    case 'literal':
      return expr.type === 'string' ? SymbolKind.String : expr.type === 'number' ? SymbolKind.Number : expr.type === 'bool' ? SymbolKind.Boolean : SymbolKind.Variable;
    case 'template':
      return expr.parts.every((p) => p.kind === 'text') ? SymbolKind.String : SymbolKind.Variable;
    case 'traversal':
      return SymbolKind.Constant;
    case 'tuple':
      return SymbolKind.Array;
    case 'object':
      return SymbolKind.Struct;
    default:
      return SymbolKind.Variable;
  }
}

/** The outline: every block, its attributes and nested blocks. */
export function terraformSymbols(file: IndexedFile): DocumentSymbol[] {
  const range = (span: { start: number; end: number }) => file.lines.range(span.start, span.end);
  const attributeSymbol = (a: Attribute, depth: number): DocumentSymbol => {
    const children = a.expr.kind === 'object' && depth < MAX_DEPTH ? a.expr.items.flatMap((item) => objectItem(item.key, item.value, depth + 1)) : [];
    return { name: a.name, kind: valueKind(a.expr), range: range(a), selectionRange: range(a.nameSpan), ...(children.length > 0 ? { children } : {}) };
  };
  const objectItem = (key: Expr, value: Expr, depth: number): DocumentSymbol[] => {
    const name = key.kind === 'traversal' && key.steps.length === 0 ? key.root.name : key.kind === 'literal' || (key.kind === 'template' && key.parts.every((p) => p.kind === 'text')) ? file.text.slice(key.start, key.end).replace(/^"|"$/g, '') : undefined;
    if (!name) return [];
    const children = value.kind === 'object' && depth < MAX_DEPTH ? value.items.flatMap((item) => objectItem(item.key, item.value, depth + 1)) : [];
    return [{ name, kind: valueKind(value), range: range({ start: key.start, end: value.end }), selectionRange: range(key), ...(children.length > 0 ? { children } : {}) }];
  };
  const blockSymbol = (block: Block, depth: number): DocumentSymbol => {
    const children = depth < MAX_DEPTH ? [...block.body.attributes.map((a) => ({ a, start: a.start })), ...block.body.blocks.map((b) => ({ b, start: b.start }))].sort((x, y) => x.start - y.start).map((c) => ('a' in c ? attributeSymbol(c.a, depth + 1) : blockSymbol(c.b, depth + 1))) : [];
    return {
      name: [block.type, ...block.labels.map((l) => `"${l.value}"`)].join(' '),
      kind: SymbolKind.Class,
      range: range(block),
      selectionRange: range({ start: block.typeSpan.start, end: block.labels[block.labels.length - 1]?.end ?? block.typeSpan.end }),
      ...(children.length > 0 ? { children } : {}),
    };
  };
  const body = syntaxOf(file).body;
  return [...body.attributes.map((a) => ({ start: a.start, symbol: attributeSymbol(a, 0) })), ...body.blocks.map((b) => ({ start: b.start, symbol: blockSymbol(b, 0) }))].sort((x, y) => x.start - y.start).map((s) => s.symbol);
}
