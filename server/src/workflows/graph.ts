import { isScalar, isSeq } from 'yaml';
import type { LineIndex } from '../common/lineIndex';
import type { WorkflowGraph, WorkflowGraphJob } from '../protocol';
import { get, stringOf, type WorkflowFileModel } from './model';

/** Mermaid label text: quotes and markup characters as entities, so any job name is safe. */
function label(text: string): string {
  return text.replace(/[&"<>#]/g, (c) => `#${c.charCodeAt(0)};`);
}

/**
 * The `needs` graph of a workflow as a Mermaid flowchart: a node per job (its id, and its name
 * when it has one), an edge per needs entry. Reusable-workflow calls are subroutine nodes,
 * matrix jobs say so, jobs with an if: have dotted incoming edges (they may be skipped).
 */
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
  // Mermaid ids must avoid its keywords (end, graph…): jobs become j0, j1, … with their id as label.
  const ids = new Map(jobs.map((job, i) => [job.id, `j${i}`]));
  const out = ['flowchart LR'];
  for (const job of jobs) {
    const lines = [label(job.id)];
    if (job.name && job.name !== job.id) lines.push(label(job.name));
    if (job.matrix) lines.push('(matrix)');
    const text = lines.join('<br/>');
    out.push(job.uses ? `  ${ids.get(job.id)}[["${text}"]]` : `  ${ids.get(job.id)}["${text}"]`);
  }
  for (const job of jobs) {
    for (const need of job.needs) out.push(`  ${ids.get(need)} ${job.conditional ? '-.->' : '-->'} ${ids.get(job.id)}`);
  }
  return { uri: model.uri, name: stringOf(get(model.doc.contents, 'name')?.value), mermaid: out.join('\n') + '\n', jobs };
}
