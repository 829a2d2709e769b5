import type { Instruction } from 'dockerfile-ast';
import type { Finding } from '../common/findings';
import { t } from '../l10n/t';
import { at, headRange } from './hadolint';
import { keywordCasing } from './kept';
import { argumentsText, flagsOf, type DockerfileModel } from './model';
import { buildkit as rules } from './rules';

/**
 * BuildKit's style checks (casing, continuation lines, FROM --platform, definition comments): those
 * that read how the Dockerfile is written rather than what it defines (buildkit.ts has the others).
 */
export function buildkitStyleFindings(model: DockerfileModel): Finding[] {
  const findings: Finding[] = [];
  const push = (range: Parameters<typeof at>[1], code: string, message: string) => findings.push(at(model, range, code, message));
  for (const stage of model.stages) {
    const from = stage.from;
    // BuildKit reads `FROM image AS name` (three words) only; the name as written, not lower-cased.
    const words = argumentsText(from).replace(/^\s*(?:--\S+\s+)+/, '').trim().split(/\s+/);
    if (words.length === 3 && /^as$/i.test(words[1]) && words[2] !== words[2].toLowerCase()) push(from.getBuildStageRange() ?? headRange(from), rules.StageNameCasing.id, t('Stage name \'{0}\' should be lowercase', words[2]));
  }
  findings.push(...emptyContinuations(model), ...instructionCasing(model), ...platformFlags(model));
  if (model.checkExperimental.has('all') || model.checkExperimental.has('invaliddefinitiondescription')) findings.push(...definitionComments(model));
  return findings;
}

/**
 * InvalidDefinitionDescription (experimental in BuildKit: only under `# check=experimental=`): the
 * comment right above an ARG or a named FROM must start with the name it describes. The parser
 * directives at the top are not comments; an empty `#` or an empty line ends the description.
 */
function definitionComments(model: DockerfileModel): Finding[] {
  const findings: Finding[] = [];
  const lines = model.text.split(/\r?\n/);
  let header = 0;
  while (header < lines.length && /^#\s*(syntax|escape|check)\s*=/i.test(lines[header].trim())) header++;
  let previousEnd = -1;
  for (const instruction of model.parsed.getInstructions()) {
    const { start, end } = instruction.getRange();
    const keyword = instruction.getKeyword();
    // BuildKit compares a stage's name lower-cased (`# BasE …` does not describe `AS BasE`).
    const stageName = keyword === 'FROM' ? model.stages.find((s) => s.from === instruction)?.name : undefined;
    const keys = keyword === 'ARG' ? argumentsText(instruction).trim().split(/\s+/).map((w) => w.split('=')[0]).filter(Boolean) : stageName ? [stageName] : [];
    const above = start.line - 1;
    const comment = above > previousEnd && above >= header ? /^\s*#(.*)$/.exec(lines[above])?.[1].trim() : undefined;
    previousEnd = end.line;
    if (keys.length === 0 || !comment || keys.includes(comment.split(' ')[0])) continue;
    findings.push(at(model, headRange(instruction), rules.InvalidDefinitionDescription.id, t('Comment for {0} should follow the format: `# {1} <description>`', keyword, keys.length > 1 ? '<arg_key>' : keys[0])));
  }
  return findings;
}

/**
 * Keywords cased unlike the majority of the stages' keywords (FROM and what follows; the ARGs before
 * the first FROM are not counted), or cased neither way (`From`). A tie counts as upper-case.
 */
function instructionCasing(model: DockerfileModel): Finding[] {
  const keywords: Instruction[] = [];
  for (const stage of model.stages) {
    keywords.push(stage.from);
    for (const instruction of stage.instructions) keywords.push(instruction);
  }
  let lower = 0;
  let upper = 0;
  // How each keyword is written (kept.ts: 0 lower, 1 upper, 2 neither, 3 both — no letter), read once per instruction: an edit reads one again.
  for (const instruction of keywords) {
    const casing = keywordCasing(instruction);
    if (casing === 0 || casing === 3) lower++;
    else if (casing === 1) upper++;
  }
  const majorityLower = lower > upper;
  const findings: Finding[] = [];
  for (const instruction of keywords) {
    const written = keywordCasing(instruction);
    // Not lower-case: 1, 2; not upper-case: 0, 2.
    const casing = majorityLower ? (written === 1 || written === 2 ? 'lowercase' : undefined) : written === 0 || written === 2 ? 'uppercase' : undefined;
    if (casing) findings.push(at(model, instruction.getInstructionRange(), rules.ConsistentInstructionCasing.id, t('Command \'{0}\' should match the case of the command majority ({1})', instruction.getInstruction(), casing)));
  }
  return findings;
}

const knownOs = new Set(['aix', 'android', 'darwin', 'dragonfly', 'freebsd', 'hurd', 'illumos', 'ios', 'js', 'linux', 'nacl', 'netbsd', 'openbsd', 'plan9', 'solaris', 'wasip1', 'windows', 'zos']);
const knownArch = new Set(['386', 'amd64', 'amd64p32', 'arm', 'armbe', 'arm64', 'arm64be', 'loong64', 'mips', 'mipsle', 'mips64', 'mips64le', 'mips64p32', 'mips64p32le', 'ppc', 'ppc64', 'ppc64le', 'riscv', 'riscv64', 's390', 's390x', 'sparc', 'sparc64', 'wasm']);
const archAliases: Record<string, string> = { i386: '386', x86_64: 'amd64', 'x86-64': 'amd64', aarch64: 'arm64', armhf: 'arm', armel: 'arm' };

/** A constant platform as containerd's parser reads it (`linux/x86_64` is linux/amd64), or undefined when it would not parse. */
function parsePlatform(value: string): { os?: string; arch?: string } | undefined {
  const parts = value.toLowerCase().split('/');
  if (parts.some((p) => !/^[a-z0-9_.-]+$/.test(p)) || parts.length > 3) return undefined;
  const arch = (word: string) => archAliases[word] ?? word;
  const os = (word: string) => (word === 'macos' ? 'darwin' : word);
  if (parts.length > 1) return { os: os(parts[0]), arch: arch(parts[1]) };
  if (knownOs.has(os(parts[0]))) return { os: os(parts[0]) };
  if (knownArch.has(arch(parts[0]))) return { os: 'linux', arch: arch(parts[0]) };
  return undefined;
}

/**
 * FROM --platform: set to $TARGETPLATFORM, the default (RedundantTargetPlatform); set to a constant
 * platform whose OS or architecture the stage's name does not mention (FromPlatformFlagConstDisallowed).
 */
function platformFlags(model: DockerfileModel): Finding[] {
  const findings: Finding[] = [];
  for (const stage of model.stages) {
    const flag = flagsOf(stage.from).find((f) => f.getName() === 'platform');
    const value = flag?.getValue();
    if (!flag || !value) continue;
    const range = flag.getValueRange() ?? headRange(stage.from);
    if (/^\$(TARGETPLATFORM|\{TARGETPLATFORM(:?[-?][^}]*)?\})$/.test(value)) findings.push(at(model, range, rules.RedundantTargetPlatform.id, t('Setting platform to predefined {0} in FROM is redundant as this is the default behavior', value)));
    if (value.includes('$')) continue;
    const platform = parsePlatform(value);
    const name = stage.name ?? '';
    if (platform && !(platform.os && name.includes(platform.os)) && !(platform.arch && name.includes(platform.arch))) findings.push(at(model, range, rules.FromPlatformFlagConstDisallowed.id, t('FROM --platform flag should not use constant value "{0}"', value)));
  }
  return findings;
}

const commentLine = /^\s*#/;
const blankLine = /^\s*$/;
/**
 * A blank line after the first (a line end, then blanks up to the next line end or the end of the
 * text: the split's lines are those between \n, a \r before one being a blank of its line). The first
 * line has no line above: an instruction is not continued into it. The line end is found first (a
 * literal), not every position tried as a line start.
 */
const blankAfter = /\n[^\S\n]*(?=\n|$)/g;

/**
 * Whether an empty continuation line may be found: a blank line whose nearest line above that is
 * neither blank nor a comment ends with the escape character (what the reading below needs to be in a
 * continued instruction at a blank line; a heredoc's body only skips lines). Speed (#68): the reading
 * splits the text and tests each line, on every version (4 % of an edit); most Dockerfiles have blank
 * lines between instructions only.
 */
function mayHaveEmptyContinuation(text: string, continued: RegExp): boolean {
  blankAfter.lastIndex = 0;
  // Where the last blank line looked at ends: a blank line right below it has the same lines above (looked at once).
  let previousEnd = -1;
  for (let match = blankAfter.exec(text); match !== null; match = blankAfter.exec(text)) {
    const below = match.index === previousEnd;
    previousEnd = match.index + match[0].length;
    if (below) continue;
    // The lines above the blank one, nearest first: its line end is at `end - 1`.
    for (let end = match.index + 1; end > 0; ) {
      const start = end - 1 === 0 ? 0 : text.lastIndexOf('\n', end - 2) + 1;
      const line = text.slice(start, text.charCodeAt(end - 2) === 13 && end - 2 >= start ? end - 2 : end - 1);
      if (!blankLine.test(line) && !commentLine.test(line)) {
        if (continued.test(line)) return true;
        break;
      }
      end = start;
    }
  }
  return false;
}

/**
 * Instructions continued (escape at the end of a line) over an empty line: BuildKit warns on the
 * instruction's last line. Read from the text as BuildKit's parser reads it: comment lines inside an
 * instruction are skipped, heredoc bodies are not continuation lines.
 */
function emptyContinuations(model: DockerfileModel): Finding[] {
  const findings: Finding[] = [];
  const escape = model.parsed.getEscapeCharacter();
  const continued = new RegExp(`${escape === '`' ? '`' : '\\\\'}[ \\t]*$`);
  if (!mayHaveEmptyContinuation(model.text, continued)) return findings;
  const lines = model.text.split(/\r?\n/);
  // `line.trimStart().startsWith('#')` and `line.trim() === ''`, without making the trimmed strings (every line of every version is asked).
  const isComment = (line: string) => commentLine.test(line);
  const isBlank = (line: string) => blankLine.test(line);
  for (let i = 0; i < lines.length; i++) {
    const first = lines[i];
    if (isBlank(first) || isComment(first)) continue;
    let joined = first;
    let empty = false;
    let open = continued.test(first);
    while (open && i + 1 < lines.length) {
      const line = lines[++i];
      if (isComment(line)) continue;
      if (isBlank(line)) {
        empty = true;
        continue;
      }
      joined += line;
      open = continued.test(line);
    }
    if (empty) {
      const line = i;
      findings.push(at(model, { start: { line, character: 0 }, end: { line, character: lines[line].length } }, rules.NoEmptyContinuation.id, t('Empty continuation line')));
    }
    // A heredoc's body (`<<EOF` … `EOF`) is content, not instructions.
    // Every heredoc opens with `<<`.
    if (joined.includes('<<') && /^\s*(run|copy|add)\b/i.test(first)) {
      for (const match of joined.matchAll(/<<(-?)(["']?)([A-Za-z_][\w]*)\2/g)) {
        while (i + 1 < lines.length && lines[i + 1].replace(match[1] ? /^\t+/ : /^/, '') !== match[3]) i++;
        i++;
      }
    }
  }
  return findings;
}
