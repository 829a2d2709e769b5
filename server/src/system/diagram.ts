/**
 * `archipel diagram system`: the system map's drawer (features/diagram/drawer.ts) — each view as the diagram
 * panel's graph and Mermaid C4, and its formats: Structurizr DSL, C4-PlantUML, SVG (the System Map
 * panel's own drawing, drawing/mapView.ts), and the JSON contract. The panel's Export… asks for the
 * same texts (`archipel/systemMap` with a format: register.ts).
 */
import type { DiagramDrawer, DrawInput } from '../features/diagram/drawer';
import type { SystemContribution } from '../features/system/contributor';
import type { WorkspaceIndex } from '../workspace/index';
import { viewSvg } from '../drawing/mapView';
import type { SystemMapFormat } from '../protocol/system';
import { t } from '../l10n/t';
import { systemJson } from './json';
import { systemDiagram, systemMermaid } from './mermaid';
import { systemModel, type SystemModel } from './model';
import { systemPlantUml } from './plantuml';
import { systemStructurizr } from './structurizr';
import { isSystemView, scopedModel, systemView, systemViews, type SystemView, type SystemViewGraph } from './views';

/** The system's name: the last folder all its elements are under (the repository), else `system`. */
export function systemName(model: SystemModel): string {
  const uris = model.nodes.flatMap((n) => n.sources.map((s) => s.uri));
  if (uris.length === 0) return 'system';
  let prefix = uris[0].slice(0, uris[0].lastIndexOf('/'));
  for (const uri of uris) while (prefix && !uri.startsWith(`${prefix}/`)) prefix = prefix.slice(0, prefix.lastIndexOf('/'));
  const name = decodeURIComponent(prefix.slice(prefix.lastIndexOf('/') + 1));
  return name && !name.endsWith(':') ? name : 'system';
}

/** The view of the index's model under the scopes. */
export function viewOf(index: WorkspaceIndex, system: readonly SystemContribution[], scopes: readonly string[], view: SystemView): SystemViewGraph {
  const model = scopedModel(systemModel(index, system), scopes);
  return systemView(model, view, systemName(model));
}

function viewNamed(view: string | undefined): SystemView {
  return view !== undefined && isSystemView(view) ? view : 'containers';
}

const titles: Record<SystemView, string> = { context: 'System context', containers: 'Containers', deployment: 'Deployment', delivery: 'Delivery' };

/** A view in one of the formats a file is exported to: the text `archipel diagram system --format <format>` prints. */
export function systemText(graph: SystemViewGraph, format: SystemMapFormat): string {
  switch (format) {
    case 'mermaid':
      return systemMermaid(graph);
    case 'structurizr':
      return systemStructurizr(graph);
    case 'plantuml':
      return systemPlantUml(graph);
    case 'svg':
      return viewSvg(graph, `${titles[graph.view]}: ${graph.system}`);
  }
}

export const systemDrawer: DiagramDrawer = {
  kind: 'system',
  summary: 'the whole system from every family (views: containers, context, deployment, delivery)',
  views: systemViews,
  draw(index, _settings, scopes, _root, options = {}) {
    const view = viewNamed(options.view);
    const graph = viewOf(index, options.system ?? [], scopes, view);
    const empty = graph.nodes.length === 0 ? t('Nothing in the workspace runs, builds or deploys: no Compose service, Kubernetes workload, Dockerfile or pipeline.') : undefined;
    return systemDiagram(graph, `${titles[view]}: ${graph.system}`, empty);
  },
  formats: {
    mermaid: (input) => systemText(graphOf(input), 'mermaid'),
    structurizr: (input) => systemText(graphOf(input), 'structurizr'),
    plantuml: (input) => systemText(graphOf(input), 'plantuml'),
    svg: (input) => systemText(graphOf(input), 'svg'),
    // Without --view, the whole model: every node and edge the families contributed.
    json: (input) => {
      const graph = input.view === undefined ? scopedModel(systemModel(input.index, input.system), input.scopes) : graphOf(input);
      return JSON.stringify(systemJson(graph, input.fileOf), null, 2);
    },
  },
};

function graphOf(input: DrawInput): SystemViewGraph {
  return viewOf(input.index, input.system, input.scopes, viewNamed(input.view));
}
