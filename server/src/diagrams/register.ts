/** `archipel/diagram`: the generated diagrams of the workspace (the CLI's `archipel diagram` asks the same function). */
import { onWorkspaceRequest, type RequestFamily } from '../features/requests';
import { DiagramRequest } from '../protocol/diagrams';
import { generateDiagram } from './index';

export const diagramRequests: RequestFamily = (registry) => {
  onWorkspaceRequest(registry, DiagramRequest, (p) => p.scope, (p, settings, context) =>
    generateDiagram(p.kind, context.index, settings, p.scope ? [p.scope] : [], { workflows: context.dependencies().workflows }),
  );
};
