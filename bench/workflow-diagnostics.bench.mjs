// Workflow diagnostics and completion: Archipel against GitHub's own @actions/languageservice
// (the foundation evaluated for the workflow feature), both bundled with esbuild and called as
// libraries in fresh processes, on the same generated 60-job workflow, offline.
//
// Per run (a fresh process per side, in alternating order):
//   load        require() of the bundle
//   cold        the first diagnostics of the file (schemas and data load lazily on both sides)
//   re-diagnose a one-line edit → the diagnostics of the new text (median of --edits)
// and completion latency inside ${{ github. }} (p50 over --completions requests, last run).
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { bundleServerCode } from './lib/bundle.mjs';
import { dataDir } from './lib/fixtures.mjs';
import { median, percentile } from './lib/stats.mjs';

export const title = 'Workflow diagnostics — one 60-job GitHub Actions workflow';

/** A realistic workflow: needs chains, matrices, expressions, popular actions, 3 deliberate errors. */
function generateWorkflow(jobs = 60) {
  const lines = [
    'name: Generated',
    'on:',
    '  push:',
    '    branches: [main]',
    '  pull_request:',
    '    types: [opend]',
    'permissions:',
    '  contents: read',
    'jobs:',
  ];
  for (let j = 0; j < jobs; j++) {
    const id = `job-${j}`;
    lines.push(`  ${id}:`, `    name: Job ${j}`);
    if (j > 0) lines.push(`    needs: [job-${j === 20 ? 999 : j - 1}]`);
    const matrix = j % 5 === 0;
    lines.push(`    runs-on: ${matrix ? '${{ matrix.os }}' : 'ubuntu-latest'}`);
    if (matrix) lines.push('    strategy:', '      matrix:', '        os: [ubuntu-latest, windows-latest]', "        node: ['20', '22']");
    lines.push('    outputs:', `      version: \${{ steps.version-${j}.outputs.value }}`, '    env:', `      JOB_INDEX: ${j}`, '    steps:');
    lines.push('      - uses: actions/checkout@v4', '        with:', '          fetch-depth: 0');
    lines.push('      - uses: actions/setup-node@v4', '        with:', `          node-version: ${matrix ? '${{ matrix.node }}' : '22'}`, '          cache: npm');
    for (let s = 0; s < 5; s++) {
      lines.push(`      - name: Step ${s} of ${id}`, `        if: github.event_name == 'push' && !cancelled()`, `        run: npm run task-${s} -- --job \${{ env.JOB_INDEX }} --ref \${{ ${j === 10 && s === 0 ? 'githb' : 'github'}.ref_name }}`);
    }
    lines.push(`      - id: version-${j}`, '        run: echo "value=1.0.$GITHUB_RUN_NUMBER" >> "$GITHUB_OUTPUT"');
    lines.push('      - run: echo "${{ github.sha }}"');
    if (j > 0) lines.push(`      - run: echo \${{ needs.job-${j === 20 ? 999 : j - 1}.outputs.version }}`);
  }
  return lines.join('\n') + '\n';
}

function bundle(entry, outfile) {
  return bundleServerCode({ entryPoints: [entry], outfile });
}

/** @param {import('./run.mjs').BenchContext} context */
export async function run(context) {
  const { root, runs, completions } = context;
  const edits = context.tiny ? 2 : Math.max(2, context.edits * 5);
  const folder = path.join(dataDir, 'workflows', '.github', 'workflows');
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, 'generated.yml');
  const text = generateWorkflow();
  writeFileSync(file, text);
  const uri = pathToFileURL(file).href;
  context.progress('bundling both sides with esbuild');
  const sides = {
    ours: await bundle(path.join(root, 'bench', 'lib', 'workflows', 'ours.mjs'), path.join(dataDir, 'workflows-ours.cjs')),
    peer: await bundle(path.join(root, 'bench', 'lib', 'workflows', 'peer.mjs'), path.join(dataDir, 'workflows-peer.cjs')),
  };
  const peerVersion = JSON.parse(readFileSync(path.join(root, 'node_modules', '@actions', 'languageservice', 'package.json'), 'utf8')).version;
  const worker = path.join(root, 'bench', 'lib', 'workflows', 'worker.mjs');
  /** @type {Record<'ours' | 'peer', any[]>} */
  const results = { ours: [], peer: [] };
  for (let r = 0; r < runs; r++) {
    const order = r % 2 === 0 ? ['ours', 'peer'] : ['peer', 'ours'];
    for (const side of order) {
      const last = r === runs - 1;
      const out = spawnSync(process.execPath, [worker, sides[side], file, uri, String(edits), String(last ? completions : 0)], { encoding: 'utf8', cwd: root });
      if (out.status !== 0) throw new Error(`${side} worker failed: ${out.stderr}`);
      results[side].push(JSON.parse(out.stdout.trim().split('\n').pop()));
    }
    context.progress(`run ${r + 1}/${runs}`);
  }
  const pick = (side, f) => median(results[side].map(f));
  const completion = (side, p) => percentile(results[side][runs - 1].completionMs, p);
  const rows = [
    { name: 'load the bundle', ours: pick('ours', (x) => x.loadMs), peer: pick('peer', (x) => x.loadMs) },
    { name: 'cold: first diagnostics', ours: pick('ours', (x) => x.coldMs), peer: pick('peer', (x) => x.coldMs) },
    { name: 're-diagnose after a one-line edit', ours: pick('ours', (x) => median(x.editMs)), peer: pick('peer', (x) => median(x.editMs)) },
    { name: 'completion in ${{ github. }} p50', ours: completion('ours', 50), peer: completion('peer', 50) },
    { name: 'completion in ${{ github. }} p95', ours: completion('ours', 95), peer: completion('peer', 95) },
  ];
  const found = (side) => results[side][0].found;
  /** The peer's messages, grouped by shape (names and numbers elided), with counts. */
  const grouped = (codes) => {
    const counts = new Map();
    for (const code of codes) {
      const shape = code.replace(/'[^']*'/g, "'…'");
      counts.set(shape, (counts.get(shape) ?? 0) + 1);
    }
    return [...counts].map(([shape, n]) => (n > 1 ? `${n}× ${shape}` : shape)).join(' | ');
  };
  const bytes = (f) => `${(readFileSync(f).length / 1024).toFixed(0)} KB`;
  return {
    peer: `@actions/languageservice ${peerVersion}`,
    rows,
    notes: [
      `${text.split('\n').length - 1} lines; 3 deliberate errors (an unknown activity type, needs of an undefined job, an unknown context)`,
      `Archipel found ${found('ours').length}: ${[...new Set(found('ours'))].join(', ')}`,
      `peer found ${found('peer').length} (no rule ids; its messages): ${grouped(found('peer'))}`,
      `bundles: Archipel ${bytes(sides.ours)} (all features), peer ${bytes(sides.peer)}; completion items: Archipel ${results.ours[runs - 1].completionItems}, peer ${results.peer[runs - 1].completionItems}`,
    ],
  };
}
