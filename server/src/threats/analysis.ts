/**
 * The threats of a workspace (issue #65): the security model derived from the system map, the risk
 * rules run on it, each risk with its STRIDE category, likelihood × impact, attack path and the lines
 * that cause it, and its treatment in the risk register (register.ts: an AMDEC risk naming it).
 */
import type { SystemSource } from '../features/system/contributor';
import { deriveSecurityModel } from './derive';
import { INTERNET, type SecurityModel } from './securityModel';
import { scanEvidence, type DeriveHost, type Evidence, type MapFacts } from './scan';
import { legacyShapeOf, rootUris, threagileNamer, type LegacyShape } from './stableIds';
import { ModelIndex, type CommunicationLink, type Impact, type Likelihood, type Severity, type Stride, type ThreagileRisk } from './threagile/model';
import { allCategories } from './threagile/rules';
import { buildConfigSecrets } from './configSecrets';
import { trackingOf, type RegisterEntry, type RegisterPastBound, type Tracking } from './riskRegister';

export interface ThreatRisk {
  /** The diagnostic's code: `threat-<Threagile rule id>`. */
  rule: string;
  category: string;
  stride: Stride;
  severity: Severity;
  likelihood: Likelihood;
  impact: Impact;
  title: string;
  /** The CWE Threagile's rule gives (its number). */
  cwe?: number;
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
  /** The repository roots the ids are relative to (file URIs; stableIds.ts); empty: ids as the map makes them. */
  roots: readonly string[];
  /** The registers past the index's bound, read risk by risk (issue #95): every answer says so. */
  registersPastBound?: readonly RegisterPastBound[];
}

/**
 * The attack paths ending at each node: the model's path to a store, else the shortest from the
 * Internet along the links (one walk from the Internet for every node, not one per risk).
 */
function pathsFrom(model: SecurityModel): (node: string) => string[] | undefined {
  const toStore = new Map<string, string[]>();
  for (const path of model.paths) if (!toStore.has(path.store)) toStore.set(path.store, path.nodes);
  let previous: Map<string, string> | undefined;
  const walk = (): Map<string, string> => {
    const out = new Map<string, string[]>();
    for (const link of model.links) {
      if (link.kind === 'deploy') continue;
      const list = out.get(link.from);
      if (list) list.push(link.to);
      else out.set(link.from, [link.to]);
    }
    const seen = new Map<string, string>([[INTERNET, '']]);
    const queue = [INTERNET];
    for (let i = 0; i < queue.length; i++) {
      for (const to of out.get(queue[i]) ?? []) {
        if (seen.has(to)) continue;
        seen.set(to, queue[i]);
        queue.push(to);
      }
    }
    return seen;
  };
  return (node) => {
    const known = toStore.get(node);
    if (known) return known;
    previous ??= walk();
    if (!previous.has(node)) return undefined;
    const nodes: string[] = [];
    for (let at: string | undefined = node; at; at = previous.get(at) || undefined) nodes.push(at);
    return nodes.reverse();
  };
}

/**
 * `roots`: the repository roots (file URIs or paths) every id that leaves the process is relative to
 * (issue #78): Threagile's asset ids, hence the synthetic ids the register keys on. A register key
 * written before, from the absolute path, still matches (stableIds.ts legacyShapeOf).
 */
export function analyseThreats(map: MapFacts, host: DeriveHost, register: readonly RegisterEntry[] = [], evidence?: Evidence, roots: readonly string[] = []): ThreatAnalysis {
  const uris = rootUris(roots);
  const model = deriveSecurityModel(map, host, evidence ?? scanEvidence(map, host), threagileNamer(uris));
  const index = new ModelIndex(model.threagile);
  const risks: ThreatRisk[] = [];
  // Nothing deployed (the Internet alone): nothing to say.
  if (model.threagile.assets.size <= 1) return { model, risks, roots: uris };
  const shapes = register.length > 0 ? legacyShapes({ model, roots: uris }) : new Map<string, LegacyShape>();
  const pathTo = pathsFrom(model);
  const links = new Map(model.threagile.links.map((link) => [link.id, link]));
  // A literal secret in a program's own configuration, asked only when the model says of none (configSecrets.ts): the vault's reason, on its line.
  const noneSaid = holdsNoSecret(model);
  const configSecret = noneSaid ? firstConfigSecret(model, map, host) : undefined;
  const secretless = noneSaid && configSecret === undefined;
  for (const category of allCategories) {
    if (category.id === 'missing-vault' && secretless) continue;
    for (const found of category.generate(index, { derived: true })) {
      const risk = { ...placed(model, category.id, category.stride, found, pathTo, links), cwe: category.cwe };
      if (category.id === 'missing-vault' && configSecret) risk.sources.push(configSecret);
      const tracking = trackingOf(risk.syntheticId, register, shapes);
      risks.push(tracking ? { ...risk, tracking } : risk);
    }
  }
  return { model, risks, roots: uris };
}

/**
 * Whether the files show no secret the system would keep (issue #95: microservice-consul's `missing-vault`, said of a
 * system holding none): no call between components carries credentials (a console's users' login is theirs, not the
 * system's; a user with an empty password is none: links.ts noSecret), no secret or default credentials written in the files, no classified data; a literal secret in a program's
 * own configuration is asked after (firstConfigSecret: the files of each build, read only then).
 * Threagile asks for a vault in every model; a vault keeps secrets, and there are none to keep here.
 */
function holdsNoSecret(model: SecurityModel): boolean {
  return !model.links.some((link) => link.credentials && link.kind === 'call' && link.noSecret === undefined) && model.secrets.length === 0 && model.defaultCredentials.length === 0 && model.lineage.length === 0 && !model.stores.some((store) => store.categories.length > 0);
}

/** The first literal secret the components' own configuration holds (Spring's, Micronaut's), components in id order. */
function firstConfigSecret(model: SecurityModel, map: MapFacts, host: DeriveHost): SystemSource | undefined {
  const secretOf = buildConfigSecrets(map, host);
  for (const id of [...new Set(model.nodeOf.values())].sort()) {
    const found = secretOf(id);
    if (found) return found;
  }
  return undefined;
}

/** The shape each asset id had when it was made from the absolute path (a register key written before issue #78). */
export function legacyShapes(analysis: Pick<ThreatAnalysis, 'model' | 'roots'>): Map<string, LegacyShape> {
  const shapes = new Map<string, LegacyShape>();
  for (const [asset, node] of analysis.model.nodeOf) {
    const shape = legacyShapeOf(node, analysis.roots);
    if (shape) shapes.set(asset, shape);
  }
  return shapes;
}

function placed(model: SecurityModel, category: string, stride: Stride, found: ThreagileRisk, pathTo: (node: string) => string[] | undefined, links: ReadonlyMap<string, CommunicationLink>): ThreatRisk {
  const node = (id: string | undefined) => (id === undefined ? undefined : model.nodeOf.get(id));
  const link = found.link === undefined ? undefined : links.get(found.link);
  const linkPlaces = found.link === undefined ? undefined : model.places.get(found.link);
  const asset = node(found.asset);
  let elements: string[];
  if (link) {
    const from = node(link.source)!;
    const to = node(link.target)!;
    elements = from === INTERNET ? [INTERNET, to] : (pathTo(to) ?? [from, to]);
    if (!elements.includes(from)) elements = [from, to];
  } else elements = asset ? (pathTo(asset) ?? [asset]) : [];
  // A rule may place its risk on lines of its own (`<asset>@<rule>`: default credentials on the lines that write them).
  const sources = linkPlaces ?? (found.asset ? (model.places.get(`${found.asset}@${category}`) ?? model.places.get(found.asset)) : undefined) ?? [];
  return {
    rule: `threat-${category}`, category, stride, severity: found.severity, likelihood: found.likelihood, impact: found.impact, title: found.title, syntheticId: found.syntheticId,
    elements, sources: [...sources],
  };
}
