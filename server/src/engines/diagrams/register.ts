/**
 * The diagram requests: `archipel/diagram` (the generated diagrams of the workspace; the CLI's
 * `archipel diagram` asks the same function), `archipel/workflowGraph` (one workflow's job graph) and
 * `archipel/diagramExport` (a drawn diagram to SVG or PNG, export.ts).
 */
import { onWorkspaceRequest, type RequestRegistry } from '../../features/requests';
import type { WorkflowData } from '../../workflows/data';
import { DiagramExportRequest, DiagramRequest } from '../../protocol/diagrams';
import { exportDiagram } from './export';
import { WorkflowGraphRequest } from '../../protocol/workflows';
import { generateDiagram } from '../../diagrams/index';
import { workflowGraphOf } from '../../diagrams/workflow';

/** `workflows`: GitHub's workflow data, loaded on the first workflow diagram. */
export function diagramRequests(registry: RequestRegistry, workflows: () => WorkflowData): void {
  onWorkspaceRequest(registry, DiagramRequest, (p) => p.scope, (p, settings, context) =>
    generateDiagram(p.kind, context.index, settings, p.scope ? [p.scope] : [], { workflows: workflows() }),
  );
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
