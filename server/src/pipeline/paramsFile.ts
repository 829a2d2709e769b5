import { t } from '../l10n/t';
import { parse as parseToml } from 'smol-toml';
import { parseYamlFile } from '../yaml/model';
import { isRecord } from './interpolate';

/**
 * A params or vars file's content, read by its extension as DVC does (dvc/utils/serialize: YAML,
 * JSON, TOML; Python params files are not read here). Pure: the caller hands the text over.
 */
export type ParamsContent = { values: Record<string, unknown> } | { error: string };

/** Larger params files are not parsed: they are handed to third-party parsers. */
export const maxParamsBytes = 5 * 1024 * 1024;

export function parseParamsText(text: string, file: string): ParamsContent {
  if (text.length > maxParamsBytes) return { error: t('\'{0}\' is larger than {1} MB: not read.', file, maxParamsBytes / 1024 / 1024) };
  const lower = file.toLowerCase();
  let value: unknown;
  try {
    if (lower.endsWith('.json')) value = JSON.parse(text);
    else if (lower.endsWith('.toml')) value = parseToml(text);
    else if (lower.endsWith('.yaml') || lower.endsWith('.yml')) value = readYaml(text);
    else if (lower.endsWith('.py')) return { error: t('\'{0}\': Python params files are not read by Archipel (use YAML, JSON or TOML).', file) };
    else return { error: t('\'{0}\': unknown params file format (expected .yaml, .yml, .json or .toml).', file) };
  } catch (error) {
    return { error: t('\'{0}\' cannot be read: {1}', file, error instanceof Error ? error.message.split('\n')[0] : String(error)) };
  }
  if (value === undefined || value === null) return { values: {} };
  if (!isRecord(value)) return { error: t('\'{0}\' must hold a mapping of names to values.', file) };
  if (nestsDeeper(value, maxParamsDepth)) return { error: t('\'{0}\' nests deeper than {1} levels: not read (a limit of Archipel, docs/limits.md).', file, maxParamsDepth) };
  return { values: value };
}

/**
 * How deep params may nest: as deep as a YAML document (yaml/limits.ts), JSON and TOML included —
 * what reads params (interpolation, `exp show`'s columns, the comparison of two runs) walks them
 * recursively, and JSON.parse reads a million nested brackets.
 */
export const maxParamsDepth = 200;

/** Whether a value holds mappings or lists nested deeper than `max` (an explicit stack, no recursion). */
function nestsDeeper(value: unknown, max: number): boolean {
  const stack: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
  for (let top = stack.pop(); top; top = stack.pop()) {
    if (typeof top.value !== 'object' || top.value === null) continue;
    if (top.depth > max) return true;
    for (const child of Object.values(top.value)) if (typeof child === 'object' && child !== null) stack.push({ value: child, depth: top.depth + 1 });
  }
  return false;
}

/** Through the project's bounded YAML reader (limits on size, depth and aliases). */
function readYaml(text: string): unknown {
  const chunk = parseYamlFile(text, undefined, false).chunks[0]?.chunk;
  if (!chunk) return undefined;
  if (chunk.beyondLimits || !chunk.wellFormed) throw new Error(t('not well-formed YAML'));
  if (chunk.valueError) throw new Error(chunk.valueError);
  return chunk.value;
}

/** The value at a dotted key (`train.lr`), DVC's params lookup; `found` false when a part is missing. */
export function valueAtKey(values: Record<string, unknown>, dotted: string): { found: boolean; value?: unknown } {
  if (Object.hasOwn(values, dotted)) return { found: true, value: values[dotted] };
  let current: unknown = values;
  for (const part of dotted.split('.')) {
    if (isRecord(current) && Object.hasOwn(current, part)) current = current[part];
    else if (Array.isArray(current) && /^\d+$/.test(part) && Number(part) < current.length) current = current[Number(part)];
    else return { found: false };
  }
  return { found: true, value: current };
}

/** Every dotted key of a params mapping (`train`, `train.lr`, …), breadth first, at most `limit`: candidates for completion and "did you mean". */
export function dottedKeys(values: Record<string, unknown>, limit = 5000): string[] {
  const keys: string[] = [];
  const queue: [string, Record<string, unknown>][] = [['', values]];
  for (let q = 0; q < queue.length && keys.length < limit; q++) {
    const [prefix, map] = queue[q];
    for (const [key, value] of Object.entries(map)) {
      if (keys.length >= limit) break;
      const name = prefix + key;
      keys.push(name);
      if (isRecord(value)) queue.push([`${name}.`, value]);
    }
  }
  return keys;
}
