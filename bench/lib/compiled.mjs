// A module of server/src as tsc compiles it (out/), for benchmarks that call the engine directly:
// compiled here (tsc -b) when missing or older than its source, so that a benchmark runs after
// `npm install && npm run build` alone (the build makes dist/, not out/).
import { spawnSync } from 'node:child_process';
import { existsSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

const require = createRequire(import.meta.url);

/** `relative`: a path under server/src without extension (`engines/blur/lanes`). */
export function compiledModule(root, relative) {
  const compiled = path.join(root, 'out', 'server', 'src', `${relative}.js`);
  const source = path.join(root, 'server', 'src', `${relative}.ts`);
  if (!existsSync(compiled) || statSync(compiled).mtimeMs < statSync(source).mtimeMs) {
    const r = spawnSync(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-b'], { cwd: root, stdio: 'inherit' });
    if (r.status !== 0) throw new Error('tsc -b failed');
  }
  return require(compiled);
}
