// `node scripts/hostile-repos.mjs [--no-build] [--keep DIR]`: the hostile repositories of issue #50
// (server/test/hostileRepos.ts) built in a temporary folder, and the built CLI run on each as a user
// would: one line per case with its exit status, wall time, peak resident memory (the process's own
// maxRSS, recorded at its exit) and the limit codes it reported. The numbers docs/limits.md and the
// issue's report quote; the assertions are server/test/protocol/hostile-repos.test.ts's.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { 'no-build': { type: 'boolean', default: false }, keep: { type: 'string' } } });
if (!values['no-build']) {
  for (const args of [[path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b'], [path.join(root, 'esbuild.mjs')]]) {
    if (spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit' }).status !== 0) process.exit(1);
  }
}
const folder = values.keep ?? mkdtempSync(path.join(os.tmpdir(), 'archipel-hostile-'));
const { buildHostileRepos } = await import(pathToFileURL(path.join(root, 'out', 'server', 'test', 'hostileRepos.js')).href);
const { workspace, cases } = await buildHostileRepos(folder);
const preload = path.join(folder, 'preload.cjs');
writeFileSync(preload, "process.on('exit', () => { try { require('fs').writeFileSync(`${process.env.ARCHIPEL_TEST_RSS}.${process.pid}`, String(process.resourceUsage().maxRSS)); } catch {} });\n");

console.log(`${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`);
console.log(`${'case'.padEnd(24)} ${'exit'.padStart(4)} ${'wall s'.padStart(7)} ${'peak MB'.padStart(8)}  said`);
let failed = false;
for (const c of cases) {
  const rss = path.join(folder, `rss-${c.name}`);
  const started = process.hrtime.bigint();
  const run = spawnSync(process.execPath, ['--require', preload, path.join(root, 'dist', 'server', 'cli.js'), ...c.args], {
    cwd: path.join(workspace, c.name),
    env: { ...process.env, ...c.env, ARCHIPEL_TEST_RSS: rss, ARCHIPEL_CACHE_DIR: 'off', ARCHIPEL_LANG: 'en' },
    encoding: 'utf8',
    maxBuffer: 256 << 20,
    timeout: 600_000,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const peaks = readdirSync(folder).filter((name) => name.startsWith(`rss-${c.name}.`)).map((name) => Number(readFileSync(path.join(folder, name), 'utf8')));
  const peakMb = Math.max(0, ...peaks) / 1024;
  const output = `${run.stdout}${run.stderr}`;
  const said = c.codes ? [...new Set(c.codes.filter((code) => output.includes(`"${code}"`)))].join(', ') : (c.says?.exec(output)?.[0] ?? '').slice(0, 70);
  if (peakMb >= 300 || run.status === null || (c.codes && said === '') || (c.says && said === '')) failed = true;
  console.log(`${c.name.padEnd(24)} ${String(run.status).padStart(4)} ${seconds.toFixed(2).padStart(7)} ${peakMb.toFixed(0).padStart(8)}  ${said}`);
}
if (!values.keep) rmSync(folder, { recursive: true, force: true });
process.exit(failed ? 1 : 0);
