/**
 * `archipel diff --fail-on GATE[,GATE…]` (issue #80): the gates a CI job sets on a change. Pure: the
 * flag's values parsed into gates, and a diff checked against them.
 *
 * Known: `exposure` (an entry point opened), `threats` (a risk raised by the threat model), `continuity` (a continuity
 * gap raised, a backup removed, replicas dropped: continuity.ts), `policy` (a violation of an Enforce policy raised:
 * policy.ts; an Audit policy reports, never fails), `cost>N` (the
 * monthly cost raised by more than N); any other value is an error that names the gates known.
 */
import { money } from './cost';
import type { ArchDiff } from './compare';
import { enforced } from './policy';

export type Gate = { kind: 'exposure' } | { kind: 'threats' } | { kind: 'continuity' } | { kind: 'policy' } | { kind: 'cost'; above: number };

/** The gates known, as `--fail-on` takes them. */
export const GATES = ['exposure', 'threats', 'continuity', 'policy'] as const;

/** `cost>N`: N a number of the currency's units, at most 12 digits and 6 decimals. */
const COST = /^cost>(\d{1,12}(?:\.\d{1,6})?)$/;


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
    const cost = COST.exec(name);
    if (cost) {
      // The lowest bound given is the one that fails first: one cost gate.
      const above = Number(cost[1]);
      const known = gates.find((g) => g.kind === 'cost');
      if (!known) gates.push({ kind: 'cost', above });
      else if (above < known.above) known.above = above;
      continue;
    }
    return new Error(`--fail-on: unknown gate "${name}" (known: ${GATES.join(', ')}, cost>N)`);
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
    if (gate.kind === 'continuity' && diff.continuity.length > 0) {
      const n = diff.continuity.length;
      failures.push(`--fail-on continuity: ${n} continuity change${n === 1 ? '' : 's'} (${diff.continuity.map((ch) => `${ch.rule} ${ch.file}:${ch.line}`).join(', ')})`);
    }
    const broken = gate.kind === 'policy' ? enforced(diff.policy) : [];
    if (broken.length > 0) {
      const n = broken.length;
      const audit = diff.policy.raised.length - n;
      failures.push(`--fail-on policy: ${n} Enforce policy violation${n === 1 ? '' : 's'} raised (${broken.map((f) => `${f.rule}${f.object ? ` on ${f.object}` : ''} ${f.file}:${f.line}`).join(', ')})${audit > 0 ? `; ${audit} Audit violation${audit === 1 ? '' : 's'} raised as well, which do${audit === 1 ? 'es' : ''} not fail` : ''}`);
    }
    if (gate.kind === 'cost' && diff.cost && diff.cost.delta > gate.above) {
      failures.push(`--fail-on cost>${gate.above}: the monthly cost rises by ${money(diff.cost.delta, false, diff.cost.currency)} (${money(diff.cost.before, false, diff.cost.currency)} → ${money(diff.cost.after, false, diff.cost.currency)})`);
    }
  }
  return failures;
}
