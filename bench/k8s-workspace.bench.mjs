// A large workspace: 2,000 manifest files holding 10,000 Kubernetes objects.
// - the CLI checking all of it (`archipel check DIR --format json`), as resources per second;
// - the language server indexing it cold at start-up, and its memory once indexed.
// There is no peer that does the same job offline, so the "peer" column holds the issue's
// targets (10,000 resources/s for the CLI, 3 s to index 2,000 files): the ratio is the headroom.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { dataDir, generateK8sFile } from './lib/fixtures.mjs';
import { LspClient } from './lib/lsp.mjs';
import { median } from './lib/stats.mjs';

export const title = 'Large workspace — 2,000 files, 10,000 Kubernetes objects';

const FULL_FILES = 2000;
const DOCS_PER_FILE = 5;

function workspace(FILES) {
  const dir = path.join(dataDir, `workspace-${FILES}`);
  const stamp = path.join(dir, '.complete');
  // A repository of its own, as such a workspace is: the CLI takes a checked path's repository
  // (the nearest folder holding .git) as its context, and without this mark it would be this
  // project, whose own manifests would be indexed too.
  const repository = () => mkdirSync(path.join(dir, '.git'), { recursive: true });
  if (existsSync(stamp)) {
    repository();
    return dir;
  }
  rmSync(dir, { recursive: true, force: true });
  // One generated stream of objects (a few with deliberate errors), dealt out five per file.
  const { text } = generateK8sFile({ documents: FILES * DOCS_PER_FILE, seed: 2000 });
  const documents = text.split(/^---\n/m).filter((d) => d.trim() !== '');
  for (let i = 0; i < FILES; i++) {
    const folder = path.join(dir, `team-${i % 20}`, `app-${i}`);
    mkdirSync(folder, { recursive: true });
    writeFileSync(path.join(folder, 'manifests.yaml'), documents.slice(i * DOCS_PER_FILE, (i + 1) * DOCS_PER_FILE).join('---\n'));
  }
  repository();
  writeFileSync(stamp, new Date().toISOString());
  return dir;
}

/** Runs the `archipel` command (dist/server/cli.js, as installed) in a child process that reports its peak memory, and its CPU time and minor page faults until its exit event. */
function runCli(root, dir) {
  const wrapper = `process.argv = [process.argv[0], ${JSON.stringify(path.join(root, 'dist', 'server', 'cli.js'))}, 'check', ${JSON.stringify(dir)}, '--format', 'json'];
process.on('exit', () => { const u = process.resourceUsage(); process.stderr.write(JSON.stringify({ code: process.exitCode ?? 0, maxRssKb: u.maxRSS, cpuMs: (u.userCPUTime + u.systemCPUTime) / 1000, minorFaults: u.minorPageFault }) + '\\n'); });
require(process.argv[1]);`;
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, ['-e', wrapper], { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (c) => (stderr += c));
    child.on('exit', () => {
      const ms = performance.now() - started;
      const line = stderr.trim().split('\n').pop() ?? '';
      try {
        resolve({ ms, ...JSON.parse(line) });
      } catch {
        reject(new Error(`the CLI did not report: ${stderr.slice(-2000)}`));
      }
    });
  });
}

function rssKb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
}

async function indexOnce(root, dir) {
  const client = LspClient.start({ name: 'archipel', script: path.join(root, 'dist', 'server', 'server.js'), args: ['--stdio'] });
  let ready;
  const indexed = new Promise((resolve) => (ready = resolve));
  client.connection.onNotification('archipel/indexStatus', (s) => {
    if (s.state === 'ready') ready(s);
  });
  try {
    const started = performance.now();
    const folder = pathToFileURL(dir).href;
    await client.request('initialize', { processId: process.pid, rootUri: folder, workspaceFolders: [{ uri: folder, name: 'bench' }], capabilities: {} }, 60_000);
    await client.notify('initialized', {});
    const status = await Promise.race([indexed, new Promise((_, reject) => setTimeout(() => reject(new Error('index not ready within 120 s')), 120_000))]);
    const ms = performance.now() - started;
    return { ms, scanMs: status.scanMs, files: status.files, objects: status.objects, rssKb: rssKb(client.child.pid) };
  } finally {
    await client.stop();
  }
}

export async function run(context) {
  // --tiny: 40 files (a workspace of its own, as the full one).
  const FILES = context.tiny ? 40 : FULL_FILES;
  context.progress(`generating ${FILES} files (once, cached in bench/.data/)`);
  const dir = workspace(FILES);
  const runs = Math.max(1, Math.min(context.runs, 3));
  const cli = [];
  const index = [];
  for (let i = 0; i < runs; i++) {
    context.progress(`run ${i + 1}/${runs}: CLI`);
    cli.push(await runCli(context.root, dir));
    context.progress(`run ${i + 1}/${runs}: server index`);
    index.push(await indexOnce(context.root, dir));
  }
  const objects = FILES * DOCS_PER_FILE;
  const cliMs = median(cli.map((c) => c.ms));
  const indexMs = median(index.map((r) => r.ms));
  const rate = Math.round(objects / (cliMs / 1000));
  return {
    peer: 'target (issue 3)',
    rows: [
      { name: `CLI: check ${objects} objects in ${FILES} files (median of ${runs})`, ours: cliMs, peer: (objects / 10_000) * 1000, cpuMs: { ours: median(cli.map((c) => c.cpuMs)), peer: NaN }, faults: { ours: median(cli.map((c) => c.minorFaults)), peer: NaN } },
      { name: `server: index ${FILES} files cold, start → ready`, ours: indexMs, peer: 3000 },
    ],
    notes: [
      `CLI throughput: ${rate.toLocaleString('en')} resources/s (target 10,000/s); whole process including Node start-up and schema loading, the workspace being its own repository (the CLI's context); peak RSS ${Math.round(Math.max(...cli.map((c) => c.maxRssKb)) / 1024)} MB; exit code ${cli[0].code} (the generated files carry deliberate errors).`,
      `server index: ${index[0].files} files, ${index[0].objects} objects; scan ${Math.round(median(index.map((r) => r.scanMs)))} ms of the ${Math.round(indexMs)} ms; RSS once indexed ${Math.round(median(index.map((r) => r.rssKb)) / 1024)} MB.`,
      'samples (ms) — CLI [' + cli.map((c) => Math.round(c.ms)).join(', ') + ']; index [' + index.map((r) => Math.round(r.ms)).join(', ') + ']',
    ],
  };
}
