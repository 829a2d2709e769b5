import type { Env, Instruction } from 'dockerfile-ast';
import type { Range } from 'vscode-languageserver-types';
import type { Finding } from '../common/findings';
import { t } from '../l10n/t';
import { argumentsText, envProperties, flagsOf, runScript, stageNamed, type DockerfileModel, type Stage } from './model';
import { memoOf } from './kept';
import { hadolint as rules } from './rules';
import { hasFlag, operands, type ShellCommand, type ShellScript } from './shell';

/** A finding on a range of the Dockerfile. */
export function at(model: DockerfileModel, range: Range, code: string, message: string, data?: unknown): Finding {
  const start = model.lines.offsetAt(range.start);
  const end = model.lines.offsetAt(range.end);
  return data === undefined ? { start, end, code, message } : { start, end, code, message, data };
}

/** The first line of an instruction (its keyword and what follows on the line): where most findings go. */
export function headRange(instruction: Instruction): Range {
  const range = instruction.getRange();
  if (range.start.line === range.end.line) return range;
  const keyword = instruction.getInstructionRange();
  return { start: range.start, end: { line: range.start.line, character: Math.max(keyword.end.character, 10_000) } };
}

function clampToLine(model: DockerfileModel, range: Range): Range {
  // The line's text is read only for a range over several lines (every instruction's head range is on one line).
  return range.end.line === range.start.line ? range : { start: range.start, end: { line: range.start.line, character: model.lines.lineText(range.start.line).length } };
}


/** The cache and tmpfs mounts of a RUN (`--mount=type=cache,target=…`), by target: what they hold is not left in the image. */
export function cacheTargets(instruction: Instruction): string[] {
  const targets: string[] = [];
  for (const flag of flagsOf(instruction)) {
    if (flag.getName() !== 'mount') continue;
    const options = new Map(flag.getOptions().map((o) => [o.getName(), o.getValue() ?? '']));
    if (options.get('type') === 'cache' || options.get('type') === 'tmpfs') targets.push(options.get('target') ?? options.get('dst') ?? options.get('destination') ?? '');
  }
  return targets;
}

/** Mounts keeping apt's lists out of the image: the lists folder itself, or both of apt's folders (hadolint DL3009). */
function aptListsMounted(caches: readonly string[]): boolean {
  const has = (re: RegExp) => caches.some((c) => re.test(c));
  return has(/^\/var\/lib\/apt\/lists\/?$/) || (has(/^\/var\/lib\/apt\/?$/) && has(/^\/var\/cache\/apt\/?$/));
}

function isImageRef(value: string): boolean {
  return /[:/.@]/.test(value);
}

/** Stages whose image ends up in the final one: the last stage and the stages it builds FROM, transitively. */
function finalLineage(model: DockerfileModel): Set<Stage> {
  const lineage = new Set<Stage>();
  let stage = model.stages[model.stages.length - 1];
  while (stage && !lineage.has(stage)) {
    lineage.add(stage);
    stage = stage.image ? (stageNamed(model, stage.image, stage.index) as Stage) : (undefined as unknown as Stage);
  }
  return lineage;
}

/** apt-get's quiet level 2 (`-qq`, `-q -q`, `-q=2`, `--quiet --quiet`) implies --yes. */
function quietTwice(args: readonly string[]): boolean {
  let level = 0;
  for (const arg of args) {
    const value = /^(?:-q|--quiet)=(\d+)$/.exec(arg);
    if (value) level = Math.max(level, Number(value[1]));
    else if (arg === '--quiet') level++;
    else if (/^-[a-zA-Z]+$/.test(arg)) level += [...arg].filter((c) => c === 'q').length;
  }
  return level >= 2;
}

function aptGetInstalls(commands: readonly ShellCommand[]): ShellCommand[] {
  return commands.filter((c) => c.name === 'apt-get' && operands(c.args, ['-o', '-t', '-c'])[0] === 'install');
}

/** The package operands of `apt-get install`, `apk add`, `pip install`, `npm install`. */
function packagesOf(command: ShellCommand, subcommand: string, optionsWithValue: readonly string[]): string[] {
  const words = operands(command.args, optionsWithValue);
  return words[0] === subcommand ? words.slice(1) : [];
}

/** A VCS URL names its revision after the last path segment's `@` (pip) or after `#` (npm). */
const vcsUrl = /^(git\+|git:|hg\+|svn\+|bzr\+)/;

function pipPinned(pkg: string): boolean {
  if (vcsUrl.test(pkg)) return (pkg.split('#')[0].split('/').pop() ?? '').includes('@');
  return /(==|>=|<=|~=|!=|<|>|@)/.test(pkg) || /^(\.|\/|\$|~|https?:)/.test(pkg) || (pkg.includes('/') && !pkg.includes(':')) || /\.(whl|tar\.gz|zip)$/.test(pkg);
}

function npmPinned(pkg: string): boolean {
  if (vcsUrl.test(pkg)) return pkg.includes('#');
  if (/^(\.|\/|\$|~|https?:|file:|[\w-]+\/[\w.-]+#)/.test(pkg) || /\.(tgz|tar|tar\.gz)$/.test(pkg)) return true;
  const scoped = pkg.startsWith('@');
  const at = pkg.indexOf('@', scoped ? 1 : 0);
  return at > 0 && at < pkg.length - 1;
}

/** hadolint's rules on one Dockerfile (the ids and semantics of hadolint 2.12's documentation and tests). */
export function hadolintFindings(model: DockerfileModel): Finding[] {
  const findings: Finding[] = [];
  const push: Push = (range, code, message, data) => findings.push(at(model, range, code, message, data));
  const lineage = finalLineage(model);
  const names = new Map<string, Stage>();
  // MAINTAINER anywhere, before the first FROM too.
  for (const instruction of model.parsed.getInstructions()) {
    if (instruction.getKeyword() === 'MAINTAINER') push(clampToLine(model, headRange(instruction)), rules.DL4000.id, t('MAINTAINER is deprecated: use LABEL org.opencontainers.image.authors="…".'));
  }
  for (const stage of model.stages) {
    fromChecks(model, stage, names, push);
    const walk = stageWalk(model, stage);
    for (const instruction of stage.instructions) {
      const keyword = instruction.getKeyword();
      const args = argumentsText(instruction).trim();
      const head = clampToLine(model, headRange(instruction));
      if (keyword !== 'RUN') walk.lastRun = undefined;
      switch (keyword) {
        case 'WORKDIR': {
          // Relative to a WORKDIR set before (in this stage or one it is built on), it is known: BuildKit does not warn.
          const after = walk.workdirSet;
          walk.workdirSet = true;
          const dir = args.replace(/^["']|["']$/g, '');
          if (!after && dir && !dir.startsWith('/') && !dir.startsWith('$') && !/^[A-Za-z]:[\\/]/.test(dir) && !dir.startsWith('\\')) {
            push(head, rules.DL3000.id, t('Use absolute WORKDIR: "{0}" depends on the WORKDIR of the base image.', dir));
          }
          break;
        }
        case 'USER':
          walk.lastUser = instruction;
          break;
        case 'EXPOSE':
          for (const word of args.split(/\s+/)) {
            const port = /^(\d+)(?:-(\d+))?(\/\w+)?$/.exec(word);
            if (port && (Number(port[1]) > 65535 || (port[2] !== undefined && Number(port[2]) > 65535))) push(head, rules.DL3011.id, t('Port {0} is out of range: valid UNIX ports range from 0 to 65535.', word));
          }
          break;
        case 'CMD':
          walk.cmds.push(instruction);
          if (args && !args.startsWith('[') && !walk.shellSet) push(head, rules.DL3025.id, t('Use the JSON form for {0}: in shell form, signals do not reach the process (BuildKit: JSONArgsRecommended).', 'CMD'), jsonForm(args));
          break;
        case 'HEALTHCHECK': {
          const command = args.replace(/^(--[a-z-]+(=\S*)?\s+)+/i, '');
          if (/^CMD\s+[^[\s]/i.test(command)) push(head, rules.DL3025.id, t('Use the JSON form for {0}: in shell form, signals do not reach the process (BuildKit: JSONArgsRecommended).', 'HEALTHCHECK CMD'));
          break;
        }
        case 'ENTRYPOINT':
          walk.entrypoints.push(instruction);
          if (args && !args.startsWith('[') && !walk.shellSet) push(head, rules.DL3025.id, t('Use the JSON form for {0}: in shell form, signals do not reach the process (BuildKit: JSONArgsRecommended).', 'ENTRYPOINT'), jsonForm(args));
          break;
        case 'SHELL':
          walk.shellSet = true;
          // A plain sh may not know pipefail (dash): hadolint still warns with it.
          walk.pipefail = (/-o["',\s]+pipefail/.test(args) || /"-[a-np-z]*o[a-z]*"\s*,\s*"pipefail"/.test(args)) && !/^\[\s*"(\/usr)?(\/bin\/)?sh"/.test(args);
          walk.nonPosixShell = !/(^|\/)(ba|z|a|k|da)?sh"/.test(args);
          break;
        case 'ENV':
          envChecks(instruction as Env, push);
          break;
        case 'ADD':
        case 'COPY':
          copyChecks(model, stage, instruction, walk, args, head, push);
          break;
        case 'RUN':
          runChecks(model, stage, instruction, walk, lineage, head, push);
          break;
        default:
          break;
      }
    }
    for (const extra of walk.cmds.slice(0, -1)) push(clampToLine(model, headRange(extra)), rules.DL4003.id, t('Multiple CMD instructions in this stage: only the last one takes effect.'));
    for (const extra of walk.entrypoints.slice(0, -1)) push(clampToLine(model, headRange(extra)), rules.DL4004.id, t('Multiple ENTRYPOINT instructions in this stage: only the last one takes effect.'));
    // hadolint warns on every stage whose last USER is root, the final one and those it or others build on.
    if (walk.lastUser && /^(root|0)(:.*)?$/.test(argumentsText(walk.lastUser).trim())) {
      push(clampToLine(model, headRange(walk.lastUser)), rules.DL3002.id, t('Last USER should not be root: the container runs with root privileges.'));
    }
  }
  return findings;
}

type Push = (range: Range, code: string, message: string, data?: unknown) => void;

/** What the checks of a stage carry from one instruction to the next. */
interface StageWalk {
  /** A WORKDIR in the stage or in an earlier stage it is built FROM. */
  workdirSet: boolean;
  /** A SHELL instruction in this stage or one it is built on: the shell form runs that shell, chosen on purpose (BuildKit's JSONArgsRecommended is silent). */
  shellSet: boolean;
  /** SHELL set -o pipefail; SHELL is not a POSIX shell. */
  pipefail: boolean;
  nonPosixShell: boolean;
  /** The RUN just before, with its flags (consecutive RUNs with the same flags could be one layer). */
  lastRun: { instruction: Instruction; flags: string; single: boolean } | undefined;
  cmds: Instruction[];
  entrypoints: Instruction[];
  lastUser: Instruction | undefined;
  usedCurl: boolean;
  usedWget: boolean;
}

function stageWalk(model: DockerfileModel, stage: Stage): StageWalk {
  let workdirSet = false;
  let shellSet = false;
  for (let base: Stage | undefined = stageNamed(model, stage.image, stage.index); base; base = stageNamed(model, base.image, base.index)) {
    if (base.instructions.some((i) => i.getKeyword() === 'WORKDIR')) workdirSet = true;
    if (base.instructions.some((i) => i.getKeyword() === 'SHELL')) shellSet = true;
    if (base.index >= stage.index) break;
  }
  return { workdirSet, shellSet, pipefail: false, nonPosixShell: false, lastRun: undefined, cmds: [], entrypoints: [], lastUser: undefined, usedCurl: false, usedWget: false };
}

/** FROM: the image's tag (DL3006, DL3007) and the stage's name (DL3024). */
function fromChecks(model: DockerfileModel, stage: Stage, names: Map<string, Stage>, push: Push): void {
  const from = stage.from;
  const image = stage.image;
  const fromPrevious = stageNamed(model, image, stage.index) !== undefined;
  const imageRange = from.getImageRange() ?? headRange(from);
  if (image && image !== 'scratch' && !fromPrevious && !image.includes('$') && !stage.digest) {
    const tag = stage.tag;
    if (!tag) push(imageRange, rules.DL3006.id, t('Always tag the version of an image explicitly: "{0}" has no tag.', from.getImage() ?? image));
    else if (tag === 'latest') push(imageRange, rules.DL3007.id, t('Using latest is prone to errors if the image will ever update: pin a version of "{0}".', image));
  }
  if (stage.name) {
    const previous = names.get(stage.name);
    const nameRange = from.getBuildStageRange() ?? headRange(from);
    if (previous) push(nameRange, rules.DL3024.id, t('Stage name "{0}" is already used by stage {1} (line {2}): FROM aliases must be unique.', stage.name, previous.index, previous.from.getRange().start.line + 1));
    else names.set(stage.name, stage);
  }
}

/** ENV: a variable used in the ENV instruction that defines it (DL3044). */
function envChecks(instruction: Env, push: Push): void {
  const defined = new Set<string>();
  for (const property of envProperties(instruction)) {
    const value = property.value ?? '';
    if (defined.size > 0 && value.includes('$')) {
      for (const match of value.matchAll(/\$\{?([A-Za-z_][A-Za-z0-9_]*)/g)) {
        if (defined.has(match[1]) && !value.startsWith("'")) push(property.range, rules.DL3044.id, t('"{0}" is defined in this same ENV instruction: its new value is not visible here; split the ENV.', match[1]));
      }
    }
    defined.add(property.name);
  }
}

/** ADD and COPY: arguments, destination, ADD for plain files, --from (DL3020–DL3023, DL3045). */
function copyChecks(model: DockerfileModel, stage: Stage, instruction: Instruction, walk: StageWalk, args: string, head: Range, push: Push): void {
  const keyword = instruction.getKeyword();
  const copyFlags = flagsOf(instruction);
  const fromFlag = copyFlags.find((f) => f.getName() === 'from');
  const words = args.replace(/^(--[a-z-]+(=\S*)?\s+)+/i, '');
  if (words.startsWith('<<')) return;
  let paths: string[];
  try {
    paths = words.startsWith('[') ? (JSON.parse(words) as string[]) : words.split(/\s+/).filter(Boolean);
  } catch {
    paths = words.split(/\s+/).filter(Boolean);
  }
  paths = paths.map((p) => p.replace(/^(["'])(.*)\1$/, '$2'));
  if (paths.length > 2 && !paths[paths.length - 1].endsWith('/') && !paths[paths.length - 1].endsWith('\\')) push(head, rules.DL3021.id, t('{0} with more than 2 arguments requires the last argument to end with /.', keyword));
  const destination = paths[paths.length - 1] ?? '';
  if (keyword === 'COPY' && paths.length >= 2 && !walk.workdirSet && !/^([/$\\]|[A-Za-z]:)/.test(destination.replace(/^["']/, '')) && destination !== '.' && destination !== './') {
    push(head, rules.DL3045.id, t('COPY to the relative destination "{0}" without WORKDIR set: it depends on the base image\'s WORKDIR.', destination));
  }
  if (keyword === 'ADD' && paths.length >= 2) {
    const sources = paths.slice(0, -1);
    if (sources.every((s) => !/^(https?|git|ssh):\/\//.test(s) && !/^git@/.test(s) && !/\.(tar|tar\.\w+|tgz|tbz2?|txz|gz|bz2|xz|zst)$/i.test(s))) push(head, rules.DL3020.id, t('Use COPY instead of ADD for files and folders: ADD also fetches URLs and unpacks archives.'));
  }
  if (fromFlag && keyword === 'COPY') {
    const value = fromFlag.getValue() ?? '';
    const range = fromFlag.getValueRange() ?? fromFlag.getRange();
    if (stage.name && value.toLowerCase() === stage.name) push(range, rules.DL3023.id, t('COPY --from cannot reference its own stage "{0}".', value));
    else if (value && !value.includes('$') && !isImageRef(value) && !stageNamed(model, value, stage.index)) {
      const later = model.stages.find((s) => s.name === value.toLowerCase());
      push(range, rules.DL3022.id, later ? t('COPY --from="{0}": that stage is defined later (line {1}); only earlier stages can be copied from.', value, later.from.getRange().start.line + 1) : t('COPY --from="{0}" names no stage defined before it.', value));
    }
  }
}

/** RUN: cd, sudo, apt, curl and wget, apt-get installs, pipes without pipefail (DL3003–DL3015, DL3027, DL3059, DL4001, DL4006). */
function runChecks(model: DockerfileModel, stage: Stage, instruction: Instruction, walk: StageWalk, lineage: Set<Stage>, head: Range, push: Push): void {
  // Read once per instruction (its own flags): an edit reads those of the RUN it changed.
  const memo = memoOf(instruction);
  const flagsText = (memo.runFlags ??= flagsOf(instruction).map((f) => `${f.getName()}=${f.getValue() ?? ''}`).sort().join(' '));
  const { script, json, text: scriptText } = runScript(instruction);
  // Like hadolint: two RUNs of one command each, with the same flags (a RUN that chains already groups).
  const single = script.count <= 1;
  if (walk.lastRun && walk.lastRun.flags === flagsText && walk.lastRun.single && single) push(head, rules.DL3059.id, t('Multiple consecutive RUN instructions: consider consolidating them into one layer.'));
  walk.lastRun = { instruction, flags: flagsText, single };
  const caches = (memo.caches ??= cacheTargets(instruction));
  const facts = runFacts(script);
  if (facts.cd) push(head, rules.DL3003.id, t('Use WORKDIR to switch to a directory, not cd.'));
  if (facts.sudo) push(head, rules.DL3004.id, t('Do not use sudo: it has unpredictable TTY and signal-forwarding behaviour; run as root and switch with USER.'));
  if (facts.apt) push(head, rules.DL3027.id, t('Do not use apt: it is meant for end users; use apt-get or apt-cache.'));
  if (facts.curl) walk.usedCurl = true;
  if (facts.wget) walk.usedWget = true;
  if (walk.usedCurl && walk.usedWget && (facts.curl || facts.wget)) {
    push(head, rules.DL4001.id, t('Either use wget or curl, but not both: one tool less in the image.'));
    walk.usedCurl = facts.curl;
    walk.usedWget = facts.wget;
  }
  for (const install of facts.installs) {
    if (install.loose.length > 0) push(head, rules.DL3008.id, t('Pin versions in apt-get install: {0} (package=version).', install.loose.join(', ')));
    if (install.prompts) push(head, rules.DL3014.id, t('Use the -y switch with apt-get install: the build cannot answer a prompt.'), { insertAfterInstall: '-y' });
    if (install.recommends) push(head, rules.DL3015.id, t('Avoid additional packages by specifying --no-install-recommends.'), { insertAfterInstall: '--no-install-recommends' });
  }
  if (facts.anyInstall && lineage.has(stage) && !aptListsMounted(caches)) {
    if (!facts.listsRemoved) push(head, rules.DL3009.id, t('Delete the apt-get lists after installing (rm -rf /var/lib/apt/lists/*), or mount /var/lib/apt/lists as a cache.'), { appendCleanup: true });
  }
  if (facts.packageManagers) packageManagerChecks(model, stage, instruction, script.commands, caches, head, push);
  if (script.pipes && !walk.pipefail && !walk.nonPosixShell && !json && !/set\s+-[a-z]*o\s+pipefail/.test(scriptText)) {
    push(head, rules.DL4006.id, t('Set the SHELL option -o pipefail before RUN with a pipe in it: a failing command before | goes unnoticed.'));
  }
}

/** What the RUN checks read of a script alone (not of its stage or the RUNs before it). */
interface RunFacts {
  cd: boolean;
  sudo: boolean;
  apt: boolean;
  curl: boolean;
  wget: boolean;
  /** Each `apt-get install`: its packages without a version, whether it may prompt (no -y) and install recommended packages. */
  installs: { loose: string[]; prompts: boolean; recommends: boolean }[];
  /** An install by apt-get, apt or aptitude. */
  anyInstall: boolean;
  /** `rm` of apt's lists. */
  listsRemoved: boolean;
  /** apk, pip or npm (packageManagerChecks). */
  packageManagers: boolean;
}

/**
 * A script's facts, by the script: a RUN's script is kept by its arguments across versions (model.ts,
 * runScript), so an unchanged RUN's are read once. Speed (#54): these ran for every RUN of every
 * version, mostly in the interpreter on the first edits.
 */
const factsByScript = new WeakMap<ShellScript, RunFacts>();

function runFacts(script: ShellScript): RunFacts {
  let facts = factsByScript.get(script);
  if (facts) return facts;
  const commands = script.commands;
  const named = (name: string) => commands.some((c) => c.name === name);
  const installs = aptGetInstalls(commands).map((install) => ({
    loose: packagesOf(install, 'install', ['-o', '-t', '-c']).filter((p) => !p.includes('=') && !p.endsWith('.deb') && !p.includes('$') && !p.startsWith('/') && !p.startsWith('./')),
    prompts: !hasFlag(install.args, ['-y', '--yes', '--assume-yes', '-qq'], 'y') && !quietTwice(install.args),
    recommends: !hasFlag(install.args, ['--no-install-recommends']) && !install.args.some((a) => /APT::Install-Recommends=(false|0)/i.test(a)),
  }));
  facts = {
    cd: named('cd'),
    sudo: named('sudo'),
    apt: named('apt'),
    curl: named('curl'),
    wget: named('wget'),
    installs,
    anyInstall: installs.length > 0 || commands.some((c) => (c.name === 'apt' || c.name === 'aptitude') && operands(c.args, ['-o', '-t', '-c'])[0] === 'install'),
    listsRemoved: commands.some((c) => c.name === 'rm' && c.args.some((a) => /^\/var\/lib\/apt\/lists(\/\*?)?$/.test(a))),
    packageManagers: commands.some((c) => c.name === 'apk' || c.name === 'npm' || isPip(c)),
  };
  factsByScript.set(script, facts);
  return facts;
}

/** pip, pipx or `python -m pip`. */
function isPip(command: ShellCommand): boolean {
  return command.name === 'pipx' || /^pip[23]?(\.\d+)?$/.test(command.name) || (/^python[23]?(\.\d+)?$/.test(command.name) && command.args[0] === '-m' && /^pip[23]?$/.test(command.args[1] ?? ''));
}

/** apk, pip and npm in a RUN: pinned versions and caches (DL3013, DL3016, DL3018, DL3019, DL3042). */
function packageManagerChecks(model: DockerfileModel, stage: Stage, instruction: Instruction, commands: readonly ShellCommand[], caches: readonly string[], head: Range, push: Push): void {
  for (const command of commands) {
    if (command.name === 'apk') {
      const packages = packagesOf(command, 'add', ['-t', '--virtual', '--repository', '-X', '--root', '-p']);
      if (packages.length === 0) continue;
      const loose = packages.filter((p) => !/[=~<>]/.test(p) && !p.includes('$') && !p.endsWith('.apk'));
      if (loose.length > 0) push(head, rules.DL3018.id, t('Pin versions in apk add: {0} (package=version).', loose.join(', ')));
      if (!hasFlag(command.args, ['--no-cache']) && !caches.some((c) => /\/var\/cache\/apk\/?$/.test(c)) && !commands.some((c) => c.name === 'rm' && c.args.some((a) => a.startsWith('/var/cache/apk')))) push(head, rules.DL3019.id, t('Use the --no-cache switch with apk add, or mount /var/cache/apk as a cache.'));
    }
    const isPipx = command.name === 'pipx';
    if (isPip(command)) {
      const args = command.name.startsWith('python') ? command.args.slice(2) : command.args;
      const words = operands(args, ['-r', '--requirement', '-c', '--constraint', '-e', '--editable', '-i', '--index-url', '--extra-index-url', '-f', '--find-links', '--target', '-t', '--prefix', '--root', '--trusted-host', '--platform', '--python-version', '--implementation', '--abi', '--progress-bar', '--cache-dir', '--src', '--upgrade-strategy', '--only-binary', '--no-binary', '--root-user-action', '--python', '--pip-args', '--suffix', '--index-url']);
      if (words[0] !== 'install') continue;
      const packages = words.slice(1);
      // A constraints file pins what it lists (hadolint skips the install).
      const constrained = args.some((a) => a === '-c' || a === '--constraint' || a.startsWith('--constraint='));
      const loose = constrained ? [] : packages.filter((p) => !pipPinned(p));
      if (loose.length > 0) push(head, rules.DL3013.id, t('Pin versions in pip: {0} (package==version).', loose.join(', ')));
      const noCache = hasFlag(args, ['--no-cache-dir']) || caches.some((c) => /\.cache\/pip\/?$/.test(c)) || noCacheEnv(model, stage, instruction);
      if (!isPipx && !noCache && (packages.length > 0 || args.some((a) => a === '-r' || a.startsWith('--requirement')))) push(head, rules.DL3042.id, t('Avoid use of the cache directory with pip: use pip install --no-cache-dir, or mount ~/.cache/pip as a cache.'));
    }
    if (command.name === 'npm') {
      const words = operands(command.args, ['--prefix', '-C', '--registry', '--cache', '--loglevel', '--tag', '--userconfig', '--workspace', '-w']);
      if (!['install', 'i', 'add'].includes(words[0] ?? '')) continue;
      const loose = words.slice(1).filter((p) => !npmPinned(p));
      if (loose.length > 0) push(head, rules.DL3016.id, t('Pin versions in npm: {0} (package@version).', loose.join(', ')));
    }
  }
}

const truthy = (value: string) => !/^["']?(0|off|no|false)?["']?$/i.test(value);

/**
 * PIP_NO_CACHE_DIR set to a true value where the RUN's pip reads it: on the RUN line (`X=1 pip`,
 * `export X=1 &&`), by an ENV or ARG before it in the stage, or in a stage it is built FROM.
 */
function noCacheEnv(model: DockerfileModel, stage: Stage, before: Instruction): boolean {
  const setting = /(?:^|[\s;&|])(?:export\s+)?PIP_NO_CACHE_DIR=(\S*)/;
  const onLine = setting.exec(runScript(before).text);
  if (onLine) return truthy(onLine[1]);
  let value: string | undefined;
  const seen = new Set<Stage>();
  const lineage: Stage[] = [];
  for (let s: Stage | undefined = stage; s && !seen.has(s); s = stageNamed(model, s.image, s.index)) {
    seen.add(s);
    lineage.unshift(s);
  }
  for (const s of lineage) {
    for (const instruction of s.instructions) {
      if (instruction === before) break;
      const keyword = instruction.getKeyword();
      if (keyword !== 'ENV' && keyword !== 'ARG') continue;
      const match = /(?:^|\s)PIP_NO_CACHE_DIR(?:=(\S*)|\s+(\S+))?/.exec(argumentsText(instruction));
      if (match) value = match[1] ?? match[2] ?? '1';
    }
  }
  return value !== undefined && truthy(value);
}

/** The JSON form of a simple shell-form command (words without quotes, variables or shell operators), for the quick fix. */
function jsonForm(args: string): { replacementArgs: string } | undefined {
  if (/["'`$\\|&;<>(){}*?~]/.test(args)) return undefined;
  const words = args.split(/\s+/).filter(Boolean);
  return words.length > 0 ? { replacementArgs: JSON.stringify(words).replace(/","/g, '", "') } : undefined;
}
