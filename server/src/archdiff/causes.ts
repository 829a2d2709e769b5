/**
 * Why a risk is raised when its own lines did not change (issue #95): a risk on a line the commit never touched (a
 * store's "unencrypted asset" on its unchanged service, raised because a port was published on another one) names
 * the changes of the diff on its attack path — a component of it added or changed, a connection or an entry point added
 * from or to one of its nodes (what a node reaches changes what it holds, so what it is worth). A risk whose own line is among those changes' lines is its own cause: none is said.
 * Pure: the risks raised and the diff's changes in, the risks with their causes out.
 */
import type { DiffRisk } from './analyses';

interface Place {
  file: string;
  line: number;
}

/** What the causes read of the diff's components and connections (compare.ts's types, read as data). */
interface CauseNode {
  id: string;
  kind: string;
  name: string;
  sources: readonly Place[];
}

interface CauseConnection {
  from: string;
  to: string;
  kind: string;
  fromName: string;
  toName: string;
  sources: readonly Place[];
}

export interface CauseInputs {
  added: readonly CauseNode[];
  changed: readonly (CauseNode & { changes: readonly { field: string; before: string; after: string }[] })[];
  connections: readonly CauseConnection[];
  /** The map's nodes drawn outside the system (its `person` nodes): an edge from one is an entry point, `internet` on a risk's path. */
  outside: (id: string) => boolean;
}

/** The id the threat model gives the Internet on an attack path (threats/derive.ts INTERNET, as the diff's JSON writes it). */
const INTERNET = 'internet';

const placeKey = (p: Place) => `${p.file}:${p.line}`;

/** Each raised risk, with `cause` when changes on its path raise it and none of them is on its own lines. */
export function withCauses(raised: readonly DiffRisk[], diff: CauseInputs): DiffRisk[] {
  return raised.map((risk) => {
    const path = new Set(risk.path);
    const own = new Set(risk.sources.map(placeKey));
    const causes: { text: string; sources: readonly Place[] }[] = [];
    for (const node of diff.added) if (path.has(node.id)) causes.push({ text: `${node.kind} ${node.name} added`, sources: node.sources });
    for (const node of diff.changed) {
      if (path.has(node.id)) causes.push({ text: `${node.kind} ${node.name}: ${node.changes.map((c) => `${c.field} ${c.before || '(none)'} → ${c.after || '(none)'}`).join('; ')}`, sources: node.sources });
    }
    for (const edge of diff.connections) {
      // What a node runs or is built from is no reach: an image bump says itself as the node's change.
      if (edge.kind === 'runs' || edge.kind === 'builds') continue;
      // A connection touching the path: what a node of it now reaches (its data, its callers) changes what it is worth.
      const fromOnPath = path.has(edge.from) || (diff.outside(edge.from) && path.has(INTERNET));
      if (fromOnPath || path.has(edge.to)) causes.push({ text: `${edge.fromName} ${edge.kind} ${edge.toName} added`, sources: edge.sources });
    }
    if (causes.length === 0 || causes.some((c) => c.sources.some((s) => own.has(placeKey(s))))) return risk;
    const where = (sources: readonly Place[]) => (sources.length > 0 ? ` (${sources.map(placeKey).join(', ')})` : '');
    return { ...risk, cause: causes.map((c) => `${c.text}${where(c.sources)}`) };
  });
}
