/**
 * The diagram requests: `archipel/diagram` (a diagram the families draw from the workspace; the CLI's
 * `archipel diagram` asks the same function) and `archipel/diagramExport` (a drawn diagram to SVG or
 * PNG: the export itself is the engine's, engines/diagrams/export.ts, handed in by the descriptor).
 * It computes nothing: it finds the drawer of a kind among every family's.
 */
import type { DiagramDrawer } from '../features/diagram/drawer';
import { prepareContributors, type SystemContribution } from '../features/system/contributor';
import { onWorkspaceRequest, type RequestContext, type RequestRegistry } from '../features/requests';
import { DiffRequest, type DiffParams, type DiffResult } from '../protocol/diff';
import type { ArchipelSettings } from '../settings';
import { DiagramExportRequest, DiagramRequest, type DiagramExportParams } from '../protocol/diagrams';
import { generateDiagram } from './index';

/** What the requests are given: every family's diagrams, the package root, every family's part of the system map, and the export (SVG or PNG bytes). */
export interface DiagramServices {
  readonly drawers: readonly DiagramDrawer[];
  readonly root: string;
  readonly system: readonly SystemContribution[];
  readonly exportDiagram: (params: DiagramExportParams) => Promise<Buffer>;
  /** `archipel/diff` (issue #80): the CLI's `diff` for the System Map panel's "Compare with…" (platform/diffRequest.ts). */
  readonly diff: (params: DiffParams, settings: ArchipelSettings, context: RequestContext) => Promise<DiffResult>;
}

export function diagramRequests(registry: RequestRegistry, { drawers, root, system, exportDiagram, diff }: DiagramServices): void {
  onWorkspaceRequest(registry, DiffRequest, (p) => p.scope, diff);
  onWorkspaceRequest(registry, DiagramRequest, (p) => p.scope, async (p, settings, context) => {
    // A drawer's parser may still be loading (Terraform's WebAssembly): drawn once it is there.
    await drawers.find((d) => d.kind === p.kind)?.prepare?.();
    if (p.kind === 'system') await prepareContributors(system, context.index);
    return generateDiagram(drawers, p.kind, context.index, settings, p.scope ? [p.scope] : [], root, { ...(p.view !== undefined ? { view: p.view } : {}), system });
  });
  registry.onRequest(DiagramExportRequest, async (params) => ({ data: (await exportDiagram(params)).toString('base64') }));
}
