// Hostile repositories (issue #50, server/test/hostileRepos.ts), through the built CLI and the built
// language server over stdio: each case ends with its limit said, the ordinary file of its repository
// still reported, the process's peak memory under 300 MB, and nothing opened, created or removed in
// the folder beside the workspace the repositories point at (strace, when installed: the Debian
// package of scripts/lib/system-deps.mjs's HOSTILE_PACKAGES). Responsiveness is proven by order where
// it can be (file-budget.test.ts: a request is answered between two checks of a slow file); here the
// bound on the second file's answer is a bound against hangs, scaled by the machine's load, never a
// measure of speed (bench/ and scripts/hostile-repos.mjs print the times).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-types';
import { defaultSettings } from '../../../src/settings';
import { repoRoot } from '../../helpers';
import { buildHostileRepos, OTHER_FILE, OTHER_PROBLEM, type HostileCase } from '../../hostileRepos';
import { makeTree } from '../../tempdir';
import { TestLspClient } from '../lspClient';

const MAX_RSS_KB = 300 * 1024;
const posix = process.platform !== 'win32';
const strace = posix && spawnSync('strace', ['-V'], { stdio: 'ignore' }).status === 0;

/** Records each Node process's peak resident set at its exit (kB), in `<ARCHIPEL_TEST_RSS>.<pid>`. */
const preload = "process.on('exit', () => { try { require('fs').writeFileSync(`${process.env.ARCHIPEL_TEST_RSS}.${process.pid}`, String(process.resourceUsage().maxRSS)); } catch {} });\n";

/** The peak resident sets the processes of a run wrote (kB), by pid. */
function peaks(prefix: string): number[] {
  const folder = path.dirname(prefix);
  return readdirSync(folder)
    .filter((name) => name.startsWith(`${path.basename(prefix)}.`))
    .map((name) => Number(readFileSync(path.join(folder, name), 'utf8')));
}

/**
 * The paths a traced run opened, created, renamed or removed (strace's file calls; stat and readlink
 * left out: they read no content), each as named and, for an open, as the descriptor it gave resolves
 * (`strace -y`: a link followed to a file outside shows there).
 */
function touched(log: string): string[] {
  const paths: string[] = [];
  for (const line of log.split('\n')) {
    const call = /\b(open|openat|creat|rename|renameat2?|unlink|unlinkat|mkdir|mkdirat|truncate|link|linkat|symlink|symlinkat)\((?:AT_FDCWD(?:<[^>]*>)?, |\d+<[^>]*>, |-?\d+, )?"([^"]*)"/.exec(line);
    if (!call) continue;
    paths.push(call[2]);
    const opened = /\) = \d+<([^>]*)>$/.exec(line);
    if (opened) paths.push(opened[1]);
  }
  return paths;
}

interface CliRun {
  status: number | null;
  stdout: string;
  stderr: string;
  peakKb: number;
  touched: string[];
}

/** `archipel <args>` in `cwd` as a terminal would, with its peak memory (and file calls when strace is there). */
function runCli(c: HostileCase, cwd: string, scratch: string): Promise<CliRun> {
  const rss = path.join(scratch, `rss-${c.name}`);
  const trace = path.join(scratch, `strace-${c.name}.log`);
  const node = [process.execPath, '--require', path.join(scratch, 'preload.js'), path.join(repoRoot, 'dist', 'server', 'cli.js'), ...c.args];
  const command = strace ? ['strace', '-f', '-qq', '-y', '-e', 'trace=%file', '-o', trace, ...node] : node;
  const env = { ...process.env, ...c.env, ARCHIPEL_TEST_RSS: rss, ARCHIPEL_CACHE_DIR: 'off', ARCHIPEL_LANG: 'en', NO_COLOR: '1' };
  return new Promise((resolve, reject) => {
    const child = spawn(command[0], command.slice(1), { cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr, peakKb: Math.max(0, ...peaks(rss)), touched: strace && existsSync(trace) ? touched(readFileSync(trace, 'utf8')) : [] }));
  });
}

describe('hostile repositories (#50): the CLI and the language server', function () {
  this.timeout(600_000);
  const tree = makeTree({});
  let built: Awaited<ReturnType<typeof buildHostileRepos>>;
  const scratch = path.join(tree.root, 'scratch');

  before(async function () {
    if (!posix) this.skip();
    built = await buildHostileRepos(tree.root);
    assert.deepEqual(built.cases.map((c) => c.name), caseNames());
    mkdirSync(scratch, { recursive: true });
    writeFileSync(path.join(scratch, 'preload.js'), preload);
  });

  after(() => tree.remove());

  describe('archipel (the CLI)', () => {
    // Built in before(): the cases are named here from the corpus's list, the same for every run.
    for (const name of caseNames()) {
      it(name, async () => {
        const c = built.cases.find((x) => x.name === name)!;
        const cwd = path.join(built.workspace, c.name);
        const run = await runCli(c, cwd, scratch);
        const output = `${run.stdout}${run.stderr}`;
        assert.doesNotMatch(output, /internal error|RangeError|Maximum call stack/, output.slice(0, 2000));
        if (c.args[0] === 'check') {
          assert.equal(run.status, 1, output.slice(0, 2000));
          const problems = JSON.parse(run.stdout) as { file: string; code: string }[];
          // The ordinary file of the repository is reported whatever the hostile one does.
          assert.ok(problems.some((p) => p.file === OTHER_FILE && p.code === OTHER_PROBLEM), `${OTHER_FILE} not reported: ${output.slice(0, 2000)}`);
          for (const code of c.codes ?? []) assert.ok(problems.some((p) => p.file === c.file && p.code === code), `${c.file}: no ${code} in ${JSON.stringify(problems.filter((p) => p.file !== OTHER_FILE)).slice(0, 1500)}`);
        } else {
          assert.match(output, c.says!, output.slice(0, 2000));
          if (c.args[0] === 'exp') assert.ok((JSON.parse(run.stdout) as { kind: string }[]).some((row) => row.kind === 'workspace'), 'the workspace row is listed beside the store that failed');
        }
        assert.ok(run.peakKb > 0 && run.peakKb < MAX_RSS_KB, `peak RSS ${Math.round(run.peakKb / 1024)} MB`);
        const outside = run.touched.filter((p) => path.resolve(cwd, p).startsWith(built.outside + path.sep) || p === '/etc/shadow');
        assert.deepEqual(outside, [], 'opened, created or removed outside the workspace');
      });
    }
  });

  describe('the language server over stdio', () => {
    let client: TestLspClient;
    const rss = () => path.join(scratch, 'rss-server');

    before(async function () {
      if (!posix) this.skip();
      const wrap = strace ? ['strace', '-f', '-qq', '-y', '-e', 'trace=%file', '-o', path.join(scratch, 'strace-server.log')] : [];
      client = await TestLspClient.startInWorkspace(built.workspace, { textDocument: { diagnostic: {}, publishDiagnostics: { versionSupport: true } } }, undefined, {}, { NODE_OPTIONS: `--require ${path.join(scratch, 'preload.js')}`, ARCHIPEL_TEST_RSS: rss(), ARCHIPEL_CACHE_DIR: 'off' }, wrap);
      await client.indexReady();
    });

    after(async () => {
      await client?.stop();
    });

    /**
     * A hang, not a slow answer, fails: the contract (#67, docs/security.md) is that another file waits one
     * per-file budget at most (archipel.validation.fileBudgetMs), never that it waits a given time. The
     * first case also pays the server's first request (the map and the threats built cold): it took
     * 2.06 s at load 1.5 in a fresh clone, past the 2 s this bound once was.
     */
    const hangBoundMs = () => Math.max(defaultSettings.validation.fileBudgetMs, 2000 * (os.loadavg()[0] / os.cpus().length));

    for (const name of caseNames().filter((n) => !/^(params|mlflow)-/.test(n))) {
      it(name, async () => {
        const c = built.cases.find((x) => x.name === name)!;
        const hostile = pathToFileURL(path.join(built.workspace, c.name, c.file!)).href;
        const other = pathToFileURL(path.join(built.workspace, c.name, OTHER_FILE)).href;
        client.open(hostile, readFileSync(path.join(built.workspace, c.name, c.file!), 'utf8'));
        const started = Date.now();
        const diagnosed = client.connection.sendRequest<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: hostile } });
        // Asked while the hostile file is checked: another file's symbols, then its diagnostics.
        const symbols = await client.connection.sendRequest<unknown[]>('textDocument/documentSymbol', { textDocument: { uri: other } });
        const answeredMs = Date.now() - started;
        const others = await client.connection.sendRequest<{ items: Diagnostic[] }>('textDocument/diagnostic', { textDocument: { uri: other } });
        const own = await diagnosed;
        client.close(hostile);
        assert.ok(Array.isArray(symbols) && symbols.length > 0, 'the other file has its symbols');
        assert.ok(answeredMs < hangBoundMs(), `the other file waited ${answeredMs} ms (bound ${Math.round(hangBoundMs())} ms at load ${os.loadavg()[0].toFixed(1)})`);
        assert.ok(others.items.some((d) => d.code === OTHER_PROBLEM), `${OTHER_FILE}: ${JSON.stringify(others.items.map((d) => d.code))}`);
        for (const code of c.codes ?? []) assert.ok(own.items.some((d) => d.code === code), `${c.file}: no ${code} in ${JSON.stringify(own.items.map((d) => d.code))}`);
        assert.ok(!own.items.some((d) => d.code === 'internal-error'), JSON.stringify(own.items.filter((d) => d.code === 'internal-error')));
      });
    }

    it('the server stayed under 300 MB through every case, and opened, created or removed nothing outside the workspace', async () => {
      await client.stop();
      const kb = peaks(rss());
      assert.ok(kb.length > 0 && kb.every((k) => k < MAX_RSS_KB), `peak RSS ${kb.map((k) => Math.round(k / 1024)).join(', ')} MB`);
      const log = path.join(scratch, 'strace-server.log');
      if (strace) assert.deepEqual(touched(readFileSync(log, 'utf8')).filter((p) => p.startsWith(built.outside + path.sep) || p === '/etc/shadow'), []);
    });
  });
});

/** The cases' names, known before they are built (mocha names its tests first). */
function caseNames(): string[] {
  return [
    'envfile-dev-zero', 'dotenv-link-dev-zero', 'envfile-outside', 'envfile-link-outside', 'envfile-fifo', 'envfile-huge', 'compose-nesting', 'compose-interpolation',
    'promql-nesting', 'promql-chain', 'alert-template', 'dockerfile-args', 'json-nesting', 'yaml-nesting', 'kustomize-diamond',
    'params-link-dev-zero', 'params-link-outside', 'mlflow-dev-zero', 'mlflow-not-a-database', 'mlflow-foreign-schema', 'mlflow-oversized', 'mlflow-long-value',
  ];
}
