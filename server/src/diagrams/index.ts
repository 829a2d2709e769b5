/** Every generated diagram, by kind: the one place `archipel/diagram` and `archipel diagram` ask. */
import type { DiagramKind, DiagramResult } from '../protocol/diagrams';
import type { ArchipelSettings } from '../settings';
import type { WorkspaceIndex } from '../workspace/index';
import { adrDiagram } from './adr';
import { kubernetesDiagram } from './kubernetes';

/** A diagram that cannot be drawn (a feature this build does not have): said to the user as is. */
export class DiagramUnavailableError extends Error {}

/** The diagram of a kind, limited to folders or files (`scopes`, URIs; none: the whole index). */
export function generateDiagram(kind: DiagramKind, index: WorkspaceIndex, settings: ArchipelSettings, scopes: readonly string[] = []): DiagramResult {
  switch (kind) {
    case 'k8s':
      return kubernetesDiagram(index, settings, scopes);
    case 'adr':
      return adrDiagram(index, settings.adr, scopes);
    case 'workflow':
      throw new DiagramUnavailableError('The workflow feature is missing from this build: workflow job graphs come with it (archipel/workflowGraph).');
  }
}
