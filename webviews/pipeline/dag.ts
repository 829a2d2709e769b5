/**
 * A pipeline's DAG as the generated-diagram renderer's graph (webviews/diagram/graph.ts draws and
 * lays it out with dagre): one node per stage, an edge per dependency, a node class per state.
 * Node ids are positional (`s0`, `s1`, …): a stage name is only ever a label, shown as text.
 */
import type { DiagramGraph } from '../../server/src/protocol/diagrams';
import type { PipelineDag, StageState } from '../../server/src/protocol/pipeline';

/** Every state a stage can show; each is a node class of the drawing. */
export const STAGE_STATES: readonly StageState[] = ['up-to-date', 'stale', 'running', 'failed', 'frozen', 'never-run'];

/** How a state reads on a node and in the details. */
export const STATE_LABELS: Record<StageState, string> = {
  'up-to-date': 'up to date',
  stale: 'stale',
  running: 'running',
  failed: 'failed',
  frozen: 'frozen',
  'never-run': 'never run',
};

/** Long names are cut on the node (the details show them whole). */
const MAX_LABEL = 48;

/**
 * The status line's text while the graph is measured: as wide as the widest status a node will
 * show ("running 12:34:56"), so that a live status fits the node drawn for it.
 */
export const STATUS_PLACEHOLDER = 'running 00:00:00 ✓';

export function nodeId(index: number): string {
  return `s${index}`;
}

export function shortLabel(name: string): string {
  return name.length > MAX_LABEL ? `${name.slice(0, MAX_LABEL - 1)}…` : name;
}

/** The graph of `dag`, every node in `initial`'s state (the page sets each node's state after drawing). */
export function dagGraph(dag: PipelineDag, stateOf: (stage: string) => StageState): DiagramGraph {
  const ids = new Map(dag.nodes.map((node, i) => [node.stage, nodeId(i)]));
  const edges = dag.edges.flatMap((edge) => {
    const from = ids.get(edge.from);
    const to = ids.get(edge.to);
    return from && to ? [{ from, to, style: 'solid' as const }] : [];
  });
  return {
    direction: 'TB',
    nodes: dag.nodes.map((node, i) => ({ id: nodeId(i), lines: [shortLabel(node.stage), STATUS_PLACEHOLDER], shape: 'round', classes: [stateClass(stateOf(node.stage))] })),
    edges,
    groups: [],
    // Theme colours (the page's base.css variables): the outline says the state, dashes where
    // colour alone would not (stale, frozen, never run). Stale and never run share neither colour
    // nor dash: one needs a re-run, the other has simply not run yet.
    classes: {
      [stateClass('up-to-date')]: { stroke: 'var(--archipel-ok)', 'stroke-width': '2px' },
      [stateClass('stale')]: { stroke: 'var(--archipel-warning)', 'stroke-width': '2px', 'stroke-dasharray': '7 4' },
      [stateClass('running')]: { stroke: 'var(--archipel-info)', 'stroke-width': '3px' },
      [stateClass('failed')]: { stroke: 'var(--archipel-error)', 'stroke-width': '3px' },
      [stateClass('frozen')]: { stroke: 'var(--archipel-muted)', 'stroke-width': '2px', 'stroke-dasharray': '2 3' },
      [stateClass('never-run')]: { stroke: 'var(--archipel-never-run)', 'stroke-width': '2px', 'stroke-dasharray': '10 3 2 3' },
    },
  };
}

/** The node class of a state, as the renderer names it in the drawing (`c-` + the class). */
export function stateClass(state: StageState): string {
  return `state-${state}`;
}

/** `m:ss` or `h:mm:ss`. */
export function elapsed(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const two = (n: number) => String(n).padStart(2, '0');
  return h > 0 ? `${h}:${two(m)}:${two(s)}` : `${m}:${two(s)}`;
}

/** A duration for people: `850 ms`, `12.3 s`, `4:05`. */
export function duration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(1)} s`;
  return elapsed(ms);
}
