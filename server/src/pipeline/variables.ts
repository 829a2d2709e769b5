import { t } from '../l10n/t';
import path from 'node:path';
import type { PipelineProblem, Span } from './model';
import { isInterpolated, isRecord, Variables } from './interpolate';
import { parseParamsText, type ParamsContent } from './paramsFile';

/**
 * Reads a file a pipeline refers to (params and vars files), by absolute path: its text;
 * `undefined` when it does not exist; `null` when it may exist but cannot be read here (the
 * editor indexes no such file), so nothing is concluded from it; `refused`: not read, and why (a
 * link leading outside the workspace: the same answer whether what it leads to exists or not).
 */
export type PipelineFileReader = (absolutePath: string) => string | undefined | null | { refused: string };

export type LoadedFile = ParamsContent | { missing: true } | { unknown: true };

/** Params and vars files, each read and parsed once per pipeline parse. */
export class FileCache {
  private readonly files = new Map<string, LoadedFile>();

  constructor(
    private readonly root: string,
    private readonly read: PipelineFileReader | undefined,
  ) {}

  get canRead(): boolean {
    return this.read !== undefined;
  }

  /** `relative`: to the pipeline file's folder, '/' separators. */
  load(relative: string): LoadedFile {
    let loaded = this.files.get(relative);
    if (!loaded) {
      const text = this.read ? this.read(path.join(this.root, ...relative.split('/'))) : null;
      loaded = text === undefined ? { missing: true } : text === null ? { unknown: true } : typeof text === 'object' ? { error: text.refused } : parseParamsText(text, relative);
      this.files.set(relative, loaded);
    }
    return loaded;
  }
}

export type Report = (problem: Omit<PipelineProblem, 'severity'> & { severity?: PipelineProblem['severity'] }) => void;

/** A '/'-separated path relative to the pipeline's folder: `wdir` joined with `p`, normalised, no trailing '/'. */
export function resolvePath(wdir: string, p: string): string {
  const joined = path.posix.normalize(path.posix.join(wdir, p.replace(/\\/g, '/')));
  return joined.length > 1 && joined.endsWith('/') ? joined.slice(0, -1) : joined;
}

/**
 * Loads `vars` (DVC's Context.load_from_vars, dvc/parsing/context.py): first `params.yaml` of the
 * folder when it exists (the top level only), then each item in order, a file (`file.yaml`, or
 * `file.yaml:key1,key2` for some of its keys) or an inline mapping. Merging a name already defined
 * is an error, except mappings, which merge key by key; a whole file named twice is read once.
 */
export function loadVars(
  into: Variables,
  items: unknown,
  itemSpans: readonly (Span | undefined)[],
  wdir: string,
  files: FileCache,
  report: Report,
  fallback: Span,
  withDefault: boolean,
): void {
  const imported = new Set<string>();
  if (withDefault) {
    const defaultFile = resolvePath(wdir, 'params.yaml');
    const loaded = files.load(defaultFile);
    if ('values' in loaded) {
      merge(into.values, loaded.values, defaultFile, report, fallback);
      imported.add(defaultFile);
    } else if ('unknown' in loaded) into.incomplete = true;
  }
  if (items === undefined || items === null) return;
  if (!Array.isArray(items)) return; // the schema reports the type
  items.forEach((item, index) => {
    const span = itemSpans[index] ?? fallback;
    if (isInterpolated(item) || (isRecord(item) && JSON.stringify(item).includes('${'))) {
      report({ code: 'pipeline-vars', message: t('vars cannot be interpolated: `${…}` is not allowed in vars.'), span });
      return;
    }
    if (isRecord(item)) {
      merge(into.values, item, `vars[${index}]`, report, span);
      return;
    }
    if (typeof item !== 'string') return;
    const colon = item.indexOf(':');
    const file = resolvePath(wdir, colon < 0 ? item : item.slice(0, colon));
    const keys = colon < 0 ? [] : item.slice(colon + 1).split(',').filter(Boolean);
    if (keys.length === 0 && imported.has(file)) return;
    const loaded = files.load(file);
    if ('missing' in loaded) {
      report({ code: 'pipeline-vars', message: t('The vars file \'{0}\' does not exist.', file), span });
      // The root cause is said once: the `${…}` it would have defined are not reported one by one.
      into.incomplete = true;
      return;
    }
    if ('unknown' in loaded) {
      into.incomplete = true;
      return;
    }
    if ('error' in loaded) {
      report({ code: 'pipeline-vars', message: loaded.error, span });
      into.incomplete = true;
      return;
    }
    let values = loaded.values;
    if (keys.length > 0) {
      values = {};
      for (const key of keys) {
        if (!Object.hasOwn(loaded.values, key)) {
          report({ code: 'pipeline-vars', message: t('\'{0}\' is not a top-level key of \'{1}\'.', key, file), span });
          into.incomplete = true;
          continue;
        }
        values[key] = loaded.values[key];
      }
    } else {
      imported.add(file);
    }
    merge(into.values, values, file, report, span);
  });
}

function merge(into: Record<string, unknown>, update: Record<string, unknown>, source: string, report: Report, span: Span, prefix = ''): void {
  for (const [key, value] of Object.entries(update)) {
    const current = into[key];
    if (isRecord(current) && isRecord(value)) {
      // Copied before merging: the mapping may be shared with the file cache or another stage's variables.
      const copy = { ...current };
      into[key] = copy;
      merge(copy, value, source, report, span, `${prefix}${key}.`);
    } else if (Object.hasOwn(into, key)) {
      report({ code: 'pipeline-vars', message: t('Cannot redefine \'{0}\' from \'{1}\': it is already defined.', `${prefix}${key}`, source), span });
    } else {
      into[key] = value;
    }
  }
}
