/**
 * `archipel status`, `run`, `dag` and `export argo|github`: pipelines (dvc.yaml) on the command line,
 * over the same engine as the editor (engines/pipeline). The CLI runs what its user asks: no trust gate.
 */
import { UsageError } from './usage';
import { promises as fs } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseOptions } from './didYouMean';
import { Flowchart } from '../features/diagram/flowchart';
import { HashCache } from '../engines/pipeline/hashCache';
import { loadPipeline, PipelineLoadError, pipelineFileOf, readBounded } from '../engines/pipeline/load';
import { runPipeline } from '../engines/pipeline/run';
import { StageSelectionError } from '../engines/pipeline/select';
import { pipelineStatus } from '../engines/pipeline/status';
import { recordStatus, snapshotStatus, type SnapshotError } from '../engines/pipeline/statusSnapshot';
import type { ReadRecord } from '../engines/pipeline/parseCache';
import { ExportError, exportArgo, exportArgoSweep, parseShards, type SweepPoint } from '../engines/pipeline/exportArgo';
import { applyParams, grid, parseOverride, SweepError } from '../experiments/sweep';
import { parsePipeline } from '../pipeline/parse';
import type { Pipeline } from '../pipeline/model';
import { exportGithub } from '../engines/pipeline/exportGithub';
import { pipelineDag } from '../engines/pipeline/dag';
import { LockError } from '../engines/pipeline/lock';
import type { PipelineEvent, PipelineRunResult, PipelineStatus } from '../protocol/pipeline';
import { t } from '../l10n/t';
import { drained, writeNamedOutput } from '../engines/core/output';
import { RunPrinter, type ByteSink } from './runPrinter';
import { READ_BOUNDS, readTextBounded } from '../disk/readText';
import { confineReads } from '../disk/readText';
import { contextRoots } from '../platform/project';
import { progressLine, tickingLine } from './progress';

export class PipelineUsageError extends UsageError {}

type Out = (text: string) => void;

function format(value: string | undefined, allowed: readonly string[]): string {
  const chosen = value ?? allowed[0];
  if (!allowed.includes(chosen)) throw new PipelineUsageError(t('--format expects {0}, got "{1}"', allowed.join('|'), chosen));
  return chosen;
}

function single(positionals: string[]): string | undefined {
  if (positionals.length > 1) throw new PipelineUsageError(t('one pipeline at a time, got {0}', positionals.length));
  return positionals[0];
}

/** A path as the CLI's JSON names it: relative to the current folder, `/` separated. */
const cliPath = (file: string): string => path.relative(process.cwd(), path.resolve(file)).split(path.sep).join('/');

async function status(args: string[], out: Out): Promise<number> {
  const { values, positionals } = parseOptions('status', { args, allowPositionals: true, options: { format: { type: 'string' } } });
  const fmt = format(values.format, ['text', 'json']);
  const file = pipelineFileOf(single(positionals));
  const started = Date.now();
  // Nothing changed since the last status: its answer, by digests and stats alone (statusSnapshot.ts).
  const snapshot = snapshotStatus(file);
  let result: PipelineStatus;
  let errors: SnapshotError[];
  if (snapshot) {
    result = { file: path.resolve(file), stages: snapshot.stages, hashed: 0, ms: Date.now() - started };
    errors = snapshot.errors;
  } else {
    let reads: readonly ReadRecord[] = [];
    const pipeline = await loadPipeline(file, false, (r) => (reads = r));
    const cache = HashCache.forRoot(pipeline.root);
    await cache.load();
    errors = pipeline.problems.filter((p) => p.severity === 'error').map((p) => ({ message: p.message, code: p.code }));
    result = await recordStatus(pipeline, cache, reads, errors, () => pipelineStatus(pipeline, cache));
  }
  // Exit 1 when the pipeline file has errors, as --help says (the status is printed all the same).
  const code = errors.length ? 1 : 0;
  if (fmt === 'json') {
    // The pipeline's file as the CLI names files (relative to the current folder), never the machine's path (issue #92).
    out(JSON.stringify({ ...result, file: cliPath(result.file) }, null, 2));
    return code;
  }
  for (const p of errors) out(t('error: {0} [{1}]', p.message, p.code));
  for (const stage of result.stages) {
    out(`${stage.stage}: ${stage.state}`);
    for (const reason of stage.reasons) out(`    ${reason}`);
    for (const note of stage.notes ?? []) out(t('    note: {0}', note));
  }
  if (result.stages.length === 0) out(t('no stages'));
  return code;
}

/** Splits `run`'s positionals into the pipeline file and its stages (DVC's `dvc.yaml:stage` addressing too). */
async function runTargets(positionals: string[]): Promise<{ file: string; stages: string[] }> {
  let file: string | undefined;
  const stages: string[] = [];
  const isPipeline = async (p: string) => /\.ya?ml$/.test(p) || (await fs.stat(p).then((s) => s.isDirectory(), () => false));
  for (const arg of positionals) {
    const colon = arg.lastIndexOf(':');
    const [where, stage] = colon > 0 && /\.ya?ml$/.test(arg.slice(0, colon)) ? [arg.slice(0, colon), arg.slice(colon + 1)] : (await isPipeline(arg)) ? [arg, undefined] : [undefined, arg];
    if (where !== undefined) {
      const resolved = pipelineFileOf(where);
      if (file !== undefined && file !== resolved) throw new PipelineUsageError(t('one pipeline at a time: {0} and {1}', file, resolved));
      file = resolved;
    }
    if (stage) stages.push(stage);
  }
  return { file: file ?? pipelineFileOf(undefined), stages };
}

/** Where `run` prints: the process's standard output as bytes, or (in-process callers, the tests) `out` line by line. */
function byteSink(out: Out, stdout: NodeJS.WritableStream | undefined): { sink: ByteSink; flush: () => void } {
  if (stdout) {
    const stream = stdout as NodeJS.WritableStream & { destroyed?: boolean };
    return {
      // A reader gone (`| head`, a closed terminal) does not hold the run: what is left is dropped.
      sink: (bytes) => stream.destroyed || stream.write(bytes) || drained(stream),
      flush: () => undefined,
    };
  }
  let partial = '';
  return {
    sink: (bytes) => {
      const lines = (partial + bytes.toString('utf8')).split('\n');
      partial = lines.pop() ?? '';
      for (const line of lines) out(line);
      return true;
    },
    flush: () => {
      if (partial) out(partial);
      partial = '';
    },
  };
}

/** The run's events and output printed as text: each stage's lines prefixed with its name. */
function textPrinter(printer: RunPrinter): { onEvent: (event: PipelineEvent) => void; onOutput: (stage: string, chunk: Buffer) => void | Promise<void> } {
  return {
    onEvent: (event) => {
      const stage = event.stage ?? '';
      if (event.kind === 'run-start') {
        printer.plan(event.plan ?? []);
        for (const note of event.notes ?? []) void printer.line('archipel', note);
      }
      if (event.kind === 'stage-start') void printer.line(stage, t('running'));
      if (event.kind === 'stage-end') {
        void printer.end(stage);
        const r = event.result;
        if (r?.outcome === 'ran') void printer.line(stage, t('done in {0} s', ((r.durationMs ?? 0) / 1000).toFixed(1)));
        else if (r?.outcome === 'failed') void printer.line(stage, t('failed: {0}', r.reason ?? ''));
      }
    },
    onOutput: (stage, chunk) => {
      const wait = printer.output(stage, chunk);
      return typeof wait === 'boolean' ? undefined : wait;
    },
  };
}

function runSummary(result: PipelineRunResult, out: Out, dry: boolean): void {
  for (const stage of result.stages) {
    if (dry) out(stage.outcome === 'skipped' ? `${stage.stage}: ${t('skipped')} (${stage.reason ?? ''})` : `${stage.stage}: ${t('would run')}: ${stage.reason ?? ''}`);
    else if (stage.outcome === 'skipped' || stage.outcome === 'not-run') out(`${stage.stage}: ${stage.outcome === 'skipped' ? t('skipped') : t('not run')} (${stage.reason ?? ''})`);
  }
  if (dry) return;
  const ran = result.stages.filter((s) => s.outcome === 'ran').length;
  if (result.cancelled) out(t('cancelled'));
  if (result.failed.length) out(t('{0} ran, failed: {1}', ran, result.failed.join(', ')));
  else out(ran ? t('{0} stages ran', ran) : t('everything is up to date'));
}

async function run(args: string[], out: Out, err: Out, stdout?: NodeJS.WritableStream): Promise<number> {
  const { values, positionals } = parseOptions('run', {
    args,
    allowPositionals: true,
    options: {
      downstream: { type: 'boolean', default: false },
      'single-item': { type: 'boolean', short: 's', default: false },
      force: { type: 'boolean', default: false },
      dry: { type: 'boolean', default: false },
      jobs: { type: 'string' },
      wait: { type: 'string' },
      'break-lock': { type: 'boolean', default: false },
      'log-max': { type: 'string' },
      format: { type: 'string' },
    },
  });
  const fmt = format(values.format, ['text', 'json']);
  const jobs = values.jobs === undefined ? os.availableParallelism() : Number(values.jobs);
  if (!Number.isInteger(jobs) || jobs < 1) throw new PipelineUsageError(t('--jobs expects a whole number of at least 1, got "{0}"', values.jobs ?? ''));
  const wait = values.wait === undefined ? 3 : Number(values.wait);
  if (!Number.isFinite(wait) || wait < 0) throw new PipelineUsageError(t('--wait expects a number of seconds, got "{0}"', values.wait ?? ''));
  const logMaxBytes = values['log-max'] === undefined ? undefined : Number(values['log-max']);
  if (logMaxBytes !== undefined && !(Number.isInteger(logMaxBytes) && logMaxBytes >= 1024)) throw new PipelineUsageError(t('--log-max expects a number of bytes, at least 1024, got "{0}"', values['log-max'] ?? ''));
  if (values['single-item'] && values.downstream) throw new PipelineUsageError(t('--single-item and --downstream exclude each other'));
  const targets = await runTargets(positionals);
  const pipeline = await loadPipeline(targets.file);
  const controller = new AbortController();
  const interrupt = () => {
    err(t('cancelling: the running commands are stopped and their outputs restored'));
    controller.abort();
  };
  // A closed terminal (SIGHUP) cancels as Ctrl-C does: the commands stopped, the outputs put back.
  const signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  for (const signal of signals) process.once(signal, interrupt);
  const bytes = byteSink(out, stdout);
  const text = fmt === 'text' ? textPrinter(new RunPrinter(bytes.sink)) : undefined;
  try {
    const result = await runPipeline(
      pipeline,
      { stages: targets.stages, downstream: values.downstream, single: values['single-item'], force: values.force, dry: values.dry, jobs, waitMs: wait * 1000, breakLock: values['break-lock'], logMaxBytes },
      { signal: controller.signal, onEvent: text?.onEvent, onOutput: text?.onOutput ?? (() => undefined) },
    );
    bytes.flush();
    if (fmt === 'json') out(JSON.stringify(result, null, 2));
    else runSummary(result, out, values.dry);
    return result.failed.length || result.cancelled ? 1 : 0;
  } finally {
    for (const signal of signals) process.off(signal, interrupt);
  }
}

async function dag(args: string[], out: Out): Promise<number> {
  const { values, positionals } = parseOptions('dag', { args, allowPositionals: true, options: { format: { type: 'string' } } });
  const fmt = format(values.format, ['mermaid', 'json']);
  const pipeline = await loadPipeline(pipelineFileOf(single(positionals)), false);
  const graph = pipelineDag(pipeline);
  // Exit 1 when the pipeline file has errors, as --help says (the graph is printed all the same).
  const code = pipeline.problems.some((p) => p.severity === 'error') ? 1 : 0;
  if (fmt === 'json') {
    out(JSON.stringify({ ...graph, file: cliPath(graph.file) }, null, 2));
    return code;
  }
  const chart = new Flowchart('TB');
  graph.nodes.forEach((node, i) => chart.node(`s${i}`, [node.stage], { shape: node.frozen ? 'subroutine' : 'rect' }));
  const ids = new Map(graph.nodes.map((n, i) => [n.stage, `s${i}`]));
  for (const edge of graph.edges) chart.edge(ids.get(edge.from)!, ids.get(edge.to)!);
  out(chart.text().trimEnd());
  return code;
}

async function exportCommand(args: string[], out: Out, err: Out): Promise<number> {
  const [target, ...rest] = args;
  if (target !== 'argo' && target !== 'github') throw new PipelineUsageError(t('export expects argo or github, got "{0}"', target ?? ''));
  const { values, positionals } = parseOptions('export', {
    args: rest,
    allowPositionals: true,
    options: { image: { type: 'string' }, out: { type: 'string' }, shard: { type: 'string', multiple: true }, sweep: { type: 'string', multiple: true }, force: { type: 'boolean', default: false } },
  });
  const pipeline = await loadPipeline(pipelineFileOf(single(positionals)));
  let text: string;
  if (target === 'argo') {
    if (!values.image) throw new PipelineUsageError(t('export argo needs --image IMAGE (the image the stages run in)'));
    const cache = HashCache.forRoot(pipeline.root);
    await cache.load();
    const shards = parseShards(values.shard ?? [], pipeline);
    // On a terminal: the stages whose dependencies are hashed (a large data file is read unless the hash cache knows it).
    let state: { done?: number; total?: number; detail?: string } = {};
    const progress = tickingLine(progressLine('export argo', { unit: 'stages' }), () => state);
    const onStage = (done: number, total: number, stage: string) => void progress.update(done, total, (state = { done, total, detail: stage }).detail);
    try {
      text = values.sweep?.length ? await exportArgoSweep(await sweepPoints(pipeline, values.sweep), { image: values.image, shards, cache, onStage }) : await exportArgo(pipeline, { image: values.image, shards, cache, onStage });
    } finally {
      progress.end();
    }
    await cache.save();
  } else {
    if (values.image || values.shard || values.sweep) throw new PipelineUsageError(t('--image, --shard and --sweep are options of export argo'));
    text = exportGithub(pipeline);
  }
  if (values.out) {
    const target = path.resolve(values.out);
    if (values.force) await writeNamedOutput(target, text);
    else {
      try {
        await fs.writeFile(target, text, { flag: 'wx' });
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
        err(`archipel: ${t('{0} exists: not overwritten (--force replaces it)', values.out)}`);
        return 1;
      }
    }
    err(t('wrote {0}', values.out));
  } else out(text.replace(/\n$/, ''));
  return 0;
}

/**
 * The points of `--sweep [file:]key=v1,v2…` (several make a grid, as `archipel exp run -S`): each the
 * pipeline parsed again with the point's params texts (its commands interpolated with them).
 */
async function sweepPoints(pipeline: Pipeline, specs: readonly string[]): Promise<SweepPoint[]> {
  let sets;
  try {
    sets = grid(specs.map(parseOverride));
  } catch (error) {
    if (error instanceof SweepError) throw new PipelineUsageError(`--sweep: ${error.message}`);
    throw error;
  }
  if (sets.length > 256) throw new PipelineUsageError(t('--sweep makes {0} points: at most 256 fit in one workflow', sets.length));
  const dvcText = await readTextBounded(pipeline.file, READ_BOUNDS.config);
  const points: SweepPoint[] = [];
  for (const set of sets) {
    const params = new Map<string, string>();
    for (const [file, values] of Object.entries(set)) {
      const original = await readTextBounded(path.join(pipeline.root, file), READ_BOUNDS.config).catch(() => undefined);
      if (original === undefined) throw new PipelineUsageError(t('--sweep: no params file {0} beside the pipeline', file));
      try {
        params.set(file, applyParams(original, file, values));
      } catch (error) {
        if (error instanceof SweepError) throw new PipelineUsageError(`--sweep: ${error.message}`);
        throw error;
      }
    }
    const byPath = new Map([...params].map(([file, text]) => [path.resolve(pipeline.root, file), text]));
    const point = parsePipeline(dvcText, pipeline.file, (absolute) => byPath.get(path.resolve(absolute)) ?? readBounded(absolute));
    const label = Object.entries(set).flatMap(([file, values]) => Object.entries(values).map(([key, value]) => `${file === 'params.yaml' ? '' : `${file}:`}${key}=${JSON.stringify(value)}`)).join(' ');
    points.push({ label, pipeline: point, params });
  }
  return points;
}

/** `archipel status|run|dag|export …`: the exit status (0 done, 1 a stage failed or the run was cancelled). */
export async function pipelineCommand(command: string, args: string[], out: Out, err: Out, stdout?: NodeJS.WritableStream): Promise<number> {
  // Side files (params, vars) are read inside the repository and those of the paths named, only.
  const unconfine = confineReads(await contextRoots(['.', ...args.filter((arg) => !arg.startsWith('-'))]));
  try {
    switch (command) {
      case 'status':
        return await status(args, out);
      case 'run':
        return await run(args, out, err, stdout);
      case 'dag':
        return await dag(args, out);
      default:
        return await exportCommand(args, out, err);
    }
  } catch (error) {
    if (error instanceof PipelineLoadError || error instanceof LockError) {
      err(`archipel: ${error.message}`);
      return 1;
    }
    if (error instanceof StageSelectionError || error instanceof ExportError) throw new PipelineUsageError(error.message);
    throw error;
  } finally {
    unconfine();
  }
}
