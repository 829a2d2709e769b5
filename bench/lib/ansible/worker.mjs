// One fresh process measuring Archipel on the generated playbooks: load (bundle and ansible-core's
// data), then the checking of every file, under the V8 flags of CONFIGURATION ('cli': `archipel
// check`'s, 'server': the language server's). Prints one JSON line.
// Usage: node worker.mjs BUNDLE ROOT FOLDER CONFIGURATION
import { readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { performance } from 'node:perf_hooks';

const [bundle, root, folder, configuration] = process.argv.slice(2);
const require = createRequire(import.meta.url);

const t0 = performance.now();
const side = require(bundle);
const flags = side.tune(configuration);
side.load(root);
const loadMs = performance.now() - t0;

const files = readdirSync(folder, { recursive: true })
  .filter((name) => name.endsWith('.yml'))
  .sort()
  .map((name) => [path.join(folder, name), readFileSync(path.join(folder, name), 'utf8')]);
const t1 = performance.now();
const cpu1 = process.cpuUsage();
const found = await side.check(files);
const checkMs = performance.now() - t1;
// CPU (user + sys, this process's threads: V8's GC helpers too): on a loaded shared machine the wall time says little.
const cpu = process.cpuUsage(cpu1);
console.log(JSON.stringify({ configuration, flags, loadMs, checkMs, checkCpuMs: (cpu.user + cpu.system) / 1000, files: files.length, found }));
