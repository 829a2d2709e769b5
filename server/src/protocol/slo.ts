/**
 * `archipel/sloView`: the SLO view of the System Map (issue #82) — each component of the map with the
 * objectives the workspace's Sloth specs give it, those with none, and the SLOs whose service names no
 * component. The System Map panel's page will draw it; the wire shape is this.
 */
import { RequestType } from 'vscode-languageserver-protocol';
import type { Range } from 'vscode-languageserver-types';

export interface SloViewParams {
  /** Accepted for the System Map panel's folder; the view is the workspace's. */
  scope?: string;
}

/** One SLO as the view lists it: its name, its objective (percent), where its item of `slos` is. */
export interface SloViewObjective {
  service: string;
  slo: string;
  objective: number;
  description: string;
  uri: string;
  range: Range;
}

/** A problem of a spec file (its `slo-spec` findings' text), at the line of the key it is about. */
export interface SloViewError {
  uri: string;
  range: Range;
  message: string;
}

export interface SloViewComponent {
  id: string;
  name: string;
  kind: string;
  sources: { uri: string; range: Range }[];
  /** Empty: the component has no SLO. */
  objectives: SloViewObjective[];
}

export interface SloViewResult {
  /** Every component of the map (features/system's componentKinds), those with objectives first, then by name. */
  components: SloViewComponent[];
  /** SLOs whose service is no component of the map. */
  unmatched: SloViewObjective[];
  /** The problems of the specs (an SLO with one is not in the view): without them a spec with errors would look like none. */
  errors: SloViewError[];
  ms: number;
}

export const SloViewRequest = new RequestType<SloViewParams, SloViewResult, void>('archipel/sloView');
