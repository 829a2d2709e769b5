/**
 * What one deploy file says of the security model wherever the map points, read once per file version (workspace.ts keeps
 * them): a YAML file's NetworkPolicies, mesh mTLS, ConfigMaps' secrets, vault objects, StorageClasses and claims; a
 * Terraform file's WAF associations, public grants and hardening gaps (terraformFacts.ts). Pure: a file's lines in.
 */
import type { SystemSource } from '../features/system/contributor';
import { isDaprVaultStore } from './daprVaults';
import { literalSecretLines, sourceOfLine, type FileLines } from './evidence';
import { terraformFacts, type TerraformFacts } from './terraformFacts';

/** What one YAML file says of the security model, wherever the map points: its walls, its mesh's mTLS, the secrets its ConfigMaps write, its vault objects, its disks' encryption. */
export interface FileFacts extends TerraformFacts {
  policies: { namespace: string; source: SystemSource }[];
  mtls: SystemSource[];
  secrets: SystemSource[];
  vaults: SystemSource[];
  /** StorageClasses: the line that encrypts their disks with a key (a KMS key, EBS `encrypted`, Azure's disk encryption set), whether they are the default. */
  storageClasses: { name: string; encryption?: SystemSource; isDefault: boolean }[];
  /** PersistentVolumeClaims and the StorageClass each names (undefined: the default one). */
  claims: { name: string; namespace?: string; storageClass?: string }[];
}

export const noFacts = (): FileFacts => ({ policies: [], mtls: [], secrets: [], vaults: [], storageClasses: [], claims: [], wafs: [], publicGrants: [], hardening: [] });

/** A Terraform file's facts (terraformFacts.ts): the WAF associations and the public grants of its buckets. */
export function terraformFileFacts(uri: string, file: FileLines): FileFacts {
  return { ...noFacts(), ...terraformFacts(uri, file) };
}

/**
 * A web application firewall written in the block of a way in or of what it routes to: an ingress-nginx Ingress running
 * the OWASP Core Rule Set (`enable-owasp-core-rules: "true"`) or a ModSecurity rule engine turned on (`SecRuleEngine On`
 * in its `modsecurity-snippet`); a Google Cloud backend service with a Cloud Armor `security_policy`; an Azure
 * Application Gateway with a `waf_configuration` or a WAF `firewall_policy_id`; a CloudFront distribution with a `web_acl_id`;
 * an Ingress of the AWS Load Balancer Controller whose ALB it associates with a WAF web ACL (issue #95:
 * `alb.ingress.kubernetes.io/wafv2-acl-arn`, WAF Classic's `alb.ingress.kubernetes.io/waf-acl-id`).
 */
const WAF_LINE = /^\s+(?:nginx\.ingress\.kubernetes\.io\/enable-owasp-core-rules:\s*["']?true["']?\s*$|alb\.ingress\.kubernetes\.io\/(?:wafv2-acl-arn|waf-acl-id):\s*["']?[A-Za-z0-9]|SecRuleEngine\s+On\b|security_policy\s*=\s*[a-z"]|waf_configuration\s*\{|firewall_policy_id\s*=\s*[a-z"]|web_acl_id\s*=\s*[a-z"])/;

/** The line of a block that puts a WAF in front (WAF_LINE), if any (`security_policy = null` is none). */
export function wafLine(lines: readonly string[]): number | undefined {
  const i = lines.findIndex((l) => WAF_LINE.test(l) && !/=\s*(?:null|"")\s*$/.test(l));
  return i < 0 ? undefined : i;
}


/** A disk parameter of a StorageClass that encrypts it with a key: GKE PD's Cloud KMS key, AWS EBS's `encrypted: "true"` / `kmsKeyId`, Azure's `diskEncryptionSetID`. */
const DISK_ENCRYPTION = /^\s+(?:disk-encryption-kms-key:\s*\S|kmsKeyId:\s*\S|diskEncryptionSetID:\s*\S|encrypted:\s*["']?true["']?\s*$)/;

/** The `metadata.name` (and namespace) of a Kubernetes document's block. */
function metadataOf(lines: readonly string[]): { name?: string; namespace?: string } {
  const at = lines.findIndex((l) => /^metadata:/.test(l));
  if (at < 0) return {};
  const found: { name?: string; namespace?: string } = {};
  for (let i = at + 1; i < lines.length && /^(\s|$)/.test(lines[i]); i++) {
    const field = /^ {1,4}(name|namespace):\s*["']?([A-Za-z0-9.-]+)/.exec(lines[i]);
    if (field && found[field[1] as 'name' | 'namespace'] === undefined) found[field[1] as 'name' | 'namespace'] = field[2];
  }
  return found;
}

/** A template's slot in a line (`<CA_DATA>`, `${TOKEN}`, `{{ .Values.token }}`): text to fill in, no secret. */
const TEMPLATE_SLOT = /<[A-Z][A-Z0-9_-]{0,60}>|\$\{|\{\{/;

/**
 * The lines of a Secret's `data:`/`stringData:` whose value is written (not a template, not empty). A block value
 * (`config: |` and a kubeconfig or JSON under it) with a slot to fill in (`"caData": "<CA_DATA>"`) is a template too.
 */
function secretDataLines(lines: readonly string[]): number[] {
  const found: number[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (!/^(data|stringData):\s*$/.test(lines[i])) continue;
    for (let j = i + 1; j < lines.length && /^(\s|$)/.test(lines[j]); j++) {
      const value = /^ {1,4}["']?[A-Za-z0-9_.-]+["']?:\s*(\S.*)$/.exec(lines[j])?.[1];
      if (value !== undefined && !/^(["']{2}|\{\{|\$\{|<|\||>)/.test(value.trim())) found.push(j);
      else if (/^ {1,4}["']?[A-Za-z0-9_.-]+["']?:\s*[|>]/.test(lines[j]) && !blockBody(lines, j).some((line) => TEMPLATE_SLOT.test(line))) found.push(j);
    }
  }
  return found;
}

/** The lines of the block value a key opens at `at` (`config: |`): those indented deeper than the key, blank ones included. */
function blockBody(lines: readonly string[], at: number): string[] {
  const indent = /^ */.exec(lines[at])![0].length;
  const body: string[] = [];
  for (let j = at + 1; j < lines.length && (lines[j].trim() === '' || /^ */.exec(lines[j])![0].length > indent); j++) body.push(lines[j]);
  return body;
}

/** A YAML file's facts (its lines split once). */
export function yamlFileFacts(uri: string, file: FileLines): FileFacts {
  const facts = noFacts();
  const all = file.all;
  for (let i = 0; i < all.length; i++) {
    const line = all[i];
    if (!line.startsWith('kind:')) continue;
    // Every NetworkPolicy: whether it is an optional one (extras/, a kustomize component) is decided relative to the system's root (scanEvidence).
    if (/^kind:\s*NetworkPolicy\s*$/.test(line)) {
      const block = file.block(i);
      const namespace = block.lines.map((l) => /^\s+namespace:\s*["']?([a-z0-9-]+)/.exec(l)?.[1]).find((n) => n !== undefined) ?? 'default';
      facts.policies.push({ namespace, source: sourceOfLine(uri, i, line) });
    }
    if (/^kind:\s*PeerAuthentication\s*$/.test(line) && file.block(i).lines.some((l) => /^\s+mode:\s*STRICT\b/.test(l))) facts.mtls.push(sourceOfLine(uri, i, line));
    // Istio's automatic mTLS between the sidecars it injects (a namespace labelled for injection, a pod annotated),
    // Linkerd's on every meshed pod: the hops between meshed workloads are mutual TLS unless a policy disables it.
    if (/^kind:\s*(Namespace|Deployment|StatefulSet|DaemonSet)\s*$/.test(line)) {
      const block = file.block(i);
      const j = block.lines.findIndex((l) => /^\s+(istio-injection:\s*["']?enabled|istio\.io\/rev:\s*\S|sidecar\.istio\.io\/inject:\s*["']?true|linkerd\.io\/inject:\s*["']?enabled)["']?\s*$/.test(l));
      const disabled = block.lines.some((l) => /^\s+mode:\s*DISABLE\b/.test(l));
      if (j >= 0 && !disabled) facts.mtls.push(sourceOfLine(uri, block.first + j, block.lines[j]));
    }
    // A Secret written in the repository: every value of its data or stringData is the secret itself.
    if (/^kind:\s*Secret\s*$/.test(line)) {
      const block = file.block(i);
      for (const j of secretDataLines(block.lines)) facts.secrets.push(sourceOfLine(uri, block.first + j, block.lines[j]));
    }
    if (/^kind:\s*ConfigMap\s*$/.test(line)) {
      const block = file.block(i);
      for (const j of literalSecretLines(block.lines)) facts.secrets.push(sourceOfLine(uri, block.first + j, all[block.first + j]));
    }
    if (/^kind:\s*(ExternalSecret|SealedSecret|SecretProviderClass)\s*$/.test(line) || (/^kind:\s*["']?Component["']?\s*$/.test(line) && isDaprVaultStore(file.block(i).lines))) facts.vaults.push(sourceOfLine(uri, i, line)); // A Dapr secret store of a vault's type too.
    if (/^kind:\s*StorageClass\s*$/.test(line)) {
      const block = file.block(i);
      const { name } = metadataOf(block.lines);
      if (name === undefined) continue;
      const parameters = block.lines.findIndex((l) => /^parameters:/.test(l));
      let encryption: SystemSource | undefined;
      for (let j = parameters + 1; parameters >= 0 && j < block.lines.length && /^(\s|$)/.test(block.lines[j]); j++) {
        if (DISK_ENCRYPTION.test(block.lines[j])) {
          encryption = sourceOfLine(uri, block.first + j, block.lines[j]);
          break;
        }
      }
      const isDefault = block.lines.some((l) => /^\s+storageclass\.kubernetes\.io\/is-default-class:\s*["']?true["']?\s*$/.test(l));
      facts.storageClasses.push({ name, ...(encryption ? { encryption } : {}), isDefault });
    }
    if (/^kind:\s*PersistentVolumeClaim\s*$/.test(line)) {
      const block = file.block(i);
      const { name, namespace } = metadataOf(block.lines);
      const storageClass = block.lines.map((l) => /^\s+storageClassName:\s*["']?([A-Za-z0-9.-]+)/.exec(l)?.[1]).find((c) => c !== undefined);
      if (name !== undefined) facts.claims.push({ name, ...(namespace ? { namespace } : {}), ...(storageClass ? { storageClass } : {}) });
    }
  }
  return facts;
}
