/**
 * The risk dashboard's threat matrix (issue #65): the workspace's derived threats (`archipel/securityView`,
 * the System Map's Security view reads the same) in Threagile's likelihood × impact grid — in each
 * cell how many are open and which, coloured by their severity, each a click to the line that
 * causes it; a threat the risk register treats (an AMDEC risk's `x-threat`: mitigated, accepted,
 * false positive) is shown as such in its cell, not counted as open.
 */
import { h } from '../shared/dom';
import type { WireRange } from '../shared/messages';
import type { SecurityView } from '../system/messages';
import { tr } from '../system/l10n';
import { SEVERITY_ORDER } from '../system/security';

type Risk = SecurityView['risks'][number];

/** Threagile's scales, lowest first. */
const LIKELIHOOD = ['unlikely', 'likely', 'very-likely', 'frequent'] as const;
const IMPACT = ['low', 'medium', 'high', 'very-high'] as const;

const gravest = (risks: readonly Risk[]) => risks.reduce<string | undefined>((worst, r) => (worst === undefined || SEVERITY_ORDER.indexOf(r.severity as never) > SEVERITY_ORDER.indexOf(worst as never) ? r.severity : worst), undefined);
const ruleName = (risk: Risk) => risk.rule.replace(/^threat-/, '');

export function threatMatrix(view: SecurityView, reveal: (uri: string, range: WireRange) => void): { section: HTMLElement; cells: number; open: number; treated: number } {
  const at = new Map<string, Risk[]>();
  for (const risk of view.risks) at.set(`${risk.impact}:${risk.likelihood}`, [...(at.get(`${risk.impact}:${risk.likelihood}`) ?? []), risk]);
  const riskButton = (risk: Risk) =>
    h(
      'button',
      {
        class: ['threat', risk.open ? 'open' : 'treated', `severity-${risk.severity}`],
        attrs: { 'data-risk': risk.id, title: `${risk.title}${risk.tracking ? ` — ${tr('In the risk register: {0} ({1})', risk.tracking.risk, tr(risk.tracking.status))}` : ''}` },
        on: { click: () => (risk.sources[0] ? reveal(risk.sources[0].uri, risk.sources[0].range) : risk.tracking ? reveal(risk.tracking.source.uri, risk.tracking.source.range) : undefined) },
      },
      ruleName(risk),
      risk.open ? null : h('span', { class: 'status' }, ` (${tr(risk.tracking?.status ?? '')})`),
    );
  const rows = [...IMPACT].reverse().map((impact) =>
    h(
      'tr',
      undefined,
      h('th', { attrs: { scope: 'row' } }, impact),
      ...LIKELIHOOD.map((likelihood) => {
        const here = at.get(`${impact}:${likelihood}`) ?? [];
        const open = here.filter((r) => r.open);
        const treated = here.filter((r) => !r.open);
        const severity = gravest(open);
        return h(
          'td',
          {
            class: ['threat-cell', here.length > 0 && 'filled', severity ? `severity-${severity}` : treated.length > 0 ? 'only-treated' : 'empty'],
            dataset: { impact, likelihood, open: String(open.length), treated: String(treated.length) },
          },
          here.length > 0 ? h('span', { class: 'count' }, String(open.length)) : null,
          ...open.map(riskButton),
          ...treated.map(riskButton),
        );
      }),
    ),
  );
  const open = view.risks.filter((r) => r.open).length;
  const section = h(
    'section',
    { class: 'threats', attrs: { id: 'threats' } },
    h('h2', undefined, tr('Threats of the workspace'), ` (${tr('{0} open, {1} treated in the risk register', open, view.risks.length - open)})`),
    view.risks.length === 0
      ? h('p', { class: 'muted' }, tr('No risk: the rules found nothing in the deploy files.'))
      : h(
          'table',
          { class: 'threat-matrix', attrs: { 'aria-label': tr('Threat matrix: impact by likelihood') } },
          h('caption', { class: 'muted' }, tr('Impact ↑ × likelihood → (Threagile). A cell counts its open threats, coloured by the gravest; treated ones are shown with their status. A click opens the line.')),
          h('tbody', undefined, ...rows),
          h('tfoot', undefined, h('tr', undefined, h('th', undefined, ''), ...LIKELIHOOD.map((l) => h('th', { attrs: { scope: 'col' } }, l)))),
        ),
  );
  return { section, cells: at.size, open, treated: view.risks.length - open };
}
