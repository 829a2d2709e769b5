/**
 * HCL's native syntax read with tree-sitter (the tree-sitter-hcl grammar's Terraform dialect, in
 * WebAssembly: hcl.lazy.ts) into syntax.ts's plain tree. The runtime is loaded once, asynchronously
 * (`loadHcl`, awaited by the feature's `prepare`); parsing is synchronous afterwards.
 *
 * A file edited in the editor is re-parsed incrementally: the previous version's tree is edited and
 * handed back to the parser (from the second edit on: a file read once keeps no tree), and the
 * items the edit did not touch are reused from the previous version's syntax (their offsets
 * shifted): the top-level ones, and inside the block holding the edit its own, level by level, so
 * a one-line edit converts one argument.
 *
 * After a syntax error the grammar's recovery may nest what follows in the wrong block: the file
 * keeps only its top-level items that end before the first error, and says the error once.
 */
import type * as Hcl from '../hcl.lazy';
import type { Language, Node, Parser, Tree } from 'web-tree-sitter';
import { t } from '../../l10n/t';
import { Converter, shifted, type TopItem } from './convert';
import type { Expr, HclFile, SyntaxProblem } from './syntax';
import { changedSpan } from '../../common/textChange';

/** The two WebAssembly binaries: the runtime's and the grammar's. */
export interface HclBinaries {
  runtime: Uint8Array;
  grammar: Uint8Array;
}

interface Engine {
  parser: Parser;
  language: Language;
  names: string[];
}

let engine: Engine | undefined;
let loading: Promise<void> | undefined;

/** Loads the runtime and the grammar once (later calls wait for the first). */
export function loadHcl(binaries: () => HclBinaries): Promise<void> {
  loading ??= (async () => {
    const { Parser: ParserClass, Language: LanguageClass } = require('../hcl.lazy') as typeof Hcl;
    const bytes = binaries();
    // Emscripten copies the bytes it is given: a view of the file's bytes is enough.
    await ParserClass.init({ wasmBinary: bytes.runtime.buffer.slice(bytes.runtime.byteOffset, bytes.runtime.byteOffset + bytes.runtime.byteLength) as ArrayBuffer });
    const language = await LanguageClass.load(bytes.grammar);
    const parser = new ParserClass();
    parser.setLanguage(language);
    const names: string[] = [];
    for (let id = 0; id < language.nodeTypeCount; id++) names[id] = language.nodeTypeForId(id) ?? '';
    engine = { parser, language, names };
  })();
  return loading;
}

/** Whether the parser is ready (loadHcl resolved). */
export function hclReady(): boolean {
  return engine !== undefined;
}

/** A parse taking longer than this is abandoned (a limit finding says so). */
const PARSE_BUDGET_MS = 10_000;
/** Files kept for re-parsing (the last ones read or edited). */
const KEPT_TREES = 16;

interface Kept {
  text: string;
  /**
   * The tree, once the file is edited (its second version): a file read once (the CLI's, a
   * workspace's at indexing) does not keep one, so the WebAssembly heap holds one tree at a time.
   */
  tree: Tree | undefined;
  file: HclFile;
  /** Top-level items by start offset. */
  items: ReadonlyMap<number, TopItem>;
}

const kept = new Map<string, Kept>();

function keep(uri: string, entry: Kept): void {
  const previous = kept.get(uri);
  if (previous && previous.tree !== entry.tree) previous.tree?.delete();
  kept.delete(uri);
  kept.set(uri, entry);
  while (kept.size > KEPT_TREES) {
    const [oldest, value] = kept.entries().next().value as [string, Kept];
    value.tree?.delete();
    kept.delete(oldest);
  }
}

/** Forgets a file's kept tree (the file was closed or removed). */
export function forgetHcl(uri: string): void {
  kept.get(uri)?.tree?.delete();
  kept.delete(uri);
}

function pointAt(text: string, offset: number): { row: number; column: number } {
  let row = 0;
  let lineStart = 0;
  for (let i = text.indexOf('\n'); i !== -1 && i < offset; i = text.indexOf('\n', i + 1)) {
    row++;
    lineStart = i + 1;
  }
  return { row, column: (offset - lineStart) * 2 };
}

/**
 * The syntax of a native-syntax file. `uri` keys the incremental re-parse: the same uri parsed
 * again with a new text reuses the previous tree. Throws when loadHcl has not completed.
 */
export function parseHcl(text: string, uri?: string): HclFile {
  if (!engine) throw new Error('the HCL parser is not loaded yet');
  const { parser, names } = engine;
  const previous = uri ? kept.get(uri) : undefined;
  let oldTree: Tree | undefined;
  let change: { start: number; oldEnd: number; newEnd: number } | undefined;
  if (previous) {
    if (previous.text === text) return previous.file;
    change = changedSpan(previous.text, text);
    oldTree = previous.tree;
    oldTree?.edit({
      startIndex: change.start,
      oldEndIndex: change.oldEnd,
      newEndIndex: change.newEnd,
      startPosition: pointAt(previous.text, change.start),
      oldEndPosition: pointAt(previous.text, change.oldEnd),
      newEndPosition: pointAt(text, change.newEnd),
    } as Hcl.Edit);
  }
  const started = Date.now();
  const tree = parser.parse(text, oldTree ?? null, { progressCallback: () => Date.now() - started > PARSE_BUDGET_MS });
  if (!tree) {
    if (uri) forgetHcl(uri);
    const limit = { start: 0, end: 0, message: t('Reading this file took more than {0} s: Archipel did not check it (a limit of Archipel).', PARSE_BUDGET_MS / 1000) };
    return { body: { attributes: [], blocks: [] }, comments: [], errors: [], limits: [limit], json: false };
  }
  const cursor = tree.walk();
  const converter = new Converter(text, names, cursor);
  const reuse = previous && change && !previous.file.errors.length && !previous.file.limits.length ? { items: previous.items, change, delta: change.newEnd - change.oldEnd, comments: previous.file.comments } : undefined;
  const items = converter.file(reuse);
  cursor.delete();
  const file = converter.result(tree.rootNode.hasError ? firstError(tree.rootNode) : undefined);
  if (uri) keep(uri, { text, tree: previous ? tree : undefined, file, items });
  if (!uri || !previous) tree.delete();
  return file;
}

/** The first ERROR or MISSING node, descending only where an error is. */
function firstError(root: Node): SyntaxProblem | undefined {
  let node: Node | null = root;
  for (let depth = 0; node && depth < 10_000; depth++) {
    if (node.isError || node.isMissing) break;
    let next: Node | null = null;
    for (const child of node.children) {
      if (child && (child.hasError || child.isMissing || child.isError)) {
        next = child;
        break;
      }
    }
    if (!next) break;
    node = next;
  }
  if (!node) return undefined;
  return describeError(node);
}

function describeError(node: Node): SyntaxProblem {
  const span = { start: node.startIndex, end: Math.max(node.endIndex, node.startIndex) };
  if (node.isMissing) {
    const missing = node.type;
    if (missing === '}' || missing === 'block_end') return { ...span, message: t('Unclosed configuration block: there is no closing brace for this block before the end of the file.') };
    if (missing === ']' || missing === 'tuple_end') return { ...span, message: t('Missing "]": a tuple (list) is not closed.') };
    if (missing === ')') return { ...span, message: t('Missing ")": a parenthesis or a function call is not closed.') };
    if (missing === 'quoted_template_end' || missing === '"') return { ...span, message: t('Unterminated template string: a quoted string is not closed on its line.') };
    return { ...span, message: t('Invalid syntax: "{0}" expected here.', missing) };
  }
  const parent = node.parent?.type;
  const end = Math.min(span.end, span.start + 80);
  if (parent === 'body' || parent === 'config_file' || parent === undefined)
    return { start: span.start, end, message: t('Argument or block definition required: an argument or block definition is expected here (a name followed by "=" or by a block\'s labels and "{").') };
  return { start: span.start, end, message: t('Invalid expression: this is not a valid HCL expression.') };
}

const SNIPPET_MARKER = 'ARCHIPEL_TEMPLATE_END';

/**
 * A string of the JSON syntax read as HCL reads it there: a template (`"${var.x}-a"`), or an
 * expression for the arguments Terraform reads so (a variable's `type`, `depends_on`'s items).
 * Offsets are relative to the string's content; undefined when it does not parse.
 */
export function parseSnippet(content: string, mode: 'template' | 'expression'): Expr | undefined {
  if (!engine) throw new Error('the HCL parser is not loaded yet');
  if (mode === 'template' && !content.includes('${') && !content.includes('%{')) return { kind: 'template', parts: content ? [{ kind: 'text', value: content, start: 0, end: content.length }] : [], heredoc: false, start: 0, end: content.length };
  const prefix = mode === 'template' ? `x = <<${SNIPPET_MARKER}\n` : 'x = ';
  if (mode === 'template' && new RegExp(`^[^\\S\\n\\r\\u2028\\u2029]*${SNIPPET_MARKER}\\s*$`, 'm').test(content)) return undefined;
  const text = mode === 'template' ? `${prefix}${content}\n${SNIPPET_MARKER}\n` : `${prefix}${content}\n`;
  const tree = engine.parser.parse(text);
  if (!tree) return undefined;
  try {
    if (tree.rootNode.hasError) return undefined;
    const cursor = tree.walk();
    const converter = new Converter(text, engine.names, cursor);
    converter.file();
    cursor.delete();
    const attribute = converter.result(undefined).body.attributes[0];
    if (!attribute) return undefined;
    let expr = attribute.expr;
    if (mode === 'template' && expr.kind === 'template') {
      // The heredoc's last line break is the wrapper's.
      const parts = expr.parts.map((part) => (part.kind === 'text' && part.end === text.length - SNIPPET_MARKER.length - 2 ? { ...part, value: part.value.replace(/\n$/, ''), end: part.end - 1 } : part));
      expr = { ...expr, parts: parts.filter((p) => p.kind !== 'text' || p.value !== ''), start: prefix.length, end: prefix.length + content.length };
    }
    return shiftedExpr(expr, -prefix.length);
  } finally {
    tree.delete();
  }
}

/** An expression moved by `delta` (a copy). */
export function shiftedExpr(expr: Expr, delta: number): Expr {
  return shifted({ kind: 'attribute', name: '', nameSpan: { start: 0, end: 0 }, expr, start: 0, end: 0 }, delta).expr;
}
