import { t } from '../l10n/t';
import type { SourceNode } from '../yaml/sourceNode';
import { pairOf } from '../yaml/tree';
import { isRecord, toStr, Variables } from './interpolate';
import type { Span, Stage, StageDep, StageOut, StageParams } from './model';
import { resolveValue, unresolved, type ExpandContext } from './resolve';
import { urlScheme } from './external';
import { loadVars, resolvePath } from './variables';

/** A dep's or out's path relative to the pipeline's folder; a URL stays as written (DVC reads it from its file system). */
function located(wdir: string, p: string): { resolved: string; url?: string } {
  const url = urlScheme(p);
  return url ? { resolved: p, url } : { resolved: resolvePath(wdir, p) };
}

/** One stage (EntryDefinition.resolve_stage): `wdir`, then the stage's `vars`, then every key interpolated. */
export function buildStage(context: ExpandContext, name: string, definition: string, body: Record<string, unknown>, keySpan: Span, src: SourceNode | null, variables: Variables): Stage {
  const node = (key: string) => pairOf(src, key)?.value ?? null;
  const spanOf = (n: SourceNode | null | undefined) => context.spanOf(n, keySpan);
  const schema = (message: string, n: SourceNode | null | undefined) => context.report({ code: 'pipeline-schema', message, span: spanOf(n) });

  let wdir = '.';
  if (body.wdir !== undefined && body.wdir !== null) {
    const w = resolveValue(context, body.wdir, node('wdir'), variables, 'wdir');
    if (w !== unresolved) wdir = resolvePath('.', toStr(w));
  }
  if (body.vars !== undefined) variables = withStageVars(context, body, node('vars'), wdir, variables, keySpan);
  const field = (key: string): unknown => (body[key] === undefined ? undefined : resolveValue(context, body[key], node(key), variables, key));

  const stage: Stage = { name, definition, cmd: [], wdir, deps: [], outs: [], params: [], frozen: false, alwaysChanged: false, span: keySpan };
  const cmdNode = node('cmd');
  if (cmdNode) stage.cmdSpan = spanOf(cmdNode);
  const cmd = field('cmd');
  if (body.cmd === undefined) schema(t('The stage \'{0}\' has no `cmd`: the command to run is required.', definition), null);
  else if (typeof cmd === 'string') stage.cmd = [cmd];
  else if (Array.isArray(cmd)) {
    stage.cmd = cmd.map((c) => (typeof c === 'string' ? c : toStr(c)));
    stage.cmdList = true;
  }
  else if (cmd !== unresolved) schema(t('`cmd` must be a command or a list of commands.'), cmdNode);
  if ((typeof cmd === 'string' || Array.isArray(cmd)) && stage.cmd.every((c) => c.trim() === '')) {
    context.report({ code: 'pipeline-empty-cmd', message: t('The stage \'{0}\' has an empty `cmd`: nothing would run.', definition), span: spanOf(cmdNode) });
  }

  stage.deps = paths(context, field('deps'), node('deps'), keySpan, 'deps').map(({ path, span }): StageDep => ({ path, ...located(wdir, path), span }));
  for (const kind of ['outs', 'metrics', 'plots'] as const) stage.outs.push(...outs(context, field(kind), node(kind), keySpan, kind, wdir));
  stage.params = params(context, field('params'), node('params'), keySpan, wdir);

  const flag = (key: string): boolean => {
    const value = field(key);
    if (value === undefined || value === null || value === unresolved) return false;
    if (typeof value !== 'boolean') schema(t('`{0}` must be true or false.', key), node(key));
    return value === true;
  };
  stage.frozen = flag('frozen');
  stage.alwaysChanged = flag('always_changed');
  const desc = field('desc');
  if (typeof desc === 'string') stage.desc = desc;
  if (body.meta !== undefined) stage.meta = field('meta');
  return stage;
}

function withStageVars(context: ExpandContext, body: Record<string, unknown>, varsNode: SourceNode | null, wdir: string, variables: Variables, fallback: Span): Variables {
  let byWdir = context.stageVariables.get(body);
  if (!byWdir) context.stageVariables.set(body, (byWdir = new Map<string, Variables>()));
  let own = byWdir.get(wdir);
  if (!own) {
    own = new Variables(structuredClone(variables.values));
    own.incomplete = variables.incomplete;
    const spans = varsNode?.kind === 'seq' ? (varsNode.items ?? []).map((item) => (item ? context.spanOf(item) : undefined)) : [];
    loadVars(own, body.vars, spans, wdir, context.files, context.report, context.spanOf(varsNode, fallback), false);
    byWdir.set(wdir, own);
  }
  const merged = own.withLocals(variables.locals);
  merged.incomplete = own.incomplete || variables.incomplete;
  return merged;
}

/** A list of paths (`deps`): each a string. */
function paths(context: ExpandContext, value: unknown, src: SourceNode | null, fallback: Span, key: string): { path: string; span: Span }[] {
  if (value === undefined || value === null || value === unresolved) return [];
  if (!Array.isArray(value)) {
    context.report({ code: 'pipeline-schema', message: t('`{0}` must be a list of paths.', key), span: context.spanOf(src, fallback) });
    return [];
  }
  const items = src?.kind === 'seq' ? (src.items ?? []) : [];
  const out: { path: string; span: Span }[] = [];
  value.forEach((item, index) => {
    const span = context.spanOf(items[index], fallback);
    if (typeof item === 'string' && item.trim() !== '') out.push({ path: item, span });
    else context.report({ code: 'pipeline-schema', message: t('Each entry of `{0}` must be a path.', key), span });
  });
  return out;
}

/** `outs`, `metrics`, `plots`: a path, or `{path: {cache, persist, desc, …}}` (OUT_PSTAGE_DETAILED_SCHEMA). */
function outs(context: ExpandContext, value: unknown, src: SourceNode | null, fallback: Span, kind: StageOut['kind'], wdir: string): StageOut[] {
  if (value === undefined || value === null || value === unresolved) return [];
  if (!Array.isArray(value)) {
    context.report({ code: 'pipeline-schema', message: t('`{0}` must be a list of paths (each may carry options: `- path: {cache: false}`).', kind), span: context.spanOf(src, fallback) });
    return [];
  }
  const items = src?.kind === 'seq' ? (src.items ?? []) : [];
  const result: StageOut[] = [];
  value.forEach((item, index) => {
    const itemSrc = items[index];
    const span = context.spanOf(itemSrc, fallback);
    if (typeof item === 'string' && item.trim() !== '') {
      result.push({ path: item, ...located(wdir, item), cache: true, persist: false, kind, span });
      return;
    }
    const entries = isRecord(item) ? Object.entries(item) : [];
    if (entries.length !== 1 || entries[0][0].trim() === '') {
      context.report({ code: 'pipeline-schema', message: t('Each entry of `{0}` must be a path, or one path with its options.', kind), span });
      return;
    }
    const [path, options] = entries[0];
    const keySrc = itemSrc?.kind === 'map' ? itemSrc.pairs?.[0]?.keyNode : undefined;
    const out: StageOut = { path, ...located(wdir, path), cache: true, persist: false, kind, span: context.spanOf(keySrc, span) };
    if (isRecord(options)) {
      if (typeof options.cache === 'boolean') out.cache = options.cache;
      if (typeof options.persist === 'boolean') out.persist = options.persist;
      if (typeof options.desc === 'string') out.desc = options.desc;
    }
    result.push(out);
  });
  return result;
}

/**
 * `params` (dvc/dependency/__init__.py _merge_params): a string is a key of `params.yaml`; a
 * mapping `{file: [keys]}` names keys of another file, `{file: }` (empty) tracks the whole file,
 * and a wholly tracked file's listed keys are dropped.
 */
function params(context: ExpandContext, value: unknown, src: SourceNode | null, fallback: Span, wdir: string): StageParams[] {
  if (value === undefined || value === null || value === unresolved) return [];
  if (!Array.isArray(value)) {
    context.report({ code: 'pipeline-schema', message: t('`params` must be a list of keys of params.yaml, or `{file: [keys]}`.'), span: context.spanOf(src, fallback) });
    return [];
  }
  const items = src?.kind === 'seq' ? (src.items ?? []) : [];
  const byFile = new Map<string, StageParams>();
  const fileEntry = (file: string, span: Span) => {
    let entry = byFile.get(file);
    if (!entry) byFile.set(file, (entry = { file, resolved: resolvePath(wdir, file), keys: [], keySpans: [], span }));
    return entry;
  };
  const wholly = (keys: unknown) => keys === null || (Array.isArray(keys) && keys.length === 0);
  const whole = new Set<string>();
  for (const item of value) if (isRecord(item)) for (const [file, keys] of Object.entries(item)) if (wholly(keys)) whole.add(file);
  value.forEach((item, index) => {
    const itemSrc = items[index];
    const span = context.spanOf(itemSrc, fallback);
    if (typeof item === 'string') {
      if (!whole.has('params.yaml')) addKey(fileEntry('params.yaml', span), item, span);
      return;
    }
    if (!isRecord(item)) {
      context.report({ code: 'pipeline-schema', message: t('Each entry of `params` must be a key of params.yaml or `{file: [keys]}`.'), span });
      return;
    }
    for (const [file, keys] of Object.entries(item)) {
      const pair = pairOf(itemSrc, file);
      if (whole.has(file)) {
        if (wholly(keys)) fileEntry(file, context.spanOf(pair?.keyNode ?? itemSrc, fallback));
        continue;
      }
      if (!Array.isArray(keys)) {
        context.report({ code: 'pipeline-schema', message: t('The keys of the params file \'{0}\' must be a list (or nothing, for the whole file).', file), span: context.spanOf(pair?.value ?? itemSrc, fallback) });
        continue;
      }
      const entry = fileEntry(file, context.spanOf(pair?.keyNode, span));
      const keyItems = pair?.value?.kind === 'seq' ? (pair.value.items ?? []) : [];
      keys.forEach((key, k) => {
        const keySpan = context.spanOf(keyItems[k], span);
        if (typeof key === 'string') addKey(entry, key, keySpan);
        else context.report({ code: 'pipeline-schema', message: t('Each key of the params file \'{0}\' must be a string.', file), span: keySpan });
      });
    }
  });
  for (const file of whole) {
    const entry = byFile.get(file);
    if (entry) {
      delete entry.keys;
      delete entry.keySpans;
    }
  }
  return [...byFile.values()];
}

function addKey(entry: StageParams, key: string, span: Span): void {
  entry.keys?.push(key);
  entry.keySpans?.push(span);
}
