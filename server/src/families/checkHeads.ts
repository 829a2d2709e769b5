/**
 * What a check's choice of families reads of its files (families/check.ts HeadReader): each file's first bytes read
 * once for every family's sniff and content test, kept for the index when they hold the whole file (issue #68, #84).
 */
import { closeSync, readSync } from 'node:fs';
import { decodeText, type DecodedText } from '../common/textDecoding';
import { openRegularFileSync } from '../disk/readText';
import type { HeadReader } from './check';

/** The first bytes of a file a check's choice of families reads (families/check.ts: its content tests' 64 KB, a sniff's 4 × 16 KB). */
const HEAD_BYTES = 65_536;
/** The heads kept for the other families' tests at most, in bytes (each family sniffs 256 files at most: families/check.ts). */
const MAX_KEPT_HEADS = 16 * 2 ** 20;

/** What a check's choice of families read of its files, kept for its index. */
export interface Heads {
  /** A file's first bytes for a sniff or a content test (families/check.ts). */
  readonly read: HeadReader;
  /**
   * A file's text when its head held all of it (a rule file of 1 kB: the index takes it from here instead of opening
   * it again, issue #84), else undefined; given once, then let go.
   */
  readonly whole: (file: string) => DecodedText | undefined;
}

/**
 * A file's first bytes for a sniff or a content test (families/check.ts), and whether it holds more: each file
 * read once for every family's sniff and test of one check (a file of the context was read again by each family
 * sniffing it, issue #68), its first HEAD_BYTES + 1 bytes kept until the families are chosen, and the whole of a
 * file shorter than that until the index reads it (`whole`).
 */
export function headReader(): Heads {
  const heads = new Map<string, Buffer | undefined>();
  // A kept head's texts by the bytes decoded (a family's sniff asks 4 × 16 KB, a content test 64 KB): each decoded once
  // for every family reading it, not once per family (issue #68).
  const texts = new Map<string, Map<number, { readonly text: string; readonly cut: boolean }>>();
  const scratch = Buffer.alloc(HEAD_BYTES + 1);
  // What is kept is bounded (MAX_KEPT_HEADS bytes, the heads' and their texts' lengths): past it a head is read and decoded again when asked again.
  let kept = 0;
  const read: HeadReader = (file, bytes) => {
    if (bytes > HEAD_BYTES) return readHead(file, bytes, Buffer.alloc(bytes + 1));
    let head = heads.get(file);
    if (!heads.has(file)) {
      head = readBytes(file, scratch);
      if (kept + (head?.length ?? 0) <= MAX_KEPT_HEADS) {
        heads.set(file, head);
        kept += head?.length ?? 0;
      }
    }
    if (head === undefined) return undefined;
    // Any `bytes` at or past the head's length decodes the whole head: one text for all of them.
    const length = Math.min(head.length, bytes);
    const known = texts.get(file)?.get(length);
    if (known !== undefined) return known;
    const decoded = { text: head.subarray(0, length).toString('utf8'), cut: head.length > bytes };
    if (heads.has(file) && kept + decoded.text.length <= MAX_KEPT_HEADS) {
      let ofFile = texts.get(file);
      if (ofFile === undefined) texts.set(file, (ofFile = new Map<number, { readonly text: string; readonly cut: boolean }>()));
      ofFile.set(length, decoded);
      kept += decoded.text.length;
    }
    return decoded;
  };
  const whole = (file: string): DecodedText | undefined => {
    // The families are chosen: their decoded texts are not asked again.
    texts.clear();
    const head = heads.get(file);
    heads.delete(file);
    // A read of a regular file that returns fewer bytes than asked has reached its end: the head is the file, read
    // through the same regular-file open as readTextSync's, decoded as it decodes.
    return head !== undefined && head.length <= HEAD_BYTES ? decodeText(head) : undefined;
  };
  return { read, whole };
}

/** A file's first `buffer.length` bytes, a copy (undefined: unreadable). */
function readBytes(file: string, buffer: Buffer): Buffer | undefined {
  let fd: number | undefined;
  try {
    fd = openRegularFileSync(file);
    return Buffer.from(buffer.subarray(0, readSync(fd, buffer, 0, buffer.length, 0)));
  } catch {
    return undefined;
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}

/** A file's first `bytes` bytes, read into `buffer` (bytes + 1 long), and whether it holds more. */
function readHead(file: string, bytes: number, buffer: Buffer): ReturnType<HeadReader> {
  const read = readBytes(file, buffer);
  return read === undefined ? undefined : { text: read.subarray(0, Math.min(read.length, bytes)).toString('utf8'), cut: read.length > bytes };
}
