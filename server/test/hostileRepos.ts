/**
 * Repositories crafted to hurt whoever opens them (issue #50), built in a temporary folder, never
 * committed: links to /dev/zero and to files outside the workspace, FIFOs, side files past their
 * bound, deep nesting, quadratic inputs, foreign and oversized MLflow stores. Each repository also
 * holds an ordinary Compose file with one known problem, which must be reported whatever the hostile
 * file does. Used by server/test/protocol/core/hostile-repos.test.ts (the CLI and the language server)
 * and scripts/hostile-repos.mjs (times and peak memory of each case, for the report and the bench).
 */
import { execFileSync } from 'node:child_process';
import { mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import initSqlJs from 'sql.js';

/** The command a case runs (`archipel <args>` in its repository) and what its output must say. */
export interface HostileCase {
  name: string;
  /** What it probes, for messages. */
  why: string;
  /** The CLI's arguments (run in the repository). */
  args: string[];
  /** `check`: rule codes the hostile file must get, each at least once (its limit said). */
  codes?: string[];
  /** Text the output must contain (exp show, status). */
  says?: RegExp;
  /** The hostile file, relative to the repository, when the language server checks it. */
  file?: string;
  /** Environment of the run. */
  env?: Record<string, string>;
}

/** The ordinary file of every repository, and the one problem it has. */
export const OTHER_FILE = 'other/compose.yaml';
export const OTHER_PROBLEM = 'compose-schema';
const otherText = 'services:\n  web:\n    image: nginx:1.27\n    restat: always\n';

const repeat = (n: number, f: (i: number) => string): string => Array.from({ length: n }, (_, i) => f(i)).join('');

interface Built {
  /** The folder the repositories are in (the language server's one workspace folder). */
  workspace: string;
  /** A folder beside it holding what the repositories point at: nothing may read or write there. */
  outside: string;
  cases: HostileCase[];
}

/** `levels` levels of 4 kustomize overlays, each listing the four of the next level (the last: one base), under a top kustomization. */
function kustomizeDiamond(levels: number): Record<string, string> {
  const folder = (level: number, i: number) => `l${level}-${i}`;
  const files: Record<string, string> = {
    'base/kustomization.yaml': 'resources:\n- deploy.yaml\n',
    'base/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  selector:\n    matchLabels: {app: web}\n  template:\n    metadata:\n      labels: {app: web}\n    spec:\n      containers:\n      - name: web\n        image: nginx:1.27\n',
    'kustomization.yaml': `resources:\n${[0, 1, 2, 3].map((j) => `- ${folder(0, j)}\n`).join('')}`,
  };
  for (let level = 0; level < levels; level++) {
    for (let i = 0; i < 4; i++) files[`${folder(level, i)}/kustomization.yaml`] = `resources:\n${(level === levels - 1 ? ['../base'] : [0, 1, 2, 3].map((j) => `../${folder(level + 1, j)}`)).map((entry) => `- ${entry}\n`).join('')}`;
  }
  return files;
}

/** Builds every case under `root` (root/ws/<case>/, root/outside/); POSIX only (links, FIFOs). */
export async function buildHostileRepos(root: string): Promise<Built> {
  const workspace = path.join(root, 'ws');
  const outside = path.join(root, 'outside');
  mkdirSync(outside, { recursive: true });
  writeFileSync(path.join(outside, 'secret.env'), 'TOKEN=outside-secret\n');
  writeFileSync(path.join(outside, 'params.yaml'), 'train:\n  lr: 0.1\n');
  const cases: HostileCase[] = [];
  const repo = (name: string, why: string, files: Record<string, string | Buffer>, spec: Omit<HostileCase, 'name' | 'why'>): string => {
    const dir = path.join(workspace, name);
    mkdirSync(dir, { recursive: true });
    execFileSync('git', ['init', '-q', dir]);
    for (const [file, content] of Object.entries({ [OTHER_FILE]: otherText, ...files })) {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), content);
    }
    cases.push({ name, why, ...spec });
    return dir;
  };
  const check = ['check', '--format', 'json', '.'];
  const compose = (envFile: string) => `services:\n  app:\n    image: nginx:1.27\n    env_file: [${envFile}]\n`;

  repo('envfile-dev-zero', 'env_file: [/dev/zero] in a 5-line compose.yaml (1.15 GB after 30 s, the server silent)', { 'compose.yaml': compose('/dev/zero') }, { args: check, codes: ['side-file-limit'], file: 'compose.yaml' });
  let dir = repo('dotenv-link-dev-zero', 'a committed .env link to /dev/zero (2.1 GB, no answer in 110 s)', { 'compose.yaml': 'services:\n  app:\n    image: nginx:${TAG:-1.27}\n' }, { args: check, codes: ['side-file-limit'], file: 'compose.yaml' });
  symlinkSync('/dev/zero', path.join(dir, '.env'));
  repo('envfile-outside', 'env_file paths outside the workspace (/etc/shadow, ../../…): their existence was told', { 'compose.yaml': compose(`${path.join(outside, 'secret.env')}, ../../outside/secret.env, /etc/shadow`) }, { args: check, codes: ['side-file-limit'], file: 'compose.yaml' });
  dir = repo('envfile-link-outside', 'an env_file inside the workspace that is a link to a file outside it', { 'compose.yaml': compose('./env/app.env') }, { args: check, codes: ['side-file-limit'], file: 'compose.yaml' });
  mkdirSync(path.join(dir, 'env'));
  symlinkSync(path.join(outside, 'secret.env'), path.join(dir, 'env', 'app.env'));
  dir = repo('envfile-fifo', 'an env_file that is a FIFO no one writes to', { 'compose.yaml': compose('./fifo') }, { args: check, codes: ['side-file-limit'], file: 'compose.yaml' });
  execFileSync('mkfifo', [path.join(dir, 'fifo')]);
  repo('envfile-huge', 'a 3 MB env_file', { 'compose.yaml': compose('./big.env'), 'big.env': `A=${'x'.repeat(3 << 20)}\n` }, { args: check, codes: ['side-file-limit'], file: 'compose.yaml' });
  repo('compose-nesting', '${A:-${A:-…}} nested 4,000 deep (a stack overflow that hid every other file)', { 'compose.yaml': `services:\n  app:\n    image: "${'${A:-'.repeat(4000)}x${'}'.repeat(4000)}"\n` }, { args: check, codes: ['compose-limit'], file: 'compose.yaml' });
  repo('compose-interpolation', 'a 600 kB line of Compose references (54 s)', { 'compose.yaml': `services:\n  app:\n    image: nginx:1.27\n    command: "${'${A:-x}'.repeat(75_000)}"\n` }, { args: check, file: 'compose.yaml' });
  repo('promql-nesting', 'a 3 kB PromQL alert nested 1,500 deep (39.6 s)', { 'deep.rules.yml': `groups:\n- name: g\n  rules:\n  - alert: Deep\n    expr: ${'('.repeat(1500)}up${')'.repeat(1500)}\n` }, { args: check, codes: ['prom-limit'], file: 'deep.rules.yml' });
  repo('promql-chain', 'a PromQL sum of 2,000 terms (a left-deep tree: quadratic checking)', { 'chain.rules.yml': `groups:\n- name: g\n  rules:\n  - record: job:up:sum\n    expr: ${repeat(2000, (i) => `${i ? ' + ' : ''}up{i="${i}"}`)}\n` }, { args: check, codes: ['prom-limit'], file: 'chain.rules.yml' });
  repo('alert-template', 'an annotation of 30,000 template actions', { 'tpl.rules.yml': `groups:\n- name: g\n  rules:\n  - alert: T\n    expr: up == 0\n    annotations:\n      summary: "${repeat(30_000, () => '{{ $value }} ')}"\n` }, { args: check, file: 'tpl.rules.yml' });
  repo('dockerfile-args', 'a Dockerfile of 10,000 chained ARG defaults (quadratic: minutes)', { Dockerfile: `FROM alpine:3.20\nARG A0=x\n${repeat(10_000, (i) => `ARG A${i + 1}=\${A${i}}y\n`)}` }, { args: check, codes: ['dockerfile-limit'], file: 'Dockerfile' });
  repo('json-nesting', 'a Grafana dashboard nested 100,000 deep', { 'dashboards/deep.json': `{"schemaVersion": 39, "panels": ${'['.repeat(100_000)}${']'.repeat(100_000)}}\n` }, { args: check, codes: ['grafana-limit'], file: 'dashboards/deep.json' });
  repo('yaml-nesting', 'a YAML file of 10,000 nested flow sequences', { 'prometheus.yml': `scrape_configs: ${'['.repeat(10_000)}${']'.repeat(10_000)}\n` }, { args: check, codes: ['yaml-limit'], file: 'prometheus.yml' });
  repo('kustomize-diamond', 'a kustomize diamond: 14 levels of 4 overlays each listing the next four, 57 tiny files (check and diagram system killed at 120 s)', kustomizeDiamond(14), { args: check, codes: ['k8s-kustomize-limit'], file: 'kustomization.yaml' });

  const pipeline = 'stages:\n  train:\n    cmd: echo hi\n    params: [train.lr]\n';
  dir = repo('params-link-dev-zero', 'params.yaml a link to /dev/zero (archipel status 2.24 GB after 131 s)', { 'dvc.yaml': pipeline }, { args: ['status', '--format', 'json'], says: /params.yaml` cannot be read: .*(outside the workspace|not a regular file)/ });
  symlinkSync('/dev/zero', path.join(dir, 'params.yaml'));
  dir = repo('params-link-outside', 'params.yaml a link to a file outside the workspace', { 'dvc.yaml': pipeline }, { args: ['status', '--format', 'json'], says: /params.yaml` cannot be read: .*outside the workspace/ });
  symlinkSync(path.join(outside, 'params.yaml'), path.join(dir, 'params.yaml'));

  const show = ['exp', 'show', '--format', 'json'];
  // exp show lists the experiments of a baseline: each store's repository has a commit, by an identity of its own (never the user's).
  const committed = (name: string, why: string, files: Record<string, string | Buffer>, spec: Omit<HostileCase, 'name' | 'why'>): string => {
    const at = repo(name, why, files, spec);
    execFileSync('git', ['-c', 'user.name=Hostile', '-c', 'user.email=hostile@archipel.invalid', '-c', 'commit.gpgsign=false', 'commit', '-q', '--allow-empty', '--no-verify', '-m', 'baseline'], { cwd: at });
    return at;
  };
  dir = committed('mlflow-dev-zero', 'mlflow.db a link to /dev/zero (3.0 GB, no answer)', {}, { args: show, says: /MLflow store not read: .*(outside the workspace|not a regular file)/ });
  symlinkSync('/dev/zero', path.join(dir, 'mlflow.db'));
  committed('mlflow-not-a-database', 'an mlflow.db that is not a database', { 'mlflow.db': 'SQLite format 3\u0000garbage' }, { args: show, says: /MLflow store not read: .*not a database/ });
  const SQL = await initSqlJs();
  const store = (columns: string, value: string, pad = 0): Buffer => {
    const db = new SQL.Database();
    db.run(`CREATE TABLE alembic_version (version_num TEXT); INSERT INTO alembic_version VALUES ('f5a4f2784254');
      CREATE TABLE experiments (experiment_id INTEGER, name TEXT, lifecycle_stage TEXT); INSERT INTO experiments VALUES (0, 'Default', 'active');
      CREATE TABLE runs (run_uuid TEXT, name TEXT, experiment_id INTEGER, status TEXT, start_time INTEGER, ${columns} lifecycle_stage TEXT);
      CREATE TABLE params (run_uuid TEXT, key TEXT, value TEXT); CREATE TABLE tags (run_uuid TEXT, key TEXT, value TEXT);
      CREATE TABLE metrics (run_uuid TEXT, key TEXT, value REAL, timestamp INTEGER, step INTEGER, is_nan INTEGER);
      CREATE TABLE pad (x BLOB);`);
    db.run(`INSERT INTO runs (run_uuid, name, experiment_id, status, start_time, lifecycle_stage) VALUES ('r1', 'run-one', 0, 'FINISHED', 1700000000000, 'active')`);
    db.run('INSERT INTO params VALUES (?, ?, ?)', ['r1', 'big', value]);
    for (let i = 0; i < pad; i++) db.run('INSERT INTO pad VALUES (?)', [new Uint8Array(1 << 20).fill(i)]);
    const bytes = Buffer.from(db.export());
    db.close();
    return bytes;
  };
  committed('mlflow-foreign-schema', 'a store whose runs table has no end_time ("no such column: end_time", the DVC rows gone)', { 'mlflow.db': store('', 'x') }, { args: show, says: /MLflow schema f5a4f2784254 is not one Archipel reads \(table runs has no column end_time\)/ });
  committed('mlflow-oversized', 'a store past its bound (a 272 MB store took 1.5 GB; here 3 MB against a 2 MB bound)', { 'mlflow.db': store('end_time INTEGER,', 'x', 3) }, { args: show, says: /is 3 MB, more than the 2 MB Archipel reads into memory/, env: { ARCHIPEL_MLFLOW_MAX_MB: '2' } });
  committed('mlflow-long-value', 'a param of 10,000,000 characters (a 200 MB value was printed whole)', { 'mlflow.db': store('end_time INTEGER,', 'v'.repeat(10_000_000)) }, { args: show, says: /\(cut: 10,000,000 characters in all\)/ });
  return { workspace, outside, cases };
}
