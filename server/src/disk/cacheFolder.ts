/**
 * The user's cache folder for what only makes Archipel faster (never state): V8 code caches of the
 * bundles (startup/codeCache.ts), onnxruntime's optimised models (engines/onnx), the pipeline parse
 * cache, the stores of disk/kept.ts. One place says where it is, how a file in it is named, replaced and swept.
 */
import { mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startupTuningOff } from './switch';

/**
 * Where Archipel keeps caches that only make it faster (never state): `ARCHIPEL_CACHE_DIR` when
 * set (`off` disables them), else the user's cache folder (XDG_CACHE_HOME or ~/.cache, LOCALAPPDATA
 * on Windows) + `archipel`. None at all with ARCHIPEL_STARTUP_TUNING=off (switch.ts).
 */
export function cacheDirectory(env: NodeJS.ProcessEnv = process.env): string | undefined {
  const configured = env.ARCHIPEL_CACHE_DIR;
  if (configured === 'off' || startupTuningOff(env)) return undefined;
  if (configured) return configured;
  const base = process.platform === 'win32' ? (env.LOCALAPPDATA ?? path.join(os.homedir(), 'AppData', 'Local')) : (env.XDG_CACHE_HOME ?? path.join(os.homedir(), '.cache'));
  return path.join(base, 'archipel');
}

/**
 * 64 bits of a string, as 16 hexadecimal digits: the one name of a cache file (disk/kept.ts keptPath and
 * derivedCachePath), not a secret nor a defence (the folder is
 * the user's, its files only speed, each checked by what reads it). Two 32-bit multiply-xorshift lanes over the UTF-16
 * code units (bryc's cyrb53 without its cut to 53 bits). It was node:crypto's SHA-256: loading node:crypto at every
 * start of the CLI (its code cache's file is named here) cost ~3 ms and ~190 page faults (issue #68).
 */
export function keptName(text: string): string {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ unit, 2654435761);
    h2 = Math.imul(h2 ^ unit, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (h2 >>> 0).toString(16).padStart(8, '0') + (h1 >>> 0).toString(16).padStart(8, '0');
}

/**
 * The file in `cacheDir/<folder>` that keeps something derived from `source` (a V8 code cache, an
 * optimised model): named after the source — its base name and a hash of its path and `variant`,
 * so that files of the same name elsewhere, and variants in use side by side, keep their own —
 * and keyed by its size and modification time and by `dependsOn`, whatever else the derived
 * content depends on (versions, the CPU), whose older values removeEarlierVersions prunes.
 */
export function derivedCachePath(source: string, cacheDir: string, folder: string, extension: string, dependsOn: readonly unknown[], variant = ''): string {
  const stat = statSync(source);
  const identity = variant === '' ? path.resolve(source) : `${path.resolve(source)}\0${variant}`;
  const name = `${path.basename(source, path.extname(source))}-${keptName(identity)}-${keptName(JSON.stringify([stat.size, stat.mtimeMs, ...dependsOn]))}${extension}`;
  return path.join(cacheDir, folder, name);
}

/**
 * Once `cacheFile` (a derivedCachePath) is written: the copies made for earlier versions of the
 * same source are dead weight, one per source is kept. Files still being written by another
 * process (temporary names) are left alone; a copy that cannot be removed stays.
 */
export function removeEarlierVersions(cacheFile: string): void {
  const current = path.basename(cacheFile);
  // `<name>-<path hash>-<version hash><extension>`: the same source up to the last '-'; a name of
  // another length is not a finished copy.
  const prefix = current.slice(0, current.lastIndexOf('-') + 1);
  const dir = path.dirname(cacheFile);
  for (const name of readdirSync(dir)) {
    if (name === current || name.length !== current.length || !name.startsWith(prefix) || path.extname(name) !== path.extname(current)) continue;
    try {
      rmSync(path.join(dir, name), { force: true });
    } catch {
      // Another process may be using it: it only takes room.
    }
  }
}

/** Distinguishes this process's temporary files from one another's (several writes of one file in one process). */
let writes = 0;

/**
 * Replaces a cache file whole — the one way every kept file is written (disk/kept.ts, the code caches, the Prometheus
 * stores): `data` written to a temporary file beside it (its folder made, the user's alone; a new name, `wx`:
 * `<file>.<pid>-<n>.tmp`, whose pid sweepCacheFolder reads back), then renamed over it, so that a reader sees the old
 * file or the new one, never a part. False when it could not be written (a full disk, a read-only folder): the previous
 * file stands, and the temporary one is removed (or, if even that fails, left to the sweep).
 */
export function replaceCacheFile(file: string, data: string | NodeJS.ArrayBufferView): boolean {
  const temporary = `${file}.${process.pid}-${(writes++).toString(36)}.tmp`;
  try {
    mkdirSync(path.dirname(file), { recursive: true, mode: 0o700 });
    writeFileSync(temporary, data, { mode: 0o600, flag: 'wx' });
    renameSync(temporary, file);
    return true;
  } catch {
    try {
      rmSync(temporary, { force: true });
    } catch {
      // Left for sweepCacheFolder.
    }
    return false;
  }
}

/** A kept file no run has written for this long is removed (a workspace deleted, a temporary folder checked once). */
export const STALE_MS = 30 * 24 * 3600 * 1000;
/** A temporary file older than this whose writer is not running was left by a run that was killed. */
export const ABANDONED_MS = 10 * 60 * 1000;

/** Whether the process `pid` is running (one of another user, which this one may not signal, counts as running). */
function running(pid: number): boolean {
  if (!Number.isSafeInteger(pid) || pid <= 0) return false;
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** The writer's pid in a temporary file's name (`….<pid>-<n>.tmp`, `….<pid>.tmp`); NaN when there is none. */
function writerOf(name: string): number {
  const match = /\.(\d{1,10})(?:-[0-9a-z]{1,16})?\.tmp$/.exec(name);
  return match ? Number(match[1]) : Number.NaN;
}

/**
 * Sweeps a folder of the cache: files ending in one of `suffixes` that no run has written for STALE_MS, and temporary
 * files (`*.tmp`) older than ABANDONED_MS whose writer (the pid in their name) is not running — a SIGKILL between the
 * write and the rename leaves them, 0 bytes or a part. A live process's temporary file is never touched. Only room is at
 * stake: any failure is ignored.
 */
export function sweepCacheFolder(folder: string, suffixes: readonly string[], now = Date.now()): void {
  let names: string[];
  try {
    names = readdirSync(folder);
  } catch {
    return;
  }
  for (const name of names) {
    const temporary = name.endsWith('.tmp');
    if (!temporary && !suffixes.some((suffix) => name.endsWith(suffix))) continue;
    const file = path.join(folder, name);
    try {
      const age = now - statSync(file).mtimeMs;
      if (temporary ? age > ABANDONED_MS && !running(writerOf(name)) : age > STALE_MS) rmSync(file, { force: true });
    } catch {
      // Gone already, or not ours to remove.
    }
  }
}

/** The file the CLI's chunks are read from (esbuild.mjs CLI_PACK, startup/codeCache.ts): beside them, not on disk one by one. */
const CLI_PACK = 'cliMain-parts.pack';

/**
 * The build a module runs from, for what a cache stores of its work (a rebuilt module must not trust what an older
 * build stored): the module file's name (in the CLI a chunk of its split bundle, named by esbuild after its content
 * and the chunks it imports) with the size and modification time of the files it is read from — itself, or the pack
 * the CLI's chunks are read from (a chunk has no file of its own) — and of `also` (e.g. a lazy bundle it loads).
 * Undefined when none of them can be found: nothing is to be kept then.
 */
export function buildIdentity(moduleFile: string, also: readonly string[] = []): string | undefined {
  const parts: string[] = [path.basename(moduleFile)];
  for (const file of [moduleFile, path.join(path.dirname(moduleFile), CLI_PACK), ...also]) {
    try {
      const stats = statSync(file);
      parts.push(`${path.basename(file)}:${stats.size}:${stats.mtimeMs}`);
    } catch {
      // Not there in this layout.
    }
  }
  return parts.length > 1 ? parts.join('\0') : undefined;
}
