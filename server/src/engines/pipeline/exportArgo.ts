/**
 * `archipel export argo`: a pipeline as an Argo Workflows `Workflow`, for when it outgrows one
 * machine. One DAG task per stage with `dependencies`; each out an output artifact, passed to the
 * stages that read it with `from: "{{tasks.X.outputs.artifacts.Y}}"`; each params file a workflow
 * parameter (its text: `argo submit -p` overrides it), written into place before the commands run;
 * `memoize` keyed by the stage's hash (its commands, its source deps' md5, its URL deps with the
 * ETag or checksum dvc.lock records of them, its params' values and its upstream stages' hashes),
 * so an unchanged stage is skipped on the cluster. An `always_changed` stage is never memoized, nor
 * is anything downstream of it (DVC runs it every time; what it writes may differ). The image holds
 * the repository at /work (deps that no stage produces are read from there; the pipeline's folder
 * is where it is in the repository: below the git work tree's root, else the DVC project's, else
 * at /work itself); a `wdir` leaving the repository is refused.
 *
 * Parameters, one story: the commands are exported as DVC interpolates them (`${train.lr}` is
 * replaced by its value at export time). A params file whose keys a command interpolates is
 * therefore not a submit-time parameter: its text is fixed in the workflow (written into place as
 * exported), since overriding it with `argo submit -p` would change what the scripts read but not
 * the interpolated commands. Every other params file stays a workflow parameter, read at run time
 * and part of the memo key. To change an interpolated value, edit it and export again. A params
 * file a stage writes is neither: its reader gets it from the writer's task as an artifact, like a
 * dep (it need not exist where the export runs).
 *
 * `--shard STAGE=N` on an `archipel blur` or `archipel predict` stage runs it in N pods
 * (`withSequence`), each taking its slice of the inputs (ARCHIPEL_SHARD=i/N: engines/core/inputs.ts,
 * engines/predict/features.ts). A blur stage's pods each hold a part of its outputs, so nothing may
 * read them. A predict stage's pods each put their predictions in the artifact repository under
 * one key prefix (key-only artifacts: the repository's bucket), and a `<stage>-gather` task reads
 * that prefix as a folder and runs `archipel predict --gather`: its output is what readers get.
 */
import { createHash } from 'node:crypto';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import type { Pipeline, Stage } from '../../pipeline/model';
import { parseParamsText, valueAtKey } from '../../pipeline/paramsFile';
import { t } from '../../l10n/t';
import type { HashCache } from './hashCache';
import { lockFileOf, parseLock, readLock, type Lock } from './lock';
import { repositoryRoot } from './repository';
import { topological, upstreamOf } from './select';
import { checkStage, ParamsReader } from './status';
import { READ_BOUNDS, readSideTextBounded, readTextBounded } from '../../disk/readText';

export class ExportError extends Error {
  override readonly name = 'ExportError';
}

export interface ArgoOptions {
  image: string;
  /** Stage name → pods. */
  shards: Map<string, number>;
  cache: HashCache;
  /**
   * Params files' texts to use instead of the files' (a point of a sweep, relative to the pipeline's
   * folder): fixed in the workflow as given, and part of each reading stage's memo key.
   */
  params?: ReadonlyMap<string, string>;
  /** Before each stage's dependencies are hashed (the long part: its data read unless the hash cache knows it): a progress line. */
  onStage?: (done: number, total: number, stage: string) => void;
}

const WORK = '/work';
/** Commands the shards can split: a batch over files whose inputs are sliced by ARCHIPEL_SHARD. */
const SHARDABLE = /\barchipel(?:\.js)?\s+blur\b|\bcli\.js\s+blur\b/;
const PREDICT = /\b(?:archipel(?:\.js)?|cli\.js)\s+predict\b/;

/**
 * A predict stage's predictions file (its `--out`, one of its outs), which the gather task puts
 * together; undefined for a stage that is not one archipel predict command.
 */
function predictionsOut(stage: Stage): Stage['outs'][number] | undefined {
  if (stage.cmd.length !== 1 || !PREDICT.test(stage.cmd[0])) return undefined;
  const named = /\s--out(?:=|\s+)([^\s;&|>]+)/.exec(stage.cmd[0])?.[1];
  if (!named) throw new ExportError(t('`{0}` cannot be sharded: its archipel predict command names no --out file to gather', stage.name));
  const out = stage.outs.find((o) => path.posix.normalize(o.path) === path.posix.normalize(named));
  if (!out) throw new ExportError(t('`{0}` cannot be sharded: its --out {1} is not one of its outs', stage.name, named));
  return out;
}

/** A DNS-1123 name (Argo's task, template and artifact names): lower case, digits and '-', at most 63. */
export function dnsName(text: string, taken: Set<string>): string {
  const base = text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|(?<!-)-+$/g, '').slice(0, 55) || 'x';
  let name = base;
  for (let n = 2; taken.has(name); n++) name = `${base}-${n}`;
  taken.add(name);
  return name;
}

/** `--shard STAGE=N` arguments, checked against the pipeline. */
export function parseShards(args: readonly string[], pipeline: Pipeline): Map<string, number> {
  const shards = new Map<string, number>();
  for (const arg of args) {
    const match = /^(.+)=(\d+)$/.exec(arg);
    const count = match ? Number(match[2]) : NaN;
    if (!match || count < 2 || count > 1000) throw new ExportError(t('--shard expects STAGE=N with N from 2 to 1000, got "{0}"', arg));
    const stage = pipeline.stages.find((s) => s.name === match[1]);
    if (!stage) throw new ExportError(t('no stage named `{0}` in {1}', match[1], pipeline.file));
    const gathered = predictionsOut(stage);
    if (!gathered && (stage.cmd.length !== 1 || !SHARDABLE.test(stage.cmd[0]))) throw new ExportError(t('`{0}` cannot be sharded: its command is not one archipel blur or predict batch', stage.name));
    // A predict stage's readers get the gathered predictions; its other outs are each pod's own.
    if (gathered) {
      const parts = stage.outs.filter((o) => o !== gathered).map((o) => o.resolved);
      const overlaps = (d: string) => parts.some((o) => d === o || d.startsWith(`${o}/`) || o.startsWith(`${d}/`));
      const partReaders = pipeline.stages.filter((s) => s !== stage && s.deps.some((d) => overlaps(d.resolved))).map((s) => s.name);
      if (partReaders.length) throw new ExportError(t('`{0}` cannot be sharded: {1} read {2}, which each pod writes for its slice only (only the predictions file {3} is gathered)', stage.name, partReaders.join(', '), parts.join(', '), gathered.resolved));
      shards.set(stage.name, count);
      continue;
    }
    const readers = pipeline.edges.filter(([from]) => from === stage.name).map(([, to]) => to);
    if (readers.length) throw new ExportError(t('`{0}` cannot be sharded: {1} read its outputs, which its pods would each hold a part of', stage.name, readers.join(', ')));
    shards.set(stage.name, count);
  }
  return shards;
}

function posixJoin(...parts: string[]): string {
  return path.posix.normalize(path.posix.join(...parts));
}

/** What the lock recorded of a URL dep (DVC's ETag or checksum): its content as far as the export can know it. */
function urlRecord(lock: Lock, stage: Stage, dep: string): string {
  const entry = lock.stages.get(stage.name)?.deps.find((e) => e.path === dep);
  const remote = entry?.remote ?? {};
  return [remote.etag, remote.checksum, remote.version_id, entry?.md5].filter((v) => typeof v === 'string' && v !== '').join(' ');
}

/** Each stage's hash: what decides whether its outputs would be the same. */
async function stageHashes(pipeline: Pipeline, order: Stage[], cache: HashCache, onStage?: ArgoOptions['onStage']): Promise<Map<string, string>> {
  const upstream = upstreamOf(pipeline);
  const produced = new Set(pipeline.stages.flatMap((s) => s.outs.map((o) => o.resolved)));
  const params = new ParamsReader();
  const empty = parseLock('');
  const lock = await readLock(lockFileOf(pipeline.file)).catch(() => empty);
  const hashes = new Map<string, string>();
  for (const [i, stage] of order.entries()) {
    onStage?.(i, order.length, stage.name);
    const check = await checkStage(pipeline, stage, empty, cache, params);
    const sources = check.deps.filter((d) => !stage.deps.some((s) => s.path === d.path && produced.has(s.resolved)));
    const ups = (upstream.get(stage.name) ?? []).map((u) => hashes.get(u) ?? u).sort();
    const depKey = (d: { path: string; md5: string }) => (stage.deps.some((s) => s.path === d.path && s.url) ? [d.path, urlRecord(lock, stage, d.path)] : [d.path, d.md5]);
    const data = JSON.stringify({ cmd: stage.cmd, wdir: stage.wdir, deps: sources.map(depKey), params: check.params, upstream: ups });
    hashes.set(stage.name, createHash('md5').update(data).digest('hex'));
  }
  return hashes;
}

/** The top-level names the commands interpolate (`train` of `${train.lr}`), read from the pipeline file's text. */
function interpolatedNames(source: string, stages: readonly Stage[]): Set<string> {
  const names = new Set<string>();
  for (const stage of stages) {
    if (!stage.cmdSpan) continue;
    for (const m of source.slice(stage.cmdSpan.start, stage.cmdSpan.end).matchAll(/\$\{\s*([A-Za-z_][\w-]*)/g)) names.add(m[1]);
  }
  return names;
}

/** Whether a params file's text defines one of `names` at its top level (unreadable text: assumed so). */
function definesAny(text: string, names: ReadonlySet<string>): boolean {
  if (names.size === 0) return false;
  try {
    const data: unknown = parse(text, { logLevel: 'error' });
    return data !== null && typeof data === 'object' && Object.keys(data).some((k) => names.has(k));
  } catch {
    return true;
  }
}

/** Stages that are `always_changed` or read what one writes: never memoized. */
function alwaysRun(pipeline: Pipeline, order: readonly Stage[]): Set<string> {
  const upstream = upstreamOf(pipeline);
  const always = new Set<string>();
  for (const stage of order) {
    if (stage.alwaysChanged || (upstream.get(stage.name) ?? []).some((u) => always.has(u))) always.add(stage.name);
  }
  return always;
}

export async function exportArgo(pipeline: Pipeline, options: ArgoOptions): Promise<string> {
  const { workflow, header } = await argoWorkflow(pipeline, options);
  return header + stringify(workflow, { lineWidth: 0 });
}

/** An exported workflow as an object, and the comment that heads its file. */
interface Exported {
  workflow: { apiVersion: string; kind: string; metadata: Record<string, unknown>; spec: { entrypoint: string; arguments?: unknown; templates: Record<string, unknown>[] } };
  header: string;
}

async function argoWorkflow(pipeline: Pipeline, options: ArgoOptions): Promise<Exported> {
  // The image holds the repository at /work: the pipeline's folder is where it is in the repository.
  const repository = repositoryRoot(pipeline.root);
  const base = posixJoin(WORK, path.relative(repository, pipeline.root).split(path.sep).join('/'));
  const order = topological(pipeline).filter((s) => !s.frozen || s.outs.length > 0);
  for (const stage of order) {
    const dir = posixJoin(base, stage.wdir);
    if (dir !== WORK && !dir.startsWith(`${WORK}/`)) throw new ExportError(t('`{0}` cannot be exported: its wdir `{1}` leaves the repository {2}, which the image holds at {3}', stage.name, stage.wdir, repository, WORK));
  }
  const hashes = await stageHashes(pipeline, order, options.cache, options.onStage);
  const always = alwaysRun(pipeline, order);
  const names = new Set<string>(['pipeline']);
  const taskName = new Map(order.map((s) => [s.name, dnsName(s.name, names)]));
  // A sharded predict stage's gather task, and the predictions file it puts together.
  const gathers = new Map(order.filter((s) => options.shards.has(s.name)).flatMap((s) => {
    const out = predictionsOut(s);
    return out ? [[s.name, { task: dnsName(`${taskName.get(s.name)}-gather`, names), out }] as const] : [];
  }));
  /** The task that readers of a stage wait for: its gather task when it has one. */
  const finalTask = (stage: string) => gathers.get(stage)?.task ?? taskName.get(stage);
  // Each out as an artifact of its stage's task.
  const artifactOf = new Map<string, { task: string; name: string; resolved: string }>();
  for (const stage of order) {
    const taken = new Set<string>();
    for (const out of stage.outs) {
      const task = gathers.get(stage.name)?.out === out ? gathers.get(stage.name)!.task : taskName.get(stage.name)!;
      artifactOf.set(out.resolved, { task, name: dnsName(out.resolved, taken), resolved: out.resolved });
    }
  }
  const producerOf = (resolved: string) => {
    for (const [out, art] of artifactOf) if (resolved === out || resolved.startsWith(`${out}/`)) return art;
    return undefined;
  };
  // A params file a stage writes is that stage's artifact, given to its readers like a dep: the
  // workflow makes it (it may not exist yet where the export runs), so it is neither a workflow
  // parameter nor fixed text.
  const allParamFiles = [...new Set(order.flatMap((s) => s.params.map((p) => p.resolved)))].sort();
  const paramFiles = allParamFiles.filter((f) => producerOf(f) === undefined);
  const paramNames = new Set<string>();
  const paramName = new Map(paramFiles.map((f) => [f, dnsName(f, paramNames)]));
  const paramTexts = new Map<string, string>();
  for (const file of paramFiles) paramTexts.set(file, options.params?.get(file) ?? (await readSideTextBounded(path.join(pipeline.root, file), READ_BOUNDS.config)));
  // Params files a command interpolates are fixed as exported (see the header): not submit-time parameters; a sweep's are all fixed.
  const interpolated = interpolatedNames(await readTextBounded(pipeline.file, READ_BOUNDS.config), order);
  const fixed = new Set(paramFiles.filter((f) => options.params?.has(f) || definesAny(paramTexts.get(f)!, interpolated)));
  /**
   * A sweep point's values of the params a stage reads, in its memo key (the stage hash read the files
   * on disk): a stage reading none of the swept keys keeps one key in every branch.
   */
  const pointKey = (stage: Stage) => {
    const values = stage.params.filter((p) => options.params?.has(p.resolved)).map((p) => {
      const content = parseParamsText(options.params!.get(p.resolved)!, p.resolved);
      if (!('values' in content)) return [p.resolved, null];
      return [p.resolved, p.keys ? p.keys.map((k) => [k, valueAtKey(content.values, k).value ?? null]) : content.values];
    });
    return values.length ? [createHash('sha256').update(JSON.stringify(values)).digest('hex').slice(0, 16)] : [];
  };
  const submitted = (f: string) => !fixed.has(f);


  const tasks: Record<string, unknown>[] = [];
  const templates: Record<string, unknown>[] = [];
  for (const stage of order) {
    const name = taskName.get(stage.name)!;
    const read = [...stage.deps.map((d) => d.resolved), ...stage.params.map((p) => p.resolved)];
    const inputs = [...new Map(read.map((resolved) => producerOf(resolved)).filter((a) => a && a.task !== name).map((a) => [`${a!.task}/${a!.name}`, a!])).values()];
    const allFiles = [...new Set(stage.params.map((p) => p.resolved))].filter((f) => producerOf(f) === undefined);
    const files = allFiles.filter(submitted);
    const fixedFiles = allFiles.filter((f) => !submitted(f));
    const shard = options.shards.get(stage.name);
    const dependencies = [...new Set(inputs.map((a) => a.task).concat((upstreamOf(pipeline).get(stage.name) ?? []).map((u) => finalTask(u)!).filter(Boolean)))];
    const task: Record<string, unknown> = { name, template: name };
    if (dependencies.length) task.dependencies = dependencies;
    const parameters = files.map((f) => ({ name: paramName.get(f)!, value: `{{workflow.parameters.${paramName.get(f)}}}` }));
    if (shard) parameters.push({ name: 'shard', value: '{{item}}' });
    const artifacts = inputs.map((a) => ({ name: `${a.task}-${a.name}`.slice(0, 63), from: `{{tasks.${a.task}.outputs.artifacts.${a.name}}}` }));
    if (parameters.length || artifacts.length) task.arguments = { ...(parameters.length ? { parameters } : {}), ...(artifacts.length ? { artifacts } : {}) };
    if (shard) task.withSequence = { count: String(shard) };
    tasks.push(task);

    const env = files.map((f, i) => ({ name: `ARCHIPEL_PARAMS_${i}`, value: `{{inputs.parameters.${paramName.get(f)}}}` }));
    if (shard) env.push({ name: 'ARCHIPEL_SHARD', value: `{{inputs.parameters.shard}}/${shard}` });
    const script = [
      'set -e',
      ...files.map((f, i) => `printf '%s' "$ARCHIPEL_PARAMS_${i}" > ${shellQuote(posixJoin(base, f))}`),
      ...fixedFiles.map((f) => `printf '%s' ${shellQuote(paramTexts.get(f)!)} > ${shellQuote(posixJoin(base, f))}`),
      `cd ${shellQuote(posixJoin(base, stage.wdir))}`,
      ...(stage.frozen ? ['# frozen: its committed outputs are used as they are'] : stage.cmd),
    ].join('\n');
    const keyParts = [`${name}-${hashes.get(stage.name)}`, ...pointKey(stage), ...files.map((f) => `{{=sprig.sha1sum(inputs.parameters['${paramName.get(f)}'])}}`), ...(shard ? ['{{inputs.parameters.shard}}'] : [])];
    const template: Record<string, unknown> = { name };
    const inputsSection = {
      ...(parameters.length ? { parameters: parameters.map((p) => ({ name: p.name })) } : {}),
      ...(artifacts.length ? { artifacts: artifacts.map((a) => ({ name: a.name, path: posixJoin(base, inputs.find((i) => `${i.task}-${i.name}`.slice(0, 63) === a.name)!.resolved) })) } : {}),
    };
    if (Object.keys(inputsSection).length) template.inputs = inputsSection;
    const gather = gathers.get(stage.name);
    // A pod's predictions go, unarchived, under a key prefix named by the stage's memo key and N:
    // a later workflow whose pods are memoized finds them there, and no other run's parts mix in.
    const prefix = gather ? `archipel/${[`${name}-${hashes.get(stage.name)}`, ...keyParts.slice(1, 1 + files.length), `of-${shard}`].join('-')}` : '';
    const outs = stage.outs.map((o) => ({
      name: artifactOf.get(o.resolved)!.name, path: posixJoin(base, o.resolved),
      ...(gather?.out === o ? { archive: { none: {} }, s3: { key: `${prefix}/part-{{inputs.parameters.shard}}.csv` } } : {}),
    }));
    if (outs.length) template.outputs = { artifacts: outs };
    const memoize = (key: string) => ({ key, maxAge: '8760h', cache: { configMap: { name: 'archipel-pipeline-memo' } } });
    if (!always.has(stage.name)) template.memoize = memoize(keyParts.join('-'));
    template.container = { image: options.image, command: ['/bin/sh', '-c'], args: [argoLiteral(script)], ...(env.length ? { env } : {}) };
    templates.push(template);
    if (gather) {
      // The gather task reads the prefix as a folder (every pod's part) and writes the predictions
      // file where the stage would have: what its readers get.
      // Copies: a shared object would be written as a YAML alias.
      const own = parameters.filter((p) => p.name !== 'shard').map((p) => ({ ...p }));
      tasks.push({ name: gather.task, template: gather.task, dependencies: [name], ...(own.length ? { arguments: { parameters: own } } : {}) });
      const found = PREDICT.exec(stage.cmd[0])!;
      const cli = stage.cmd[0].slice(0, found.index + found[0].length);
      const parts = '/tmp/archipel-parts';
      templates.push({
        name: gather.task,
        inputs: { ...(own.length ? { parameters: own.map((p) => ({ name: p.name })) } : {}), artifacts: [{ name: 'parts', path: parts, s3: { key: prefix } }] },
        outputs: { artifacts: [{ name: artifactOf.get(gather.out.resolved)!.name, path: posixJoin(base, gather.out.resolved) }] },
        ...(always.has(stage.name) ? {} : { memoize: memoize([`${gather.task}-${hashes.get(stage.name)}`, ...keyParts.slice(1, 1 + files.length), `of-${shard}`].join('-')) }),
        container: { image: options.image, command: ['/bin/sh', '-c'], args: [argoLiteral(['set -e', `cd ${shellQuote(posixJoin(base, stage.wdir))}`, `${cli} --gather ${parts} --out ${shellQuote(gather.out.path)} --force`].join('\n'))] },
      });
    }
  }

  const workflow = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Workflow',
    metadata: { generateName: `${dnsName(path.basename(pipeline.root), new Set())}-` },
    spec: {
      entrypoint: 'pipeline',
      ...(paramFiles.some(submitted) ? { arguments: { parameters: paramFiles.filter(submitted).map((f) => ({ name: paramName.get(f)!, value: paramTexts.get(f)! })) } } : {}),
      templates: [{ name: 'pipeline', dag: { tasks } }, ...templates],
    },
  };
  // The generated file is the same whatever the user's language: it is shared through the repository.
  const header = `# Generated by \`archipel export argo\` from ${path.basename(pipeline.file)}: one task per stage, memoized by the stage hash.\n${
    fixed.size ? `# Fixed as exported (the commands interpolate them): ${[...fixed].join(', ')}. Edit and export again to change them.\n` : ''}`;
  return { workflow, header };
}

/** One point of a sweep: its label (`tune.learning_rate=0.05`), pipeline (its commands interpolated with the point's params) and params texts. */
export interface SweepPoint {
  label: string;
  pipeline: Pipeline;
  params: ReadonlyMap<string, string>;
}

/**
 * `archipel export argo --sweep …`: one Workflow fanning a grid out as parallel branches. Each point
 * is the pipeline exported with its params (templates prefixed `p<i>-`), its DAG a task of the
 * entrypoint's DAG with no dependency on the others: Argo runs them side by side, and a stage a point
 * does not change keeps the same memo key in every branch (computed once, then memoized).
 */
export async function exportArgoSweep(points: readonly SweepPoint[], options: Omit<ArgoOptions, 'params'>): Promise<string> {
  if (points.length === 0) throw new ExportError(t('--sweep gave no point to export'));
  const templates: Record<string, unknown>[] = [];
  const tasks: Record<string, unknown>[] = [];
  let first: Exported | undefined;
  for (const [i, point] of points.entries()) {
    const onStage = options.onStage && ((done: number, total: number, stage: string) => options.onStage?.(i * total + done, points.length * total, `point-${i + 1}: ${stage}`));
    const exported = await argoWorkflow(point.pipeline, { ...options, params: point.params, ...(onStage ? { onStage } : {}) });
    first ??= exported;
    const prefix = `p${i + 1}-`;
    const rename = (name: string) => `${prefix}${name}`.slice(0, 63);
    for (const template of exported.workflow.spec.templates) {
      const copy: Record<string, unknown> = { ...template, name: rename(String(template.name)) };
      const dag = template.dag as { tasks: Record<string, unknown>[] } | undefined;
      if (dag) copy.dag = { tasks: dag.tasks.map((task) => ({ ...task, template: rename(String(task.template)) })) };
      templates.push(copy);
    }
    tasks.push({ name: `point-${i + 1}`, template: rename('pipeline') });
  }
  const workflow = {
    ...first!.workflow,
    metadata: { generateName: `${String(first!.workflow.metadata.generateName).replace(/-$/, '')}-sweep-` },
    spec: { entrypoint: 'sweep', templates: [{ name: 'sweep', dag: { tasks } }, ...templates] },
  };
  const header = `# Generated by \`archipel export argo --sweep\`: ${points.length} points as parallel branches, each the pipeline with its params.\n${points.map((p, i) => `#   point-${i + 1}: ${p.label}`).join('\n')}\n`;
  return header + stringify(workflow, { lineWidth: 0 });
}

/**
 * `text` as Argo reads it back as itself: Argo replaces every `{{…}}` of a template (a `{{` opens a
 * tag that the first `}}` closes), and has no escape; a `{{` of the user's (a command's
 * `'{{workflow.name}}'`, a params value) is written as the expression tag `{{='{{'}}`, whose value is
 * `{{`, so the rest is text again (argoproj/argo-workflows#4982). The scripts hold no tag of ours:
 * their parameters come through the environment.
 */
export function argoLiteral(text: string): string {
  return text.replaceAll('{{', "{{='{{'}}");
}

function shellQuote(text: string): string {
  return /^[\w./@%+=:,-]+$/.test(text) ? text : `'${text.replace(/'/g, `'\\''`)}'`;
}
