/** Every generated diagram, by kind: the one place `archipel/diagram` and `archipel diagram` ask. */
import { RequestRejection } from '../features/requests';
import type { DiagramKind, DiagramResult } from '../protocol/diagrams';
import type { ArchipelSettings } from '../settings';
import type { WorkspaceIndex } from '../workspace/index';
import { adrDiagram } from './adr';
import { composeDiagram } from './compose';
import { kubernetesDiagram } from './kubernetes';
import type { WorkflowData } from '../workflows/data';
import { workflowDiagram } from './workflow';
import { t } from '../l10n/t';

/** A diagram that cannot be drawn (a feature this build does not have): said to the user as is. */
export class DiagramUnavailableError extends RequestRejection {}

/** What generating diagrams needs besides the index and the settings. */
export interface DiagramDependencies {
  /** The workflow feature's data (GitHub's schemas): for workflow job graphs. */
  workflows?: WorkflowData;
}

/** The diagram of a kind, limited to folders or files (`scopes`, URIs; none: the whole index). */
export function generateDiagram(kind: DiagramKind, index: WorkspaceIndex, settings: ArchipelSettings, scopes: readonly string[] = [], deps: DiagramDependencies = {}): DiagramResult {
  switch (kind) {
    case 'k8s':
      return kubernetesDiagram(index, settings, scopes);
    case 'adr':
      return adrDiagram(index, settings.adr, scopes);
    case 'compose':
      return composeDiagram(index, scopes);
    case 'workflow':
      if (!deps.workflows) throw new DiagramUnavailableError(t('Workflow job graphs need the workflow data (schemas/workflows/), which was not loaded.'));
      return workflowDiagram(index, settings, deps.workflows, scopes);
  }
}
