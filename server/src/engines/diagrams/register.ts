/**
 * The diagram requests: `archipel/diagram` (a diagram the families draw from the workspace; the CLI's
 * `archipel diagram` asks the same function), `archipel/workflowGraph` (one workflow's job graph) and
 * `archipel/diagramExport` (a drawn diagram to SVG or PNG, export.ts).
 */
import type { DiagramDrawer } from '../../features/diagram';
import { prepareContributors, type SystemContribution } from '../../features/system';
import { onWorkspaceRequest, type RequestRegistry } from '../../features/requests';
import type { WorkflowData } from '../../workflows/data';
import { DiagramExportRequest, DiagramRequest } from '../../protocol/diagrams';
import { exportDiagram } from './export';
import { WorkflowGraphRequest } from '../../protocol/workflows';
import { generateDiagram } from '../../diagrams/index';
import { workflowGraphOf } from '../../diagrams/workflow';

/** `drawers`: every family's diagrams; `root`: the package root; `workflows`: GitHub's workflow data, loaded on the first workflow graph; `system`: every family's part of the system map. */
export function diagramRequests(registry: RequestRegistry, drawers: readonly DiagramDrawer[], root: string, workflows: () => WorkflowData, system: readonly SystemContribution[] = []): void {
  onWorkspaceRequest(registry, DiagramRequest, (p) => p.scope, async (p, settings, context) => {
    // A drawer's parser may still be loading (Terraform's WebAssembly): drawn once it is there.
    await drawers.find((d) => d.kind === p.kind)?.prepare?.();
    if (p.kind === 'system') await prepareContributors(system, context.index);
    return generateDiagram(drawers, p.kind, context.index, settings, p.scope ? [p.scope] : [], root, { ...(p.view !== undefined ? { view: p.view } : {}), system });
  });
  registry.onRequest(
    WorkflowGraphRequest,
    async ({ uri }, context) => {
      const file = context.file(uri);
      return file ? workflowGraphOf(file, workflows(), await context.settings(uri)) : null;
    },
    { fallback: null },
  );
  registry.onRequest(DiagramExportRequest, async (params) => ({ data: (await exportDiagram(params)).toString('base64') }));
}
