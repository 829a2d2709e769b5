import type { Dockerfile, Instruction } from 'dockerfile-ast';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Diagnostic } from 'vscode-languageserver-types';

/** A dockerfile-utils problem: a diagnostic and the line of the instruction it is about (its ignore comments read it). */
type Problem = Diagnostic & { instructionLine: number | null };

/** The Validator's per-instruction checks, as reached on its prototype (private in its types). */
type InstructionCheck = (this: object, ...args: unknown[]) => void;

/**
 * Problems by the instruction's lines, then by what the check reads besides them, with lines relative
 * to the instruction's first line; bounded: cleared when full. Two levels: the lines are a string kept
 * on the instruction (hashed once), the rest a short key.
 */
const results = new Map<string, Map<string, readonly Problem[]>>();
let kept = 0;
const maxResults = 20_000;

/**
 * What an instruction's checks read from before it: the ARG, ENV and FROM instructions above it (a
 * variable's value and whether it is defined, its stage). Each chain gets a number once; numbers are
 * never reused, so forgetting the table only costs misses.
 */
const chains = new Map<string, number>();
let nextChain = 0;
const contexts = new WeakMap<Dockerfile, Map<Instruction, number | undefined>>();

function chainOf(key: string): number {
  let id = chains.get(key);
  if (id === undefined) {
    if (chains.size >= maxResults) chains.clear();
    chains.set(key, (id = nextChain++));
  }
  return id;
}

const linesSlot = Symbol('lines');

/**
 * The full lines an instruction spans (its indentation and comment lines inside included), in its
 * own document; read once per instruction (the keys of what is kept by text are made of them, and a
 * string kept is hashed once).
 */
export function linesOf(instruction: Instruction): string {
  const slots = instruction as unknown as Record<symbol, string | undefined>;
  let lines = slots[linesSlot];
  if (lines === undefined) {
    const document = Reflect.get(instruction, 'document') as TextDocument;
    const { start, end } = instruction.getRange();
    slots[linesSlot] = lines = document.getText().slice(document.offsetAt({ line: start.line, character: 0 }), document.offsetAt({ line: end.line + 1, character: 0 }));
  }
  return lines;
}

/**
 * Each instruction's chain. Instructions before the first FROM get none (not kept): dockerfile-ast
 * resolves their variables in a range that starts at the first comment or instruction, which the
 * chain does not describe. The chain starts with the escape character.
 */
function contextsOf(dockerfile: Dockerfile): Map<Instruction, number | undefined> {
  let known = contexts.get(dockerfile);
  if (known) return known;
  known = new Map();
  let chain: number | undefined;
  for (const instruction of dockerfile.getInstructions()) {
    const keyword = instruction.getKeyword();
    // The escape character changes how arguments and variables are read.
    if (keyword === 'FROM') chain = chainOf(`${chain ?? `escape ${dockerfile.getEscapeCharacter()}`}\u0000${linesOf(instruction)}`);
    known.set(instruction, chain);
    if (chain !== undefined && (keyword === 'ARG' || keyword === 'ENV')) chain = chainOf(`${chain}\u0000${linesOf(instruction)}`);
  }
  contexts.set(dockerfile, known);
  return known;
}

function moved(problem: Problem, by: number): Problem {
  const { start, end } = problem.range;
  return { ...problem, range: { start: { line: start.line + by, character: start.character }, end: { line: end.line + by, character: end.character } }, instructionLine: problem.instructionLine === null ? null : problem.instructionLine + by };
}

/**
 * Speed (#54): dockerfile-utils' `validate` checks every instruction of the file again on each edit
 * (a quarter to a third of a re-diagnosis). Its per-instruction checks (`validateInstruction`,
 * `checkVariables`) read the instruction's own lines, the escape character, the settings and, for a
 * variable, the ARG/ENV/FROM instructions above it; their problems are kept by those, with lines
 * relative to the instruction, and moved to where an unchanged instruction now is. What crosses
 * instructions (duplicates, directives, the first FROM, ignore comments) stays in `validate` and runs
 * whole. ONBUILD triggers are not kept.
 */
export function keepInstructionProblems(validatorPrototype: object): void {
  const methods = validatorPrototype as Record<string, InstructionCheck>;
  // The settings by a number (the chains' numbering): a key holding their JSON cost more to hash than the check it spares.
  const settingsKeys = new WeakMap<object, number>();
  const keep = (name: string, check: InstructionCheck, read: (args: unknown[]) => { document: TextDocument; instruction: Instruction; problems: Problem[]; extra: string } | undefined) => {
    methods[name] = function (this: object, ...args: unknown[]) {
      const call = read(args);
      const dockerfile = call && (Reflect.get(call.instruction, 'dockerfile') as Dockerfile | undefined);
      const chain = call && dockerfile ? contextsOf(dockerfile).get(call.instruction) : undefined;
      if (!call || chain === undefined) return check.apply(this, args);
      let settings = settingsKeys.get(this);
      if (settings === undefined) settingsKeys.set(this, (settings = chainOf(`settings ${JSON.stringify(Reflect.get(this, 'settings'))}`)));
      const { start, end } = call.instruction.getRange();
      const lines = linesOf(call.instruction);
      const key = `${name}\u0000${settings}\u0000${call.extra}\u0000${chain}`;
      let byContext = results.get(lines);
      const cached = byContext?.get(key);
      if (cached) {
        for (const problem of cached) call.problems.push(moved(problem, start.line));
        return;
      }
      const own: Problem[] = [];
      check.apply(this, args.map((arg) => (arg === call.problems ? own : arg)));
      call.problems.push(...own);
      // Only problems within the instruction's lines (an empty continuation line ends at the next line's start) move with it.
      if (own.every((p) => p.range.start.line >= start.line && p.range.end.line <= end.line + 1 && (p.instructionLine === null || (p.instructionLine >= start.line && p.instructionLine <= end.line)))) {
        if (kept >= maxResults) {
          forgetInstructionProblems();
          byContext = undefined;
        }
        if (!byContext) results.set(lines, (byContext = new Map()));
        byContext.set(key, own.map((p) => moved(p, -start.line)));
        kept++;
      }
    };
  };
  // validateInstruction(document, escapeChar, instruction, keyword, isTrigger, problems)
  keep('validateInstruction', methods.validateInstruction, (args) => {
    const [document, escapeChar, instruction, keyword, isTrigger, problems] = args as [TextDocument, string, Instruction, string, boolean, Problem[]];
    return isTrigger ? undefined : { document, instruction, problems, extra: `${escapeChar}\u0000${keyword}` };
  });
  // checkVariables(instruction, problems): the validator's document is the one validate was given.
  keep('checkVariables', methods.checkVariables, (args) => {
    const [instruction, problems] = args as [Instruction, Problem[]];
    return { document: Reflect.get(instruction, 'document') as TextDocument, instruction, problems, extra: '' };
  });
}

/** Forgets every kept problem: the next check of each instruction is a full one (tests compare the two). */
export function forgetInstructionProblems(): void {
  results.clear();
  kept = 0;
}
