/**
 * Splits a multi-document YAML text into one chunk per document, so that an edit re-parses only
 * the documents it touched. A document starts at a `---` marker in column 0 (directives such as
 * `%YAML` that precede it belong to it) and ends at a `...` marker or at the next start. The YAML
 * spec forbids both markers at column 0 inside any scalar, so this split agrees with a full parse.
 */
export interface TextChunk {
  /** Absolute offset of the chunk in the file text. */
  offset: number;
  text: string;
}

const startMarker = /^---(?:[ \t]|$)/;
const endMarker = /^\.\.\.(?:[ \t]|$)/;

export function splitDocuments(text: string): TextChunk[] {
  const chunks: TextChunk[] = [];
  let chunkStart = 0;
  let lineStart = 0;
  /** Offset where a run of directive lines began, when the lines just before are directives. */
  let directivesStart = -1;
  let sawContent = false;

  const close = (end: number) => {
    if (end > chunkStart) chunks.push({ offset: chunkStart, text: text.slice(chunkStart, end) });
    chunkStart = end;
    sawContent = false;
  };

  while (lineStart <= text.length) {
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const next = lineEnd < text.length ? lineEnd + 1 : text.length + 1;
    // (Not read past the text's end: the optimised loop was thrown away there, once per run, #68.)
    const first = lineStart < text.length ? text.charCodeAt(lineStart) : -1;
    // Only lines starting with '-', '.' or '%' can be markers or directives: the others are read
    // no further than needed to know whether the document has content yet.
    if (first !== 0x2d && first !== 0x2e && first !== 0x25) {
      if (!sawContent) sawContent = hasContent(text, lineStart, lineEnd);
      directivesStart = -1;
      lineStart = next;
      continue;
    }
    const line = text.slice(lineStart, lineEnd).replace(/\r$/, '');

    if (startMarker.test(line)) {
      const start = directivesStart >= 0 ? directivesStart : lineStart;
      if (sawContent) close(start);
      sawContent = true;
      directivesStart = -1;
    } else if (endMarker.test(line)) {
      close(Math.min(next, text.length));
      directivesStart = -1;
    } else if (line.startsWith('%')) {
      if (directivesStart < 0) directivesStart = lineStart;
    } else {
      if (line.trim() !== '' && !line.trimStart().startsWith('#')) sawContent = true;
      directivesStart = -1;
    }
    lineStart = next;
  }
  if (chunkStart < text.length || chunks.length === 0) {
    chunks.push({ offset: chunkStart, text: text.slice(chunkStart) });
  }
  return chunks;
}

/** Whether a line holds more than blanks and a comment. */
function hasContent(text: string, from: number, to: number): boolean {
  for (let at = from; at < to; at++) {
    const code = text.charCodeAt(at);
    if (code === 0x20 || code === 0x09 || code === 0x0d) continue;
    return code !== 0x23;
  }
  return false;
}
