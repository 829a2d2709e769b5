/**
 * The Prometheus family's part of the system map: each configuration is a monitor (standing for the
 * component that mounts it), connected to what its static targets name (`scrapes`, per job), to its
 * Alertmanagers (`alerts`) and to the rule files it evaluates. A target nothing answers is the
 * Prometheus rules' to report (prometheus-config-target), not the system's.
 */
import type { SystemBuilder, SystemContributor } from '../features/system/contributor';
import { addressesIn, isSingleLabel, stackScopes } from '../features/system/addresses';
import { fileLabel, sourceOfLine, sourceOfNode } from '../features/system/source';
import type { IndexedFile } from '../workspace/index';
import { isPrometheusConfig } from './knowledge';
import { field, isRecord, items, type Located } from './yamlValues';

function targets(builder: SystemBuilder, file: IndexedFile, offset: number, from: string, holder: Located | undefined, kind: 'scrapes' | 'alerts', label: string): void {
  for (const config of items(holder && field(holder, 'static_configs'))) {
    for (const target of items(field(config, 'targets'))) {
      if (typeof target.value !== 'string') continue;
      // A target is host:port without a scheme; addressesIn reads it as one.
      for (const address of addressesIn(target.value)) {
        builder.address({ from, host: address.host, ...(address.port !== undefined ? { port: address.port } : {}), scopes: stackScopes(file.uri), text: address.text, source: sourceOfNode(file, offset, target.node), internal: isSingleLabel(address.host), kind, label, report: false });
      }
    }
  }
}

function contributeConfig(builder: SystemBuilder, file: IndexedFile, offset: number, root: Located): void {
  const id = builder.artifact(file.uri, 'monitor', `Prometheus ${fileLabel(file.uri)}`, sourceOfNode(file, offset, field(root, 'scrape_configs')?.key ?? root.node));
  builder.get(id)!.technology ??= 'Prometheus';
  for (const job of items(field(root, 'scrape_configs'))) {
    const name = field(job, 'job_name')?.value;
    const path = field(job, 'metrics_path')?.value;
    targets(builder, file, offset, id, job, 'scrapes', `scrapes ${typeof path === 'string' ? path : '/metrics'}${typeof name === 'string' ? ` (job ${name})` : ''}`);
  }
  const alerting = field(root, 'alerting');
  for (const manager of items(alerting && field(alerting, 'alertmanagers'))) targets(builder, file, offset, id, manager, 'alerts', 'sends alerts');
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

export const prometheusSystem: SystemContributor = {
  contribute(builder) {
    for (const file of builder.index.files()) {
      if (file.skipped || !file.isYaml || !file.model(MENTIONS_CONFIG_KEY, mentionsConfigKey)) continue;
      for (const { chunk, offset } of file.yaml?.chunks ?? []) {
        const value = chunk.wellFormed ? chunk.value : undefined;
        if (isRecord(value) && isPrometheusConfig(file.uri, value)) contributeConfig(builder, file, offset, { value, node: chunk.tree });
      }
    }
  },
};
