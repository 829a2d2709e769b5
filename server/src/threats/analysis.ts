/**
 * The threats of a workspace (issue #65): the security model derived from the system map, the risk
 * rules run on it, each risk with its STRIDE category, likelihood × impact, attack path and the lines
 * that cause it, and its treatment in the risk register (register.ts: an AMDEC risk naming it).
 */
import type { SystemSource } from '../features/system/contributor';
import { deriveSecurityModel, INTERNET, type DeriveHost, type MapFacts, type SecurityModel } from './derive';
import { ModelIndex, type Impact, type Likelihood, type Severity, type Stride, type ThreagileRisk } from './threagile/model';
import { riskCategories } from './threagile/rules';
import { trackingOf, type RegisterEntry, type Tracking } from './register';

export interface ThreatRisk {
  /** The diagnostic's code: `threat-<Threagile rule id>`. */
  rule: string;
  category: string;
  stride: Stride;
  severity: Severity;
  likelihood: Likelihood;
  impact: Impact;
  title: string;
  /** Threagile's synthetic id: what the risk register and `risk_tracking` key on. */
  syntheticId: string;
  /** The map's node ids: the attack path from the Internet when there is one, else the elements involved. */
  elements: string[];
  sources: SystemSource[];
  /** Its treatment in the risk register, when an AMDEC risk names it. */
  tracking?: Tracking;
}

export interface ThreatAnalysis {
  model: SecurityModel;
  risks: ThreatRisk[];
}

/** The attack path ending at a node: Internet → … → node, the shortest the model has. */
function pathTo(model: SecurityModel, node: string): string[] | undefined {
  const path = model.paths.find((p) => p.store === node);
  if (path) return path.nodes;
  const previous = new Map<string, string>();
  const queue = [INTERNET];
  previous.set(INTERNET, '');
  while (queue.length > 0) {
    const id = queue.shift()!;
    if (id === node) {
      const nodes: string[] = [];
      for (let at: string | undefined = id; at; at = previous.get(at) || undefined) nodes.unshift(at);
      return nodes;
    }
    for (const link of model.links) {
      if (link.from !== id || link.kind === 'deploy' || previous.has(link.to)) continue;
      previous.set(link.to, id);
      queue.push(link.to);
    }
  }
  return undefined;
}

export function analyseThreats(map: MapFacts, host: DeriveHost, register: readonly RegisterEntry[] = []): ThreatAnalysis {
  const model = deriveSecurityModel(map, host);
  const index = new ModelIndex(model.threagile);
  const risks: ThreatRisk[] = [];
  // Nothing deployed (the Internet alone): nothing to say.
  if (model.threagile.assets.size <= 1) return { model, risks };
  for (const category of riskCategories) {
    for (const found of category.generate(index, { derived: true })) {
      const risk = placed(model, category.id, category.stride, found);
      const tracking = trackingOf(risk.syntheticId, register);
      risks.push(tracking ? { ...risk, tracking } : risk);
    }
  }
  return { model, risks };
}

function placed(model: SecurityModel, category: string, stride: Stride, found: ThreagileRisk): ThreatRisk {
  const node = (id: string | undefined) => (id === undefined ? undefined : model.nodeOf.get(id));
  const link = found.link === undefined ? undefined : model.threagile.links.find((l) => l.id === found.link);
  const linkPlaces = found.link === undefined ? undefined : model.places.get(found.link);
  const asset = node(found.asset);
  let elements: string[];
  if (link) {
    const from = node(link.source)!;
    const to = node(link.target)!;
    elements = from === INTERNET ? [INTERNET, to] : (pathTo(model, to) ?? [from, to]);
    if (!elements.includes(from)) elements = [from, to];
  } else elements = asset ? (pathTo(model, asset) ?? [asset]) : [];
  const sources = linkPlaces ?? (found.asset ? model.places.get(found.asset) : undefined) ?? [];
  return {
    rule: `threat-${category}`, category, stride, severity: found.severity, likelihood: found.likelihood, impact: found.impact, title: found.title, syntheticId: found.syntheticId,
    elements, sources: [...sources],
  };
}
