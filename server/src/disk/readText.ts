/** Reads a workspace file as text the one way every reader does (common/textDecoding.ts). */
import { promises as fs, readFileSync, statSync } from 'node:fs';
import { decodeText, type DecodedText } from '../common/textDecoding';

export async function readText(file: string): Promise<DecodedText> {
  return decodeText(await fs.readFile(file));
}

export function readTextSync(file: string): DecodedText {
  return decodeText(readFileSync(file));
}

/**
 * A small file's text (a `.dvc` file: a few lines), undefined when it is missing, unreadable or
 * larger than `limit` bytes (a large file of that name is not read whole).
 */
export function readSmallTextQuietly(file: string, limit = 1 << 20): string | undefined {
  try {
    if ((statSync(file, { throwIfNoEntry: false })?.size ?? 0) > limit) return undefined;
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}
