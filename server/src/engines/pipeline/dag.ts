/** A pipeline's DAG as the protocol carries it (`archipel dag --format json`, the panel). */
import type { Pipeline } from '../../pipeline/model';
import type { PipelineDag } from '../../protocol/pipeline';

export function pipelineDag(pipeline: Pipeline): PipelineDag {
  return {
    file: pipeline.file,
    nodes: pipeline.stages.map((s) => ({ stage: s.name, definition: s.definition, ...(s.desc ? { desc: s.desc } : {}), frozen: s.frozen, span: { start: s.span.start, end: s.span.end } })),
    edges: pipeline.edges.map(([from, to]) => ({ from, to })),
  };
}
