/** The system map's requests: `archipel/systemMap`, one view of the model for the System Map panel (and, asked, that view as a file's text: its Export…). */
import { fileURLToPath } from 'node:url';
import { onWorkspaceRequest, type RequestRegistry } from '../features/requests';
import { repositoryIdOf } from '../features/system/ids';
import { prepareContributors, type SystemContribution } from '../features/system/contributor';
import { SystemMapRequest, type SystemMapFormat, type SystemMapResult } from '../protocol/system';
import type { PolicyFace, PolicyFaces } from '../policy/api';
import { systemText, viewOf } from './diagram';
import { isSystemView } from './views';

const systemFormats: readonly SystemMapFormat[] = ['mermaid', 'structurizr', 'plantuml', 'svg'];

/**
 * `repositoryOf`: the repository holding a folder (disk/repositoryRoot.ts, handed in by the family's descriptor: a request
 * reads no disk). The answer's ids are relative to it (issue #92), as `archipel/diff` and the CLI's JSON name them; the
 * sources keep their URIs (the panel opens them). `faces`: the run's families' (the policy family's violations per
 * node, with what it reads of Helm's and Terraform's files).
 */
export function systemRequests(registry: RequestRegistry, contributions: readonly SystemContribution[], repositoryOf: (folder: string) => string = (folder) => folder, faces: PolicyFaces & { readonly policy?: PolicyFace } = {}): void {
  onWorkspaceRequest(registry, SystemMapRequest, (p) => p.scope, async (p, settings, context): Promise<SystemMapResult> => {
    // What a contributor reads with (Terraform's parser) may not be loaded yet when the panel asks first.
    // Its folders confine what the map reads beside the files (none: nothing is bound).
    await prepareContributors(contributions, context.index, context.workspaceFolders.length > 0 ? context.workspaceFolders : undefined);
    const started = performance.now();
    const view = isSystemView(p.view) ? p.view : 'containers';
    const graph = viewOf(context.index, contributions, p.scope ? [p.scope] : [], view);
    // The CLI prints the text without its trailing space and with a newline: the file is the same.
    const text = p.format !== undefined && systemFormats.includes(p.format) ? `${systemText(graph, p.format).trimEnd()}\n` : undefined;
    const folders = [...(p.scope?.startsWith('file:') ? [fileURLToPath(p.scope)] : []), ...context.workspaceFolders];
    const id = repositoryIdOf([...new Set(folders.map(repositoryOf))]);
    const violations = faces.policy?.violationsByNode(context.index, settings, faces, graph.nodes);
    return {
      view,
      system: graph.system,
      // The wire carries what the panel shows: no member lists.
      nodes: graph.nodes.map(({ members: _members, ...node }, i) => ({ ...node, id: id(node.id), ...(node.group !== undefined ? { group: id(node.group) } : {}), ...(violations?.[i]?.length ? { violations: violations[i] } : {}) })),
      edges: graph.edges.map((edge) => ({ ...edge, from: id(edge.from), to: id(edge.to) })),
      groups: graph.groups.map((group) => ({ ...group, id: id(group.id), ...(group.parent !== undefined ? { parent: id(group.parent) } : {}) })),
      ms: Math.round(performance.now() - started),
      ...(text !== undefined ? { text } : {}),
    };
  });
}
