/**
 * The threats family's requests (its descriptor, families/threats.ts, calls this once):
 * `archipel/securityView`, the Security view of the System Map and the risk dashboard's threat matrix
 * (view.ts). The AMDEC register the risks are tracked in is riskRegister.ts.
 */
import { onWorkspaceRequest, type RequestRegistry } from '../features/requests';
import { SecurityViewRequest, type SecurityViewResult } from '../protocol/threats';
import type { WorkspaceIndex } from '../workspace/index';
import { securityView, systemName } from './view';
import { workspaceThreats, type ThreatsHost } from './workspace';

/** Registers `archipel/securityView` (the threats family's descriptor calls it). */
export function securityViewRequests(registry: RequestRegistry, host: ThreatsHost): void {
  onWorkspaceRequest(registry, SecurityViewRequest, (p) => p.scope, async (_p, _settings, context): Promise<SecurityViewResult> => {
    // What a contributor reads with (Terraform's parser) may not be loaded yet when the panel asks first.
    await host.prepare?.(context.index);
    const started = performance.now();
    const index: WorkspaceIndex = context.index;
    const view = securityView(workspaceThreats(index, host, context.workspaceFolders), host.mapOf(index), systemName(context.workspaceFolders));
    return { ...view, ms: Math.round(performance.now() - started) };
  });
}
