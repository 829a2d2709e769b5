/**
 * `archipel/securityView` (issue #65): the security model derived from the files that deploy the
 * system (server/src/threats/), for the System Map panel's Security view and the risk dashboard's
 * threat matrix: trust boundaries (nested), the components with the classification of what they
 * hold, the entry points, the links with what the files say of them, and the risks with their
 * attack paths and lines. Answered from `workspaceThreats` (threats/view.ts).
 */
import { RequestType } from 'vscode-languageserver-protocol';
import type { SystemMapSource } from './system';

export const SecurityViewRequest = new RequestType<SecurityViewParams, SecurityViewResult, void>('archipel/securityView');

export interface SecurityViewParams {
  /** Accepted for the System Map panel's folder; the model is the workspace's (the threats are derived from the whole map). */
  scope?: string;
}

export interface SecurityViewBoundary {
  id: string;
  name: string;
  /** `internet`, `compose`, `cluster`, `namespace`, `cloud`, `security-group`. */
  kind: string;
  /** Threagile's boundary type. */
  type: string;
  parent?: string;
  /** The walls: a namespace's NetworkPolicies, a security group's rules. */
  walls: SystemMapSource[];
  sources: SystemMapSource[];
}

export interface SecurityViewNode {
  id: string;
  name: string;
  /** The map's kind (`service`, `datastore`, …), `external` for the Internet and what stands outside the map. */
  kind: string;
  technology?: string;
  /** The innermost boundary it sits in. */
  boundary?: string;
  /** Reached from the Internet directly (an entry point leads to it). */
  entry: boolean;
  /** A data store: the classification of what it holds (Threagile's confidentiality), its fideslang categories, encryption at rest and the lines that declare it (a Terraform attribute, a StorageClass's key). */
  store?: { classification: string; categories: string[]; encrypted: boolean; encryption?: SystemMapSource[] };
  sources: SystemMapSource[];
}

export interface SecurityViewEntry {
  id: string;
  /** `ingress`, `load-balancer`, `published-port`, … */
  via: string;
  /** The node reached first. */
  to: string;
  label: string;
  tls: boolean;
  /** `user`, `exposure`, `operator`. */
  role: string;
  sources: SystemMapSource[];
}

export interface SecurityViewLink {
  id: string;
  from: string;
  to: string;
  kind: 'entry' | 'call' | 'deploy';
  protocol: string;
  label: string;
  tls: boolean;
  credentials: boolean;
  /** Plaintext, or a call with no credentials: drawn red. */
  risky: boolean;
  /** The open risks whose attack path takes it (their ids). */
  risks: string[];
  sources: SystemMapSource[];
}

export interface SecurityViewTracking {
  /** The AMDEC's treatment: `mitigated`, `accepted`, `in-progress`, `false-positive`, `unchecked`. */
  status: string;
  /** The AMDEC risk's id, and its line. */
  risk: string;
  source: SystemMapSource;
  justification?: string;
}

export interface SecurityViewRisk {
  /** Threagile's synthetic id (what `x-threat` in the AMDEC names). */
  id: string;
  /** The diagnostic's code: `threat-<Threagile rule id>`. */
  rule: string;
  stride: string;
  severity: string;
  likelihood: string;
  impact: string;
  title: string;
  /** The attack path (node ids, from the Internet when there is one), or the elements involved. */
  path: string[];
  /** The links along the path (their ids). */
  links: string[];
  sources: SystemMapSource[];
  /** Its treatment in the risk register, when an AMDEC risk names it. */
  tracking?: SecurityViewTracking;
  /** Raised: not treated (`mitigated`, `accepted`, `false-positive` are not). */
  open: boolean;
}

export interface SecurityViewResult {
  system: string;
  boundaries: SecurityViewBoundary[];
  nodes: SecurityViewNode[];
  entries: SecurityViewEntry[];
  links: SecurityViewLink[];
  risks: SecurityViewRisk[];
  /** Milliseconds the model and the view took on the server. */
  ms: number;
}
