/**
 * `archipel continuity`'s formats (issue #97): the JSON contract, the PRA/PCA report in Markdown (per component: tier,
 * asked vs achievable RPO/RTO, the SPOFs, the backups, the gaps with their lines, and AWS Resilience Hub's disruption
 * grid — application, infrastructure, zone, region), the terminal's text and SARIF (common/sarif.ts). Pure: the
 * analysis and a way to name places in, text out.
 */
import { sarifLog } from '../common/sarif';
import { t } from '../l10n/t';
import type { ContinuityAnalysis } from './analysis';
import { formatDuration, type Place } from './model';
import { allContinuityRules, type Disruption } from './rules';

export interface Namer {
  /** A place as a file (repository-relative, or from the current folder for the terminal) and a 1-based line. */
  where: (place: Place) => { file: string; line: number };
  /** A map id as it leaves the process (repository-relative). */
  id: (id: string) => string;
}

const duration = (m: number | undefined): string | null => (m === undefined ? null : formatDuration(m));

/** The JSON contract: `{components:[{id, name, tier?, rpo:{asked, achievable}, rto:{asked, risks}, spofs:[…], backups:[…]}], gaps:[…]}`. */
export function continuityJson(analysis: ContinuityAnalysis, namer: Namer): string {
  const at = (p: Place) => namer.where(p);
  return JSON.stringify({
    components: analysis.components.map((c) => ({
      id: namer.id(c.id),
      name: c.name,
      ...(c.tier !== undefined ? { tier: c.tier } : {}),
      rpo: { asked: duration(c.rpo.asked), achievable: duration(c.rpo.achievable) },
      rto: { asked: duration(c.rto.asked), risks: c.rto.risks },
      spofs: c.spofs.map((g) => ({ rule: g.rule, ...at(g), message: g.message })),
      backups: c.backups.map((b) => ({ kind: b.kind, ...at(b), interval: formatDuration(b.minutes) })),
    })),
    gaps: analysis.gaps.map((g) => ({ rule: g.rule, component: g.component !== undefined ? namer.id(g.component) : null, ...at(g), message: g.message })),
    // Additive: the backups of data no component holds (DVC remotes), when the repository tracks some; a push has no interval.
    ...(analysis.derivation.data.length > 0 ? { data: analysis.derivation.data.map((b) => ({ kind: b.kind, ...at(b), interval: null, remote: b.remote, url: b.url, offSite: b.offSite })) } : {}),
  }, null, 2);
}

const GRID: readonly Disruption[] = ['application', 'infrastructure', 'zone', 'region'];
/** The grid's headings, each written out for the translation. */
const heading = (d: Disruption): string => ({ application: t('application'), infrastructure: t('infrastructure'), zone: t('zone'), region: t('region'), data: d })[d];
const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');

/** The PRA/PCA report. */
export function continuityMarkdown(analysis: ContinuityAnalysis, title: string, namer: Namer): string {
  const out: string[] = [`# ${t('Continuity (PRA/PCA) of {0}', title)}`, ''];
  out.push(`| ${t('Component')} | ${t('Tier')} | ${t('RPO asked')} | ${t('RPO achievable')} | ${t('RTO asked')} | ${GRID.map(heading).join(' | ')} |`);
  out.push(`|---|---|---|---|---|${GRID.map(() => '---').join('|')}|`);
  for (const c of analysis.components) {
    const open = (d: Disruption) => c.disruptions.includes(d);
    out.push(`| ${cell(c.name)} | ${c.tier ?? ''} | ${duration(c.rpo.asked) ?? ''} | ${duration(c.rpo.achievable) ?? t('none')} | ${duration(c.rto.asked) ?? ''} | ${GRID.map((d) => (open(d) ? '✗' : '✓')).join(' | ')} |`);
  }
  out.push('', t('✓: nothing found that one such disruption takes down; ✗: a single point of failure of that kind (below).'), '');
  for (const c of analysis.components) {
    out.push(`## ${c.name}`, '', `- ${t('Id')}: \`${namer.id(c.id)}\` (${c.kind})${c.tier !== undefined ? ` — ${t('tier')} ${c.tier}` : ''}`);
    out.push(`- RPO: ${t('asked')} ${duration(c.rpo.asked) ?? '—'}${c.rpo.from && c.rpo.from !== c.name ? ` (${t('from {0}', c.rpo.from)})` : ''}, ${t('achievable')} ${duration(c.rpo.achievable) ?? t('none')}`);
    out.push(`- RTO: ${t('asked')} ${duration(c.rto.asked) ?? '—'}${c.rto.risks.length ? `; ${t('risks')}: ${c.rto.risks.join('; ')}` : ''}`);
    if (c.spofs.length) {
      out.push('', `### ${t('Single points of failure')}`, '');
      for (const g of c.spofs) { const w = namer.where(g); out.push(`- \`${g.rule}\` ${w.file}:${w.line} — ${g.message}`); }
    }
    if (c.backups.length) {
      out.push('', `### ${t('Backups')}`, '');
      for (const b of c.backups) { const w = namer.where(b); out.push(`- ${b.kind} ${t('every')} ${formatDuration(b.minutes)} — ${w.file}:${w.line}`); }
    }
    if (c.accepted.length) {
      out.push('', `### ${t('Accepted')}`, '');
      for (const a of c.accepted) out.push(`- \`${a.rule}\`: ${a.reason}`);
    }
    out.push('');
  }
  if (analysis.derivation.data.length) {
    out.push(`## ${t('Data (DVC)')}`, '');
    for (const b of analysis.derivation.data) { const w = namer.where(b); out.push(`- ${b.kind} \`${b.remote}\` ${cell(b.url)} — ${b.offSite ? t('off-site') : t('on the same host: not off-site')} — ${w.file}:${w.line}`); }
    out.push('');
  }
  out.push(`## ${t('Gaps')}`, '');
  if (analysis.gaps.length === 0) out.push(t('None.'));
  for (const g of analysis.gaps) { const w = namer.where(g); out.push(`- \`${g.rule}\` ${w.file}:${w.line}${g.component ? ` (${namer.id(g.component)})` : ''} — ${g.message}`); }
  return `${out.join('\n')}\n`;
}

/** The terminal's text: each gap on its line, then each component's objectives. */
export function continuityText(analysis: ContinuityAnalysis, namer: Namer): string[] {
  const lines: string[] = [];
  for (const g of analysis.gaps) { const w = namer.where(g); lines.push(`${w.file}:${w.line}: ${g.rule}: ${g.message}`); }
  for (const c of analysis.components) {
    lines.push(`${c.name}: RPO ${duration(c.rpo.asked) ?? '—'} / ${duration(c.rpo.achievable) ?? t('none')}, RTO ${duration(c.rto.asked) ?? '—'}, ${t('{0} SPOF(s), {1} backup(s)', c.spofs.length, c.backups.length)}`);
  }
  for (const b of analysis.derivation.data) { const w = namer.where(b); lines.push(`${w.file}:${w.line}: ${t('data backup')}: ${b.kind} ${b.remote} ${b.url} (${b.offSite ? t('off-site') : t('on the same host: not off-site')})`); }
  lines.push(t('{0} component(s), {1} gap(s).', analysis.components.length, analysis.gaps.length));
  return lines;
}

export function continuitySarif(analysis: ContinuityAnalysis, namer: Namer, notRead: readonly { file: string; reason: string; text?: string }[] = []): string {
  return sarifLog({
    notRead,
    tool: 'archipel continuity',
    rules: allContinuityRules.map((r) => ({ id: r.id, description: r.description, level: r.defaultSeverity === 'information' ? 'note' : r.defaultSeverity === 'error' ? 'error' : 'warning', tags: ['reliability', r.disruption] })),
    results: analysis.gaps.map((g) => {
      const info = allContinuityRules.find((r) => r.id === g.rule);
      return { ruleId: g.rule, level: info?.defaultSeverity === 'information' ? 'note' : 'warning', message: g.message, locations: [namer.where(g)], ...(g.component ? { properties: { component: namer.id(g.component) } } : {}) };
    }),
  });
}
