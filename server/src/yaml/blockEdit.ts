import { changedSpan } from '../common/textChange';
import { readBlockPair, readBlockYaml, type BlockRead } from './blockReader';
import type { SourceNode, SourcePair } from './sourceNode';

/** A text the block reader read, with what it read: the starting point of an edited version. */
export interface PreviousRead extends BlockRead {
  readonly text: string;
}

/** One step down the previous tree: a block mapping, the index of the pair holding the edit, its keys' column, where the next entry's key starts. */
interface Step {
  map: SourceNode;
  index: number;
  column: number;
  nextKey: number;
}

/**
 * Reads an edited version of a text the block reader read before — what `readBlockYaml(text)`
 * gives, exactly — by re-reading only the innermost block-mapping entry holding the edit (a
 * Compose file's one service of 130 after a one-line edit) and keeping the rest: the values of the
 * untouched entries are shared with the previous version (values are never mutated), their
 * source nodes are kept before the edit and shifted by the edit's length after it.
 *
 * The text before the entry and from its next sibling's line on is unchanged, and the reader's
 * decisions there depend on nothing else (it looks ahead, never back, and a mapping's entries
 * only share their column and the duplicate-key check, kept by requiring the entry's key to stay
 * the same): the parts read alike, so only the entry is read again, on the whole new text so that
 * its look-ahead sees what a full read sees. Anything else — an edit across entries, on a key,
 * in a sequence or flow collection at the top of the path, a renamed key — reads the whole text.
 */
export function readBlockYamlEdited(previous: PreviousRead, text: string, span?: { start: number; oldEnd: number; newEnd: number }): BlockRead | undefined {
  return editedRead(previous, text, span) ?? readBlockYaml(text);
}

function editedRead(previous: PreviousRead, text: string, span: { start: number; oldEnd: number; newEnd: number } | undefined): BlockRead | undefined {
  const before = previous.text;
  const root = previous.tree;
  if (root?.kind !== 'map' || before === text) return undefined;
  // The changed span: [from, beforeEnd) of the previous text became [from, afterEnd) of this one.
  const { start: from, oldEnd: beforeEnd, newEnd: afterEnd } = span ?? changedSpan(before, text);
  const delta = text.length - before.length;
  // A text ending in spaces after its last line break is left to js-yaml (as readBlockYaml does).
  const lastBreak = text.lastIndexOf('\n');
  if (lastBreak < text.length - 1 && text.slice(lastBreak + 1).trim() === '') return undefined;

  // Down the block mappings, to the innermost entry whose lines hold the whole change: after its
  // key's first character, before the line of the next entry (of its mapping or of an outer one).
  const steps: Step[] = [];
  let map: SourceNode = root;
  let nextKey = before.length; // where the next entry's key starts (the text's end: none)
  for (;;) {
    const pairs = map.pairs!;
    const first = pairs[0]?.keyNode;
    if (!first || before.charCodeAt(map.start) === 0x7b /* { */) break;
    let index = -1;
    while (index + 1 < pairs.length && pairs[index + 1].keyNode!.start < from) index++;
    if (index === -1) break;
    const next = index + 1 < pairs.length ? pairs[index + 1].keyNode!.start : nextKey;
    if (beforeEnd > lineStart(before, next)) break;
    steps.push({ map, index, column: first.start - lineStart(before, first.start), nextKey: next });
    nextKey = next;
    const value = pairs[index].value;
    if (value?.kind !== 'map') break;
    map = value;
  }
  return steps.length ? splice(previous, text, steps, from, afterEnd, delta) : undefined;
}

/**
 * Re-reads the innermost entry on the path that reads alike (an added line may be a new entry of
 * an outer mapping, not a continuation of the inner one: up to three levels are tried) and
 * rebuilds the path to it.
 */
function splice(previous: PreviousRead, text: string, path: readonly Step[], from: number, afterEnd: number, delta: number): BlockRead | undefined {
  const before = previous.text;
  const entries: { keyAt: number; column: number; next: number; depth: number }[] = [];
  for (let depth = path.length; depth > 0 && entries.length < 3; depth--) {
    const { map, index, column, nextKey } = path[depth - 1];
    // The next entry's line must be whole after the change (not indented by an insertion before it).
    const nextLine = lineStart(before, nextKey);
    if (nextKey < before.length && nextLine > 0 && text.charCodeAt(nextLine + delta - 1) !== 0x0a) continue;
    entries.push({ keyAt: map.pairs![index].keyNode!.start, column, next: nextKey + delta, depth });
  }
  const read = readBlockPair(text, Math.max(0, from - 1), Math.min(text.length, afterEnd + 1), entries);
  if (!read) return undefined;
  const steps = path.slice(0, entries[read.index].depth);
  const last = steps[steps.length - 1];
  if (read.pair.key !== last.map.pairs![last.index].key) return undefined;
  // The values along the path, from the root.
  const values: Record<string, unknown>[] = [previous.value as Record<string, unknown>];
  for (let i = 0; i < steps.length - 1; i++) {
    const key = steps[i].map.pairs![steps[i].index].key!;
    values.push(values[i][key] as Record<string, unknown>);
  }
  let node: SourceNode | null = read.pair.value;
  let value = read.value;
  for (let i = steps.length - 1; i >= 0; i--) {
    const { map, index } = steps[i];
    const pair = map.pairs![index];
    const copy = { ...values[i] };
    copy[pair.key!] = value;
    value = copy;
    const pairs: SourcePair[] = map.pairs!.slice(0, index);
    pairs.push(i === steps.length - 1 ? read.pair : { key: pair.key, keyNode: pair.keyNode, value: node });
    for (let j = index + 1; j < map.pairs!.length; j++) pairs.push(shiftedPair(map.pairs![j], delta));
    const tail = pairs[pairs.length - 1];
    node = { kind: 'map', start: map.start, end: (tail.value ?? tail.keyNode)!.end, pairs };
  }
  return { value, tree: node };
}

function lineStart(text: string, at: number): number {
  return text.lastIndexOf('\n', at - 1) + 1;
}

function shiftedPair(pair: SourcePair, delta: number): SourcePair {
  return { key: pair.key, keyNode: shifted(pair.keyNode, delta), value: shifted(pair.value, delta) };
}

/**
 * A node `delta` characters further (its children too): the part of the tree after an edit. Speed
 * (#68): plain loops into arrays of their final length (no closure per node: half the tree of a
 * 2,000-line Compose file is copied on each edit).
 */
function shifted(node: SourceNode | null, delta: number): SourceNode | null {
  if (!node) return null;
  const kind = node.kind;
  if (kind === 'map') {
    const from = node.pairs!;
    const pairs: SourcePair[] = new Array<SourcePair>(from.length);
    for (let i = 0; i < from.length; i++) pairs[i] = shiftedPair(from[i], delta);
    return { kind: 'map', start: node.start + delta, end: node.end + delta, pairs };
  }
  if (kind === 'seq') {
    const from = node.items!;
    const items: (SourceNode | null)[] = new Array<SourceNode | null>(from.length);
    for (let i = 0; i < from.length; i++) items[i] = shifted(from[i], delta);
    return { kind: 'seq', start: node.start + delta, end: node.end + delta, items };
  }
  return { kind: 'scalar', start: node.start + delta, end: node.end + delta };
}
