import { isScalar, isSeq } from 'yaml';
import type { LineIndex } from '../common/lineIndex';
import { Flowchart } from '../diagrams/flowchart';
import type { WorkflowGraph, WorkflowGraphJob } from '../protocol';
import { get, stringOf, type WorkflowFileModel } from './model';

/**
 * A workflow's jobs drawn into `chart`: a node per job (its id, its name when it has one, matrix
 * jobs say so; reusable-workflow calls are subroutines), an edge per needs entry (dashed into a job
 * with an if:, which may be skipped). Mermaid ids must avoid its keywords (end, graph…): jobs are
 * `<prefix>j0`, `<prefix>j1`, … with their id as label.
 */
export function drawJobs(chart: Flowchart, jobs: readonly WorkflowGraphJob[], prefix = '', group?: { id: string; label: string }): void {
  const ids = new Map(jobs.map((job, i) => [job.id, `${prefix}j${i}`]));
  for (const job of jobs) {
    const lines = [job.id];
    if (job.name && job.name !== job.id) lines.push(job.name);
    if (job.matrix) lines.push('(matrix)');
    chart.node(ids.get(job.id)!, lines, { shape: job.uses ? 'subroutine' : 'rect', group });
  }
  for (const job of jobs) for (const need of job.needs) chart.edge(ids.get(need)!, ids.get(job.id)!, undefined, job.conditional ? 'dashed' : 'solid');
}

/** The `needs` graph of a workflow as a Mermaid flowchart (see `drawJobs`). */
export function workflowGraph(model: WorkflowFileModel, lines: LineIndex): WorkflowGraph | null {
  if (model.kind !== 'workflow') return null;
  const jobs: WorkflowGraphJob[] = model.jobs.map((job) => {
    const runsOn = job.runsOn?.value;
    return {
      id: job.id,
      name: job.name,
      needs: job.needs.map((n) => model.jobsById.get(n.name.toLowerCase())?.id).filter((id): id is string => id !== undefined),
      line: lines.positionAt(model.offset + job.key.range![0]).line,
      runsOn: isScalar(runsOn) ? String(runsOn.value) : isSeq(runsOn) ? runsOn.items.map((i) => (isScalar(i) ? String(i.value) : '?')).join(', ') : undefined,
      uses: job.uses?.value,
      conditional: get(job.node, 'if') !== undefined,
      matrix: job.matrix !== undefined,
    };
  });
  const chart = new Flowchart('LR');
  drawJobs(chart, jobs);
  return { uri: model.uri, name: stringOf(get(model.doc.contents, 'name')?.value), mermaid: chart.text(), jobs };
}
