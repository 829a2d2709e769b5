/**
 * Continuity read off Terraform's planned resources (terraform/api.ts terraformResources: modules followed, `count`
 * and `for_each` expanded, attributes evaluated; nothing parsed again): RDS without Multi-AZ and its automated backups
 * (point-in-time recovery: a restore loses 5 minutes), Cloud SQL ZONAL and its backups/PITR, a GKE cluster in a zone,
 * an EKS node group in one subnet, a lone VM, bucket versioning and replication, AWS Backup plans, Azure backup
 * policies. A finding is placed on its attribute's line when written, else on the resource's name.
 */
import { terraformResources, type ResourceBody, type TerraformResource } from '../terraform/api';
import { t } from '../l10n/t';
import type { WorkspaceIndex } from '../workspace/index';
import { cronMinutes, type Backup, type Derivation, type Gap, type Place } from './model';
import { continuityRules as r } from './rules';

/** What the Terraform part asks of the map: the node a resource is (its name's line). */
export interface TerraformMap {
  nodeAt: (uri: string, line: number) => string | undefined;
}

/** The end of the block opened at the first `{` after `from` (strings and comments skipped), or the text's end. */
function blockEnd(text: string, from: number): number {
  let depth = 0;
  for (let i = text.indexOf('{', from); i >= 0 && i < text.length; i++) {
    const c = text[i];
    if (c === '"') {
      for (i++; i < text.length && text[i] !== '"' && text[i] !== '\n'; i++) if (text[i] === '\\') i++;
    } else if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      const eol = text.indexOf('\n', i);
      i = eol < 0 ? text.length : eol;
    } else if (c === '{') depth++;
    else if (c === '}' && --depth === 0) return i + 1;
  }
  return text.length;
}

/** Where an attribute is written in a resource's block (its first occurrence, nested blocks included), its value's span. */
function attributeAt(text: string, resource: TerraformResource, name: string): Place | undefined {
  const end = blockEnd(text, resource.span.end);
  const pattern = new RegExp(`^[ \\t]*${name}[ \\t]*=[ \\t]*([^\\n#]*)`, 'gm');
  pattern.lastIndex = resource.span.end;
  const match = pattern.exec(text);
  if (!match || match.index >= end) return undefined;
  const value = match[1].trimEnd();
  const start = match.index + match[0].length - match[1].length;
  return { uri: resource.uri, start, end: start + value.length };
}

const isTrue = (v: string | undefined) => v === 'true';
const first = (body: ResourceBody, block: string): ResourceBody | undefined => body.blocks[block]?.[0];
const ZONE = /^[a-z]+-[a-z]+\d+-[a-z]$/;

/** The continuity of the index's Terraform resources. */
export function terraformContinuity(index: WorkspaceIndex, map: TerraformMap, into: Derivation): void {
  const resources = terraformResources(index);
  const counts = new Map<string, number>();
  for (const res of resources) counts.set(`${res.uri}#${res.span.start}`, (counts.get(`${res.uri}#${res.span.start}`) ?? 0) + 1);
  for (const res of resources) {
    const text = index.get(res.uri)?.text;
    if (text === undefined) continue;
    const lines = index.get(res.uri)!.lines;
    const node = map.nodeAt(res.uri, lines.positionAt(res.span.start).line);
    const name: Place = { uri: res.uri, start: res.span.start, end: res.span.end };
    const at = (attribute: string): Place => attributeAt(text, res, attribute) ?? name;
    const gap = (g: Omit<Gap, 'node'>) => into.gaps.push({ ...g, ...(node ? { node } : {}) });
    const backup = (b: Omit<Backup, 'covers'>, covers: string[] = node ? [node] : []) => into.backups.push({ ...b, covers });
    if (res.region) into.regions.add(res.region);
    const a = res.attributes;
    switch (res.type) {
      case 'aws_db_instance': {
        if (res.written.includes('replicate_source_db')) break;
        if (!isTrue(a.multi_az)) {
          const written = attributeAt(text, res, 'multi_az');
          const insert = text.indexOf('\n', text.indexOf('{', res.span.end)) + 1;
          const fix = written ? { ...written, newText: 'true' } : { uri: res.uri, start: insert, end: insert, newText: '  multi_az = true\n' };
          gap({ rule: r.singleZone.id, ...(written ?? name), message: t('The RDS instance {0} runs in one availability zone (multi_az is not true): a zone outage stops it. Set multi_az = true.', res.address), fix: { title: t('Set multi_az = true'), ...fix } });
        }
        const days = a.backup_retention_period === undefined ? 1 : Number(a.backup_retention_period);
        if (days > 0) backup({ kind: 'rds-pitr', minutes: 5, ...at('backup_retention_period') });
        else gap({ rule: r.noBackup.id, ...at('backup_retention_period'), message: t('The RDS instance {0} keeps no automated backup (backup_retention_period = 0): no point-in-time recovery. Keep 7 days or more.', res.address) });
        break;
      }
      case 'aws_rds_cluster': {
        const days = a.backup_retention_period === undefined ? 1 : Number(a.backup_retention_period);
        if (days > 0) backup({ kind: 'rds-pitr', minutes: 5, ...at('backup_retention_period') });
        break;
      }
      case 'google_sql_database_instance': {
        const settings = first(res, 'settings');
        if (!settings) break;
        if (settings.attributes.availability_type !== 'REGIONAL') {
          const written = attributeAt(text, res, 'availability_type');
          gap({ rule: r.singleZone.id, ...(written ?? at('tier')), message: t('The Cloud SQL instance {0} is ZONAL: a zone outage stops it. Set availability_type = "REGIONAL".', res.address), ...(written ? { fix: { title: t('Set availability_type = "REGIONAL"'), ...written, newText: '"REGIONAL"' } } : {}) });
        }
        const backups = first(settings, 'backup_configuration');
        if (isTrue(backups?.attributes.enabled)) {
          const pitr = isTrue(backups?.attributes.point_in_time_recovery_enabled) || isTrue(backups?.attributes.binary_log_enabled);
          backup({ kind: pitr ? 'cloudsql-pitr' : 'cloudsql-backups', minutes: pitr ? 5 : 1440, ...at('enabled') });
        } else gap({ rule: r.noBackup.id, ...(attributeAt(text, res, 'enabled') ?? name), message: t('The Cloud SQL instance {0} has no automated backups (settings.backup_configuration.enabled is not true).', res.address) });
        break;
      }
      case 'google_container_cluster':
        if (a.location !== undefined && ZONE.test(a.location)) gap({ rule: r.singleZone.id, ...at('location'), message: t('The GKE cluster {0} is zonal (location {1}): its control plane and nodes stop with that zone. Use a region.', res.address, a.location) });
        break;
      case 'google_container_node_pool': {
        const zones = res.values?.node_locations;
        if (Array.isArray(zones) && zones.length === 1) gap({ rule: r.singleZone.id, ...at('node_locations'), message: t('The node pool {0} has its nodes in one zone ({1}).', res.address, String(zones[0])) });
        break;
      }
      case 'aws_eks_node_group': {
        const subnets = res.values?.subnet_ids;
        if (Array.isArray(subnets) && subnets.length === 1) gap({ rule: r.singleZone.id, ...at('subnet_ids'), message: t('The EKS node group {0} has one subnet: its nodes are in one availability zone. Give it subnets in two zones or more.', res.address) });
        break;
      }
      case 'aws_instance':
      case 'google_compute_instance':
      case 'azurerm_linux_virtual_machine':
      case 'azurerm_windows_virtual_machine':
        if ((counts.get(`${res.uri}#${res.span.start}`) ?? 0) === 1) gap({ rule: r.singleHost.id, ...name, message: t('{0} is one virtual machine: what runs on it stops with it. Run it in a group (an autoscaling group, a managed instance group) across zones.', res.address) });
        break;
      case 'google_storage_bucket':
        if (isTrue(first(res, 'versioning')?.attributes.enabled)) backup({ kind: 'versioning', minutes: 0, ...at('enabled') });
        break;
      case 'aws_s3_bucket_versioning':
        if (first(res, 'versioning_configuration')?.attributes.status === 'Enabled') backup({ kind: 'versioning', minutes: 0, ...at('status') }, bucketsNamed(text, res, map, index));
        break;
      case 'aws_s3_bucket_replication_configuration':
        backup({ kind: 'replication', minutes: 15, ...name }, bucketsNamed(text, res, map, index));
        break;
      case 'aws_backup_plan':
        for (const rule of res.blocks.rule ?? []) {
          const cron = /^cron\((.*)\)$/.exec(rule.attributes.schedule ?? '');
          const minutes = cron ? cronMinutes(cron[1].split(/\s+/).slice(0, 5).join(' ')) : undefined;
          if (minutes !== undefined) backup({ kind: 'aws-backup', minutes, ...at('schedule') }, []);
        }
        break;
      default:
        if (/^azurerm_(backup_policy_|data_protection_backup_policy_)/.test(res.type)) {
          const frequency = first(res, 'backup')?.attributes.frequency ?? a.backup_repeating_time_intervals;
          backup({ kind: 'azure-backup', minutes: frequency === 'Hourly' ? 60 * Number(first(res, 'backup')?.attributes.hour_interval ?? 4) : frequency === 'Weekly' ? 10080 : 1440, ...name }, []);
        }
    }
  }
}

/** The buckets a resource's block names (`bucket = aws_s3_bucket.data.id`): their map nodes. */
function bucketsNamed(text: string, res: TerraformResource, map: TerraformMap, index: WorkspaceIndex): string[] {
  const body = text.slice(res.span.end, blockEnd(text, res.span.end));
  const names = new Set([...body.matchAll(/aws_s3_bucket\.([A-Za-z0-9_-]{1,128})/g)].map((m) => m[1]));
  const covers: string[] = [];
  for (const other of terraformResources(index)) {
    if (other.type !== 'aws_s3_bucket' || !names.has((other.address.split('.').pop() ?? '').split('[', 1)[0])) continue;
    const node = map.nodeAt(other.uri, index.get(other.uri)!.lines.positionAt(other.span.start).line);
    if (node) covers.push(node);
  }
  return covers;
}
