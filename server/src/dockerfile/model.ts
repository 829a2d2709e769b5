import type { Dockerfile, Env, Flag, From, Instruction } from 'dockerfile-ast';
import type { Range } from 'vscode-languageserver-types';
import { FileMatcher, type FileSelector } from '../common/fileSelector';
import type { LineIndex } from '../common/lineIndex';
import type { IndexedFile } from '../workspace/index';
import { readShell, type ShellScript } from './shell';
import { keptByText, memoOf, rangeMoved, textId, type KeptByText } from './kept';
import { forgetPatchedResults, isSuperseded, parseFile } from './patches';

/** The most entries of each table of what is kept by text across versions. */
const maxKept = 20_000;

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
  forgetPatchedResults();
  argumentsByText.clear();
  envByText.clear();
  fromByText.clear();
  scriptsByArguments.clear();
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
  if (!isSuperseded(model.parsed)) return model;
  file.forgetModels();
  return file.model(modelKey, buildModel);
}

function buildModel(file: IndexedFile): DockerfileModel {
  // The file's last parse lends it the instructions it still has (patches.ts).
  const parsed = parseFile(file);
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
