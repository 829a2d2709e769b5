/**
 * `-S [file:]key=value` as `dvc exp run --set-param` reads it: a value with commas outside
 * brackets and quotes is a sweep (Hydra's `key=a,b,c`), and several sweeps make a grid, the first
 * one varying slowest. A value is read as a YAML scalar or flow collection (`50` a number, `true`
 * a boolean, `[1, 2]` a list), as Hydra's override grammar types it.
 */
import { parse as parseToml, stringify as stringifyToml } from 'smol-toml';
import { isMap, parseDocument } from 'yaml';
import { t } from '../l10n/t';

export const DEFAULT_PARAMS_FILE = 'params.yaml';

/** One `-S` as given: the file it changes, the dotted key, and its one or several values. */
export interface ParamOverride {
  file: string;
  key: string;
  values: unknown[];
}

/** One experiment of a grid: for each params file, the dotted keys it sets. */
export type ParamSet = Record<string, Record<string, unknown>>;

export class SweepError extends Error {}

/** At most this many experiments in one grid: a typo (`=1,2,…` pasted twice) must not queue a million. */
export const maxGrid = 10_000;

/** Splits on commas that are outside brackets, braces and quotes. */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let quote = '';
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quote) {
      if (c === quote) quote = '';
    } else if (c === '"' || c === "'") quote = c;
    else if (c === '[' || c === '{' || c === '(') depth++;
    else if (c === ']' || c === '}' || c === ')') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts;
}

function scalar(text: string, spec: string): unknown {
  const trimmed = text.trim();
  if (trimmed === '') throw new SweepError(t('-S {0}: an empty value', spec));
  try {
    const doc = parseDocument(trimmed, { schema: 'core', logLevel: 'error' });
    if (doc.errors.length > 0) return trimmed;
    return doc.toJS() as unknown;
  } catch {
    return trimmed;
  }
}

/** Reads one `-S` argument. */
export function parseOverride(spec: string): ParamOverride {
  const eq = spec.indexOf('=');
  if (eq <= 0) throw new SweepError(t('-S {0}: expected [file:]key=value', spec));
  const target = spec.slice(0, eq);
  const colon = target.lastIndexOf(':');
  const file = colon > 0 ? target.slice(0, colon) : DEFAULT_PARAMS_FILE;
  const key = colon > 0 ? target.slice(colon + 1) : target;
  if (!/^[A-Za-z0-9_][A-Za-z0-9_.\-[\]]*$/.test(key) || key.includes('..')) throw new SweepError(t('-S {0}: \'{1}\' is not a params key (letters, digits, \'_\', \'-\' and \'.\')', spec, key));
  if (file.split(/[\\/]/).includes('..') || file.startsWith('/') || /^[A-Za-z]:/.test(file)) throw new SweepError(t('-S {0}: the params file \'{1}\' must be inside the repository', spec, file));
  const values = splitTopLevel(spec.slice(eq + 1)).map((v) => scalar(v, spec));
  return { file, key, values };
}

/** The grid of experiments several overrides make; a key given twice keeps its last values. */
export function grid(overrides: readonly ParamOverride[]): ParamSet[] {
  const byTarget = new Map<string, ParamOverride>();
  for (const o of overrides) byTarget.set(`${o.file}\0${o.key}`, o);
  const axes = [...byTarget.values()];
  const size = axes.reduce((n, a) => n * a.values.length, 1);
  if (size > maxGrid) throw new SweepError(t('the sweep makes {0} experiments, more than {1}: narrow it', size, maxGrid));
  let sets: ParamSet[] = [{}];
  for (const axis of axes) {
    const next: ParamSet[] = [];
    for (const set of sets) {
      for (const value of axis.values) {
        const copy: ParamSet = {};
        for (const [file, keys] of Object.entries(set)) copy[file] = { ...keys };
        (copy[axis.file] ??= {})[axis.key] = value;
        next.push(copy);
      }
    }
    sets = next;
  }
  return axes.length === 0 ? [] : sets;
}

function setDotted(data: Record<string, unknown>, key: string, value: unknown, file: string): void {
  const parts = key.split('.');
  let node: Record<string, unknown> = data;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    if (typeof next !== 'object' || next === null || Array.isArray(next)) throw new SweepError(t('{0}: no mapping at \'{1}\' (at \'{2}\')', file, key, part));
    node = next as Record<string, unknown>;
  }
  const last = parts[parts.length - 1];
  if (!Object.hasOwn(node, last)) throw new SweepError(t('{0}: no key \'{1}\' to set', file, key));
  node[last] = value;
}

/**
 * The text of a params file with `values` set, keeping a YAML file's comments, order and style
 * (only the scalars change); JSON and TOML are written back whole. A key must already exist: a
 * misspelt key is an error, not a new parameter nobody reads.
 */
export function applyParams(text: string, file: string, values: Readonly<Record<string, unknown>>): string {
  const lower = file.toLowerCase();
  if (lower.endsWith('.yaml') || lower.endsWith('.yml')) {
    const doc = parseDocument(text, { logLevel: 'error' });
    if (doc.errors.length > 0) throw new SweepError(`${file}: ${doc.errors[0].message.split('\n')[0]}`);
    for (const [key, value] of Object.entries(values)) {
      const parts = key.split('.');
      if (!isMap(doc.contents) || !doc.hasIn(parts)) throw new SweepError(t('{0}: no key \'{1}\' to set', file, key));
      doc.setIn(parts, value);
    }
    return doc.toString();
  }
  if (lower.endsWith('.json')) {
    const data = JSON.parse(text) as Record<string, unknown>;
    for (const [key, value] of Object.entries(values)) setDotted(data, key, value, file);
    return `${JSON.stringify(data, null, 2)}\n`;
  }
  if (lower.endsWith('.toml')) {
    const data = parseToml(text) as Record<string, unknown>;
    for (const [key, value] of Object.entries(values)) setDotted(data, key, value, file);
    return `${stringifyToml(data)}\n`;
  }
  throw new SweepError(t('{0}: only YAML, JSON and TOML params files can be set', file));
}
