import type { DiagramResult } from '../../protocol/diagrams';
import type { SystemContribution } from '../system/contributor';
import type { ArchipelSettings } from '../../settings';
import type { WorkspaceIndex } from '../../workspace/index';

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
  readonly draw: (index: WorkspaceIndex, settings: ArchipelSettings, scopes: readonly string[], root: string, options?: DrawOptions) => DiagramResult;
  /** Asynchronous work `draw` needs first (a parser in WebAssembly), awaited before it by the request and the CLI. */
  readonly prepare?: () => Promise<void>;
  /** The views it draws (`archipel diagram <kind> --view <view>`, the request's `view`), the first by default; none: one view. */
  readonly views?: readonly string[];
  /**
   * Text formats of its own (`--format structurizr`), or its own text for a common one (a JSON contract
   * of its own in place of the diagram's JSON): format → the text of a view.
   */
  readonly formats?: Readonly<Record<string, (input: DrawInput) => string>>;
}

/** What a drawer may be asked beyond the index: a view, and what the run's families add to the system map (for a drawer of the whole system). */
export interface DrawOptions {
  readonly view?: string;
  readonly system?: readonly SystemContribution[];
}

/** What a drawer's format gets: the index, settings and scopes `draw` gets, the view asked for, and how the output names files. */
export interface DrawInput {
  readonly index: WorkspaceIndex;
  readonly settings: ArchipelSettings;
  readonly scopes: readonly string[];
  readonly root: string;
  readonly view?: string;
  readonly system: readonly SystemContribution[];
  /** A file's name in the output (the CLI: relative to the current folder). */
  readonly fileOf: (uri: string) => string;
  /** An id in the output: relative to the repository (features/system/ids.ts repositoryIdOf); none: as `fileOf` names files. */
  readonly idOf?: (id: string) => string;
  /** Says what the drawing leaves out beside it (the CLI: on stderr), e.g. that a large map is summarised. */
  readonly notice?: (text: string) => void;
}
