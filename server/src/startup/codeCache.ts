import { isAscii } from 'node:buffer';
import { appendFileSync, closeSync, fstatSync, openSync, readSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import vm from 'node:vm';
import { cacheDirectory, derivedCachePath, removeEarlierVersions, replaceCacheFile, sweepCacheFolder } from '../disk/cacheFolder';
import { appliedV8Flags, beforeV8FlagsChange } from './v8Tuning';

/** Set on globalThis by workspace/heapPacer.ts when the process changes its V8 flags (the same Symbol.for key). */
const V8_FLAGS_CHANGED = Symbol.for('archipel.v8FlagsChanged');
const v8FlagsChanged = (): boolean => (globalThis as { [V8_FLAGS_CHANGED]?: boolean })[V8_FLAGS_CHANGED] === true;

/**
 * A store's key suffix for a cache made when a check of many files raised its V8 flags (v8Tuning.ts
 * raiseInterruptBudget), before they changed: it holds what loading compiled, not what the run went on to compile, so
 * it serves until a run that ends under the start's flags (a one-file check) makes the whole one in its place.
 */
const EARLY = '\0early';
/** Set while the caches are saved before the flags change. */
let beforeChange = false;

export type CodeCacheOutcome = 'hit' | 'created' | 'rejected' | 'off';

export interface CodeCacheOptions {
  /**
   * Another cache of the same file for another use of it (say, another command of the CLI): each
   * variant has its own cache file, and they do not replace each other.
   */
  variant?: string;
  /**
   * When the cache is missing or refused, write it once the current task is over (the default),
   * or leave it to the caller (`save`), for a module whose real work comes later: a language
   * server's first requests, a command's whole run.
   */
  saveAfterLoad?: boolean;
  /**
   * The files `file` requires that are parts of it (a bundle split at its dynamic imports, whose
   * chunks are `./cliMain-<hash>.js` beside it): each is loaded the same way when first required,
   * through a cache of its own (same variant), and `save` writes theirs too.
   */
  parts?: RegExp;
  /**
   * The file the parts are packed in (esbuild.mjs: `cliMain-parts.pack` beside cliMain.js): a part it
   * holds is read from it, any other from its own file. One file for the dozens of chunks a split
   * bundle has, so that the package holds few files (vsce's bound) and a start opens one. The caches
   * of the file and of the parts the pack holds are one file too (a CacheStore): a check that loads
   * 70 chunks opens one cache instead of 70.
   */
  pack?: string;
}

/**
 * A pack of modules (esbuild.mjs writes it): a first line, the JSON index `{ "<name>": [offset, length] }`
 * (offsets counted from the end of that line), then the modules' sources one after the other.
 */
interface Pack {
  file: string;
  start: number;
  index: Record<string, [number, number]>;
  /** The pack, open from the first module read to the process's end: a check loads dozens of its modules, one open for all. */
  fd?: number;
}

// The same parameters as Node's CommonJS wrapper, so the file runs as it would under require().
const WRAP_START = '(function (exports, require, module, __filename, __dirname) {';
const WRAP_END = '\n})';

/**
 * One buffer the modules' sources, their caches and the index lines are read into, each in turn: a source becomes a
 * string at once, a cache is read by V8 while its script compiles (vm.Script keeps no reference to it), an index line
 * is parsed at once. A check loads some 70 modules, ~1.4 MB of sources and caches, each read into fresh memory before
 * (~150 page faults, issue #68). Grown as needed (the largest module or cache, ~200 KB), kept for the process.
 */
let scratch = Buffer.allocUnsafeSlow(0);

/** The scratch buffer, at least `length` bytes long, its first `keep` bytes kept when it grows. */
function scratchOf(length: number, keep = 0): Buffer {
  if (scratch.length < length) {
    const grown = Buffer.allocUnsafeSlow(Math.max(length, 2 * scratch.length, 1 << 16));
    scratch.copy(grown, 0, 0, keep);
    scratch = grown;
  }
  return scratch;
}

/**
 * The format of a pack and of a cache store: a JSON index line `{ "<name>": [offset, length] }`, then the
 * bodies one after the other. The index of the file open at `fd` and where its bodies start; throws when
 * its first 64 kB hold no index line.
 */
function readIndexLine(fd: number, file: string): { start: number; index: Record<string, [number, number]> } {
  const head = scratchOf(1 << 16).subarray(0, 1 << 16);
  const read = readSync(fd, head, 0, head.length, 0);
  const end = head.subarray(0, read).indexOf(10);
  if (end < 0) throw new Error(`${file}: no index line in its first ${head.length} bytes`);
  return { start: end + 1, index: JSON.parse(head.subarray(0, end).toString('utf8')) as Record<string, [number, number]> };
}

/**
 * The body `[offset, length]` of the file open at `fd` whose bodies start at `start`, read into a new buffer, or with
 * `at` into the scratch buffer from `at` on (its bytes from `at`: valid until the next read into it); undefined when
 * the file is cut short.
 */
function readBody(fd: number, start: number, [offset, length]: [number, number], at?: number): Buffer | undefined {
  // Not zero-filled: every byte is read over (or undefined is returned).
  const bytes = at === undefined ? Buffer.allocUnsafe(length) : scratchOf(at + length).subarray(at, at + length);
  let done = 0;
  while (done < length) {
    const read = readSync(fd, bytes, done, length - done, start + offset + done);
    if (read === 0) return undefined;
    done += read;
  }
  return bytes;
}

/** The whole file at `path` read into the scratch buffer from `at` on: its bytes (valid until the next read into it). */
function readFileInto(file: string, at: number): Buffer {
  const fd = openSync(file, 'r');
  try {
    // Its size as it is now, read to its end however it changed (as readFileSync).
    let done = 0;
    let buffer = scratchOf(at + fstatSync(fd).size + 1);
    for (;;) {
      if (at + done === buffer.length) buffer = scratchOf(2 * buffer.length, at + done);
      const read = readSync(fd, buffer, at + done, buffer.length - at - done, null);
      if (read === 0) return buffer.subarray(at, at + done);
      done += read;
    }
  } finally {
    closeSync(fd);
  }
}

/** The pack's index, read once per load (its first line: a few kB); undefined when there is no pack. */
function openPack(file: string): Pack | undefined {
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return undefined;
  }
  try {
    // Kept open for the modules' reads (readPacked).
    return { file, ...readIndexLine(fd, file), fd };
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/** The bytes of the module `name` of `pack`, read into the scratch buffer from `at` on. */
function readPacked(pack: Pack, name: string, at: number): Buffer {
  const bytes = readBody((pack.fd ??= openSync(pack.file, 'r')), pack.start, pack.index[name], at);
  if (!bytes) throw new Error(`${pack.file}: ${name} cut short`);
  return bytes;
}

/**
 * The code caches of a split bundle's file and of the parts its pack holds, for one variant, in one file
 * (issue #68: a `check` read 81 cache files, each found by hashing its path, opened, read and closed). The
 * same format as a pack: a JSON index line `{ "<key>": [offset, length] }`, then the caches one after the
 * other; each is read when its module loads (one open for all, a read each). Its path depends on the
 * pack's size and modification time (a new build, a new store), each part's key is its name in the pack,
 * the file's key its name, size and modification time (a pack beside a cliMain.js of another build). A
 * cache missing or refused is made at `save`, and the store rewritten once with every entry it held (those
 * of the chunks other runs of the command loaded included): a used cache is never made again.
 */
interface CacheStore {
  file: string;
  /** The file whose parts the pack holds (its cache is in the store too). */
  main: string;
  fd?: number;
  start: number;
  index: Record<string, readonly number[]>;
  /** The V8 flags its caches are made under (appliedV8Flags). */
  flags: string;
  /** Caches made in this process, written at `flush`. */
  made: Map<string, Buffer>;
  written: boolean;
}

/** The store at `file`, its index read (empty when there is none or it cannot be read). */
function openStore(file: string, main: string, flags: string): CacheStore {
  const store: CacheStore = { file, main, flags, start: 0, index: {}, made: new Map(), written: false };
  let fd: number;
  try {
    fd = openSync(file, 'r');
  } catch {
    return store;
  }
  try {
    Object.assign(store, readIndexLine(fd, file), { fd });
  } catch {
    // A store cut short or damaged: as if there were none (it is rewritten at `flush`).
    closeSync(fd);
    store.index = {};
  }
  return store;
}

/**
 * The cache `key` of `store` (read into the scratch buffer with `scratch`: valid until the next read into it), or
 * undefined: missing, cut short, or not matching its checksum (an entry `[offset, length, checksum]`). V8 checks a code
 * cache's header (its version, source and flags) but not its body: a damaged body crashed the process (a V8 fatal
 * error, exit 133) at every later start until the folder was deleted (issue #92).
 */
function storedCache(store: CacheStore, key: string, scratch = false): Buffer | undefined {
  const entry = Object.hasOwn(store.index, key) ? store.index[key] : undefined;
  if (entry?.length !== 3 || store.fd === undefined) return undefined;
  try {
    const body = readBody(store.fd, store.start, [entry[0], entry[1]], scratch ? 0 : undefined);
    return body && checksum(body) === entry[2] ? body : undefined;
  } catch {
    return undefined;
  }
}

/**
 * A 32-bit checksum of a code cache's bytes (FNV-1a over 32-bit words, then the tail bytes): any one word changed
 * changes it (each step is a bijection of the state). Not CRC-32: node:zlib is not loaded at a start (tens of ms), and
 * this costs about a millisecond for the CLI's megabyte of caches.
 */
export function checksum(bytes: Uint8Array): number {
  let hash = 0x811c9dc5 ^ bytes.length;
  let at = 0;
  while (at < bytes.length && (bytes.byteOffset + at) % 4 !== 0) hash = Math.imul(hash ^ bytes[at++], 0x01000193);
  const words = new Int32Array(bytes.buffer, bytes.byteOffset + at, (bytes.length - at) >> 2);
  for (let word = 0; word < words.length; word++) hash = Math.imul(hash ^ words[word], 0x01000193);
  for (at += words.length * 4; at < bytes.length; at++) hash = Math.imul(hash ^ bytes[at], 0x01000193);
  return hash >>> 0;
}

/** A cache file of its own: the cache's bytes, then their checksum (4 bytes, little-endian). */
function withChecksum(data: Buffer): Buffer {
  const sum = Buffer.allocUnsafe(4);
  sum.writeUInt32LE(checksum(data));
  return Buffer.concat([data, sum]);
}

/** The cache's bytes of a file withChecksum wrote, or undefined when they do not match their checksum. */
function checked(file: Buffer): Buffer | undefined {
  if (file.length < 4) return undefined;
  const data = file.subarray(0, file.length - 4);
  return checksum(data) === file.readUInt32LE(file.length - 4) ? data : undefined;
}

/** Writes the store when this process made a cache: the entries it held, those made replacing theirs. */
function flushStore(store: CacheStore): void {
  if (store.made.size === 0 || store.written || v8FlagsChanged() || store.flags !== appliedV8Flags()) return;
  store.written = true;
  const index: Record<string, [number, number, number]> = {};
  const bodies: Buffer[] = [];
  let offset = 0;
  const add = (key: string, body: Buffer) => {
    index[key] = [offset, body.length, checksum(body)];
    bodies.push(body);
    offset += body.length;
  };
  // The store as it is now first: the check's threads write theirs under the same flags while this one runs
  // (a check of many files starts them once its flags are raised), and their entries are kept.
  const latest = openStore(store.file, store.main, store.flags);
  try {
    for (const from of [latest, store]) {
      for (const key of Object.keys(from.index)) {
        if (store.made.has(key) || Object.hasOwn(index, key) || (key.endsWith(EARLY) && store.made.has(key.slice(0, -EARLY.length)))) continue;
        const body = storedCache(from, key);
        if (body) add(key, body);
      }
    }
  } finally {
    if (latest.fd !== undefined) closeSync(latest.fd);
  }
  for (const [key, body] of store.made) add(key, body);
  try {
    writeCache(Buffer.concat([Buffer.from(`${JSON.stringify(index)}\n`), ...bodies]), store.file);
  } catch {
    // A cache that cannot be written only costs speed.
  }
}

export interface CodeCachedModule {
  exports: unknown;
  cache: CodeCacheOutcome;
  /**
   * Writes the cache with every function compiled so far when there was none or V8 refused it
   * (stale, damaged), once per process; a cache that was used is never rewritten, however much
   * later work compiled. Rewriting a used cache whenever it had grown made every session that
   * used another feature pay a serialisation of megabytes and the cache grow run after run (the
   * CLI's 2–3.7 MB, each read and deserialised by every later start). Costs a serialisation of the
   * compiled code (a few ms per MB of source): for idle moments.
   */
  save(): void;
}

/**
 * Loads a CommonJS file with a V8 code cache kept in `cacheDir` (null: no cache): V8 skips parsing
 * and compiling the file — and the functions first used after loading, up to when the cache was
 * made — when the cache matches. Meant for the build's big modules: the precompiled Kubernetes
 * validators (3.7 MB in one module per API group, 50–70 ms to compile on every start, a few ms
 * from the cache), the CLI bundle (bin.ts) and the language server's (serverBin.ts).
 *
 * The cache is keyed by the file's path, size and modification time, the Node.js/V8 version and
 * the V8 flags (V8 also refuses a cache made for other source or flags); it is written to a
 * private folder (0700) through a temporary file and a rename. Any failure — a read-only disk, a
 * corrupt cache — falls back to a plain compile: the cache can make loading faster, never different.
 */
export function requireWithCodeCache(file: string, cacheDir: string | null = cacheDirectory() ?? null, options: CodeCacheOptions = {}): CodeCachedModule {
  const parts: Parts = { log: process.env.ARCHIPEL_CODE_CACHE_LOG, byPath: new Map(), byId: new Map() };
  const pack = options.parts && options.pack ? openPack(options.pack) : undefined;
  // One store per set of V8 flags, opened when a part is first loaded under them: a check of many files raises
  // the interrupt budget once its chunks are loaded (v8Tuning.ts raiseInterruptBudget), and the parts it loads
  // after that have their caches under those flags, beside the one-file checks' store.
  const stores = new Map<string, CacheStore>();
  const storeOf = pack && cacheDir ? (): CacheStore => {
    const flags = appliedV8Flags();
    let store = stores.get(flags);
    if (!store) stores.set(flags, (store = openStore(cachePath(pack.file, cacheDir, `${options.variant ?? ''}\0caches`), file, flags)));
    return store;
  } : undefined;
  const loaded = loadCached(file, { exports: {} }, cacheDir, options, parts, pack, storeOf);
  if (!options.parts) return loaded;
  // `cache` is the file's own; `save` writes its parts' missing caches too (those required later included).
  const save = () => {
    [loaded, ...parts.byPath.values()].forEach((part) => part.save?.());
    stores.forEach(flushStore);
  };
  // The parts loaded under the start's flags: their caches are made before the flags change, or never.
  if (storeOf) beforeV8FlagsChange(() => {
    beforeChange = true;
    try {
      save();
    } finally {
      beforeChange = false;
    }
  });
  return { ...loaded, save };
}

/**
 * One file through its code cache, run with `module`; its parts (`options.parts`) loaded by its require and
 * recorded in `parts` by path. A file `pack` holds is read from it (its cache keyed by the pack and its name).
 */
function loadCached(file: string, module: { exports: unknown }, cacheDir: string | null, options: CodeCacheOptions, parts: Parts, pack?: Pack, storeOf?: () => CacheStore): CodeCachedModule {
  // The flags it is compiled under: a cache made after they changed would be made under others (see save).
  const flags = appliedV8Flags();
  const store = storeOf?.();
  const name = path.basename(file);
  const packed = pack && Object.hasOwn(pack.index, name) ? pack : undefined;
  // Read between the wrapper's two ends, so that the script's source is made as one flat string (a source wrapped
  // by concatenation was a string V8 copied whole again to compile it: a check's 600 KB of sources twice, issue #68).
  const bytes = packed ? readPacked(packed, name, WRAP_START.length) : readFileInto(file, WRAP_START.length);
  const wrapped = scratchOf(WRAP_START.length + bytes.length + WRAP_END.length, WRAP_START.length + bytes.length);
  wrapped.write(WRAP_START, 0, 'latin1');
  wrapped.write(WRAP_END, WRAP_START.length + bytes.length, 'latin1');
  const whole = wrapped.subarray(0, WRAP_START.length + bytes.length + WRAP_END.length);
  // Generated modules are ASCII: taken byte for byte (a one-byte string) instead of decoded as UTF-8.
  const source = isAscii(whole) ? whole.toString('latin1') : whole.toString('utf8');
  // In the store: the pack's parts by name, the file beside the pack by its name, size and time; any other part (a lazy bundle) in a file of its own.
  const storeKey = !store ? undefined : packed ? name : file === store.main ? storeKeyOf(file) : undefined;
  const cacheFile = cacheDir && storeKey === undefined ? cachePath(file, cacheDir, options.variant) : undefined;
  let cachedData: Buffer | undefined;
  // A part's cache made when a check raised its flags (EARLY) serves until a run that ends under these flags makes the whole one.
  let early = false;
  // A cache file of its own that failed its checksum: refused as V8 refuses a stale one (then made again).
  let refused = false;
  if (store && storeKey !== undefined) {
    cachedData = storedCache(store, storeKey, true);
    if (!cachedData) early = (cachedData = storedCache(store, `${storeKey}${EARLY}`, true)) !== undefined;
  }
  else if (cacheFile) {
    try {
      // A file cut short or damaged: none (made again at `save`, replacing it).
      cachedData = checked(readFileInto(cacheFile, 0));
      refused = cachedData === undefined;
    } catch {
      // no cache yet
    }
  }
  const script = new vm.Script(source, { filename: file, cachedData });
  const run = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: { exports: unknown }, filename: string, dirname: string) => void;
  run.call(module.exports, module.exports, partsRequire(file, cacheDir, options, parts, pack, storeOf), module, file, path.dirname(file));
  const cache: CodeCacheOutcome = !cacheFile && storeKey === undefined ? 'off' : cachedData && !script.cachedDataRejected ? 'hit' : cachedData || refused ? 'rejected' : 'created';
  logOutcome(parts.log, file, cache);
  // Only a missing or refused cache is written, and once.
  let written = cache !== 'created' && cache !== 'rejected' && !early;
  const save = () => {
    // After the process changed its V8 flags (a large workspace's heap pacing), V8 would make a cache the next
    // start refuses, and that start would write it again, run after run: none is written then.
    if ((!cacheFile && storeKey === undefined) || v8FlagsChanged()) return;
    if (appliedV8Flags() !== flags) {
      // Loaded under the start's flags, run on under a check's raised interrupt budget: its cache, made now under
      // those, goes to their store (when it lacks it), where the check's threads, started under them, look for it.
      const now = storeOf?.();
      if (!now || storeKey === undefined || now.made.has(storeKey) || Object.hasOwn(now.index, storeKey)) return;
      try {
        now.made.set(storeKey, script.createCachedData());
      } catch {
        // A cache that cannot be made only costs speed.
      }
      return;
    }
    // Before the flags change, a cache that only its loading compiled, kept aside (EARLY): once, not over an early one.
    if (written || (beforeChange && early)) return;
    written = true;
    try {
      // Into the store, written once by its `flush` (requireWithCodeCache's save), or a file of its own.
      if (store && storeKey !== undefined) store.made.set(beforeChange ? `${storeKey}${EARLY}` : storeKey, script.createCachedData());
      else if (cacheFile) writeCache(withChecksum(script.createCachedData()), cacheFile);
    } catch {
      // A cache that cannot be made or written only costs speed.
    }
  };
  // Written once the current task is over, not now: V8 then includes the functions compiled
  // since loading — the validators the first diagnostics just ran, which a cache made right after
  // loading would leave out (they compile lazily, on first call, on every start).
  if (cacheFile && cache !== 'hit' && options.saveAfterLoad !== false) setImmediate(save);
  return { exports: module.exports, cache, save };
}

/**
 * The benchmarks' record of what the caches did (bench/lib/facts.mjs sets ARCHIPEL_CODE_CACHE_LOG): a
 * line per file loaded, `name outcome`. A run whose cache missed is not the run it seems.
 */
function logOutcome(log: string | undefined, file: string, cache: CodeCacheOutcome): void {
  if (!log) return;
  try {
    appendFileSync(log, `${path.basename(file)} ${cache}\n`);
  } catch {
    // A record that cannot be written changes nothing of the load.
  }
}

/**
 * The parts a file required, by path; and by the id a file of a folder required them by: each chunk requires the
 * chunks it imports at every module's import (esbuild's ES modules turned into CommonJS), some 1,600 requires of
 * 150 ids in the pack, each id resolved once (a path.resolve each was ~4 ms of a one-file check, issue #68).
 */
interface Parts {
  /** ARCHIPEL_CODE_CACHE_LOG, read once per load and its parts (process.env is a call into the environment at each read; a check loads some 80 chunks, issue #68). */
  log: string | undefined;
  byPath: Map<string, { exports: unknown; save?: () => void }>;
  byId: Map<string, { exports: unknown }>;
}

/** `file`'s require: Node's, except for its parts, each loaded once through its own cache (a part may require another). */
function partsRequire(file: string, cacheDir: string | null, options: CodeCacheOptions, parts: Parts, pack: Pack | undefined, storeOf: (() => CacheStore) | undefined): NodeJS.Require {
  const plain = createRequire(file);
  const pattern = options.parts;
  if (!pattern) return plain;
  const dir = path.dirname(file);
  const required = (id: string): unknown => {
    const key = `${dir}\0${id}`;
    const seen = parts.byId.get(key);
    if (seen) return seen.exports;
    if (!pattern.test(id)) return plain(id);
    const part = path.resolve(dir, id);
    const known = parts.byPath.get(part);
    if (known) {
      parts.byId.set(key, known);
      return known.exports;
    }
    // Recorded before it runs: parts requiring each other get the one module, as Node's require gives them.
    const module: { exports: unknown; save?: () => void } = { exports: {} };
    parts.byPath.set(part, module);
    parts.byId.set(key, module);
    const loaded = loadCached(part, module, cacheDir, options, parts, pack, storeOf);
    module.save = () => loaded.save();
    return module.exports;
  };
  return Object.assign(required, { resolve: plain.resolve, cache: plain.cache, main: plain.main, extensions: plain.extensions }) as NodeJS.Require;
}

/** The store's key of the file its pack's parts belong to: its name, size and modification time. */
function storeKeyOf(file: string): string | undefined {
  try {
    const stat = statSync(file);
    return `${path.basename(file)}\0${stat.size}\0${stat.mtimeMs}`;
  } catch {
    return undefined;
  }
}

function writeCache(data: Buffer, cacheFile: string): void {
  if (replaceCacheFile(cacheFile, data)) removeEarlierVersions(cacheFile);
  sweepCacheFolder(path.dirname(cacheFile), []);
}


/** 2: every cache with its checksum (a store's entries `[offset, length, checksum]`, a file of its own ending in it). */
const CACHE_FORMAT = 2;

function cachePath(file: string, cacheDir: string, variant = ''): string {
  // One cache per set of V8 flags (V8 refuses a cache made under other flags): `archipel blur`
  // and the other commands run with different flags and must not replace each other's cache.
  const flags = appliedV8Flags();
  // CACHE_FORMAT: an older layout (no checksum) is another file, never read.
  return derivedCachePath(file, cacheDir, 'v8', '.bin', [CACHE_FORMAT, process.version, process.arch, process.versions.v8], variant === '' ? flags : `${flags}\0${variant}`);
}

