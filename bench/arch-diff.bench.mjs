// `archipel diff` (issue #80: under 2× one `archipel diagram system` of the same tree) on opentelemetry-demo's
// history, built offline in a temporary folder: the map's fixture of the demo (server/test/fixtures/oss/system,
// its Compose files, Dockerfiles, .env and collector/Prometheus configuration) committed with its compose.yaml
// at db0d981, then at e6cae50 ("Remove product-reviews service", fixtures/oss/archdiff). Whole processes of the
// built bin under GNU time, in alternating order:
//   diff between the two commits (both sides read from git objects)   against one diagram system of the tree
//   diff of the working tree against the first commit                  against the same
//   diagram system                                                      against `node -e 0` (the floor)
// The ratios are printed gross and net of `node -e 0` measured in the same run (what any Node command pays).
import { spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { loadSpan } from './lib/facts.mjs';
import { measured } from './lib/gnuTime.mjs';
import { median } from './lib/stats.mjs';

export const title = 'Architecture diff: archipel diff between two commits of opentelemetry-demo against one archipel diagram system of the tree (#80: under 2×)';

/** git in `dir`, no user configuration, a fixed identity and date (nothing depends on the machine's git setup). */
function git(dir, ...args) {
  const env = { ...process.env, GIT_CONFIG_GLOBAL: os.devNull, GIT_CONFIG_NOSYSTEM: '1', GIT_AUTHOR_NAME: 'Bench', GIT_AUTHOR_EMAIL: 'bench@example.com', GIT_COMMITTER_NAME: 'Bench', GIT_COMMITTER_EMAIL: 'bench@example.com', GIT_AUTHOR_DATE: '2026-01-01T00:00:00Z', GIT_COMMITTER_DATE: '2026-01-01T00:00:00Z' };
  const r = spawnSync('git', ['-C', dir, ...args], { env, encoding: 'utf8' });
  if (r.status !== 0) throw new Error(`git ${args[0]} failed: ${r.stderr}`);
  return r.stdout;
}

/** The demo's history in a new folder: two commits, the working tree at the second. */
function plantHistory(root) {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'archipel-bench-diff-'));
  const fixtures = path.join(root, 'server', 'test', 'fixtures', 'oss');
  cpSync(path.join(fixtures, 'system', 'open-telemetry+opentelemetry-demo'), dir, { recursive: true });
  git(dir, 'init', '-q', '-b', 'main');
  for (const commit of ['db0d981', 'e6cae50']) {
    copyFileSync(path.join(fixtures, 'archdiff', 'opentelemetry-demo', `compose.yaml@${commit}`), path.join(dir, 'compose.yaml'));
    git(dir, 'add', '-A');
    git(dir, 'commit', '-q', '-m', commit);
  }
  return dir;
}

/** @param {import('./run.mjs').BenchContext} context */
export async function run(context) {
  const { root } = context;
  const runs = context.tiny ? 1 : context.runs;
  const cli = path.join(root, 'dist', 'server', 'cli.js');
  const dir = plantHistory(root);
  try {
    const files = git(dir, 'ls-files').trim().split('\n').length;
    const cases = {
      diff: () => measured(process.execPath, [cli, 'diff', dir, '--base', 'HEAD~1', '--head', 'HEAD']),
      diffWorkingTree: () => measured(process.execPath, [cli, 'diff', dir, '--base', 'HEAD~1']),
      diagram: () => measured(process.execPath, [cli, 'diagram', 'system', '--format', 'json', dir]),
      node: () => measured(process.execPath, ['-e', '0']),
    };
    // Warm-up: the bundles' code cache written, the files in the page cache.
    const first = cases.diff();
    cases.diagram();
    const results = Object.fromEntries(Object.keys(cases).map((k) => [k, []]));
    const span = loadSpan();
    for (let r = 0; r < runs; r++) {
      const order = r % 2 === 0 ? Object.keys(cases) : Object.keys(cases).reverse();
      for (const name of order) results[name].push(cases[name]());
      context.progress(`run ${r + 1}/${runs}`);
    }
    const load = span.end();
    const m = (name, field) => median(results[name].map((x) => x[field]));
    const row = (ours, peer, label) => ({ name: label, ours: m(ours, 'ms'), peer: m(peer, 'ms'), cpuMs: { ours: m(ours, 'cpuMs'), peer: m(peer, 'cpuMs') }, faults: { ours: m(ours, 'faults'), peer: m(peer, 'faults') }, rssMb: { ours: m(ours, 'rssMb'), peer: m(peer, 'rssMb') }, load });
    const ratio = (ours, peer, field) => (m(ours, field) / m(peer, field)).toFixed(2);
    const net = (ours, peer, field) => ((m(ours, field) - m('node', field)) / (m(peer, field) - m('node', field))).toFixed(2);
    const said = (name) => `${(m(name, 'ms') / 1000).toFixed(2)} s wall, ${(m(name, 'cpuMs') / 1000).toFixed(2)} s CPU, ${m(name, 'rssMb').toFixed(0)} MB peak RSS, ${m(name, 'faults').toLocaleString('en')} minor faults`;
    return {
      peer: 'archipel diagram system --format json of the same tree / node -e 0',
      rows: [
        row('diff', 'diagram', `diff between two commits (${files} files, both sides from git objects) / one diagram system`),
        row('diffWorkingTree', 'diagram', 'diff of the working tree against the first commit / one diagram system'),
        row('diagram', 'node', 'diagram system / node -e 0'),
      ],
      notes: [
        `diff between two commits ÷ diagram system: ×${ratio('diff', 'diagram', 'ms')} wall, ×${ratio('diff', 'diagram', 'cpuMs')} CPU, ×${ratio('diff', 'diagram', 'faults')} minor faults; net of node -e 0: ×${net('diff', 'diagram', 'ms')} wall, ×${net('diff', 'diagram', 'cpuMs')} CPU, ×${net('diff', 'diagram', 'faults')} faults (target: under 2×)`,
        `diff of the working tree ÷ diagram system: ×${ratio('diffWorkingTree', 'diagram', 'ms')} wall, ×${ratio('diffWorkingTree', 'diagram', 'cpuMs')} CPU; net of node -e 0: ×${net('diffWorkingTree', 'diagram', 'ms')} wall, ×${net('diffWorkingTree', 'diagram', 'cpuMs')} CPU`,
        `diff between two commits: ${said('diff')}; diff of the working tree: ${said('diffWorkingTree')}; diagram system: ${said('diagram')}; node -e 0: ${said('node')} (medians of ${runs})`,
        `load average (1 min) ${load.start.toFixed(2)} → ${load.end.toFixed(2)} on ${os.cpus().length} cores`,
        `the diff's first line: ${first.stdout.split('\n').slice(0, 2).join(' / ')}`,
      ],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
