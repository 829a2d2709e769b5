/**
 * `archipel diff --fail-on GATE[,GATE…]` (issue #80): the gates a CI job sets on a change. Pure: the
 * flag's values parsed into gates, and a diff checked against them.
 *
 * Known: `exposure` (an entry point opened). The issue's `threats` and `cost>N` are parsed to be refused
 * with their own reason until the analyses they read land (then each is one more case here); any other
 * value is an error that names the gates known.
 */
import type { ArchDiff } from './compare';

export type Gate = { kind: 'exposure' };

/** The gates known, as `--fail-on` takes them. */
export const GATES = ['exposure'] as const;

/** The issue's gates whose analysis is not computed yet: named, refused with this reason. */
const LATER: readonly { match: RegExp; reason: string }[] = [
  { match: /^threats$/, reason: 'threats are not computed by archipel diff yet' },
  { match: /^cost>\d{1,12}(?:\.\d{1,6})?$/, reason: 'cost is not computed by archipel diff yet' },
];

/** The gates of `--fail-on` values (each may list several, comma-separated); an Error naming the first value refused. */
export function parseGates(values: readonly string[]): Gate[] | Error {
  const gates: Gate[] = [];
  for (const value of values.flatMap((v) => v.split(','))) {
    const name = value.trim();
    if (name === 'exposure') {
      if (!gates.some((g) => g.kind === 'exposure')) gates.push({ kind: 'exposure' });
      continue;
    }
    const later = LATER.find((l) => l.match.test(name));
    if (later) return new Error(`--fail-on ${name}: ${later.reason} (known: ${GATES.join(', ')})`);
    return new Error(`--fail-on: unknown gate "${name}" (known: ${GATES.join(', ')})`);
  }
  return gates;
}

/** Why the change fails its gates: one line per gate failed, none when it passes. */
export function gateFailures(diff: ArchDiff, gates: readonly Gate[]): string[] {
  const failures: string[] = [];
  for (const gate of gates) {
    if (gate.kind === 'exposure' && diff.entryPoints.opened.length > 0) {
      const n = diff.entryPoints.opened.length;
      failures.push(`--fail-on exposure: ${n} entry point${n === 1 ? '' : 's'} opened (${diff.entryPoints.opened.map((e) => `${e.fromName} → ${e.toName}${e.label ? ` ${e.label}` : ''}`).join(', ')})`);
    }
  }
  return failures;
}
