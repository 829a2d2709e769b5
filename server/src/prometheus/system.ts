/**
 * The Prometheus family's part of the system map: each configuration is a monitor (standing for the
 * component that mounts it), connected to what its static targets and its file_sd_configs target files name (`scrapes`, per job; fileSd.ts), to its
 * Alertmanagers (`alerts`) and to the rule files it evaluates. A target nothing answers is the
 * Prometheus rules' to report (prometheus-config-target), not the system's.
 */
import type { SystemBuilder, SystemContributor } from '../features/system/contributor';
import { addressesIn, isSingleLabel, stackScopes } from '../features/system/addresses';
import { fileLabel, sourceOfLine, sourceOfNode } from '../features/system/source';
import type { IndexedFile } from '../workspace/index';
import { fileSdGroups, type ContainerFolders } from './fileSd';
import type * as Mounts from './mounts.lazy';
import { isPrometheusConfig } from './knowledge';
import { field, isRecord, items, type Located } from './yamlValues';

/** A static_configs-like list of target groups (`- targets: [host:port]`), in `file` (the configuration's or a file_sd target file). */
function groupTargets(builder: SystemBuilder, file: IndexedFile, offset: number, from: string, groups: readonly Located[], scopes: string[], kind: 'scrapes' | 'alerts', label: string): void {
  for (const config of groups) {
    for (const target of items(field(config, 'targets'))) {
      if (typeof target.value !== 'string') continue;
      // A target is host:port without a scheme; addressesIn reads it as one.
      for (const address of addressesIn(target.value)) {
        builder.address({ from, host: address.host, ...(address.port !== undefined ? { port: address.port } : {}), scopes, text: address.text, source: sourceOfNode(file, offset, target.node), internal: isSingleLabel(address.host), kind, label, report: false });
      }
    }
  }
}

/** The targets of a job or an Alertmanager: its static_configs, and the target files its file_sd_configs name (fileSd.ts). */
function targets(builder: SystemBuilder, file: IndexedFile, offset: number, from: string, holder: Located | undefined, kind: 'scrapes' | 'alerts', label: string, mounts: ContainerFolders): void {
  if (!holder) return;
  const scopes = stackScopes(file.uri);
  groupTargets(builder, file, offset, from, items(field(holder, 'static_configs')), scopes, kind, label);
  for (const sd of fileSdGroups(builder.index, file.uri, holder, mounts)) groupTargets(builder, sd.file, sd.offset, from, sd.groups, scopes, kind, label);
}

function contributeConfig(builder: SystemBuilder, file: IndexedFile, offset: number, root: Located, mounts: ContainerFolders): void {
  const id = builder.artifact(file.uri, 'monitor', `Prometheus ${fileLabel(file.uri)}`, sourceOfNode(file, offset, field(root, 'scrape_configs')?.key ?? root.node));
  builder.get(id)!.technology ??= 'Prometheus';
  for (const job of items(field(root, 'scrape_configs'))) {
    const name = field(job, 'job_name')?.value;
    const path = field(job, 'metrics_path')?.value;
    targets(builder, file, offset, id, job, 'scrapes', `scrapes ${typeof path === 'string' ? path : '/metrics'}${typeof name === 'string' ? ` (job ${name})` : ''}`, mounts);
  }
  const alerting = field(root, 'alerting');
  for (const manager of items(alerting && field(alerting, 'alertmanagers'))) targets(builder, file, offset, id, manager, 'alerts', 'sends alerts', mounts);
  const folder = file.uri.slice(0, file.uri.lastIndexOf('/'));
  for (const pattern of items(field(root, 'rule_files'))) {
    if (typeof pattern.value !== 'string' || /[*?[]/.test(pattern.value)) continue;
    const uri = `${folder}/${pattern.value.replace(/^\.\//, '').split('/').map(encodeURIComponent).join('/')}`;
    if (!builder.index.get(uri)) continue;
    const rules = builder.artifact(uri, 'monitor', `alert rules ${fileLabel(uri)}`, sourceOfLine(builder.index.get(uri)!, 0));
    builder.get(rules)!.technology ??= 'Prometheus rules';
    builder.edge({ from: id, to: rules, kind: 'alerts', label: 'evaluates', sources: [sourceOfNode(file, offset, pattern.node)] });
  }
}

/**
 * Whether the file's text holds one of a Prometheus configuration's keys: the pre-test of every YAML file of the index
 * on each model build, kept per file version (IndexedFile.model), so that a build after an edit tests only the files
 * edited, not the whole text of every file again (~5 % of a warm model of a 1 MB Kubernetes file, #68).
 */
const MENTIONS_CONFIG_KEY = Symbol('prometheus: mentions a configuration key');
const mentionsConfigKey = (file: IndexedFile) => /scrape_configs|alertmanagers|rule_files/.test(file.text);

/**
 * Whether a document's text opens, past blank and comment lines (and its `---`), with a `groups:` key at the first
 * column: its root is then a block mapping holding the key `groups` — a rule file's, which isPrometheusConfig refuses
 * (`'groups' in value`) — or the document does not parse (no value: no configuration either). Either way it contributes
 * nothing, and is not parsed for it: rule files naming `prometheus_notifications_alertmanagers_*` in an expression
 * passed the key pre-test, and reading them whole was ~4 % of a Compose file's check beside 111 rule files (#68).
 */
export function opensWithGroups(text: string): boolean {
  for (let at = 0; at < text.length; ) {
    let end = text.indexOf('\n', at);
    if (end < 0) end = text.length;
    const line = text.slice(at, end).replace(/\r$/, '');
    if (/^groups:(?: |$)/.test(line)) return true;
    if (!/^[ \t]*(?:#.*)?$/.test(line) && !/^---[ \t]*(?:#.*)?$/.test(line)) return false;
    at = end + 1;
  }
  return false;
}

let readingAll = false;

/** Whether every document that passed the key pre-test is parsed, as before `opensWithGroups` (the tests compare both ways). */
export function readEveryDocument(on: boolean): void {
  readingAll = on;
}

export const prometheusSystem: SystemContributor = {
  contribute(builder) {
    const whole = readingAll;
    // The Compose services' bind mounts, loaded and read once per build, only for a file_sd_configs entry with an absolute path.
    let folders: ContainerFolders | undefined;
    const mounts: ContainerFolders = (configUri, path) => (folders ??= (require('./mounts.lazy') as typeof Mounts).containerFolders(builder.index))(configUri, path);
    for (const file of builder.index.files()) {
      if (file.skipped || !file.isYaml || !file.model(MENTIONS_CONFIG_KEY, mentionsConfigKey)) continue;
      for (const { chunk, offset } of file.yaml?.chunks ?? []) {
        if (!whole && opensWithGroups(chunk.text)) continue;
        const value = chunk.wellFormed ? chunk.value : undefined;
        if (isRecord(value) && isPrometheusConfig(file.uri, value)) contributeConfig(builder, file, offset, { value, node: chunk.tree }, mounts);
      }
    }
  },
};
