/**
 * A refactor that keeps every resolved address is no change (issue #95): addresses moved out of each workload into a
 * ConfigMap they all read by `envFrom` (or any one place several components read) are drawn on the head as `may-call`
 * edges from every reader, made by the shared line, where the base drew one certain `calls` per caller. Read at its
 * grain, the same address is reached by the same callers: a group of `may-call` edges to one node with one label, all
 * made by one line, whose base had that address as certain calls — each of those callers among the group's readers —
 * is the address moved, not the 10 "may call" arrows added and the calls removed it read as. The risks raised on the
 * group's line and resolved on the calls' lines go with them. Anything else (an address whose target or port
 * changed, a caller that no longer reads it, a possibility with no certain call on the base) stays a change.
 * Pure: the diff's connections and risks in, those the move explains taken out.
 */
import type { DiffRisk } from './analyses';

interface Place {
  file: string;
  line: number;
}

interface Edge {
  from: string;
  to: string;
  kind: string;
  label: string;
  sources: readonly Place[];
}

/** The map's prefix of a possible call's label (system/model.ts: `may call HTTP :80`). */
const MAY = 'may call ';

const placeKey = (p: Place) => `${p.file}:${p.line}`;

/** The certain call a possible one would be: its target and its label without "may call". */
const addressOf = (edge: Edge) => JSON.stringify([edge.to, edge.kind === 'may-call' && edge.label.startsWith(MAY) ? edge.label.slice(MAY.length) : edge.label]);

export function sharedAddressMoves<E extends Edge>(added: readonly E[], removed: readonly E[], baseEdges: readonly Edge[], risks: { raised: readonly DiffRisk[]; resolved: readonly DiffRisk[] }): { added: E[]; removed: E[]; raised: DiffRisk[]; resolved: DiffRisk[] } {
  // The base's certain callers of each address.
  const callers = new Map<string, Set<string>>();
  for (const edge of baseEdges) if (edge.kind === 'calls') callers.set(addressOf(edge), (callers.get(addressOf(edge)) ?? new Set()).add(edge.from));
  // The head's possible calls added, by address and the one line that makes them.
  const groups = new Map<string, E[]>();
  for (const edge of added) {
    if (edge.kind !== 'may-call' || edge.sources.length !== 1) continue;
    const key = JSON.stringify([addressOf(edge), placeKey(edge.sources[0])]);
    groups.set(key, [...(groups.get(key) ?? []), edge]);
  }
  const foldedAdded = new Set<E>();
  const foldedRemoved = new Set<E>();
  const movedLines = new Set<string>();
  const removedLines = new Set<string>();
  for (const group of groups.values()) {
    const address = addressOf(group[0]);
    const readers = new Set(group.map((e) => e.from));
    // Certain calls of this address the head no longer draws: moved here when every one of their callers reads this line.
    const gone = removed.filter((e) => e.kind === 'calls' && addressOf(e) === address);
    if (!callers.has(address) || gone.length === 0 || gone.some((e) => !readers.has(e.from))) continue;
    for (const e of group) foldedAdded.add(e);
    for (const e of gone) foldedRemoved.add(e);
    movedLines.add(placeKey(group[0].sources[0]));
    for (const e of gone) for (const s of e.sources) removedLines.add(placeKey(s));
  }
  if (foldedAdded.size === 0) return { added: [...added], removed: [...removed], raised: [...risks.raised], resolved: [...risks.resolved] };
  // A risk all of whose lines are the moved addresses' (raised on the shared line, resolved on the calls' own lines) goes with them.
  const onlyOn = (lines: ReadonlySet<string>) => (r: DiffRisk) => r.sources.length > 0 && r.sources.every((s) => lines.has(placeKey(s)));
  return {
    added: added.filter((e) => !foldedAdded.has(e)),
    removed: removed.filter((e) => !foldedRemoved.has(e)),
    raised: risks.raised.filter((r) => !onlyOn(movedLines)(r)),
    resolved: risks.resolved.filter((r) => !onlyOn(removedLines)(r)),
  };
}
