/**
 * Bytes of a workspace file to text, saying so when they are not what Archipel reads: UTF-8 (a
 * byte-order mark is dropped), or UTF-16 with its byte-order mark (decoded: Windows tools write
 * it, and a misspelt field in it must not pass unseen). Anything else is decoded as UTF-8 with
 * U+FFFD for the bytes that are not, and one problem names where the first one is.
 */
import { t } from '../l10n/t';
export interface TextProblem {
  /** Offset in the decoded text of the first character that was not read as written. */
  offset: number;
  message: string;
}

export interface DecodedText {
  text: string;
  problem?: TextProblem;
}

const fatalUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const lenientUtf8 = new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes.length >= 2 && bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes) };
  if (bytes.length >= 2 && bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes) };
  try {
    return { text: fatalUtf8.decode(bytes) };
  } catch {
    const text = lenientUtf8.decode(bytes);
    const offset = Math.max(0, text.indexOf('\ufffd'));
    const before = text.slice(0, offset);
    const line = before.split('\n').length;
    const column = offset - before.lastIndexOf('\n');
    return {
      text,
      problem: {
        offset,
        message: t('The file is not valid UTF-8 (first at line {0}, column {1}): Archipel read the bytes that are not as U+FFFD (�), so what it checks may differ from what other tools read. Save the file as UTF-8.', line, column),
      },
    };
  }
}
