import { cycles } from '../common/graph';
import type { AdrGraph, AdrGraphFolder, AdrGraphNode } from '../protocol/adr';
import type { WorkspaceIndex } from '../workspace/index';
import type { AdrDocument } from './document';
import { adrByNumber, adrFolders, type AdrFolder } from './folders';
import { adrTitle } from './indexTable';
import type { AdrRef } from './references';
import type { AdrSettings } from './settings';

/** The references of one relation verb, each number once (`superseded by` also comes from the status). */
export function related(doc: AdrDocument, verb: string): AdrRef[] {
  const refs: AdrRef[] = [];
  for (const relation of doc.relations) {
    if (relation.verb !== verb) continue;
    for (const ref of relation.refs) if (!refs.some((r) => r.number === ref.number)) refs.push(ref);
  }
  if (verb === 'superseded by') {
    for (const ref of doc.status?.successors ?? []) if (!refs.some((r) => r.number === ref.number)) refs.push(ref);
  }
  return refs;
}

const reverses: Record<string, string> = {
  supersedes: 'superseded by',
  amends: 'amended by',
  clarifies: 'clarified by',
  extends: 'extended by',
  'relates to': 'relates to',
  'depends on': 'required by',
};

/** The verb the other side writes: supersedes ⇔ superseded by, amends ⇔ amended by, "X" ⇔ "X by". */
export function reverseVerb(verb: string): string {
  const v = verb.toLowerCase().trim();
  if (reverses[v]) return reverses[v];
  const back = Object.entries(reverses).find(([, r]) => r === v);
  if (back) return back[0];
  if (v.endsWith(' by')) return v.slice(0, -3);
  return `${v} by`;
}

/** Supersession edges old → new, from either side's statement. */
export function supersessionEdges(folder: AdrFolder): Map<AdrDocument, Set<AdrDocument>> {
  const edges = new Map<AdrDocument, Set<AdrDocument>>();
  const add = (from: AdrDocument | undefined, to: AdrDocument | undefined) => {
    if (!from || !to) return;
    const set = edges.get(from) ?? new Set();
    set.add(to);
    edges.set(from, set);
  };
  for (const adr of folder.adrs) {
    for (const ref of related(adr, 'superseded by')) add(adr, adrByNumber(folder, ref.number));
    for (const ref of related(adr, 'supersedes')) add(adrByNumber(folder, ref.number), adr);
  }
  return edges;
}

const cyclesOf = new WeakMap<AdrFolder, Map<AdrDocument, AdrDocument[]>>();

/** The ADRs that lie on a supersession cycle, each with the cycle it is on; computed once per folder state. */
export function supersessionCycles(folder: AdrFolder): Map<AdrDocument, AdrDocument[]> {
  let cycles = cyclesOf.get(folder);
  if (!cycles) {
    cycles = findCycles(folder);
    cyclesOf.set(folder, cycles);
  }
  return cycles;
}

/** The supersession cycles (common/graph.ts), each sorted by number. */
function findCycles(folder: AdrFolder): Map<AdrDocument, AdrDocument[]> {
  const edges = supersessionEdges(folder);
  const onCycle = new Map<AdrDocument, AdrDocument[]>();
  for (const component of cycles(folder.adrs, (adr) => edges.get(adr) ?? [])) {
    component.sort((a, b) => (a.number ?? 0) - (b.number ?? 0));
    for (const member of component) onCycle.set(member, component);
  }
  return onCycle;
}

function node(adr: AdrDocument): AdrGraphNode {
  const numbers = (verb: string) => related(adr, verb).map((r) => r.number);
  const links = adr.relations
    .filter((r) => r.verb !== 'supersedes' && r.verb !== 'superseded by')
    .flatMap((r) => r.refs.map((ref) => ({ relation: r.verb, number: ref.number })));
  return {
    uri: adr.uri,
    number: adr.number ?? null,
    title: adrTitle(adr),
    status: adr.status?.value ?? null,
    date: adr.date?.raw ?? null,
    format: adr.format,
    supersedes: numbers('supersedes'),
    supersededBy: numbers('superseded by'),
    amends: numbers('amends'),
    amendedBy: numbers('amended by'),
    links,
  };
}

/** The decisions of every ADR folder (or of one), for the dashboards and diagrams. */
export function adrGraph(index: WorkspaceIndex, settings: AdrSettings, folderUri?: string): AdrGraph {
  const folders: AdrGraphFolder[] = [];
  for (const folder of adrFolders(index, settings).values()) {
    if (folderUri && folder.uri !== folderUri) continue;
    folders.push({ uri: folder.uri, indexUri: folder.indexFile?.uri ?? null, adrs: folder.adrs.map(node) });
  }
  folders.sort((a, b) => (a.uri < b.uri ? -1 : 1));
  return { folders };
}
