// A module of server/src as tsc compiles it (out/), for benchmarks that call the engine directly:
// out/ compiled (tsc -b) when missing or older than its sources (scripts/lib/built.mjs), so that a
// benchmark runs after `npm install` alone (which makes neither out/ nor dist/).
import { createRequire } from 'node:module';
import path from 'node:path';
import { compiled } from '../../scripts/lib/built.mjs';

const require = createRequire(import.meta.url);
let checked = false;

/** `relative`: a path under server/src without extension (`engines/blur/lanes`). */
export function compiledModule(root, relative) {
  if (!checked) compiled(root);
  checked = true;
  return require(path.join(root, 'out', 'server', 'src', `${relative}.js`));
}
