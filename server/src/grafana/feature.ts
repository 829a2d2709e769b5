import type { Finding } from '../common/findings';
import { composeFace } from '../compose/api';
import type { Feature, PlacedFinding } from '../features/feature';
import { yamlBeyondLimits } from '../yaml/limits';
import type { IndexedFile } from '../workspace/index';
import { loadWithSourceTree, type SourceNode } from '../yaml/tree';
import { dashboardFindings, dashboardModel, dashboardRoot, type DashboardModel } from './dashboard';
import { dashboardLimit } from './rules';
import { provisionedDatasources, provisioningFindings, provisioningKind } from './provisioning';

const jsonKey = Symbol('grafana-json');

/** Whether a JSON file's text may be a dashboard: it names panels and a schema version, templating or the v2 API. */
export function mayBeDashboard(text: string): boolean {
  return (/"panels"\s*:/.test(text) && /"(schemaVersion|templating)"\s*:/.test(text)) || text.includes('dashboard.grafana.app/');
}

/** A JSON dashboard read with positions once per file version (JSON is YAML: the same source tree), or why it was not read. */
export function jsonDashboard(file: IndexedFile): { model: DashboardModel; text: string } | { limit: Finding } | undefined {
  return file.model(jsonKey, () => {
    if (!file.uri.toLowerCase().endsWith('.json') || !mayBeDashboard(file.text)) return undefined;
    // What nests too deep is not handed to the readers (100,000 brackets overflowed the stack, and the dashboard said nothing).
    const beyond = yamlBeyondLimits(file.text);
    if (beyond) return { limit: { start: beyond.offset, end: beyond.offset + 1, code: dashboardLimit.id, message: beyond.message } };
    let read: { value: unknown; tree: SourceNode | null | undefined };
    try {
      read = loadWithSourceTree(file.text);
    } catch {
      return undefined; // Not JSON: another feature (or the editor) reports it.
    }
    const root = dashboardRoot(read.value, read.tree ?? null);
    return root ? { model: dashboardModel(root), text: file.text } : undefined;
  });
}

/** Grafana dashboards (classic and v2, JSON or YAML) and provisioning files (datasources, dashboard providers). */
export const grafanaFeature: Feature = {
  id: 'grafana',
  findings(file, context) {
    const placed: PlacedFinding[] = [];
    const json = jsonDashboard(file);
    if (json && 'limit' in json) return [{ offset: 0, finding: json.limit }];
    if (json) {
      for (const finding of dashboardFindings(json.model, { chunkText: json.text, datasources: provisionedDatasources(context.index), flavours: context.settings.grafana.datasources })) placed.push({ offset: 0, finding });
      return placed;
    }
    for (const { offset, chunk } of file.yaml?.chunks ?? []) {
      if (!chunk.wellFormed) continue;
      const value = chunk.value;
      const kind = provisioningKind(value);
      if (kind) {
        for (const finding of provisioningFindings({ value, node: chunk.tree }, kind, { uri: file.uri, index: context.index, compose: composeFace, composeGlobs: context.settings.compose.files })) placed.push({ offset, finding });
        continue;
      }
      const root = dashboardRoot(value, chunk.tree);
      if (root) for (const finding of dashboardFindings(dashboardModel(root), { chunkText: chunk.text, datasources: provisionedDatasources(context.index), flavours: context.settings.grafana.datasources })) placed.push({ offset, finding });
    }
    return placed;
  },
};
