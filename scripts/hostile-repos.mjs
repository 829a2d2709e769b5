// `node scripts/hostile-repos.mjs [--no-build] [--keep DIR] [--cli FILE] [--timeout S]`: the hostile repositories of issue #50
// (server/test/hostileRepos.ts) built in a temporary folder, and the built CLI run on each as a user
// would: one line per case with its exit status, wall time, peak resident memory (the process's own
// maxRSS, recorded at its exit) and the limit codes it reported. The numbers docs/limits.md and the
// issue's report quote; the assertions are server/test/protocol/core/hostile-repos.test.ts's. --cli runs
// another build's dist/server/cli.js on the same cases (a before/after), each killed after --timeout s.
import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { answerHelp } from './lib/help.mjs';

answerHelp(import.meta.url);

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({ options: { 'no-build': { type: 'boolean', default: false }, keep: { type: 'string' }, cli: { type: 'string' }, timeout: { type: 'string', default: '600' } } });
const cli = path.resolve(values.cli ?? path.join(root, 'dist', 'server', 'cli.js'));
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
  const run = await runCase(c, rss);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const peaks = readdirSync(folder).filter((name) => name.startsWith(`rss-${c.name}.`)).map((name) => Number(readFileSync(path.join(folder, name), 'utf8')));
  // A run killed at the timeout writes no peak of its own: the last VmHWM read from /proc (Linux).
  const peakMb = Math.max(run.sampledKb, ...peaks) / 1024;
  const output = `${run.stdout}${run.stderr}`;
  const said = c.codes ? [...new Set(c.codes.filter((code) => output.includes(`"${code}"`)))].join(', ') : (c.says?.exec(output)?.[0] ?? '').slice(0, 70);
  if (peakMb >= 300 || run.status === null || (c.codes && said === '') || (c.says && said === '')) failed = true;
  console.log(`${c.name.padEnd(24)} ${String(run.status ?? 'kill').padStart(4)} ${seconds.toFixed(2).padStart(7)} ${peakMb.toFixed(0).padStart(8)}  ${said}`);
}
if (!values.cli) failed = (await serverPass()) || failed;
if (!values.keep) rmSync(folder, { recursive: true, force: true });

/**
 * The built language server over stdio on the cases it checks: for each, the hostile file opened and
 * its diagnostics asked, and meanwhile another file's symbols; the time each answer took, and the
 * server's peak memory (VmHWM) at the end.
 */
async function serverPass() {
  const { TestLspClient } = await import(pathToFileURL(path.join(root, 'out', 'server', 'test', 'protocol', 'lspClient.js')).href);
  const { OTHER_FILE } = await import(pathToFileURL(path.join(root, 'out', 'server', 'test', 'hostileRepos.js')).href);
  const client = await TestLspClient.startInWorkspace(workspace, { textDocument: { diagnostic: {} } }, undefined, {}, { ARCHIPEL_CACHE_DIR: 'off' });
  await client.indexReady();
  console.log(`\nlanguage server: ${'case'.padEnd(24)} ${'other file ms'.padStart(13)} ${'hostile file ms'.padStart(15)}`);
  let worst = 0;
  for (const c of cases.filter((x) => x.file)) {
    const hostile = pathToFileURL(path.join(workspace, c.name, c.file)).href;
    const other = pathToFileURL(path.join(workspace, c.name, OTHER_FILE)).href;
    client.open(hostile, readFileSync(path.join(workspace, c.name, c.file), 'utf8'));
    const started = Date.now();
    const diagnosed = client.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: hostile } }).then(() => Date.now() - started);
    await client.connection.sendRequest('textDocument/documentSymbol', { textDocument: { uri: other } });
    const otherMs = Date.now() - started;
    const hostileMs = await diagnosed;
    client.close(hostile);
    worst = Math.max(worst, otherMs);
    console.log(`                 ${c.name.padEnd(24)} ${String(otherMs).padStart(13)} ${String(hostileMs).padStart(15)}`);
  }
  let peakKb = 0;
  try {
    peakKb = Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${client.process.pid}/status`, 'utf8'))?.[1] ?? 0);
  } catch {
    // not Linux
  }
  await client.stop();
  console.log(`language server: peak ${Math.round(peakKb / 1024)} MB; the other file's slowest answer ${worst} ms (load ${os.loadavg()[0].toFixed(1)})`);
  return peakKb >= 300 * 1024;
}

/** Runs a case's command; its status (null: killed at the timeout), output and the peak VmHWM read while it ran. */
function runCase(c, rss) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--require', preload, cli, ...c.args], {
      cwd: path.join(workspace, c.name),
      env: { ...process.env, ...c.env, ARCHIPEL_TEST_RSS: rss, ARCHIPEL_CACHE_DIR: 'off', ARCHIPEL_LANG: 'en' },
    });
    let stdout = '';
    let stderr = '';
    let sampledKb = 0;
    child.stdout.on('data', (chunk) => (stdout += chunk.length + stdout.length < 64 << 20 ? chunk : ''));
    child.stderr.on('data', (chunk) => (stderr += chunk.length + stderr.length < 64 << 20 ? chunk : ''));
    const sample = setInterval(() => {
      try {
        sampledKb = Math.max(sampledKb, Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1] ?? 0));
      } catch {
        // ended, or not Linux
      }
    }, 250);
    const timer = setTimeout(() => child.kill('SIGKILL'), Number(values.timeout) * 1000);
    child.on('close', (status) => {
      clearInterval(sample);
      clearTimeout(timer);
      resolve({ status, stdout, stderr, sampledKb });
    });
  });
}
process.exit(failed ? 1 : 0);
