/**
 * `archipel diagram system`: the system map's drawer (features/diagram/drawer.ts) — each view as the diagram
 * panel's graph and Mermaid C4, and its formats: Structurizr DSL, C4-PlantUML, SVG (the System Map
 * panel's own drawing, drawing/mapView.ts), and the JSON contract. The panel's Export… asks for the
 * same texts (`archipel/systemMap` with a format: register.ts).
 */
import type { DiagramDrawer, DrawInput } from '../features/diagram/drawer';
import type { SystemContribution } from '../features/system/contributor';
import type { WorkspaceIndex } from '../workspace/index';
import { componentKinds } from '../features/system/contributor';
import { RequestRejection } from '../features/requests';
import type * as MapDrawing from './map-svg.lazy';
import type { SystemMapFormat } from '../protocol/system';
import { t } from '../l10n/t';
import { filesRead, unreadSources } from './unread';
import { systemJson } from './json';
import { systemDiagram, systemMermaid } from './mermaid';
import { systemModel } from './model';
import { systemPlantUml } from './plantuml';
import { systemStructurizr } from './structurizr';
import { isSystemView, scopedModel, systemDrawerFacts, systemName, systemView, type SystemView, type SystemViewGraph } from './views';

/** The view of the index's model under the scopes. */
export function viewOf(index: WorkspaceIndex, system: readonly SystemContribution[], scopes: readonly string[], view: SystemView): SystemViewGraph {
  const model = scopedModel(systemModel(index, system), scopes);
  return systemView(model, view, systemName(model));
}

function viewNamed(view: string | undefined): SystemView {
  return view !== undefined && isSystemView(view) ? view : 'containers';
}

const titles: Record<SystemView, string> = { context: 'System context', containers: 'Containers', deployment: 'Deployment', delivery: 'Delivery' };

/** A map with no component: said on stderr by the CLI (exit status 1), never drawn as an empty diagram. */
export class NothingToDraw extends RequestRejection {}

function insideOf(scopes: readonly string[]): (uri: string) => boolean {
  return (uri) => scopes.length === 0 || scopes.some((scope) => uri === scope || uri.startsWith(scope.endsWith('/') ? scope : `${scope}/`));
}

/**
 * Why the map of the scopes holds no component, naming what was read and what describes the system
 * here without being read (a .NET Aspire AppHost); undefined when there is a component.
 */
export function emptyMap(index: WorkspaceIndex, system: readonly SystemContribution[], scopes: readonly string[]): string | undefined {
  const model = scopedModel(systemModel(index, system), scopes);
  if (model.nodes.some((n) => componentKinds.has(n.kind))) return undefined;
  // Terraform's clusters and networks with nothing running on them yet (issue #79): said by name, not "no component".
  const provisioned = model.nodes.filter((n) => n.kind === 'environment' && n.id.startsWith('terraform:'));
  if (provisioned.length > 0) return t('Nothing runs here yet: Terraform provisions {0}, and no file read runs a program on them (a Kubernetes workload, a Helm chart, a container service, a function).', provisioned.map((n) => (n.technology ? `${n.name} (${n.technology})` : n.name)).join(', '));
  const inside = insideOf(scopes);
  const read = filesRead(index, inside);
  const total = [...index.files()].filter((f) => inside(f.uri)).length;
  const said = t('No component found: Archipel read {0} files ({1}) and none runs, builds or deploys a program (a Compose service, a Kubernetes workload, a Helm chart, a Dockerfile, a Terraform resource).', total, read.join(', ') || '-');
  const unread = unreadSources(index, inside);
  return unread.length > 0 ? `${said} ${unreadSaid(unread)}` : said;
}

function unreadSaid(unread: readonly { what: string; uri: string }[]): string {
  return t('What describes this system is written where Archipel does not read: {0}.', unread.map((u) => `${u.what} (${decodeURIComponent(u.uri.slice(u.uri.lastIndexOf('/', u.uri.lastIndexOf('/') - 1) + 1))})`).join(', '));
}

/** What a map with components does not show: the unread descriptions of the system beside them (a partial map says so). */
export function partialMap(index: WorkspaceIndex, scopes: readonly string[]): string | undefined {
  const unread = unreadSources(index, insideOf(scopes));
  return unread.length > 0 ? unreadSaid(unread) : undefined;
}

/** A format's text of a view, or NothingToDraw; a partial map's note as the language's comment. */
function format(input: DrawInput, write: (graph: SystemViewGraph) => string, comment?: string): string {
  const empty = emptyMap(input.index, input.system, input.scopes);
  if (empty !== undefined) throw new NothingToDraw(empty);
  const partial = partialMap(input.index, input.scopes);
  const graph = graphOf(input);
  // A summary says so beside the drawing too (the CLI: on stderr), not only in the text's first comment.
  if (graph.note) input.notice?.(graph.note);
  const text = write(graph);
  return partial && comment ? `${comment} ${partial}\n${text}` : text;
}

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
      // The drawing's own bundle, read when a map is first drawn as SVG (map-svg.lazy.ts).
      return (require('./map-svg.lazy') as typeof MapDrawing).viewSvg(graph, `${titles[graph.view]}: ${graph.system}`);
  }
}

/** The drawer with its renderers (the family declares drawer.ts's, the same kind, summary, views and formats, which loads this module when a map is drawn). */
export const systemDrawer: DiagramDrawer = {
  ...systemDrawerFacts,
  draw(index, _settings, scopes, _root, options = {}) {
    const view = viewNamed(options.view);
    const graph = viewOf(index, options.system ?? [], scopes, view);
    const empty = graph.nodes.length === 0 ? (emptyMap(index, options.system ?? [], scopes) ?? t('Nothing in the workspace runs, builds or deploys: no Compose service, Kubernetes workload, Dockerfile or pipeline.')) : undefined;
    return systemDiagram(graph, `${titles[view]}: ${graph.system}`, empty);
  },
  formats: {
    mermaid: (input) => format(input, (graph) => systemText(graph, 'mermaid'), '%%'),
    structurizr: (input) => format(input, (graph) => systemText(graph, 'structurizr'), '#'),
    plantuml: (input) => format(input, (graph) => systemText(graph, 'plantuml'), "'"),
    svg: (input) => format(input, (graph) => systemText(graph, 'svg')),
    // Without --view, the whole model: every node and edge the families contributed.
    json: (input) => {
      const empty = emptyMap(input.index, input.system, input.scopes);
      if (empty !== undefined) throw new NothingToDraw(empty);
      const graph = input.view === undefined ? scopedModel(systemModel(input.index, input.system), input.scopes) : graphOf(input);
      if ('note' in graph && graph.note) input.notice?.(graph.note);
      return JSON.stringify(systemJson(graph, input.fileOf, input.idOf), null, 2);
    },
  },
};

function graphOf(input: DrawInput): SystemViewGraph {
  return viewOf(input.index, input.system, input.scopes, viewNamed(input.view));
}
