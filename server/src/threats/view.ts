/**
 * The Security view (issue #65): the workspace's threats (workspace.ts) as the System Map panel draws
 * them and the risk dashboard counts them — `archipel/securityView`. Made here from what the
 * analysis returns (nothing derived twice): each node named from the map (or the Threagile asset that
 * stands for it: the Internet, the container platform, the repository), placed in the innermost
 * boundary that holds it, a store with its classification; each link red when plaintext or a call
 * without credentials, with the open risks whose path takes it; each risk with its path's links.
 */
import type { SystemSource } from '../features/system/contributor';
import { type SecurityViewLink, type SecurityViewNode, type SecurityViewResult, type SecurityViewRisk } from '../protocol/threats';
import type { ThreatAnalysis } from './analysis';
import { INTERNET } from './securityModel';
import type { MapFacts } from './scan';
import { raised } from './riskRegister';

const copy = (sources: readonly SystemSource[]) => sources.map((s) => ({ uri: s.uri, range: s.range }));

/** The view of an analysis: `map` names the nodes, `system` the whole. */
export function securityView(analysis: ThreatAnalysis, map: MapFacts, system: string): Omit<SecurityViewResult, 'ms'> {
  const { model } = analysis;
  const assetOf = new Map<string, string>();
  for (const [key, node] of model.nodeOf) assetOf.set(node, key);
  const boundaryOf = new Map<string, string>();
  // Innermost first: a boundary whose parent is another comes after it in no particular order, so depth decides.
  // A loop up the parents (at most 64), each boundary found by id (a search of all of them per step was quadratic).
  const byId = new Map(model.boundaries.map((b) => [b.id, b]));
  const depths = new Map<string, number>();
  const depth = (id: string): number => {
    let known = depths.get(id);
    if (known === undefined) {
      known = 0;
      for (let at: string | undefined = id; at !== undefined && known <= 64; at = byId.get(at)?.parent) known++;
      depths.set(id, known);
    }
    return known;
  };
  const byDepth = [...model.boundaries].sort((a, b) => depth(b.id) - depth(a.id));
  for (const boundary of byDepth) for (const member of boundary.members) if (!boundaryOf.has(member)) boundaryOf.set(member, boundary.id);
  const stores = new Map(model.stores.map((s) => [s.id, s]));
  const entered = new Set(model.entries.map((e) => e.to));

  const ids = new Set<string>();
  for (const boundary of model.boundaries) for (const member of boundary.members) ids.add(member);
  for (const link of model.links) ids.add(link.from).add(link.to);
  for (const store of model.stores) ids.add(store.id);
  for (const entry of model.entries) ids.add(entry.to);
  for (const risk of analysis.risks) for (const element of risk.elements) ids.add(element);

  const nodes: SecurityViewNode[] = [...ids].map((id) => {
    const node = map.node(id);
    const asset = model.threagile.assets.get(assetOf.get(id) ?? '');
    const store = stores.get(id);
    const boundary = boundaryOf.get(id);
    return {
      id,
      name: node?.name ?? asset?.title ?? (id === INTERNET ? 'Internet' : id),
      kind: node?.kind ?? (asset?.type === 'datastore' ? 'datastore' : 'external'),
      ...((node?.technology ?? store?.technology) ? { technology: node?.technology ?? store?.technology } : {}),
      ...(boundary ? { boundary } : {}),
      entry: entered.has(id),
      ...(store ? { store: { classification: store.confidentiality, categories: [...store.categories], encrypted: store.encrypted, ...(store.encryption ? { encryption: copy(store.encryption) } : {}) } } : {}),
      sources: copy(node?.sources ?? store?.sources ?? []),
    };
  });

  const linkIds = new Map<string, string[]>();
  for (const link of model.links) linkIds.set(`${link.from}\n${link.to}`, [...(linkIds.get(`${link.from}\n${link.to}`) ?? []), link.id]);
  const risks: SecurityViewRisk[] = analysis.risks.map((risk) => {
    const links: string[] = [];
    for (let i = 1; i < risk.elements.length; i++) links.push(...(linkIds.get(`${risk.elements[i - 1]}\n${risk.elements[i]}`) ?? []));
    const tracking = risk.tracking;
    return {
      id: risk.syntheticId, rule: risk.rule, stride: risk.stride, severity: risk.severity, likelihood: risk.likelihood, impact: risk.impact, title: risk.title,
      path: [...risk.elements], links, sources: copy(risk.sources),
      ...(tracking ? { tracking: { status: tracking.status, risk: tracking.risk, source: { uri: tracking.uri, range: { start: { line: tracking.line, character: 0 }, end: { line: tracking.line, character: 0 } } }, ...(tracking.justification ? { justification: tracking.justification } : {}) } } : {}),
      open: raised(tracking),
    };
  });
  const risksOf = new Map<string, string[]>();
  for (const risk of risks) if (risk.open) for (const link of risk.links) risksOf.set(link, [...(risksOf.get(link) ?? []), risk.id]);

  const links: SecurityViewLink[] = model.links.map((link) => ({
    id: link.id, from: link.from, to: link.to, kind: link.kind, protocol: link.protocol, label: link.label, tls: link.tls, credentials: link.credentials,
    risky: link.kind !== 'deploy' && (!link.tls || (link.kind === 'call' && !link.credentials)),
    risks: risksOf.get(link.id) ?? [],
    sources: copy(link.sources),
  }));

  return {
    system,
    boundaries: model.boundaries.map((b) => ({ id: b.id, name: b.name, kind: b.kind, type: b.type, ...(b.parent ? { parent: b.parent } : {}), walls: copy(b.walls), sources: copy(b.sources) })),
    nodes,
    entries: model.entries.map((e) => ({ id: e.id, via: e.via, to: e.to, label: e.label, tls: e.tls, role: e.role, sources: copy(e.sources) })),
    links,
    risks,
  };
}

/** The system's name: the first workspace folder's. */
export const systemName = (folders: readonly string[]) => folders[0]?.split(/[\\/]/).filter((part) => part !== '').pop() ?? 'system';
