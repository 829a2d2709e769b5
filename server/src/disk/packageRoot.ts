import { existsSync } from 'node:fs';
import path from 'node:path';

/** The extension/package root: the nearest folder above this file holding schemas/ and package.json. */
export function packageRoot(start: string = __dirname): string {
  let dir = start;
  for (;;) {
    if (existsSync(path.join(dir, 'package.json')) && existsSync(path.join(dir, 'schemas'))) return dir;
    const parent = path.dirname(dir);
    if (parent === dir) throw new Error(`Archipel: cannot find the package root (schemas/) above ${start}`);
    dir = parent;
  }
}
