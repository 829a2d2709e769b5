/**
 * The security checks of a module (securityRules.ts names them): each resource type's misconfigurations
 * as trivy and checkov see them, judged only on what the configuration states or leaves to a
 * provider default (securityValues.ts), and silenced by trivy's and checkov's own ignore comments
 * (securityIgnores.ts) as well as Archipel's.
 */
import { t } from '../../l10n/t';
import { declared, type Declaration, type TerraformModule } from '../model/model';
import type { Located } from './referenceChecks';
import { hardcodedSecretHits } from './secrets';
import { ignoredBy } from './securityIgnores';
import { idsText, securityRules as r, type Hit } from './securityRules';
import { isFalse, isTrue, listStrings, nestedBlocks, numberOf, offOrAbsent, valueAt, type Value } from './securityValues';
import { defRange } from './tflintChecks';
import { attribute, staticString, subExpressions, type Block, type Body, type Span } from '../syntax/syntax';
import { iamWildcardHits } from './securityIam';

/** What a check reads: the resource, its module. */
interface Resource {
  d: Declaration;
  body: Body;
  module: TerraformModule;
}

type Check = (resource: Resource) => Hit[];

/** The place of a finding about a value: the value when stated, else the resource's header. */
function at(value: Value, d: Declaration): Span {
  return value.state === 'known' ? value.at : defRange(d.block);
}

const ALL_IPS = new Set(['0.0.0.0/0', '::/0', '0000:0000:0000:0000:0000:0000:0000:0000/0', '*']);
const ADMIN_PORTS: { port: number; name: string; aws: string; gcp: string[] }[] = [
  { port: 22, name: 'SSH', aws: 'CKV_AWS_24', gcp: ['AVD-GCP-0071', 'gcp-0071', 'google-compute-restrict-ssh-access', 'CKV_GCP_2'] },
  { port: 3389, name: 'RDP', aws: 'CKV_AWS_25', gcp: ['AVD-GCP-0070', 'gcp-0070', 'google-compute-no-open-rdp-access', 'CKV_GCP_3'] },
];

/** The admin ports a rule opens: every one for all protocols, those in from..to for TCP or UDP. */
function adminPorts(protocol: Value, from: Value, to: Value): typeof ADMIN_PORTS {
  if (protocol.state !== 'known') return [];
  const p = String(protocol.value).toLowerCase();
  if (p === '-1' || p === 'all') return ADMIN_PORTS;
  if (!['tcp', 'udp', '6', '17'].includes(p)) return [];
  const low = numberOf(from);
  const high = numberOf(to);
  if (low === undefined || high === undefined) return [];
  return ADMIN_PORTS.filter((a) => low <= a.port && a.port <= high);
}

/** An AWS ingress rule's body (a security group's ingress block, a rule resource) open to everyone on an admin port. */
function awsIngress(body: Body, cidrNames: string[], protocolName: string): Hit[] {
  const open = cidrNames.flatMap((name) => listStrings(attribute(body, name)?.expr)).filter((c) => ALL_IPS.has(c.value));
  if (open.length === 0) return [];
  const ports = adminPorts(valueAt(body, [protocolName]), valueAt(body, ['from_port']), valueAt(body, ['to_port']));
  if (ports.length === 0) return [];
  const ids = ['AVD-AWS-0107', 'aws-0107', 'aws-ec2-no-public-ingress-sgr', ...ports.map((p) => p.aws)];
  return [{ rule: r.openAdminPort, at: open[0].at, message: t('Ingress from any address ({0}) to {1}: restrict the source to known ranges or use a bastion or IAP ({2}).', open[0].value, ports.map((p) => `${p.name} (${p.port})`).join(', '), idsText(ids)), ids }];
}

function securityGroup({ body }: Resource): Hit[] {
  const blocks = nestedBlocks(body, 'ingress');
  return blocks === 'unknown' ? [] : blocks.flatMap((b) => awsIngress(b.body, ['cidr_blocks', 'ipv6_cidr_blocks'], 'protocol'));
}

function securityGroupRule({ body }: Resource): Hit[] {
  return staticString(attribute(body, 'type')?.expr) === 'ingress' ? awsIngress(body, ['cidr_blocks', 'ipv6_cidr_blocks'], 'protocol') : [];
}

function googleFirewall({ body }: Resource): Hit[] {
  const direction = valueAt(body, ['direction']);
  if (direction.state === 'unknown' || (direction.state === 'known' && String(direction.value).toUpperCase() !== 'INGRESS')) return [];
  const open = listStrings(attribute(body, 'source_ranges')?.expr).filter((c) => ALL_IPS.has(c.value));
  if (open.length === 0) return [];
  const allows = nestedBlocks(body, 'allow');
  if (allows === 'unknown') return [];
  const ports = new Set<(typeof ADMIN_PORTS)[number]>();
  for (const allow of allows) {
    const protocol = valueAt(allow.body, ['protocol']);
    if (protocol.state !== 'known') continue;
    const p = String(protocol.value).toLowerCase();
    const listed = attribute(allow.body, 'ports');
    if (p === 'all' || ((p === 'tcp' || p === 'udp' || p === '6' || p === '17') && !listed)) for (const a of ADMIN_PORTS) ports.add(a);
    else if (p === 'tcp' || p === 'udp' || p === '6' || p === '17') {
      for (const range of listStrings(listed?.expr)) {
        const [low, high = low] = range.value.split('-').map(Number);
        for (const a of ADMIN_PORTS) if (low <= a.port && a.port <= high) ports.add(a);
      }
    }
  }
  if (ports.size === 0) return [];
  const list = [...ports];
  const ids = ['AVD-GCP-0027', 'gcp-0027', 'google-compute-no-public-ingress', ...list.flatMap((p) => p.gcp)];
  return [{ rule: r.openAdminPort, at: open[0].at, message: t('Ingress from any address ({0}) to {1}: restrict the source to known ranges or use a bastion or IAP ({2}).', open[0].value, list.map((p) => `${p.name} (${p.port})`).join(', '), idsText(ids)), ids }];
}

/** A replica (its source's settings apply) is not judged on encryption and backups. */
function isReplica(body: Body): boolean {
  return attribute(body, 'replicate_source_db') !== undefined || attribute(body, 'replication_source_identifier') !== undefined;
}

function rdsInstance(resource: Resource): Hit[] {
  const { d, body } = resource;
  const hits: Hit[] = [];
  const encrypted = valueAt(body, ['storage_encrypted']);
  if (!isReplica(body) && offOrAbsent(encrypted)) {
    const ids = ['AVD-AWS-0080', 'aws-0080', 'aws-rds-encrypt-instance-storage-data', 'CKV_AWS_16'];
    hits.push({ rule: r.databaseUnencrypted, at: at(encrypted, d), message: t('The database\'s storage is not encrypted: set storage_encrypted = true ({0}).', idsText(ids)), ids });
  }
  hits.push(...publiclyAccessible(resource), ...backupAndProtection(resource, 'instance'));
  return hits;
}

function publiclyAccessible({ body }: Resource): Hit[] {
  const value = valueAt(body, ['publicly_accessible']);
  if (!isTrue(value) || value.state !== 'known') return [];
  const ids = ['AVD-AWS-0180', 'aws-0180', 'aws-rds-disable-public-access', 'CKV_AWS_17'];
  return [{ rule: r.databasePublic, at: value.at, message: t('The database is reachable from the internet: set publicly_accessible = false and reach it from inside the VPC ({0}).', idsText(ids)), ids }];
}

function backupAndProtection({ d, body }: Resource, kind: 'instance' | 'cluster'): Hit[] {
  const hits: Hit[] = [];
  const retention = valueAt(body, ['backup_retention_period']);
  const days = numberOf(retention);
  if (!isReplica(body) && (retention.state === 'absent' || (days !== undefined && days < 2))) {
    const ids = ['AVD-AWS-0077', 'aws-0077', 'aws-rds-specify-backup-retention', 'CKV_AWS_133'];
    hits.push({ rule: r.databaseBackup, at: at(retention, d), message: t('Automated backups are kept {0} day(s): set backup_retention_period to 2 days or more ({1}).', String(days ?? 1), idsText(ids)), ids });
  }
  const protection = valueAt(body, ['deletion_protection']);
  if (offOrAbsent(protection)) {
    const ids = kind === 'instance' ? ['AVD-AWS-0177', 'aws-0177', 'aws-rds-enable-deletion-protection', 'CKV_AWS_293'] : ['AVD-AWS-0343', 'aws-0343', 'aws-rds-enable-cluster-deletion-protection', 'CKV_AWS_139'];
    hits.push({ rule: r.deletionProtection, at: at(protection, d), message: t('The database can be deleted by a plan: set deletion_protection = true ({0}).', idsText(ids)), ids });
  }
  return hits;
}

function rdsCluster(resource: Resource): Hit[] {
  const { d, body } = resource;
  const hits: Hit[] = [];
  const encrypted = valueAt(body, ['storage_encrypted']);
  // Aurora Serverless v1 is always encrypted.
  if (!isReplica(body) && staticString(attribute(body, 'engine_mode')?.expr) !== 'serverless' && offOrAbsent(encrypted)) {
    const ids = ['AVD-AWS-0079', 'aws-0079', 'aws-rds-encrypt-cluster-storage-data', 'CKV_AWS_96'];
    hits.push({ rule: r.databaseUnencrypted, at: at(encrypted, d), message: t('The database\'s storage is not encrypted: set storage_encrypted = true ({0}).', idsText(ids)), ids });
  }
  hits.push(...backupAndProtection(resource, 'cluster'));
  return hits;
}

/** Whether the module turns on EBS encryption by default for the account and region. */
const encryptingModules = new WeakMap<TerraformModule, boolean>();

/** Whether the module turns EBS encryption on by default (asked for each instance and volume: read once per module). */
function encryptsByDefault(module: TerraformModule): boolean {
  let encrypts = encryptingModules.get(module);
  if (encrypts === undefined) {
    encrypts = [...declared(module, 'resource').values()].some(([d]) => d.type === 'aws_ebs_encryption_by_default' && !isFalse(valueAt(d.block.body, ['enabled'])));
    encryptingModules.set(module, encrypts);
  }
  return encrypts;
}

function ebsVolume({ d, body, module }: Resource): Hit[] {
  const encrypted = valueAt(body, ['encrypted']);
  if (attribute(body, 'snapshot_id') || !offOrAbsent(encrypted) || encryptsByDefault(module)) return [];
  const ids = ['AVD-AWS-0026', 'aws-0026', 'aws-ec2-enable-volume-encryption', 'CKV_AWS_3'];
  return [{ rule: r.volumeUnencrypted, at: at(encrypted, d), message: t('The volume is not encrypted: set encrypted = true ({0}).', idsText(ids)), ids }];
}

function blockDevices({ body, module }: Resource): Hit[] {
  if (encryptsByDefault(module)) return [];
  const hits: Hit[] = [];
  for (const name of ['root_block_device', 'ebs_block_device']) {
    const devices = nestedBlocks(body, name);
    if (devices === 'unknown') continue;
    for (const device of devices) {
      const encrypted = valueAt(device.body, ['encrypted']);
      if (attribute(device.body, 'snapshot_id') || !offOrAbsent(encrypted)) continue;
      const ids = ['AVD-AWS-0131', 'aws-0131', 'aws-ec2-enable-at-rest-encryption', 'CKV_AWS_8'];
      hits.push({ rule: r.volumeUnencrypted, at: encrypted.state === 'known' ? encrypted.at : device.typeSpan, message: t('The volume is not encrypted: set encrypted = true ({0}).', idsText(ids)), ids });
    }
  }
  return hits;
}

/** A module's companion resources by type: by the bucket their `bucket` names, or unknown when one names a bucket Archipel cannot tell. */
const companionsByModule = new WeakMap<TerraformModule, Map<string, Map<string, Declaration[]> | undefined>>();

/** The module's resources of a type whose `bucket` names this bucket; undefined when one names a bucket Archipel cannot tell (a variable). */
function companions(module: TerraformModule, type: string, bucket: string): Declaration[] | undefined {
  let byType = companionsByModule.get(module);
  if (!byType) companionsByModule.set(module, (byType = new Map<string, Map<string, Declaration[]> | undefined>()));
  if (!byType.has(type)) byType.set(type, companionsOfType(module, type));
  const byBucket = byType.get(type);
  return byBucket ? (byBucket.get(bucket) ?? []) : undefined;
}

/** The resources of a type by the bucket they name (once per module and type: a module of many buckets asks for each). */
function companionsOfType(module: TerraformModule, type: string): Map<string, Declaration[]> | undefined {
  const byBucket = new Map<string, Declaration[]>();
  for (const [, [d]] of declared(module, 'resource')) {
    if (d.type !== type) continue;
    const expr = attribute(d.block.body, 'bucket')?.expr;
    if (!expr) continue;
    const refs = [...subExpressions(expr)].filter((e) => e.kind === 'traversal' && e.root.name === 'aws_s3_bucket');
    if (refs.length === 0) return undefined;
    const named = new Set<string>();
    for (const e of refs) if (e.kind === 'traversal' && e.steps[0]?.kind === 'attr') named.add(e.steps[0].name);
    for (const name of named) {
      const list = byBucket.get(name) ?? [];
      list.push(d);
      byBucket.set(name, list);
    }
  }
  return byBucket;
}

const PUBLIC_ACLS: Record<string, string> = { 'public-read': 'CKV_AWS_20', 'public-read-write': 'CKV_AWS_57', 'authenticated-read': 'CKV_AWS_20' };

function bucketAcl({ body }: Resource): Hit[] {
  const acl = valueAt(body, ['acl']);
  if (acl.state !== 'known' || !(String(acl.value) in PUBLIC_ACLS)) return [];
  const ids = ['AVD-AWS-0092', 'aws-0092', 'aws-s3-no-public-access-with-acl', PUBLIC_ACLS[String(acl.value)], ...(acl.value === 'public-read-write' ? ['CKV_AWS_20'] : [])];
  return [{ rule: r.bucketPublicAcl, at: acl.at, message: t('The ACL "{0}" opens the bucket to everyone: use private and grant access through a bucket policy ({1}).', String(acl.value), idsText(ids)), ids }];
}

function s3Bucket(resource: Resource): Hit[] {
  const { d, body, module } = resource;
  const hits = bucketAcl(resource);
  const sse = nestedBlocks(body, 'server_side_encryption_configuration');
  const encryption = companions(module, 'aws_s3_bucket_server_side_encryption_configuration', d.name);
  if (sse !== 'unknown' && sse.length === 0 && encryption?.length === 0) {
    const ids = ['AVD-AWS-0088', 'aws-0088', 'aws-s3-enable-bucket-encryption', 'CKV_AWS_19'];
    hits.push({ rule: r.bucketUnencrypted, at: defRange(d.block), message: t('The bucket has no server-side encryption configuration: add an aws_s3_bucket_server_side_encryption_configuration for it ({0}).', idsText(ids)), ids });
  }
  if (companions(module, 'aws_s3_bucket_public_access_block', d.name)?.length === 0) {
    const ids = ['AVD-AWS-0094', 'aws-0094', 'aws-s3-specify-public-access-block', 'CKV2_AWS_6'];
    hits.push({ rule: r.bucketWithoutAccessBlock, at: defRange(d.block), message: t('The bucket has no public access block: add an aws_s3_bucket_public_access_block for it ({0}).', idsText(ids)), ids });
  }
  return hits;
}

const ACCESS_BLOCK: [string, string[]][] = [
  ['block_public_acls', ['AVD-AWS-0086', 'aws-0086', 'aws-s3-block-public-acls', 'CKV_AWS_53']],
  ['block_public_policy', ['AVD-AWS-0087', 'aws-0087', 'aws-s3-block-public-policy', 'CKV_AWS_54']],
  ['ignore_public_acls', ['AVD-AWS-0091', 'aws-0091', 'aws-s3-ignore-public-acls', 'CKV_AWS_55']],
  ['restrict_public_buckets', ['AVD-AWS-0093', 'aws-0093', 'aws-s3-no-public-buckets', 'CKV_AWS_56']],
];

function publicAccessBlock({ d, body }: Resource): Hit[] {
  return ACCESS_BLOCK.flatMap(([name, ids]) => {
    const value = valueAt(body, [name]);
    return offOrAbsent(value) ? [{ rule: r.publicAccessBlock, at: at(value, d), message: t('{0} is off: set {0} = true ({1}).', name, idsText(ids)), ids }] : [];
  });
}

function eksCluster({ d, body }: Resource): Hit[] {
  const hits: Hit[] = [];
  const endpoint = valueAt(body, ['vpc_config', 'endpoint_public_access']);
  const vpc = nestedBlocks(body, 'vpc_config');
  const cidrs = vpc !== 'unknown' && vpc.length > 0 ? attribute(vpc[0].body, 'public_access_cidrs') : undefined;
  const openCidr = cidrs ? listStrings(cidrs.expr).find((c) => ALL_IPS.has(c.value)) : undefined;
  if (vpc !== 'unknown' && vpc.length > 0 && (endpoint.state === 'absent' || isTrue(endpoint)) && (!cidrs || openCidr)) {
    const ids = ['AVD-AWS-0040', 'aws-0040', 'aws-eks-no-public-cluster-access', 'AVD-AWS-0041', 'aws-0041', 'aws-eks-no-public-cluster-access-to-cidr', 'CKV_AWS_39', 'CKV_AWS_38'];
    hits.push({ rule: r.eksPublicEndpoint, at: openCidr?.at ?? (endpoint.state === 'known' ? endpoint.at : vpc[0].typeSpan), message: t('The cluster\'s API endpoint is public and open to every address: set endpoint_public_access = false, or public_access_cidrs to known ranges ({0}).', idsText(ids)), ids });
  }
  const encryption = nestedBlocks(body, 'encryption_config');
  if (encryption !== 'unknown' && encryption.length === 0) {
    const ids = ['AVD-AWS-0039', 'aws-0039', 'aws-eks-encrypt-secrets', 'CKV_AWS_58'];
    hits.push({ rule: r.eksSecretsEncryption, at: defRange(d.block), message: t('The cluster\'s secrets are not encrypted with a KMS key: add an encryption_config with resources = ["secrets"] ({0}).', idsText(ids)), ids });
  }
  return hits;
}

const EXPOSED_METADATA = new Set(['GCE_METADATA', 'MODE_UNSPECIFIED', 'EXPOSE', 'UNSPECIFIED']);

/** A node_config exposing the node's metadata server to pods. */
function metadataExposed(body: Body): Hit[] {
  const hits: Hit[] = [];
  for (const path of [['node_config', 'workload_metadata_config', 'mode'], ['node_config', 'workload_metadata_config', 'node_metadata']]) {
    const value = valueAt(body, path);
    if (value.state !== 'known' || !EXPOSED_METADATA.has(String(value.value))) continue;
    const ids = ['AVD-GCP-0057', 'gcp-0057', 'google-gke-node-metadata-security', 'CKV_GCP_69'];
    hits.push({ rule: r.gkeWorkloadIdentity, at: value.at, message: t('The node pool exposes the node\'s metadata to its pods: set workload_metadata_config mode = "GKE_METADATA" ({0}).', idsText(ids)), ids });
  }
  return hits;
}

function gkeCluster(resource: Resource): Hit[] {
  const { d, body } = resource;
  const hits: Hit[] = [...metadataExposed(body)];
  const autopilot = isTrue(valueAt(body, ['enable_autopilot']));
  const privateNodes = valueAt(body, ['private_cluster_config', 'enable_private_nodes']);
  if (offOrAbsent(privateNodes) && !isTrue(valueAt(body, ['network_config', 'enable_private_nodes']))) {
    const ids = ['AVD-GCP-0059', 'gcp-0059', 'google-gke-enable-private-cluster', 'CKV_GCP_25', 'CKV_GCP_64'];
    hits.push({ rule: r.gkePrivateNodes, at: at(privateNodes, d), message: t('The cluster\'s nodes get public IPs: add private_cluster_config with enable_private_nodes = true ({0}).', idsText(ids)), ids });
  }
  const policy = valueAt(body, ['network_policy', 'enabled']);
  const datapath = valueAt(body, ['datapath_provider']);
  if (!autopilot && offOrAbsent(policy) && datapath.state !== 'unknown' && !(datapath.state === 'known' && datapath.value === 'ADVANCED_DATAPATH')) {
    const ids = ['AVD-GCP-0056', 'gcp-0056', 'google-gke-enable-network-policy', 'CKV_GCP_12'];
    hits.push({ rule: r.gkeNetworkPolicy, at: at(policy, d), message: t('Network policies are not enforced in the cluster: set network_policy enabled = true or datapath_provider = "ADVANCED_DATAPATH" ({0}).', idsText(ids)), ids });
  }
  const identity = nestedBlocks(body, 'workload_identity_config');
  if (!autopilot && identity !== 'unknown' && identity.length === 0) {
    const ids = ['AVD-GCP-0057', 'gcp-0057', 'google-gke-node-metadata-security', 'CKV_GCP_69'];
    hits.push({ rule: r.gkeWorkloadIdentity, at: defRange(d.block), message: t('Workload Identity is off: pods use the nodes\' service account; add workload_identity_config with workload_pool = "<project>.svc.id.goog" ({0}).', idsText(ids)), ids });
  }
  hits.push(...gkeLegacyAuth(resource));
  return hits;
}

function gkeLegacyAuth({ body }: Resource): Hit[] {
  const hits: Hit[] = [];
  const abac = valueAt(body, ['enable_legacy_abac']);
  if (abac.state === 'known' && isTrue(abac)) {
    const ids = ['AVD-GCP-0062', 'gcp-0062', 'google-gke-use-rbac-permissions', 'CKV_GCP_7'];
    hits.push({ rule: r.gkeLegacyAuth, at: abac.at, message: t('Legacy ABAC grants permissions outside RBAC: set enable_legacy_abac = false ({0}).', idsText(ids)), ids });
  }
  const ids = ['AVD-GCP-0064', 'gcp-0064', 'google-gke-no-legacy-authentication', 'CKV_GCP_13'];
  const certificate = valueAt(body, ['master_auth', 'client_certificate_config', 'issue_client_certificate']);
  if (certificate.state === 'known' && isTrue(certificate)) hits.push({ rule: r.gkeLegacyAuth, at: certificate.at, message: t('The cluster issues client certificates, a legacy authentication: set issue_client_certificate = false ({0}).', idsText(ids)), ids });
  const password = valueAt(body, ['master_auth', 'password']);
  if (password.state === 'known' && typeof password.value === 'string' && password.value !== '') hits.push({ rule: r.gkeLegacyAuth, at: password.at, message: t('The cluster has basic authentication, a legacy authentication: remove master_auth\'s username and password ({0}).', idsText(ids)), ids });
  return hits;
}

function nodePool({ body }: Resource): Hit[] {
  return metadataExposed(body);
}

function cloudSql({ body }: Resource): Hit[] {
  const hits: Hit[] = [];
  const settings = nestedBlocks(body, 'settings');
  if (settings === 'unknown' || settings.length === 0) return hits;
  const ipv4 = valueAt(body, ['settings', 'ip_configuration', 'ipv4_enabled']);
  if (ipv4.state === 'absent' || isTrue(ipv4)) {
    const ids = ['AVD-GCP-0017', 'gcp-0017', 'google-sql-no-public-access', 'CKV_GCP_60'];
    hits.push({ rule: r.databasePublic, at: ipv4.state === 'known' ? ipv4.at : settings[0].typeSpan, message: t('The instance gets a public IP address: set ip_configuration ipv4_enabled = false and connect through a private network ({0}).', idsText(ids)), ids });
  }
  const ip = nestedBlocks(settings[0].body, 'ip_configuration');
  const networks = ip === 'unknown' || ip.length === 0 ? [] : nestedBlocks(ip[0].body, 'authorized_networks');
  for (const network of networks === 'unknown' ? [] : networks) {
    const value = valueAt(network.body, ['value']);
    if (value.state !== 'known' || !ALL_IPS.has(String(value.value))) continue;
    const ids = ['AVD-GCP-0017', 'gcp-0017', 'google-sql-no-public-access', 'CKV_GCP_11'];
    hits.push({ rule: r.databasePublic, at: value.at, message: t('An authorized network lets any address connect ({0}): list known ranges only ({1}).', String(value.value), idsText(ids)), ids });
  }
  const backups = valueAt(body, ['settings', 'backup_configuration', 'enabled']);
  if (!attribute(body, 'master_instance_name') && offOrAbsent(backups)) {
    const ids = ['AVD-GCP-0024', 'gcp-0024', 'google-sql-enable-backup', 'CKV_GCP_14'];
    hits.push({ rule: r.databaseBackup, at: backups.state === 'known' ? backups.at : settings[0].typeSpan, message: t('Automated backups are off: add backup_configuration with enabled = true to settings ({0}).', idsText(ids)), ids });
  }
  return hits;
}

function bucketMember({ body }: Resource): Hit[] {
  const members = [...listStrings(attribute(body, 'member')?.expr), ...listStrings(attribute(body, 'members')?.expr)];
  const ids = ['AVD-GCP-0001', 'gcp-0001', 'google-storage-no-public-access', 'CKV_GCP_28'];
  return members.filter((m) => m.value === 'allUsers' || m.value === 'allAuthenticatedUsers').map((m) => ({ rule: r.bucketPublicMember, at: m.at, message: t('"{0}" makes the bucket public: grant access to named principals only ({1}).', m.value, idsText(ids)), ids }));
}

function googleBucket({ d, body }: Resource): Hit[] {
  const uniform = valueAt(body, ['uniform_bucket_level_access']);
  if (!offOrAbsent(uniform)) return [];
  const ids = ['AVD-GCP-0002', 'gcp-0002', 'google-storage-enable-ubla', 'CKV_GCP_29'];
  return [{ rule: r.bucketUniformAccess, at: at(uniform, d), message: t('Object ACLs can grant access apart from the bucket\'s IAM: set uniform_bucket_level_access = true ({0}).', idsText(ids)), ids }];
}

const CHECKS: Record<string, Check[]> = {
  aws_security_group: [securityGroup],
  aws_security_group_rule: [securityGroupRule],
  aws_vpc_security_group_ingress_rule: [({ body }) => awsIngress(body, ['cidr_ipv4', 'cidr_ipv6'], 'ip_protocol')],
  google_compute_firewall: [googleFirewall],
  aws_db_instance: [rdsInstance],
  aws_rds_cluster_instance: [publiclyAccessible],
  aws_rds_cluster: [rdsCluster],
  aws_ebs_volume: [ebsVolume],
  aws_instance: [blockDevices],
  aws_launch_configuration: [blockDevices],
  aws_s3_bucket: [s3Bucket],
  aws_s3_bucket_acl: [bucketAcl],
  aws_s3_bucket_public_access_block: [publicAccessBlock],
  aws_eks_cluster: [eksCluster],
  google_container_cluster: [gkeCluster],
  google_container_node_pool: [nodePool],
  google_sql_database_instance: [cloudSql],
  google_storage_bucket_iam_member: [bucketMember],
  google_storage_bucket_iam_binding: [bucketMember],
  google_storage_bucket: [googleBucket],
};

/** Every security finding of a module, without those a trivy or checkov ignore comment silences. */
export function securityFindings(module: TerraformModule): Located[] {
  const out: Located[] = [];
  const files = new Map(module.files.map((f) => [f.file.uri, f]));
  const add = (block: Block | undefined, uri: string, hits: Hit[]) => {
    const file = files.get(uri);
    if (!file) return;
    for (const hit of hits) {
      if (ignoredBy(file, block, hit)) continue;
      out.push({ uri, finding: { start: hit.at.start, end: hit.at.end, code: hit.rule.id, message: hit.message } });
    }
  };
  for (const d of module.declarations) {
    if (d.override || (d.kind !== 'resource' && d.kind !== 'data')) continue;
    const checks = d.kind === 'resource' ? (CHECKS[d.type ?? ''] ?? []) : [];
    const resource: Resource = { d, body: d.block.body, module };
    add(d.block, d.uri, [...checks.flatMap((check) => check(resource)), ...iamWildcardHits(d)]);
  }
  for (const file of module.files) {
    const { blocks, hits } = hardcodedSecretHits(file);
    for (let i = 0; i < hits.length; i++) add(blocks[i], file.file.uri, [hits[i]]);
  }
  return out;
}
