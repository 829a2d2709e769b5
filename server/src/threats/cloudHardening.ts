/**
 * Cloud hardening (issue #95, Threagile's missing-cloud-hardening ported to what Terraform says): the settings of a
 * resource that leave it open to whoever reaches the cloud's network or API, each on the line that says it (or the
 * resource's first line when the gap is a default left in place):
 * - a firewall (AWS security group or rule, GCP firewall, Azure NSG rule) letting any address (0.0.0.0/0, ::/0, `*`,
 *   `Internet`) reach an administration or database port (SSH, RDP, MySQL, PostgreSQL, SQL Server, Oracle, MongoDB,
 *   Redis, Elasticsearch);
 * - an RDS instance `publicly_accessible = true`, an RDS instance or cluster without `storage_encrypted = true`;
 * - a managed cluster's control plane public with no CIDR restriction (EKS: `endpoint_public_access` left true and no
 *   `public_access_cidrs` but 0.0.0.0/0; GKE: no `master_authorized_networks_config` and no private endpoint);
 * - an Azure storage account allowing public blob access (`allow_nested_items_to_be_public`, `allow_blob_public_access`).
 * Not gaps here: S3's encryption at rest (on for every new object since January 2023, SSE-S3, whatever the file says), a
 * bucket's versioning (what a mistaken delete costs: durability, not exposure; it would raise a risk on nearly every bucket).
 * Line-based on the resource's block (FileLines.block); every expression is on one line, without nested quantifiers.
 */
import type { SystemSource } from '../features/system/contributor';
import { sourceOfLine, type FileLines } from './evidence';

export type HardeningGap = 'admin-port-open' | 'database-public' | 'database-unencrypted' | 'control-plane-public' | 'blob-public-access';

export interface HardeningFinding {
  gap: HardeningGap;
  /** The resource's address in its module (`aws_security_group.ssh`). */
  resource: string;
  /** For `admin-port-open`: the ports named, as `SSH (22)`. */
  detail?: string;
  source: SystemSource;
}

/** Resource types read for hardening (workspace.ts reads a .tf file for its facts only when one is named). */
export const HARDENING_TYPES = /"(aws_security_group|aws_security_group_rule|aws_vpc_security_group_ingress_rule|google_compute_firewall|azurerm_network_security_rule|azurerm_network_security_group|aws_db_instance|aws_rds_cluster|aws_eks_cluster|google_container_cluster|azurerm_storage_account)"/;

const RESOURCE = /^resource\s+"([a-z][a-z0-9_]*)"\s+"([A-Za-z0-9_-]+)"\s*\{\s*$/;

/** The ports an attacker who reaches them administers the host or reads the data through, by name. */
const ADMIN_PORTS: readonly [number, string][] = [[22, 'SSH'], [3389, 'RDP'], [3306, 'MySQL'], [5432, 'PostgreSQL'], [1433, 'SQL Server'], [1521, 'Oracle'], [27017, 'MongoDB'], [6379, 'Redis'], [9200, 'Elasticsearch']];

/** Any address: IPv4's and IPv6's whole ranges, Azure's `*` and `Internet` service tag. */
const ANY_ADDRESS = /"(0\.0\.0\.0\/0|::\/0|\*|Internet|Any)"/;

const number = (line: string, key: string): number | undefined => {
  const m = new RegExp(`^\\s*${key}\\s*=\\s*"?(-?\\d{1,5})"?\\s*(?:#.*)?$`).exec(line);
  return m ? Number(m[1]) : undefined;
};

/** The admin ports a range covers (`from`..`to`; all ports when the protocol is every one). */
function adminPortsIn(ranges: readonly [number, number][]): string | undefined {
  const named = ADMIN_PORTS.filter(([port]) => ranges.some(([from, to]) => port >= from && port <= to)).map(([port, name]) => `${name} (${port})`);
  return named.length > 0 ? named.join(', ') : undefined;
}

/** `"22"`, `"1000-2000"`, `"*"` of a port list or range attribute. */
function portRanges(text: string): [number, number][] {
  const out: [number, number][] = [];
  for (const m of text.matchAll(/"(\d{1,5})(?:-(\d{1,5}))?"|"\*"/g)) out.push(m[1] === undefined ? [0, 65535] : [Number(m[1]), Number(m[2] ?? m[1])]);
  return out;
}

/** The nested blocks named `name` of a resource's block (`ingress {`), each as its lines and first line in the file. */
function nested(file: FileLines, first: number, lines: readonly string[], name: string): { first: number; lines: readonly string[] }[] {
  const out: { first: number; lines: readonly string[] }[] = [];
  const opening = new RegExp(`^\\s+${name}\\s*\\{\\s*$`);
  for (let j = 1; j < lines.length; j++) if (opening.test(lines[j])) out.push(file.block(first + j));
  return out;
}

/** An AWS ingress (a security group's `ingress` block, a rule): open to any address on an admin port; the CIDR line. */
function awsIngress(lines: readonly string[], first: number, rule: boolean): { line: number; detail: string } | undefined {
  if (rule && lines.some((l) => /^\s*type\s*=\s*"egress"/.test(l))) return undefined;
  const open = lines.findIndex((l) => /^\s*(cidr_blocks|ipv6_cidr_blocks|cidr_ipv4|cidr_ipv6)\s*=/.test(l) && /"(0\.0\.0\.0\/0|::\/0)"/.test(l));
  if (open < 0) return undefined;
  const protocol = lines.map((l) => /^\s*(?:ip_)?protocol\s*=\s*"([^"]{1,10})"/.exec(l)?.[1]).find((p) => p !== undefined);
  const from = lines.map((l) => number(l, 'from_port')).find((p) => p !== undefined);
  const to = lines.map((l) => number(l, 'to_port')).find((p) => p !== undefined);
  const all = protocol === '-1' || protocol === 'all' || (from === 0 && to === 0 && protocol !== 'tcp' && protocol !== '6');
  const detail = adminPortsIn(all ? [[0, 65535]] : from !== undefined ? [[from, to ?? from]] : []);
  return detail ? { line: first + open, detail } : undefined;
}

/** A resource's hardening gaps, `at` its first line in `file`. */
export function hardeningOf(uri: string, file: FileLines, at: number): HardeningFinding[] {
  const head = RESOURCE.exec(file.all[at] ?? '');
  if (!head) return [];
  const [, type] = head;
  const resource = `${head[1]}.${head[2]}`;
  const { lines, first } = file.block(at);
  const out: HardeningFinding[] = [];
  const found = (gap: HardeningGap, line: number, detail?: string) => out.push({ gap, resource, ...(detail ? { detail } : {}), source: sourceOfLine(uri, line, file.all[line] ?? '') });
  const lineOf = (test: RegExp) => {
    const j = lines.findIndex((l) => test.test(l));
    return j < 0 ? undefined : first + j;
  };
  switch (type) {
    case 'aws_security_group':
      for (const ingress of nested(file, first, lines, 'ingress')) {
        const open = awsIngress(ingress.lines, ingress.first, false);
        if (open) found('admin-port-open', open.line, open.detail);
      }
      break;
    case 'aws_security_group_rule':
    case 'aws_vpc_security_group_ingress_rule': {
      const open = awsIngress(lines, first, true);
      if (open) found('admin-port-open', open.line, open.detail);
      break;
    }
    case 'google_compute_firewall': {
      if (lines.some((l) => /^\s*direction\s*=\s*"EGRESS"/.test(l)) || nested(file, first, lines, 'deny').length > 0) break;
      const open = lineOf(/^\s*source_ranges\s*=.*"(0\.0\.0\.0\/0|::\/0)"/);
      if (open === undefined) break;
      const ranges = nested(file, first, lines, 'allow').flatMap((allow) => {
        const ports = allow.lines.find((l) => /^\s*ports\s*=/.test(l));
        const protocol = allow.lines.map((l) => /^\s*protocol\s*=\s*"([^"]{1,10})"/.exec(l)?.[1]).find((p) => p !== undefined);
        return ports ? portRanges(ports) : protocol === 'tcp' || protocol === 'all' ? ([[0, 65535]] as [number, number][]) : [];
      });
      const detail = adminPortsIn(ranges);
      if (detail) found('admin-port-open', open, detail);
      break;
    }
    case 'azurerm_network_security_rule':
    case 'azurerm_network_security_group': {
      // A group's inline `security_rule` blocks, or the rule itself.
      const rules = type === 'azurerm_network_security_rule' ? [{ first, lines }] : nested(file, first, lines, 'security_rule');
      for (const rule of rules) {
        if (!rule.lines.some((l) => /^\s*direction\s*=\s*"Inbound"/i.test(l)) || !rule.lines.some((l) => /^\s*access\s*=\s*"Allow"/i.test(l))) continue;
        const source = rule.lines.findIndex((l) => /^\s*source_address_prefix(es)?\s*=/.test(l) && ANY_ADDRESS.test(l));
        if (source < 0) continue;
        const ports = rule.lines.filter((l) => /^\s*destination_port_ranges?\s*=/.test(l)).flatMap(portRanges);
        const detail = adminPortsIn(ports);
        if (detail) found('admin-port-open', rule.first + source, detail);
      }
      break;
    }
    case 'aws_db_instance':
    case 'aws_rds_cluster': {
      const open = lineOf(/^\s*publicly_accessible\s*=\s*true\b/);
      if (open !== undefined) found('database-public', open);
      // A replica or a restore inherits its source's encryption: only what the file creates from nothing is judged.
      if (lines.some((l) => /^\s*(replicate_source_db|snapshot_identifier|source_db_instance_identifier|replication_source_identifier)\s*=/.test(l))) break;
      if (!lines.some((l) => /^\s*storage_encrypted\s*=\s*true\b/.test(l))) found('database-unencrypted', lineOf(/^\s*storage_encrypted\s*=/) ?? first);
      break;
    }
    case 'aws_eks_cluster': {
      const vpc = nested(file, first, lines, 'vpc_config')[0];
      const vpcLines = vpc?.lines ?? [];
      if (vpcLines.some((l) => /^\s*endpoint_public_access\s*=\s*false\b/.test(l))) break;
      const cidrs = vpcLines.find((l) => /^\s*public_access_cidrs\s*=/.test(l));
      if (cidrs !== undefined && !/"0\.0\.0\.0\/0"/.test(cidrs)) break;
      const j = vpcLines.findIndex((l) => /^\s*(public_access_cidrs|endpoint_public_access)\s*=/.test(l));
      found('control-plane-public', vpc && j >= 0 ? vpc.first + j : (vpc?.first ?? first));
      break;
    }
    case 'google_container_cluster': {
      const authorized = nested(file, first, lines, 'master_authorized_networks_config');
      if (authorized.length > 0 && !authorized.some((a) => a.lines.some((l) => /"0\.0\.0\.0\/0"/.test(l)))) break;
      if (lines.some((l) => /^\s*enable_private_endpoint\s*=\s*true\b/.test(l))) break;
      found('control-plane-public', authorized[0]?.first ?? first);
      break;
    }
    case 'azurerm_storage_account': {
      const open = lineOf(/^\s*(allow_nested_items_to_be_public|allow_blob_public_access)\s*=\s*true\b/);
      if (open !== undefined) found('blob-public-access', open);
      break;
    }
    default:
      break;
  }
  return out;
}
