/**
 * `archipel/diff` (issue #80, As-Is / To-Be): the architecture diff of a workspace folder's repository,
 * `base` against `head` (the working tree as saved on disk when absent), as `archipel diff --format json`
 * prints it (docs/diff.md, "the contract"; platform/archDiff.ts computes it). The System Map panel's
 * "Compare with…" draws the head's map with these differences marked.
 *
 * The wire types below name what the panel reads; the answer carries the whole contract (threats,
 * privacy, cost as well).
 */
import { RequestType } from 'vscode-languageserver-protocol';

export const DiffRequest = new RequestType<DiffParams, DiffResult, void>('archipel/diff');

export interface DiffParams {
  /** A branch, a tag, a commit (`HEAD~1`…): resolved once by `git rev-parse --verify --end-of-options`, never read as an option. */
  base: string;
  /** Another revision; the working tree when absent. */
  head?: string;
  /** A workspace folder URI (its repository); the first workspace folder when absent. */
  scope?: string;
}

/** A file and line (1-based) of a side, the file relative to the repository's top. */
export interface DiffSource {
  file: string;
  line: number;
}

export interface DiffComponent {
  id: string;
  kind: string;
  name: string;
  sources: DiffSource[];
  /** The ids of the other copies of the same component the same change made (N overlays of one base), absent without copies. */
  copies?: string[];
}

export interface DiffFieldChange {
  field: string;
  before: string;
  after: string;
}

export interface DiffChangedComponent extends DiffComponent {
  changes: DiffFieldChange[];
}

export interface DiffConnection {
  from: string;
  to: string;
  kind: string;
  label: string;
  sources: DiffSource[];
  fromName?: string;
  toName?: string;
  /** The ends of the other copies of the same connection the same change made (N overlays of one base: the same kind and label), absent without copies. */
  copies?: DiffConnectionCopy[];
}

/** A copy of a connection: its ends' ids. */
export interface DiffConnectionCopy {
  from: string;
  to: string;
}

export interface DiffResult {
  /** The repository's top (a file URI): every `file` of the answer is relative to it (the CLI's: to its current folder). */
  root: string;
  base: { ref: string; commit: string };
  head: { ref: string; commit: string | null };
  components: { added: DiffComponent[]; removed: DiffComponent[]; changed: DiffChangedComponent[]; renamed: (DiffComponent & { from: string })[] };
  connections: { added: DiffConnection[]; removed: DiffConnection[] };
  entryPoints: { opened: DiffConnection[]; closed: DiffConnection[] };
  /** The threat model's risks raised by the change (their head's lines) and resolved by it (their base's): the Security view's "Changes". */
  threats: { raised: DiffRisk[]; resolved: DiffRisk[] };
  /** The violations of the team's own policies the change raises (the head's lines) and resolves (the base's): docs/diff.md, "policy". */
  policy: { raised: DiffPolicyViolation[]; resolved: DiffPolicyViolation[] };
  /** The monthly cost and carbon of the whole system on each side (docs/diff.md, "cost"), when either side prices a component: the panel's before/after and per-component deltas. */
  cost?: DiffCostResult;
}

/** A component's figures on one side: its monthly cost and kgCO2e (null: no footprint known). */
export interface DiffCostFigures {
  monthlyCost: number;
  monthlyCo2eKg: number | null;
}

/** `cost` of the answer: the fields the panel reads. */
export interface DiffCostResult {
  currency: string;
  before: number;
  after: number;
  delta: number;
  co2eKg: { before: number; after: number; delta: number };
  base: { unpriced: { address: string; reason: string; file: string }[] };
  head: { unpriced: { address: string; reason: string; file: string }[] };
  changed: { id: string; name: string; status: 'added' | 'removed' | 'changed'; before: DiffCostFigures | null; after: DiffCostFigures | null; sources: DiffSource[] }[];
}

/** A risk of one side (docs/diff.md, "threats"): the fields the Security view's "Changes" reads. */
export interface DiffRisk {
  /** Threagile's synthetic id. */
  id: string;
  rule: string;
  title: string;
  severity: string;
  /** The attack path, named. */
  pathNames: string[];
  sources: DiffSource[];
}

/** A violation of a policy of the repository on one side (docs/diff.md, "policy"). */
export interface DiffPolicyViolation {
  /** `policy:<policy>/<rule>`. */
  rule: string;
  /** `Enforce` (the policy refuses the object) or `Audit` (it reports it). */
  action: 'Enforce' | 'Audit';
  /** `Kind/namespace/name`, a Terraform resource's address, '' for a chart template's render. */
  object: string;
  /** The map id of the component the object declares, '' when none. */
  component: string;
  file: string;
  line: number;
  message: string;
}
