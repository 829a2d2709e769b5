/**
 * `archipel diff --format sarif` (issue #80): what a change raises, as SARIF 2.1.0 for code scanning, so
 * that a pull request shows it on its lines. Pure: the diff in, the log out.
 *
 * One result per risk raised (its rule `threat-<Threagile rule>` as `archipel threats --format sarif`
 * names it, its synthetic id as the fingerprint, its attack path in the message) and one per entry point
 * opened (rule `entry-point-opened`; one for N copies of it, its copies named), and one per policy violation raised (its rule `policy:<policy>/<rule>` as
 * `archipel check --format sarif` names it; an Enforce policy's an error, an Audit one's a warning), each located on the
 * lines of the head that cause it. What a change
 * resolves or closes is no finding: code scanning closes the alert of a result no longer reported.
 */
import type { ArchDiff, DiffConnection } from './compare';
import { connectionGroups } from '../drawing/copyGroups';
import type { DiffRisk } from './analyses';
import { sarifLog, severityLevel, type SarifRule, type SarifRun } from '../common/sarif';

const ENTRY_RULE = 'entry-point-opened';

const said = (e: DiffConnection) => `${e.fromName} → ${e.toName}${e.label ? ` ${e.label}` : ''}`;

/** The SARIF log of the risks raised and entry points opened (an empty run when none); `mitigation`: what to do about a Threagile rule (threats/report.ts mitigationOf). */
export function diffSarif(diff: ArchDiff, mitigation: (category: string) => string, notRead: SarifRun['notRead'] = []): string {
  const risks: DiffRisk[] = diff.threats.raised;
  const rules: SarifRule[] = [...new Map(risks.map((r) => [r.rule, r])).values()].map((r) => ({
    id: r.rule,
    description: r.rule.replace(/^threat-/, ''),
    help: mitigation(r.rule.replace(/^threat-/, '')),
    tags: ['security', ...(r.cwe ? [`external/cwe/cwe-${r.cwe}`] : [])],
  }));
  if (diff.entryPoints.opened.length > 0) {
    rules.push({ id: ENTRY_RULE, description: 'entry point opened', help: 'The change lets users outside the system reach this component: check that it is meant to be reached, and how it is guarded.', tags: ['security'] });
  }
  for (const f of [...new Map(diff.policy.raised.map((f) => [f.rule, f])).values()]) {
    rules.push({ id: f.rule, description: `the team's policy ${f.rule.slice('policy:'.length)}`, help: 'The change makes an object break a policy of the repository: change the object, or the policy if the rule is what should change.', tags: ['policy'] });
  }
  const results = [
    ...risks.map((r) => ({
      ruleId: r.rule,
      level: severityLevel(r.severity),
      message: `${r.title} (raised by this change${r.pathNames.length > 1 ? `; attack path: ${r.pathNames.join(' → ')}` : ''})`,
      fingerprints: { syntheticId: r.id },
      properties: { stride: r.stride, severity: r.severity, likelihood: r.likelihood, impact: r.impact },
      locations: r.sources,
    })),
    // An entry point opened in N copies (its `copies`: copies.ts, all on its lines) is one result, its copies named.
    ...connectionGroups(diff.entryPoints.opened).map(([e, ...copies]) => ({
      ruleId: ENTRY_RULE,
      level: 'warning' as const,
      message: `Entry point opened by this change: ${said(e)}${copies.length > 0 ? ` (and its ${copies.length} cop${copies.length === 1 ? 'y' : 'ies'}: ${copies.map((c) => `${c.from} → ${c.to}`).join(', ')})` : ''}`,
      fingerprints: { connection: JSON.stringify([e.from, e.to, e.kind, e.label]) },
      locations: e.sources,
    })),
    ...diff.policy.raised.map((f) => ({
      ruleId: f.rule,
      level: f.action === 'Enforce' ? ('error' as const) : ('warning' as const),
      message: `${f.message} (${f.action} policy violated by this change${f.object ? `, on ${f.object}` : ''})`,
      fingerprints: { policyViolation: JSON.stringify([f.file, f.rule, f.object]) },
      locations: [{ file: f.file, line: f.line }],
    })),
  ];
  return sarifLog({ tool: 'archipel diff', rules, results, notRead });
}
