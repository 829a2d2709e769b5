import { promises as fs } from 'node:fs';
import path from 'node:path';
import { IMAGE_EXTENSIONS } from '../../protocol/blurValues';
import type { BlurConfig } from './config';
import type { JobItem } from './job';
import { failedResult, type FileResult } from './result';
import { expandPaths, type FoundFile } from '../core/inputs';
import { isOwnOutput } from '../core/output';

export const CONFIG_NAMES = ['archipel.yaml', 'archipel.yml'];

export function isImagePath(file: string): boolean {
  return IMAGE_EXTENSIONS.includes(path.extname(file).toLowerCase());
}

/** An image given to blur, and the folder argument it was found under (if any). */
export type FoundImage = FoundFile;

async function walk(dir: string, found: string[]): Promise<void> {
  const entries = await fs.readdir(dir, { withFileTypes: true });
  for (const entry of entries) {
    if (entry.name.startsWith('.') || entry.name === 'node_modules') continue;
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) await walk(full, found);
    else if (entry.isFile() && isImagePath(full)) found.push(full);
  }
}

/**
 * Expands files and folders (recursively, hidden folders and node_modules left out) into the
 * images to process, sorted. A file given by name is always taken: if it is not an image, its
 * result says so. Paths that do not exist are returned in `missing`.
 */
export async function collectImages(paths: readonly string[]): Promise<{ images: FoundImage[]; missing: string[] }> {
  const { found, missing } = await expandPaths(paths, async (folder) => {
    const images: string[] = [];
    await walk(folder, images);
    return images;
  });
  return { images: found, missing };
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

/**
 * Pairs each image with its configuration. Images found in a folder that are outputs of a previous
 * run (`<name><suffix>.<ext>`, or inside the output folder) are left out; an image whose
 * configuration cannot be read gets a result with that error instead of a job.
 */
export async function planJob(images: readonly FoundImage[], configFor: (file: string) => Promise<BlurConfig>): Promise<{ items: JobItem[]; failed: FileResult[] }> {
  const items: JobItem[] = [];
  const failed: FileResult[] = [];
  for (const image of images) {
    let config: BlurConfig;
    try {
      config = await configFor(image.file);
    } catch (error) {
      failed.push(failedResult(image.file, (error as Error).message));
      continue;
    }
    if (image.root && (isOwnOutput(image.file, config.suffix) || (config.outputFolder && isInside(image.file, config.outputFolder)))) continue;
    items.push({ ...image, config });
  }
  return { items, failed };
}

function isInside(file: string, folder: string): boolean {
  const relative = path.relative(folder, file);
  return relative !== '' && !relative.startsWith('..') && !path.isAbsolute(relative);
}
