/** The system map's requests: `archipel/systemMap`, one view of the model for the System Map panel (and, asked, that view as a file's text: its Export…). */
import { onWorkspaceRequest, type RequestRegistry } from '../features/requests';
import { prepareContributors, type SystemContribution } from '../features/system/contributor';
import { SystemMapRequest, type SystemMapFormat, type SystemMapResult } from '../protocol/system';
import { systemText, viewOf } from './diagram';
import { isSystemView } from './views';

const systemFormats: readonly SystemMapFormat[] = ['mermaid', 'structurizr', 'plantuml', 'svg'];

export function systemRequests(registry: RequestRegistry, contributions: readonly SystemContribution[]): void {
  onWorkspaceRequest(registry, SystemMapRequest, (p) => p.scope, async (p, _settings, context): Promise<SystemMapResult> => {
    // What a contributor reads with (Terraform's parser) may not be loaded yet when the panel asks first.
    // Its folders confine what the map reads beside the files (none: nothing is bound).
    await prepareContributors(contributions, context.index, context.workspaceFolders.length > 0 ? context.workspaceFolders : undefined);
    const started = performance.now();
    const view = isSystemView(p.view) ? p.view : 'containers';
    const graph = viewOf(context.index, contributions, p.scope ? [p.scope] : [], view);
    // The CLI prints the text without its trailing space and with a newline: the file is the same.
    const text = p.format !== undefined && systemFormats.includes(p.format) ? `${systemText(graph, p.format).trimEnd()}\n` : undefined;
    return {
      view,
      system: graph.system,
      // The wire carries what the panel shows: no member lists.
      nodes: graph.nodes.map(({ members: _members, ...node }) => node),
      edges: graph.edges,
      groups: graph.groups,
      ms: Math.round(performance.now() - started),
      ...(text !== undefined ? { text } : {}),
    };
  });
}
