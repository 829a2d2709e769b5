import { brotliDecompressSync } from 'node:zlib';

/**
 * The words of a bundled list kept front-coded, Brotli-compressed and base64'd (surnamesFr.ts, communesFr.ts): each
 * entry is the count of leading characters it shares with the previous word (one digit), then the rest of its own.
 */
export function frontDecoded(base64: string, separator: string): string[] {
  const words: string[] = [];
  let previous = '';
  for (const entry of brotliDecompressSync(Buffer.from(base64.replace(/\s/g, ''), 'base64')).toString('utf8').split(separator)) {
    previous = previous.slice(0, Number(entry[0])) + entry.slice(1);
    words.push(previous);
  }
  return words;
}
