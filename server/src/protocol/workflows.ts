/** Custom LSP methods for CI/CD workflows (server/src/workflows/). */

/**
 * Client → server request: the `needs` graph of a workflow file as a Mermaid flowchart, for the
 * diagrams view to render. Answers `null` for a file that is not a workflow.
 */
import { RequestType } from 'vscode-languageserver-protocol';
export const WorkflowGraphRequest = new RequestType<WorkflowGraphParams, WorkflowGraph | null, void>('archipel/workflowGraph');

export interface WorkflowGraphParams {
  uri: string;
}

export interface WorkflowGraphJob {
  id: string;
  name?: string;
  /** Ids of the jobs this job needs (only jobs the workflow defines). */
  needs: string[];
  /** 0-based line of the job's key, to reveal it. */
  line: number;
  /** What the job runs on, or the reusable workflow it calls. */
  runsOn?: string;
  uses?: string;
  /** The job has an if: condition (it may be skipped). */
  conditional: boolean;
  matrix: boolean;
}

export interface WorkflowGraph {
  uri: string;
  name?: string;
  /** `flowchart LR` text, one node per job, one edge per needs entry. */
  mermaid: string;
  jobs: WorkflowGraphJob[];
}
