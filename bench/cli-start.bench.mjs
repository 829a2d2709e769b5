// The `archipel` command as a CI job or a pre-commit hook starts it (issue #54): a fresh process
// per call of the built bin (dist/server/cli.js), against the peers a user would run instead, in
// the same run and in alternating order:
//   --version            against `node -e 0` (the floor any Node command pays), and `--lang fr --version`
//   check one file alone a 6-line Dockerfile, a Kubernetes Deployment, each alone in its folder (its context:
//                        nothing else), against `node -e 0` (issue #68: ≤ node -e 0 + 40 ms, within 2× its faults)
//   check one rule file  against `promtool check rules` of it
//   check per file       each of docker/awesome-compose's 39 Compose files in a process of its own
//                        (as pre-commit runs a hook), against `docker-compose -f FILE config -q` each; and, when
//                        ARCHIPEL_BENCH_AWESOME_COMPOSE names a checkout of docker/awesome-compose (480 files: too
//                        big for a fixture), the same in a copy of it with `git init`, warm and cold (#84)
//   check a folder       awesome-prometheus-alerts' 112 rule files in one process, against one promtool: warm
//                        (the rules' findings kept by the previous run) and cold (that store removed first)
// The files are copied outside the repository (a checked file's context is its repository: inside
// this one, check would read the whole clone). Each command's code cache is made by a warm-up run
// first; a row without it (ARCHIPEL_STARTUP_TUNING=off) says what the cache buys.
import { spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';
import { COMPOSE_PACKAGES, PROMETHEUS_PACKAGES } from '../scripts/lib/system-deps.mjs';
import { dataDir } from './lib/fixtures.mjs';
import { installPeer, peerOrSkip } from './lib/tiny.mjs';
import { median } from './lib/stats.mjs';

export const title = 'CLI start — one process per command, as CI and pre-commit run it';

/** One process: its wall time and CPU time (user + system, from GNU time) in ms, its peak RSS (MB) and minor page faults (#68: memory touched). */
function timed(command, args, options) {
  const usage = path.join(os.tmpdir(), `archipel-cli-start-${process.pid}.time`);
  const started = performance.now();
  const r = spawnSync('/usr/bin/time', ['-f', '%U %S %M %R', '-o', usage, command, ...args], { encoding: 'utf8', ...options });
  const ms = performance.now() - started;
  const [user, system, rssKb, faults] = readFileSync(usage, 'utf8').trim().split('\n').pop().split(' ').map(Number);
  rmSync(usage, { force: true });
  return { ms, cpuMs: (user + system) * 1000, rssMb: rssKb / 1024, faults, status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** The peer's version, or undefined when it is missing under --tiny (the note says so). */
function peerVersion(context, notes, command, args) {
  const r = spawnSync(command, args, { encoding: 'utf8' });
  if (!peerOrSkip(context, !r.error && r.status === 0, `${command} is not on the PATH (Debian: scripts/lib/system-deps.mjs installs it)`, notes)) return undefined;
  return `${r.stdout}${r.stderr}`.split('\n')[0].trim();
}

/** @param {import('./run.mjs').BenchContext} context */
export async function run(context) {
  const { root, runs } = context;
  const skipped = [];
  installPeer(context, [...PROMETHEUS_PACKAGES, ...COMPOSE_PACKAGES], 'Debian\'s prometheus (promtool) and docker-compose');
  const promtool = peerVersion(context, skipped, 'promtool', ['--version'])?.replace(/ \(branch.*$/, '');
  const compose = peerVersion(context, skipped, 'docker-compose', ['version'])?.replace(/,.*$/, '');
  // A peer skipped under --tiny: its cells are empty.
  const none = { ms: NaN, cpuMs: NaN, status: 0 };
  const peerTimed = (version, command, args, options) => (version ? timed(command, args, options) : none);
  const work = mkdtempSync(path.join(os.tmpdir(), 'archipel-cli-start-'));
  const checkout = mkdtempSync(path.join(os.tmpdir(), 'archipel-cli-start-checkout-'));
  const cacheDir = path.join(dataDir, 'cli-start-cache');
  rmSync(cacheDir, { recursive: true, force: true });
  mkdirSync(cacheDir, { recursive: true });
  // A real checkout's rows keep a cache of their own: their cold runs empty it (all but the code cache) before each process.
  const real = realCheckout(process.env.ARCHIPEL_BENCH_AWESOME_COMPOSE, context.tiny);
  const realCache = path.join(dataDir, 'cli-start-real-cache');
  rmSync(realCache, { recursive: true, force: true });
  mkdirSync(realCache, { recursive: true });
  try {
    const rulesFrom = path.join(root, 'server', 'test', 'fixtures', 'oss', 'prometheus', 'corpus', 'awesome-prometheus-alerts');
    cpSync(rulesFrom, path.join(work, 'rules'), { recursive: true });
    cpSync(path.join(root, 'server', 'test', 'fixtures', 'oss', 'compose', 'docker+awesome-compose'), path.join(work, 'compose'), { recursive: true });
    // --tiny: 2 rule files and 1 Compose file (each Compose file is a docker-compose process).
    const ruleFiles = readdirSync(path.join(work, 'rules')).filter((f) => f.endsWith('.yml')).sort().slice(0, context.tiny ? 2 : undefined);
    const one = path.join('rules', ruleFiles.find((f) => f.startsWith('apache__')) ?? ruleFiles[0]);
    const composeFiles = readdirSync(path.join(work, 'compose'), { recursive: true }).map(String).filter((f) => /(^|\/)(docker-)?compose\.ya?ml$/.test(f)).sort().slice(0, context.tiny ? 1 : undefined);
    // The same projects as checked out (the corpus keeps their Compose files only): each one's build folders and env
    // files there, empty, so that docker-compose reads every file whole instead of stopping at the first missing path.
    // In a folder of its own: a check's context is the folder it runs in (a copy beside the others would double the
    // Compose projects every other row's check reads).
    cpSync(path.join(work, 'compose'), path.join(checkout, 'compose'), { recursive: true });
    for (const file of composeFiles) checkedOut(path.join(checkout, 'compose'), file);
    const cli = path.join(root, 'dist', 'server', 'cli.js');
    const env = { ...process.env, ARCHIPEL_CACHE_DIR: cacheDir };
    const options = { cwd: work, env };
    const ours = (args, extra = {}) => timed(process.execPath, [cli, ...args], { ...options, env: { ...env, ...extra } });
    // A file alone in a folder of its own (a check's context is the folder it runs in: the work folder holds the corpora).
    const alone = (name, text) => {
      const dir = path.join(work, 'alone', name.replace(/[^A-Za-z0-9]/g, '-'));
      mkdirSync(dir, { recursive: true });
      writeFileSync(path.join(dir, name), text);
      return () => timed(process.execPath, [cli, 'check', name], { ...options, cwd: dir });
    };
    const floor = () => timed(process.execPath, ['-e', '0'], options);
    const dockerfile = alone('Dockerfile', DOCKERFILE);
    const deployment = alone('deploy.yaml', DEPLOYMENT);
    const cases = {
      version: { ours: () => ours(['--version']), peer: floor },
      versionFr: { ours: () => ours(['--lang', 'fr', '--version']), peer: floor },
      dockerfile: { ours: dockerfile, peer: floor },
      deployment: { ours: deployment, peer: floor },
      one: { ours: () => ours(['check', one]), peer: () => peerTimed(promtool, 'promtool', ['check', 'rules', one], options) },
      oneNoCache: { ours: () => ours(['check', one], { ARCHIPEL_STARTUP_TUNING: 'off' }), peer: () => peerTimed(promtool, 'promtool', ['check', 'rules', one], options) },
      perFile: {
        ours: () => sum(composeFiles.map((f) => ours(['check', path.join('compose', f)]))),
        peer: () => sum(composeFiles.map((f) => peerTimed(compose, 'docker-compose', ['-f', path.join('compose', f), 'config', '-q'], options))),
      },
      perFileCheckout: {
        ours: () => sum(composeFiles.map((f) => timed(process.execPath, [cli, 'check', path.join('compose', f)], { ...options, cwd: checkout }))),
        peer: () => sum(composeFiles.map((f) => peerTimed(compose, 'docker-compose', ['-f', path.join('compose', f), 'config', '-q'], { ...options, cwd: checkout }))),
      },
      ...(real
        ? {
            perFileReal: {
              ours: () => sum(real.files.map((f) => timed(process.execPath, [cli, 'check', f], { cwd: real.root, env: { ...process.env, ARCHIPEL_CACHE_DIR: realCache } }))),
              peer: () => sum(real.files.map((f) => peerTimed(compose, 'docker-compose', ['-f', f, 'config', '-q'], { cwd: real.root, env }))),
            },
            perFileRealCold: {
              ours: () => sum(real.files.map((f) => {
                for (const entry of readdirSync(realCache)) if (entry !== 'v8') rmSync(path.join(realCache, entry), { recursive: true, force: true });
                return timed(process.execPath, [cli, 'check', f], { cwd: real.root, env: { ...process.env, ARCHIPEL_CACHE_DIR: realCache } });
              })),
              peer: () => sum(real.files.map((f) => peerTimed(compose, 'docker-compose', ['-f', f, 'config', '-q'], { cwd: real.root, env }))),
            },
          }
        : {}),
      folder: { ours: () => ours(['check', 'rules']), peer: () => peerTimed(promtool, 'promtool', ['check', 'rules', ...ruleFiles.map((f) => path.join('rules', f))], options) },
      // The rules' own findings are kept between runs (prometheus/host.ts): without them, as a first run or a new build checks.
      folderCold: {
        ours: () => {
          rmSync(path.join(cacheDir, 'prometheus'), { recursive: true, force: true });
          return ours(['check', 'rules']);
        },
        peer: () => peerTimed(promtool, 'promtool', ['check', 'rules', ...ruleFiles.map((f) => path.join('rules', f))], options),
      },
    };
    // Warm-up: each command's code cache is written by its first run.
    if (real) timed(process.execPath, [cli, 'check', real.files[0]], { cwd: real.root, env: { ...process.env, ARCHIPEL_CACHE_DIR: realCache } });
    const warm = { one: ours(['check', one]), folder: ours(['check', 'rules']), compose: ours(['check', path.join('compose', composeFiles[0])]), dockerfile: dockerfile(), deployment: deployment() };
    const cacheFiles = readdirSync(path.join(cacheDir, 'v8')).length;
    const results = Object.fromEntries(Object.keys(cases).map((k) => [k, { ours: [], peer: [] }]));
    for (let r = 0; r < runs; r++) {
      for (const [name, pair] of Object.entries(cases)) {
        const order = r % 2 === 0 ? ['ours', 'peer'] : ['peer', 'ours'];
        for (const side of order) results[name][side].push(pair[side]());
      }
      context.progress(`run ${r + 1}/${runs}`);
    }
    const wall = (name, side) => median(results[name][side].map((x) => x.ms));
    const cpu = (name, side) => median(results[name][side].map((x) => x.cpuMs));
    const both = (name, f) => ({ ours: median(results[name].ours.map(f)), peer: median(results[name].peer.map(f)) });
    // Whole processes: their CPU (run.mjs prints CPU ÷ wall), minor page faults and peak RSS beside the wall times (#68).
    const row = (name, label) => ({ name: label, ours: wall(name, 'ours'), peer: wall(name, 'peer'), cpuMs: both(name, (x) => x.cpuMs), faults: both(name, (x) => x.faults), rssMb: both(name, (x) => x.rssMb) });
    const memory = (name, side) => `peak RSS ${median(results[name][side].map((x) => x.rssMb)).toFixed(0)} MB, ${median(results[name][side].map((x) => x.faults)).toFixed(0)} minor faults`;
    const faultRatio = (name) => (median(results[name].ours.map((x) => x.faults)) / median(results[name].peer.map((x) => x.faults))).toFixed(1);
    const cpuNote = (name, label) => `${label}, CPU (user + system): Archipel ${cpu(name, 'ours').toFixed(0)} ms, peer ${cpu(name, 'peer').toFixed(0)} ms; Archipel ${memory(name, 'ours')}, peer ${memory(name, 'peer')}`;
    const failures = results.perFile.peer[0].failed;
    const failuresCheckout = results.perFileCheckout.peer[0].failed;
    return {
      peer: `node -e 0 / ${promtool ?? 'no promtool'} / ${compose ?? 'no docker-compose'}`,
      rows: [
        row('version', 'archipel --version / node -e 0'),
        row('versionFr', 'archipel --lang fr --version / node -e 0'),
        row('dockerfile', 'check a 6-line Dockerfile alone in its folder / node -e 0'),
        row('deployment', 'check a Kubernetes Deployment alone in its folder / node -e 0'),
        row('one', `check one rule file (${ruleFileLines(path.join(work, one))} lines) / promtool check rules`),
        row('oneNoCache', 'the same, without code cache (ARCHIPEL_STARTUP_TUNING=off) / promtool'),
        row('perFile', `check ${composeFiles.length} Compose files, a process each / docker-compose config each`),
        row('perFileCheckout', 'the same, as a checkout of awesome-compose alone: in a folder of its own (no rule files beside), each project with its build folders and env files (empty: the corpus keeps the Compose files only) / docker-compose config each'),
        ...(real
          ? [
              row('perFileReal', `check each of the ${real.files.length} Compose files of a checkout of docker/awesome-compose (${real.count} files, git init), a process each, warm (caches kept) / docker-compose config each`),
              row('perFileRealCold', 'the same, cold: the cache folder emptied (but for the code cache) before each process / docker-compose config each'),
            ]
          : []),
        row('folder', `check a folder of ${ruleFiles.length} rule files, their findings kept by an earlier run (warm) / promtool check rules of them`),
        row('folderCold', 'the same, nothing kept (cold: the rules\' findings store removed before each run) / promtool'),
      ],
      notes: [
        `archipel --version − node -e 0: ${(wall('version', 'ours') - wall('version', 'peer')).toFixed(0)} ms wall, ${(cpu('version', 'ours') - cpu('version', 'peer')).toFixed(0)} ms CPU (target ≤ 60 ms); node -e 0: ${wall('version', 'peer').toFixed(0)} ms wall, ${cpu('version', 'peer').toFixed(0)} ms CPU, ${memory('version', 'peer')}; archipel --version ${memory('version', 'ours')}`,
        `archipel --lang fr --version − node -e 0: ${(cpu('versionFr', 'ours') - cpu('versionFr', 'peer')).toFixed(0)} ms CPU (target ≤ 10 ms, #68)`,
        `one file alone − node -e 0 (target ≤ 40 ms CPU and ≤ 2× the faults, #68): Dockerfile +${(cpu('dockerfile', 'ours') - cpu('dockerfile', 'peer')).toFixed(0)} ms CPU, ×${faultRatio('dockerfile')} faults; Deployment +${(cpu('deployment', 'ours') - cpu('deployment', 'peer')).toFixed(0)} ms CPU, ×${faultRatio('deployment')} faults`,
        cpuNote('dockerfile', 'Dockerfile alone'),
        cpuNote('deployment', 'Deployment alone'),
        cpuNote('one', 'one rule file'),
        cpuNote('oneNoCache', 'one rule file without code cache'),
        cpuNote('perFile', 'Compose per file (sums)'),
        cpuNote('perFileCheckout', 'Compose per file, as checked out (sums)'),
        ...(real
          ? [
              cpuNote('perFileReal', 'Compose per file in the real checkout, warm (sums; the facts of every Dockerfile kept by the run before)'),
              cpuNote('perFileRealCold', 'Compose per file in the real checkout, cold (sums)'),
              // The floor of the sums: what starting Node costs as many times, measured in this run (the version row's peer).
              `node -e 0 × ${real.files.length} (the floor of the real checkout's sums): ${(cpu('version', 'peer') * real.files.length).toFixed(0)} ms CPU; ×2 against docker-compose needs Archipel's warm sum ≤ ${(cpu('perFileReal', 'peer') / 2).toFixed(0)} ms`,
            ]
          : ['no real checkout of docker/awesome-compose: ARCHIPEL_BENCH_AWESOME_COMPOSE names none (its rows left out)']),
        cpuNote('folder', 'rule folder (warm)'),
        cpuNote('folderCold', 'rule folder (cold)'),
        `code cache: ${cacheFiles} cache file(s) written by the warm-up runs (exit ${warm.one.status}/${warm.folder.status}/${warm.compose.status}/${warm.dockerfile.status}/${warm.deployment.status}), then read by every measured run`,
        ...skipped,
        `docker-compose config failed on ${failures.length === 0 ? 'none' : failures.join(', ')} of the Compose files (its time counts all the same; mostly a build folder the corpus does not keep), and as checked out on ${failuresCheckout.length === 0 ? 'none' : failuresCheckout.join(', ')}`,
      ],
    };
  } finally {
    rmSync(work, { recursive: true, force: true });
    rmSync(checkout, { recursive: true, force: true });
    if (real) rmSync(real.root, { recursive: true, force: true });
  }
}

/**
 * A copy of a checkout of docker/awesome-compose (`from`, ARCHIPEL_BENCH_AWESOME_COMPOSE: its `.git` left out, a new
 * one made: a check's context is its repository) and its Compose files, relative; undefined when `from` is unset.
 */
function realCheckout(from, tiny) {
  if (!from) return undefined;
  const root = mkdtempSync(path.join(os.tmpdir(), 'archipel-cli-start-real-'));
  cpSync(from, root, { recursive: true, filter: (source) => path.basename(source) !== '.git' });
  spawnSync('git', ['init', '-q'], { cwd: root });
  const all = readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && !path.relative(root, entry.parentPath).split(path.sep).includes('.git'));
  const files = all.map((entry) => path.relative(root, path.join(entry.parentPath, entry.name))).filter((f) => /(^|[\\/])(docker-)?compose\.ya?ml$/.test(f)).sort().slice(0, tiny ? 1 : undefined);
  return { root, files, count: all.length };
}

/**
 * The Compose file `file` of `folder` as in its project's checkout: each service's build folder and env files made
 * (empty) where missing, inside `folder` only.
 */
function checkedOut(folder, file) {
  const at = path.dirname(path.join(folder, file));
  const inside = (p) => !path.relative(folder, p).startsWith('..') && !path.isAbsolute(path.relative(folder, p));
  let services;
  try {
    services = parseYaml(readFileSync(path.join(folder, file), 'utf8'))?.services;
  } catch {
    return;
  }
  for (const service of Object.values(services ?? {})) {
    if (!service || typeof service !== 'object') continue;
    const context = typeof service.build === 'string' ? service.build : service.build?.context;
    if (typeof context === 'string' && !context.includes('://') && !context.includes('$')) {
      const dir = path.resolve(at, context);
      if (inside(dir)) mkdirSync(dir, { recursive: true });
    }
    for (const env of [service.env_file ?? []].flat()) {
      const name = typeof env === 'string' ? env : env?.path;
      if (typeof name !== 'string' || name.includes('$')) continue;
      const envFile = path.resolve(at, name);
      if (!inside(envFile)) continue;
      mkdirSync(path.dirname(envFile), { recursive: true });
      try {
        writeFileSync(envFile, '', { flag: 'wx' });
      } catch {
        // there already
      }
    }
  }
}

/** Many processes as one measure: summed wall and CPU times and page faults, the largest peak RSS, and which ones failed (exit > 1: not a finding, a failure). */
function sum(list) {
  return { ms: list.reduce((a, x) => a + x.ms, 0), cpuMs: list.reduce((a, x) => a + x.cpuMs, 0), rssMb: Math.max(...list.map((x) => x.rssMb)), faults: list.reduce((a, x) => a + x.faults, 0), failed: list.flatMap((x, i) => (x.status !== 0 ? [`#${i + 1}`] : [])) };
}

function ruleFileLines(file) {
  return readFileSync(file, 'utf8').split('\n').length - 1;
}

/** The one-file rows' files: those of server/test/unit/core/cli-one-file-loads.test.ts. */
const oneFile = (name) => readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), '..', 'server', 'test', 'fixtures', 'cli-one-file', name), 'utf8');
const DOCKERFILE = oneFile('Dockerfile');
const DEPLOYMENT = oneFile('deploy.yaml');
