// Every `archipel …` line of README.md's tour and of docs/cli.md runs as written (#98), in order, in a copy
// of the example workspace made as the README says (a Git repository with a first commit), with `archipel`
// on the PATH (the built CLI, as the extension's terminals have it). Each ```sh block is one bash script
// (`-eo pipefail`: a line that fails fails the test); a block that starts `archipel serve` runs it in the
// background until it answers, then the block's other lines (its `curl`), then stops it — on a free port
// instead of the page's 5000, the one change made to what the pages write.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';

const cli = path.join(repoRoot, 'dist', 'server', 'cli.js');

/** The ```sh blocks of a page that run `archipel`, each as its lines. */
function blocks(page: string): string[][] {
  const text = readFileSync(path.join(repoRoot, page), 'utf8');
  return [...text.matchAll(/^```sh\n([\s\S]*?)^```/gm)].map((m) => m[1].split('\n').filter((l) => l.trim() !== '')).filter((lines) => lines.some((l) => /^archipel\b/.test(l)));
}

/** A port nobody listens on now. */
async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

const git = (cwd: string, ...args: string[]) => {
  const run = spawnSync('git', ['-c', 'user.name=Reader', '-c', 'user.email=reader@example.invalid', '-c', 'init.defaultBranch=main', '-c', 'commit.gpgsign=false', ...args], { cwd, encoding: 'utf8' });
  assert.equal(run.status, 0, `git ${args.join(' ')}: ${run.stderr}`);
};

/** A copy of the example as the README makes it, and a PATH with `archipel` first. */
function exampleCopy(root: string): { dir: string; env: NodeJS.ProcessEnv } {
  const dir = path.join(root, 'portfolio');
  const tracked = spawnSync('git', ['-C', repoRoot, 'ls-files', '-z', '--', 'examples/portfolio'], { encoding: 'utf8' }).stdout.split('\0').filter(Boolean);
  for (const file of tracked) {
    const to = path.join(dir, path.relative('examples/portfolio', file));
    mkdirSync(path.dirname(to), { recursive: true });
    writeFileSync(to, readFileSync(path.join(repoRoot, file)));
  }
  git(dir, 'init', '-q');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-qm', 'example');
  const bin = path.join(root, 'bin');
  mkdirSync(bin);
  writeFileSync(path.join(bin, 'archipel'), `#!/bin/sh\nexec '${process.execPath}' '${cli}' "$@"\n`);
  chmodSync(path.join(bin, 'archipel'), 0o755);
  const env = { ...process.env, PATH: `${bin}${path.delimiter}${process.env.PATH ?? ''}`, ARCHIPEL_LANG: 'en', HOME: path.join(root, 'home'), GIT_AUTHOR_NAME: 'Reader', GIT_AUTHOR_EMAIL: 'reader@example.invalid', GIT_COMMITTER_NAME: 'Reader', GIT_COMMITTER_EMAIL: 'reader@example.invalid' };
  mkdirSync(env.HOME, { recursive: true });
  return { dir, env };
}

const bash = (script: string, cwd: string, env: NodeJS.ProcessEnv) => spawnSync('bash', ['--noprofile', '--norc', '-eo', 'pipefail', '-c', script], { cwd, env, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });

/** Runs a page's blocks in order; `serve` blocks as said above. */
async function runPage(page: string, dir: string, env: NodeJS.ProcessEnv): Promise<number> {
  let lines = 0;
  for (const block of blocks(page)) {
    const serveAt = block.findIndex((l) => /^archipel serve\b/.test(l));
    if (serveAt < 0) {
      const run = bash(block.join('\n'), dir, env);
      assert.equal(run.status, 0, `${page}: ${block.join(' ⏎ ')}\nexit ${run.status}\n${run.stdout.slice(-1500)}\n${run.stderr.slice(-1500)}`);
      lines += block.length;
      continue;
    }
    const port = String(await freePort());
    const onPort = (line: string) => line.replace(/--port 5000\b/, `--port ${port}`).replace(/localhost:5000\b/, `localhost:${port}`);
    const before = block.slice(0, serveAt);
    if (before.length > 0) assert.equal(bash(before.join('\n'), dir, env).status, 0, `${page}: ${before.join(' ⏎ ')}`);
    const server = spawn('bash', ['--noprofile', '--norc', '-c', `exec ${onPort(block[serveAt])}`], { cwd: dir, env, stdio: ['ignore', 'pipe', 'pipe'] });
    let said = '';
    server.stdout.on('data', (d: Buffer) => (said += d.toString()));
    server.stderr.on('data', (d: Buffer) => (said += d.toString()));
    try {
      // Until it answers (a deadline against a hang, not a timing check).
      const deadline = Date.now() + 240_000;
      for (;;) {
        const up = spawnSync('curl', ['-s', '-o', '/dev/null', '-w', '%{http_code}', `http://127.0.0.1:${port}/health`], { encoding: 'utf8' });
        if (up.stdout === '200') break;
        assert.equal(server.exitCode, null, `${page}: ${block[serveAt]} ended: ${said}`);
        assert.ok(Date.now() < deadline, `${page}: ${block[serveAt]} never answered: ${said}`);
        await new Promise((resolve) => setTimeout(resolve, 250));
      }
      const after = block.slice(serveAt + 1).map(onPort);
      if (after.length > 0) {
        const run = bash(after.join('\n'), dir, env);
        assert.equal(run.status, 0, `${page}: ${after.join(' ⏎ ')}\n${run.stderr}`);
        if (after.some((l) => l.startsWith('curl'))) assert.match(run.stdout, /"features"/, run.stdout.slice(0, 500));
      }
    } finally {
      server.kill('SIGTERM');
      await new Promise((resolve) => (server.exitCode !== null ? resolve(undefined) : server.once('exit', resolve)));
    }
    lines += block.length;
  }
  return lines;
}

describe('the archipel lines of README.md and docs/cli.md, run as written in a copy of the example (#98)', function () {
  this.timeout(900_000);

  it("README.md's tour: every block in order", async function () {
    const tree = makeTree({});
    try {
      const { dir, env } = exampleCopy(tree.root);
      const ran = await runPage('README.md', dir, env);
      assert.ok(ran >= 12, `${ran} lines`);
      // What the lines say they do, done.
      assert.equal((JSON.parse(readFileSync(path.join(dir, 'archipel.sarif'), 'utf8')) as { version: string }).version, '2.1.0');
      assert.ok(existsSync(path.join(dir, 'docs', 'adr', '0008-serve-the-model-with-triton.md')));
      assert.match(readFileSync(path.join(dir, 'docs', 'adr', '0002-serve-the-model-with-onnx-runtime.md'), 'utf8'), /^status: superseded by ADR-0008$/m);
      assert.ok(existsSync(path.join(dir, 'anonymiser', 'anonymised', 'crossing.blurred.jpg')));
      assert.match(readFileSync(path.join(dir, 'workflow.yaml'), 'utf8'), /kind: Workflow/);
    } finally {
      tree.remove();
    }
  });

  it("docs/cli.md's examples", async function () {
    const tree = makeTree({});
    try {
      const { dir, env } = exampleCopy(tree.root);
      const ran = await runPage('docs/cli.md', dir, env);
      assert.ok(ran >= 6, `${ran} lines`);
      assert.match(readFileSync(path.join(dir, 'system.svg'), 'utf8'), /^(<\?xml[^>]*>\s*)?<svg[\s>]/, 'an SVG for -o system.svg');
    } finally {
      tree.remove();
    }
  });
});
