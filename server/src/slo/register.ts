/**
 * The SLO family's requests (its descriptor, families/slo.ts, calls this once): `archipel/sloView`, the SLO view of
 * the System Map (view.ts), over the system family's map of the index, handed in by the descriptor.
 */
import { onWorkspaceRequest, type RequestRegistry } from '../features/requests';
import { SloViewRequest, type SloViewResult } from '../protocol/slo';
import type { WorkspaceIndex } from '../workspace/index';
import { sloOwn } from './files';
import { sloView } from './view';

/** What the view needs of the host: the map of an index (nodes with their sources), and what its contributors read with loaded. */
export interface SloViewHost {
  mapOf: (index: WorkspaceIndex) => { nodes: readonly { id: string; kind: string; name: string; sources: readonly { uri: string; range: SloViewResult['unmatched'][number]['range'] }[] }[] };
  prepare?: (index: WorkspaceIndex) => Promise<void> | undefined;
}

/** Registers `archipel/sloView`. */
export function sloViewRequests(registry: RequestRegistry, host: SloViewHost): void {
  onWorkspaceRequest(registry, SloViewRequest, (p) => p.scope, async (_p, _settings, context): Promise<SloViewResult> => {
    await host.prepare?.(context.index);
    const started = performance.now();
    const index: WorkspaceIndex = context.index;
    // The specs are the SLO family's own files (files.ts: the one place that says which they are).
    const specs = [...index.files()].filter((file) => sloOwn.test?.(file.uri, () => file.text) !== false).map((file) => ({ uri: file.uri, text: file.text }));
    return { ...sloView(host.mapOf(index).nodes, specs), ms: Math.round(performance.now() - started) };
  });
}
