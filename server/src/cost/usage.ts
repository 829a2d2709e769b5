/**
 * An Infracost usage file (`infracost-usage.yml`) read as Infracost reads it: a key given twice takes its last value,
 * with a warning on its line; a value that is not a usage (negative, NaN, infinite, or past any month's usage) is
 * refused on its line and the rest read; an alias bomb, a syntax error or a file past the bound is one clear error
 * naming the file and line. Linear in the file: parsed without the YAML library's duplicate-key check (quadratic in
 * a map's keys), duplicates found here with one set per map. Pure: the caller reads the file.
 */
import { LineCounter, isMap, isPair, isScalar, isSeq, parseDocument } from 'yaml';
import type { Usage } from './model';
import { usageOf } from './pricing';

/** A usage file larger than this is refused, not read in part. */
export const MAX_USAGE_FILE_BYTES = 8 * 1024 * 1024;
/** No month's usage (requests, GB, hours) comes near this: a larger value is a mistake whose cost would overflow. */
const MAX_USAGE_VALUE = 1e15;
/** Aliases a usage file may use: enough for anchors shared between resources, far too few for a billion-laughs bomb. */
const MAX_ALIASES = 100;

export class UsageFileError extends Error {}

export interface UsageRead {
  usage: Usage;
  /** `file:line: …` for each duplicated key (the last value is used) and each value refused. */
  warnings: string[];
}

/** Reads a usage file's text; `file` names it in messages (as the user gave it). Throws UsageFileError when nothing can be read. */
export function readUsage(text: string, file: string): UsageRead {
  if (Buffer.byteLength(text, 'utf8') > MAX_USAGE_FILE_BYTES) throw new UsageFileError(`${file}: the usage file is over ${MAX_USAGE_FILE_BYTES / 1024 / 1024} MB: not read`);
  const lines = new LineCounter();
  const doc = parseDocument(text, { uniqueKeys: false, lineCounter: lines, prettyErrors: false, logLevel: 'error' });
  const lineOf = (offset: number | undefined) => (offset === undefined ? 1 : lines.linePos(offset).line);
  const [error] = doc.errors;
  if (error) throw new UsageFileError(`${file}:${lineOf(error.pos[0])}: ${error.message.split('\n', 1)[0]}`);
  const warnings: string[] = [];
  // Iterative, one set of keys per map: linear in the file, whatever its depth.
  const stack: { node: unknown; depth: number }[] = [{ node: doc.contents, depth: 0 }];
  let refused = false;
  while (stack.length) {
    const { node, depth } = stack.pop() ?? { node: undefined, depth: 0 };
    if (isMap(node)) {
      const seen = new Set<string>();
      for (const pair of node.items) {
        if (!isPair(pair)) continue;
        const key = isScalar(pair.key) ? String(pair.key.value) : undefined;
        if (key !== undefined && seen.has(key)) warnings.push(`${file}:${lineOf(isScalar(pair.key) ? pair.key.range?.[0] : undefined)}: ${key} is given twice in the same map: the last value is used`);
        if (key !== undefined) seen.add(key);
        stack.push({ node: pair.value, depth: depth + 1 });
      }
    } else if (isSeq(node)) for (const item of node.items) stack.push({ node: item, depth: depth + 1 });
    // A usage value: under resource_usage → address → key (→ sub-resource key).
    else if (isScalar(node) && depth >= 3 && notAUsage(node.value)) {
      refused = true;
      warnings.push(`${file}:${lineOf(node.range?.[0])}: ${String(node.source ?? node.value)} is not a usage (a number from 0 to ${MAX_USAGE_VALUE.toExponential()} is expected): refused`);
    }
  }
  let parsed: unknown;
  try {
    parsed = doc.toJS({ maxAliasCount: MAX_ALIASES });
  } catch (e) {
    // The yaml library's guard against an alias bomb (and any other expansion it refuses).
    throw new UsageFileError(`${file}: ${e instanceof Error ? e.message : String(e)} (more than ${MAX_ALIASES} aliases expanded): not read`);
  }
  const usage = usageOf(parsed);
  if (refused) dropRefused(usage);
  return { usage, warnings };
}

/** A number (or a word that reads as one, as the pricers read words) that no usage can be: negative, NaN, infinite, past the bound. */
function notAUsage(value: unknown): boolean {
  const n = typeof value === 'number' ? value : typeof value === 'string' && value.trim() !== '' ? Number(value) : undefined;
  if (n === undefined || (typeof value === 'string' && Number.isNaN(n) && !/^[+-]?\.?nan$/i.test(value.trim()))) return false;
  return !Number.isFinite(n) || n < 0 || n > MAX_USAGE_VALUE;
}

/** The values refused are left out: the items they would give say that their cost depends on usage. */
function dropRefused(usage: Usage): void {
  for (const entry of Object.values(usage)) for (const [key, value] of Object.entries(entry)) if (notAUsage(value)) delete entry[key];
}
