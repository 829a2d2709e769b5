import type * as Vendor from './vendor.lazy';
import type { Argument, Dockerfile, Env, Flag, From, Instruction } from 'dockerfile-ast';
import type { Range } from 'vscode-languageserver-types';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { FileMatcher, type FileSelector } from '../common/fileSelector';
import type { LineIndex } from '../common/lineIndex';
import type { IndexedFile } from '../workspace/index';
import { readShell, type ShellScript } from './shell';
import { keptByText, keywordOf, memoOf, rangeMoved, textId, textIdOf, type KeptByText } from './kept';
import { forgetInstructionProblems, keepInstructionProblems } from './syntaxResults';
import { shareLineOffsets } from './lineOffsets';
import { LastParses } from './lastParses';
import { checkPatchable } from './patches';
import { forgetComments, reuseUnchangedComments, sameLines } from './takenComments';

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

/** The file the parse under way is made for (dockerfileModel), and its line index (the parse's document takes its line starts: lineOffsets.ts); undefined for other parses (dockerfile-utils' own). */
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

/** Dockerfiles by name: `Dockerfile` is a name, not an extension (matched in any case). */
export const dockerfiles: FileSelector = { names: ['Dockerfile', 'Containerfile'], globs: ['Dockerfile.*', 'Containerfile.*', '*.Dockerfile', '*.Containerfile'] };

const matcher = new FileMatcher([dockerfiles]);

/**
 * A template that renders into a Dockerfile (`Dockerfile.j2`, Molecule's and Ansible roles'; `Dockerfile.tmpl`,
 * `Dockerfile.tpl`): its `{% … %}` and `{{ … }}` lines are no instructions, so it is not checked as one.
 */
const TEMPLATE = /\.(?:j2|jinja2?|tmpl|tpl|gotmpl|template|erb|mustache|hbs)$/i;

/** Whether a file is a Dockerfile by its name: Dockerfile, Containerfile, Dockerfile.*, *.Dockerfile — not a template of one. */
export function isDockerfile(uri: string): boolean {
  return matcher.match(uri) === 'yes' && !TEMPLATE.test(uri);
}

/** Dockerfiles larger than this are not parsed (a finding says so). */
export const MAX_DOCKERFILE_BYTES = 1_000_000;

export interface Stage {
  index: number;
  from: From;
  /** The FROM's image name, tag and digest, read once (dockerfile-ast recomputes them on each call). */
  image: string;
  tag: string | undefined;
  digest: string | undefined;
  /** The stage's name (`AS name`), lower-cased as BuildKit compares them. */
  name: string | undefined;
  instructions: Instruction[];
}

export interface DockerfileModel {
  parsed: Dockerfile;
  lines: LineIndex;
  text: string;
  stages: Stage[];
  /** ARGs before the first FROM (usable in FROM lines only). */
  globalArgs: Map<string, string | undefined>;
  /** `# check=skip=…` names (lower-cased), `all` for every check. */
  checkSkip: Set<string>;
  /** `# check=experimental=…` names (lower-cased), `all` for every experimental check: those run only when named. */
  checkExperimental: Set<string>;
  /** hadolint's `# hadolint global ignore=` ids. */
  globalIgnore: Set<string>;
  /** An inline `# check=skip=…` just above an instruction (BuildKit honours it for that instruction): names lower-cased, by the instruction's line. */
  lineSkip: Map<number, Set<string>>;
  /** hadolint's `# hadolint ignore=` ids, by the line of the instruction below the pragma. */
  lineIgnore: Map<number, Set<string>>;
}

// Kept in the instruction's memo (kept.ts), not in WeakMaps.
/** Arguments by the instruction's escape character and text; bounded: cleared when full. */
const argumentsByText = new Map<number, string>();

/**
 * An instruction's arguments as BuildKit reads them: continuation lines joined, comment lines inside
 * dropped (read once per instruction). Speed (#54): dockerfile-ast's `getArgumentsContent` splits the
 * instruction into arguments first (the largest part of hadolint's rules); what it gives depends on the
 * instruction's text (its keyword included) and the escape character only, so an instruction an edit
 * did not change is answered from the previous version's.
 */
export function argumentsText(instruction: Instruction): string {
  const memo = memoOf(instruction);
  let text = memo.argumentsText;
  if (text === undefined) {
    const key = textId(instruction);
    text = argumentsByText.get(key);
    if (text === undefined) {
      const content = instruction.getArgumentsContent() ?? '';
      text = content.includes('#') ? content.replace(/(^|\n)[ \t]*#[^\n]*/g, '$1') : content;
      if (argumentsByText.size >= maxKept) argumentsByText.clear();
      argumentsByText.set(key, text);
    }
    memo.argumentsText = text;
  }
  return text;
}

/** An ENV's variable: its name, value and range (the name to the value's end). */
export interface EnvProperty {
  readonly name: string;
  readonly value: string | null;
  readonly range: Range;
}
/** ENV properties by the instruction's text key, with the line they were read on (shared while the instruction stays there); bounded: cleared when full. */
const envByText: KeptByText<readonly EnvProperty[]> = new Map();

/**
 * An ENV's variables, read once per instruction. Speed (#54): dockerfile-ast's `getProperties` splits
 * the instruction again and builds a Property for each variable (the first ENV check of each version
 * paid it); what it gives depends on the instruction's own lines only, so it is kept by them (textId).
 */
export function envProperties(instruction: Env): readonly EnvProperty[] {
  const memo = memoOf(instruction);
  let properties = memo.env as readonly EnvProperty[] | undefined;
  if (properties === undefined) {
    memo.env = properties = keptByText(
      envByText,
      instruction,
      maxKept,
      () => instruction.getProperties().map((property) => ({ name: property.getName(), value: property.getValue(), range: property.getRange() })),
      (kept, by) => kept.map((property) => ({ name: property.name, value: property.value, range: rangeMoved(property.range, by) })),
    );
  }
  return properties;
}

/** Forgets what is kept across versions (arguments, RUN scripts, dockerfile-utils' problems): the next check is a full one (tests compare the two). */
export function forgetInstructionResults(): void {
  // The last parse too: its instructions carry what was read of them, and are copied into the next parse's.
  lastParse = undefined;
  instructions.clear();
  forgetComments();
  argumentsByText.clear();
  for (const table of argumentTables) table.clear();
  envByText.clear();
  fromByText.clear();
  scriptsByArguments.clear();
  forgetInstructionProblems();
}

/** An instruction's flags (`--mount=…`, `--from=…`), read once per instruction. */
export function flagsOf(instruction: Instruction): Flag[] {
  const memo = memoOf(instruction);
  let flags = memo.flags;
  if (!flags) memo.flags = flags = (instruction as Instruction & { getFlags?: () => Flag[] }).getFlags?.() ?? [];
  return flags;
}

/** What a RUN executes (read-only: kept by the RUN's arguments, for every RUN with the same ones). */
type RunScript = { readonly script: ShellScript; readonly text: string; readonly json: boolean };
const scriptsByArguments = new Map<string, RunScript>();

/** The script a RUN executes: its heredoc bodies when it has any, else its shell-form text (flags removed); a function of its arguments, kept by them. */
export function runScript(instruction: Instruction): RunScript {
  const args = argumentsText(instruction);
  let script = scriptsByArguments.get(args);
  if (!script) {
    script = readRunScript(args);
    if (scriptsByArguments.size >= maxKept) scriptsByArguments.clear();
    scriptsByArguments.set(args, script);
  }
  return script;
}

function readRunScript(args: string): RunScript {
  const raw = args.replace(/^\s*(?:--[a-z-]+(?:=(?:"[^"]*"|(?!"[^"]*")\S*))?\s+)+/i, '');
  if (raw.trimStart().startsWith('[')) {
    try {
      const list = JSON.parse(raw) as unknown;
      if (Array.isArray(list) && list.every((w) => typeof w === 'string')) {
        const words = list;
        // ["sh", "-c", "…"]: the script is the string.
        const script = words.length >= 3 && /(^|\/)(ba)?sh$/.test(words[0]) && words[1] === '-c' ? readShell(words[2]) : { commands: words.length > 0 ? [{ name: words[0], args: words.slice(1) }] : [], pipes: false, count: words.length > 0 ? 1 : 0 };
        return { script, text: raw, json: true };
      }
    } catch {
      // Not JSON after all: a shell form starting with [.
    }
  }
  const heredoc = /^<<-?(["']?)([A-Za-z_]\w*)\b\1[^\n]*\n([\s\S]*?)\n[ \t]*\2[ \t]*$/m.exec(raw);
  if (heredoc) {
    const before = raw.slice(0, heredoc.index).trim();
    const body = heredoc[3];
    return { script: readShell(before ? `${before}\n${body}` : body), text: body, json: false };
  }
  return { script: readShell(raw), text: raw, json: false };
}

const modelKey = Symbol('dockerfile-model');

/** What a stage is read from its FROM: names only (no ranges), a function of the FROM's text. */
type FromNames = { readonly image: string; readonly tag: string | undefined; readonly digest: string | undefined; readonly name: string | undefined };
/** FROM names by the instruction's text (textId); bounded: cleared when full. */
const fromByText: KeptByText<FromNames> = new Map();

/**
 * A FROM's image name, tag, digest and stage name. Speed (#68): dockerfile-ast finds each by splitting
 * the image reference again and scanning it for variables (the name alone asks for the tag's and the
 * digest's ranges); what they give depends on the FROM's own text, so a FROM an edit did not change
 * is answered from the previous version's.
 */
function fromNames(from: From): FromNames {
  return keptByText(fromByText, from, maxKept, () => ({ image: from.getImageName() ?? '', tag: from.getImageTag() ?? undefined, digest: from.getImageDigest() ?? undefined, name: from.getBuildStage()?.toLowerCase() }), (names) => names);
}

/** `#`, blanks and `check` or `hadolint` (any case), anywhere: in every directive and pragma line (and in other lines). */
const directiveOrPragma = /#\s*(?:check|hadolint)/i;

function readDirectives(text: string): { checkSkip: Set<string>; checkExperimental: Set<string>; lineSkip: Map<number, Set<string>>; globalIgnore: Set<string>; lineIgnore: Map<number, Set<string>> } {
  const checkSkip = new Set<string>();
  const checkExperimental = new Set<string>();
  const lineSkip = new Map<number, Set<string>>();
  let pendingSkip: Set<string> | undefined;
  const globalIgnore = new Set<string>();
  const lineIgnore = new Map<number, Set<string>>();
  // Every directive and pragma line starts with `#`, blanks, `check` or `hadolint` (trimmed): without that text, there is none.
  // Speed (#68): the split and the three patterns per line were 3 % of an edit, most Dockerfiles having none.
  if (!directiveOrPragma.test(text)) return { checkSkip, checkExperimental, lineSkip, globalIgnore, lineIgnore };
  const lines = text.split(/\r?\n/);
  let pending: Set<string> | undefined;
  let header = true;
  lines.forEach((line, number) => {
    const trimmed = line.trim();
    if (header) {
      const directive = /^#\s*check\s*=(.*)$/i.exec(trimmed);
      if (directive) {
        for (const part of directive[1].split(';')) {
          const [key, value = ''] = part.split('=').map((s) => s.trim());
          const names = value.split(',').map((n) => n.trim().toLowerCase()).filter(Boolean);
          if (key.toLowerCase() === 'skip') for (const name of names) checkSkip.add(name);
          if (key.toLowerCase() === 'experimental') for (const name of names) checkExperimental.add(name);
        }
      }
      if (!/^#\s*[a-z]+\s*=/i.test(trimmed)) header = false;
    } else {
      // `# check=skip=A,B // why`: the names up to the first blank.
      const inline = /^#\s*check\s*=\s*skip\s*=\s*([\w,]+)/i.exec(trimmed);
      if (inline) pendingSkip = new Set([...(pendingSkip ?? []), ...inline[1].split(',').map((n) => n.trim().toLowerCase()).filter(Boolean)]);
    }
    const pragma = /^#\s*hadolint\s+(global\s+)?ignore\s*=\s*([\w, ]+)/i.exec(trimmed);
    if (pragma) {
      const ids = pragma[2].split(',').map((s) => s.trim().toUpperCase()).filter(Boolean);
      if (pragma[1]) for (const id of ids) globalIgnore.add(id);
      else pending = new Set([...(pending ?? []), ...ids]);
      return;
    }
    if (trimmed === '' || trimmed.startsWith('#')) return;
    if (pendingSkip) {
      lineSkip.set(number, pendingSkip);
      pendingSkip = undefined;
    }
    if (pending) {
      lineIgnore.set(number, pending);
      pending = undefined;
    }
  });
  return { checkSkip, checkExperimental, lineSkip, globalIgnore, lineIgnore };
}

/**
 * A Dockerfile parsed by dockerfile-ast, its stages, and the ignore directives it carries; built once per
 * file version, and again when a later parse took its instructions (reuseUnchangedInstructions).
 */
export function dockerfileModel(file: IndexedFile): DockerfileModel | undefined {
  if (file.text.length > MAX_DOCKERFILE_BYTES) return undefined;
  const model = file.model(modelKey, buildModel);
  if (!superseded.has(model.parsed)) return model;
  file.forgetModels();
  return file.model(modelKey, buildModel);
}

function buildModel(file: IndexedFile): DockerfileModel {
  const { DockerfileParser } = dockerfileLibraries();
  // The file's last parse lends it the instructions it still has.
  parsingFor = file.uri;
  parsingLines = file.lines;
  let parsed: Dockerfile;
  try {
    parsed = DockerfileParser.parse(file.text);
  } finally {
    parsingFor = parsingLines = undefined;
  }
  const stages: Stage[] = [];
  const globalArgs = new Map<string, string | undefined>();
  for (const instruction of parsed.getInstructions()) {
    const keyword = instruction.getKeyword();
    if (keyword === 'FROM') {
      const from = instruction as From;
      const { image, tag, digest, name } = fromNames(from);
      stages.push({ index: stages.length, from, image, tag, digest, name, instructions: [] });
    } else if (stages.length === 0) {
      if (keyword === 'ARG') {
        const [name, ...value] = argumentsText(instruction).trim().split('=');
        if (name) globalArgs.set(name.trim(), value.length > 0 ? value.join('=').replace(/^["']|["']$/g, '') : undefined);
      }
    } else {
      stages[stages.length - 1].instructions.push(instruction);
    }
  }
  return { parsed, lines: file.lines, text: file.text, stages, globalArgs, ...readDirectives(file.text) };
}

/** The stage a name or index in `--from=` / `FROM` designates, among the stages before `before`. */
export function stageNamed(model: DockerfileModel, reference: string, before: number): Stage | undefined {
  const lower = reference.toLowerCase();
  if (/^\d+$/.test(reference)) return Number(reference) < before ? model.stages[Number(reference)] : undefined;
  return model.stages.slice(0, before).find((stage) => stage.name === lower);
}
