/** Where a contribution is said, from what the families hold: offsets in a file, a node of a YAML document's source tree. */
import type { SystemSource } from '../features/system';
import type { IndexedFile } from '../workspace/index';
import type { SourceNode } from '../yaml/sourceNode';

/** The source of `[start, end)` in a file (absolute offsets). */
export function sourceAt(file: IndexedFile, start: number, end: number): SystemSource {
  return { uri: file.uri, range: file.lines.range(start, end) };
}

/** The source of a node of a YAML document starting at `offset` in the file; the document's start when there is no node. */
export function sourceOfNode(file: IndexedFile, offset: number, node: SourceNode | null | undefined): SystemSource {
  return node ? sourceAt(file, offset + node.start, offset + node.end) : sourceAt(file, offset, offset);
}

/** The source of a 0-based line of a file (its whole text). */
export function sourceOfLine(file: IndexedFile, line: number): SystemSource {
  const text = file.lines.lineText(line);
  return { uri: file.uri, range: { start: { line, character: 0 }, end: { line, character: text.length } } };
}

/** A short name for a file of the workspace: its folder's name and its own (`frontend/Dockerfile`). */
export function fileLabel(uri: string): string {
  const parts = decodeURIComponent(uri).split('/').filter(Boolean);
  return parts.slice(-2).join('/');
}

/** The id of the node standing for a file of the workspace (builder.artifact). */
export function artifactId(uri: string): string {
  return `file:${uri}`;
}
