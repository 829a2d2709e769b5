/**
 * The system map as JSON, a contract (issue #49): exactly
 * `{"nodes":[{"id","kind","name","sources":[{"file","line"}]}],"edges":[{"from","to","kind","label","sources":[…]}]}`,
 * with `file` as the caller names files (relative to the current folder for the CLI) and `line` 1-based.
 */
import type { SystemSource } from '../features/system/contributor';

export interface SystemJsonSource {
  file: string;
  line: number;
}

export interface SystemJson {
  nodes: { id: string; kind: string; name: string; sources: SystemJsonSource[] }[];
  edges: { from: string; to: string; kind: string; label: string; sources: SystemJsonSource[] }[];
}

/** Nodes and edges (of the model or of a view) in the contract's shape, and nothing else. */
/** Ids hold the URIs of the files and folders they come from: named as the output names files, they stay the same on every machine. */
export function portableId(value: string, fileOf: (uri: string) => string): string {
  return value.replace(/file:\/\/[^:\s#]*/g, (uri) => fileOf(uri) || '.');
}

/**
 * `idOf`: how ids are named, relative to the repository (features/system/ids.ts repositoryIdOf, issue #92: the same
 * whatever folder the command runs from); without it, as the output names files.
 */
export function systemJson(
  graph: { nodes: readonly { id: string; kind: string; name: string; sources: readonly SystemSource[] }[]; edges: readonly { from: string; to: string; kind: string; label: string; sources: readonly SystemSource[] }[] },
  fileOf: (uri: string) => string,
  idOf?: (id: string) => string,
): SystemJson {
  const sources = (list: readonly SystemSource[]): SystemJsonSource[] => list.map((s) => ({ file: fileOf(s.uri), line: s.range.start.line + 1 }));
  const id = idOf ?? ((value: string) => portableId(value, fileOf));
  return {
    nodes: graph.nodes.map((n) => ({ id: id(n.id), kind: n.kind, name: n.name, sources: sources(n.sources) })),
    edges: graph.edges.map((e) => ({ from: id(e.from), to: id(e.to), kind: e.kind, label: e.label, sources: sources(e.sources) })),
  };
}
