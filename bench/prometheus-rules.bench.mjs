// Prometheus rule files: Archipel's checks (rulefmt, PromQL on Prometheus's grammar and checker,
// Go templates, the rules beyond promtool) against `promtool check rules` (Debian's promtool, a Go
// binary), on the same generated 1,000-rule file, offline.
//
// Per run (a fresh process per side, in alternating order):
//   cold        Archipel: load the bundle + first diagnostics; promtool: the whole command
//   re-diagnose Archipel: a one-line edit → the diagnostics of the new text (median of --edits);
//               promtool has no incremental mode: its whole command again is the comparison
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { PROMETHEUS_PACKAGES } from '../scripts/lib/system-deps.mjs';
import { bundleServerCode } from './lib/bundle.mjs';
import { dataDir } from './lib/fixtures.mjs';
import { installPeer, peerOrSkip } from './lib/tiny.mjs';
import { childrenCpuMs } from './lib/facts.mjs';
import { median } from './lib/stats.mjs';

export const title = 'Prometheus rules — one 1,000-rule file (500 recording, 500 alerting)';

/** 100 groups of 10 rules: recording rules over counters and histograms, alerts with templates; 2 deliberate problems. */
function generateRules(groups = 100) {
  const lines = ['groups:'];
  for (let g = 0; g < groups; g++) {
    const job = `api-${g * 5}`;
    lines.push(`  - name: service-${g}`, '    rules:');
    for (let r = 0; r < 5; r++) {
      lines.push(`      - record: job:http_requests_${r}:rate5m`.replace(`_${r}:`, `_g${g}r${r}:`), `        expr: sum by (job, status) (rate(http_requests_total{job="${job}", route="/r${r}"}[5m]))`);
    }
    for (let r = 0; r < 5; r++) {
      lines.push(
        `      - alert: HighErrorRate${g}x${r}`,
        `        expr: sum by (job) (rate(http_requests_errors_total{job="${job}"}[5m])) > ${r + 1}`,
        `        for: ${r + 1}m`,
        '        labels:',
        `          severity: ${r % 2 ? 'page' : 'ticket'}`,
        '        annotations:',
        // One alert reads a label its expression aggregated away; one template is broken.
        `          summary: "{{ $labels.job }} errors at {{ $value | humanize }}${g === 50 && r === 0 ? ' on {{ $labels.instance }}' : ''}"`,
        `          description: "${g === 70 && r === 1 ? '{{ $label.job }}' : '{{ $labels.job }}'} has {{ printf \\"%.2f\\" $value }} errors per second"`,
      );
    }
  }
  return lines.join('\n') + '\n';
}

/** @param {import('./run.mjs').BenchContext} context */
export async function run(context) {
  const { root, runs } = context;
  const edits = context.tiny ? 2 : Math.max(2, context.edits * 5);
  const skipped = [];
  const folder = path.join(dataDir, 'prometheus');
  mkdirSync(folder, { recursive: true });
  const file = path.join(folder, 'generated.rules.yml');
  const text = generateRules();
  writeFileSync(file, text);
  installPeer(context, PROMETHEUS_PACKAGES, 'Debian\'s prometheus package (promtool)');
  const promtool = spawnSync('promtool', ['--version'], { encoding: 'utf8' });
  const hasPeer = peerOrSkip(context, !promtool.error && promtool.status === 0, 'promtool is not on the PATH (Debian: apt-get install prometheus; scripts/lib/system-deps.mjs installs it)', skipped);
  const peerVersion = !hasPeer ? 'promtool (skipped)' : (promtool.stdout || promtool.stderr).split('\n')[0].replace(/^promtool, version /, '');
  context.progress('bundling Archipel with esbuild');
  const bundle = path.join(dataDir, 'prometheus-ours.cjs');
  // As esbuild.mjs's lazy bundles: PromQL's checker without CodeMirror's editor (server/src/promql/editorShim.ts).
  const editorShim = path.join(root, 'server', 'src', 'promql', 'editorShim.ts');
  await bundleServerCode({ entryPoints: [path.join(root, 'bench', 'lib', 'prometheus', 'ours.mjs')], outfile: bundle, alias: { '@codemirror/language': editorShim, '@codemirror/autocomplete': editorShim } });
  const worker = path.join(root, 'bench', 'lib', 'prometheus', 'worker.mjs');
  const ours = [];
  const peer = [];
  const peerCpu = [];
  let peerOutput = '';
  for (let r = 0; r < runs; r++) {
    const order = r % 2 === 0 ? ['ours', 'peer'] : ['peer', 'ours'];
    for (const side of order) {
      if (side === 'ours') {
        const cpu0 = childrenCpuMs();
        const t = performance.now();
        const out = spawnSync(process.execPath, [worker, bundle, file, pathToFileURL(file).href, String(edits)], { encoding: 'utf8', cwd: root });
        if (out.status !== 0) throw new Error(`Archipel worker failed: ${out.stderr}`);
        ours.push({ ...JSON.parse(out.stdout.trim().split('\n').pop()), processMs: performance.now() - t, processCpuMs: childrenCpuMs() - cpu0 });
      } else if (hasPeer) {
        const cpu0 = childrenCpuMs();
        const t = performance.now();
        const out = spawnSync('promtool', ['check', 'rules', file], { encoding: 'utf8' });
        peer.push(performance.now() - t);
        peerCpu.push(childrenCpuMs() - cpu0);
        peerOutput = `${out.stdout}${out.stderr}`;
      }
    }
    context.progress(`run ${r + 1}/${runs}`);
  }
  const pick = (f) => median(ours.map(f));
  return {
    peer: `promtool ${peerVersion}`,
    rows: [
      { name: 'cold: load + first diagnostics (Archipel) / check rules (promtool)', ours: pick((x) => x.loadMs + x.coldMs), peer: median(peer) },
      { name: 'whole process (node start included) / check rules', ours: pick((x) => x.processMs), peer: median(peer), cpuMs: { ours: pick((x) => x.processCpuMs), peer: median(peerCpu) } },
      { name: 're-diagnose after a one-line edit / check rules again', ours: pick((x) => median(x.editMs)), peer: median(peer) },
    ],
    notes: [
      `${text.split('\n').length - 1} lines, 1,000 rules; 2 deliberate problems: a $labels.instance aggregated away (beyond promtool) and an undefined $label (both find it)`,
      `Archipel found ${ours[0].found.length}: ${[...new Set(ours[0].found)].join(', ')}`,
      `promtool said: ${peerOutput.trim().split('\n').slice(-2).join(' / ').slice(0, 300)}`,
      `bundle: ${(readFileSync(bundle).length / 1024).toFixed(0)} KB`,
      ...skipped,
    ],
  };
}
