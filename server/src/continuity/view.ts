/**
 * The Continuity view of the System Map (issue #97): the analysis `archipel continuity` reports (analysis.ts), said
 * per component with its places as ranges — coloured by gap (none, gaps, not judged), SPOFs marked, asked vs
 * achievable RPO/RTO, backups. Pure: the analysis, the map and the index's line tables in, the view out.
 */
import type { ContinuityStatus, ContinuityViewGap, ContinuityViewResult } from '../protocol/continuity';
import type { WorkspaceIndex } from '../workspace/index';
import type { ContinuityAnalysis, ContinuityHost } from './analysis';
import { formatDuration, type Gap, type Place } from './model';
import { continuityRules as r } from './rules';

/** The families whose files continuity derives gaps and backups from (analysis.ts: Kubernetes, Compose, Terraform). */
const JUDGED = new Set(['kubernetes', 'compose', 'terraform']);
const NOT_SPOF = new Set([r.noBackup.id, r.objectiveUnmet.id]);
const ORDER: Record<ContinuityStatus, number> = { gaps: 0, none: 1, 'not-judged': 2 };

export function continuityView(analysis: ContinuityAnalysis, index: WorkspaceIndex, host: ContinuityHost): Omit<ContinuityViewResult, 'ms'> {
  const map = host.mapOf(index);
  const members = new Map(host.componentsOf(index).map((c) => [c.id, c.members]));
  const range = (p: Place) => {
    const lines = index.get(p.uri)?.lines;
    const start = lines ? lines.positionAt(p.start) : { line: 0, character: 0 };
    return { start, end: lines ? lines.positionAt(Math.max(p.start, p.end)) : start };
  };
  const gap = (g: Gap): ContinuityViewGap => ({ rule: g.rule, message: g.message, uri: g.uri, range: range(g), spof: !NOT_SPOF.has(g.rule) });
  const components = analysis.components.map((c) => {
    const gaps = analysis.gaps.filter((g) => g.component === c.id).map(gap);
    const judged = (members.get(c.id) ?? [c.id]).some((m) => JUDGED.has(map.node(m)?.family ?? ''));
    const status: ContinuityStatus = gaps.length > 0 ? 'gaps' : judged ? 'none' : 'not-judged';
    return {
      id: c.id,
      name: c.name,
      kind: c.kind,
      status,
      ...(c.tier !== undefined ? { tier: c.tier } : {}),
      sources: (map.node(c.id)?.sources ?? []).map((s) => ({ uri: s.uri, range: s.range })),
      rpo: { ...(c.rpo.asked !== undefined ? { asked: formatDuration(c.rpo.asked) } : {}), ...(c.rpo.achievable !== undefined ? { achievable: formatDuration(c.rpo.achievable) } : {}), ...(c.rpo.from !== undefined ? { from: c.rpo.from } : {}) },
      rto: { ...(c.rto.asked !== undefined ? { asked: formatDuration(c.rto.asked) } : {}), risks: c.rto.risks },
      gaps,
      backups: c.backups.map((b) => ({ kind: b.kind, interval: formatDuration(b.minutes), uri: b.uri, range: range(b) })),
      accepted: c.accepted,
    };
  });
  components.sort((a, b) => ORDER[a.status] - ORDER[b.status] || a.name.localeCompare(b.name));
  const ids = new Set(components.map((c) => c.id));
  return {
    asked: analysis.asked,
    components,
    loose: analysis.gaps.filter((g) => g.component === undefined || !ids.has(g.component)).map(gap),
    problems: analysis.problems.map((p) => ({ uri: p.place.uri, range: range(p.place), message: p.message })),
  };
}
