import { CompletionItemKind, MarkupKind, SymbolKind, type CodeLens, type CompletionItem, type DocumentSymbol, type Hover, type Location } from 'vscode-languageserver-types';
import { pathToFileURL } from 'node:url';
import { t } from '../l10n/t';
import type { StageStatus } from '../protocol/pipeline';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import { pathAtOffset, type PathSegment } from '../yaml/path';
import { pairOf } from '../yaml/tree';
import { findMatches, isRecord, Variables } from './interpolate';
import type { Pipeline, Stage } from './model';
import { dottedKeys } from './paramsFile';
import { indexReader, relativeToWdir, type PipelineDependencies } from './document';
import { FileCache, loadVars, resolvePath } from './variables';
import { producersOf } from './rules';

/** Code lenses per foreach/matrix group at most: a 100-item group would bury its definition. */
const maxGroupLenses = 8;

/** The YAML path at an offset: `['stages', 'train', 'deps', 0]`. */
function pathAt(file: IndexedFile, offset: number): PathSegment[] {
  const ref = file.yaml?.documentAt(offset);
  return ref ? pathAtOffset(ref.doc, offset - ref.offset) : [];
}

/** The stage definition a path is in and what is left of the path inside it (`do` skipped). */
function inStage(segments: PathSegment[]): { definition: string; rest: PathSegment[] } | undefined {
  if (segments[0] !== 'stages' || typeof segments[1] !== 'string') return undefined;
  const rest = segments.slice(2);
  if (rest[0] === 'do') rest.shift();
  return { definition: segments[1], rest };
}

export function pipelineCompletion(file: IndexedFile, pipeline: Pipeline, offset: number, index: WorkspaceIndex, deps: PipelineDependencies): CompletionItem[] {
  const at = inStage(pathAt(file, offset));
  if (!at) return [];
  const stages = pipeline.stages.filter((s) => s.definition === at.definition);
  const wdir = stages[0]?.wdir ?? '.';
  const lineStart = file.text.lastIndexOf('\n', offset - 1) + 1;
  const before = file.text.slice(lineStart, offset);
  const open = before.lastIndexOf('${');
  if (open >= 0 && before.indexOf('}', open) < 0) {
    const range = file.lines.range(lineStart + open + 2, offset);
    return variableNames(file, pipeline, at.definition, index, deps).map((name) => ({ label: name, kind: CompletionItemKind.Variable, textEdit: { range, newText: name } }));
  }
  const [key, , file2] = at.rest;
  const files = new FileCache(pipeline.root, indexReader(index, deps.exists));
  if (key === 'params') {
    const paramsFile = typeof file2 === 'string' ? resolvePath(wdir, file2) : resolvePath(wdir, 'params.yaml');
    const loaded = files.load(paramsFile);
    if (!('values' in loaded)) return [];
    return dottedKeys(loaded.values).map((name) => ({ label: name, kind: CompletionItemKind.Property, detail: paramsFile }));
  }
  if (key === 'deps' || key === 'outs' || key === 'metrics' || key === 'plots') {
    const items = new Map<string, CompletionItem>();
    if (key === 'deps') {
      for (const stage of pipeline.stages) {
        if (stage.definition === at.definition) continue;
        for (const out of stage.outs) {
          const label = relativeToWdir(wdir, out.resolved);
          items.set(label, { label, kind: CompletionItemKind.File, detail: t('written by the stage {0}', stage.name) });
        }
      }
    }
    for (const relative of workspacePaths(pipeline.root, index)) {
      const label = relativeToWdir(wdir, relative);
      if (!items.has(label)) items.set(label, { label, kind: CompletionItemKind.File });
    }
    return [...items.values()];
  }
  return [];
}

/** Files of the index under the pipeline's folder (relative, '/'), at most a few thousand. */
function workspacePaths(root: string, index: WorkspaceIndex): string[] {
  const prefix = pathToFileURL(root).href.replace(/\/?$/, '/');
  const paths: string[] = [];
  for (const file of index.files()) {
    if (paths.length >= 2000) break;
    if (file.uri.startsWith(prefix)) paths.push(decodeURIComponent(file.uri.slice(prefix.length)));
  }
  return paths.sort();
}

/** The names `${…}` may use in a stage definition: `item`/`key` of its group, then params.yaml and vars. */
function variableNames(file: IndexedFile, pipeline: Pipeline, definition: string, index: WorkspaceIndex, deps: PipelineDependencies): string[] {
  const chunk = file.yaml?.chunks[0]?.chunk;
  const value = chunk?.value;
  if (!isRecord(value)) return [];
  const variables = new Variables({});
  loadVars(variables, value.vars, [], '.', new FileCache(pipeline.root, indexReader(index, deps.exists)), () => undefined, { start: 0, end: 0 }, true);
  const names: string[] = [];
  const body = isRecord(value.stages) ? value.stages[definition] : undefined;
  if (isRecord(body) && 'foreach' in body) {
    let iterable: unknown = body.foreach;
    const matches = typeof iterable === 'string' ? findMatches(iterable) : [];
    if (matches.length === 1) {
      try {
        iterable = variables.select(matches[0].inner);
      } catch {
        iterable = undefined;
      }
    }
    names.push('item');
    const first: unknown = Array.isArray(iterable) ? (iterable as unknown[])[0] : isRecord(iterable) ? Object.values(iterable)[0] : undefined;
    if (isRecord(first)) names.push(...dottedKeys(first, 200).map((k) => `item.${k}`));
    if (isRecord(iterable)) names.push('key');
  } else if (isRecord(body) && isRecord(body.matrix)) {
    names.push('item', 'key', ...Object.keys(body.matrix).map((axis) => `item.${axis}`));
  }
  return [...names, ...dottedKeys(variables.values)];
}

/** One line per stage: its status when the runner knows it, else what it runs. */
export function pipelineHover(file: IndexedFile, pipeline: Pipeline, offset: number, deps: PipelineDependencies): Hover | undefined {
  const stages = pipeline.stages.filter((s) => s.span.start <= offset && offset <= s.span.end);
  if (stages.length === 0) return undefined;
  const parts: string[] = [];
  for (const stage of stages.slice(0, 20)) {
    const status = deps.status?.(pipeline.file, stage.name);
    parts.push(status ? statusMarkdown(stage, status) : definitionMarkdown(stage));
  }
  if (stages.length > 20) parts.push(t('… and {0} more stages', stages.length - 20));
  const span = stages[0].span;
  return { contents: { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') }, range: file.lines.range(span.start, span.end) };
}

const code = (text: string) => `\`${text.replace(/`/g, "'")}\``;

function statusMarkdown(stage: Stage, status: StageStatus): string {
  const lines = [`**${stage.name}**: ${stateText(status)}`];
  if (status.lastRun) {
    const seconds = (status.lastRun.durationMs / 1000).toFixed(1);
    lines.push(status.lastRun.ok ? t('Last run: {0} s, finished {1}.', seconds, status.lastRun.finishedAt) : t('Last run failed after {0} s, finished {1}.', seconds, status.lastRun.finishedAt));
  }
  if (status.logTail && status.logTail.length > 0) lines.push('```\n' + status.logTail.join('\n').replace(/```/g, "'''") + '\n```');
  return lines.join('\n\n');
}

/** The state in words: "stale: `data/raw.csv` changed since the last run". */
export function stateText(status: StageStatus): string {
  const words: Record<StageStatus['state'], string> = {
    'up-to-date': t('up to date'),
    stale: t('stale'),
    running: t('running'),
    failed: t('failed'),
    frozen: t('frozen'),
    'never-run': t('never run'),
  };
  const said = status.reasons.length > 0 ? `${words[status.state]}: ${status.reasons.join('; ')}` : words[status.state];
  // What could not be checked offline (URL deps) is said after, without making the stage stale.
  return status.notes?.length ? `${said} (${status.notes.join('; ')})` : said;
}

function definitionMarkdown(stage: Stage): string {
  const lines = [`**${stage.name}**${stage.desc ? `: ${stage.desc}` : ''}`];
  if (stage.cmd.length > 0) lines.push('```sh\n' + stage.cmd.join('\n').replace(/```/g, "'''") + '\n```');
  if (stage.deps.length > 0) lines.push(`${t('Reads')}: ${stage.deps.map((d) => code(d.resolved)).join(', ')}`);
  if (stage.outs.length > 0) lines.push(`${t('Writes')}: ${stage.outs.map((o) => code(o.resolved)).join(', ')}`);
  if (stage.frozen) lines.push(t('Frozen: its dependencies are not checked; it runs only when its outputs or command changed, or with --force.'));
  return lines.join('\n\n');
}

/** From a dep to the stages writing it (or a folder holding it, or something inside it). */
export function pipelineDefinition(file: IndexedFile, pipeline: Pipeline, offset: number): Location[] {
  const targets = new Set<Stage>();
  const producers = producersOf(pipeline);
  for (const stage of pipeline.stages) {
    for (const dep of stage.deps) {
      if (offset < dep.span.start || offset > dep.span.end) continue;
      for (const producer of producers(dep.resolved)) if (producer !== stage) targets.add(producer);
    }
  }
  const spans = new Map<number, Stage>();
  for (const stage of targets) if (!spans.has(stage.span.start)) spans.set(stage.span.start, stage);
  return [...spans.values()].map((s) => ({ uri: file.uri, range: file.lines.range(s.span.start, s.span.end) }));
}

/**
 * "Run" (that stage alone, as `dvc repro -s`), "Run with upstream", "Run downstream" and why it is
 * stale, on each stage; "Run <name>" (alone) on the first stages of a group.
 */
export function pipelineCodeLenses(file: IndexedFile, pipeline: Pipeline, deps: PipelineDependencies): CodeLens[] {
  const lenses: CodeLens[] = [];
  const perDefinition = new Map<string, number>();
  for (const stage of pipeline.stages) {
    const range = file.lines.range(stage.span.start, stage.span.end);
    const args = (scope: 'single' | 'upstream' | 'downstream') => [{ uri: file.uri, stage: stage.name, scope }];
    const generated = stage.name !== stage.definition;
    const count = perDefinition.get(stage.definition) ?? 0;
    perDefinition.set(stage.definition, count + 1);
    if (generated && count >= maxGroupLenses) continue;
    lenses.push({ range, command: { title: generated ? t('Run {0}', stage.name) : t('Run'), command: 'archipel.runStage', arguments: args('single') } });
    if (!generated) {
      lenses.push({ range, command: { title: t('Run with upstream'), command: 'archipel.runStage', arguments: args('upstream') } });
      lenses.push({ range, command: { title: t('Run downstream'), command: 'archipel.runStage', arguments: args('downstream') } });
    }
    const status = deps.status?.(pipeline.file, stage.name);
    // A lens with no command is shown as text: the reason, not an action.
    if (status && status.state !== 'up-to-date') lenses.push({ range, command: { title: generated ? `${stage.name}: ${stateText(status)}` : stateText(status), command: '' } });
  }
  return lenses;
}

/** One symbol per stage definition, its generated stages as children. */
export function pipelineSymbols(file: IndexedFile, pipeline: Pipeline): DocumentSymbol[] {
  const tree = file.yaml?.chunks[0]?.chunk.tree;
  const offset = file.yaml?.chunks[0]?.offset ?? 0;
  const stagesNode = pairOf(tree, 'stages')?.value;
  const symbols = new Map<string, DocumentSymbol>();
  for (const stage of pipeline.stages) {
    let symbol = symbols.get(stage.definition);
    if (!symbol) {
      const value = pairOf(stagesNode, stage.definition)?.value;
      const end = value ? offset + value.end : stage.span.end;
      symbol = { name: stage.definition, kind: SymbolKind.Function, range: file.lines.range(stage.span.start, Math.max(end, stage.span.end)), selectionRange: file.lines.range(stage.span.start, stage.span.end), detail: stage.desc };
      symbols.set(stage.definition, symbol);
    }
    if (stage.name !== stage.definition) (symbol.children ??= []).push({ name: stage.name, kind: SymbolKind.Function, range: symbol.range, selectionRange: symbol.selectionRange });
  }
  return [...symbols.values()];
}
