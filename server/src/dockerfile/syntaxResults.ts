import type { Dockerfile, Instruction } from 'dockerfile-ast';
import type { Diagnostic } from 'vscode-languageserver-types';
import { memoOf, rangeMoved, textId, type InstructionMemo } from './kept';

/** A dockerfile-utils problem: a diagnostic and the line of the instruction it is about (its ignore comments read it). */
type Problem = Diagnostic & { instructionLine: number | null };

/** The Validator's per-instruction checks, as reached on its prototype (private in its types). */
type InstructionCheck = (this: object, ...args: unknown[]) => void;

/** The problems of an instruction's two checks in one context, with what else they were read with. */
interface Kept {
  /** The settings' number. */
  readonly settings: number;
  /** What `validateInstruction` was given besides the instruction (its escape character and keyword). */
  escapeChar: unknown;
  keyword: unknown;
  validateInstruction: readonly Problem[] | undefined;
  checkVariables: readonly Problem[] | undefined;
}

/**
 * Problems by the number of the instruction's text key (its lines, kept.ts, textId), then by its
 * chain (what the check reads before it), with lines relative to the instruction's first line;
 * bounded: cleared when full. Speed (#68): numbers, not strings, are looked up (a string key made for
 * each instruction of each version, hashed in each table, was a tenth of an edit).
 */
const results = new Map<number, Map<number, Kept>>();
let keptCount = 0;
const maxResults = 20_000;

/**
 * What an instruction's checks read from before it: the ARG, ENV and FROM instructions above it (a
 * variable's value and whether it is defined, its stage). Each chain gets a number once; numbers are
 * never reused, so forgetting the table only costs misses.
 */
const chains = new Map<string, number>();
let nextChain = 0;
/** The Dockerfiles whose instructions' chains were read (contextsOf). */
const contexts = new WeakSet<Dockerfile>();

function chainOf(key: string): number {
  let id = chains.get(key);
  if (id === undefined) {
    if (chains.size >= maxResults) chains.clear();
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
function chainIn(dockerfile: Dockerfile, memo: InstructionMemo): number | undefined {
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

function moved(problem: Problem, by: number): Problem {
  return { ...problem, range: rangeMoved(problem.range, by), instructionLine: problem.instructionLine === null ? null : problem.instructionLine + by };
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
export function keepInstructionProblems(validatorPrototype: object, commentPrototype: object): void {
  skipIgnoreScanWithoutMarker(validatorPrototype, commentPrototype);
  const methods = validatorPrototype as Record<string, InstructionCheck>;
  // The settings by a number (the chains' numbering): a key holding their JSON cost more to hash than the check it spares.
  const settingsKeys = new WeakMap<object, number>();
  // The last validator's settings number (validate makes one validator per call, asked twice per instruction).
  let lastValidator: object | undefined;
  let lastSettings: number | undefined;
  // Plain parameters, not a rest array destructured: this runs twice per instruction and edit, mostly in the interpreter (the first edits).
  const kept = (validator: object, name: 'validateInstruction' | 'checkVariables', instruction: Instruction, escapeChar: unknown, keyword: unknown, problems: Problem[], check: (into: Problem[]) => void): void => {
    const dockerfile = Reflect.get(instruction, 'dockerfile') as Dockerfile | undefined;
    // The memo read once here (a lookup on ten classes of instructions: not free, twice per instruction and edit).
    const memo = memoOf(instruction);
    const chain = dockerfile ? chainIn(dockerfile, memo) : undefined;
    if (chain === undefined) return check(problems);
    let settings = lastSettings;
    if (validator !== lastValidator || settings === undefined) {
      settings = settingsKeys.get(validator);
      if (settings === undefined) settingsKeys.set(validator, (settings = chainOf(`settings ${JSON.stringify(Reflect.get(validator, 'settings'))}`)));
      lastValidator = validator;
      lastSettings = settings;
    }
    const { start, end } = instruction.getRange();
    // The entry last used for this instruction (its memo) when read in the same chain; else by the instruction's text key (its
    // number: the arguments kept are looked up by it too), then its chain.
    let byContext: Map<number, Kept> | undefined;
    let entry = memo.problemsChain === chain ? (memo.problems as Kept) : (byContext = results.get(textId(instruction)))?.get(chain);
    // validateInstruction reads the escape character and keyword it is given; checkVariables does not.
    if (entry !== undefined && (entry.settings !== settings || (name === 'validateInstruction' && (entry.escapeChar !== escapeChar || entry.keyword !== keyword)))) entry = undefined;
    if (entry !== undefined) {
      memo.problems = entry;
      memo.problemsChain = chain;
    }
    const cached = entry?.[name];
    if (cached) {
      for (let i = 0; i < cached.length; i++) problems.push(moved(cached[i], start.line));
      return;
    }
    const own: Problem[] = [];
    check(own);
    for (let i = 0; i < own.length; i++) problems.push(own[i]);
    // Only problems within the instruction's lines (an empty continuation line ends at the next line's start) move with it.
    if (own.every((p) => p.range.start.line >= start.line && p.range.end.line <= end.line + 1 && (p.instructionLine === null || (p.instructionLine >= start.line && p.instructionLine <= end.line)))) {
      if (keptCount >= maxResults) {
        forgetInstructionProblems();
        byContext = undefined;
        entry = undefined;
      }
      if (entry === undefined) {
        const text = textId(instruction);
        byContext ??= results.get(text);
        if (!byContext) results.set(text, (byContext = new Map<number, Kept>()));
        entry = name === 'validateInstruction' ? { settings, escapeChar, keyword, validateInstruction: undefined, checkVariables: undefined } : { settings, escapeChar: undefined, keyword: undefined, validateInstruction: undefined, checkVariables: undefined };
        byContext.set(chain, entry);
        memo.problems = entry;
        memo.problemsChain = chain;
      }
      entry[name] = own.map((p) => moved(p, -start.line));
      keptCount++;
    }
  };
  const { validateInstruction, checkVariables } = methods;
  methods.validateInstruction = function (this: object, document: unknown, escapeChar: unknown, instruction: unknown, keyword: unknown, isTrigger: unknown, problems: unknown) {
    if (isTrigger) return validateInstruction.call(this, document, escapeChar, instruction, keyword, isTrigger, problems);
    kept(this, 'validateInstruction', instruction as Instruction, escapeChar, keyword, problems as Problem[], (into) => validateInstruction.call(this, document, escapeChar, instruction, keyword, isTrigger, into));
  };
  // checkVariables(instruction, problems): the validator's document is the one validate was given.
  methods.checkVariables = function (this: object, instruction: unknown, problems: unknown) {
    kept(this, 'checkVariables', instruction as Instruction, undefined, undefined, problems as Problem[], (into) => checkVariables.call(this, instruction, into));
  };
}

/**
 * Speed (#68): `validate` ends by reading the content of every comment of the file, to find the
 * `# dockerfile-utils: ignore` ones (a substring and a trim per comment and edit: 3 % of a warm edit).
 * A comment's content is a piece of the text: where the text does not hold that marker, no comment's
 * content is it, so during that `validate` a comment's content is answered as empty (not the marker,
 * like the real one). The validator's loop is `getContent`'s only caller in dockerfile-utils; in
 * dockerfile-ast only a comment's `toString` calls it, and nothing calls that during `validate`.
 */
function skipIgnoreScanWithoutMarker(validatorPrototype: object, commentPrototype: object): void {
  const validator = validatorPrototype as Record<string, (this: object, document: { getText(): string }) => unknown>;
  const comment = commentPrototype as Record<string, (this: object) => string>;
  const { validate } = validator;
  const { getContent } = comment;
  let markerAbsent = false;
  validator.validate = function (this: object, document: { getText(): string }) {
    const outer = markerAbsent;
    markerAbsent = !document.getText().includes('dockerfile-utils: ignore');
    try {
      return validate.call(this, document);
    } finally {
      markerAbsent = outer;
    }
  };
  comment.getContent = function (this: object) {
    return markerAbsent ? '' : getContent.call(this);
  };
}

/** Forgets every kept problem: the next check of each instruction is a full one (tests compare the two). */
export function forgetInstructionProblems(): void {
  results.clear();
  keptCount = 0;
}
