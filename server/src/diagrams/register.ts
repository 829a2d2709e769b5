/**
 * The diagram requests: `archipel/diagram` (a diagram the families draw from the workspace; the CLI's
 * `archipel diagram` asks the same function) and `archipel/diagramExport` (a drawn diagram to SVG or
 * PNG: the export itself is the engine's, engines/diagrams/export.ts, handed in by the descriptor).
 * It computes nothing: it finds the drawer of a kind among every family's.
 */
import type { DiagramDrawer } from '../features/diagram/drawer';
import { prepareContributors, type SystemContribution } from '../features/system/contributor';
import { onWorkspaceRequest, type RequestRegistry } from '../features/requests';
import { DiagramExportRequest, DiagramRequest, type DiagramExportParams } from '../protocol/diagrams';
import { generateDiagram } from './index';

/** What the requests are given: every family's diagrams, the package root, every family's part of the system map, and the export (SVG or PNG bytes). */
export interface DiagramServices {
  readonly drawers: readonly DiagramDrawer[];
  readonly root: string;
  readonly system: readonly SystemContribution[];
  readonly exportDiagram: (params: DiagramExportParams) => Promise<Buffer>;
}

export function diagramRequests(registry: RequestRegistry, { drawers, root, system, exportDiagram }: DiagramServices): void {
  onWorkspaceRequest(registry, DiagramRequest, (p) => p.scope, async (p, settings, context) => {
    // A drawer's parser may still be loading (Terraform's WebAssembly): drawn once it is there.
    await drawers.find((d) => d.kind === p.kind)?.prepare?.();
    if (p.kind === 'system') await prepareContributors(system, context.index);
    return generateDiagram(drawers, p.kind, context.index, settings, p.scope ? [p.scope] : [], root, { ...(p.view !== undefined ? { view: p.view } : {}), system });
  });
  registry.onRequest(DiagramExportRequest, async (params) => ({ data: (await exportDiagram(params)).toString('base64') }));
}
