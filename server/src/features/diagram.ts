import type { DiagramResult } from '../protocol/diagrams';
import type { ArchipelSettings } from '../settings';
import type { WorkspaceIndex } from '../workspace/index';

/**
 * A diagram a family draws from the workspace (its descriptor's `diagrams`): `archipel diagram <kind>`
 * and `archipel/diagram` (the diagram panel) ask the drawer of that kind among every family's, so a
 * family adds a diagram without a line elsewhere (pure: the index and settings in, the diagram out).
 */
export interface DiagramDrawer {
  /** `archipel diagram <kind>`, the request's `kind` (kebab-case: `k8s`, `compose`). */
  readonly kind: string;
  /** What it draws, for `archipel diagram`'s usage (`the Kubernetes manifests`), in English (French through the family's catalogue). */
  readonly summary: string;
  /**
   * The diagram of the index, limited to `scopes` (folder or file URIs; none: the whole index); `root`:
   * the package root, where the family's data is (schemas/).
   */
  readonly draw: (index: WorkspaceIndex, settings: ArchipelSettings, scopes: readonly string[], root: string) => DiagramResult;
}
