// Every command's side files through the one bounded, confined read (issue #92): a Compose project whose `env_file`s
// (`../outside/secret.env`, the same as an absolute path, a link leading out) and `secrets: file:` point outside the
// workspace. `check` refused them; `threats`, `diagram system`, `diff` and `slo report --system` opened them (strace:
// 4–6 opens each) and `threats` raised an Accidental Secret Leak from the outside file's content. Each command runs
// under strace here: no file of the outside folder is opened, and nothing of it is judged.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, realpathSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { repoRoot } from '../../helpers';

const cli = path.join(repoRoot, 'dist', 'server', 'cli.js');

const COMPOSE = (outside: string) =>
  [
    'services:',
    '  api:',
    '    image: example/api:1.0',
    '    ports:',
    '      - "8080:8080"',
    '    env_file:',
    '      - ../outside/secret.env',
    `      - ${outside}/secret.env`,
    '      - ./linked.env',
    '    secrets:',
    '      - db_pw',
    'secrets:',
    '  db_pw:',
    '    file: ../outside/pw.txt',
    '',
  ].join('\n');

const SLO = ['version: prometheus/v1', 'service: api', 'slos:', '  - name: availability', '    objective: 99.9', '    sli:', '      raw:', '        error_ratio_query: sum(rate(errors[{{.window}}])) / sum(rate(total[{{.window}}]))', '    alerting:', '      page_alert:', '        disable: true', '      ticket_alert:', '        disable: true', ''].join('\n');

/** A git repository `ws` whose Compose file names files of its sibling `outside` three ways, committed (a clean working tree). */
function workspace(): { top: string; ws: string; outside: string; remove: () => void } {
  const top = realpathSync(mkdtempSync(path.join(tmpdir(), 'archipel-confined-')));
  const ws = path.join(top, 'ws');
  const outside = path.join(top, 'outside');
  mkdirSync(ws);
  mkdirSync(outside);
  writeFileSync(path.join(outside, 'secret.env'), 'DB_PASSWORD=supersecretvalue123\nAWS_SECRET_ACCESS_KEY=wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY\n');
  writeFileSync(path.join(outside, 'pw.txt'), 'topsecretfilecontent\n');
  writeFileSync(path.join(ws, 'docker-compose.yml'), COMPOSE(outside));
  writeFileSync(path.join(ws, 'api.slo.yml'), SLO);
  symlinkSync('../outside/secret.env', path.join(ws, 'linked.env'));
  const env = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com', GIT_CONFIG_NOSYSTEM: '1', HOME: top };
  for (const args of [['init', '-q', '.'], ['add', '.'], ['commit', '-q', '-m', 'init']]) {
    const run = spawnSync('git', args, { cwd: ws, env, encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
  }
  return { top, ws, outside, remove: () => rmSync(top, { recursive: true, force: true }) };
}

/** The command run in `ws` under strace: its status, output and every path it opened. */
function traced(ws: string, args: string[]): { status: number | null; out: string; err: string; opened: string[] } {
  const trace = path.join(path.dirname(ws), `trace-${args[0]}.log`);
  const env = { ...process.env, ARCHIPEL_LANG: 'en', ARCHIPEL_CACHE_DIR: 'off' };
  const run = spawnSync('strace', ['-f', '-qq', '-e', 'trace=openat,open', '-o', trace, process.execPath, cli, ...args], { cwd: ws, env, encoding: 'utf8', maxBuffer: 64 << 20 });
  assert.equal(run.error, undefined, `strace could not run (it is needed by this test): ${String(run.error)}`);
  const opened = [...readFileSync(trace, 'utf8').matchAll(/open(?:at)?\((?:AT_FDCWD, )?"([^"]*)"/g)].map((m) => path.resolve(ws, m[1]));
  return { status: run.status, out: run.stdout, err: run.stderr, opened };
}

describe('every command reads side files inside the workspace only (#92)', function () {
  this.timeout(300_000); // several CLI runs under strace on a shared machine: a bound against hangs
  let tree: ReturnType<typeof workspace>;
  before(() => (tree = workspace()));
  after(() => tree.remove());

  const commands: { name: string; args: string[]; status: number[] }[] = [
    { name: 'check', args: ['check', '--format', 'json', '.'], status: [0, 1] },
    { name: 'threats', args: ['threats', '--format', 'json', '.'], status: [0, 1] },
    { name: 'diagram system', args: ['diagram', 'system', '--format', 'json', '.'], status: [0] },
    { name: 'diff', args: ['diff', '--base', 'HEAD', '--fail-on', 'threats', '--format', 'json'], status: [0] },
    { name: 'slo report --system', args: ['slo', 'report', 'api.slo.yml', '--system', '.'], status: [0] },
    { name: 'cost', args: ['cost', '--format', 'json', '.'], status: [0] },
    { name: 'privacy', args: ['privacy', '--format', 'json', '.'], status: [0, 1] },
  ];
  for (const command of commands) {
    it(`${command.name}: no file outside is opened, nothing outside is judged`, () => {
      const run = traced(tree.ws, command.args);
      assert.ok(command.status.includes(run.status ?? -1), `exit ${run.status}: ${run.err}`);
      assert.deepEqual(run.opened.filter((file) => file.startsWith(tree.outside + path.sep) || file === tree.outside), []);
      assert.doesNotMatch(run.out, /supersecretvalue123|wJalrXUtnFEMIK7MDENGbPxRfiCYEXAMPLEKEY|topsecretfilecontent/);
    });
  }

  it('threats raises no Accidental Secret Leak from the outside files; diff --base HEAD --fail-on threats exits 0 on a clean tree', () => {
    const threats = traced(tree.ws, ['threats', '--format', 'json', '.']);
    const risks = (JSON.parse(threats.out) as { risks: { rule: string; sources: { file: string }[] }[] }).risks;
    assert.deepEqual(risks.filter((r) => r.rule === 'accidental-secret-leak'), []);
    const diff = traced(tree.ws, ['diff', '--base', 'HEAD', '--fail-on', 'threats']);
    assert.deepEqual([diff.status, diff.err], [0, '']);
    assert.match(diff.out, /no architectural change/);
  });
});
