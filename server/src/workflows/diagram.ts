/**
 * Workflow job graphs: the `needs` graph of one workflow (`archipel/workflowGraph`, from the jobs
 * the workflow feature reads: workflows/model/graph.ts), and the diagram of every workflow in the scope.
 * One workflow is its graph as it is; several are drawn side by side, one group each, their job ids
 * prefixed to stay apart.
 */
import { Flowchart } from '../features/diagram/flowchart';
import { inScopes, scopeSuffix } from '../features/diagram/scope';
import type { DiagramDrawer } from '../features/diagram/drawer';
import type { DiagramNodeSource, DiagramResult } from '../protocol/diagrams';
import type { WorkflowGraph, WorkflowGraphJob } from '../protocol/workflows';
import type { ArchipelSettings } from '../settings';
import type { WorkflowData } from './model/data';
import { workflowJobsOf } from './feature';
import { workflowKind } from './model/files';
import type { IndexedFile } from '../workspace/index';
import type { WorkspaceIndex } from '../workspace/index';
import { t } from '../l10n/t';

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

/** The `needs` graph of a workflow file as a Mermaid flowchart (the archipel/workflowGraph request); null for a file that is not a workflow. */
export function workflowGraphOf(file: IndexedFile, data: WorkflowData, settings: ArchipelSettings): WorkflowGraph | null {
  const workflow = workflowJobsOf(file, data, settings);
  if (!workflow) return null;
  const chart = new Flowchart('LR');
  drawJobs(chart, workflow.jobs);
  return { uri: file.uri, name: workflow.name, mermaid: chart.text(), jobs: workflow.jobs };
}

function fileName(uri: string): string {
  return decodeURIComponent(uri.slice(uri.lastIndexOf('/') + 1));
}

function sourcesOf(graph: WorkflowGraph, prefix: string): DiagramNodeSource[] {
  return graph.jobs.map((job, i) => ({ id: `${prefix}j${i}`, uri: graph.uri, range: { start: { line: job.line, character: 0 }, end: { line: job.line, character: job.id.length + 2 } } }));
}

export function workflowDiagram(index: WorkspaceIndex, settings: ArchipelSettings, data: WorkflowData, scopes: readonly string[] = []): DiagramResult {
  const graphs: WorkflowGraph[] = [];
  for (const file of index.files()) {
    if (workflowKind(file.uri) !== 'workflow' || !inScopes(file.uri, scopes)) continue;
    const graph = workflowGraphOf(file, data, settings);
    if (graph) graphs.push(graph);
  }
  graphs.sort((a, b) => (a.uri < b.uri ? -1 : 1));
  const count = (g: WorkflowGraph) => g.jobs.reduce((n, job) => n + job.needs.length, 0);
  const base = {
    kind: 'workflow' as const,
    nodes: graphs.reduce((n, g) => n + g.jobs.length, 0),
    edges: graphs.reduce((n, g) => n + count(g), 0),
    broken: 0,
  };
  const chart = new Flowchart('LR');
  if (graphs.length === 1) {
    const [graph] = graphs;
    drawJobs(chart, graph.jobs);
    return { ...base, title: `Workflow ${graph.name ?? fileName(graph.uri)}`, mermaid: chart.text(), graph: chart.graph(), sources: sourcesOf(graph, '') };
  }
  const sources: DiagramNodeSource[] = [];
  graphs.forEach((graph, w) => {
    const prefix = `w${w + 1}`;
    drawJobs(chart, graph.jobs, prefix, { id: prefix, label: graph.name ? `${graph.name} (${fileName(graph.uri)})` : fileName(graph.uri) });
    sources.push(...sourcesOf(graph, prefix));
  });
  return {
    ...base,
    title: `Workflows${scopeSuffix(scopes)}`,
    mermaid: chart.text(),
    graph: chart.graph(),
    sources,
    empty: graphs.length === 0 ? scopeSuffix(scopes)
          ? t('No workflow (.github/workflows, .gitea/workflows, .forgejo/workflows){0}.', scopeSuffix(scopes))
          : t('No workflow (.github/workflows, .gitea/workflows, .forgejo/workflows) in the workspace.') : undefined,
  };
}

/** `archipel diagram workflow`, the job graphs of the diagram panel; `data`: GitHub's workflow data of a package root. */
export function workflowDrawer(data: (root: string) => WorkflowData): DiagramDrawer {
  return { kind: 'workflow', summary: 'the GitHub Actions workflows', draw: (index, settings, scopes, root) => workflowDiagram(index, settings, data(root), scopes) };
}
