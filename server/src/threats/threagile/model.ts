/**
 * Threagile's model (issue #65), as its risk rules read it: technical assets, data assets, links,
 * trust boundaries, with Threagile's ordered scales. The same shape holds a model derived from the
 * system map (threats/derive.ts) and a hand-written `threagile.yaml`; the rules (rules.ts) run on it.
 * Assets, data assets and boundaries are keyed (the map key of the YAML or the derived node); `id` is
 * what risks name, as in Threagile, where it may differ from the key.
 */

export const CONFIDENTIALITY = ['public', 'internal', 'restricted', 'confidential', 'strictly-confidential'] as const;
export const CRITICALITY = ['archive', 'operational', 'important', 'critical', 'mission-critical'] as const;
export const LIKELIHOOD = ['unlikely', 'likely', 'very-likely', 'frequent'] as const;
export const IMPACT = ['low', 'medium', 'high', 'very-high'] as const;
export const SEVERITY = ['low', 'medium', 'elevated', 'high', 'critical'] as const;
export const STRIDE = ['spoofing', 'tampering', 'repudiation', 'information-disclosure', 'denial-of-service', 'elevation-of-privilege'] as const;

export type Confidentiality = (typeof CONFIDENTIALITY)[number];
export type Criticality = (typeof CRITICALITY)[number];
export type Likelihood = (typeof LIKELIHOOD)[number];
export type Impact = (typeof IMPACT)[number];
export type Severity = (typeof SEVERITY)[number];
export type Stride = (typeof STRIDE)[number];

/** Threagile's protocols that encrypt, and those that stay inside one process or host. */
export const ENCRYPTED_PROTOCOLS: ReadonlySet<string> = new Set([
  'https', 'wss', 'reverse-proxy-web-protocol-encrypted', 'jdbc-encrypted', 'odbc-encrypted', 'sql-access-protocol-encrypted', 'nosql-access-protocol-encrypted',
  'binary-encrypted', 'text-encrypted', 'ssh', 'ssh-tunnel', 'smtp-encrypted', 'pop3-encrypted', 'imap-encrypted', 'ftps', 'sftp', 'scp', 'ldaps', 'smb-encrypted',
  'iiop-encrypted', 'jrmp-encrypted',
]);
export const PROCESS_LOCAL_PROTOCOLS: ReadonlySet<string> = new Set(['local-file-access', 'in-process-library-call', 'inter-process-communication', 'container-spawning']);

/** Boundary types that are network boundaries (`execution-environment` is not). */
export const NETWORK_BOUNDARIES: ReadonlySet<string> = new Set(['network-on-prem', 'network-dedicated-hoster', 'network-virtual-lan', 'network-cloud-provider', 'network-cloud-security-group', 'network-policy-namespace-isolation']);

export interface Technology {
  name: string;
  /** The attributes rules test (`vault`, `build-pipeline`, `may_contain_secrets`…): only those set count; a technology's own name is one. */
  attributes: Readonly<Record<string, boolean>>;
}

export interface TechnicalAsset {
  key: string;
  id: string;
  title: string;
  type: 'external-entity' | 'process' | 'datastore' | (string & {});
  usage: 'business' | 'devops' | (string & {});
  internet: boolean;
  machine: 'physical' | 'virtual' | 'container' | 'serverless' | (string & {});
  encryption: string;
  confidentiality: Confidentiality;
  integrity: Criticality;
  availability: Criticality;
  multiTenant: boolean;
  outOfScope: boolean;
  customDevelopedParts: boolean;
  technologies: Technology[];
  dataProcessed: string[];
  dataStored: string[];
  tags: string[];
  /** Relative attacker attractiveness, % (Threagile's RAA). */
  raa: number;
  /** Threagile's `data_formats_accepted` (`serialization`, `json`…): a hand-written model's; a derived one knows none. */
  dataFormatsAccepted?: string[];
  /** Threagile's `redundant`: a hand-written model's; derived, unknown (false). */
  redundant?: boolean;
}

export interface CommunicationLink {
  id: string;
  title: string;
  /** Asset keys. */
  source: string;
  target: string;
  protocol: string;
  authentication: string;
  vpn: boolean;
  readonly: boolean;
  usage: string;
  dataSent: string[];
  dataReceived: string[];
  /** Threagile's `authorization` (`none`, `technical-user`, `end-user-identity-propagation`); absent: none. */
  authorization?: string;
  /** Threagile's `ip_filtered`: a hand-written model's; derived, unknown (false). */
  ipFiltered?: boolean;
  /**
   * Derived only: the link passes a web application firewall the files declare in front of its target (an AWS WAF
   * association, Cloud Armor, ModSecurity's rules on the ingress) that the model keeps no asset for; a hand-written model
   * says it with a `waf` asset as the link's source.
   */
  waf?: boolean;
  /** Derived only: an entry into a console's port (an Envoy's admin listener): the target's proxy exemptions do not apply to it. */
  console?: boolean;
  /** Derived only: an entry into a metrics or admin-health port (links.ts metricsPort): no web application behind it to filter. */
  metrics?: boolean;
  /** Derived only: a session link into an application whose files show no login (appLogin.ts): no authentication data said on it. */
  noLogin?: boolean;
  /** Derived only: a deployment whose workflow scans what it ships (a Trivy, Grype, Snyk, CodeQL or Docker Scout step). */
  scanned?: boolean;
  /** Derived only: TLS that does not authenticate the server (`sslmode=require`, `insecureSkipVerify`, `verify=false`): encrypted, but to whoever answers. */
  unverifiedTls?: boolean;
}

export interface TrustBoundary {
  key: string;
  id: string;
  title: string;
  type: string;
  assetsInside: string[];
  nested: string[];
  /**
   * A derived model's Compose project of one network (its default network, or the one network every service joins):
   * the whole stack on one bridge is how Compose runs any stack, not a segmentation this repository chose; the derived
   * missing-network-segmentation does not take two assets in it as sharing a segment (issue #78, precision).
   */
  oneNetworkStack?: boolean;
}

/** Threagile's shared runtime: a host, cluster or VM several assets run on (asset keys). */
export interface SharedRuntime {
  key: string;
  id: string;
  title: string;
  assetsRunning: string[];
}

export interface DataAsset {
  key: string;
  id: string;
  title: string;
  confidentiality: Confidentiality;
  integrity: Criticality;
  availability: Criticality;
}

export interface ThreatModel {
  assets: Map<string, TechnicalAsset>;
  data: Map<string, DataAsset>;
  links: CommunicationLink[];
  boundaries: Map<string, TrustBoundary>;
  /** A hand-written model's; a derived one has none. */
  sharedRuntimes?: Map<string, SharedRuntime>;
}

/** A risk as Threagile returns it (its JSON field names in the fixtures; camel case here). */
export interface ThreagileRisk {
  category: string;
  syntheticId: string;
  title: string;
  severity: Severity;
  likelihood: Likelihood;
  impact: Impact;
  /** Asset ids. */
  asset?: string;
  link?: string;
  breachProbability: 'improbable' | 'possible' | 'probable';
  breachAssets: string[];
}

export const rank = {
  confidentiality: (value: Confidentiality): number => CONFIDENTIALITY.indexOf(value),
  criticality: (value: Criticality): number => CRITICALITY.indexOf(value),
};

/** Threagile's severity: likelihood weight × impact weight (1–4 each). */
export function severityOf(likelihood: Likelihood, impact: Impact): Severity {
  const product = (LIKELIHOOD.indexOf(likelihood) + 1) * (IMPACT.indexOf(impact) + 1);
  return product <= 1 ? 'low' : product <= 3 ? 'medium' : product <= 8 ? 'elevated' : product <= 12 ? 'high' : 'critical';
}

export function hasAttribute(asset: TechnicalAsset | undefined, attribute: string): boolean {
  return asset?.technologies.some((t) => t.attributes[attribute] === true) ?? false;
}

/** The derived indices Threagile keeps: incoming links by target, each asset's boundary. */
export class ModelIndex {
  readonly incoming = new Map<string, CommunicationLink[]>();
  readonly outgoing = new Map<string, CommunicationLink[]>();
  readonly boundaryOf = new Map<string, TrustBoundary>();
  readonly parentOf = new Map<string, TrustBoundary>();

  constructor(readonly model: ThreatModel) {
    for (const link of model.links) {
      this.incoming.set(link.target, [...(this.incoming.get(link.target) ?? []), link]);
      this.outgoing.set(link.source, [...(this.outgoing.get(link.source) ?? []), link]);
    }
    for (const boundary of model.boundaries.values()) {
      for (const inside of boundary.assetsInside) this.boundaryOf.set(inside, boundary);
      for (const nested of boundary.nested) {
        const child = [...model.boundaries.values()].find((b) => b.id === nested || b.key === nested);
        if (child) this.parentOf.set(child.key, boundary);
      }
    }
  }

  /** Asset keys in id order (Threagile's SortedTechnicalAssetIDs). */
  sortedAssets(): TechnicalAsset[] {
    return [...this.model.assets.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, asset]) => asset);
  }

  asset(key: string): TechnicalAsset | undefined {
    return this.model.assets.get(key);
  }

  private highest<T extends string>(own: T, scale: readonly T[], data: readonly string[], field: 'confidentiality' | 'integrity' | 'availability'): T {
    let best = scale.indexOf(own);
    for (const key of data) {
      const asset = this.model.data.get(key);
      if (asset) best = Math.max(best, scale.indexOf(asset[field] as T));
    }
    return scale[best];
  }

  processedConfidentiality = (a: TechnicalAsset): Confidentiality => this.highest(a.confidentiality, CONFIDENTIALITY, a.dataProcessed, 'confidentiality');
  processedIntegrity = (a: TechnicalAsset): Criticality => this.highest(a.integrity, CRITICALITY, a.dataProcessed, 'integrity');
  processedAvailability = (a: TechnicalAsset): Criticality => this.highest(a.availability, CRITICALITY, a.dataProcessed, 'availability');
  storedConfidentiality = (a: TechnicalAsset): Confidentiality => this.highest(a.confidentiality, CONFIDENTIALITY, a.dataStored, 'confidentiality');
  storedIntegrity = (a: TechnicalAsset): Criticality => this.highest(a.integrity, CRITICALITY, a.dataStored, 'integrity');

  linkConfidentiality = (l: CommunicationLink): Confidentiality => this.highest('public', CONFIDENTIALITY, [...l.dataSent, ...l.dataReceived], 'confidentiality');
  linkIntegrity = (l: CommunicationLink): Criticality => this.highest('archive', CRITICALITY, [...l.dataSent, ...l.dataReceived], 'integrity');

  /** Threagile's "across a network trust boundary" for a link. */
  acrossNetworkBoundary(link: CommunicationLink): boolean {
    const networkOnly = (boundary: TrustBoundary | undefined) => boundary !== undefined && (NETWORK_BOUNDARIES.has(boundary.type) || !this.parentOf.has(boundary.key));
    const source = this.boundaryOf.get(link.source);
    const target = this.boundaryOf.get(link.target);
    if (!networkOnly(source) || !networkOnly(target)) return false;
    return source!.id !== target!.id && NETWORK_BOUNDARIES.has(target!.type);
  }

  /** Threagile's "same network boundary": a boundary that is not a network one stands for its parent. */
  sameNetworkBoundary(a: string, b: string, known = false): boolean {
    const of = (key: string) => {
      const boundary = this.boundaryOf.get(key);
      return boundary && !NETWORK_BOUNDARIES.has(boundary.type) ? this.parentOf.get(boundary.key) : boundary;
    };
    const left = of(a);
    const right = of(b);
    if ((left === undefined) !== (right === undefined)) return false;
    // `known`: two assets outside every boundary are not known to share a network (a derived model), nor two in a
    // Compose stack of one network.
    return left === undefined ? !known : left.id === right!.id && !(known && left.oneNetworkStack === true);
  }

  /** Every boundary from this one up its parents. */
  private chain(boundary: TrustBoundary): string[] {
    const ids: string[] = [];
    for (let at: TrustBoundary | undefined = boundary; at && !ids.includes(at.id); at = this.parentOf.get(at.key)) ids.push(at.id);
    return ids;
  }

  /** Threagile's "sharing a parent trust boundary" for two assets. */
  sharingParentBoundary(a: TechnicalAsset, b: TechnicalAsset): boolean {
    const left = [...this.model.boundaries.values()].find((t) => t.assetsInside.includes(a.id));
    const right = [...this.model.boundaries.values()].find((t) => t.assetsInside.includes(b.id));
    if (!left && !right) return true;
    if (!left || !right) return false;
    if (left.id === right.id) return true;
    const rightChain = this.chain(right);
    return this.chain(left).some((id) => rightChain.includes(id));
  }

  /** A link either way between two assets. */
  directConnection(a: string, b: string): boolean {
    return (this.incoming.get(a) ?? []).some((l) => l.source === b) || (this.incoming.get(b) ?? []).some((l) => l.source === a);
  }
}
