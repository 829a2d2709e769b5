/**
 * The ids of a hand-written `threagile.yaml` and where they are used (issue #65): each entry's id (a
 * technical asset, a data asset, a trust boundary, a shared runtime) with its title and description,
 * and every place naming one — a link's target, the data assets processed, stored, sent or received,
 * a boundary's members and nested boundaries, a runtime's assets, the assets an individual risk names
 * (`data_breach_technical_assets`, `most_relevant_*`), each `@` part of a `risk_tracking`
 * key (the asset of a link's id `<asset>><link>` too). Hover, go to definition, find references and
 * rename read them (threagileFile.ts). Pure: the parsed document and its text in, offsets out.
 */
import { isMap, isScalar, isSeq, type Document, type Node } from 'yaml';

export type IdKind = 'technical asset' | 'data asset' | 'trust boundary' | 'shared runtime';

export interface IdDefinition {
  id: string;
  kind: IdKind;
  /** The entry's key (its title). */
  title: string;
  description?: string;
  /** Where the id is written: its `id:` value, else the entry's key. */
  start: number;
  end: number;
}

export interface IdUse {
  id: string;
  /** What the place names: a kind, or any (a risk_tracking key's part). */
  kind: IdKind | undefined;
  start: number;
  end: number;
}

/** The sections of titled entries, by the kind of their ids. */
const SECTIONS: readonly [string, IdKind][] = [['technical_assets', 'technical asset'], ['data_assets', 'data asset'], ['trust_boundaries', 'trust boundary'], ['shared_runtimes', 'shared runtime']];

const child = (node: Node, key: string): Node | undefined => (isMap(node) ? (node.get(key, true) ?? undefined) : undefined);

/** The entries of a top-level section (a map of titled entries): the key, the entry's map. */
function sectionEntries(doc: Document.Parsed, section: string): { key: Node; title: string; node: Node }[] {
  const map = doc.get(section, true);
  if (!isMap(map)) return [];
  return map.items.flatMap((pair) => (isScalar(pair.key) && isMap(pair.value) ? [{ key: pair.key, title: String(pair.key.value), node: pair.value }] : []));
}

export function definitionsOf(doc: Document.Parsed): IdDefinition[] {
  const found: IdDefinition[] = [];
  for (const [section, kind] of SECTIONS) {
    for (const { key, title, node } of sectionEntries(doc, section)) {
      const id = child(node, 'id');
      const named = isScalar(id) && typeof id.value === 'string' ? id : key;
      if (!named.range) continue;
      const description = child(node, 'description');
      found.push({ id: isScalar(named) ? String(named.value) : title, kind, title, ...(isScalar(description) && typeof description.value === 'string' ? { description: description.value } : {}), start: named.range[0], end: named.range[1] });
    }
  }
  return found;
}

/** The scalar strings of a sequence node. */
function items(node: Node | undefined): Node[] {
  return isSeq(node) ? node.items.filter((item): item is Node => isScalar(item) && typeof item.value === 'string') : [];
}

export function usesOf(doc: Document.Parsed, text: string): IdUse[] {
  const uses: IdUse[] = [];
  const add = (node: Node | undefined, kind: IdKind) => {
    if (isScalar(node) && typeof node.value === 'string' && node.range) uses.push({ id: node.value, kind, start: node.range[0], end: node.range[1] });
  };
  for (const { node } of sectionEntries(doc, 'technical_assets')) {
    for (const key of ['data_assets_processed', 'data_assets_stored']) for (const item of items(child(node, key))) add(item, 'data asset');
    const communication = child(node, 'communication_links');
    if (!isMap(communication)) continue;
    for (const pair of communication.items) {
      if (!isMap(pair.value)) continue;
      add(child(pair.value, 'target'), 'technical asset');
      for (const key of ['data_assets_sent', 'data_assets_received']) for (const item of items(child(pair.value, key))) add(item, 'data asset');
    }
  }
  for (const { node } of sectionEntries(doc, 'trust_boundaries')) {
    for (const item of items(child(node, 'technical_assets_inside'))) add(item, 'technical asset');
    for (const item of items(child(node, 'trust_boundaries_nested'))) add(item, 'trust boundary');
  }
  for (const { node } of sectionEntries(doc, 'shared_runtimes')) for (const item of items(child(node, 'technical_assets_running'))) add(item, 'technical asset');
  // An individual risk category's risks: the assets they name.
  for (const { node } of sectionEntries(doc, 'individual_risk_categories')) {
    const identified = child(node, 'risks_identified');
    if (!isMap(identified)) continue;
    for (const pair of identified.items) {
      if (!isMap(pair.value)) continue;
      for (const item of items(child(pair.value, 'data_breach_technical_assets'))) add(item, 'technical asset');
      add(child(pair.value, 'most_relevant_technical_asset'), 'technical asset');
      add(child(pair.value, 'most_relevant_data_asset'), 'data asset');
      add(child(pair.value, 'most_relevant_trust_boundary'), 'trust boundary');
      add(child(pair.value, 'most_relevant_shared_runtime'), 'shared runtime');
    }
  }
  // risk_tracking keys of any of Threagile's rules: `<rule>@<id>@…`, a link's part `<asset>><link>`.
  const tracking = doc.get('risk_tracking', true);
  if (isMap(tracking)) {
    for (const pair of tracking.items) {
      if (!isScalar(pair.key) || typeof pair.key.value !== 'string' || !pair.key.range) continue;
      const raw = text.slice(pair.key.range[0], pair.key.range[1]);
      // The key as written: a quoted key's text starts one character in; an escaped one is not taken apart.
      const inner = /^["']/.test(raw) ? raw.slice(1, -1) : raw;
      if (inner !== pair.key.value || !/^[a-z0-9-]+@/.test(inner)) continue;
      let at = pair.key.range[0] + (inner === raw ? 0 : 1);
      const parts = inner.split('@');
      at += parts[0].length + 1;
      for (const part of parts.slice(1)) {
        const id = part.split('>')[0];
        if (id !== '' && !id.includes('*')) uses.push({ id, kind: undefined, start: at, end: at + id.length });
        at += part.length + 1;
      }
    }
  }
  return uses;
}

/** The id at an offset: a definition's or a use's, with every place of it. */
export function idAt(doc: Document.Parsed, text: string, offset: number): { id: string; kind: IdKind | undefined; start: number; end: number; definitions: IdDefinition[]; uses: IdUse[] } | undefined {
  const definitions = definitionsOf(doc);
  const uses = usesOf(doc, text);
  const inside = (p: { start: number; end: number }) => offset >= p.start && offset <= p.end;
  const hit = definitions.find(inside) ?? uses.find(inside);
  if (!hit) return undefined;
  const kind = hit.kind;
  // A use of a kind names that kind's entries; a tracking part any entry of the id.
  const same = (d: IdDefinition) => d.id === hit.id && (kind === undefined || d.kind === kind);
  return { id: hit.id, kind, start: hit.start, end: hit.end, definitions: definitions.filter(same), uses: uses.filter((u) => u.id === hit.id && (u.kind === undefined || kind === undefined || u.kind === kind)) };
}
