/**
 * A hand-written `threagile.yaml` as the rules' model (issue #65): the same rules run on it as on the
 * derived model, and its `risk_tracking` is honoured (Threagile's statuses; `*` for one `@` part).
 * The YAML is read as Threagile reads it (YAML 1.2, merge keys); technologies get their attributes
 * from the table handed in (schemas/threagile/technologies.json). Pure: text in, model out.
 */
import { parse } from 'yaml';
import type { CommunicationLink, Confidentiality, Criticality, DataAsset, SharedRuntime, TechnicalAsset, Technology, ThreatModel, TrustBoundary } from './model';

export interface TrackedRisk {
  key: string;
  status: string;
  justification?: string;
}

type Raw = Record<string, unknown>;
const str = (v: unknown, fallback: string): string => (typeof v === 'string' ? v : fallback);
const list = (v: unknown): string[] => (Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : []);
const entries = (v: unknown): [string, Raw][] => (v && typeof v === 'object' ? (Object.entries(v as Raw).filter(([, x]) => x && typeof x === 'object') as [string, Raw][]) : []);

/** The model and its risk tracking; `attributes` gives a technology's attributes by name. */
export function readThreagileModel(text: string, attributes: (technology: string) => readonly string[]): { model: ThreatModel; tracking: TrackedRisk[] } {
  return threagileModelOf(parse(text, { version: '1.2', merge: true, uniqueKeys: false, logLevel: 'error' }) as unknown, attributes);
}

/** The model of a document already read (the editor's parse of the file: one parse for the schema, the references and the rules). */
export function threagileModelOf(value: unknown, attributes: (technology: string) => readonly string[]): { model: ThreatModel; tracking: TrackedRisk[] } {
  const document = (value && typeof value === 'object' ? value : {}) as Raw;
  const technology = (name: string): Technology => ({ name, attributes: Object.fromEntries([name, ...attributes(name)].map((a) => [a, true])) });
  const data = new Map<string, DataAsset>();
  for (const [title, raw] of entries(document.data_assets)) {
    const id = str(raw.id, title);
    data.set(id, { key: id, id, title, confidentiality: str(raw.confidentiality, 'public') as Confidentiality, integrity: str(raw.integrity, 'archive') as Criticality, availability: str(raw.availability, 'archive') as Criticality });
  }
  const assets = new Map<string, TechnicalAsset>();
  const links: CommunicationLink[] = [];
  for (const [title, raw] of entries(document.technical_assets)) {
    const id = str(raw.id, title);
    const names = list(raw.technologies).length > 0 ? list(raw.technologies) : typeof raw.technology === 'string' ? [raw.technology] : [];
    assets.set(id, {
      key: id, id, title, type: str(raw.type, 'process'), usage: str(raw.usage, 'business'), internet: raw.internet === true, machine: str(raw.machine, 'virtual'), encryption: str(raw.encryption, 'none'),
      confidentiality: str(raw.confidentiality, 'public') as Confidentiality, integrity: str(raw.integrity, 'archive') as Criticality, availability: str(raw.availability, 'archive') as Criticality,
      multiTenant: raw.multi_tenant === true, outOfScope: raw.out_of_scope === true, customDevelopedParts: raw.custom_developed_parts === true,
      technologies: names.map(technology), dataProcessed: list(raw.data_assets_processed), dataStored: list(raw.data_assets_stored), tags: list(raw.tags).map((t) => t.toLowerCase()), raa: 0,
      dataFormatsAccepted: list(raw.data_formats_accepted), redundant: raw.redundant === true,
    });
    for (const [linkTitle, link] of entries(raw.communication_links)) {
      links.push({
        id: `${id}>${linkTitle.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`, title: linkTitle, source: id, target: str(link.target, ''), protocol: str(link.protocol, 'unknown-protocol'), authentication: str(link.authentication, 'none'),
        vpn: link.vpn === true, readonly: link.readonly === true, usage: str(link.usage, 'business'), dataSent: list(link.data_assets_sent), dataReceived: list(link.data_assets_received), authorization: str(link.authorization, 'none'), ipFiltered: link.ip_filtered === true,
      });
    }
  }
  // A data asset sent or received on a link is processed by its target (Threagile adds it).
  for (const link of links) {
    const target = assets.get(link.target);
    if (target) for (const d of [...link.dataSent, ...link.dataReceived]) if (!target.dataProcessed.includes(d)) target.dataProcessed.push(d);
  }
  const boundaries = new Map<string, TrustBoundary>();
  for (const [title, raw] of entries(document.trust_boundaries)) {
    const id = str(raw.id, title);
    boundaries.set(id, { key: id, id, title, type: str(raw.type, 'network-on-prem'), assetsInside: list(raw.technical_assets_inside), nested: list(raw.trust_boundaries_nested) });
  }
  const sharedRuntimes = new Map<string, SharedRuntime>();
  for (const [title, raw] of entries(document.shared_runtimes)) {
    const id = str(raw.id, title);
    sharedRuntimes.set(id, { key: id, id, title, assetsRunning: list(raw.technical_assets_running) });
  }
  const tracking = entries(document.risk_tracking).map(([key, raw]) => ({ key, status: str(raw.status, 'unchecked'), ...(typeof raw.justification === 'string' ? { justification: raw.justification } : {}) }));
  return { model: { assets, data, links, boundaries, sharedRuntimes }, tracking };
}
