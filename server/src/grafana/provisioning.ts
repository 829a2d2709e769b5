import { PerGeneration } from '../workspace/perGeneration';
import type { Finding } from '../common/findings';
import { t } from '../l10n/t';
import { type ConfigCheckContext, field, isRecord, items, keySpan, type Located, spanOf, stackFinding, stackProblem } from '../prometheus/api';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import * as ids from './rules';

/** Which provisioning file a YAML document is: `datasources:` or dashboard `providers:` (with `apiVersion`). */
export function provisioningKind(value: unknown): 'datasources' | 'providers' | undefined {
  if (!isRecord(value) || !('apiVersion' in value) || 'kind' in value) return undefined;
  if (Array.isArray(value.datasources) || Array.isArray(value.deleteDatasources)) return 'datasources';
  if (Array.isArray(value.providers)) return 'providers';
  return undefined;
}

/** Where a provisioning file is, to read the Compose project beside it and the workspace's Kubernetes Services. */
export type StackContext = ConfigCheckContext;

/** `host[:port]` of an http(s) URL as written (no port: none is checked), undefined for anything else. */
function urlAddress(url: string): string | undefined {
  const match = /^https?:\/\/(?:[^@/]*@)?([^/:?#]+)(?::(\d{1,5}))?(?:[/?#]|$)/i.exec(url.trim());
  if (!match || url.includes('${') || url.includes('$__')) return undefined;
  return match[2] !== undefined ? `${match[1]}:${match[2]}` : match[1];
}

function finding(span: { start: number; end: number }, message: string): Finding {
  return { start: span.start, end: span.end, code: ids.provisioning.id, message };
}

function text(at: Located | undefined): string | undefined {
  return typeof at?.value === 'string' && at.value !== '' ? at.value : undefined;
}

/** Grafana's checks of a provisioning file (pkg/services/provisioning: datasources and dashboards). */
export function provisioningFindings(root: Located, kind: 'datasources' | 'providers', stack?: StackContext): Finding[] {
  const out: Finding[] = [];
  if (kind === 'datasources') {
    const names = new Map<string, Located>();
    const uids = new Map<string, Located>();
    const defaults: Located[] = [];
    for (const source of items(field(root, 'datasources'))) {
      if (!isRecord(source.value)) continue;
      const name = text(field(source, 'name'));
      if (!name) out.push(finding(keySpan(field(source, 'name'), source.node), t('datasource without a name')));
      else if (names.has(name)) out.push(finding(spanOf(field(source, 'name'), null), t('datasource name {0} is provisioned twice', name)));
      else names.set(name, source);
      if (!text(field(source, 'type')) && name) out.push(finding(spanOf(field(source, 'name'), source.node), t('datasource {0} has no type (prometheus, loki, …)', name)));
      const uid = text(field(source, 'uid'));
      if (uid && uids.has(uid)) out.push(finding(spanOf(field(source, 'uid'), null), t('datasource uid {0} is provisioned twice', uid)));
      else if (uid) uids.set(uid, source);
      if (source.value.isDefault === true) defaults.push(source);
      const url = field(source, 'url');
      if (stack && typeof url?.value === 'string') {
        const address = urlAddress(url.value);
        const problem = address && stackProblem(address, stack);
        if (problem) out.push(stackFinding(ids.datasourceUrl.id, url, url.value, problem));
      }
    }
    if (defaults.length > 1) for (const extra of defaults.slice(1)) out.push(finding(keySpan(field(extra, 'isDefault'), extra.node), t('Only one datasource per organization can be marked as default')));
  } else {
    const names = new Set<string>();
    for (const provider of items(field(root, 'providers'))) {
      if (!isRecord(provider.value)) continue;
      const name = text(field(provider, 'name'));
      if (name && names.has(name)) out.push(finding(spanOf(field(provider, 'name'), null), t('dashboard provider {0} is defined twice', name)));
      if (name) names.add(name);
      const type = provider.value.type;
      if (type !== undefined && type !== 'file') out.push(finding(spanOf(field(provider, 'type'), null), t('dashboard provider type must be file, not {0}', String(type))));
      const options = field(provider, 'options');
      if (!options || !isRecord(options.value) || !text(field(options, 'path'))) out.push(finding(keySpan(options ?? field(provider, 'name'), provider.node), t('dashboard provider {0} has no options.path', name ?? '')));
    }
  }
  return out;
}

const factsKey = Symbol('grafana-datasources');
const cache = new PerGeneration<WorkspaceIndex, ReadonlyMap<string, string>>();

function datasourcesOf(file: IndexedFile): [string, string][] {
  if (!file.text.includes('datasources')) return [];
  const names: [string, string][] = [];
  for (const { chunk } of file.yaml?.chunks ?? []) {
    const value = chunk.wellFormed ? chunk.value : undefined;
    if (provisioningKind(value) !== 'datasources') continue;
    for (const source of (value as { datasources?: unknown[] }).datasources ?? []) {
      if (!isRecord(source)) continue;
      const type = typeof source.type === 'string' ? source.type : '';
      if (typeof source.name === 'string') names.push([source.name, type]);
      if (typeof source.uid === 'string') names.push([source.uid, type]);
    }
  }
  return names;
}

/** Names and uids of every datasource provisioned in the workspace → its type (`prometheus`, `loki`…; empty when unsaid). */
export function provisionedDatasources(index: WorkspaceIndex): ReadonlyMap<string, string> {
  return cache.get(index, index.generation, [], () => {
    const names = new Map<string, string>();
    for (const file of index.files()) {
      if (!file.isYaml || file.skipped) continue;
      for (const [name, type] of file.model(factsKey, datasourcesOf)) names.set(name, type);
    }
    return names;
  });
}
