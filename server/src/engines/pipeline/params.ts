/**
 * The values of a stage's params as `dvc.lock` records them: `{file: {key: value}}`, a dotted key
 * (`train.lr`, `layers.0`) looked up as the parser does (pipeline/paramsFile.ts), a whole file
 * (`{file: }`) as its top-level keys.
 */
import { promises as fs } from 'node:fs';
import { maxParamsBytes, parseParamsText, valueAtKey } from '../../pipeline/paramsFile';
import { READ_BOUNDS, readSideTextBounded } from '../../disk/readText';

/** A params file's data, or why it could not be read. */
export type ParamsData = { ok: true; data: Record<string, unknown> } | { ok: false; missing: boolean; error: string };

export async function readParams(file: string): Promise<ParamsData> {
  try {
    const stats = await fs.stat(file);
    // Not read past the parser's bound: a params file is configuration, not data.
    if (stats.size > maxParamsBytes) return { ok: false, missing: false, error: parseErrorOfSize(file) };
    const text = await readSideTextBounded(file, READ_BOUNDS.config);
    const content = parseParamsText(text, file);
    return 'values' in content ? { ok: true, data: content.values } : { ok: false, missing: false, error: content.error };
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return { ok: false, missing: e.code === 'ENOENT', error: e.message };
  }
}

/** The parser's words for a file past its bound (it measures text; this side knows the size first). */
function parseErrorOfSize(file: string): string {
  const content = parseParamsText(' '.repeat(maxParamsBytes + 1), file);
  return 'error' in content ? content.error : '';
}

/** The values recorded for a params file: the keys named, or every top-level key. */
export function paramValues(data: Record<string, unknown>, keys: readonly string[] | undefined): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const key of keys ?? Object.keys(data)) {
    const found = valueAtKey(data, key);
    if (found.found) values[key] = found.value;
  }
  return values;
}

/** Deep equality of two plain values (YAML/JSON/TOML data): what DVC's `!=` on them decides. */
export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a instanceof Date || b instanceof Date) return String(a) === String(b);
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}
