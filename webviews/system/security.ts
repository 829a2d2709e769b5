/**
 * The System Map's Security view (issue #65): the threats' model (`archipel/securityView`) drawn with
 * the map's own layout and drawing — trust boundaries as nested boxes (the grouped layout), entry
 * points marked, stores coloured by the classification of what they hold, links red when plaintext or
 * without credentials — and the list of risks: a click on one highlights its attack path (its nodes
 * and links), a click on a line opens the file there.
 */
import { h } from '../shared/dom';
import type { WireRange } from '../shared/messages';
import type { Collapsed, CollapsedNode } from './collapse';
import { tr } from './l10n';
import type { SecurityView } from './messages';

type Risk = SecurityView['risks'][number];

/** Threagile's severities, lowest first. */
export const SEVERITY_ORDER = ['low', 'medium', 'elevated', 'high', 'critical'] as const;
const severityRank = (severity: string) => SEVERITY_ORDER.indexOf(severity as (typeof SEVERITY_ORDER)[number]);
type Source = SecurityView['nodes'][number]['sources'][number];

/** The Security view as the map's drawing takes it: a box per node in its boundary, an arrow per link, the boundaries as nested groups. */
export function securityCollapsed(view: SecurityView): Collapsed {
  const known = new Set(view.boundaries.map((b) => b.id));
  const nodes: CollapsedNode[] = view.nodes.map((node) => ({
    id: node.id,
    kind: node.kind,
    lines: [node.name, ...(node.store ? [node.store.classification] : node.technology ? [node.technology] : [])],
    collapsed: false,
    ...(node.boundary && known.has(node.boundary) ? { group: node.boundary } : {}),
  }));
  const edges = view.links.map((link) => ({ from: link.from, to: link.to, kind: link.kind, label: `${link.protocol}${link.tls ? '' : ` (${tr('plaintext')})`}`, protocol: link.protocol, sources: link.sources }));
  const layoutGroups = view.boundaries.map((b) => ({ id: b.id, label: b.kind === 'internet' ? b.name : `${b.name} (${b.kind})`, ...(b.parent && known.has(b.parent) ? { parent: b.parent } : {}), ...(b.kind === 'internet' ? { alone: true } : {}) }));
  const names = new Map(view.nodes.map((n) => [n.id, n.name]));
  return { nodes, edges, groups: new Map(), layoutGroups, label: (id) => names.get(id) ?? id };
}

/** The classes the drawing adds: a store's classification, an entry point, a risky link, the boundary's kind; with a risk chosen, its path lit and the rest dimmed. */
export function securityClasses(view: SecurityView, chosen: Risk | undefined): { node: (id: string) => string; edge: (index: number) => string; group: (id: string) => string } {
  const byId = new Map(view.nodes.map((n) => [n.id, n]));
  const onPath = new Set(chosen?.path ?? []);
  const linksOnPath = new Set(chosen?.links ?? []);
  const kinds = new Map(view.boundaries.map((b) => [b.id, b.kind]));
  return {
    node: (id) => {
      const node = byId.get(id);
      const classes = [node?.store ? `store classified-${node.store.classification}` : '', node?.entry ? 'entry' : '', chosen ? (onPath.has(id) ? 'on-path' : 'off-path') : ''];
      return classes.filter(Boolean).join(' ');
    },
    edge: (index) => {
      const link = view.links[index];
      if (!link) return '';
      return [link.risky ? 'risky' : '', chosen ? (linksOnPath.has(link.id) ? 'on-path' : 'off-path') : ''].filter(Boolean).join(' ');
    },
    group: (id) => `boundary boundary-${(kinds.get(id) ?? 'other').replace(/[^a-z-]/g, '')}`,
  };
}

function fileName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

function lines(sources: readonly Source[], reveal: (uri: string, range: WireRange) => void, empty: string): HTMLElement {
  if (sources.length === 0) return h('p', { class: 'muted' }, empty);
  return h('ul', { class: 'sources' }, ...sources.map((s) => h('li', {}, h('button', { class: 'link', title: s.uri, on: { click: () => reveal(s.uri, s.range) } }, `${fileName(s.uri)}:${s.range.start.line + 1}`))));
}

/** The risks, the gravest first; treated ones after the open. */
export function orderedRisks(view: SecurityView): Risk[] {
  return [...view.risks].sort((a, b) => Number(b.open) - Number(a.open) || severityRank(b.severity) - severityRank(a.severity) || a.id.localeCompare(b.id));
}

export interface SecurityDetails {
  view: SecurityView;
  selected: { node: string } | { edge: number } | undefined;
  risk: string | undefined;
  choose: (risk: string | undefined) => void;
  reveal: (uri: string, range: WireRange) => void;
}

/** The details beside the drawing: the selection (a node or a link, with its lines), then the risks. */
export function securityDetails({ view, selected, risk, choose, reveal }: SecurityDetails): HTMLElement {
  const parts: (HTMLElement | undefined)[] = [];
  const name = (id: string) => view.nodes.find((n) => n.id === id)?.name ?? id;
  if (selected && 'node' in selected) {
    const node = view.nodes.find((n) => n.id === selected.node);
    if (node) {
      const boundary = view.boundaries.find((b) => b.id === node.boundary);
      const entries = view.entries.filter((e) => e.to === node.id);
      parts.push(
        h('h2', {}, node.name),
        h('p', { class: 'muted' }, [node.kind, node.technology, boundary ? tr('inside {0}', boundary.name) : undefined, ...entries.map((e) => tr('entry point ({0})', e.via))].filter(Boolean).join(' · ')),
        node.store ? h('p', { class: `classification classified-${node.store.classification}` }, tr('data store: {0}', node.store.classification), ' · ', node.store.encrypted ? tr('encrypted at rest') : tr('not encrypted at rest'), ...(node.store.categories.length > 0 ? [h('br'), node.store.categories.join(', ')] : [])) : undefined,
        ...(node.store?.encryption?.length ? [h('h3', {}, tr('Encrypted at rest by')), lines(node.store.encryption, reveal, '')] : []),
        h('h3', {}, tr('Where it is said')),
        lines([...node.sources, ...entries.flatMap((e) => e.sources)], reveal, tr('Nowhere in particular: it stands for what the arrows say.')),
      );
    }
  } else if (selected && 'edge' in selected) {
    const link = view.links[selected.edge];
    if (link) {
      parts.push(
        h('h2', {}, `${name(link.from)} → ${name(link.to)}`),
        h('p', { class: link.risky ? 'risky-text' : 'muted' }, [link.kind, link.protocol, link.tls ? tr('TLS') : tr('plaintext'), link.credentials ? tr('credentials') : tr('no credentials')].join(' · ')),
        link.risks.length > 0 ? h('p', {}, tr('Open risks on this link: {0}', link.risks.length)) : undefined,
        h('h3', {}, tr('Where it is said')),
        lines(link.sources, reveal, tr('No line: drawn from the elements it joins.')),
      );
    }
  } else parts.push(h('p', { class: 'muted' }, tr('Click a box, an arrow or a risk: where it is said, and its attack path.')));
  parts.push(riskList(view, risk, choose, reveal, name));
  return h('aside', { attrs: { id: 'details' } }, ...parts);
}

function riskList(view: SecurityView, chosen: string | undefined, choose: (risk: string | undefined) => void, reveal: (uri: string, range: WireRange) => void, name: (id: string) => string): HTMLElement {
  const risks = orderedRisks(view);
  const open = risks.filter((r) => r.open).length;
  const items = risks.map((risk) =>
    h(
      'li',
      { class: ['risk', `severity-${risk.severity}`, risk.open ? 'open' : 'treated', risk.id === chosen ? 'chosen' : undefined], attrs: { 'data-risk': risk.id } },
      h('button', { class: 'risk-title', attrs: { title: tr('Show the attack path of {0}', risk.id), 'aria-pressed': risk.id === chosen ? 'true' : 'false' }, on: { click: () => choose(risk.id === chosen ? undefined : risk.id) } }, h('span', { class: 'severity' }, risk.severity), ' ', risk.title),
      h('div', { class: 'muted' }, [risk.rule, risk.stride, tr('likelihood {0} × impact {1}', risk.likelihood, risk.impact)].join(' · ')),
      risk.tracking ? h('div', { class: 'tracking' }, h('button', { class: 'link', on: { click: () => reveal(risk.tracking!.source.uri, risk.tracking!.source.range) } }, tr('In the risk register: {0} ({1})', risk.tracking.risk, tr(risk.tracking.status)))) : undefined,
      risk.id === chosen && risk.path.length > 0 ? h('div', { class: 'path' }, tr('Attack path'), ': ', risk.path.map(name).join(' → ')) : undefined,
      lines(risk.sources, reveal, ''),
    ),
  );
  return h(
    'section',
    { class: 'risks', attrs: { id: 'risks' } },
    h('h3', {}, tr('Risks'), ` (${tr('{0} open, {1} treated in the risk register', open, risks.length - open)})`),
    chosen ? h('button', { attrs: { id: 'clear-path' }, on: { click: () => choose(undefined) } }, tr('Clear the path')) : undefined,
    risks.length === 0 ? h('p', { class: 'muted' }, tr('No risk: the rules found nothing in the deploy files.')) : h('ol', { class: 'risk-list' }, ...items),
  );
}

/** The legend above the drawing. */
export function securityLegend(): HTMLElement {
  return h(
    'div',
    { class: 'legend', attrs: { id: 'legend' } },
    h('span', { class: 'swatch entry' }, tr('Entry point')),
    ...['strictly-confidential', 'confidential', 'restricted', 'internal'].map((c) => h('span', { class: `swatch classified-${c}` }, c)),
    h('span', { class: 'swatch risky' }, tr('Risky link (plaintext or no credentials)')),
  );
}
