/**
 * `archipel/diagram`: a diagram generated from the workspace, as Mermaid text (the CLI prints the
 * same text with `archipel diagram`) and as the graph that text was written from (the diagram panel
 * lays that out and draws it itself, several times faster than Mermaid), with where each node comes
 * from so that a click can open it.
 */
import { RequestType } from 'vscode-languageserver-protocol';
import type { Range } from 'vscode-languageserver-types';
import type { DiagramClassProperty, DiagramEdgeStyle, DiagramShape } from './diagramStyle';

export * from './diagramStyle';

export const DiagramRequest = new RequestType<DiagramParams, DiagramResult, void>('archipel/diagram');

/** A diagram's kind: the one a family's drawer declares (`k8s`, `workflow`, `adr`, `compose`, …; server/src/features/diagram/drawer.ts). */
export type DiagramKind = string;

export interface DiagramParams {
  kind: DiagramKind;
  /** A folder or file URI the diagram is limited to; the whole workspace when absent. */
  scope?: string;
  /** One of the views the kind's drawer declares (`containers`, `deployment` for `system`); its first when absent. */
  view?: string;
}

/** A node that stands for something in a file. */
export interface DiagramNodeSource {
  /** The Mermaid node id. */
  id: string;
  uri: string;
  range: Range;
}

export interface DiagramGraphNode {
  /** The Mermaid node id (what `sources` name). */
  id: string;
  /** The label, one entry per line, as plain text (never markup). */
  lines: string[];
  shape: DiagramShape;
  /** Names among `DiagramGraph.classes`. */
  classes: string[];
  /** The id of the group the node is drawn in. */
  group?: string;
}

export interface DiagramGraphEdge {
  from: string;
  to: string;
  label?: string;
  style: DiagramEdgeStyle;
}

export interface DiagramGraphGroup {
  id: string;
  label: string;
}

/** A generated diagram as a graph: what its Mermaid text says, structured. */
export interface DiagramGraph {
  direction: 'LR' | 'TB';
  nodes: DiagramGraphNode[];
  edges: DiagramGraphEdge[];
  groups: DiagramGraphGroup[];
  /** Node classes (status, missing, external): the properties each sets. */
  classes: Record<string, Partial<Record<DiagramClassProperty, string>>>;
}

export interface DiagramResult {
  kind: DiagramKind;
  title: string;
  /** Mermaid source (a flowchart). */
  mermaid: string;
  /** The same diagram as a graph. */
  graph: DiagramGraph;
  sources: DiagramNodeSource[];
  nodes: number;
  edges: number;
  /** References the rules report as broken (drawn red and dashed). */
  broken: number;
  /** Why the diagram is empty, when it is. */
  empty?: string;
}

/** `archipel/mermaidSources`: the Mermaid diagrams of a file (a .mmd file, or each ```mermaid block of Markdown). */
export const MermaidSourcesRequest = new RequestType<MermaidSourcesParams, MermaidSourcesResult, void>('archipel/mermaidSources');

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

/**
 * `archipel/diagramExport`: the SVG a diagram page drew, checked as the untrusted input it is
 * (an SVG document, no script, parsed by librsvg) and, for PNG, rasterised at twice its size on a
 * white background. The server does it, where sharp is already installed: the extension host
 * loads no native code. The client writes the file (it asks before replacing one).
 */
export const DiagramExportRequest = new RequestType<DiagramExportParams, DiagramExportResult, void>('archipel/diagramExport');

export interface DiagramExportParams {
  svg: string;
  format: 'svg' | 'png';
}

export interface DiagramExportResult {
  /** The file's bytes, base64. */
  data: string;
}
