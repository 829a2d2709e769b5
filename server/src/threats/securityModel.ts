/**
 * The security model's facts (issue #65): its trust boundaries, entry points, stores, attack paths and, beside them, the
 * same facts as a Threagile model. derive.ts makes them from the map; threagileModel.ts writes the Threagile side.
 */
import type { SystemSource } from '../features/system/contributor';
import type { DefaultCredentials, SecurityConsole } from './consoleModel';
import type { Lineage } from './lineage';
import type { SecurityLink } from './links';
import type { Confidentiality, ThreatModel } from './threagile/model';

export interface SecurityBoundary {
  id: string;
  name: string;
  /** `internet`; `compose` (a project's network), `cluster`, `namespace`, `cloud` (account, VPC, subnet), `security-group`. */
  kind: string;
  /** Threagile's boundary type. */
  type: string;
  parent?: string;
  /** Node ids directly inside. */
  members: string[];
  /** The walls: NetworkPolicies of a namespace, a security group's rules. */
  walls: SystemSource[];
  sources: SystemSource[];
}

export interface SecurityEntry {
  id: string;
  via: string;
  /** The node reached first (an Ingress, a Service, a workload, a database). */
  to: string;
  /** The components it leads to. */
  components: string[];
  label: string;
  tls: boolean;
  /** The map's role for it (`user`, `exposure`, `operator`). */
  role: string;
  sources: SystemSource[];
  /** An Ingress's line saying it reaches its pods over TLS. */
  backendTls?: SystemSource;
  /** An Ingress's line saying it verifies the client's certificate. */
  clientCerts?: SystemSource;
  /** The lines of an Istio Gateway's servers that serve in plaintext (entryTls.ts), each instance's: where its plaintext way in is opened. */
  plaintext?: SystemSource[];
  /** The line that puts a web application firewall in front of it (ModSecurity's rules on an ingress-nginx Ingress, an AWS WAF association, Cloud Armor, an Azure WAF). */
  waf?: SystemSource;
}

export interface SecurityStore {
  id: string;
  name: string;
  technology?: string;
  categories: string[];
  confidentiality: Confidentiality;
  encrypted: boolean;
  sources: SystemSource[];
  /** The lines that say its data is encrypted at rest where the store's own block does not (its disks' StorageClass). */
  encryption?: SystemSource[];
  /** The line that keeps it in memory only (atRest.ts): nothing at rest to encrypt. */
  inMemory?: SystemSource;
}

export interface AttackPath {
  entry: string;
  store: string;
  /** Node ids from the Internet to the store. */
  nodes: string[];
}

export interface SecurityModel {
  boundaries: SecurityBoundary[];
  entries: SecurityEntry[];
  links: SecurityLink[];
  stores: SecurityStore[];
  /** The admin and data consoles the entries reach. */
  consoles: SecurityConsole[];
  /** The components left with their product's published credentials (consoles.ts): written in their settings, or the product's default where published; the lines that say so. */
  defaultCredentials: DefaultCredentials[];
  /** The components serving a model trained on classified data (lineage.ts). */
  lineage: Lineage[];
  paths: AttackPath[];
  /** Secrets written as literals in deploy files (what accidental-secret-leak speaks of). */
  secrets: SystemSource[];
  /** Lines that let a container escape its platform (privileged, the Docker socket, host namespaces). */
  escapes: SystemSource[];
  /** The vaults found (nodes or lines). */
  vaults: SystemSource[];
  /** The same facts as a Threagile model; asset keys are Threagile ids, `nodeOf` maps them back. */
  threagile: ThreatModel;
  nodeOf: Map<string, string>;
  /** The lines of each Threagile asset and link id (risks are placed on them). */
  places: Map<string, SystemSource[]>;
}

export const INTERNET = 'internet';

/** The confidentiality of data with these fideslang categories: payment data and national ids strictly confidential, other personal data confidential. */
export function confidentialityOf(categories: readonly string[]): Confidentiality {
  if (categories.some((c) => /^user\.(financial|payment|government_id|biometric|health_and_medical|authorization\.credentials)/.test(c))) return 'strictly-confidential';
  return 'confidential';
}
