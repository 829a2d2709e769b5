/**
 * The diagram requests: `archipel/diagram` (the generated diagrams of the workspace; the CLI's
 * `archipel diagram` asks the same function) and `archipel/workflowGraph` (one workflow's job graph).
 */
import { onWorkspaceRequest, type RequestFamily } from '../features/requests';
import { DiagramRequest } from '../protocol/diagrams';
import { WorkflowGraphRequest } from '../protocol/workflows';
import { generateDiagram } from './index';
import { workflowGraphOf } from './workflow';

export const diagramRequests: RequestFamily = (registry) => {
  onWorkspaceRequest(registry, DiagramRequest, (p) => p.scope, (p, settings, context) =>
    generateDiagram(p.kind, context.index, settings, p.scope ? [p.scope] : [], { workflows: context.dependencies().workflows }),
  );
  registry.onRequest(
    WorkflowGraphRequest,
    async ({ uri }, context) => {
      const file = context.file(uri);
      return file ? workflowGraphOf(file, context.dependencies().workflows, await context.settings(uri)) : null;
    },
    { fallback: null },
  );
};
