/**
 * Helm's own document split of a rendered template. Helm (releaseutil.SplitManifests, charts v1 and v2) cuts
 * a render with `(?:^|\s*\n)---\s*`: a `---` at the start of any line is a separator, whatever follows it on
 * the line — `---# comment` and `---apiVersion: v1`, which a `{{- … -}}` trim after a `---` line renders, are
 * fine for Helm though no YAML parser reads them as a separator. Written as a scan of line starts, not with that
 * regular expression, whose `\s*\n` backtracks over every run of blank lines.
 */
import type { Segment } from '../gotemplate/exec';

/** The offsets, in `text`, of every line start holding `---` (the file's start included). */
function separatorStarts(text: string): number[] {
  const found: number[] = [];
  for (let at = 0; at >= 0 && at < text.length; ) {
    if (text.startsWith('---', at)) found.push(at);
    const next = text.indexOf('\n', at);
    at = next < 0 ? -1 : next + 1;
  }
  return found;
}

/**
 * The documents of a rendered template as SplitManifests cuts them: the whitespace around a separator is
 * the separator's (each document trimmed at both ends, the file's last one keeping what ends it), empty ones left out.
 */
export function helmDocuments(text: string): string[] {
  const documents: string[] = [];
  let from = 0;
  const starts = separatorStarts(text);
  const pieces: string[] = [];
  for (const at of starts) {
    pieces.push(text.slice(from, at));
    from = at + 3;
  }
  pieces.push(text.slice(from));
  for (const [i, piece] of pieces.entries()) {
    if (piece.trim() === '') continue;
    documents.push(i === pieces.length - 1 ? piece.trimStart() : piece.trim());
  }
  return documents;
}

/**
 * The rendered text with a line break after every separator glued to what follows it (`---# comment`,
 * `---apiVersion: v1`), so a YAML parser reads the documents Helm reads; `segments` moved with the text (a
 * segment holding an insertion is cut there, each part keeping its place in the template). Unchanged, the
 * same objects, when no separator is glued.
 */
export function helmSeparated(text: string, segments: readonly Segment[] | undefined): { text: string; segments: readonly Segment[] | undefined } {
  // An insertion at offset `p` puts a line break before the character at `p` (the one glued to `---`).
  const inserted = separatorStarts(text)
    .map((at) => at + 3)
    .filter((p) => p < text.length && !' \t\n\f\r'.includes(text[p]));
  if (inserted.length === 0) return { text, segments };
  let out = '';
  let from = 0;
  for (const p of inserted) {
    out += `${text.slice(from, p)}\n`;
    from = p;
  }
  out += text.slice(from);
  return { text: out, segments: segments && movedSegments(segments, inserted) };
}

/** How many insertions are at or before `offset` (`inserted` ascending). */
function before(inserted: readonly number[], offset: number): number {
  let low = 0;
  let high = inserted.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (inserted[mid] <= offset) low = mid + 1;
    else high = mid;
  }
  return low;
}

function movedSegments(segments: readonly Segment[], inserted: readonly number[]): Segment[] {
  const moved: Segment[] = [];
  for (const segment of segments) {
    // The insertions strictly inside the segment cut it; one at its start only moves it.
    const cuts: number[] = [];
    for (let i = before(inserted, segment.out); i < inserted.length && inserted[i] < segment.out + segment.length; i++) cuts.push(inserted[i]);
    const bounds = [segment.out, ...cuts, segment.out + segment.length];
    for (let i = 0; i + 1 < bounds.length; i++) {
      const start = bounds[i];
      const length = bounds[i + 1] - start;
      const src = segment.exact ? segment.src + (start - segment.out) : segment.src;
      const srcEnd = segment.exact ? src + length : segment.srcEnd;
      moved.push({ out: start + before(inserted, start), length, src, srcEnd, exact: segment.exact });
    }
  }
  return moved;
}
