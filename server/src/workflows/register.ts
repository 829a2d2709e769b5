/** `archipel/workflowGraph`: a workflow's `needs` graph, for the diagrams view. */
import type { RequestFamily } from '../features/requests';
import { WorkflowGraphRequest } from '../protocol/workflows';
import { workflowGraphOf } from './feature';

export const workflowRequests: RequestFamily = (registry) => {
  registry.onRequest(
    WorkflowGraphRequest,
    async ({ uri }, context) => {
      const file = context.file(uri);
      return file ? workflowGraphOf(file, context.dependencies().workflows, await context.settings(uri)) : null;
    },
    { fallback: null },
  );
};
