/**
 * The values of a stage's params as `dvc.lock` records them: `{file: {key: value}}`, a dotted key
 * (`train.lr`, `layers.0`) looked up through nested mappings and lists, a whole file (`{file: }`)
 * as its top-level keys. Params files are YAML, JSON or TOML by extension, as DVC reads them.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import { t } from '../../l10n/t';

/** A params file's data, or why it could not be read. */
export type ParamsData = { ok: true; data: Record<string, unknown> } | { ok: false; missing: boolean; error: string };

const MAX_PARAMS_BYTES = 8 << 20;

export function parseParams(file: string, text: string): Record<string, unknown> {
  const ext = path.extname(file).toLowerCase();
  const data: unknown = ext === '.json' ? JSON.parse(text) : ext === '.toml' ? parseToml(text) : parseYaml(text, { maxAliasCount: 100 });
  if (data === null || data === undefined) return {};
  if (typeof data !== 'object' || Array.isArray(data)) throw new Error(t('a params file must hold a mapping of keys'));
  return data as Record<string, unknown>;
}

export async function readParams(file: string): Promise<ParamsData> {
  try {
    const stats = await fs.stat(file);
    // Bounded: a params file is configuration; a huge one is a mistake, not something to parse.
    if (stats.size > MAX_PARAMS_BYTES) return { ok: false, missing: false, error: t('`{0}` is larger than {1} MB', path.basename(file), MAX_PARAMS_BYTES >> 20) };
    return { ok: true, data: parseParams(file, await fs.readFile(file, 'utf8')) };
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    return { ok: false, missing: e.code === 'ENOENT', error: e.message };
  }
}

/** The value at a dotted key (undefined when absent). */
export function lookup(data: Record<string, unknown>, key: string): unknown {
  if (Object.prototype.hasOwnProperty.call(data, key)) return data[key];
  let value: unknown = data;
  for (const part of key.split('.')) {
    if (Array.isArray(value) && /^\d+$/.test(part)) value = value[Number(part)];
    else if (value && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, part)) value = (value as Record<string, unknown>)[part];
    else return undefined;
  }
  return value;
}

/** The values recorded for a params file: the keys named, or every top-level key. */
export function paramValues(data: Record<string, unknown>, keys: readonly string[] | undefined): Record<string, unknown> {
  const values: Record<string, unknown> = {};
  for (const key of keys ?? Object.keys(data)) {
    const value = lookup(data, key);
    if (value !== undefined) values[key] = value;
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
