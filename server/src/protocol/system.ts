/**
 * `archipel/systemMap` (issue #49): one view of the system map (server/src/system/), with where every
 * node and edge is said, for the System Map panel. The view is computed on the server from the model
 * every family contributes to; the page filters, lays out and draws it.
 */
import { RequestType } from 'vscode-languageserver-protocol';
import type { Range } from 'vscode-languageserver-types';

export const SystemMapRequest = new RequestType<SystemMapParams, SystemMapResult, void>('archipel/systemMap');

export type SystemMapView = 'containers' | 'context' | 'deployment' | 'delivery';

/** The text formats a view is exported to (the System Map panel's Export…), as `archipel diagram system --format` writes them. */
export type SystemMapFormat = 'mermaid' | 'structurizr' | 'plantuml' | 'svg';

export interface SystemMapParams {
  view: SystemMapView;
  /** A folder URI the map is limited to; the whole workspace when absent. */
  scope?: string;
  /** Asks for the view in this format as well (`text`). */
  format?: SystemMapFormat;
}

export interface SystemMapSource {
  uri: string;
  range: Range;
}

export interface SystemMapNode {
  id: string;
  kind: string;
  name: string;
  technology?: string;
  family: string;
  namespace?: string;
  /** The group (deployment view) it is drawn in. */
  group?: string;
  sources: SystemMapSource[];
  /** The workspace's policy violations said on its lines (#96): absent when none. */
  violations?: SystemMapViolation[];
}

/** A policy violation of a node (policy:<policy>/<rule>, Enforce an error, Audit a warning), where it is said. */
export interface SystemMapViolation {
  code: string;
  message: string;
  severity: 'error' | 'warning';
  uri: string;
  range: Range;
}

export interface SystemMapEdge {
  from: string;
  to: string;
  kind: string;
  label: string;
  protocol?: string;
  /** The lines that make it: "why is this edge here". */
  sources: SystemMapSource[];
}

export interface SystemMapGroup {
  id: string;
  name: string;
  kind: string;
  technology?: string;
  parent?: string;
  /** A variant's deployment (a test kustomization, an overlay of extras): the page keeps it closed when all groups are opened. */
  variant?: boolean;
  sources: SystemMapSource[];
}

export interface SystemMapResult {
  view: SystemMapView;
  /** The system's name (the repository's folder). */
  system: string;
  nodes: SystemMapNode[];
  edges: SystemMapEdge[];
  groups: SystemMapGroup[];
  /** Milliseconds the model and the view took on the server. */
  ms: number;
  /** The view in the format asked for: what `archipel diagram system --view <view> --format <format>` prints. */
  text?: string;
}
