/**
 * The continuity of each side of a change (issue #97), as the diff compares it: the gaps the continuity analysis
 * raises (a single point of failure, one zone, a store without backup) and the backups it finds, each at its file and
 * line. Pure: a side's facts in, the changes out; platform/archDiff.ts runs the analysis (continuity/api.ts) on
 * each side's index.
 *
 * A change is a gap the head raises that the base did not (a Deployment down to one replica, `multi_az = false`), a
 * backup of the base the head no longer has (`backup_retention_period = 0`, a dump CronJob or a Velero Schedule
 * removed), or a replica count that dropped, of the components on both sides. A gap is the same on both sides when its
 * rule and its node (the base's id read as the head's) are; a backup when its kind, what it covers and its file are.
 */
import { byCodeUnit } from '../common/order';

/** A gap or a backup of one side, named as the diff names ids and files. */
export interface ContinuityFact {
  /** `gap`: a continuity rule's finding; `backup`: a backup found. */
  fact: 'gap' | 'backup';
  /** The gap's rule (`continuity-single-replica`), or the backup's kind (`dump`, `rds-snapshots`, `velero`). */
  rule: string;
  /** The map id of the node a gap is about; for a backup, the map ids it covers, sorted. */
  nodes: string[];
  file: string;
  line: number;
  message: string;
}

/** `archipel diff --format json`'s `continuity` list: what the change does to continuity, each with its file and line. */
export interface ContinuityChange {
  /** `gap-raised`: a gap the head raises; `backup-removed`: a backup the head lost; `replicas-dropped`: fewer copies. */
  change: 'gap-raised' | 'backup-removed' | 'replicas-dropped';
  /** The gap's rule, the backup's kind, or `replicas`. */
  rule: string;
  /** The map id it is about (the head's id; for a backup removed, what it covered on the base): '' when none. */
  component: string;
  /** The head's file and line (for a backup removed: the base's, where it was). */
  file: string;
  line: number;
  message: string;
}

/** What the comparison reads of each side's nodes: how many copies they declare and where they are written. */
interface Replicas {
  of: (id: string) => number | undefined;
  place: (id: string) => { file: string; line: number } | undefined;
  /** How the side names the node (its kind and name), for the message. */
  name: (id: string) => string;
}

/** A gap: its rule and node (its message names the node, which a move may rename), or its file and message when about none; a backup: its kind, what it covers, its file. */
function key(fact: ContinuityFact, idOf: (id: string) => string): string {
  const nodes = fact.nodes.map(idOf).sort(byCodeUnit);
  if (fact.fact === 'backup') return JSON.stringify([fact.rule, nodes, fact.file]);
  return nodes.length > 0 ? JSON.stringify([fact.rule, nodes]) : JSON.stringify([fact.rule, fact.file, fact.message]);
}

/**
 * The continuity changes of `base` to `head`, gaps raised first, then backups removed and replicas dropped, each in
 * the order of its file and line. `idOf`: a base's id as the head names it.
 */
export function compareContinuity(
  base: readonly ContinuityFact[],
  head: readonly ContinuityFact[],
  replicas: { base: Replicas; head: Replicas; ids: readonly string[] },
  idOf: (id: string) => string = (id) => id,
  kept: (headId: string) => boolean = () => true,
): ContinuityChange[] {
  const before = new Set(base.map((f) => key(f, idOf)));
  const after = new Set(head.map((f) => key(f, (id) => id)));
  const changes: ContinuityChange[] = [];
  for (const f of head) {
    // A gap of a component the change adds, or deploys in another form (other rules apply), is that component's: said with it, not as a harm.
    if (f.fact !== 'gap' || before.has(key(f, (id) => id)) || !f.nodes.every(kept)) continue;
    changes.push({ change: 'gap-raised', rule: f.rule, component: f.nodes[0] ?? '', file: f.file, line: f.line, message: f.message });
  }
  for (const f of base) {
    if (f.fact !== 'backup' || after.has(key(f, idOf))) continue;
    const covers = f.nodes.map(idOf);
    changes.push({ change: 'backup-removed', rule: f.rule, component: covers[0] ?? '', file: f.file, line: f.line, message: `${f.message} is gone${covers.length > 0 ? ` (it covered ${covers.join(', ')})` : ''}` });
  }
  // The base's ids read as the head's: a node on both sides whose declared copies went down.
  const baseIds = new Map<string, string>();
  for (const id of replicas.ids) baseIds.set(idOf(id), id);
  for (const [headId, baseId] of baseIds) {
    const was = replicas.base.of(baseId);
    const is = replicas.head.of(headId);
    if (was === undefined || is === undefined || is >= was) continue;
    // The line of the single-replica gap when the head raises one (the replicas' line), else the node's.
    const gap = head.find((f) => f.fact === 'gap' && f.nodes[0] === headId && f.rule === 'continuity-single-replica');
    const place = gap ? { file: gap.file, line: gap.line } : replicas.head.place(headId);
    if (!place) continue;
    changes.push({ change: 'replicas-dropped', rule: 'replicas', component: headId, ...place, message: `${replicas.head.name(headId)} runs ${is} replica${is === 1 ? '' : 's'} where it ran ${was}` });
  }
  const order = ['gap-raised', 'backup-removed', 'replicas-dropped'];
  return changes.sort((a, b) => order.indexOf(a.change) - order.indexOf(b.change) || byCodeUnit(a.file, b.file) || a.line - b.line || byCodeUnit(a.rule, b.rule));
}
