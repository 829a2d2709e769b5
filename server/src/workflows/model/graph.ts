import { isScalar, isSeq } from 'yaml';
import type { LineIndex } from '../../common/lineIndex';
import type { WorkflowGraphJob } from '../../protocol/workflows';
import { get, stringOf, type WorkflowFileModel } from './model';

/** A workflow's jobs and what each needs, for its `needs` graph (drawn by workflows/diagram.ts); null for a file that is not a workflow. */
export function workflowJobs(model: WorkflowFileModel, lines: LineIndex): { name?: string; jobs: WorkflowGraphJob[] } | null {
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
  return { name: stringOf(get(model.doc.contents, 'name')?.value), jobs };
}
