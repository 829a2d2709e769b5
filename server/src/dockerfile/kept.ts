import type { Dockerfile, Flag, Instruction } from 'dockerfile-ast';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Range } from 'vscode-languageserver-types';

/**
 * What is read of one dockerfile-ast instruction and kept with it: its lines and text key, the answers
 * of its argument methods (patches.ts, memoizeArguments), its arguments' text, flags and ENV variables.
 * Speed (#54): one object per instruction, every field there from the start, held by one property of
 * the instruction. A property added to an instruction for each thing kept (ten classes, added in any
 * order) made each store a shape change the interpreter handles in the runtime, on every instruction
 * of every version: 7 % of the first edits (11.5 → 10.6 ms).
 */
export class InstructionMemo {
  lines: string | undefined = undefined;
  /** The keyword upper-cased (dockerfile-ast's `getKeyword`, which upper-cases the keyword as written on each call): read once. */
  keyword: string | undefined = undefined;
  /** How the keyword is written: 0 lower-case, 1 upper-case, 2 neither, 3 both (no letter) — BuildKit's ConsistentInstructionCasing; -1 not read yet. */
  casing = -1;
  /** The number of the instruction's text key (textId). */
  textId = -1;
  argumentsText: string | undefined = undefined;
  flags: Flag[] | undefined = undefined;
  env: unknown = undefined;
  /** The argument methods' answers, by method (a few per instruction). */
  methods: unknown[] = [];
  /** The Dockerfile `chain` was read in, and the chain (chainIn below: the ARG/ENV/FROM instructions above it, numbered). */
  chainIn: object | undefined = undefined;
  chain: number | undefined = undefined;
  /** A RUN's flags as hadolint's DL3059 compares them, and its cache and tmpfs mount targets (hadolint.ts): read from its own text. */
  runFlags: string | undefined = undefined;
  caches: readonly string[] | undefined = undefined;
  /** What BuildKit's checks read of the instruction's own text (buildkit.ts, ownReading). */
  buildkit: unknown = undefined;
  /** dockerfile-utils' problems last used for this instruction (patches.ts, keepInstructionProblems), and the chain they were read in. */
  problems: unknown = undefined;
  problemsChain = -1;
}

const memoSlot = Symbol('kept');

/** The instruction's memo, made on first use. */
export function memoOf(instruction: Instruction): InstructionMemo {
  const slots = instruction as unknown as Record<symbol, InstructionMemo | undefined>;
  let memo = slots[memoSlot];
  if (memo === undefined) slots[memoSlot] = memo = new InstructionMemo();
  return memo;
}

/**
 * An instruction's keyword, upper-cased (what dockerfile-ast's `getKeyword` answers: patches.ts makes
 * `getKeyword` read it). Speed (#68): `getKeyword` upper-cased the keyword as written on every call
 * (every rule asks each instruction's, several times an edit: 4 % of a warm edit's samples, and a
 * string made each time); the keyword an instruction is made with never changes, so it is read once
 * per instruction, and goes with the instruction when a later parse takes it (patches.ts).
 */
export function keywordOf(instruction: Instruction): string {
  const memo = memoOf(instruction);
  let keyword = memo.keyword;
  if (keyword === undefined) memo.keyword = keyword = instruction.getInstruction().toUpperCase();
  return keyword;
}

/** How an instruction's keyword is written: 0 lower-case, 1 upper-case, 2 neither (`From`), 3 both (no letter: `123`); read once per instruction. */
export function keywordCasing(instruction: Instruction): number {
  const memo = memoOf(instruction);
  let casing = memo.casing;
  if (casing === -1) {
    const word = instruction.getInstruction();
    const lower = word === word.toLowerCase();
    const upper = word === word.toUpperCase();
    memo.casing = casing = lower ? (upper ? 3 : 0) : upper ? 1 : 2;
  }
  return casing;
}

/**
 * The full lines an instruction spans (its indentation and comment lines inside included), in its
 * own document; read once per instruction (the keys of what is kept by text are made of them, and a
 * string kept is hashed once).
 */
function linesOf(instruction: Instruction): string {
  const memo = memoOf(instruction);
  if (memo.lines === undefined) {
    const document = Reflect.get(instruction, 'document') as TextDocument;
    const { start, end } = instruction.getRange();
    memo.lines = document.getText().slice(document.offsetAt({ line: start.line, character: 0 }), document.offsetAt({ line: end.line + 1, character: 0 }));
  }
  return memo.lines;
}

/**
 * Text keys by number (textId). Numbers are never reused, so clearing the table (when full) only
 * costs misses in the tables keyed by them.
 */
const textIds = new Map<string, number>();
let nextTextId = 0;
const maxTextIds = 20_000;

/**
 * What dockerfile-ast's argument split reads: the instruction's full lines, where its range and its
 * keyword's range start and end on them, its keyword (which class reads it) and the escape character
 * (what is kept of an instruction across versions is kept by it), as a number: two instructions have
 * the same number when they have the same key. Speed (#68): the string is hashed and compared once per
 * instruction and version, here; the tables of what is kept look a number up (a long string key
 * looked up in each of them, made again for each version's instruction, was a tenth of an edit).
 */
export function textId(instruction: Instruction): number {
  const memo = memoOf(instruction);
  let id = memo.textId;
  if (id === -1) memo.textId = id = textIdOf(String(Reflect.get(instruction, 'escapeChar')), instruction.getInstruction(), instruction.getRange(), instruction.getInstructionRange(), linesOf(instruction));
  return id;
}

/**
 * The number of an instruction's text key from what it is made of (textId's, for an instruction not
 * made yet: patches.ts's parser reads it before making one): its escape character, keyword as written,
 * range, keyword's range, and the full lines it spans.
 */
export function textIdOf(escapeChar: string, keyword: string, range: Range, keywordRange: Range, lines: string): number {
  const { start, end } = range;
  const key = `${escapeChar}\u0000${keyword}\u0000${start.character} ${end.line - start.line} ${end.character} ${keywordRange.start.line - start.line} ${keywordRange.start.character} ${keywordRange.end.line - start.line} ${keywordRange.end.character}\u0000${lines}`;
  let id = textIds.get(key);
  if (id === undefined) {
    if (textIds.size >= maxTextIds) textIds.clear();
    textIds.set(key, (id = nextTextId++));
  }
  return id;
}

/** A range `by` lines further down (up, when negative), columns unchanged: what an instruction keeps when it moves. */
export function rangeMoved(range: Range, by: number): Range {
  return { start: { line: range.start.line + by, character: range.start.character }, end: { line: range.end.line + by, character: range.end.character } };
}

/** What is kept of instructions across versions by their text key, each answer with the line it is placed on. */
export type KeptByText<T> = Map<number, { line: number; value: T }>;

/**
 * The answer for an instruction from `table` (by its text key's number, textId): computed when the text is new,
 * the kept answer itself when the instruction is on the same line (an edit elsewhere that kept the
 * line count), else the kept answer moved to its line (which then replaces it). Bounded: the table is
 * cleared when it holds `bound` entries.
 */
export function keptByText<T>(table: KeptByText<T>, instruction: Instruction, bound: number, compute: () => T, move: (value: T, by: number) => T): T {
  const line = instruction.getRange().start.line;
  const key = textId(instruction);
  const kept = table.get(key);
  if (kept === undefined) {
    const value = compute();
    if (table.size >= bound) table.clear();
    table.set(key, { line, value });
    return value;
  }
  if (kept.line === line) return kept.value;
  const value = move(kept.value, line - kept.line);
  table.set(key, { line, value });
  return value;
}

/** The most chains numbered before the table is cleared. */
const MAX_CHAINS = 20_000;

/**
 * What an instruction's checks read from before it: the ARG, ENV and FROM instructions above it (a
 * variable's value and whether it is defined, its stage). Each chain gets a number once; numbers are
 * never reused, so forgetting the table only costs misses.
 */
const chains = new Map<string, number>();
let nextChain = 0;
/** The Dockerfiles whose instructions' chains were read (contextsOf). */
const contexts = new WeakSet<Dockerfile>();

export function chainOf(key: string): number {
  let id = chains.get(key);
  if (id === undefined) {
    if (chains.size >= MAX_CHAINS) chains.clear();
    chains.set(key, (id = nextChain++));
  }
  return id;
}

/**
 * Each instruction's chain, kept in its memo with the Dockerfile it was read in (an instruction a
 * later parse takes is in a new Dockerfile: its chain is read again there). Instructions before the
 * first FROM get none (not kept): dockerfile-ast resolves their variables in a range that starts at
 * the first comment or instruction, which the chain does not describe. The chain starts with the
 * escape character and the instructions before the first FROM: a stage's `ARG PORT` takes the value
 * of a global `ARG PORT=8080` (without them, an edit of that value kept the problems of the old one:
 * found by the property test's variable chains).
 */
export function chainIn(dockerfile: Dockerfile, memo: InstructionMemo): number | undefined {
  if (memo.chainIn === dockerfile) return memo.chain;
  if (contexts.has(dockerfile)) return undefined;
  contexts.add(dockerfile);
  let chain: number | undefined;
  // The escape character changes how arguments and variables are read; the instructions before the first FROM (its global
  // ARGs) give their values to a stage's `ARG NAME` without one.
  let global = `escape ${dockerfile.getEscapeCharacter()}`;
  for (const each of dockerfile.getInstructions()) {
    const keyword = each.getKeyword();
    // By the number of the instruction's text key (its lines among what it holds): a short key to hash, not the lines.
    if (keyword === 'FROM') chain = chainOf(`${chain ?? global} ${textId(each)}`);
    else if (chain === undefined) global += ` ${textId(each)}`;
    const eachMemo = memoOf(each);
    eachMemo.chainIn = dockerfile;
    eachMemo.chain = chain;
    if (chain !== undefined && (keyword === 'ARG' || keyword === 'ENV')) chain = chainOf(`${chain} ${textId(each)}`);
  }
  return memo.chainIn === dockerfile ? memo.chain : undefined;
}
