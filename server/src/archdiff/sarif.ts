/**
 * `archipel diff --format sarif` (issue #80): what a change raises, as SARIF 2.1.0 for code scanning, so
 * that a pull request shows it on its lines. Pure: the diff in, the log out.
 *
 * One result per risk raised (its rule `threat-<Threagile rule>` as `archipel threats --format sarif`
 * names it, its synthetic id as the fingerprint, its attack path in the message) and one per entry point
 * opened (rule `entry-point-opened`), each located on the lines of the head that cause it. What a change
 * resolves or closes is no finding: code scanning closes the alert of a result no longer reported.
 */
import type { ArchDiff, DiffConnection, MapSource } from './compare';
import type { DiffRisk } from './analyses';

const ENTRY_RULE = 'entry-point-opened';

/** SARIF's level of a risk's severity (as `archipel threats --format sarif` gives it). */
function levelOf(severity: string): 'error' | 'warning' | 'note' {
  return severity === 'elevated' || severity === 'high' || severity === 'critical' ? 'error' : severity === 'low' ? 'note' : 'warning';
}

const locations = (sources: readonly MapSource[]) => sources.map((s) => ({ physicalLocation: { artifactLocation: { uri: s.file }, region: { startLine: s.line } } }));

const said = (e: DiffConnection) => `${e.fromName} → ${e.toName}${e.label ? ` ${e.label}` : ''}`;

/** The SARIF log of the risks raised and entry points opened (an empty run when none); `mitigation`: what to do about a Threagile rule (threats/report.ts mitigationOf). */
export function diffSarif(diff: ArchDiff, mitigation: (category: string) => string): string {
  const risks: DiffRisk[] = diff.threats.raised;
  const rules = [...new Map(risks.map((r) => [r.rule, r])).values()].map((r) => ({
    id: r.rule,
    shortDescription: { text: r.rule.replace(/^threat-/, '') },
    help: { text: mitigation(r.rule.replace(/^threat-/, '')) },
    properties: { tags: ['security', ...(r.cwe ? [`external/cwe/cwe-${r.cwe}`] : [])] },
  }));
  if (diff.entryPoints.opened.length > 0) {
    rules.push({ id: ENTRY_RULE, shortDescription: { text: 'entry point opened' }, help: { text: 'The change lets users outside the system reach this component: check that it is meant to be reached, and how it is guarded.' }, properties: { tags: ['security'] } });
  }
  const results = [
    ...risks.map((r) => ({
      ruleId: r.rule,
      level: levelOf(r.severity),
      message: { text: `${r.title} (raised by this change${r.pathNames.length > 1 ? `; attack path: ${r.pathNames.join(' → ')}` : ''})` },
      partialFingerprints: { syntheticId: r.id },
      properties: { stride: r.stride, severity: r.severity, likelihood: r.likelihood, impact: r.impact },
      locations: locations(r.sources),
    })),
    ...diff.entryPoints.opened.map((e) => ({
      ruleId: ENTRY_RULE,
      level: 'warning' as const,
      message: { text: `Entry point opened by this change: ${said(e)}` },
      partialFingerprints: { connection: JSON.stringify([e.from, e.to, e.kind, e.label]) },
      locations: locations(e.sources),
    })),
  ];
  return JSON.stringify({ version: '2.1.0', $schema: 'https://json.schemastore.org/sarif-2.1.0.json', runs: [{ tool: { driver: { name: 'archipel diff', rules } }, results }] }, null, 2);
}
