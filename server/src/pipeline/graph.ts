import { t } from '../l10n/t';
import type { Stage, StageOut } from './model';
import { stronglyConnected } from '../common/graph';
import { closestName } from '../common/suggest';
import { dottedKeys, valueAtKey } from './paramsFile';
import type { FileCache, Report } from './variables';

/** Every folder a '/'-separated path is inside (`a/b/c` → `a/b`, `a`), nearest first. */
function* ancestors(p: string): Generator<string> {
  for (let i = p.lastIndexOf('/'); i > 0; i = p.lastIndexOf('/', i - 1)) yield p.slice(0, i);
}

interface Producer {
  stage: Stage;
  out: StageOut;
}

/**
 * The DAG of a pipeline and the problems only the whole pipeline shows (DVC's StageGraph checks,
 * dvc/repo/graph.py: two stages with one output, overlapping outputs, a stage inside an output,
 * cycles). A dep is linked to a stage writing that path, a folder containing it, or something
 * inside it (a dep on a folder depends on what is written in it). Linear in the paths' lengths:
 * each path is looked up along its ancestors, never against every other path.
 */
export function pipelineGraph(stages: readonly Stage[], files: FileCache, report: Report): { edges: [string, string][] } {
  const producers = new Map<string, Producer>();
  /** Outs under each folder: a dep on the folder depends on them. */
  const under = new Map<string, Producer[]>();
  for (const stage of stages) {
    for (const out of stage.outs) {
      // The runner keeps and restores outs inside the repository only (as DVC refuses outs outside it).
      if (/^([/\\]|[A-Za-z]:)/.test(out.path)) report({ code: 'pipeline-out-absolute', message: t('\'{0}\' is an absolute path: an output is written relative to the stage\'s folder, inside the repository; this stage would not run.', out.path), span: out.span });
      const existing = producers.get(out.resolved);
      if (existing) {
        report({ code: 'pipeline-output-conflict', message: existing.stage === stage ? t('\'{0}\' is written twice by this stage: one output, one stage.', out.resolved) : t('\'{0}\' is also written by the stage \'{1}\': one output, one stage.', out.resolved, existing.stage.name), span: out.span });
        continue;
      }
      producers.set(out.resolved, { stage, out });
      for (const folder of ancestors(out.resolved)) {
        const list = under.get(folder);
        if (list) list.push({ stage, out });
        else under.set(folder, [{ stage, out }]);
      }
    }
  }
  for (const [resolved, { stage, out }] of producers) {
    for (const folder of ancestors(resolved)) {
      const outer = producers.get(folder);
      if (!outer) continue;
      report({ code: 'pipeline-output-overlap', message: outer.stage === stage ? t('\'{0}\' is inside \'{1}\', an output of this stage too: outputs may not overlap.', resolved, folder) : t('\'{0}\' is inside \'{1}\', an output of the stage \'{2}\': outputs may not overlap.', resolved, folder, outer.stage.name), span: out.span });
      break;
    }
  }
  for (const stage of stages) {
    if (stage.wdir === '.') continue;
    for (const folder of [stage.wdir, ...ancestors(stage.wdir)]) {
      const outer = producers.get(folder);
      if (outer && outer.stage !== stage) {
        report({ code: 'pipeline-stage-in-output', message: t('The stage \'{0}\' works in \'{1}\', inside \'{2}\', an output of the stage \'{3}\'.', stage.name, stage.wdir, folder, outer.stage.name), span: stage.span });
        break;
      }
    }
  }

  const edges: [string, string][] = [];
  const seen = new Set<string>();
  const link = (producer: Stage, consumer: Stage) => {
    if (producer === consumer) return;
    const key = `${producer.name}\u0000${consumer.name}`;
    if (seen.has(key)) return;
    seen.add(key);
    edges.push([producer.name, consumer.name]);
  };
  for (const stage of stages) {
    const outs = new Set(stage.outs.map((o) => o.resolved));
    const inputs = [...stage.deps.map((d) => ({ resolved: d.resolved, span: d.span })), ...stage.params.map((p) => ({ resolved: p.resolved, span: p.span }))];
    for (const dep of stage.deps) {
      if (outs.has(dep.resolved)) report({ code: 'pipeline-out-is-dep', message: t('\'{0}\' is both a dependency and an output of the stage \'{1}\'.', dep.resolved, stage.name), span: dep.span });
    }
    for (const input of inputs) {
      const exact = producers.get(input.resolved);
      if (exact) link(exact.stage, stage);
      for (const folder of ancestors(input.resolved)) {
        const outer = producers.get(folder);
        if (outer) link(outer.stage, stage);
      }
      for (const inner of under.get(input.resolved) ?? []) link(inner.stage, stage);
    }
  }
  reportCycles(stages, edges, report);
  if (files.canRead) checkParams(stages, producers, files, report);
  return { edges };
}

/** Stages that depend on each other's outputs (common/graph.ts: iterative, a long chain must not overflow the stack). */
function reportCycles(stages: readonly Stage[], edges: readonly [string, string][], report: Report): void {
  const index = new Map(stages.map((s, i) => [s.name, i]));
  const next: number[][] = stages.map(() => []);
  for (const [from, to] of edges) next[index.get(from) ?? 0].push(index.get(to) ?? 0);
  for (const component of stronglyConnected(stages.keys(), (v) => next[v])) {
    if (component.length < 2) continue;
    component.sort((a, b) => a - b);
    // Named once and at most 10 names: the message is shared by every stage of the cycle.
    const names = component.slice(0, 10).map((c) => `'${stages[c].name}'`).join(', ') + (component.length > 10 ? t(' and {0} more', component.length - 10) : '');
    const message = t('The stages {0} depend on each other\'s outputs: a cycle cannot run.', names);
    for (const c of component) report({ code: 'pipeline-cycle', message, span: stages[c].span });
  }
}

/** A params file must exist and hold every key a stage reads from it, unless a stage writes it. */
function checkParams(stages: readonly Stage[], producers: ReadonlyMap<string, Producer>, files: FileCache, report: Report): void {
  for (const stage of stages) {
    for (const params of stage.params) {
      // Written by a stage (itself or inside an output folder): a dependency like any output, read
      // when that stage has run, as DVC reads it (data42lana/end-to-end-cv-mlops-project).
      if (producers.has(params.resolved) || [...ancestors(params.resolved)].some((folder) => producers.has(folder))) continue;
      const loaded = files.load(params.resolved);
      if ('missing' in loaded) {
        report({ code: 'pipeline-params', message: t('The params file \'{0}\' does not exist.', params.resolved), span: params.span });
        continue;
      }
      if ('error' in loaded) {
        report({ code: 'pipeline-params', message: loaded.error, span: params.span });
        continue;
      }
      if (!('values' in loaded) || !params.keys) continue;
      let candidates: string[] | undefined;
      params.keys.forEach((key, k) => {
        if (valueAtKey(loaded.values, key).found) return;
        candidates ??= dottedKeys(loaded.values);
        const suggestion = closestName(key, candidates, false);
        report({ code: 'pipeline-params', message: t('\'{0}\' is not a key of \'{1}\'.', key, params.resolved), span: params.keySpans?.[k] ?? params.span, ...(suggestion ? { suggestion } : {}) });
      });
    }
  }
}
