/** A generated diagram by kind, among the drawers the families declare: the one place `archipel/diagram` and `archipel diagram` ask. */
import type { DiagramDrawer, DrawOptions } from '../features/diagram/drawer';
import { RequestRejection } from '../features/requests';
import type { DiagramResult } from '../protocol/diagrams';
import type { ArchipelSettings } from '../settings';
import type { WorkspaceIndex } from '../workspace/index';
import { t } from '../l10n/t';

/** A diagram that cannot be drawn (a kind no family draws, data this build does not have): said to the user as is. */
export class DiagramUnavailableError extends RequestRejection {}

/** The diagram of a kind, limited to folders or files (`scopes`, URIs; none: the whole index). */
export function generateDiagram(drawers: readonly DiagramDrawer[], kind: string, index: WorkspaceIndex, settings: ArchipelSettings, scopes: readonly string[] = [], root = '', options: DrawOptions = {}): DiagramResult {
  const view = options.view;
  const drawer = drawerOf(drawers, kind);
  if (view !== undefined && !drawer.views?.includes(view)) {
    throw new DiagramUnavailableError(drawer.views ? t('unknown view "{0}" of the {1} diagram (expected {2})', view, kind, drawer.views.join(', ')) : t('the {0} diagram has one view', kind));
  }
  return drawer.draw(index, settings, scopes, root, options);
}

/** The drawer of a kind. */
export function drawerOf(drawers: readonly DiagramDrawer[], kind: string): DiagramDrawer {
  const drawer = drawers.find((d) => d.kind === kind);
  if (!drawer) throw new DiagramUnavailableError(t('unknown diagram "{0}" (expected {1})', kind, drawers.map((d) => d.kind).join(', ')));
  return drawer;
}
