/**
 * The continuity family's requests (its descriptor, families/continuity.ts, calls this once): `archipel/continuityView`,
 * the Continuity view of the System Map (view.ts), over the same analysis as `archipel continuity` (analysis.ts).
 */
import { onWorkspaceRequest, type RequestRegistry } from '../features/requests';
import { ContinuityViewRequest, type ContinuityViewResult } from '../protocol/continuity';
import type { WorkspaceIndex } from '../workspace/index';
import { workspaceContinuity, type ContinuityHost } from './analysis';
import { continuityView } from './view';

/** Registers `archipel/continuityView`. */
export function continuityRequests(registry: RequestRegistry, host: ContinuityHost): void {
  onWorkspaceRequest(registry, ContinuityViewRequest, (p) => p.scope, async (_p, _settings, context): Promise<ContinuityViewResult> => {
    const index: WorkspaceIndex = context.index;
    await host.prepare?.(index);
    const started = performance.now();
    return { ...continuityView(workspaceContinuity(index, host), index, host), ms: Math.round(performance.now() - started) };
  });
}
