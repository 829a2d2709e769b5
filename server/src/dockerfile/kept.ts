import type { Flag, Instruction } from 'dockerfile-ast';
import type { TextDocument } from 'vscode-languageserver-textdocument';

/**
 * What is read of one dockerfile-ast instruction and kept with it: its lines and text key, the answers
 * of its argument methods (model.ts, memoizeArguments), its arguments' text, flags and ENV variables.
 * Speed (#54): one object per instruction, every field there from the start, held by one property of
 * the instruction. A property added to an instruction for each thing kept (ten classes, added in any
 * order) made each store a shape change the interpreter handles in the runtime, on every instruction
 * of every version: 7 % of the first edits (11.5 → 10.6 ms).
 */
export class InstructionMemo {
  lines: string | undefined = undefined;
  textKey: string | undefined = undefined;
  argumentsText: string | undefined = undefined;
  flags: Flag[] | undefined = undefined;
  env: unknown = undefined;
  /** The argument methods' answers, by method (a few per instruction). */
  methods: unknown[] = [];
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
 * The full lines an instruction spans (its indentation and comment lines inside included), in its
 * own document; read once per instruction (the keys of what is kept by text are made of them, and a
 * string kept is hashed once).
 */
export function linesOf(instruction: Instruction): string {
  const memo = memoOf(instruction);
  if (memo.lines === undefined) {
    const document = Reflect.get(instruction, 'document') as TextDocument;
    const { start, end } = instruction.getRange();
    memo.lines = document.getText().slice(document.offsetAt({ line: start.line, character: 0 }), document.offsetAt({ line: end.line + 1, character: 0 }));
  }
  return memo.lines;
}

/**
 * What dockerfile-ast's argument split reads: the instruction's full lines, where its range and its
 * keyword's range start and end on them, its keyword (which class reads it) and the escape character
 * (what is kept of an instruction across versions is kept by it).
 */
export function textKey(instruction: Instruction): string {
  const memo = memoOf(instruction);
  let key = memo.textKey;
  if (key === undefined) {
    const { start, end } = instruction.getRange();
    const keyword = instruction.getInstructionRange();
    memo.textKey = key = `${String(Reflect.get(instruction, 'escapeChar'))}\u0000${instruction.getInstruction()}\u0000${start.character} ${end.line - start.line} ${end.character} ${keyword.start.line - start.line} ${keyword.start.character} ${keyword.end.line - start.line} ${keyword.end.character}\u0000${linesOf(instruction)}`;
  }
  return key;
}
