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
