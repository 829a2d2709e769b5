// Debian's ansible-lint (installed by scripts/lib/system-deps.mjs: ANSIBLE_PACKAGES) and Archipel agree
// on the real repositories of the corpus (server/test/fixtures/oss/ansible/), rule by rule for the rules
// both implement: in each file ansible-lint reads as Ansible content (playbook, tasks, handlers, vars,
// meta, requirements, inventory), each rule is found as many times by both — but for the differences
// named below, each with its reason (docs/ansible.md lists them).
//
// ansible-lint 6 stops every rule when `ansible-playbook --syntax-check` fails on one playbook (a role
// from Galaxy not installed, a vault without its password): the copy it reads has the corpus's
// vault-encrypted files removed, a stand-in for the vault password file ansible.cfg names, the
// repository's roles and empty stand-ins for the Galaxy roles the corpus names on its roles path, and
// the playbooks whose syntax check still fails are excluded, round after round, from both sides.
//
// ansible-lint's answers are recorded (fixtures/oss/ansible/ansible-lint-6.13.1/<repository>.json: its
// findings, the kinds it read the files as, the playbooks it left out, the modules mocked): its runs took
// 17 minutes of a core, the largest part of the unit layer. Each test compares Archipel with the recording;
// the smallest repository is also run live (ansible-lint is one of the unit layer's packages), and its answer must
// be the recording's (a drifting recording fails there). `npm run record:ansible-lint` runs ansible-lint on every
// repository and holds each answer to its recording; with `-- --write`, writes the recordings anew.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { lintIdOf, lintIds } from '../../../src/ansible/checks/rules';
import { familyFiles } from '../../../src/families/index';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { allFeatures, fixturesDir } from '../../helpers';

const corpus = path.join(fixturesDir, 'oss', 'ansible');
const repositories = ['ansible-role-docker', 'ansible-for-devops', 'ansible-collection-hardening', 'fragdenstaat.de-ansible', 'kubespray', 'ansible-role-nginx', 'UBUNTU22-CIS'];
const recordings = path.join(corpus, 'ansible-lint-6.13.1');
/** The repository run live beside its recording (seven seconds; kubespray's run takes six minutes). */
const LIVE = 'ansible-role-docker';
/** `record`: ansible-lint run on every repository, its answers written; `live`: run on every repository, each held to its recording. */
const MODE = process.env.ARCHIPEL_ANSIBLE_LINT;
const RECORD = MODE === 'record';
const liveOn = (repository: string) => RECORD || MODE === 'live' || repository === LIVE;
const ANSIBLE_KINDS = new Set(['playbook', 'tasks', 'handlers', 'vars', 'meta', 'requirements', 'inventory']);

interface LintFinding {
  file: string;
  line: number;
  tag: string;
  message: string;
}

/** A difference between the two, named: which (file, rule) counts it explains, and why. */
interface Difference {
  reason: string;
  explains: (family: string, lint: readonly LintFinding[], ours: number, file: string) => boolean;
}

const differences: Difference[] = [
  {
    reason: "Archipel has role-name[path] only (#83: a role named by a path): ansible-lint's role-name of a role's own folder name (its pattern) is not compared",
    explains: (family, lint, ours) => family === 'role-name' && lint.filter((f) => f.tag === 'role-name[path]').length === ours,
  },
  {
    reason: "ansible-lint 6's schemas (SchemaStore's) are stricter than Ansible and Galaxy: a meta platform's version missing from its list (Debian trixie, EL 10), a string keyword given a boolean; Archipel's schema follows ansible-core",
    explains: (family, lint, ours) => family === 'schema' && ours === 0 && lint.every((f) => /^schema\[(meta|playbook|tasks)\]/.test(f.tag)),
  },
  {
    reason: 'ansible-lint 6.13 does not look at the tasks inside a block for no-handler (a task run `when: x is changed` in a block is still a handler in disguise)',
    explains: (family, lint, ours) => family === 'no-handler' && lint.length < ours,
  },
  {
    reason: "ansible-lint 6.13 validates only what a module's AnsibleModule reads, and skips every module implemented as an action plugin (no `main`): UBUNTU22-CIS's `assert` with only `msg`, which ansible-core's assert action refuses (\"conditional required in 'that' string\"), is Archipel's alone",
    explains: (family, lint, ours, file) => family === 'args' && lint.length === 0 && ours === 1 && file === 'tasks/pre_remediation_audit.yml',
  },
  {
    reason: "ansible-lint 6.13 checks copy's arguments against the copy module's argument spec, which lacks `decrypt`: the copy action plugin reads it before the module runs (ansible-lint 6.14 drops it, its issue #3110); Archipel reads copy's documentation, which has it (ansible-role-nginx's tasks/plus/setup-license.yml)",
    explains: (family, lint, ours) => family === 'args' && ours === 0 && lint.every((f) => /^Unsupported parameters for ansible\.builtin\.copy module: decrypt\./.test(f.message)),
  },
  {
    reason: "Archipel knows the modules and options added after ansible-core 2.14 (ansible-core.json unites 2.14 with 2.19's): ansible-lint 6.13 on Debian's 2.14 says they are unsupported (blockinfile's append_newline, 2.16)",
    explains: (family, lint, ours) => family === 'args' && ours === 0 && lint.every((f) => /Unsupported parameters/.test(f.message)),
  },
  {
    reason: "ansible-lint renders templates with the task's variables: a `mandatory` filter on a variable the play would give fails there, and so do filters run on what is undefined outside a play (kubespray: ipwrap, json_query, to_yaml of a variable the inventory gives, the `changed` test on a result not registered); Archipel reads templates, it does not run them",
    explains: (family, lint, ours) => family === 'jinja' && ours === 0 && lint.every((f) => /Mandatory variable|Unexpected templating type error|Unrecognized type .* for ipwrap filter|Error in jmespath\.search in json_query filter|to_(nice_)?yaml - .* is undefined|The '\w+' test expects a dictionary/.test(f.message)),
  },
  {
    reason: "ansible-lint checks the arguments of a module of a collection installed on the machine (Debian's amazon.aws: ec2_group in ansible-for-devops' lamp-infrastructure/provisioners/aws.yml); Archipel knows ansible-core's modules and the workspace's collections, and says nothing of the arguments of a module it does not know",
    explains: (family, lint, ours) => family === 'args' && ours === 0 && lint.length === 1 && !/Unsupported parameters/.test(lint[0].message),
  },
  {
    reason: "kubespray's .ansible-lint skips var-naming[pattern] (camelCase names matching Kubernetes' own), a sub-rule of later ansible-lints: 6.13 tags a play's or task's finding with the variable's own name (var-naming[clusterIP]) and a vars file's with the bare rule id, neither of which the skip matches, and reports every camelCase name; Archipel honours the skip",
    explains: (family, lint, ours) => family === 'var-naming' && ours === 0 && lint.every((f) => (f.tag === 'var-naming' || f.tag.startsWith('var-naming[')) && f.tag !== 'var-naming[pattern]' && /violates variable naming standards/.test(f.message)),
  },
  {
    reason: "one fqcn more than ansible-lint in the same playbook: its `ec2` action is a module no installed collection has any more (amazon.aws removed it in 4.0), which ansible-lint does not name a collection for; Archipel asks for the full name of every short action name",
    explains: (family, lint, ours) => family === 'fqcn' && ours === lint.length + 1,
  },
];

function ansibleLintVersion(): string | undefined {
  const found = spawnSync('ansible-lint', ['--version'], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return found.status === 0 ? found.stdout.split('\n')[0] : undefined;
}

function walk(folder: string): string[] {
  return readdirSync(folder, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && !entry.parentPath.split(path.sep).includes('.git'))
    .map((entry) => path.join(entry.parentPath, entry.name));
}

/** The corpus folder copied for ansible-lint: vault files out, a stand-in vault password file, a git index (ansible-lint lists files with git), stand-ins for Galaxy roles. */
function prepare(repository: string, dir: string): { work: string; roles: string } {
  const work = path.join(dir, 'repo');
  cpSync(path.join(corpus, repository), work, { recursive: true });
  const roles = path.join(dir, 'roles');
  for (const file of walk(work)) {
    const text = readFileSync(file, 'utf8');
    if (text.startsWith('$ANSIBLE_VAULT;')) rmSync(file);
    // The vault password file ansible.cfg names (kept out of the repository): a stand-in, the vaults being removed.
    const vault = path.basename(file) === 'ansible.cfg' ? /^\s*vault_password_file\s*=\s*([\w./-]+)\s*$/m.exec(text) : null;
    if (vault && !vault[1].startsWith('/') && !vault[1].includes('..')) writeFileSync(path.join(path.dirname(file), vault[1]), 'stand-in\n');
    // The kinds are read from -vv's output, which a configuration's `verbosity: 0` or `quiet: true` silences (UBUNTU22-CIS's).
    if (path.basename(file) === '.ansible-lint') writeFileSync(file, text.replace(/^(verbosity|quiet):.*\n/gm, ''));
    if (!/\.ya?ml$/.test(file)) continue;
    for (const match of text.matchAll(/^\s*(?:-\s+)?(?:role:|-)\s*['"]?([a-z0-9_]+\.[a-z0-9_-]+)['"]?\s*$/gm)) {
      if (/\.(ya?ml|j2|sh|conf|json|py|cfg|txt|ini|md)$/.test(match[1])) continue;
      mkdirSync(path.join(roles, match[1], 'tasks'), { recursive: true });
      writeFileSync(path.join(roles, match[1], 'tasks', 'main.yml'), '[]\n');
    }
  }
  mkdirSync(roles, { recursive: true });
  spawnSync('git', ['init', '-q'], { cwd: work });
  spawnSync('git', ['add', '-A'], { cwd: work });
  return { work, roles };
}

/** ansible-lint's findings and the kinds it read the files as, the playbooks it cannot syntax-check excluded. */
interface LintAnswer {
  findings: LintFinding[];
  kinds: Map<string, string>;
  excluded: Set<string>;
  mocked: string[];
}

/** What a recording holds, as JSON. */
interface Recording {
  tool: string;
  findings: LintFinding[];
  kinds: Record<string, string>;
  excluded: string[];
  mocked: string[];
}

function toRecording(tool: string, answer: LintAnswer): Recording {
  return { tool, findings: answer.findings, kinds: Object.fromEntries([...answer.kinds].sort(([a], [b]) => a.localeCompare(b))), excluded: [...answer.excluded].sort(), mocked: answer.mocked };
}

function readRecording(repository: string): LintAnswer & { tool: string } {
  const recorded = JSON.parse(readFileSync(path.join(recordings, `${repository}.json`), 'utf8')) as Recording;
  return { tool: recorded.tool, findings: recorded.findings, kinds: new Map(Object.entries(recorded.kinds)), excluded: new Set(recorded.excluded), mocked: recorded.mocked };
}

function runAnsibleLint(work: string, roles: string, home: string): LintAnswer {
  const excluded = new Set<string>();
  const mocked: string[] = [];
  for (let round = 0; round < 6; round++) {
    const args = ['--offline', '-p', '--nocolor', '-vv', ...[...excluded].flatMap((file) => ['--exclude', file])];
    const run = spawnSync('ansible-lint', args, { cwd: work, encoding: 'utf8', timeout: 1_500_000, maxBuffer: 256 << 20, env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, ANSIBLE_ROLES_PATH: `${path.join(work, 'roles')}:${roles}`, LANG: 'C.UTF-8' } });
    const findings = run.stdout.split('\n').flatMap((line): LintFinding[] => {
      const match = /^(.+?):(\d+)(?::\d+)?: ([\w\-[\].]+): (.*)$/.exec(line);
      return match ? [{ file: match[1], line: Number(match[2]), tag: match[3], message: match[4] }] : [];
    });
    const kinds = new Map([...run.stderr.matchAll(/Examining (\S+) of type ([\w-]+)/g)].map((match) => [match[1], match[2]]));
    const failures = findings.filter((f) => /^(internal-error|syntax-check|load-failure|parser-error)/.test(f.tag));
    if (failures.length === 0) return { findings, kinds, excluded, mocked };
    // A collection module newer than Debian's collections fails the syntax check of every playbook reaching it (and
    // excluding the task file does not lift it): mocked, as ansible-lint's mock_modules is meant for; other failures excluded.
    const unresolved = failures.flatMap((f) => /couldn't resolve module\/action '([\w.]+)'/.exec(f.message)?.[1] ?? []);
    if (unresolved.length > 0) {
      mockModules(work, unresolved);
      mocked.push(...unresolved);
    }
    else for (const failure of failures) excluded.add(failure.file);
  }
  throw new Error('ansible-lint kept failing its syntax checks');
}

/** Adds modules to the copy's ansible-lint configuration's mock_modules (the configuration it already has, else a new one). */
function mockModules(work: string, modules: readonly string[]): void {
  const file = ['.ansible-lint', path.join('.config', 'ansible-lint.yml')].map((name) => path.join(work, name)).find((candidate) => existsSync(candidate)) ?? path.join(work, '.ansible-lint');
  const text = existsSync(file) ? readFileSync(file, 'utf8') : '---\n';
  const items = modules.map((module) => `  - ${module}\n`).join('');
  writeFileSync(file, /^mock_modules:[ \t]*\n/m.test(text) ? text.replace(/^mock_modules:[ \t]*\n/m, (line) => line + items) : `${text.replace(/\n?$/, '\n')}mock_modules:\n${items}`);
}

/** Archipel's findings of ansible-lint's rules, by file and rule family (`name` for name[casing]), on the same copy. */
function runArchipel(work: string): Map<string, number> {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  const matcher = familyFiles(defaultSettings);
  for (const file of walk(work)) {
    const text = readFileSync(file, 'utf8');
    if (matcher.selects(file, text)) index.update(pathToFileURL(file).href, text);
  }
  const counts = new Map<string, number>();
  for (const file of index.files()) {
    const relative = path.relative(work, new URL(file.uri).pathname).split(path.sep).join('/');
    for (const d of diagnoseFile(file, allFeatures(), { index, settings: defaultSettings, isCancelled: () => false })) {
      const id = lintIdOf(String(d.code));
      if (id) counts.set(`${relative} ${id.replace(/\[.*$/, '')}`, (counts.get(`${relative} ${id.replace(/\[.*$/, '')}`) ?? 0) + 1);
    }
  }
  return counts;
}

/** Whether Archipel implements a rule family of ansible-lint's (an id `family` or `family[…]`). */
function implemented(family: string): boolean {
  return lintIds().some((id) => id === family || id.startsWith(`${family}[`));
}

/**
 * ansible-lint's answer on the prepared copy: run and written anew when recording; else the recording, its mocked
 * modules applied to the copy as the run applied them — and for the live repository (every one in `live` mode), run
 * too and held equal to the recording.
 */
function answerOf(repository: string, work: string, roles: string, dir: string): LintAnswer {
  const version = liveOn(repository) ? ansibleLintVersion() : undefined;
  const live = (): LintAnswer => {
    const home = path.join(dir, 'home');
    mkdirSync(home);
    return runAnsibleLint(work, roles, home);
  };
  if (RECORD) {
    if (!version) throw new Error('ansible-lint is not installed: nothing to record');
    const answer = live();
    mkdirSync(recordings, { recursive: true });
    writeFileSync(path.join(recordings, `${repository}.json`), `${JSON.stringify(toRecording(version, answer), null, 1)}\n`);
    return answer;
  }
  const recorded = readRecording(repository);
  if (!liveOn(repository)) {
    if (recorded.mocked.length > 0) mockModules(work, recorded.mocked);
    return recorded;
  }
  assert.ok(version, 'ansible-lint is not installed (npm test installs it: ANSIBLE_PACKAGES of scripts/lib/system-deps.mjs)');
  assert.equal(version, recorded.tool, `the recording is of ${recorded.tool}; this machine has ${version}: record again (npm run record:ansible-lint -- --write)`);
  const answer = live();
  assert.deepEqual(toRecording(version, answer), toRecording(recorded.tool, recorded), `ansible-lint's answer on ${repository} is not its recording any more: record again (npm run record:ansible-lint -- --write)`);
  return answer;
}

describe('Ansible: Debian\'s ansible-lint and Archipel agree on the corpus', function () {
  this.timeout(3_600_000);
  for (const repository of repositories) {
    it(`${repository}: the same findings of the rules both have, in the files ansible-lint reads as Ansible content${liveOn(repository) && !RECORD ? ' (ansible-lint run live: its answer is its recording)' : ''}`, () => {
      const dir = mkdtempSync(path.join(os.tmpdir(), 'archipel-ansible-lint-'));
      try {
        const { work, roles } = prepare(repository, dir);
        const lint = answerOf(repository, work, roles, dir);
        const ours = runArchipel(work);
        const byKey = new Map<string, LintFinding[]>();
        for (const finding of lint.findings) {
          const key = `${finding.file} ${finding.tag.replace(/\[.*$/, '')}`;
          byKey.set(key, [...(byKey.get(key) ?? []), finding]);
        }
        let agreed = 0;
        let findings = 0;
        const unexplained: string[] = [];
        const explained = new Map<number, string[]>();
        for (const key of new Set([...byKey.keys(), ...ours.keys()])) {
          const [file, family] = key.split(' ');
          if (lint.excluded.has(file) || !ANSIBLE_KINDS.has(lint.kinds.get(file) ?? '')) continue;
          // A rule Archipel does not have (galaxy, role-name, meta-*…) is not compared.
          if (!implemented(family)) continue;
          const theirs = byKey.get(key) ?? [];
          const mine = ours.get(key) ?? 0;
          if (theirs.length === mine) {
            agreed++;
            findings += mine;
            continue;
          }
          const reason = differences.findIndex((difference) => difference.explains(family, theirs, mine, file));
          if (reason < 0) unexplained.push(`${key}: ansible-lint ${theirs.length}, Archipel ${mine}${theirs[0] ? ` (${theirs[0].line}: ${theirs[0].message})` : ''}`);
          else explained.set(reason, [...(explained.get(reason) ?? []), `${key} (ansible-lint ${theirs.length}, Archipel ${mine})`]);
        }
        // The counts docs/ansible.md records ("Agreement with ansible-lint").
        const compared = [...lint.kinds].filter(([file, kind]) => ANSIBLE_KINDS.has(kind) && !lint.excluded.has(file)).length;
        console.log(`      ${repository}: ${compared} files compared; ${agreed} (file, rule) pairs found by either agree, on ${findings} findings; ${lint.excluded.size} files ansible-lint cannot syntax-check left out`);
        for (const [reason, keys] of explained) console.log(`        ${keys.length} explained by difference ${reason + 1}: ${keys.join('; ')}`);
        assert.deepEqual(unexplained, []);
        assert.ok(compared > 0, 'ansible-lint read no file as Ansible content');
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  }
});
