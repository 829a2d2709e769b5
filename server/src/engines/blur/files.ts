import { promises as fs } from 'node:fs';
import path from 'node:path';
import { IMAGE_EXTENSIONS } from './image';
import { isOwnOutput } from './output';

export const CONFIG_NAMES = ['archipel.yaml', 'archipel.yml'];

export function isImagePath(file: string): boolean {
  return IMAGE_EXTENSIONS.includes(path.extname(file).toLowerCase());
}

/** An image given to blur, and the folder argument it was found under (if any). */
export interface FoundImage {
  file: string;
  root?: string;
}

async function walk(dir: string, suffix: string, found: string[]): Promise<void> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await walk(full, suffix, found);
    else if (entry.isFile() && isImagePath(full) && !isOwnOutput(full, suffix)) found.push(full);
  }
}

/**
 * Expands files and folders (recursively) into the images to process, sorted, without our own
 * outputs (`*.blurred.*`) or hidden folders. A file given by name is always taken: if it is not an
 * image, its result says so. Paths that do not exist are returned in `missing`.
 */
export async function collectImages(paths: readonly string[], suffix: string): Promise<{ images: FoundImage[]; missing: string[] }> {
  const images = new Map<string, FoundImage>();
  const missing: string[] = [];
  for (const given of paths) {
    const absolute = path.resolve(given);
    let stat;
    try {
      stat = await fs.stat(absolute);
    } catch {
      missing.push(given);
      continue;
    }
    if (stat.isDirectory()) {
      const found: string[] = [];
      await walk(absolute, suffix, found);
      for (const file of found) if (!images.has(file)) images.set(file, { file, root: absolute });
    } else if (!images.has(absolute)) {
      images.set(absolute, { file: absolute });
    }
  }
  return { images: [...images.values()].sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)), missing };
}

/** The nearest archipel.yaml (or .yml) in the file's folder or above it. */
export async function findConfigFile(file: string): Promise<string | undefined> {
  let dir = path.dirname(path.resolve(file));
  for (;;) {
    for (const name of CONFIG_NAMES) {
      const candidate = path.join(dir, name);
      try {
        if ((await fs.stat(candidate)).isFile()) return candidate;
      } catch {
        // not here
      }
    }
    const parent = path.dirname(dir);
    if (parent === dir) return undefined;
    dir = parent;
  }
}
