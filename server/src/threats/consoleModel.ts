/**
 * The consoles in the security model (issue #78, #95): those the entries reach, which components keep their product's
 * published user and password (consoles.ts says both of each one's settings), and the tag and lines the Threagile model
 * carries for the default-credentials rule (threagile/defaultCredentials.ts). Split from derive.ts, which builds the rest.
 */
import type { SystemSource } from '../features/system/contributor';
import type { ConsoleFacts, ConsoleProduct } from './consoles';
import { DEFAULT_CREDENTIALS_TAG } from './threagile/defaultCredentials';
import type { TechnicalAsset } from './threagile/model';

/** An admin or data console reached from outside its boundary (consoles.ts): what it exposes and whether it asks who calls. */
export interface SecurityConsole {
  /** The component. */
  id: string;
  product: ConsoleProduct;
  unauthenticated: boolean;
  /** Why (`anonymous access`, `default credentials`, `no authentication by default`, `authentication configured`). */
  reason: string;
  /** The entries that reach its console. */
  entries: string[];
  /** The lines of its settings that say so (the entries' own lines are the entries'). */
  sources: SystemSource[];
}

/** The consoles the entries reach: any entry of a product with one port, else only an entry to its console's port (RabbitMQ's 15672, not AMQP; Envoy's admin port its configuration sets). */
export function exposedConsoles(entries: readonly { id: string; components: readonly string[] }[], portsOf: ReadonlyMap<string, readonly (number | undefined)[]>, consoleEvidence: ReadonlyMap<string, { facts: ConsoleFacts; sources: SystemSource[] }>): Map<string, SecurityConsole> {
  const consoles = new Map<string, SecurityConsole>();
  for (const entry of entries) {
    const ports = portsOf.get(entry.id) ?? [];
    for (const id of entry.components) {
      const found = consoleEvidence.get(id);
      const own = found?.facts.ports ?? (found?.facts.product.port !== undefined ? [found.facts.product.port] : undefined);
      if (!found || (own !== undefined && !own.some((port) => ports.includes(port))) || (found.facts.product.onlyWhenOpen === true && !found.facts.unauthenticated)) continue;
      let console = consoles.get(id);
      if (!console) consoles.set(id, (console = { id, product: found.facts.product, unauthenticated: found.facts.unauthenticated, reason: found.facts.reason, entries: [], sources: found.sources }));
      console.entries.push(entry.id);
    }
  }
  return consoles;
}

export interface DefaultCredentials {
  /** The component. */
  id: string;
  /** Its product (consoles.ts). */
  product: string;
  /** The lines that write the well-known credentials; none when they are the product's default, left as they are. */
  sources: SystemSource[];
  /** The product's default left as it is: the lines of the ways in that publish its console, where its risk sits (not the component's first line). */
  opened?: SystemSource[];
}

/**
 * The components with default credentials: the well-known ones written in their settings (their lines), anonymous callers
 * made administrators (their lines: Grafana's `GF_AUTH_ANONYMOUS_ORG_ROLE=Admin` with anonymous access on), or a product
 * whose default credentials are left as they are on a published console (`published`: the consoles the entries reach).
 */
export function defaultCredentialsOf(evidence: ReadonlyMap<string, { facts: ConsoleFacts; sources: SystemSource[] }>, published: ReadonlyMap<string, SecurityConsole>, entrySources: (entry: string) => readonly SystemSource[] = () => []): DefaultCredentials[] {
  const found: DefaultCredentials[] = [];
  for (const [id, { facts, sources }] of [...evidence].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    // Anonymous callers made administrators (Grafana's anonymous Admin) let in whoever reaches it, as a published default password does.
    if (facts.reason !== 'default credentials' && facts.reason !== 'anonymous admin access') continue;
    const opened = sources.length > 0 ? [] : (published.get(id)?.entries ?? []).flatMap(entrySources);
    if (sources.length > 0 || published.has(id)) found.push({ id, product: facts.product.name, sources, ...(opened.length > 0 ? { opened } : {}) });
  }
  return found;
}

/** Each such component's asset tagged, its risk placed on the lines that write the credentials (`<asset>@default-credentials`), else on its published console's ways in, else the asset's own lines. */
export function tagDefaultCredentials(found: readonly DefaultCredentials[], assets: ReadonlyMap<string, TechnicalAsset>, tid: (nodeId: string) => string, places: Map<string, SystemSource[]>): void {
  for (const one of found) {
    const asset = assets.get(tid(one.id));
    if (!asset) continue;
    asset.tags = [...asset.tags, DEFAULT_CREDENTIALS_TAG];
    const lines = one.sources.length > 0 ? one.sources : (one.opened ?? []);
    if (lines.length > 0) places.set(`${asset.key}@${DEFAULT_CREDENTIALS_TAG}`, lines);
  }
}
