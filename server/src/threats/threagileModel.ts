/**
 * The security model's facts as a Threagile model (issue #65): assets rated by the data they reach, links with their
 * protocol and authentication, boundaries with what they hold, and each asset's attractiveness (RAA). Pure: derive.ts
 * hands it the facts it made from the map.
 */
import { componentKinds, storeKinds, type SystemNode, type SystemSource } from '../features/system/contributor';
import { technologyCalled } from '../features/system/technology';
import { tagHardening } from './threagile/cloudHardening';
import { tagDefaultCredentials, type SecurityConsole } from './consoleModel';
import { identityProvider } from './identityProviders';
import type { Lineage } from './lineage';
import { CONFIDENTIALITY, CRITICALITY, type CommunicationLink, type Confidentiality, type Criticality, type DataAsset, type TechnicalAsset, type ThreatModel, type TrustBoundary } from './threagile/model';
import { storeTechnology } from './atRest';
import { technology } from './threagile/technologies';
import { isVault, push, type Evidence, type MapFacts } from './scan';
import { confidentialityOf, INTERNET, type SecurityBoundary, type SecurityModel } from './securityModel';

/** A Threagile id from a node id (`compose:shop:api` → `compose-shop-api`). */
function threagileId(nodeId: string, taken: Set<string>, numbered: Map<string, number>): string {
  const name = nodeId.startsWith('file://') ? nodeId.slice(nodeId.lastIndexOf('/') + 1) : nodeId;
  const words = name.toLowerCase().split(/[^a-z0-9]/).filter((w) => w !== '');
  const base = words.join('-') || 'asset';
  let id = base;
  // From the last number this base took: a loop from 2 for each was quadratic in the nodes of one name.
  for (let n = numbered.get(base) ?? 2; taken.has(id); n++) {
    id = `${base}-${n}`;
    numbered.set(base, n + 1);
  }
  taken.add(id);
  return id;
}

const maxOf = <T extends string>(scale: readonly T[], values: readonly T[], floor: T): T => scale[Math.max(scale.indexOf(floor), ...values.map((v) => scale.indexOf(v)))];

/**
 * A Kafka or RabbitMQ broker of the system's own (a container), whose messages are data of its own (RabbitMQ's queues as
 * Kafka's topics, issue #95: TeaStore's NodePort to AMQP with no management port had no risk before).
 */
const messageBroker = (node: SystemNode) => node.kind === 'broker' && node.family !== 'terraform' && /kafka|rabbitmq/i.test(node.technology ?? node.image ?? '');

/**
 * What a published console exposes is data of its own (experiments and models, metrics, silences), whatever the calls
 * traced to it; what a component serving a classified model answers is learnt from its training data (lineage.ts):
 * the data asset's key by component.
 */
function consoleDataOf(map: MapFacts, consoles: readonly SecurityConsole[], lineage: readonly Lineage[], tid: (id: string) => string, data: Map<string, DataAsset>): Map<string, string> {
  const consoleData = new Map<string, string>();
  for (const console of consoles) {
    const key = `${tid(console.id)}-console`;
    const title = `${map.node(console.id)?.name ?? console.id}: ${console.product.exposes}`;
    data.set(key, { key, id: key, title, confidentiality: console.product.confidentiality, integrity: console.product.integrity, availability: 'important' });
    consoleData.set(console.id, key);
  }
  // A Kafka or RabbitMQ broker of the system's own carries messages anyone reaching it reads and writes, published or not (#95: its clients' links carry them).
  for (const node of map.nodes) {
    const id = node.id;
    if (!messageBroker(node) || consoleData.has(id)) continue;
    const key = `${tid(id)}-messages`;
    data.set(key, { key, id: key, title: `${node.name}: the messages it carries`, confidentiality: 'confidential', integrity: 'critical', availability: 'important' });
    consoleData.set(id, key);
  }
  // A component serving a model trained on classified data processes that data (lineage.ts).
  for (const served of lineage) {
    const key = `${tid(served.id)}-training-data`;
    data.set(key, { key, id: key, title: `${map.node(served.id)?.name ?? served.id}: the data its model was trained on`, confidentiality: confidentialityOf(served.categories), integrity: 'important', availability: 'important' });
    if (!consoleData.has(served.id)) consoleData.set(served.id, key);
  }
  return consoleData;
}

/** The Compose projects whose services all sit on one network (its default one, or the one named network each joins): that network's boundary. */
function oneNetworkStacks(boundaries: readonly SecurityBoundary[]): string[] {
  const networksOf = new Map<string, SecurityBoundary[]>();
  for (const b of boundaries) if (b.kind === 'compose-network' && b.parent) push(networksOf, b.parent, b);
  const found: string[] = [];
  for (const b of boundaries) {
    if (b.kind !== 'compose') continue;
    const networks = networksOf.get(b.id) ?? [];
    if (networks.length === 0) found.push(b.id);
    else if (networks.length === 1 && b.members.length === 0) found.push(networks[0].id);
  }
  return found;
}

/**
 * The facts as a Threagile model: assets rated by the data they reach, links with their protocol and authentication.
 * `proxies`: the reverse proxies built here that let in only authenticated users (aspnetGateway.ts), each a `reverse-proxy`
 * (the guard in front of what it routes to) and still a `web-service-rest` (its own login pages: a WAF filters them).
 */
export function toThreagile(map: MapFacts, model: Omit<SecurityModel, 'threagile' | 'nodeOf' | 'places'>, escapeOf: ReadonlyMap<string, SystemSource[]>, unencryptedAt: ReadonlyMap<string, SystemSource>, named: (nodeId: string) => string, hardening: Evidence['hardening'], proxies: ReadonlyMap<string, SystemSource> = new Map()): { threagile: ThreatModel; nodeOf: Map<string, string>; places: Map<string, SystemSource[]> } {
  const taken = new Set<string>([INTERNET]);
  const numberedIds = new Map<string, number>();
  const idOf = new Map<string, string>([[INTERNET, INTERNET]]);
  const nodeOf = new Map<string, string>([[INTERNET, INTERNET]]);
  const places = new Map<string, SystemSource[]>();
  const tid = (nodeId: string) => {
    let id = idOf.get(nodeId);
    if (!id) {
      id = threagileId(named(nodeId), taken, numberedIds);
      idOf.set(nodeId, id);
      nodeOf.set(id, nodeId);
    }
    return id;
  };
  const data = new Map<string, DataAsset>();
  const storeData = new Map<string, string>();
  for (const store of model.stores) {
    const key = `${tid(store.id)}-data`;
    data.set(key, { key, id: key, title: `${store.name} data`, confidentiality: store.confidentiality, integrity: 'critical', availability: 'important' });
    storeData.set(store.id, key);
  }
  const consoleData = consoleDataOf(map, model.consoles, model.lineage, tid, data);
  // What each node reaches through calls: the data it processes (an attacker holding it holds that).
  const calls = new Map<string, string[]>();
  for (const link of model.links) if (link.kind === 'call') push(calls, link.from, link.to);
  const reached = new Map<string, string[]>();
  // Iterative (issue #84: a chain of 5,000 calls overflowed the stack): the recursion's frames on a
  // stack of our own, same results — a node met again while its walk is open counts what it has so far (nothing).
  const reach = (start: string): string[] => {
    const known = reached.get(start);
    if (known) return known;
    const frames: { id: string; next: number; found: Set<string> }[] = [];
    const open = (id: string) => {
      reached.set(id, []);
      frames.push({ id, next: 0, found: new Set<string>(storeData.has(id) ? [storeData.get(id)!] : []) });
    };
    open(start);
    let list: string[] = [];
    while (frames.length > 0) {
      const frame = frames[frames.length - 1];
      const nexts = calls.get(frame.id) ?? [];
      if (frame.next < nexts.length) {
        const next = nexts[frame.next++];
        const done = reached.get(next);
        if (done) for (const d of done) frame.found.add(d);
        else open(next);
        continue;
      }
      frames.pop();
      list = [...frame.found].sort();
      reached.set(frame.id, list);
      if (frames.length > 0) for (const d of list) frames[frames.length - 1].found.add(d);
    }
    return list;
  };

  const assets = new Map<string, TechnicalAsset>();
  const addAsset = (nodeId: string, fields: Partial<TechnicalAsset> & Pick<TechnicalAsset, 'title' | 'technologies'>, sources: readonly SystemSource[]) => {
    const key = tid(nodeId);
    const own = consoleData.get(nodeId);
    const processed = own ? [...new Set([...reach(nodeId), own])].sort() : reach(nodeId);
    const cs = processed.map((d) => data.get(d)!.confidentiality);
    const is = processed.map((d) => data.get(d)!.integrity);
    assets.set(key, {
      key, id: key, type: 'process', usage: 'business', internet: false, machine: 'container', encryption: 'none',
      confidentiality: maxOf<Confidentiality>(CONFIDENTIALITY, cs, 'internal'), integrity: maxOf<Criticality>(CRITICALITY, is, 'important'), availability: 'important',
      multiTenant: false, outOfScope: false, customDevelopedParts: false, dataProcessed: processed, dataStored: storeData.has(nodeId) ? [storeData.get(nodeId)!] : [], tags: [], raa: 0,
      ...fields,
    });
    places.set(key, [...sources]);
  };
  addAsset(INTERNET, { title: 'Internet', type: 'external-entity', internet: true, outOfScope: true, machine: 'physical', technologies: [technology('browser')], confidentiality: 'public', integrity: 'archive' }, []);
  const linkedNodes = new Set(model.links.flatMap((l) => [l.from, l.to]));
  const storeOf = new Map(model.stores.map((store) => [store.id, store]));
  for (const node of map.nodes) {
    const component = componentKinds.has(node.kind) || node.kind === 'external';
    if (!component && !linkedNodes.has(node.id)) continue;
    const known = technologyCalled(node.technology);
    const kind = node.kind;
    const name =
      isVault(node) ? 'vault'
      : storeKinds.has(kind) ? (kind === 'search' ? 'search-engine' : 'database')
      : kind === 'broker' ? 'message-queue'
      : kind === 'function' ? 'function'
      : kind === 'external' ? 'unknown-technology'
      : kind === 'pipeline' ? 'build-pipeline'
      : kind === 'endpoint' ? (node.technology === 'Ingress' || /ingress|gateway/i.test(node.resource ?? node.technology ?? '') ? 'reverse-proxy' : 'load-balancer')
      : identityProvider(node) ? 'identity-provider'
      : known?.kind === 'monitoring' ? 'monitoring'
      : known?.kind === 'proxy' || proxies.has(node.id) ? 'reverse-proxy'
      : kind === 'job' ? 'task'
      : 'web-service-rest';
    const store = storeKinds.has(kind);
    const machine = node.family === 'terraform' ? (kind === 'function' ? 'serverless' : 'virtual') : kind === 'external' || kind === 'pipeline' ? 'virtual' : 'container';
    const built = node.identity?.build !== undefined || (node.technology !== undefined && known === undefined) || kind === 'function';
    addAsset(node.id, {
      title: node.name, technologies: [storeTechnology(name, storeOf.get(node.id)?.inMemory), ...(proxies.has(node.id) ? [technology('web-service-rest')] : [])], machine,
      type: store ? 'datastore' : kind === 'external' ? 'external-entity' : 'process',
      usage: kind === 'pipeline' ? 'devops' : 'business',
      outOfScope: kind === 'external',
      // A proxy built from its configuration (an nginx image with the site's routes) is still a proxy, not an application.
      customDevelopedParts: built && !store && name !== 'reverse-proxy',
      encryption: (storeOf.get(node.id)?.encrypted ?? false) ? 'transparent' : 'none',
      ...(kind === 'endpoint' || (name === 'monitoring' && !consoleData.has(node.id)) ? { confidentiality: 'internal' as const, integrity: 'operational' as const, dataProcessed: [] } : {}),
    }, escapeOf.get(node.id) ?? (unencryptedAt.has(node.id) ? [unencryptedAt.get(node.id)!] : node.sources));
  }
  // The container platform appears when a workload can escape to it; the repository when a secret is written in it.
  if (model.escapes.length > 0) {
    addAsset('platform:containers', { title: 'Container platform', technologies: [technology('container-platform')], machine: 'virtual', confidentiality: 'confidential', integrity: 'critical' }, model.escapes);
  }
  if (model.secrets.length > 0) addAsset('repository:workspace', { title: 'Source repository', technologies: [technology('sourcecode-repository')], usage: 'devops', machine: 'virtual', dataProcessed: [...data.keys()].sort() }, model.secrets);
  tagDefaultCredentials(model.defaultCredentials, assets, tid, places);
  tagHardening(hardening, (id) => assets.get(tid(id)), addAsset, places);
  if (model.vaults.length > 0) addAsset('vault:workspace', { title: 'Secret storage', technologies: [technology('vault')], machine: 'virtual' }, model.vaults);

  const links: CommunicationLink[] = [];
  const numbered = new Map<string, number>();
  for (const link of model.links) {
    const source = tid(link.from);
    const target = tid(link.to);
    if (!assets.has(source) || !assets.has(target)) continue;
    const title = `${link.label || link.kind} to ${map.node(link.to)?.name ?? link.to}`.slice(0, 80);
    // Threagile's link id (`<source>>` + the title's words); a second link of the same words gets a number.
    const base = `${source}>${title.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
    let id = base;
    // Numbered from the last number this base took (a loop from 2 for each was quadratic in a node's like links).
    for (let n = numbered.get(base) ?? 2; places.has(id); n++) {
      id = `${base}-${n}`;
      numbered.set(base, n + 1);
    }
    const received = link.metrics ? [] : assets.get(target)!.dataProcessed; // a metrics port gives the process's metrics, no data
    const sent = link.kind === 'entry' && link.from === INTERNET && link.session === true && !link.tls ? [requestsOf(map, data, link.to, target)] : [];
    links.push({ id, title, source, target, protocol: link.protocol, authentication: link.credentials ? (link.kind === 'call' && !/sql|nosql/.test(link.protocol) ? 'client-certificate' : 'credentials') : link.session ? 'session-id' : 'none', vpn: false, readonly: false, usage: link.kind === 'deploy' ? 'devops' : 'business', dataSent: sent, dataReceived: [...received], ...(link.waf ? { waf: true } : {}), ...(link.scanned ? { scanned: true } : {}), ...(link.unverified ? { unverifiedTls: true } : {}), ...(link.console ? { console: true } : {}), ...(link.metrics ? { metrics: true } : {}), ...(link.noLogin ? { noLogin: true } : {}) });
    // A target processes what it receives (Threagile adds it too).
    places.set(id, link.sources);
  }

  const boundaries = new Map<string, TrustBoundary>();
  for (const b of model.boundaries) {
    const key = tid(b.id);
    boundaries.set(key, { key, id: key, title: b.name, type: b.type, assetsInside: b.members.map((m) => idOf.get(m)).filter((m): m is string => m !== undefined && assets.has(m)), nested: [] });
    places.set(key, b.walls.length > 0 ? b.walls : b.sources);
  }
  for (const b of model.boundaries) if (b.parent) boundaries.get(idOf.get(b.parent)!)?.nested.push(idOf.get(b.id)!);
  for (const id of oneNetworkStacks(model.boundaries)) boundaries.get(idOf.get(id)!)!.oneNetworkStack = true;
  const threagile: ThreatModel = { assets, data, links, boundaries };
  assignRaa(threagile);
  return { threagile, nodeOf, places };
}

/**
 * A plaintext front door (a NodePort, LoadBalancer or published port straight to an application) carries what its
 * users send — their requests and the session they authenticate with — whatever the map knows of the application's
 * technology or data (issue #78): a data asset of its own on that link, `internal` (it rates no asset higher), so that
 * Threagile's unencrypted-communication (plaintext transferring authentication data) is raised on it. Its key.
 */
function requestsOf(map: MapFacts, data: Map<string, DataAsset>, nodeId: string, key: string): string {
  const id = `${key}-requests`;
  if (!data.has(id)) data.set(id, { key: id, id, title: `${map.node(nodeId)?.name ?? nodeId}: its users' requests and session`, confidentiality: 'internal', integrity: 'important', availability: 'important' });
  return id;
}

/** Threagile's relative attacker attractiveness (pkg/model/raa.go's weights), without the pivot bonus. */
export function assignRaa(model: ThreatModel): void {
  const c = (v: Confidentiality, w: number[]) => w[CONFIDENTIALITY.indexOf(v)];
  const k = (v: Criticality, w: number[]) => w[CRITICALITY.indexOf(v)];
  const scores = new Map<string, number>();
  for (const asset of model.assets.values()) {
    if (asset.outOfScope) continue;
    let score = c(asset.confidentiality, [8, 13, 21, 34, 55]) + k(asset.integrity, [5, 8, 13, 21, 34]) + k(asset.availability, [5, 8, 13, 21, 34]);
    for (const key of [...asset.dataProcessed, ...asset.dataStored]) {
      const d = model.data.get(key);
      if (d) score += c(d.confidentiality, [5, 8, 13, 21, 34]) + k(d.integrity, [3, 5, 8, 13, 21]) + k(d.availability, [3, 5, 8, 13, 21]);
    }
    const names = new Set(asset.technologies.map((t) => t.name));
    if (names.has('load-balancer') || names.has('reverse-proxy')) score /= 5.5;
    else if (names.has('monitoring')) score /= 5;
    else if (names.has('container-platform')) score *= 5;
    else if (names.has('vault')) score *= 2;
    else if (names.has('build-pipeline') || names.has('sourcecode-repository')) score *= 2;
    else if (asset.type === 'datastore') score *= 2;
    scores.set(asset.key, score);
  }
  // A loop, not Math.min(...values): past about 120,000 arguments V8's stack overflows.
  let min = Infinity;
  let max = -Infinity;
  for (const score of scores.values()) {
    min = Math.min(min, score);
    max = Math.max(max, score);
  }
  for (const [key, score] of scores) model.assets.get(key)!.raa = max > min ? Math.max(1, ((score - min) / (max - min)) * 100) : 1;
}
