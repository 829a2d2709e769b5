/** Reads a workspace file as text the one way every reader does (common/textDecoding.ts). */
import { promises as fs, readFileSync } from 'node:fs';
import { decodeText, type DecodedText } from '../common/textDecoding';

export async function readText(file: string): Promise<DecodedText> {
  return decodeText(await fs.readFile(file));
}

export function readTextSync(file: string): DecodedText {
  return decodeText(readFileSync(file));
}
