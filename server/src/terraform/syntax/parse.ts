/**
 * HCL's native syntax read into syntax.ts's plain tree by Archipel's own parser (native.ts): one
 * pass over the text, synchronous, bounded in depth.
 *
 * A file edited in the editor keeps the items the edit did not touch: after a re-parse, every item
 * that ends before the edit is the previous version's object (the checks keep their results with
 * it), level by level inside the block holding the edit.
 *
 * `loadHcl` and `hclReady` remain for the callers that awaited the parser it replaced: nothing is
 * loaded any more.
 */
import { changedSpan } from '../../common/textChange';
import { parseNative, parseNativeExpression, parseNativeTemplate } from './native';
import type { Attribute, Block, Body, Expr, HclFile } from './syntax';

/** Resolved at once: the parser needs no loading (the signature of the WebAssembly parser's). */
export function loadHcl(): Promise<void> {
  return Promise.resolve();
}

/** Always: the parser needs no loading. */
export function hclReady(): boolean {
  return true;
}

/** Files kept for re-parsing (the last ones read or edited). */
const KEPT_FILES = 16;

interface Kept {
  text: string;
  file: HclFile;
}

const kept = new Map<string, Kept>();

function keep(uri: string, entry: Kept): void {
  kept.delete(uri);
  kept.set(uri, entry);
  while (kept.size > KEPT_FILES) kept.delete(kept.keys().next().value as string);
}

/** Forgets a file's kept syntax (the file was closed or removed). */
export function forgetHcl(uri: string): void {
  kept.delete(uri);
}

/**
 * The syntax of a native-syntax file. `uri` keys the reuse of a previous version's items: the same
 * uri parsed again with a new text keeps the items before the edit.
 */
export function parseHcl(text: string, uri?: string): HclFile {
  const previous = uri ? kept.get(uri) : undefined;
  if (previous?.text === text) return previous.file;
  const parsed = parseNative(text);
  const file: HclFile = { body: parsed.body, comments: parsed.comments, errors: parsed.error ? [parsed.error] : [], limits: parsed.limits, json: false, ...(parsed.quotedNames.length > 0 ? { quotedNames: parsed.quotedNames } : {}) };
  if (previous && previous.file.errors.length === 0 && file.errors.length === 0) {
    const change = changedSpan(previous.text, text);
    file.body = reconciled(previous.file.body, file.body, change.start);
  }
  if (uri) keep(uri, { text, file });
  return file;
}

/** `now` with the items that end before `before` taken from `old` (same place, same text), level by level inside the block holding the edit. */
function reconciled(old: Body, now: Body, before: number): Body {
  const byStart = new Map<number, Attribute | Block>();
  for (const item of old.attributes) if (item.start < before) byStart.set(item.start, item);
  for (const item of old.blocks) if (item.start < before) byStart.set(item.start, item);
  if (byStart.size === 0) return now;
  const attributes = now.attributes.map((a) => {
    const o = byStart.get(a.start);
    return o?.kind === 'attribute' && a.end < before && o.end === a.end ? o : a;
  });
  const blocks = now.blocks.map((b) => {
    const o = byStart.get(b.start);
    if (o?.kind !== 'block') return b;
    if (b.end < before && o.end === b.end) return o;
    // The block holding the edit: a new object, its untouched items the old ones.
    if (o.open === b.open && o.type === b.type && b.open < before) return { ...b, body: reconciled(o.body, b.body, before) };
    return b;
  });
  return { attributes, blocks };
}

/**
 * A string of the JSON syntax read as HCL reads it there: a template (`"${var.x}-a"`), or an
 * expression for the arguments Terraform reads so (a variable's `type`, `depends_on`'s items).
 * Offsets are relative to the string's content; undefined when it does not parse.
 */
export function parseSnippet(content: string, mode: 'template' | 'expression'): Expr | undefined {
  if (mode === 'template' && !content.includes('${') && !content.includes('%{')) return { kind: 'template', parts: content ? [{ kind: 'text', value: content, start: 0, end: content.length }] : [], heredoc: false, start: 0, end: content.length };
  return mode === 'template' ? parseNativeTemplate(content) : parseNativeExpression(content);
}

/** An expression moved by `delta` (a copy). */
export function shiftedExpr(expr: Expr, delta: number): Expr {
  // Objects and arrays are copied one level at a time (a stack, not recursion); strings are shared.
  const copy = { ...expr };
  const stack = [copy as unknown as Record<string, unknown>];
  while (stack.length > 0) {
    const record = stack.pop()!;
    for (const key in record) {
      const v = record[key];
      if (typeof v === 'number') {
        if (key === 'start' || key === 'end') record[key] = v + delta;
      } else if (v && typeof v === 'object') {
        const inner = (Array.isArray(v) ? [...(v as unknown[])] : { ...v }) as Record<string, unknown>;
        record[key] = inner;
        stack.push(inner);
      }
    }
  }
  return copy;
}
