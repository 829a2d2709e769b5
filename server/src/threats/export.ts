/**
 * The derived security model as a `threagile.yaml` (issue #65) that Threagile's schema accepts
 * (schemas/threagile/schema.json; a test validates it): assets, data assets, links and boundaries
 * keyed by title as Threagile writes them, every field the schema requires filled from the facts.
 */
import { stringify } from 'yaml';
import type { SecurityModel } from './securityModel';
import type { TechnicalAsset } from './threagile/model';
import { aboutLine, type ReportAbout } from './report';

/** Unique titles (Threagile keys its maps by title): a second `api` becomes `api (compose-shop-api)`. */
function titled<T extends { id: string; title: string }>(items: Iterable<T>): Map<T, string> {
  const counts = new Map<string, number>();
  const list = [...items];
  for (const item of list) counts.set(item.title, (counts.get(item.title) ?? 0) + 1);
  return new Map(list.map((item) => [item, (counts.get(item.title) ?? 0) > 1 || item.title.trim() === '' ? `${item.title} (${item.id})`.trim() : item.title]));
}

/** A risk the register tracks, as Threagile's `risk_tracking` takes it. */
export interface TrackedForExport {
  syntheticId: string;
  status: string;
  justification?: string;
  /** The AMDEC risk's id: Threagile's `ticket`. */
  ticket: string;
}

/**
 * `tracked`: the register's entries for the risks found (issue #78: the export carried `risk_tracking: {}`); `about`: what
 * the model is of (issue #95: its date, and the repository, commit and version in the management summary), else the epoch.
 */
export function threagileYaml(model: SecurityModel, title: string, tracked: readonly TrackedForExport[] = [], about?: ReportAbout): string {
  const t = model.threagile;
  const dataTitles = titled(t.data.values());
  const data_assets: Record<string, unknown> = {};
  for (const [asset, key] of dataTitles) {
    data_assets[key] = { id: asset.id, description: `What ${asset.title.replace(/ data$/, '')} holds (derived from the deploy files).`, usage: 'business', tags: [], origin: '', owner: '', quantity: 'many', confidentiality: asset.confidentiality, integrity: asset.integrity, availability: asset.availability, justification_cia_rating: 'Derived by archipel threats from the data the store holds.' };
  }
  const assetTitles = titled(t.assets.values());
  const technical_assets: Record<string, unknown> = {};
  for (const [asset, key] of assetTitles) {
    const links: Record<string, unknown> = {};
    const outgoing = t.links.filter((l) => l.source === asset.key);
    const linkTitles = titled(outgoing.map((l) => ({ ...l, title: l.title })));
    for (const [link, linkKey] of linkTitles) {
      links[linkKey] = { target: link.target, description: link.title, protocol: link.protocol, authentication: link.authentication, authorization: link.authentication === 'none' ? 'none' : 'technical-user', tags: [], vpn: link.vpn, ip_filtered: false, readonly: link.readonly, usage: link.usage, data_assets_sent: link.dataSent, data_assets_received: link.dataReceived };
    }
    technical_assets[key] = {
      id: asset.id, description: describe(asset), type: asset.type, usage: asset.usage, used_as_client_by_human: asset.id === 'internet', out_of_scope: asset.outOfScope,
      ...(asset.outOfScope ? { justification_out_of_scope: 'Outside the system the repository deploys.' } : {}),
      size: asset.type === 'datastore' ? 'component' : 'service', technologies: asset.technologies.map((x) => x.name), tags: [], internet: asset.internet, machine: asset.machine, encryption: asset.encryption, owner: '',
      confidentiality: asset.confidentiality, integrity: asset.integrity, availability: asset.availability, justification_cia_rating: 'Derived by archipel threats: the highest rating of the data it holds or reaches.',
      multi_tenant: asset.multiTenant, redundant: false, custom_developed_parts: asset.customDevelopedParts, data_assets_processed: asset.dataProcessed, data_assets_stored: asset.dataStored, data_formats_accepted: [], communication_links: links,
    };
  }
  const boundaryTitles = titled(t.boundaries.values());
  const trust_boundaries: Record<string, unknown> = {};
  for (const [boundary, key] of boundaryTitles) trust_boundaries[key] = { id: boundary.id, description: `${boundary.title} (${boundary.type})`, type: boundary.type, tags: [], technical_assets_inside: boundary.assetsInside, trust_boundaries_nested: boundary.nested };
  const document = {
    threagile_version: '1.0.0',
    title: `${title}: threat model derived by archipel threats`,
    date: about?.date ?? new Date(0).toISOString().slice(0, 10),
    author: { name: 'archipel threats', homepage: 'https://github.com/' },
    management_summary_comment: `${about ? `${aboutLine(about)} ` : ''}Derived from the files that deploy the system (Compose, Kubernetes, Terraform, CI workflows); every element keeps the lines that make it in archipel threats --format model.`,
    business_criticality: 'important',
    business_overview: { description: 'Derived model.', images: [] },
    technical_overview: { description: 'Derived model.', images: [] },
    questions: {},
    abuse_cases: {},
    security_requirements: {},
    tags_available: [],
    data_assets,
    technical_assets,
    trust_boundaries,
    shared_runtimes: {},
    individual_risk_categories: {},
    risk_tracking: Object.fromEntries(tracked.map((r) => [r.syntheticId, { status: r.status, justification: r.justification ?? null, ticket: r.ticket, date: null, checked_by: null }])),
  };
  return `# Threat model derived from the deploy files by \`archipel threats --format threagile\` (Threagile's schema).\n${stringify(document, { lineWidth: 0 })}`;
}

function describe(asset: TechnicalAsset): string {
  return `${asset.title}: ${asset.technologies.map((x) => x.name).join(', ')} (${asset.type}).`;
}
