/**
 * The Grafana family's part of the system map: provisioned datasources (a monitor standing for the
 * Grafana that mounts them) query what their URL names; dashboards draw from the datasources their
 * panels name. A URL nothing answers is grafana-datasource-url's to report, not the system's.
 */
import type { SystemBuilder, SystemContributor } from '../features/system/contributor';
import { addressesIn, isSingleLabel, stackScopes } from '../features/system/addresses';
import { fileLabel, sourceOfNode } from '../features/system/source';
import type { IndexedFile } from '../workspace/index';
import { field, isRecord, items, type Located } from '../prometheus/api';
import { dashboardModel, dashboardRoot, type DashboardModel } from './dashboard';
import { jsonDashboard } from './feature';
import { provisioningKind } from './provisioning';

function contributeDatasources(builder: SystemBuilder, file: IndexedFile, offset: number, root: Located, byName: Map<string, string>): void {
  const id = builder.artifact(file.uri, 'monitor', `Grafana datasources ${fileLabel(file.uri)}`, sourceOfNode(file, offset, field(root, 'datasources')?.key ?? root.node));
  builder.get(id)!.technology ??= 'Grafana';
  for (const source of items(field(root, 'datasources'))) {
    if (!isRecord(source.value)) continue;
    const name = typeof source.value.name === 'string' ? source.value.name : undefined;
    for (const key of [name, source.value.uid]) if (typeof key === 'string') byName.set(key, id);
    const url = field(source, 'url');
    if (typeof url?.value !== 'string') continue;
    for (const address of addressesIn(url.value).slice(0, 1)) {
      builder.address({ from: id, host: address.host, ...(address.port !== undefined ? { port: address.port } : {}), ...(address.scheme ? { scheme: address.scheme } : {}), scopes: stackScopes(file.uri), text: address.text, source: sourceOfNode(file, offset, url.node), internal: isSingleLabel(address.host), kind: 'queries', label: `datasource ${name ?? ''}`.trim(), report: false });
    }
  }
}

/** The datasource a reference names: a string, or `{uid}` / `{type, uid}`. */
function datasourceName(at: Located | undefined): string | undefined {
  const value = at?.value;
  if (typeof value === 'string') return value;
  return isRecord(value) && typeof value.uid === 'string' ? value.uid : undefined;
}

function contributeDashboard(builder: SystemBuilder, file: IndexedFile, offset: number, model: DashboardModel, byName: ReadonlyMap<string, string>): void {
  const title = isRecord(model.root.value) && typeof model.root.value.title === 'string' ? model.root.value.title : fileLabel(file.uri);
  const id = builder.artifact(file.uri, 'monitor', `dashboard ${title}`, sourceOfNode(file, offset, field(model.root, 'title')?.node ?? model.root.node));
  builder.get(id)!.technology ??= 'Grafana dashboard';
  for (const panel of model.panels) {
    for (const at of [panel.datasource, ...panel.queries.map((q) => q.datasource)]) {
      const target = byName.get(datasourceName(at) ?? '');
      if (target && at) builder.edge({ from: id, to: target, kind: 'queries', label: 'draws from', sources: [sourceOfNode(file, offset, at.node)] });
    }
  }
}

/**
 * Whether the file's text holds a provisioning file's or a dashboard's key: the pre-test of every YAML file of the index
 * on each model build, kept per file version (IndexedFile.model), so that a build after an edit tests only the files
 * edited, not the whole text of every file again (#68).
 */
const MENTIONS_GRAFANA_KEY = Symbol('grafana: mentions datasources or panels');
const mentionsGrafanaKey = (file: IndexedFile) => /datasources|panels/.test(file.text);

export const grafanaSystem: SystemContributor = {
  contribute(builder) {
    const byName = new Map<string, string>();
    const dashboards: (() => void)[] = [];
    for (const file of builder.index.files()) {
      if (file.skipped) continue;
      const json = file.uri.toLowerCase().endsWith('.json') ? jsonDashboard(file) : undefined;
      if (json) {
        // A dashboard nested past the limits is not read (grafana-limit says so): it adds nothing.
        if ('model' in json) dashboards.push(() => contributeDashboard(builder, file, 0, json.model, byName));
        continue;
      }
      if (!file.isYaml || !file.model(MENTIONS_GRAFANA_KEY, mentionsGrafanaKey)) continue;
      for (const { chunk, offset } of file.yaml?.chunks ?? []) {
        const value = chunk.wellFormed ? chunk.value : undefined;
        if (provisioningKind(value) === 'datasources') contributeDatasources(builder, file, offset, { value, node: chunk.tree }, byName);
        else {
          const root = dashboardRoot(value, chunk.tree);
          if (root) dashboards.push(() => contributeDashboard(builder, file, offset, dashboardModel(root), byName));
        }
      }
    }
    // Dashboards after every datasource: a panel names one by its uid.
    for (const dashboard of dashboards) dashboard();
  },
};
