// Hand-made pipelines for the runner's tests (the parser is tested on its own): stages with paths
// relative to the pipeline's folder, edges from outs to the deps that read them.
import path from 'node:path';
import type { Pipeline, Stage } from '../src/pipeline/model';

export interface StageSpec {
  cmd: string | string[];
  deps?: string[];
  outs?: (string | { path: string; persist?: boolean })[];
  params?: { file?: string; keys?: string[] }[];
  wdir?: string;
  frozen?: boolean;
  alwaysChanged?: boolean;
  definition?: string;
}

const span = { start: 0, end: 0 };

function join(wdir: string, p: string): string {
  return path.posix.normalize(path.posix.join(wdir, p)).replace(/\/$/, '');
}

export function stageOf(name: string, spec: StageSpec): Stage {
  const wdir = spec.wdir ?? '.';
  return {
    name,
    definition: spec.definition ?? name.split('@')[0],
    cmd: typeof spec.cmd === 'string' ? [spec.cmd] : spec.cmd,
    wdir,
    deps: (spec.deps ?? []).map((p) => ({ path: p, resolved: join(wdir, p), span })),
    outs: (spec.outs ?? []).map((o) => {
      const out = typeof o === 'string' ? { path: o } : o;
      return { path: out.path, resolved: join(wdir, out.path), cache: true, persist: out.persist ?? false, kind: 'outs' as const, span };
    }),
    params: (spec.params ?? []).map((p) => ({ file: p.file ?? 'params.yaml', resolved: join(wdir, p.file ?? 'params.yaml'), keys: p.keys, span })),
    frozen: spec.frozen ?? false,
    alwaysChanged: spec.alwaysChanged ?? false,
    span,
  };
}

/** A pipeline of `dvc.yaml` in `root`, with its edges (a dep equal to, inside or containing an out). */
export function pipelineOf(root: string, stages: Record<string, StageSpec>): Pipeline {
  const list = Object.entries(stages).map(([name, spec]) => stageOf(name, spec));
  const edges: [string, string][] = [];
  for (const producer of list)
    for (const consumer of list)
      if (
        producer !== consumer &&
        producer.outs.some((o) => consumer.deps.some((d) => d.resolved === o.resolved || d.resolved.startsWith(`${o.resolved}/`) || o.resolved.startsWith(`${d.resolved}/`)))
      )
        edges.push([producer.name, consumer.name]);
  return { file: path.join(root, 'dvc.yaml'), root, stages: list, edges, problems: [] };
}
