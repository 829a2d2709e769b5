import { t } from '../l10n/t';
import path from 'node:path';
import { parseYamlFile } from '../yaml/model';
import type { SourceNode } from '../yaml/sourceNode';
import { pairOf } from '../yaml/tree';
import { isRecord, toStr, Variables } from './interpolate';
import { resolveValue, unresolved, type ExpandContext } from './resolve';
import type { Pipeline, PipelineProblem, Span, Stage } from './model';
import { pipelineGraph } from './graph';
import { buildStage } from './stage';
import { FileCache, loadVars, type PipelineFileReader, type Report } from './variables';

export type { PipelineFileReader } from './variables';

/** A pipeline expanding to more stages than this is cut there (with a problem): `matrix` multiplies. */
export const maxStages = 10_000;

/**
 * Reads a `dvc.yaml` (or `*.pipeline.yaml`) as DVC 3 does (iterative/dvc, dvc/parsing/__init__.py
 * and dvc/schema.py, checked November 2025): `vars` and `params.yaml` give the variables, each
 * entry of `stages` is a stage, a `foreach`/`do` group or a `matrix` group, and every string of a
 * stage is interpolated. Pure: files come through `readFile` (without it, params and vars files
 * are taken as unknown and nothing is concluded from them).
 *
 * Unlike DVC, which stops at the first error, everything that can be read is: a problem is
 * recorded and the rest carries on, so that the editor shows every problem at once. A runner must
 * refuse a pipeline with problems of severity 'error'.
 */
export function parsePipeline(text: string, file: string, readFile?: PipelineFileReader): Pipeline {
  const root = path.dirname(file);
  const problems = new Map<string, PipelineProblem>();
  // The template of a generated stage is interpolated once per item: the same problem at the same place is kept once.
  const report: Report = (p) => {
    const problem: PipelineProblem = { severity: 'error', ...p };
    const key = `${problem.code}\u0000${problem.span.start}\u0000${problem.span.end}\u0000${problem.message}`;
    if (!problems.has(key)) problems.set(key, problem);
  };
  const stages: Stage[] = [];
  const result = (): Pipeline => {
    const graph = pipelineGraph(stages, files, report);
    return { file, root, stages, edges: graph.edges, problems: [...problems.values()] };
  };
  const files = new FileCache(root, readFile);
  const yaml = parseYamlFile(text);
  const whole: Span = { start: 0, end: Math.min(text.length, text.indexOf('\n') < 0 ? text.length : text.indexOf('\n')) };
  if (yaml.chunks.length > 1) report({ code: 'pipeline-schema', message: t('A pipeline file holds one YAML document: the documents after the first are ignored.'), span: { start: yaml.chunks[1].offset, end: yaml.chunks[1].offset + 3 } });
  const first = yaml.chunks[0];
  if (!first) return result();
  const chunk = first.chunk;
  if (chunk.beyondLimits || !chunk.wellFormed || chunk.value === undefined) {
    report({ code: 'pipeline-yaml', message: t('The pipeline file is not well-formed YAML: its stages cannot be read.'), span: whole });
    return result();
  }
  const value = chunk.value;
  const tree = chunk.tree;
  const spanOf = (node: SourceNode | null | undefined, fallback: Span = whole): Span =>
    node ? { start: first.offset + node.start, end: first.offset + node.end } : fallback;
  if (value === null) return result();
  if (!isRecord(value)) {
    report({ code: 'pipeline-schema', message: t('A pipeline file is a mapping with `stages` (and optionally `vars`, `params`, `metrics`, `plots`).'), span: spanOf(tree) });
    return result();
  }

  const variables = new Variables({});
  const varsNode = pairOf(tree, 'vars')?.value;
  loadVars(variables, value.vars, itemSpans(varsNode, spanOf), '.', files, report, spanOf(varsNode), true);

  const stagesPair = pairOf(tree, 'stages');
  const definitions = value.stages;
  if (definitions === undefined || definitions === null) return result();
  if (!isRecord(definitions)) {
    report({ code: 'pipeline-schema', message: t('`stages` must be a mapping of stage names to definitions.'), span: spanOf(stagesPair?.value) });
    return result();
  }
  const context: ExpandContext = { report, spanOf, files, stages, text, budgetReported: false, stageVariables: new WeakMap() };
  for (const [name, definition] of Object.entries(definitions)) {
    const pair = pairOf(stagesPair?.value, name);
    expandDefinition(context, name, definition, spanOf(pair?.keyNode), pair?.value ?? null, variables);
  }
  return result();
}


function itemSpans(node: SourceNode | null | undefined, spanOf: ExpandContext['spanOf']): (Span | undefined)[] {
  return node?.kind === 'seq' ? (node.items ?? []).map((item) => (item ? spanOf(item) : undefined)) : [];
}

function expandDefinition(context: ExpandContext, name: string, definition: unknown, keySpan: Span, src: SourceNode | null, variables: Variables): void {
  if (!isRecord(definition)) {
    context.report({ code: 'pipeline-schema', message: t('The stage \'{0}\' must be a mapping (with at least `cmd`).', name), span: keySpan });
    return;
  }
  if ('matrix' in definition) {
    if ('foreach' in definition || 'do' in definition) {
      context.report({ code: 'pipeline-schema', message: t('The stage \'{0}\' has both `matrix` and `foreach`/`do`: use one.', name), span: keySpan });
      return;
    }
    expandMatrix(context, name, definition, keySpan, src, variables);
  } else if ('foreach' in definition || 'do' in definition) {
    expandForeach(context, name, definition, keySpan, src, variables);
  } else {
    addStage(context, name, name, definition, keySpan, src, variables);
  }
}

function addStage(context: ExpandContext, name: string, definition: string, body: Record<string, unknown>, keySpan: Span, src: SourceNode | null, variables: Variables): void {
  if (context.stages.length >= maxStages) {
    if (!context.budgetReported) {
      context.budgetReported = true;
      context.report({ code: 'pipeline-expansion', message: t('The pipeline expands to more than {0} stages: the stages after the first {0} are ignored.', maxStages), span: keySpan });
    }
    return;
  }
  context.stages.push(buildStage(context, name, definition, body, keySpan, src, variables));
}

/**
 * `foreach`/`do` (ForeachDefinition): a mapping names each stage `name@key` and sets `key` and
 * `item`; a list of simple values names them `name@value`; a list holding any mapping or list
 * names them `name@index` (normalized_iterable). Only `item` is set for a list.
 */
function expandForeach(context: ExpandContext, name: string, definition: Record<string, unknown>, keySpan: Span, src: SourceNode | null, variables: Variables): void {
  const foreachNode = pairOf(src, 'foreach')?.value;
  const doNode = pairOf(src, 'do')?.value ?? null;
  const body = definition.do;
  if (!('foreach' in definition) || !isRecord(body)) {
    context.report({ code: 'pipeline-schema', message: t('The stage \'{0}\' needs both `foreach` (a list or a mapping) and `do` (the stage\'s definition).', name), span: keySpan });
    return;
  }
  const iterable = resolveValue(context, definition.foreach, foreachNode, variables, 'foreach');
  if (iterable === unresolved) return;
  if (!Array.isArray(iterable) && !isRecord(iterable)) {
    const got = iterable === null ? 'None' : typeof iterable === 'string' ? 'str' : typeof iterable === 'number' ? (Number.isInteger(iterable) ? 'int' : 'float') : 'bool';
    context.report({ code: 'pipeline-expansion', message: t('`foreach` of \'{0}\' must be a list or a mapping, not {1}.', name, got), span: context.spanOf(foreachNode, keySpan) });
    return;
  }
  const entries = new Map<string, unknown>();
  if (isRecord(iterable)) {
    for (const [key, item] of Object.entries(iterable)) entries.set(key, item);
  } else if (iterable.some((item) => typeof item === 'object' && item !== null)) {
    iterable.forEach((item, index) => entries.set(String(index), item));
  } else {
    for (const item of iterable) entries.set(toStr(item), item);
  }
  if (entries.size === 0) context.report({ code: 'pipeline-expansion', message: t('`foreach` of \'{0}\' is empty: no stage is generated.', name), span: context.spanOf(foreachNode, keySpan), severity: 'warning' });
  for (const [key, item] of entries) {
    const locals: Record<string, unknown> = isRecord(iterable) ? { item, key } : { item };
    addStage(context, `${name}@${key}`, name, body, keySpan, doNode, variables.withLocals(locals));
  }
}

/**
 * `matrix` (MatrixDefinition): every combination of the axes in order, named `name@a-b` from each
 * value (`axis<index>` for a mapping or list value); `item` is the combination as a mapping and
 * `key` the generated suffix.
 */
function expandMatrix(context: ExpandContext, name: string, definition: Record<string, unknown>, keySpan: Span, src: SourceNode | null, variables: Variables): void {
  const matrixNode = pairOf(src, 'matrix')?.value;
  const matrix = resolveValue(context, definition.matrix, matrixNode, variables, 'matrix');
  if (matrix === unresolved) return;
  if (!isRecord(matrix)) {
    context.report({ code: 'pipeline-expansion', message: t('`matrix` of \'{0}\' must be a mapping of names to lists of values.', name), span: context.spanOf(matrixNode, keySpan) });
    return;
  }
  const axes: [string, unknown[]][] = [];
  for (const [axis, values] of Object.entries(matrix)) {
    const axisSpan = context.spanOf(pairOf(matrixNode, axis)?.value, keySpan);
    if (!Array.isArray(values)) {
      context.report({ code: 'pipeline-expansion', message: t('The matrix axis \'{0}\' of \'{1}\' must be a list of values.', axis, name), span: axisSpan });
      return;
    }
    if (values.length === 0) context.report({ code: 'pipeline-expansion', message: t('The matrix axis \'{0}\' of \'{1}\' is empty: no stage is generated.', axis, name), span: axisSpan, severity: 'warning' });
    axes.push([axis, values]);
  }
  const { matrix: _removed, ...body } = definition;
  const combinations = axes.reduce((n, [, values]) => n * values.length, 1);
  const count = Math.min(combinations, maxStages + 1);
  const generated = new Map<string, Record<string, unknown>>();
  for (let n = 0; n < count; n++) {
    // The n-th combination of the product, the last axis varying fastest (itertools.product).
    let rest = n;
    const fragments: string[] = new Array<string>(axes.length);
    const item: Record<string, unknown> = {};
    for (let a = axes.length - 1; a >= 0; a--) {
      const [axis, values] = axes[a];
      const index = rest % values.length;
      rest = Math.floor(rest / values.length);
      const value = values[index];
      item[axis] = value;
      fragments[a] = typeof value === 'object' && value !== null ? `${axis}${index}` : toStr(value);
    }
    const ordered: Record<string, unknown> = {};
    for (const [axis] of axes) ordered[axis] = item[axis];
    generated.set(fragments.join('-'), ordered);
  }
  for (const [key, item] of generated) addStage(context, `${name}@${key}`, name, body, keySpan, src, variables.withLocals({ key, item }));
}

