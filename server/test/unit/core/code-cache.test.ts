import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { cacheDirectory } from '../../../src/disk/cacheFolder';
import { startupTuningOff } from '../../../src/disk/switch';
import { makeTree } from '../../tempdir';

const moduleText = `"use strict";
const path = require('node:path');
exports.answer = 41 + 1;
exports.joined = path.join('a', 'b');
exports.file = __filename;
`;

/**
 * Loads `file` in a new Node.js process, as each start of the server or CLI does (within one
 * process V8's own in-memory compilation cache would answer instead of the code cache).
 */
function load(file: string, cacheDir: string | null, call?: string, v8Flags?: string, then = '', tuned = true): { cache: string; answer: number; joined: string; file: string } {
  // As the CLI's and the server's entry points do: the tuning first (tuned), then the loader.
  const script = `${tuned ? `require(${JSON.stringify(require.resolve('../../../src/startup/tuneV8'))});` : ''}
const { requireWithCodeCache } = require(${JSON.stringify(require.resolve('../../../src/startup/codeCache'))});
const loaded = requireWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cacheDir)});
${call ? `loaded.exports.${call}();` : ''}
${then}
process.stdout.write(JSON.stringify({ cache: loaded.cache, ...loaded.exports }));`;
  const env = v8Flags === undefined ? process.env : { ...process.env, ARCHIPEL_V8_FLAGS: v8Flags };
  const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env });
  assert.equal(child.status, 0, child.stderr);
  return JSON.parse(child.stdout);
}

/** `parts` written as the CLI's pack (a JSON index line { name: [offset, length] }, then the sources) in `root`: its path. */
function writePack(root: string, parts: Record<string, string>): string {
  const bodies = Object.values(parts).map((text) => Buffer.from(text));
  let offset = 0;
  const index = Object.fromEntries(Object.keys(parts).map((name, i) => [name, [(offset += bodies[i].length) - bodies[i].length, bodies[i].length]]));
  const pack = path.join(root, 'main-parts.pack');
  writeFileSync(pack, Buffer.concat([Buffer.from(`${JSON.stringify(index)}\n`), ...bodies]));
  return pack;
}

describe('V8 code cache for generated modules', function () {
  this.timeout(120_000);

  it('creates the cache on the first load and uses it on the next, with the same exports', () => {
    const tree = makeTree({ 'mod.js': moduleText });
    try {
      const file = path.join(tree.root, 'mod.js');
      const cacheDir = path.join(tree.root, 'cache');
      const first = load(file, cacheDir);
      const second = load(file, cacheDir);
      assert.equal(first.cache, 'created');
      assert.equal(second.cache, 'hit');
      for (const loaded of [first, second]) {
        assert.equal(loaded.answer, 42);
        assert.equal(loaded.joined, path.join('a', 'b'));
        assert.equal(loaded.file, file);
      }
      assert.equal(readdirSync(path.join(cacheDir, 'v8')).length, 1, 'one cache file, no temporary left');
    } finally {
      tree.remove();
    }
  });

  it('records each load\'s outcome where ARCHIPEL_CODE_CACHE_LOG says (the benchmarks\' facts), and nothing without it', () => {
    const tree = makeTree({ 'mod.js': moduleText });
    const log = path.join(tree.root, 'outcomes.log');
    try {
      const file = path.join(tree.root, 'mod.js');
      const cacheDir = path.join(tree.root, 'cache');
      load(file, cacheDir);
      process.env.ARCHIPEL_CODE_CACHE_LOG = log;
      load(file, path.join(tree.root, 'other-cache'));
      load(file, cacheDir);
      load(file, null);
      assert.equal(readFileSync(log, 'utf8'), 'mod.js created\nmod.js hit\nmod.js off\n');
    } finally {
      delete process.env.ARCHIPEL_CODE_CACHE_LOG;
      tree.remove();
    }
  });

  it('keeps one cache per set of V8 flags: commands run with different flags do not replace each other\'s', () => {
    const tree = makeTree({ 'mod.js': moduleText });
    try {
      const file = path.join(tree.root, 'mod.js');
      const cacheDir = path.join(tree.root, 'cache');
      const budget = '--interrupt-budget=1000000';
      assert.equal(load(file, cacheDir, undefined, budget).cache, 'created');
      assert.equal(load(file, cacheDir, undefined, '').cache, 'created', 'V8 would refuse the other flags\' cache: a cache of its own, not a rejection');
      assert.equal(readdirSync(path.join(cacheDir, 'v8')).length, 2);
      assert.equal(load(file, cacheDir, undefined, budget).cache, 'hit');
      assert.equal(load(file, cacheDir, undefined, '').cache, 'hit');
      // A process whose entry point applies no tuning runs with V8's defaults whatever
      // ARCHIPEL_V8_FLAGS says, and uses their cache.
      const defaultsOnly = path.join(tree.root, 'defaults-only');
      assert.equal(load(file, defaultsOnly, undefined, '').cache, 'created');
      assert.equal(load(file, defaultsOnly, undefined, budget, '', false).cache, 'hit');
    } finally {
      tree.remove();
    }
  });

  it('V8 flags are set by the entry points alone: a process that only loads the shared code (the blur process, a lane) keeps V8\'s own', () => {
    // The blur engine (what the blur process and the lanes run) loads the code-cache module
    // without applying any flags.
    const script = `require(${JSON.stringify(require.resolve('../../../src/engines/blur/model'))});
process.stdout.write(require(${JSON.stringify(require.resolve('../../../src/startup/v8Tuning'))}).appliedV8Flags() || '(none)');`;
    const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, ARCHIPEL_V8_FLAGS: '--interrupt-budget=1000000' } });
    assert.equal(child.status, 0, child.stderr);
    assert.equal(child.stdout, '(none)');
  });

  it('V8 flags are opt-in (ARCHIPEL_V8_FLAGS), and ARCHIPEL_STARTUP_TUNING=off turns the whole machinery off', () => {
    // What an entry point applies (startup/tuneV8.ts; the language server's: tuneV8Server.ts), in a process of its own: flags are process-wide.
    const flagsOf = (env: NodeJS.ProcessEnv, entry: 'tuneV8' | 'tuneV8Server' = 'tuneV8') => {
      const script = `require(${JSON.stringify(require.resolve(`../../../src/startup/${entry}`))});
process.stdout.write(require(${JSON.stringify(require.resolve('../../../src/startup/v8Tuning'))}).appliedV8Flags() || '(none)');`;
      const clean = { ...process.env };
      delete clean.ARCHIPEL_V8_FLAGS;
      delete clean.ARCHIPEL_STARTUP_TUNING;
      const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...clean, ...env } });
      assert.equal(child.status, 0, child.stderr);
      return child.stdout;
    };
    const budget = '--interrupt-budget=1000000';
    assert.equal(flagsOf({}), '(none)', "V8's own flags by default");
    assert.equal(flagsOf({ ARCHIPEL_V8_FLAGS: budget }), budget);
    assert.equal(flagsOf({ ARCHIPEL_V8_FLAGS: budget, ARCHIPEL_STARTUP_TUNING: 'off' }), '(none)');
    const off = { ARCHIPEL_STARTUP_TUNING: 'off', ARCHIPEL_CACHE_DIR: '/tmp/somewhere' };
    assert.equal(startupTuningOff(off), true);
    assert.equal(cacheDirectory(off), undefined, 'no speed-only cache either');
    // The language server's entries default to the larger interrupt budget and a young generation
    // grown in large steps (its cold open); the variable still wins.
    assert.equal(flagsOf({}, 'tuneV8Server'), `${budget} --semi-space-growth-factor=8`);
    assert.equal(flagsOf({ ARCHIPEL_V8_FLAGS: '' }, 'tuneV8Server'), '(none)');
    assert.equal(flagsOf({ ARCHIPEL_STARTUP_TUNING: 'off' }, 'tuneV8Server'), '(none)');
    assert.equal(startupTuningOff({ ARCHIPEL_STARTUP_TUNING: 'on' }), false);
    assert.equal(cacheDirectory({ ARCHIPEL_STARTUP_TUNING: 'on', ARCHIPEL_CACHE_DIR: '/tmp/somewhere' }), '/tmp/somewhere');
  });

  it('a changed file gets a new cache; a corrupt cache is refused by V8 and rewritten', () => {
    const tree = makeTree({ 'mod.js': moduleText });
    try {
      const file = path.join(tree.root, 'mod.js');
      const cacheDir = path.join(tree.root, 'cache');
      load(file, cacheDir);
      writeFileSync(file, moduleText.replace('41 + 1', '40 + 3'));
      utimesSync(file, new Date(), new Date(Date.now() + 5000));
      const changed = load(file, cacheDir);
      assert.equal(changed.cache, 'created');
      assert.equal(changed.answer, 43);
      assert.equal(readdirSync(path.join(cacheDir, 'v8')).length, 1, 'the cache of the earlier version is removed');
      const folder = path.join(cacheDir, 'v8');
      for (const name of readdirSync(folder)) writeFileSync(path.join(folder, name), 'not a V8 code cache');
      const corrupt = load(file, cacheDir);
      // Refused by its checksum before V8 sees it (#92), as V8 refuses a stale one.
      assert.equal(corrupt.cache, 'rejected');
      assert.equal(corrupt.answer, 43);
      assert.equal(load(file, cacheDir).cache, 'hit');
    } finally {
      tree.remove();
    }
  });

  it('a cache damaged in its body (its header intact: V8 would crash on it, exit 133) is dropped and made again, never a crash (#92)', () => {
    const body = Array.from({ length: 200 }, (_, i) => `exports.f${i} = function f${i}(x) { return [x, ${i}, 'value ${i}'].join('-'); };`).join('\n');
    const tree = makeTree({ 'mod.js': `${moduleText}${body}\n` });
    try {
      const file = path.join(tree.root, 'mod.js');
      const cacheDir = path.join(tree.root, 'cache');
      assert.equal(load(file, cacheDir).cache, 'created');
      const folder = path.join(cacheDir, 'v8');
      const [name] = readdirSync(folder);
      const bytes = readFileSync(path.join(folder, name));
      // The middle flipped, the header (its first 64 bytes) and the length kept; then cut short.
      for (const damaged of [Buffer.from(bytes.map((byte, at) => (at > 64 && at < bytes.length - 4 && at % 3 === 0 ? byte ^ 0x5a : byte))), bytes.subarray(0, bytes.length >> 1)]) {
        writeFileSync(path.join(folder, name), damaged);
        const again = load(file, cacheDir);
        assert.deepEqual([again.cache, again.answer], ['rejected', 42]);
        assert.equal(load(file, cacheDir).cache, 'hit');
      }
    } finally {
      tree.remove();
    }
  });

  it('a store of a pack\'s caches damaged in its bodies is dropped entry by entry and made again, never a crash (#92)', () => {
    const parts: Record<string, string> = {
      'main-A.js': `"use strict";\n${Array.from({ length: 100 }, (_, i) => `exports.f${i} = (x) => [x, ${i}].join('-');`).join('\n')}\nexports.value = 40;\n`,
      'main-B.js': `"use strict";\nexports.value = 2;\n`,
    };
    const tree = makeTree({ 'main.js': `"use strict";\nexports.answer = require('./main-A.js').value + require('./main-B.js').value;\n` });
    try {
      const pack = writePack(tree.root, parts);
      const file = path.join(tree.root, 'main.js');
      const cacheDir = path.join(tree.root, 'cache');
      const run = () => {
        const script = `const { requireWithCodeCache } = require(${JSON.stringify(require.resolve('../../../src/startup/codeCache'))});
const loaded = requireWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cacheDir)}, { parts: /^\\.\\/main-[A-Z]\\.js$/, pack: ${JSON.stringify(pack)}, saveAfterLoad: false });
loaded.save();
process.stdout.write(JSON.stringify({ cache: loaded.cache, answer: loaded.exports.answer }));`;
        const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
        assert.equal(child.status, 0, child.stderr);
        return JSON.parse(child.stdout) as { cache: string; answer: number };
      };
      run();
      assert.deepEqual(run(), { cache: 'hit', answer: 42 });
      const folder = path.join(cacheDir, 'v8');
      const [name] = readdirSync(folder);
      const bytes = readFileSync(path.join(folder, name));
      const bodies = bytes.indexOf(10) + 1;
      writeFileSync(path.join(folder, name), Buffer.from(bytes.map((byte, at) => (at > bodies + 64 && at % 3 === 0 ? byte ^ 0x5a : byte))));
      assert.equal(run().answer, 42);
      assert.deepEqual(run(), { cache: 'hit', answer: 42 });
    } finally {
      tree.remove();
    }
  });

  it('sweeps the temporary files a killed writer left (older than the bound, their pid not running), never a live one\'s (#92)', () => {
    const tree = makeTree({ 'mod.js': moduleText });
    try {
      const file = path.join(tree.root, 'mod.js');
      const cacheDir = path.join(tree.root, 'cache');
      const folder = path.join(cacheDir, 'v8');
      load(file, cacheDir);
      const hour = new Date(Date.now() - 3600_000);
      // 4194304 is past Linux's largest pid: never a running process.
      const dead = path.join(folder, 'mod-0123456789abcdef-0123456789abcdef.bin.4194399-0.tmp');
      const live = path.join(folder, `mod-0123456789abcdef-0123456789abcdef.bin.${process.pid}-0.tmp`);
      const fresh = path.join(folder, 'mod-0123456789abcdef-0123456789abcdef.bin.4194398-1.tmp');
      for (const one of [dead, live, fresh]) writeFileSync(one, '');
      utimesSync(dead, hour, hour);
      utimesSync(live, hour, hour);
      // A write of the cache sweeps its folder.
      writeFileSync(file, moduleText.replace('41 + 1', '40 + 2 '));
      load(file, cacheDir);
      assert.deepEqual([existsSync(dead), existsSync(live), existsSync(fresh)], [false, true, true]);
    } finally {
      tree.remove();
    }
  });

  it('the cache is written after the task that loaded the module: it holds the functions that task ran', () => {
    // A function compiled lazily, on its first call: in the cache only if the cache is made after.
    const body = Array.from({ length: 400 }, (_, i) => `  total += Math.sqrt(${i} + input) * ${i % 7};`).join('\n');
    const text = `${moduleText}exports.work = function work(input = 1) {\n  let total = 0;\n${body}\n  return total;\n};\n`;
    const sizes: number[] = [];
    for (const call of [undefined, 'work']) {
      const tree = makeTree({ 'mod.js': text });
      try {
        const cacheDir = path.join(tree.root, 'cache');
        assert.equal(load(path.join(tree.root, 'mod.js'), cacheDir, call).cache, 'created');
        const [name] = readdirSync(path.join(cacheDir, 'v8'));
        sizes.push(statSync(path.join(cacheDir, 'v8', name)).size);
        assert.equal(load(path.join(tree.root, 'mod.js'), cacheDir, call).cache, 'hit');
      } finally {
        tree.remove();
      }
    }
    assert.ok(sizes[1] > sizes[0] + 1000, `cache without the call ${sizes[0]} B, with it ${sizes[1]} B`);
  });

  it('grows only when missing: a used cache is never rewritten, whatever later work compiled; a stale one is replaced once', () => {
    const body = Array.from({ length: 400 }, (_, i) => `  total += Math.sqrt(${i} + input) * ${i % 7};`).join('\n');
    const text = `${moduleText}exports.work = function work(input = 1) {\n  let total = 0;\n${body}\n  return total;\n};\n`;
    const tree = makeTree({ 'mod.js': text });
    try {
      const file = path.join(tree.root, 'mod.js');
      const cacheDir = path.join(tree.root, 'cache');
      const folder = path.join(cacheDir, 'v8');
      const only = () => {
        const names = readdirSync(folder);
        assert.equal(names.length, 1, `one cache file, no temporary left: ${names.join(', ')}`);
        const stat = statSync(path.join(folder, names[0]));
        return { name: names[0], size: stat.size, mtimeMs: stat.mtimeMs, ino: stat.ino };
      };
      // `save()` called again and again, as a server's every checkpoint and a command's exit do.
      const saveTwice = 'loaded.save(); loaded.save();';
      assert.equal(load(file, cacheDir, undefined, undefined, saveTwice).cache, 'created');
      const first = only();
      // Later runs: nothing new compiled, then work() compiled (which a rewrite would add), five times.
      for (const call of [undefined, 'work', 'work', 'work', 'work']) {
        assert.equal(load(file, cacheDir, call, undefined, saveTwice).cache, 'hit');
        assert.deepEqual(only(), first, `${call ?? 'nothing'} run: the used cache is left as it is`);
      }
      // Stale (the module changed): a new cache replaces the old, once, and is then used.
      writeFileSync(file, text.replace('41 + 1', '40 + 3'));
      utimesSync(file, new Date(), new Date(Date.now() + 5000));
      assert.equal(load(file, cacheDir, 'work', undefined, saveTwice).cache, 'created');
      const second = only();
      assert.notEqual(second.name, first.name);
      assert.equal(load(file, cacheDir, 'work', undefined, saveTwice).cache, 'hit');
      assert.deepEqual(only(), second);
    } finally {
      tree.remove();
    }
  });

  it('loads a split bundle\'s parts through caches of their own, once each, the parts requiring each other sharing one module', () => {
    // main.js requires its chunks (main-A.js, main-B.js, which requires main-A.js back) and a package.
    const tree = makeTree({
      'main.js': `"use strict";\nconst a = require('./main-A.js');\nconst b = require('./main-B.js');\nexports.answer = a.value + b.value;\nexports.same = b.a === a;\nexports.joined = require('node:path').join('a', 'b');\nexports.file = __filename;\nexports.later = () => require('./main-C.js').value;\n`,
      'main-A.js': `"use strict";\nexports.value = 40;\nexports.b = require('./main-B.js');\n`,
      'main-B.js': `"use strict";\nexports.a = require('./main-A.js');\nexports.value = 2;\n`,
      'main-C.js': `"use strict";\nexports.value = 7;\n`,
    });
    try {
      const file = path.join(tree.root, 'main.js');
      const cacheDir = path.join(tree.root, 'cache');
      const folder = path.join(cacheDir, 'v8');
      const script = `const { requireWithCodeCache } = require(${JSON.stringify(require.resolve('../../../src/startup/codeCache'))});
const loaded = requireWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cacheDir)}, { parts: /^\\.\\/main-[A-Z]\\.js$/, saveAfterLoad: false });
const later = loaded.exports.later();
loaded.save();
process.stdout.write(JSON.stringify({ cache: loaded.cache, answer: loaded.exports.answer, same: loaded.exports.same, later, inNodeCache: Object.keys(require.cache).some((f) => f.includes('main-')) }));`;
      const run = () => {
        const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
        assert.equal(child.status, 0, child.stderr);
        return JSON.parse(child.stdout) as { cache: string; answer: number; same: boolean; later: number; inNodeCache: boolean };
      };
      assert.deepEqual(run(), { cache: 'created', answer: 42, same: true, later: 7, inNodeCache: false });
      // One cache per file, the part required after loading (main-C.js) included.
      assert.deepEqual(readdirSync(folder).map((name) => name.replace(/-[0-9a-f]+-[0-9a-f]+\.bin$/, '')).sort(), ['main', 'main-A', 'main-B', 'main-C']);
      const written = readdirSync(folder).map((name) => statSync(path.join(folder, name)).mtimeMs);
      assert.deepEqual(run(), { cache: 'hit', answer: 42, same: true, later: 7, inNodeCache: false });
      assert.deepEqual(readdirSync(folder).map((name) => statSync(path.join(folder, name)).mtimeMs), written, 'used caches are not rewritten');
    } finally {
      tree.remove();
    }
  });

  it('reads the parts a pack holds from it (esbuild.mjs packs cliMain\'s chunks), their caches and the file\'s in one store; none is written once the process changed its V8 flags', () => {
    const parts: Record<string, string> = {
      'main-A.js': `"use strict";\nexports.value = 40;\nexports.b = require('./main-B.js');\nexports.file = __filename;\n`,
      'main-B.js': `"use strict";\nexports.a = require('./main-A.js');\nexports.value = 2;\n`,
    };
    const tree = makeTree({ 'main.js': `"use strict";\nconst a = require('./main-A.js');\nexports.answer = a.value + require('./main-B.js').value;\nexports.partFile = a.file;\n` });
    try {
      const pack = writePack(tree.root, parts);
      const file = path.join(tree.root, 'main.js');
      const cacheDir = path.join(tree.root, 'cache');
      const run = (flags: boolean) => {
        const script = `const { requireWithCodeCache } = require(${JSON.stringify(require.resolve('../../../src/startup/codeCache'))});
${flags ? `require(${JSON.stringify(require.resolve('../../../src/workspace/heapPacer'))}).boundHeapGrowth();` : ''}
const loaded = requireWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cacheDir)}, { parts: /^\\.\\/main-[A-Z]\\.js$/, pack: ${JSON.stringify(pack)}, saveAfterLoad: false });
loaded.save();
process.stdout.write(JSON.stringify({ cache: loaded.cache, answer: loaded.exports.answer, partFile: loaded.exports.partFile }));`;
        const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
        assert.equal(child.status, 0, child.stderr);
        return JSON.parse(child.stdout) as { cache: string; answer: number; partFile: string };
      };
      // A part runs as the file it was beside cliMain.js (its __filename, __dirname), though none is on disk.
      assert.deepEqual(run(true), { cache: 'created', answer: 42, partFile: path.join(tree.root, 'main-A.js') });
      assert.equal(existsSync(path.join(cacheDir, 'v8')), false, 'no cache written after the flags changed');
      assert.deepEqual(run(false), { cache: 'created', answer: 42, partFile: path.join(tree.root, 'main-A.js') });
      // One file: the caches of main.js and of both parts (issue #68: a check opened one cache file per chunk).
      assert.deepEqual(readdirSync(path.join(cacheDir, 'v8')).map((name) => name.replace(/-[0-9a-f]+-[0-9a-f]+\.bin$/, '')), ['main-parts']);
      assert.deepEqual(run(false), { cache: 'hit', answer: 42, partFile: path.join(tree.root, 'main-A.js') });
    } finally {
      tree.remove();
    }
  });

  it('reads every module, from the pack or its file, and every cache into one reused buffer: nested loads, modules larger than it, UTF-8 and a last line comment give the modules as written', () => {
    // Sizes around and past the buffer's first 64 kB, a non-ASCII text (decoded as UTF-8, not byte for byte), a module
    // ending in a line comment (the wrapper's end on a line of its own), parts required while another part runs.
    const big = (name: string, bytes: number) => `"use strict";\nexports.${name} = ${JSON.stringify('x'.repeat(bytes))}.length;\n`;
    const parts: Record<string, string> = {
      'main-A.js': `"use strict";\nconst b = require('./main-B.js');\nexports.value = b.value + require('./main-C.js').value;\nexports.text = 'déjà vu — ✓';\n// the last line, a comment`,
      'main-B.js': big('value', 70_000),
      'main-C.js': big('value', 300_000),
    };
    const tree = makeTree({
      'main.js': `"use strict";\nconst a = require('./main-A.js');\nexports.answer = a.value + require('./main-D.js').value;\nexports.text = a.text + ' ' + require('./main-D.js').text;\n// ends here`,
      // A part the pack does not hold: read from its file.
      'main-D.js': `"use strict";\nexports.value = ${JSON.stringify('y'.repeat(150_000))}.length;\nexports.text = 'ça';\n`,
    });
    try {
      const pack = writePack(tree.root, parts);
      const file = path.join(tree.root, 'main.js');
      const cacheDir = path.join(tree.root, 'cache');
      const script = `const { requireWithCodeCache } = require(${JSON.stringify(require.resolve('../../../src/startup/codeCache'))});
const loaded = requireWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cacheDir)}, { parts: /^\\.\\/main-[A-Z]\\.js$/, pack: ${JSON.stringify(pack)}, saveAfterLoad: false });
loaded.save();
process.stdout.write(JSON.stringify({ cache: loaded.cache, answer: loaded.exports.answer, text: loaded.exports.text }));`;
      const run = () => {
        const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
        assert.equal(child.status, 0, child.stderr);
        return JSON.parse(child.stdout) as { cache: string; answer: number; text: string };
      };
      const expected = { answer: 70_000 + 300_000 + 150_000, text: 'déjà vu — ✓ ça' };
      assert.deepEqual(run(), { cache: 'created', ...expected });
      // From the caches: the store's (main.js and the packed parts) and main-D.js's own file, read into the same buffer.
      assert.deepEqual(run(), { cache: 'hit', ...expected });
    } finally {
      tree.remove();
    }
  });

  it('keeps in the store the caches of every part a run of the command loaded: another run loading other parts adds theirs; a new build makes a new store', () => {
    // As `archipel check` of a Dockerfile, then of a YAML file: one command, other chunks.
    const parts: Record<string, string> = {
      'main-A.js': `"use strict";\nexports.value = 40;\n`,
      'main-B.js': `"use strict";\nexports.value = 2;\n`,
    };
    const tree = makeTree({ 'main.js': `"use strict";\nexports.answer = require(process.env.PICK === 'A' ? './main-A.js' : './main-B.js').value;\n` });
    const log = path.join(tree.root, 'outcomes.log');
    try {
      const pack = path.join(tree.root, 'main-parts.pack');
      const writePack = (texts: Record<string, string>) => {
        const bodies = Object.values(texts).map((text) => Buffer.from(text));
        let offset = 0;
        const index = Object.fromEntries(Object.keys(texts).map((name, i) => [name, [(offset += bodies[i].length) - bodies[i].length, bodies[i].length]]));
        writeFileSync(pack, Buffer.concat([Buffer.from(`${JSON.stringify(index)}\n`), ...bodies]));
      };
      writePack(parts);
      const file = path.join(tree.root, 'main.js');
      const cacheDir = path.join(tree.root, 'cache');
      const run = (pick: 'A' | 'B'): { answer: number; outcomes: string } => {
        rmSync(log, { force: true });
        const script = `const { requireWithCodeCache } = require(${JSON.stringify(require.resolve('../../../src/startup/codeCache'))});
const loaded = requireWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cacheDir)}, { parts: /^\\.\\/main-[A-Z]\\.js$/, pack: ${JSON.stringify(pack)}, variant: 'command:check', saveAfterLoad: false });
loaded.save();
process.stdout.write(JSON.stringify(loaded.exports.answer));`;
        const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...process.env, PICK: pick, ARCHIPEL_CODE_CACHE_LOG: log } });
        assert.equal(child.status, 0, child.stderr);
        // A line per module once it ran: a part before the file requiring it.
        return { answer: JSON.parse(child.stdout) as number, outcomes: readFileSync(log, 'utf8').trim().split('\n').join(', ') };
      };
      const stores = () => readdirSync(path.join(cacheDir, 'v8'));
      assert.deepEqual(run('A'), { answer: 40, outcomes: 'main-A.js created, main.js created' });
      assert.deepEqual(run('B'), { answer: 2, outcomes: 'main-B.js created, main.js hit' });
      assert.deepEqual(run('A'), { answer: 40, outcomes: 'main-A.js hit, main.js hit' });
      assert.deepEqual(run('B'), { answer: 2, outcomes: 'main-B.js hit, main.js hit' });
      const [store] = stores();
      assert.equal(stores().length, 1);
      // A new build: another pack (its size changed), another store, the old one removed once the new one is written.
      writePack({ ...parts, 'main-A.js': `"use strict";\nexports.value = 41;\n` });
      assert.deepEqual(run('A'), { answer: 41, outcomes: 'main-A.js created, main.js created' });
      assert.equal(stores().length, 1);
      assert.notEqual(stores()[0], store);
      assert.deepEqual(run('A'), { answer: 41, outcomes: 'main-A.js hit, main.js hit' });
    } finally {
      tree.remove();
    }
  });

  it('a check of many files raises the interrupt budget once its code is loaded: what it loaded before keeps its caches under the start\'s flags, what it loads after, and its threads, under the raised ones', () => {
    // As `archipel check` of a folder: main.js and main-A.js loaded at the start, main-B.js by the check itself.
    const parts: Record<string, string> = {
      'main-A.js': `"use strict";\nexports.value = 40;\n`,
      'main-B.js': `"use strict";\nexports.value = 2;\n`,
    };
    const tree = makeTree({ 'main.js': `"use strict";\nexports.answer = require('./main-A.js').value;\nexports.later = () => require('./main-B.js').value;\n` });
    const log = path.join(tree.root, 'outcomes.log');
    try {
      const pack = writePack(tree.root, parts);
      const file = path.join(tree.root, 'main.js');
      const cacheDir = path.join(tree.root, 'cache');
      const { ARCHIPEL_V8_FLAGS: _flags, ARCHIPEL_STARTUP_TUNING: _tuning, ...env } = process.env;
      // 'many': the check raises the budget, then loads main-B.js; 'one': a check that needs neither; 'thread': a check thread, started under the raised flags.
      const run = (how: 'many' | 'one' | 'thread'): { answer: number; outcomes: string } => {
        rmSync(log, { force: true });
        const script = `require(${JSON.stringify(require.resolve('../../../src/startup/tuneV8'))});
const { raiseInterruptBudget } = require(${JSON.stringify(require.resolve('../../../src/startup/v8Tuning'))});
const { requireWithCodeCache } = require(${JSON.stringify(require.resolve('../../../src/startup/codeCache'))});
const loaded = requireWithCodeCache(${JSON.stringify(file)}, ${JSON.stringify(cacheDir)}, { parts: /^\\.\\/main-[A-Z]\\.js$/, pack: ${JSON.stringify(pack)}, variant: 'command:check', saveAfterLoad: false });
let answer = loaded.exports.answer;
if (process.env.HOW === 'many') {
  raiseInterruptBudget(Array.from({ length: 20 }, (_, i) => 'file' + i));
  answer += loaded.exports.later();
}
loaded.save();
process.stdout.write(JSON.stringify(answer));`;
        const flags = how === 'thread' ? { ARCHIPEL_V8_FLAGS: '--interrupt-budget=1000000' } : {};
        const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env: { ...env, ...flags, HOW: how, ARCHIPEL_CODE_CACHE_LOG: log } });
        assert.equal(child.status, 0, child.stderr);
        return { answer: JSON.parse(child.stdout) as number, outcomes: readFileSync(log, 'utf8').trim().split('\n').join(', ') };
      };
      assert.deepEqual(run('many'), { answer: 42, outcomes: 'main-A.js created, main.js created, main-B.js created' });
      // Written before the flags changed: a one-file check uses them.
      assert.deepEqual(run('one'), { answer: 40, outcomes: 'main-A.js hit, main.js hit' });
      // main-B.js's under the raised flags; main.js's and main-A.js's made again under them at the end, for the threads.
      assert.deepEqual(run('many'), { answer: 42, outcomes: 'main-A.js hit, main.js hit, main-B.js hit' });
      assert.deepEqual(run('thread'), { answer: 40, outcomes: 'main-A.js hit, main.js hit' });
      assert.deepEqual(run('one'), { answer: 40, outcomes: 'main-A.js hit, main.js hit' });
      assert.equal(readdirSync(path.join(cacheDir, 'v8')).length, 2, 'a store per set of flags');
      // The caches made as the flags changed held only what loading compiled: the one-file check's, made at its end, replaced them.
      for (const store of readdirSync(path.join(cacheDir, 'v8'))) {
        const keys = Object.keys(JSON.parse(readFileSync(path.join(cacheDir, 'v8', store), 'latin1').split('\n')[0]) as object);
        assert.equal(keys.filter((key) => key.endsWith('\0early')).length, 0, keys.join(', '));
      }
    } finally {
      tree.remove();
    }
  });

  it('a check raises the interrupt budget for 20 files and more, not for a few small ones nor past 10,000 (the monorepo ran slower)', () => {
    const { ARCHIPEL_V8_FLAGS: _flags, ARCHIPEL_STARTUP_TUNING: _tuning, ...env } = process.env;
    const flagsAfter = (count: number): string => {
      const script = `const { raiseInterruptBudget, appliedV8Flags } = require(${JSON.stringify(require.resolve('../../../src/startup/v8Tuning'))});
raiseInterruptBudget(Array.from({ length: ${count} }, (_, i) => '/nowhere/file' + i));
process.stdout.write(appliedV8Flags());`;
      const child = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8', env });
      assert.equal(child.status, 0, child.stderr);
      return child.stdout;
    };
    assert.equal(flagsAfter(19), '');
    assert.equal(flagsAfter(20), '--interrupt-budget=1000000');
    assert.equal(flagsAfter(10_000), '--interrupt-budget=1000000');
    assert.equal(flagsAfter(10_001), '');
  });

  it('loads without a cache when caching is off or the folder cannot be written', () => {
    const tree = makeTree({ 'mod.js': moduleText, 'blocked/.keep': '' });
    try {
      const file = path.join(tree.root, 'mod.js');
      assert.equal(cacheDirectory({ ARCHIPEL_CACHE_DIR: 'off' }), undefined);
      assert.equal(cacheDirectory({ ARCHIPEL_CACHE_DIR: '/some/where' }), '/some/where');
      assert.deepEqual(load(file, null), { cache: 'off', answer: 42, joined: path.join('a', 'b'), file });
      // A file where the cache folder should be: the cache cannot be written, the module still loads.
      const blocked = path.join(tree.root, 'blocked');
      writeFileSync(path.join(blocked, 'v8'), 'in the way');
      chmodSync(blocked, 0o500);
      assert.equal(load(file, blocked).answer, 42);
      chmodSync(blocked, 0o700);
    } finally {
      tree.remove();
    }
  });
});
