// What the serve-load bench and the soak share: the forest both services serve (trained by
// bench/serve/train_forest.py into bench/.data/serve/), starting `archipel serve` and the Flask
// peer on free loopback ports, and sampling a process tree's resident memory.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { ensureSystemDeps } from '../../scripts/lib/system-deps.mjs';

export const PYTHON = '/usr/bin/python3';
const PEER_PACKAGES = ['python3-flask', 'gunicorn', 'python3-sklearn', 'python3-pandas', 'python3-onnx'];

/** Installs the peer's Debian packages when one is missing (as the other benches do). */
/** Whether the Flask peer (and the forest's trainer) is installed. */
export function peerInstalled() {
  return spawnSync(PYTHON, ['-c', 'import flask, sklearn, pandas, onnx'], { stdio: 'ignore' }).status === 0 && existsSync('/usr/bin/gunicorn');
}

export function ensurePeer(progress) {
  if (peerInstalled()) return;
  progress(`installing ${PEER_PACKAGES.join(', ')} (Debian) for the Flask peer`);
  ensureSystemDeps({ packages: PEER_PACKAGES, quiet: true });
}

/** The forest (model.onnx, model-tensor.onnx, model.pkl) and rows with scikit-learn's probabilities; trained once, then kept. */
export function forest(root, progress) {
  const dir = path.join(root, 'bench', '.data', 'serve');
  if (!['model.onnx', 'model-tensor.onnx', 'model.pkl', 'rows.json'].every((f) => existsSync(path.join(dir, f)))) {
    progress('training the forest (bench/serve/train_forest.py)');
    const r = spawnSync(PYTHON, [path.join(root, 'bench', 'serve', 'train_forest.py'), dir], { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`train_forest.py failed (${r.status}): ${r.stderr}`);
  }
  const { rows, proba } = JSON.parse(readFileSync(path.join(dir, 'rows.json'), 'utf8'));
  return { dir, onnx: path.join(dir, 'model.onnx'), tensorOnnx: path.join(dir, 'model-tensor.onnx'), pickle: path.join(dir, 'model.pkl'), rows, proba };
}

/** A free loopback port (bound then released). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/** Polls `url` until it answers 200 (deadline `ms`). */
export async function waitHealthy(url, ms = 60_000) {
  const deadline = Date.now() + ms;
  for (;;) {
    try {
      if ((await fetch(url)).status === 200) return;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`${url} did not answer 200 within ${ms / 1000} s`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Starts `archipel serve MODEL` on a free port; resolves when /health answers 200. */
export async function startArchipel(root, model, args = []) {
  const port = await freePort();
  const child = spawn(process.execPath, [path.join(root, 'dist', 'server', 'cli.js'), 'serve', model, '--port', String(port), ...args], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ARCHIPEL_LANG: 'en' },
  });
  const output = collect(child);
  const url = `http://127.0.0.1:${port}`;
  await Promise.race([waitHealthy(`${url}/health`), exitedEarly(child, output)]);
  // `--workers N` (one per core by default): the primary and its workers.
  return { url, child, pids: () => [child.pid, ...childrenOf(child.pid)], output, stop: () => stop(child) };
}

/** Starts the Flask peer behind gunicorn with `workers` sync workers; resolves when /health answers 200. */
export async function startFlask(root, pickle, workers) {
  const port = await freePort();
  const child = spawn('/usr/bin/gunicorn', ['--workers', String(workers), '--bind', `127.0.0.1:${port}`, '--chdir', path.join(root, 'bench', 'serve'), '--log-level', 'warning', 'flask_app:app'], {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, ARCHIPEL_BENCH_MODEL: pickle, PYTHONDONTWRITEBYTECODE: '1' },
    detached: false,
  });
  const output = collect(child);
  const url = `http://127.0.0.1:${port}`;
  await Promise.race([waitHealthy(`${url}/health`), exitedEarly(child, output)]);
  return { url, child, pids: () => [child.pid, ...childrenOf(child.pid)], output, stop: () => stop(child) };
}

function collect(child) {
  const output = { text: '' };
  child.stdout.on('data', (c) => (output.text += c));
  child.stderr.on('data', (c) => (output.text += c));
  return output;
}

function exitedEarly(child, output) {
  return new Promise((_, reject) => child.once('exit', (code) => reject(new Error(`exited (${code}) before answering /health:\n${output.text}`))));
}

/** SIGTERM, then waits for the exit (SIGKILL after 30 s). */
export function stop(child) {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), 30_000);
    child.once('exit', (code) => {
      clearTimeout(timer);
      resolve(code);
    });
    child.kill('SIGTERM');
  });
}

/** The direct children of a process (gunicorn's workers), from /proc. */
export function childrenOf(pid) {
  const children = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid === pid) children.push(Number(entry));
    } catch {
      // the process ended while listed
    }
  }
  return children;
}

/** Resident memory (bytes) of the processes, summed; a process that ended counts 0. */
export function rssOf(pids) {
  let total = 0;
  for (const pid of pids) {
    try {
      const match = /^VmRSS:\s+(\d+) kB$/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
      if (match) total += Number(match[1]) * 1024;
    } catch {
      // ended
    }
  }
  return total;
}

/** Samples the summed RSS of `pids()` every `ms`; `stop()` answers the samples. */
export function sampleRss(pids, ms = 100) {
  const samples = [rssOf(pids())];
  const timer = setInterval(() => samples.push(rssOf(pids())), ms);
  return {
    stop() {
      clearInterval(timer);
      samples.push(rssOf(pids()));
      return samples;
    },
  };
}

export const mb = (bytes) => `${(bytes / 2 ** 20).toFixed(0)} MB`;
