/**
 * Everything the Dockerfile family changes in dockerfile-ast and dockerfile-utils, fence and code, in this one
 * module (issue #83). Both are pinned exactly (package.json); `dockerfileLibraries` loads them with the first
 * Dockerfile and wraps or replaces their methods, private ones included, for speed (#38, #54, #68) and safety (a
 * variable resolved through a loop). PATCHED lists every method touched, the function here patching it and the
 * digest of its source in the pinned release; `checkPatchable` refuses a library whose methods are missing, and
 * `server/test/unit/dockerfile/library-patches.test.ts` fails, on a fresh unpatched copy, when a listed method's
 * source differs from its digest: an upgrade is re-read patch by patch before the digests are renewed. model.ts
 * reads through `dockerfileLibraries`, `parseFile`, `isSuperseded` and `forgetPatchedResults` only.
 */
import type * as Vendor from './vendor.lazy';
import type { Argument, Dockerfile, Instruction } from 'dockerfile-ast';
import type { Diagnostic, Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { LineIndex } from '../common/lineIndex';
import type { IndexedFile } from '../workspace/index';
import { chainIn, chainOf, keptByText, keywordOf, memoOf, rangeMoved, textId, textIdOf, type KeptByText } from './kept';
import { LastParses, sameLines } from './lastParses';

export interface PatchedMethod {
  /** The class (a key of `owners`) and the method. */
  readonly owner: 'DockerfileParser' | 'Instruction' | 'PropertyInstruction' | 'Parser' | 'Validator' | 'Comment' | 'Dockerfile';
  readonly method: string;
  /** Where the patch is, and what it assumes of the method. */
  readonly patch: string;
  /** sha-256 of the method's source in the pinned release (first 16 hex digits). */
  readonly digest: string;
}

/** The pinned releases the digests are of (package.json says them exactly). */
export const PINNED = { 'dockerfile-ast': '0.7.1', 'dockerfile-utils': '0.16.3' } as const;

export const PATCHED: readonly PatchedMethod[] = [
  { owner: 'DockerfileParser', method: 'parse', digest: '3a0529a4af72e49f', patch: 'dockerfileLibraries: the last text\'s parse kept (dockerfile-utils\' validate parses again); a parse does not change the text it returns' },
  { owner: 'Instruction', method: 'getRawArguments', digest: '603221fadfbcbd3f', patch: 'memoizeArguments: the answer depends on the instruction\'s own lines only' },
  { owner: 'Instruction', method: 'getArgumentsRanges', digest: 'df9145785dccf824', patch: 'memoizeArguments: likewise; FROM alone moves the ranges it is given' },
  { owner: 'Instruction', method: 'getArgumentsContent', digest: 'd2110d7ade68c241', patch: 'memoizeArguments: likewise' },
  { owner: 'Instruction', method: 'getRawArgumentsContent', digest: '0f178580961195eb', patch: 'memoizeArguments: likewise' },
  { owner: 'Instruction', method: 'getKeyword', digest: '39b709db6094d983', patch: 'keepKeywords: the keyword upper-cased, read once per instruction' },
  { owner: 'PropertyInstruction', method: 'getPropertyArguments', digest: 'd2c69fea5c01904b', patch: 'memoizeArguments: likewise' },
  { owner: 'Parser', method: 'parse', digest: '187c3381eabb975c', patch: 'reuseUnchangedInstructions and reuseUnchangedComments: the text being parsed known to the patches below' },
  { owner: 'Parser', method: 'processComment', digest: '548317ae0139be5f', patch: 'reuseUnchangedComments: an unchanged comment of the previous version taken as it was' },
  { owner: 'Parser', method: 'processInstruction', digest: '37276821c0dfbed6', patch: 'reuseUnchangedInstructions: an instruction ends where its lines end' },
  { owner: 'Parser', method: 'createInstruction', digest: '1eecc8aae6414b83', patch: 'reuseUnchangedInstructions and skipHeredocProbes: an instruction made from its keyword and span alone' },
  { owner: 'Parser', method: 'processArguments', digest: '93ec1c32882cd2bd', patch: 'skipHeredocProbes: heredocs only where `<<` is written' },
  { owner: 'Parser', method: 'processHeredocs', digest: 'ef59c96411247bb7', patch: 'skipHeredocProbes: likewise' },
  { owner: 'Parser', method: 'getParserDirectives', digest: 'ab0e8a3962c9c204', patch: 'shareLineOffsets: the document\'s line offsets are the index\'s when the text is the same' },
  { owner: 'Validator', method: 'validateInstruction', digest: '5a0297d59b39d6de', patch: 'keepInstructionProblems: an instruction\'s problems depend on its text, escape character and settings only' },
  { owner: 'Validator', method: 'checkVariables', digest: 'c5a6014ce90fbcef', patch: 'keepInstructionProblems: likewise' },
  { owner: 'Validator', method: 'validate', digest: '709fa764eba3618c', patch: 'keepInstructionProblems (skipIgnoreScanWithoutMarker): the kept problems forgotten with the text' },
  { owner: 'Comment', method: 'getContent', digest: '429d3ee0d0796010', patch: 'skipIgnoreScanWithoutMarker: a comment\'s content read once' },
  { owner: 'Dockerfile', method: 'resolveVariable', digest: '0f2b15b127c586ad', patch: 'guardVariableResolution: a variable defined through itself resolves to nothing, not a loop' },
];

/** The objects holding the patched methods (the Dockerfile class's prototype, which the library does not export, from a parse). */
export function owners(vendor: Pick<typeof Vendor, 'DockerfileParser' | 'Instruction' | 'PropertyInstruction' | 'Parser' | 'Validator' | 'Comment'>): Record<PatchedMethod['owner'], object> {
  return {
    DockerfileParser: vendor.DockerfileParser,
    Instruction: vendor.Instruction.prototype,
    PropertyInstruction: vendor.PropertyInstruction.prototype,
    Parser: vendor.Parser.prototype,
    Validator: vendor.Validator.prototype,
    Comment: vendor.Comment.prototype,
    Dockerfile: Object.getPrototypeOf(vendor.DockerfileParser.parse('')) as object,
  };
}

/** Throws, naming them, when a method a patch wraps is not a function of the loaded libraries (before any is patched). */
export function checkPatchable(vendor: typeof Vendor): void {
  const found = owners(vendor);
  const missing = PATCHED.filter((entry) => typeof Reflect.get(found[entry.owner], entry.method) !== 'function').map((entry) => `${entry.owner}.${entry.method}`);
  if (missing.length > 0) throw new Error(`dockerfile-ast/dockerfile-utils changed: ${missing.join(', ')} not found (the patches are written for dockerfile-ast ${PINNED['dockerfile-ast']} and dockerfile-utils ${PINNED['dockerfile-utils']})`);
}

let vendor: typeof Vendor | undefined;
let lastParse: { text: string; parsed: Dockerfile } | undefined;
/**
 * dockerfile-ast and dockerfile-utils (vendor.lazy.ts), loaded with the first Dockerfile read.
 * Speed (#38): dockerfile-utils' `validate` parses the text again; the last text's parse is kept (a
 * parsed Dockerfile is not changed by reading it), so that it reuses the model's.
 */
export function dockerfileLibraries(): typeof Vendor {
  if (!vendor) {
    vendor = require('./vendor.lazy') as typeof Vendor;
    // Every patch below is listed, with what it assumes, in patches.ts (the fence); none is made on a method that is gone.
    checkPatchable(vendor);
    const { DockerfileParser } = vendor;
    const parseText = DockerfileParser.parse.bind(DockerfileParser);
    DockerfileParser.parse = (text: string): Dockerfile => {
      if (lastParse?.text !== text || superseded.has(lastParse.parsed)) lastParse = { text, parsed: parseText(text) };
      return lastParse.parsed;
    };
    memoizeArguments(vendor);
    keepKeywords(vendor.Instruction.prototype);
    // Comments first: the instructions' patch wraps processComment (it counts the comments read inside an instruction, taken ones too).
    reuseUnchangedComments(vendor.Parser.prototype as unknown as Parameters<typeof reuseUnchangedComments>[0], () => parsingFor, (from) => superseded.add(from));
    reuseUnchangedInstructions(vendor.Parser);
    skipHeredocProbes(vendor.Parser.prototype);
    shareLineOffsets(vendor.Parser, () => parsingLines);
    keepInstructionProblems(vendor.Validator.prototype, vendor.Comment.prototype);
    guardVariableResolution(Object.getPrototypeOf(parseText('')) as Dockerfile);
  }
  return vendor;
}

/** The most entries of each table of what is kept by text across versions. */
const maxKept = 20_000;
/** The arguments kept across versions, one table per method, by the instruction's text (`textId`), with the line they were read on; bounded: cleared when full. */
const argumentTables: Map<number, unknown>[] = [];

/**
 * Speed (#54): dockerfile-ast splits an instruction's text into arguments again on every call of
 * `getRawArguments` (and of what is built on it: `getArguments`, `getFlags`, `getHeredocs`, the
 * arguments' content and ranges), which its own constructors, dockerfile-utils' checks and ours call
 * dozens of times per instruction: a fifth of a re-diagnosis. What they read is fixed once the
 * instruction is made (its range, escape character and document never change), so the first answer is
 * kept on the instruction and handed out in an array of its own (`getArguments` shifts the flags off
 * the array it gets); FROM's `getImageNameRange` and `getRegistryRange` move the start and end of its
 * argument's range, so a FROM gets copies of the arguments and ranges too (nothing else changes them). The answer
 * depends on the instruction's own lines only (`textId`): it is also kept by them across versions,
 * so that an instruction an edit did not change is not split again when the edited file is parsed (the
 * constructors of RUN, CMD, ENTRYPOINT and SHELL split at once); moved when the instruction moved,
 * shared when it is on the same line (nothing changes what is kept: it is handed out in new arrays).
 */
function memoizeArguments(vendorModule: typeof Vendor): void {
  // getRawArguments is private in dockerfile-ast's types: the prototypes are reached as records of methods.
  type Methods = Record<string, (this: Instruction) => unknown>;
  const instructions = vendorModule.Instruction.prototype as unknown as Methods;
  const properties = vendorModule.PropertyInstruction.prototype as unknown as Methods;
  const { Argument, From } = vendorModule;
  // Each kept method's index in an instruction's memo.
  let slots = 0;
  const keep = <T>(methods: Methods, name: string, move: (value: T, by: number) => T, handOut: (value: T, instruction: Instruction) => T) => {
    const compute = methods[name];
    // Kept on the instruction (its memo), not in a WeakMap: thousands of weak entries per parse cost the GC more than they save.
    const slot = slots++;
    // By textId (the number of the instruction's text key), with the line the answer is on.
    const byText: KeptByText<T> = new Map();
    argumentTables.push(byText);
    methods[name] = function (this: Instruction) {
      const answers = memoOf(this).methods;
      let value = answers[slot] as T | undefined;
      if (value === undefined) answers[slot] = value = keptByText(byText, this, maxKept, () => compute.call(this) as T, move);
      return handOut(value, this);
    };
  };
  const moveArguments = (args: Argument[], by: number) => args.map((arg) => new Argument(arg.getValue(), rangeMoved(arg.getRange(), by)));
  // Only FROM changes the ranges it is given (getImageNameRange, getRegistryRange): it gets its own; the others share them, in an array of their own.
  const handOutArguments = (args: Argument[], instruction: Instruction) => (instruction instanceof From ? moveArguments(args, 0) : args.slice());
  const same = <T>(value: T) => value;
  keep(instructions, 'getRawArguments', moveArguments, handOutArguments);
  keep<Range[]>(instructions, 'getArgumentsRanges', (ranges, by) => ranges.map((range) => rangeMoved(range, by)), (ranges, instruction) => (instruction instanceof From ? ranges.map((range) => rangeMoved(range, 0)) : ranges.slice()));
  keep<string | null>(instructions, 'getArgumentsContent', same, same);
  keep<string | null>(instructions, 'getRawArgumentsContent', same, same);
  keep(properties, 'getPropertyArguments', moveArguments, handOutArguments);
}

/** dockerfile-ast's `getKeyword` answered from the instruction's memo (kept.ts, keywordOf): read once per instruction, not upper-cased on every call. */
function keepKeywords(prototype: Instruction): void {
  prototype.getKeyword = function (this: Instruction) {
    return keywordOf(this);
  };
}

/** The file the parse under way is made for (dockerfileModel), and its line index (the parse's document takes its line starts: shareLineOffsets); undefined for other parses (dockerfile-utils' own). */
let parsingFor: string | undefined, parsingLines: LineIndex | undefined;
/** An instruction of a parse, with what it was made of: its full lines, and its start, keyword's end and end from its first line's start. */
class Made {
  constructor(
    readonly instruction: Instruction,
    readonly lines: string,
    readonly escapeChar: string,
    readonly keyword: string,
    readonly start: number,
    readonly keywordEnd: number,
    readonly end: number,
  ) {}

  /** Whether comment lines are inside it (the parser adds them to the Dockerfile as it reads the instruction). */
  comments = false;
}

/** The instructions of each file's last parse, by their first line; the last few files parsed. */
const instructions = new LastParses<Made>();
/** Dockerfiles a later parse took instructions from: a model holding one is made again (dockerfileModel). */
const superseded = new WeakSet<Dockerfile>();

/**
 * Speed (#68): dockerfile-ast makes every instruction of the file again on each edit (the constructors
 * of RUN, CMD, ENTRYPOINT and SHELL split their arguments at once): a third of the first edits after a
 * start, while that code still runs in the interpreter, a fifth of the later ones. An instruction is
 * made of its text (the full lines it spans, its keyword and ranges on them, the escape character: its
 * text key, kept.ts) and of the document and Dockerfile it belongs to, which it reads only when asked
 * (a variable's value, its stage); what it keeps of itself (its flags, its ENV or LABEL properties, its
 * memo: kept.ts) is read from its own lines. So when a file is parsed again, an instruction with the
 * same text key on the same line as one of that file's last parse is that one, moved into the new
 * document and Dockerfile (not copied: a copy's other shape slowed every later read of an instruction
 * more than the copy saved). One that moved (a line inserted above) is made again. The Dockerfile it
 * is taken from is marked superseded: a model still holding it (an earlier version kept, or a file of
 * the same text, which shares the last parse) is made again when asked for. Each instruction made
 * here gets its text key's number at once (textId reads it from the memo); one taken keeps its own.
 */
function reuseUnchangedInstructions(parser: typeof Vendor.Parser): void {
  type ParserMethods = Record<string, (this: Record<string, unknown>, ...args: unknown[]) => unknown>;
  const methods = parser.prototype as unknown as ParserMethods;
  const { parse, processInstruction, processComment } = methods;
  // The Dockerfile last marked superseded by this parse.
  let marked: Dockerfile | undefined;
  methods.parse = function (buffer) {
    return instructions.around(parsingFor, () => parse.call(this, buffer), () => (marked = undefined));
  };
  /** The instruction of the last parse at `line`, moved into this parse's document and Dockerfile (the one it leaves is superseded). */
  const take = (before: Made, line: number, document: TextDocument, dockerfile: unknown): Instruction => {
    // Its document and Dockerfile (protected fields) set by plain stores: `Reflect.set` was 3 % of an edit (#68). The instructions of a
    // parse mostly come from one Dockerfile: marked once.
    const instruction = before.instruction as unknown as { document: TextDocument; dockerfile: unknown };
    const from = instruction.dockerfile as Dockerfile;
    if (from !== dockerfile && from !== marked) superseded.add((marked = from));
    instruction.document = document;
    instruction.dockerfile = dockerfile;
    if (instructions.made !== undefined) instructions.made[line] = before;
    return before.instruction;
  };
  let comments = 0;
  methods.processComment = function (dockerfile, start) {
    comments++;
    return processComment.call(this, dockerfile, start);
  };
  // The parser reads an instruction from its first character to the line end after it (or the end of the text), and returns where it
  // stopped: its end. An instruction of the last parse with the same full lines at the same place is what it would read: it is taken as
  // it is, without reading it again (nor looking for heredocs in it) — unless comment lines are inside it (read, they are added to the Dockerfile).
  methods.processInstruction = function (dockerfile, char, start) {
    const document = this.document as TextDocument;
    const buffer = this.buffer as string;
    const startPosition = document.positionAt(start as number);
    const lineStart = (start as number) - startPosition.character;
    const before = instructions.last?.[startPosition.line];
    if (before !== undefined && !before.comments && before.start === startPosition.character && before.escapeChar === this.escapeChar && sameLines(buffer, lineStart, before.lines) && (before.end < before.lines.length || lineStart + before.end === buffer.length)) {
      (dockerfile as Dockerfile & { addInstruction(instruction: Instruction): void }).addInstruction(take(before, startPosition.line, document, dockerfile));
      return lineStart + before.end;
    }
    const seen = comments;
    const end = processInstruction.call(this, dockerfile, char, start);
    if (comments !== seen) {
      const read = instructions.made?.[startPosition.line];
      if (read !== undefined) read.comments = true;
    }
    return end;
  };
  // As dockerfile-ast's own (the ranges share their start), with the instruction of the file's last parse when its text key and line are the same.
  methods.createInstruction = function (dockerfile, keyword, start, instructionEnd, end) {
    const document = this.document as TextDocument;
    const escapeChar = this.escapeChar as string;
    const startPosition = document.positionAt(start as number);
    const lineStart = (start as number) - startPosition.character;
    const before = instructions.last?.[startPosition.line];
    // The same text key: the same full lines from the same line, keyword, escape character, and start, keyword's end and end on them.
    if (before !== undefined && before.start === startPosition.character && before.keywordEnd === (instructionEnd as number) - lineStart && before.end === (end as number) - lineStart && before.keyword === keyword && before.escapeChar === escapeChar && sameLines(this.buffer as string, lineStart, before.lines)) {
      return take(before, startPosition.line, document, dockerfile);
    }
    const instructionRange: Range = { start: startPosition, end: document.positionAt(instructionEnd as number) };
    const lineRange: Range = { start: startPosition, end: document.positionAt(end as number) };
    const lines = document.getText().slice(lineStart, document.offsetAt({ line: lineRange.end.line + 1, character: 0 }));
    const instruction = parser.createInstruction(document, dockerfile as Parameters<typeof parser.createInstruction>[1], escapeChar, lineRange, keyword as string, instructionRange);
    const memo = memoOf(instruction);
    memo.lines = lines;
    memo.textId = textIdOf(escapeChar, keyword as string, lineRange, instructionRange, lines);
    if (instructions.made !== undefined) instructions.made[startPosition.line] = new Made(instruction, lines, escapeChar, keyword as string, startPosition.character, (instructionEnd as number) - lineStart, (end as number) - lineStart);
    return instruction;
  };
}

/** An instruction dockerfile-ast's parser would make only to look for heredocs in it: what it would be made of. */
class HeredocProbe {
  constructor(readonly dockerfile: unknown, readonly instruction: unknown, readonly start: number, readonly instructionEnd: number, readonly end: number) {}
}

/**
 * Speed (#68): for each instruction with arguments, dockerfile-ast's parser makes the instruction
 * twice: once to look for heredocs in its arguments (`processArguments` hands it to `processHeredocs`,
 * which splits its arguments and keeps none of it), then again to add it (`processInstruction`): a
 * seventh of an edit, the constructors of RUN, CMD, ENTRYPOINT and SHELL splitting their arguments at
 * once. An argument is made of the instruction's characters, so one starting with `<<` needs a `<` in
 * the instruction's text: without one, the instruction has no heredoc and is not made for the look.
 * With one, it is made and looked into as before. The parser's other calls are unchanged.
 */
function skipHeredocProbes(prototype: object): void {
  type ParserMethods = Record<string, (this: Record<string | symbol, unknown>, ...args: unknown[]) => unknown>;
  const methods = prototype as ParserMethods;
  const { processArguments, processHeredocs, createInstruction } = methods;
  const probing = Symbol('probing');
  // The first `<` at or after the last place asked, in the last text parsed: the instructions are looked at in order, so the text is searched once per parse.
  let searched: string | undefined;
  let from = 0;
  let found = -1;
  // Plain parameters (the library's), not rest arrays: these run for every instruction of every version.
  methods.processArguments = function (dockerfile, instruction, instructionEnd, start, offset) {
    this[probing] = true;
    try {
      return processArguments.call(this, dockerfile, instruction, instructionEnd, start, offset);
    } finally {
      this[probing] = false;
    }
  };
  // processArguments makes an instruction for one purpose: to hand it to processHeredocs.
  methods.createInstruction = function (dockerfile, instruction, start, instructionEnd, end) {
    if (this[probing] === true) return new HeredocProbe(dockerfile, instruction, start as number, instructionEnd as number, end as number);
    return createInstruction.call(this, dockerfile, instruction, start, instructionEnd, end);
  };
  methods.processHeredocs = function (instruction, offset) {
    if (!(instruction instanceof HeredocProbe)) return processHeredocs.call(this, instruction, offset);
    this[probing] = false;
    const buffer = this.buffer as string;
    if (searched !== buffer || instruction.start < from || (found !== -1 && found < instruction.start)) {
      searched = buffer;
      from = instruction.start;
      found = buffer.indexOf('<', from);
    }
    if (found === -1 || found >= instruction.end) return offset;
    return processHeredocs.call(this, createInstruction.call(this, instruction.dockerfile, instruction.instruction, instruction.start, instruction.instructionEnd, instruction.end), offset);
  };
}

/**
 * dockerfile-ast resolves a variable in the build stage holding its line, and, for a line in none
 * (an indented first instruction, `  RUN echo $A`, starts after column 0 where the lookup is made),
 * in the whole Dockerfile, which is itself again: the recursion never ends and dockerfile-utils'
 * checks failed with "Maximum call stack size exceeded". A second entry for the same file answers
 * "not defined", as the library does for a line outside the document.
 */
function guardVariableResolution(prototype: Dockerfile): void {
  const resolve: (this: Dockerfile, variable: string, line: number) => string | null | undefined = Reflect.get(prototype, 'resolveVariable');
  const resolving = new Set<Dockerfile>();
  prototype.resolveVariable = function (this: Dockerfile, variable: string, line: number) {
    if (resolving.has(this)) return undefined;
    resolving.add(this);
    try {
      return resolve.call(this, variable, line);
    } finally {
      resolving.delete(this);
    }
  };
}

/**
 * Speed (#68): the parse's TextDocument (vscode-languageserver-textdocument) computes the offsets its
 * lines start at on its first position lookup, the same ones as the file's LineIndex (the same line
 * ends: \n, \r\n, a lone \r; computed by each once per version: 4 % of an edit). The document the
 * parse makes for the text of the LineIndex `current` gives (dockerfileModel's parse; none for other
 * parses) is given the index's, which neither changes (the document changes its own only in `update`,
 * never called on a parse's), before the parse reads it: right after the document is made, when the
 * parser looks for its directives.
 */
export function shareLineOffsets(parser: typeof Vendor.Parser, current: () => LineIndex | undefined): void {
  const methods = parser.prototype as unknown as Record<string, (this: unknown, ...args: unknown[]) => unknown>;
  const { getParserDirectives } = methods;
  methods.getParserDirectives = function (document, buffer) {
    const lines = current();
    if (lines !== undefined && lines.text === buffer && Reflect.get(document as object, '_lineOffsets') === undefined) Reflect.set(document as object, '_lineOffsets', lines.starts);
    return getParserDirectives.call(this, document, buffer);
  };
}

/**
 * Speed (#68): dockerfile-ast's parser reads every comment line of the file again on each parse (`processComment`: the
 * line read to its end, two positions, a range and a Comment made) — on the first edits after a start, while that code
 * still runs in the interpreter, and V8 then compiles it (16 ms on its thread, in an edit). A Comment is its line only
 * (its document and range: `Line`), so when a file is parsed again, a comment whose full line is the same at the same
 * line and column as in that file's last parse is that one, moved into the new document (as reuseUnchangedInstructions takes unchanged
 * instructions). The Dockerfile it leaves is superseded (a model still holding it is made again: model.ts).
 */

/** A comment of a parse: its full line (line end included), its column and its end from the line's start, the Dockerfile it was added to. */
class MadeComment {
  constructor(
    readonly comment: { document: TextDocument },
    readonly line: string,
    readonly start: number,
    readonly end: number,
    readonly dockerfile: Dockerfile,
  ) {}
}

/** The comments of each file's last parse, by line; the last few files parsed. */
const lastComments = new LastParses<MadeComment>();

/** Forgets the comments kept (forgetInstructionResults: the next parse reads every line). */
export function forgetComments(): void {
  lastComments.clear();
}

/**
 * Patches the parser's `parse` and `processComment` (before reuseUnchangedInstructions wraps them): `fileOfParse` is the file
 * the parse under way is made for (undefined: a parse that keeps nothing, dockerfile-utils' own), `supersede` marks a
 * Dockerfile a comment was taken from.
 */
export function reuseUnchangedComments(methods: Record<string, (this: Record<string, unknown>, ...args: unknown[]) => unknown>, fileOfParse: () => string | undefined, supersede: (from: Dockerfile) => void): void {
  const { parse, processComment } = methods;
  // The Dockerfile last marked superseded by this parse (its comments mostly come from one).
  let marked: Dockerfile | undefined;
  methods.parse = function (buffer) {
    return lastComments.around(fileOfParse(), () => parse.call(this, buffer), () => (marked = undefined));
  };
  // The parser reads a comment from its `#` to the line's end (a \r or \n, or the end of the text), adds it and returns that end.
  methods.processComment = function (dockerfile, start) {
    const { made, last } = lastComments;
    if (made === undefined) return processComment.call(this, dockerfile, start);
    const document = this.document as TextDocument;
    const buffer = this.buffer as string;
    const position = document.positionAt(start as number);
    const lineStart = (start as number) - position.character;
    const before = last?.[position.line];
    const target = dockerfile as Dockerfile & { addComment(comment: unknown): void; getComments(): unknown[] };
    if (before !== undefined && before.start === position.character && sameLines(buffer, lineStart, before.line)) {
      before.comment.document = document;
      if (before.dockerfile !== target && before.dockerfile !== marked) supersede((marked = before.dockerfile));
      target.addComment(before.comment);
      made[position.line] = new MadeComment(before.comment, before.line, before.start, before.end, target);
      return lineStart + before.end;
    }
    const end = processComment.call(this, dockerfile, start) as number;
    const comments = target.getComments();
    const line = buffer.slice(lineStart, document.offsetAt({ line: position.line + 1, character: 0 }));
    made[position.line] = new MadeComment(comments[comments.length - 1] as unknown as { document: TextDocument }, line, position.character, end - lineStart, target);
    return end;
  };
}

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

/** A file's parse by the patched parser: its last parse lends it the instructions and comments it still has, its line index the line starts. */
export function parseFile(file: IndexedFile): Dockerfile {
  const { DockerfileParser } = dockerfileLibraries();
  parsingFor = file.uri;
  parsingLines = file.lines;
  try {
    return DockerfileParser.parse(file.text);
  } finally {
    parsingFor = parsingLines = undefined;
  }
}

/** Whether a later parse took instructions or comments from this Dockerfile: a model holding it is made again. */
export function isSuperseded(parsed: Dockerfile): boolean {
  return superseded.has(parsed);
}

/** Forgets what the patches keep across versions (the last parse, its instructions and comments, arguments, dockerfile-utils' problems). */
export function forgetPatchedResults(): void {
  // The last parse too: its instructions carry what was read of them, and are copied into the next parse's.
  lastParse = undefined;
  instructions.clear();
  forgetComments();
  for (const table of argumentTables) table.clear();
  forgetInstructionProblems();
}
