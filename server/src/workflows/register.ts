/** The workflow requests of the editor: `archipel/workflowGraph` (one workflow's job graph, the workflow panel). */
import type { RequestRegistry } from '../features/requests';
import { WorkflowGraphRequest } from '../protocol/workflows';
import type { WorkflowData } from './model/data';
import { workflowGraphOf } from './diagram';

/** `workflows`: GitHub's workflow data, loaded on the first graph. */
export function workflowRequests(registry: RequestRegistry, workflows: () => WorkflowData): void {
  registry.onRequest(
    WorkflowGraphRequest,
    async ({ uri }, context) => {
      const file = context.file(uri);
      return file ? workflowGraphOf(file, workflows(), await context.settings(uri)) : null;
    },
    { fallback: null },
  );
}
