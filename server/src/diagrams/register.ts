/**
 * The diagram requests: `archipel/diagram` (the generated diagrams of the workspace; the CLI's
 * `archipel diagram` asks the same function) and `archipel/workflowGraph` (one workflow's job graph).
 */
import { onWorkspaceRequest, type RequestRegistry } from '../features/requests';
import type { WorkflowData } from '../workflows/data';
import { DiagramRequest } from '../protocol/diagrams';
import { WorkflowGraphRequest } from '../protocol/workflows';
import { generateDiagram } from './index';
import { workflowGraphOf } from './workflow';

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
}
