import { jsYaml } from './jsYaml';
import { readBlockYaml } from './blockReader';
import { HASH, isWhite, LF } from './chars';
import { isMap, isPair, isScalar, isSeq, type Document, type Node, type Pair } from 'yaml';
import type { SourceNode, SourcePair } from './sourceNode';

export type { SourceNode, SourcePair } from './sourceNode';

export type PathSegment = string | number;

/** The [start, end) span of a node, if there is a node. */
export function spanOf(node: SourceNode | null | undefined): [number, number] | undefined {
  return node ? [node.start, node.end] : undefined;
}

const pairIndexes = new WeakMap<SourceNode, Map<string, SourcePair>>();

export function pairOf(map: SourceNode | null | undefined, key: string): SourcePair | undefined {
  if (map?.kind !== 'map') return undefined;
  const pairs = map.pairs ?? [];
  if (pairs.length <= 16) {
    // Indexed: a `for…of` makes an iterator and a result per pair in the tiers a cold check runs in (1.2 MB of a
    // 1,000-rule file's check, issue #68).
    for (let i = 0; i < pairs.length; i++) if (pairs[i].key === key) return pairs[i];
    return undefined;
  }
  // A large mapping is indexed once: a finding per key of a 40,000-key mapping searched it 40,000 times.
  let index = pairIndexes.get(map);
  if (!index) {
    index = new Map();
    for (const pair of pairs) if (pair.key !== undefined && !index.has(pair.key)) index.set(pair.key, pair);
    pairIndexes.set(map, index);
  }
  return index.get(key);
}

/**
 * Walks a path of keys and indexes (strings from JSON pointers are accepted) as far as it exists:
 * the deepest node reached, the key holding it, and how many segments matched. An alias stops the
 * walk: positions stay at the alias itself, not at its anchor.
 */
export function deepestInTree(
  root: SourceNode | null,
  path: readonly PathSegment[],
): { node: SourceNode | null; key: SourceNode | null; depth: number } {
  let node = root;
  let key: SourceNode | null = null;
  let depth = 0;
  for (const segment of path) {
    if (node?.kind === 'map') {
      const pair = pairOf(node, String(segment));
      if (!pair) break;
      key = pair.keyNode;
      node = pair.value;
    } else if (node?.kind === 'seq') {
      const index = typeof segment === 'number' ? segment : Number(segment);
      const items = node.items ?? [];
      if (!Number.isInteger(index) || index < 0 || index >= items.length) break;
      key = null;
      node = items[index];
    } else {
      break;
    }
    depth++;
  }
  return { node, key, depth };
}

// ---------------------------------------------------------------------------------------------
// From the `yaml` package's AST

const converted = new WeakMap<Document.Parsed, SourceNode | null>();

/**
 * A mapping key as the plain value names it — a written null (`null:`, `~:`) as "null", as js-yaml
 * and the fast reader name it; '' for an empty key — or undefined for a collection key.
 */
export function keyText(pair: Pair): string | undefined {
  const key = pair.key;
  if (isScalar(key)) return key.value === null ? (key.range && key.range[1] > key.range[0] ? 'null' : '') : String(key.value);
  return undefined;
}

function fromAst(node: Node | null | undefined): SourceNode | null {
  const range = node?.range;
  if (!node || !range) return null;
  if (isMap(node)) {
    const pairs = node.items.filter(isPair).map((pair) => ({
      key: keyText(pair),
      keyNode: fromAst(pair.key as Node | null),
      value: fromAst(pair.value as Node | null),
    }));
    return { kind: 'map', start: range[0], end: range[1], pairs, ast: node };
  }
  if (isSeq(node)) return { kind: 'seq', start: range[0], end: range[1], items: node.items.map((item) => fromAst(item as Node | null)), ast: node };
  return { kind: 'scalar', start: range[0], end: range[1], ast: node };
}

/** The tree of a `yaml` document (cached per document), each node pointing back to its AST node. */
export function sourceTreeOfDoc(doc: Document.Parsed): SourceNode | null {
  let tree = converted.get(doc);
  if (tree === undefined) {
    tree = fromAst(doc.contents);
    converted.set(doc, tree);
  }
  return tree;
}

// ---------------------------------------------------------------------------------------------
// From js-yaml's parse events

interface Frame {
  open: number;
  children: Built[];
}

/** A node as js-yaml reported it: `kind` null when the node turned out empty (`key:` alone). */
interface Built {
  kind: 'mapping' | 'sequence' | 'scalar' | null;
  result: unknown;
  node: SourceNode;
}


/** From where js-yaml opened a node to where its content starts: past blanks, comments, anchor and tag. */
function contentStart(text: string, from: number, limit: number): number {
  let at = from;
  while (at < limit) {
    const code = text.charCodeAt(at);
    if (isWhite(code)) {
      at++;
    } else if (code === HASH && (at === 0 || isWhite(text.charCodeAt(at - 1)))) {
      while (at < limit && text.charCodeAt(at) !== LF) at++;
    } else if (code === 0x26 /* & */ || code === 0x21 /* ! */) {
      while (at < limit && !isWhite(text.charCodeAt(at))) at++;
    } else {
      break;
    }
  }
  return at;
}

/** Back from where js-yaml closed a node to the end of its content. */
function contentEnd(text: string, from: number, floor: number): number {
  let at = from;
  while (at > floor && isWhite(text.charCodeAt(at - 1))) at--;
  return at;
}

/** The node a closing frame stands for, or undefined when its events do not map onto its value. */
function build(text: string, frame: Frame, close: number, kind: Built['kind'], result: unknown): Built | undefined {
  const children = frame.children;
  if (kind === null) {
    // Empty node (`key:` with nothing after it): a zero-width scalar where it would have started,
    // before the whole-line comments js-yaml read past (`---` then `# Empty file`: after the marker).
    let at = contentEnd(text, frame.open, 0);
    for (;;) {
      const lineStart = text.lastIndexOf('\n', at - 1) + 1;
      if (at === 0 || text.slice(lineStart, at).trimStart()[0] !== '#') break;
      at = contentEnd(text, lineStart, 0);
    }
    return { kind, result, node: { kind: 'scalar', start: at, end: at } };
  }
  // js-yaml reads a would-be key first (a flow collection or scalar) and keeps it as the node when
  // no colon follows: the outer node is then that child itself.
  if (children.length === 1 && children[0].kind === kind && children[0].result === result) return children[0];
  const start = contentStart(text, frame.open, close);
  if (kind === 'scalar') return { kind, result, node: { kind: 'scalar', start, end: Math.max(start, contentEnd(text, close, start)) } };
  const flow = text.charCodeAt(start) === 0x5b /* [ */ || text.charCodeAt(start) === 0x7b; /* { */
  if (kind === 'sequence') {
    const items = children.map((c) => c.node);
    if (!Array.isArray(result) || items.length !== result.length) return undefined;
    const end = flow || items.length === 0 ? contentEnd(text, close, start) : items[items.length - 1].end;
    return { kind, result, node: { kind: 'seq', start, end, items } };
  }
  // A mapping: key, value, key, value… (js-yaml composes a value after every implicit key, empty
  // or not). An explicit `? key`, a key without value in a flow mapping, a merge key (`<<`) or a
  // collection as a key breaks that rhythm: the caller falls back to the `yaml` package.
  if (children.length % 2 !== 0 || result === null || typeof result !== 'object') return undefined;
  const pairs: SourcePair[] = [];
  for (let i = 0; i < children.length; i += 2) {
    const key = children[i];
    if (key.kind !== 'scalar' || key.result === '<<') return undefined;
    pairs.push({ key: String(key.result), keyNode: key.node, value: children[i + 1].node });
  }
  let keys = 0;
  for (const name in result) if (Object.hasOwn(result, name)) keys++;
  if (pairs.length !== keys) return undefined;
  const end = flow || pairs.length === 0 ? contentEnd(text, close, start) : (pairs[pairs.length - 1].value ?? pairs[pairs.length - 1].keyNode)!.end;
  return { kind, result, node: { kind: 'map', start, end, pairs } };
}

/**
 * Reads a single-document chunk — its plain value, as `jsYaml.load` gives it — and, in the same
 * pass, its source tree; the tree is undefined when js-yaml's events do not map one-to-one onto
 * the value (then use `sourceTreeOfDoc`). Throws js-yaml's errors. Aliases are not expected here
 * (such chunks take the `yaml` path: see YamlChunk). Texts in the block subset are read by
 * yaml/blockReader.ts, the others by js-yaml with its parse events: same answer, faster.
 */
export function loadWithSourceTree(text: string): { value: unknown; tree: SourceNode | null | undefined } {
  return readBlockYaml(text) ?? loadWithJsYamlEvents(text);
}

/** `loadWithSourceTree` by js-yaml alone: the reference the block reader is tested against. */
export function loadWithJsYamlEvents(text: string): { value: unknown; tree: SourceNode | null | undefined } {
  const stack: Frame[] = [];
  let root: Built | undefined;
  let broken = false;
  const value = jsYaml().load(text, {
    schema: jsYaml().CORE_SCHEMA,
    listener(event, state) {
      if (event === 'open') {
        // js-yaml reads the text with a line break added at its end when it has none: a position past the text is its end.
        stack.push({ open: Math.min(state.position, text.length), children: [] });
        return;
      }
      const frame = stack.pop()!;
      if (broken) return;
      const { kind, result } = state as unknown as { kind: Built['kind']; result: unknown };
      const built = build(text, frame, Math.min(state.position, text.length), kind, result);
      if (!built) {
        broken = true;
        return;
      }
      const parent = stack[stack.length - 1];
      // js-yaml tries to read a key where a block mapping may continue and gives up on finding
      // none: such an empty attempt in key position is not a node.
      if (parent) {
        if (!(kind === null && parentExpectsKey(parent))) parent.children.push(built);
      } else {
        root = built;
      }
    },
  });
  return { value, tree: broken ? undefined : root ? root.node : null };
}

/** The source tree of a chunk js-yaml reads (see loadWithSourceTree), or undefined. */
export function sourceTreeOfText(text: string): SourceNode | null | undefined {
  try {
    return loadWithSourceTree(text).tree;
  } catch (error) {
    if (error instanceof jsYaml().YAMLException) return undefined;
    throw error;
  }
}

/**
 * Whether the next child of a frame would stand in key position of a mapping: not knowable until
 * the frame closes, so approximated by "the children so far are complete pairs whose keys are
 * scalars followed by a colon". Only consulted for empty nodes.
 */
function parentExpectsKey(frame: Frame): boolean {
  return frame.children.length % 2 === 0 && frame.children.length > 0;
}
