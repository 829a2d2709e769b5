/**
 * The team's policies on each side of a change (issue #96), as the diff compares them: each side's violations of its
 * own policies (policy/api.ts workspaceViolations, run by platform/archDiff.ts on each side's index: the base's policies
 * judge the base, the head's the head), and the ones the change raises or resolves. Pure: each side's facts in, the
 * changes out.
 *
 * A violation is the same on both sides when its file (the base's read at the head's place when git says it moved:
 * moves.ts), its rule and its object (kind, namespace and name; a Terraform resource's address) are: not its line, so a
 * violation whose line moved is no change. Two violations of one key (a rule failed on two containers) count: the head
 * raises those past the base's count.
 */
import { byCodeUnit } from '../common/order';

/** A violation of one side, named as the diff names ids and files. */
export interface PolicyFact {
  /** `policy:<policy>/<rule>`. */
  rule: string;
  /** `Enforce` (the policy refuses the object: an error) or `Audit` (it reports it: a warning). */
  action: 'Enforce' | 'Audit';
  /** The object: `Kind/namespace/name` (`Kind/name` with no namespace written), a Terraform resource's address, '' for a template's render. */
  object: string;
  /** The map id of the component the object declares ('' when none). */
  component: string;
  file: string;
  line: number;
  message: string;
}

/** `archipel diff --format json`'s `policy`: the violations the head raises and those it resolves. */
export interface PolicyChanges {
  /** On the head, not on the base: at the head's file and line. */
  raised: PolicyFact[];
  /** On the base, not on the head: at the base's file and line (the head's file when it moved). */
  resolved: PolicyFact[];
}

const key = (f: PolicyFact): string => JSON.stringify([f.file, f.rule, f.object]);

/** The facts of `side` past the count of their key in `other`. */
function beyond(side: readonly PolicyFact[], other: readonly PolicyFact[]): PolicyFact[] {
  const left = new Map<string, number>();
  for (const f of other) left.set(key(f), (left.get(key(f)) ?? 0) + 1);
  const out: PolicyFact[] = [];
  for (const f of side) {
    const n = left.get(key(f)) ?? 0;
    if (n > 0) left.set(key(f), n - 1);
    else out.push(f);
  }
  return out;
}

const order = (a: PolicyFact, b: PolicyFact): number => byCodeUnit(a.file, b.file) || a.line - b.line || byCodeUnit(a.rule, b.rule) || byCodeUnit(a.object, b.object);

/** The violations `head` raises over `base`, and those it resolves, each sorted by file, line and rule. */
export function comparePolicy(base: readonly PolicyFact[], head: readonly PolicyFact[]): PolicyChanges {
  return { raised: beyond(head, base).sort(order), resolved: beyond(base, head).sort(order) };
}

/** The raised violations a `--fail-on policy` gate fails on: those the policy enforces (an Audit one reports, never refuses). */
export const enforced = (changes: PolicyChanges): PolicyFact[] => changes.raised.filter((f) => f.action === 'Enforce');
