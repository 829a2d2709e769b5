/**
 * `archipel/continuityView`: the Continuity view of the System Map (issue #97) — each component of the map coloured by
 * its continuity (no gap, gaps, not judged), its single points of failure marked, its asked and achievable RPO and
 * RTO, its backups, each gap at its line; from the same analysis as `archipel continuity` (server/src/continuity/).
 */
import { RequestType } from 'vscode-languageserver-protocol';
import type { Range } from 'vscode-languageserver-types';

export interface ContinuityViewParams {
  /** Accepted for the System Map panel's folder; the view is the workspace's. */
  scope?: string;
}

/** A gap (a SPOF, a store without backup, an objective its backups miss) at the line it is about. */
export interface ContinuityViewGap {
  rule: string;
  message: string;
  uri: string;
  range: Range;
  /** A single point of failure (continuity-no-backup and continuity-objective-unmet are not). */
  spof: boolean;
}

export interface ContinuityViewBackup {
  kind: string;
  /** How much data a restore from it loses at most, as `archipel continuity` writes it (`5m`, `24h`). */
  interval: string;
  uri: string;
  range: Range;
}

/**
 * `none`: judged, no gap left (accepted ones aside); `gaps`: at least one gap not accepted; `not-judged`: no file
 * continuity reads (Kubernetes, Compose, Terraform) makes the component, so nothing was derived for it.
 */
export type ContinuityStatus = 'none' | 'gaps' | 'not-judged';

export interface ContinuityViewComponent {
  id: string;
  name: string;
  kind: string;
  status: ContinuityStatus;
  tier?: string;
  sources: { uri: string; range: Range }[];
  /** Durations as `archipel continuity` writes them (`5m`, `24h`); absent when nothing asks or no backup covers it. `from`: the component whose objective it inherits. */
  rpo: { asked?: string; achievable?: string; from?: string };
  rto: { asked?: string; risks: string[] };
  /** The gaps not accepted. */
  gaps: ContinuityViewGap[];
  backups: ContinuityViewBackup[];
  accepted: { rule: string; reason: string }[];
}

export interface ContinuityViewResult {
  /** Whether archipel.yaml declares a continuity section (objectives asked). */
  asked: boolean;
  /** The map's components, those with gaps first, then by name. */
  components: ContinuityViewComponent[];
  /** Gaps of no component (a Compose project's host, a cluster, a budget). */
  loose: ContinuityViewGap[];
  /** The continuity section's problems (an entry that is not a map, a duration that is not one). */
  problems: { uri: string; range: Range; message: string }[];
  ms: number;
}

export const ContinuityViewRequest = new RequestType<ContinuityViewParams, ContinuityViewResult, void>('archipel/continuityView');
