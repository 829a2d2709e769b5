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

  // Where the next line starting with '-', '.' or '%' begins (its line break's offset; -1: none), found by native searches, each again only once passed.
  const candidates = [0x2d, 0x2e, 0x25].map((code) => ({ needle: `\n${String.fromCharCode(code)}`, at: -2 }));
  const nextCandidate = (from: number): number => {
    let best = -1;
    for (const candidate of candidates) {
      if (candidate.at !== -1 && candidate.at < from - 1) candidate.at = text.indexOf(candidate.needle, from - 1);
      if (candidate.at !== -1 && (best === -1 || candidate.at < best)) best = candidate.at;
    }
    return best === -1 ? text.length + 1 : best + 1;
  };

  while (lineStart <= text.length) {
    // Speed (#68): once the document has content and no directive precedes, a line that cannot be a
    // marker or a directive changes nothing: the loop goes on at the next line that can.
    if (sawContent && directivesStart < 0 && lineStart > 0) {
      lineStart = nextCandidate(lineStart);
      if (lineStart > text.length) break;
    }
    let lineEnd = text.indexOf('\n', lineStart);
    if (lineEnd === -1) lineEnd = text.length;
    const next = lineEnd < text.length ? lineEnd + 1 : text.length + 1;
    const first = text.charCodeAt(lineStart);
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
