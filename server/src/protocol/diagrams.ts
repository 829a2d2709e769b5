/**
 * `archipel/diagram`: a diagram generated from the workspace, as Mermaid text (the CLI prints the
 * same text with `archipel diagram`), with where each node comes from so that a click can open it.
 */
import type { Range } from 'vscode-languageserver-types';

export const DiagramRequest = 'archipel/diagram';

export type DiagramKind = 'k8s' | 'workflow' | 'adr';
export const diagramKinds: readonly DiagramKind[] = ['k8s', 'workflow', 'adr'];

export interface DiagramParams {
  kind: DiagramKind;
  /** A folder or file URI the diagram is limited to; the whole workspace when absent. */
  scope?: string;
}

/** A node that stands for something in a file. */
export interface DiagramNodeSource {
  /** The Mermaid node id. */
  id: string;
  uri: string;
  range: Range;
}

export interface DiagramResult {
  kind: DiagramKind;
  title: string;
  /** Mermaid source (a flowchart). */
  mermaid: string;
  sources: DiagramNodeSource[];
  nodes: number;
  edges: number;
  /** References the rules report as broken (drawn red and dashed). */
  broken: number;
  /** Why the diagram is empty, when it is. */
  empty?: string;
}

/** `archipel/mermaidSources`: the Mermaid diagrams of a file (a .mmd file, or each ```mermaid block of Markdown). */
export const MermaidSourcesRequest = 'archipel/mermaidSources';

export interface MermaidSourcesParams {
  uri: string;
}

export interface MermaidSourceData {
  /** The block's order among the file's Mermaid blocks (0 for a .mmd file). */
  index: number;
  text: string;
  /** File line of the diagram's first line. */
  line: number;
  /** The diagram text in the file, and the whole fenced block. */
  range: Range;
  block: Range;
}

export interface MermaidSourcesResult {
  sources: MermaidSourceData[];
}
