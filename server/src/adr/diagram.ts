/**
 * The decisions of the workspace's ADR folders as a Mermaid flowchart: one node per ADR with its
 * number, title and status (coloured by status), an edge per relation: supersedes (solid), amends
 * (dashed), any other link (dashed, labelled with its verb). Both sides of a relation usually say
 * it ("Supersedes 3" in 0004 and "Superseded by 4" in 0003): it is drawn once, from the active side.
 */
import { adrFolders } from './folders';
import { adrGraph, reverseVerb } from './graph';
import type { AdrSettings } from './settings';
import type { AdrGraphNode } from '../protocol/adr';
import type { DiagramDrawer } from '../features/diagram/drawer';
import type { DiagramResult } from '../protocol/diagrams';
import type { WorkspaceIndex } from '../workspace/index';
import { EXTERNAL_COLOUR, Flowchart } from '../features/diagram/flowchart';
import { inScopes } from '../features/diagram/scope';
import { t } from '../l10n/t';

const statusClasses: Record<string, string> = {
  accepted: 'accepted',
  proposed: 'proposed',
  superseded: 'superseded',
  deprecated: 'superseded',
  rejected: 'rejected',
};

const pad = (n: number | null) => (n === null ? '—' : String(n).padStart(4, '0'));

/** Passive verbs ("superseded by", "clarified by") are drawn from the other side, in the active voice. */
function activeVoice(verb: string, from: number, to: number): { verb: string; from: number; to: number } {
  const v = verb.toLowerCase().trim();
  if (v.endsWith(' by')) return { verb: reverseVerb(v), from: to, to: from };
  return { verb: v, from, to };
}

export function adrDiagram(index: WorkspaceIndex, settings: AdrSettings, scopes: readonly string[] = []): DiagramResult {
  const graph = adrGraph(index, settings);
  const anchors = new Map<string, { uri: string; start: number; end: number }>();
  for (const folder of adrFolders(index, settings).values()) for (const adr of folder.adrs) anchors.set(adr.uri, { uri: adr.uri, ...adr.anchor });
  // A folder is drawn when it lies in a scope, or a scope lies in it (one ADR file given: its folder).
  const folders = graph.folders.filter((f) => inScopes(f.uri, scopes) || scopes.some((s) => inScopes(s, [f.uri])));
  const chart = new Flowchart('TB');
  chart.classDef('accepted', { stroke: '#2e7d32', 'stroke-width': '2px' });
  chart.classDef('proposed', { stroke: '#b08800', 'stroke-width': '2px', 'stroke-dasharray': '4 2' });
  chart.classDef('superseded', { stroke: EXTERNAL_COLOUR, 'stroke-dasharray': '3 3', color: EXTERNAL_COLOUR });
  chart.classDef('rejected', { stroke: '#c62828', 'stroke-width': '2px' });
  folders.forEach((folder, f) => {
    const group = folders.length > 1 ? { id: `folder${f + 1}`, label: decodeURIComponent(folder.uri.replace(/^file:\/\//, '')) } : undefined;
    const idOf = (n: number | null) => `adr${f + 1}_${n ?? 'x'}`;
    const byNumber = new Map(folder.adrs.filter((a) => a.number !== null).map((a) => [a.number!, a]));
    for (const adr of folder.adrs) {
      const anchor = anchors.get(adr.uri);
      const file = index.get(adr.uri);
      const status = adr.status ?? 'no status';
      chart.node(idOf(adr.number), [`${pad(adr.number)} ${adr.title}`, status], {
        shape: 'round',
        classes: statusClasses[status] ? [statusClasses[status]] : [],
        source: anchor && file ? { uri: adr.uri, range: file.lines.range(anchor.start, anchor.end) } : undefined,
        group,
      });
    }
    const edge = (adr: AdrGraphNode, verb: string, number: number, style: 'solid' | 'dashed') => {
      if (adr.number === null || !byNumber.has(number)) return;
      const active = activeVoice(verb, adr.number, number);
      chart.edge(idOf(active.from), idOf(active.to), active.verb, style);
    };
    for (const adr of folder.adrs) {
      for (const n of adr.supersedes) edge(adr, 'supersedes', n, 'solid');
      for (const n of adr.supersededBy) edge(adr, 'superseded by', n, 'solid');
      for (const n of adr.amends) edge(adr, 'amends', n, 'dashed');
      for (const n of adr.amendedBy) edge(adr, 'amended by', n, 'dashed');
      for (const link of adr.links) if (link.relation !== 'amends' && link.relation !== 'amended by') edge(adr, link.relation, link.number, 'dashed');
    }
  });
  const count = folders.reduce((n, f) => n + f.adrs.length, 0);
  return chart.result('adr', 'Architecture decisions', 0, count === 0 ? t('No ADR folder in the workspace (docs/adr, doc/adr, docs/decisions, a .adr-dir file or archipel.adr.directories).') : undefined);
}

/** `archipel diagram adr`, the decision graph of the diagram panel. */
export const adrDrawer: DiagramDrawer = { kind: 'adr', summary: 'the decision records', draw: (index, settings, scopes) => adrDiagram(index, settings.adr, scopes) };
