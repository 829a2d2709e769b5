/**
 * `archipel diff --fail-on GATE[,GATE…]` (issue #80): the gates a CI job sets on a change. Pure: the
 * flag's values parsed into gates, and a diff checked against them.
 *
 * Known: `exposure` (an entry point opened), `threats` (a risk raised by the threat model). The issue's
 * `cost>N` is parsed to be refused with its own reason until the cost the diff reads lands (then it is
 * one more case here); any other value is an error that names the gates known.
 */
import type { ArchDiff } from './compare';

export type Gate = { kind: 'exposure' } | { kind: 'threats' };

/** The gates known, as `--fail-on` takes them. */
export const GATES = ['exposure', 'threats'] as const;

/** The issue's gates whose analysis is not computed yet: named, refused with this reason. */
const LATER: readonly { match: RegExp; reason: string }[] = [
  { match: /^cost>\d{1,12}(?:\.\d{1,6})?$/, reason: 'cost is not computed by archipel diff yet' },
];

/** The gates of `--fail-on` values (each may list several, comma-separated); an Error naming the first value refused. */
export function parseGates(values: readonly string[]): Gate[] | Error {
  const gates: Gate[] = [];
  for (const value of values.flatMap((v) => v.split(','))) {
    const name = value.trim();
    const known = GATES.find((g) => g === name);
    if (known) {
      if (!gates.some((g) => g.kind === known)) gates.push({ kind: known });
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
    if (gate.kind === 'threats' && diff.threats.raised.length > 0) {
      const n = diff.threats.raised.length;
      failures.push(`--fail-on threats: ${n} risk${n === 1 ? '' : 's'} raised (${diff.threats.raised.map((r) => `${r.severity} ${r.rule}: ${r.pathNames.join(' → ')}`).join(', ')})`);
    }
  }
  return failures;
}
