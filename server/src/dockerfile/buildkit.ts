import type { Env, Instruction } from 'dockerfile-ast';
import type { Range } from 'vscode-languageserver-types';
import type { Finding } from '../common/findings';
import { closestName } from '../common/suggest';
import { t } from '../l10n/t';
import { at, headRange } from './hadolint';
import { memoOf } from './kept';
import { argumentsText, envProperties, flagsOf, stageNamed, type DockerfileModel, type Stage } from './model';
import { buildkit as rules } from './rules';

/** Build arguments BuildKit defines in every build (usable in FROM without an ARG). */
const predefinedArgs = ['TARGETPLATFORM', 'TARGETOS', 'TARGETARCH', 'TARGETVARIANT', 'BUILDPLATFORM', 'BUILDOS', 'BUILDARCH', 'BUILDVARIANT', 'HTTP_PROXY', 'HTTPS_PROXY', 'FTP_PROXY', 'NO_PROXY', 'ALL_PROXY', 'http_proxy', 'https_proxy', 'ftp_proxy', 'no_proxy', 'all_proxy', 'BUILDKIT_SYNTAX', 'BUILDKIT_INLINE_CACHE', 'BUILDKIT_MULTI_PLATFORM', 'SOURCE_DATE_EPOCH'];

/** Words of a name (split at `_`, as BuildKit splits them) that make SecretsUsedInArgOrEnv read it as a secret, and words that clear it. */
const secretWords = new Set(['apikey', 'auth', 'credential', 'credentials', 'key', 'password', 'pword', 'passwd', 'secret', 'token']);
const allowedWords = new Set(['public', 'file', 'version']);

/** looksSecret's answers by name (a function of the name): every ARG and ENV of every version asks; bounded: cleared when full. */
const secretByName = new Map<string, boolean>();

function looksSecret(name: string): boolean {
  let secret = secretByName.get(name);
  if (secret === undefined) {
    const words = name.toLowerCase().split('_');
    secret = words.some((w) => secretWords.has(w)) && !words.some((w) => allowedWords.has(w));
    if (secretByName.size >= 10_000) secretByName.clear();
    secretByName.set(name, secret);
  }
  return secret;
}

/** Environment variables base images commonly set: candidates for a misspelt name (`$PAHT`). */
const commonEnv = ['PATH', 'HOME', 'HOSTNAME', 'LANG', 'LC_ALL', 'TERM', 'USER', 'SHELL', 'PWD', 'TZ'];

/**
 * The stages BuildKit builds for the default target: the last stage and those it needs (FROM, COPY
 * --from, RUN --mount from=), transitively. BuildKit's checks run on those only.
 */
function builtStages(model: DockerfileModel): Set<Stage> {
  const built = new Set<Stage>();
  const queue = model.stages.slice(-1);
  while (queue.length > 0) {
    const stage = queue.pop()!;
    if (built.has(stage)) continue;
    built.add(stage);
    const base = stageNamed(model, stage.image, stage.index);
    if (base) queue.push(base);
    for (const instruction of stage.instructions) {
      for (const flag of flagsOf(instruction)) {
        const from = flag.getName() === 'from' ? flag.getValue() : flag.getName() === 'mount' ? flag.getOptions().find((o) => o.getName() === 'from')?.getValue() : undefined;
        const target = from ? stageNamed(model, from, stage.index) : undefined;
        if (target) queue.push(target);
      }
    }
  }
  return built;
}

/** Variables an instruction references (`$NAME`, `${NAME}`, `${NAME:-x}`), with whether a default is given. */
function references(text: string): { name: string; hasDefault: boolean }[] {
  const out: { name: string; hasDefault: boolean }[] = [];
  // Every reference holds a `$` (most instructions have none: the pattern's match iterator is not made for them).
  if (!text.includes('$')) return out;
  for (const match of text.matchAll(/\\?\$(\{([A-Za-z_][A-Za-z0-9_]*)(:?[-+?][^}]*)?\}|([A-Za-z_][A-Za-z0-9_]*))/g)) {
    if (match[0].startsWith('\\')) continue;
    out.push({ name: match[2] ?? match[4], hasDefault: match[3] !== undefined });
  }
  return out;
}

/** Where a variable's name is written in an instruction (`$NAME`, `${NAME…}`), in the file. */
function nameRange(model: DockerfileModel, instruction: Instruction, name: string): Range | undefined {
  const start = model.lines.offsetAt(instruction.getRange().start);
  const text = model.text.slice(start, model.lines.offsetAt(instruction.getRange().end));
  const match = new RegExp(`\\$\\{?(${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')})(?![A-Za-z0-9_])`).exec(text);
  if (!match) return undefined;
  const at = start + match.index + match[0].length - name.length;
  return { start: model.lines.positionAt(at), end: model.lines.positionAt(at + name.length) };
}

/** Whether a stage's base is known to define no environment (scratch, or a chain of this file's stages ending at scratch). */
/**
 * The environment official images set in their configuration (`docker image inspect`'s Config.Env), by repository:
 * what BuildKit, which reads the base image's configuration, counts as defined. Every one sets PATH (commonEnv).
 */
const officialImageEnv: Readonly<Record<string, readonly string[]>> = {
  golang: ['GOLANG_VERSION', 'GOPATH', 'GOTOOLCHAIN'],
  python: ['PYTHON_VERSION', 'PYTHON_SHA256', 'GPG_KEY'],
  node: ['NODE_VERSION', 'YARN_VERSION'],
  ruby: ['RUBY_VERSION', 'RUBY_DOWNLOAD_SHA256', 'GEM_HOME', 'BUNDLE_SILENCE_ROOT_WARNING', 'BUNDLE_APP_CONFIG', 'LANG'],
  rust: ['RUSTUP_HOME', 'CARGO_HOME', 'RUST_VERSION'],
  openjdk: ['JAVA_HOME', 'JAVA_VERSION'],
  'eclipse-temurin': ['JAVA_HOME', 'JAVA_VERSION', 'LANG', 'LANGUAGE', 'LC_ALL'],
  maven: ['JAVA_HOME', 'JAVA_VERSION', 'MAVEN_HOME', 'MAVEN_CONFIG'],
  gradle: ['JAVA_HOME', 'JAVA_VERSION', 'GRADLE_HOME', 'GRADLE_VERSION'],
  php: ['PHP_VERSION', 'PHP_INI_DIR', 'PHP_URL', 'PHPIZE_DEPS', 'GPG_KEYS', 'PHP_CFLAGS', 'PHP_CPPFLAGS', 'PHP_LDFLAGS'],
  nginx: ['NGINX_VERSION', 'NJS_VERSION', 'PKG_RELEASE'],
};

/** The environment the stage's base image sets, as far as its repository says (followed through the file's stages). */
function baseImageEnv(model: DockerfileModel, stage: Stage): ReadonlySet<string> {
  let current: Stage | undefined = stage;
  for (let hops = 0; current && hops < 64; hops++) {
    const base = stageNamed(model, current.image, current.index);
    if (!base) break;
    current = base;
  }
  const image = current?.image ?? '';
  // `docker.io/library/golang:1.22-alpine`, `golang:${GOLANG_VERSION}`: the repository's last segment.
  const repository = image.split(/[:@]/)[0].split('/').pop() ?? '';
  return new Set([...commonEnv, ...(officialImageEnv[repository] ?? [])]);
}

function baseEnvKnown(model: DockerfileModel, stage: Stage): boolean {
  let current: Stage | undefined = stage;
  for (let hops = 0; current && hops < 64; hops++) {
    const image = current.image;
    if (image === 'scratch') return true;
    const base = stageNamed(model, image, current.index);
    if (!base) return false;
    current = base;
  }
  return false;
}

const usesVariables = new Set(['ADD', 'COPY', 'ENV', 'EXPOSE', 'LABEL', 'STOPSIGNAL', 'USER', 'VOLUME', 'WORKDIR', 'ARG', 'ONBUILD']);

/** A finding of an instruction's own text: its rule, and its message (worded in the language of the check that reports it). */
interface OwnFinding {
  readonly rule: string;
  readonly message: () => string;
}

/**
 * What BuildKit's checks read of an instruction's own text (its keyword and arguments): the names it
 * defines (an ARG's, an ENV's), the variables it references, and the findings of its own-text checks
 * (SecretsUsedInArgOrEnv, LegacyKeyValueFormat, ExposeProtoCasing, ExposeInvalidFormat), in that order.
 * Speed (#68): read once per instruction and kept in its memo (kept.ts), which goes with the instruction
 * when a later parse takes it (same lines, same escape character); what depends on the walk (the stage
 * checked, the names defined above) is still read on each check.
 */
class OwnReading {
  constructor(
    readonly defines: readonly string[],
    readonly references: readonly { name: string; hasDefault: boolean }[],
    readonly findings: readonly OwnFinding[],
  ) {}
}

function ownReading(instruction: Instruction, keyword: string): OwnReading {
  const memo = memoOf(instruction);
  if (memo.buildkit instanceof OwnReading) return memo.buildkit;
  const text = argumentsText(instruction);
  const findings: OwnFinding[] = [];
  const names = keyword === 'ENV' ? envProperties(instruction as Env).map((p) => p.name) : keyword === 'ARG' ? [text.trim().split('=')[0].trim()] : [];
  for (const name of names) {
    if (looksSecret(name)) findings.push({ rule: rules.SecretsUsedInArgOrEnv.id, message: () => t('Do not use ARG or ENV instructions for sensitive data ({0} "{1}"): the value stays in the image; use a secret mount (RUN --mount=type=secret).', keyword, name) });
  }
  const trimmed = text.trim();
  if ((keyword === 'ENV' || keyword === 'LABEL') && trimmed && !/^[^\s=]+=/.test(trimmed)) findings.push({ rule: rules.LegacyKeyValueFormat.id, message: () => t('"{0} key value" is the legacy form: use "{0} key=value".', keyword) });
  if (keyword === 'EXPOSE') {
    for (const word of trimmed.split(/\s+/)) {
      const proto = word.split(':').pop()!.split('/')[1];
      if (proto && !proto.includes('$') && proto !== proto.toLowerCase()) findings.push({ rule: rules.ExposeProtoCasing.id, message: () => t('Defined protocol \'{0}\' in EXPOSE instruction should be lowercase', word) });
      if (/:/.test(word)) findings.push({ rule: rules.ExposeInvalidFormat.id, message: () => t('EXPOSE "{0}": EXPOSE takes container ports only; publish host ports with docker run -p or Compose ports.', word) });
    }
  }
  const refs = usesVariables.has(keyword) ? references(keyword === 'ARG' || keyword === 'ENV' ? text.replace(/^[^=]*=/, '') : text) : [];
  const reading = new OwnReading(keyword === 'ENV' ? names : names.filter((name) => name !== ''), refs, findings);
  memo.buildkit = reading;
  return reading;
}

/** BuildKit's build checks that hadolint does not have (those it has are reported under the DL id). */
export function buildkitFindings(model: DockerfileModel): Finding[] {
  const findings: Finding[] = [];
  const push = (range: Parameters<typeof at>[1], code: string, message: string) => findings.push(at(model, range, code, message));
  // A misspelt variable: the finding on its name, carrying the name it likely meant (the quick fix writes it).
  const suggest = (instruction: Instruction, name: string, code: string, message: string, suggestion: string) => {
    const range = nameRange(model, instruction, name);
    findings.push({ ...at(model, range ?? headRange(instruction), code, message), ...(range ? { data: { replacement: suggestion } } : {}) });
  };
  const globalNames = [...model.globalArgs.keys()];
  const definedByStage = new Map<Stage, Set<string>>();
  const built = builtStages(model);
  for (const stage of model.stages) {
    const from = stage.from;
    const head = headRange(from);
    const fromText = argumentsText(from);
    // The flags too: `--platform=$BUILDPLATFORM`.
    const fromFlags = flagsOf(from).map((f) => f.getValue() ?? '').join(' ');
    // FROM: global ARGs only.
    for (const ref of references(`${fromFlags} ${fromText}`)) {
      if (predefinedArgs.includes(ref.name)) continue;
      if (!model.globalArgs.has(ref.name)) {
        const suggestion = closestName(ref.name, globalNames, false);
        if (suggestion) suggest(from, ref.name, rules.UndefinedArgInFrom.id, t('FROM uses ${0}, which no ARG before the first FROM declares. Did you mean "{1}"?', ref.name, suggestion), suggestion);
        else push(head, rules.UndefinedArgInFrom.id, t('FROM uses ${0}, which no ARG before the first FROM declares.', ref.name));
      } else if (model.globalArgs.get(ref.name) === undefined && !ref.hasDefault) {
        const image = fromText.trim().split(/\s+/)[0];
        if (image.replace(/\$\{?[A-Za-z_][A-Za-z0-9_]*\}?/g, '') === '' || /[:@]\$\{?[A-Za-z_]/.test(image) || /\$\{?[A-Za-z_][A-Za-z0-9_]*\}?[:@]/.test(image)) {
          push(head, rules.InvalidDefaultArgInFrom.id, t('ARG {0} has no default: without --build-arg {0}=…, the base image "{1}" is empty or invalid.', ref.name, image));
        }
      }
    }
    const keywordRange = from.getInstructionRange();
    const asMatch = /\s(as|AS|As|aS)\s/.exec(fromText);
    if (asMatch) {
      const fromUpper = from.getInstruction() === from.getInstruction().toUpperCase();
      const fromLower = from.getInstruction() === from.getInstruction().toLowerCase();
      const asWord = asMatch[1];
      if ((fromUpper && asWord !== 'AS') || (fromLower && asWord !== 'as')) push(keywordRange, rules.FromAsCasing.id, t('\'{0}\' and \'{1}\' keywords\' casing do not match.', asWord, from.getInstruction()));
    }
    if (stage.name === 'scratch' || stage.name === 'context') push(from.getBuildStageRange() ?? head, rules.ReservedStageName.id, t('Stage name "{0}" is reserved by BuildKit.', stage.name));

    // Variables defined so far: the stage's own ARG/ENV, a parent stage's in this file.
    const base = stageNamed(model, stage.image, stage.index);
    const defined = new Set<string>(base ? (definedByStage.get(base) ?? []) : []);
    // A stage the default target does not build is not checked (its ARG and ENV still count for the stages built on it).
    const checked = built.has(stage);
    const known = baseEnvKnown(model, stage);
    const baseEnv = known ? new Set<string>() : baseImageEnv(model, stage);
    for (const instruction of stage.instructions) {
      const own = ownReading(instruction, instruction.getKeyword());
      if (checked) {
        for (const finding of own.findings) push(headRange(instruction), finding.rule, finding.message());
        for (const ref of own.references) {
          // The base image's own environment is defined (BuildKit reads its configuration): PATH, golang's GOPATH.
          if (defined.has(ref.name) || ref.hasDefault || predefinedArgs.includes(ref.name) || baseEnv.has(ref.name)) continue;
          const suggestion = closestName(ref.name, [...defined, ...(known ? [] : commonEnv.filter((n) => n !== ref.name))], false);
          // Without a known base environment: a likely typo, or a lower-case name (base images set upper-case ones).
          if (!suggestion && !known && ref.name === ref.name.toUpperCase()) continue;
          if (suggestion) suggest(instruction, ref.name, rules.UndefinedVar.id, t('Usage of undefined variable ${0}. Did you mean "{1}"?', ref.name, suggestion), suggestion);
          else push(headRange(instruction), rules.UndefinedVar.id, t('Usage of undefined variable ${0}.', ref.name));
        }
      }
      for (const name of own.defines) defined.add(name);
    }
    definedByStage.set(stage, defined);
  }
  return findings;
}
