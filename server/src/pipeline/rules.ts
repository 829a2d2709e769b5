import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { distance } from 'fastest-levenshtein';
import { closestName } from '../common/suggest';
import { isWithin } from '../common/containment';
import type { Finding } from '../common/findings';
import type { PlacedFinding } from '../features/feature';
import { t } from '../l10n/t';
import { defineRule, type RuleInfo } from '../rules/registry';
import { schemaFindings } from '../schema/errors';
import type { SchemaEngine } from '../schema/engine';
import type { YamlChunk } from '../yaml/model';
import { pairOf } from '../yaml/tree';
import type { WorkspaceIndex } from '../workspace/index';
import { dvcTrackedBy, urlShapeProblem, type TextReader } from './external';
import type { Pipeline, PipelineProblem, Span, Stage } from './model';

const rule = (id: string, description: string, defaultSeverity: RuleInfo['defaultSeverity'] = 'error') => defineRule({ id, defaultSeverity, description });

/** The rules of pipeline files, by the code the parser gives its problems. */
export const pipelineRules = {
  schema: rule('pipeline-schema', 'A pipeline file (dvc.yaml, *.pipeline.yaml) does not match DVC 3\'s format: unknown key, wrong type, a stage without cmd.'),
  vars: rule('pipeline-vars', 'A vars entry of a pipeline cannot be loaded: its file does not exist, lacks the named key, or redefines a variable.'),
  interpolation: rule('pipeline-interpolation', 'A ${…} of a pipeline cannot be resolved: unknown name, malformed expression, or a list or mapping where a value is expected.'),
  expansion: rule('pipeline-expansion', 'A foreach or matrix stage of a pipeline cannot be expanded: not a list or mapping, empty, or too many stages.'),
  cycle: rule('pipeline-cycle', 'Stages of a pipeline depend on each other\'s outputs in a cycle.'),
  outputConflict: rule('pipeline-output-conflict', 'Two stages of a pipeline (or one stage twice) write the same output.'),
  outputOverlap: rule('pipeline-output-overlap', 'An output of a pipeline is inside another output\'s folder.'),
  stageInOutput: rule('pipeline-stage-in-output', 'A stage of a pipeline works (wdir) inside another stage\'s output folder, or the pipeline file itself is inside an output of another pipeline.'),
  missingDep: rule('pipeline-missing-dep', 'A dependency of a pipeline stage does not exist and no stage writes it (or a .dvc file tracks it: `dvc pull` restores it).', 'warning'),
  url: rule('pipeline-url', 'A URL dependency or output DVC cannot read (unknown scheme, nothing after it), or a URL output DVC 3 cannot cache (it needs `cache: false`).'),
  params: rule('pipeline-params', 'A params key a stage reads is missing from its params file, or the file does not exist.'),
  emptyCmd: rule('pipeline-empty-cmd', 'A stage of a pipeline has an empty cmd.'),
  outIsDep: rule('pipeline-out-is-dep', 'A path is both a dependency and an output of the same stage.'),
  outAbsolute: rule('pipeline-out-absolute', 'An output of a pipeline stage is an absolute path: outputs are written relative to the stage\'s folder, inside the repository (the runner refuses the stage).'),
  outOutside: rule('pipeline-out-outside', 'An output of a pipeline stage leaves the workspace with `../`: the runner refuses the stage.'),
} as const;

const ruleIds = new Set(Object.values(pipelineRules).map((r) => r.id));

/** Codes whose problems carry a replacement (a quick fix). */
export const fixableCodes = new Set([pipelineRules.params.id, pipelineRules.interpolation.id, pipelineRules.missingDep.id, pipelineRules.schema.id]);

export interface FindingContext {
  index: WorkspaceIndex;
  schema?: SchemaEngine;
  exists?: (absolutePath: string) => boolean;
  chunk: YamlChunk;
  chunkOffset: number;
  /** The other pipeline files of the workspace. */
  others?: readonly Pipeline[];
  /** Reads a file from disk (the `.dvc` files tracking deps); without it, no dep is known as tracked. */
  read?: TextReader;
  /** The workspace folders (the CLI: the project's): an output resolving outside them is reported. */
  roots?: readonly string[];
}

/**
 * `near` written as `written` writes `resolved` (from the stage's wdir: `resolved` ends with
 * `written`'s path), when `written` holds no `${…}`; undefined otherwise.
 */
function relativeFix(resolved: string, written: string, near: string): string | undefined {
  if (written.includes('${')) return undefined;
  const tail = written.replace(/^\.\//, '');
  if (!resolved.endsWith(tail)) return undefined;
  const wdir = resolved.slice(0, resolved.length - tail.length);
  return near.startsWith(wdir) ? near.slice(wdir.length) : undefined;
}

function finding(span: Span, code: string, message: string, suggestion?: string, severity?: PipelineProblem['severity']): Finding {
  const f: Finding = { start: span.start, end: span.end, code, message: suggestion === undefined ? message : message + t(' Did you mean "{0}"?', suggestion) };
  if (suggestion !== undefined) f.data = { replacement: suggestion, title: t('Replace with "{0}"', suggestion) };
  if (severity === 'warning') f.severity = 'warning';
  return f;
}

/** Everything wrong with a pipeline file: the JSON Schema's findings, the parser's problems, deps that exist nowhere. */
export function pipelineFindings(pipeline: Pipeline, context: FindingContext): PlacedFinding[] {
  const placed: PlacedFinding[] = [];
  const schemaSpans = new Set<number>();
  // An empty or comment-only file is `{}` to DVC (a pipeline without stages): nothing to validate.
  if (context.schema && context.chunk.wellFormed && context.chunk.value !== null && context.chunk.value !== undefined) {
    const errors = context.schema.validate('pipeline', context.chunk.value) ?? [];
    for (const f of schemaFindings(errors, context.chunk.tree, context.chunk.value, context.schema, 'pipeline', pipelineRules.schema.id)) {
      schemaSpans.add(context.chunkOffset + f.start);
      placed.push({ offset: context.chunkOffset, finding: f });
    }
  }
  for (const problem of pipeline.problems) {
    // The YAML feature reports syntax; the schema, when it found something at the same place, says it first.
    if (!ruleIds.has(problem.code)) continue;
    if (problem.code === pipelineRules.schema.id && schemaSpans.has(problem.span.start)) continue;
    placed.push({ offset: 0, finding: finding(problem.span, problem.code, problem.message, problem.suggestion, problem.severity) });
  }
  for (const f of missingDeps(pipeline, context)) placed.push({ offset: 0, finding: f });
  for (const f of urlFindings(pipeline)) placed.push({ offset: 0, finding: f });
  for (const f of outsideOutputs(pipeline, context.roots)) placed.push({ offset: 0, finding: f });
  const inside = insideOtherOutput(pipeline, context.others ?? []);
  if (inside) {
    const key = pairOf(context.chunk.tree, 'stages')?.keyNode;
    const span = key ? { start: key.start, end: key.end } : { start: 0, end: 0 };
    placed.push({ offset: key ? context.chunkOffset : 0, finding: finding(span, pipelineRules.stageInOutput.id, inside) });
  }
  return placed;
}

/**
 * Outputs the runner refuses (#37) because their `../` leads outside the workspace folders
 * (lexically: the runner also resolves links, at run time).
 */
function outsideOutputs(pipeline: Pipeline, roots: readonly string[] | undefined): Finding[] {
  const findings: Finding[] = [];
  for (const stage of pipeline.stages) {
    for (const out of stage.outs) {
      // An absolute output is the parser's pipeline-out-absolute.
      if (out.url || !out.resolved.startsWith('..') || !roots?.length) continue;
      const full = path.resolve(pipeline.root, ...out.resolved.split('/'));
      if (!roots.some((root) => isWithin(full, root))) {
        findings.push(finding(out.span, pipelineRules.outOutside.id, t('output `{0}` is outside the workspace ({1}): the runner refuses this stage.', out.path, full)));
      }
    }
  }
  return findings;
}

/**
 * A pipeline file inside an output folder of another pipeline's stage (DVC's StagePathAsOutputError):
 * running that stage would replace the folder the pipeline lives in.
 */
function insideOtherOutput(pipeline: Pipeline, others: readonly Pipeline[]): string | undefined {
  for (const other of others) {
    if (other.file === pipeline.file) continue;
    for (const stage of other.stages) {
      for (const out of stage.outs) {
        const folder = path.join(other.root, ...out.resolved.split('/'));
        if (pipeline.root === folder || pipeline.root.startsWith(folder + path.sep)) {
          return t('This pipeline file is inside \'{0}\', an output of the stage \'{1}\' of \'{2}\'.', out.resolved, stage.name, other.file);
        }
      }
    }
  }
  return undefined;
}

/** The stages writing a pipeline path (relative, '/'): the path itself, a folder holding it, or something inside it. */
export function producersOf(pipeline: Pipeline): (resolved: string) => Stage[] {
  const outs = new Map<string, Stage[]>();
  const folders = new Map<string, Stage[]>();
  const add = (map: Map<string, Stage[]>, key: string, stage: Stage) => {
    const list = map.get(key);
    if (!list) map.set(key, [stage]);
    else if (list[list.length - 1] !== stage) list.push(stage);
  };
  for (const stage of pipeline.stages) {
    for (const out of stage.outs) {
      add(outs, out.resolved, stage);
      for (let i = out.resolved.lastIndexOf('/'); i > 0; i = out.resolved.lastIndexOf('/', i - 1)) add(folders, out.resolved.slice(0, i), stage);
    }
  }
  return (resolved) => {
    const found = new Set<Stage>([...(outs.get(resolved) ?? []), ...(folders.get(resolved) ?? [])]);
    for (let i = resolved.lastIndexOf('/'); i > 0; i = resolved.lastIndexOf('/', i - 1)) for (const stage of outs.get(resolved.slice(0, i)) ?? []) found.add(stage);
    return [...found];
  };
}

/**
 * Deps no stage writes and that exist neither in the workspace index nor (when the host can tell)
 * on disk. Without a way to tell, a path the index does not hold is not reported: the index reads
 * only the file types Archipel checks.
 */
function missingDeps(pipeline: Pipeline, context: FindingContext): Finding[] {
  const producers = producersOf(pipeline);
  const indexedUnder = indexedFolders(pipeline.root, context.index);
  const findings: Finding[] = [];
  const seen = new Set<number>();
  let candidates: string[] | undefined;
  for (const stage of pipeline.stages) {
    for (const dep of stage.deps) {
      if (dep.url || seen.has(dep.span.start) || producers(dep.resolved).length > 0 || indexedUnder.has(dep.resolved)) continue;
      const absolute = path.join(pipeline.root, ...dep.resolved.split('/'));
      if (context.index.get(pathToFileURL(absolute).href)) continue;
      if (!context.exists || context.exists(absolute)) continue;
      seen.add(dep.span.start);
      const tracker = context.read && dvcTrackedBy(absolute, pipeline.root, context.read);
      if (tracker) {
        findings.push(trackedFinding(dep.span, dep.resolved, path.relative(pipeline.root, tracker).split(path.sep).join('/')));
        continue;
      }
      // Candidates: what stages write, and the other deps that exist (a script misspelt in one stage of several).
      candidates ??= [...new Set([...pipeline.stages.flatMap((s) => s.outs.map((o) => o.resolved)), ...existingDeps(pipeline, context, indexedUnder)])];
      const closest = closestName(dep.resolved, candidates, false);
      // Paths share long prefixes: a third of the length would let `data/extra.csv` suggest `data/raw.csv`; a typo is 2 edits at most.
      const near = closest !== undefined && distance(dep.resolved, closest) <= 2 ? closest : undefined;
      const message = t('\'{0}\' does not exist and no stage writes it.', dep.resolved);
      // A replacement only where the text is the path itself: no wdir, no `${…}` (a generated stage's dep is its template's).
      const written = context.chunk.text.slice(dep.span.start - context.chunkOffset, dep.span.end - context.chunkOffset);
      // Written from a wdir, the fix writes the near path from it too; through `${…}` there is no text to replace.
      const fix = near === undefined ? undefined : written === dep.resolved ? near : relativeFix(dep.resolved, written, near);
      if (fix !== undefined) findings.push(finding(dep.span, pipelineRules.missingDep.id, message, fix));
      else findings.push(finding(dep.span, pipelineRules.missingDep.id, near ? message + t(' The nearest path a stage writes or that exists: "{0}".', near) : message));
    }
  }
  return findings;
}

/** A dep a `.dvc` file tracks: not in the workspace until `dvc pull`; the quick fix copies the command. */
function trackedFinding(span: Span, resolved: string, dvcFile: string): Finding {
  const command = `dvc pull ${dvcFile}`;
  return {
    start: span.start,
    end: span.end,
    code: pipelineRules.missingDep.id,
    severity: 'information',
    message: t('\'{0}\' is not in the workspace: it is tracked by {1}; run `{2}` to restore it.', resolved, dvcFile, command),
    data: { copy: command, title: t('Copy `{0}`', command) },
  };
}

/** URL deps and outs: a scheme DVC reads and something after it; a URL out is not cached by DVC 3. */
function urlFindings(pipeline: Pipeline): Finding[] {
  const findings: Finding[] = [];
  const seen = new Set<number>();
  for (const stage of pipeline.stages) {
    for (const entry of [...stage.deps, ...stage.outs]) {
      if (!entry.url || seen.has(entry.span.start)) continue;
      seen.add(entry.span.start);
      const problem = urlShapeProblem(entry.path);
      if (problem === 'scheme') findings.push(finding(entry.span, pipelineRules.url.id, t('DVC reads no `{0}://` URL: use s3, gs, azure, hdfs, http(s), ssh, webdav or remote://<name>/<path>.', entry.url)));
      else if (problem === 'empty') findings.push(finding(entry.span, pipelineRules.url.id, t('`{0}` names no file or folder after the scheme.', entry.path)));
      else if ('cache' in entry && entry.cache) findings.push(finding(entry.span, pipelineRules.url.id, t('DVC 3 does not cache an output outside the repository (`{0}`): give it `cache: false`.', entry.path)));
    }
  }
  return findings;
}

function existingDeps(pipeline: Pipeline, context: FindingContext, indexedUnder: ReadonlySet<string>): string[] {
  const found = new Set<string>();
  for (const stage of pipeline.stages) {
    for (const dep of stage.deps) {
      if (dep.url || found.has(dep.resolved)) continue;
      const absolute = path.join(pipeline.root, ...dep.resolved.split('/'));
      if (indexedUnder.has(dep.resolved) || context.index.get(pathToFileURL(absolute).href) || context.exists?.(absolute)) found.add(dep.resolved);
    }
  }
  return [...found];
}

/** The folders (relative to `root`, '/') holding an indexed file: a dep on such a folder exists. */
function indexedFolders(root: string, index: WorkspaceIndex): Set<string> {
  const prefix = pathToFileURL(root).href.replace(/\/?$/, '/');
  const folders = new Set<string>();
  for (const file of index.files()) {
    if (!file.uri.startsWith(prefix)) continue;
    const relative = decodeURIComponent(file.uri.slice(prefix.length));
    for (let i = relative.lastIndexOf('/'); i > 0; i = relative.lastIndexOf('/', i - 1)) {
      const folder = relative.slice(0, i);
      if (folders.has(folder)) break;
      folders.add(folder);
    }
  }
  return folders;
}
