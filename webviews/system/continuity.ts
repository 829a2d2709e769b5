/**
 * The System Map's Continuity view (issue #97): each component of the map coloured by its continuity (no gap, gaps,
 * not judged), its single points of failure marked, its asked vs achievable RPO and RTO (the RTO's risks in the
 * tooltip), its backups; every gap and backup a link to its line. A table, as the SLO view: what a PRA/PCA review
 * reads. Every name and message is text (h() sets textContent).
 */
import { h, replaceChildren } from '../shared/dom';
import type { WireRange } from '../shared/messages';
import { tr } from './l10n';
import type { ContinuityView } from './messages';

type Component = ContinuityView['components'][number];
type Gap = ContinuityView['loose'][number];
type Reveal = (uri: string, range: WireRange) => void;

const fileOf = (uri: string) => uri.split('/').pop() ?? uri;
const STATUS: Record<Component['status'], string> = { none: 'no gap', gaps: 'gaps', 'not-judged': 'not judged' };

function gapItem(gap: Gap, reveal: Reveal): HTMLElement {
  return h(
    'li',
    { class: gap.spof ? 'gap spof' : 'gap' },
    gap.spof ? h('span', { class: 'spof-mark', title: tr('single point of failure') }, 'SPOF') : '',
    h('button', { class: 'link', title: gap.message, on: { click: () => reveal(gap.uri, gap.range) } }, `${gap.rule} ${fileOf(gap.uri)}:${gap.range.start.line + 1}`),
  );
}

function row(c: Component, reveal: Reveal): HTMLElement {
  const rpo = `${c.rpo.asked ?? '—'} / ${c.rpo.achievable ?? tr('none')}`;
  const risks = c.rto.risks.length > 0 ? `${tr('RTO risks')}: ${c.rto.risks.join('; ')}` : tr('no RTO risk found');
  const rpoTitle = c.rpo.from && c.rpo.from !== c.name ? tr('RPO inherited from {0}', c.rpo.from) : '';
  return h(
    'tr',
    { class: `status-${c.status}`, attrs: { 'data-component': c.id, 'data-status': c.status } },
    h('td', {}, h('span', { class: 'swatch', title: tr(STATUS[c.status]) }), ' ', c.sources[0] ? h('button', { class: 'link', title: c.id, on: { click: () => reveal(c.sources[0].uri, c.sources[0].range) } }, c.name) : c.name),
    h('td', {}, c.kind),
    h('td', {}, c.tier ?? ''),
    h('td', { class: 'rpo', title: rpoTitle }, rpo),
    h('td', { class: 'rto', title: risks }, c.rto.asked ?? '—', c.rto.risks.length > 0 ? h('span', { class: 'risks' }, ` (${c.rto.risks.length})`) : ''),
    h('td', {}, c.gaps.length > 0 ? h('ul', {}, ...c.gaps.map((g) => gapItem(g, reveal))) : h('span', { class: 'muted' }, c.accepted.length > 0 ? tr('{0} accepted', c.accepted.length) : tr(STATUS[c.status]))),
    h('td', {}, ...(c.backups.length > 0 ? c.backups.map((b) => h('button', { class: 'link backup', title: `${fileOf(b.uri)}:${b.range.start.line + 1}`, on: { click: () => reveal(b.uri, b.range) } }, `${b.kind} (${b.interval})`)) : [h('span', { class: 'muted' }, tr('none'))])),
  );
}

/** The view's body: the summary, the legend, the components' table, the gaps of no component, the section's problems. */
export function continuityViewBody(view: ContinuityView, reveal: Reveal): HTMLElement {
  const withGaps = view.components.filter((c) => c.status === 'gaps').length;
  const spofs = view.components.reduce((n, c) => n + c.gaps.filter((g) => g.spof).length, 0);
  return h(
    'div',
    { class: 'continuity-view', attrs: { id: 'continuity' } },
    h('p', { attrs: { id: 'continuity-summary' } }, tr('{0} of {1} components with gaps, {2} single point(s) of failure', withGaps, view.components.length, spofs), view.asked ? '' : ` — ${tr('no objective declared (archipel.yaml has no continuity section)')}`),
    h('p', { class: 'legend', attrs: { id: 'continuity-legend' } }, ...(['gaps', 'none', 'not-judged'] as const).map((s) => h('span', { class: `status-${s}` }, h('span', { class: 'swatch' }), ` ${tr(STATUS[s])} `))),
    view.problems.length > 0
      ? h('ul', { attrs: { id: 'continuity-problems' }, class: 'error' }, ...view.problems.map((p) => h('li', {}, h('button', { class: 'link', on: { click: () => reveal(p.uri, p.range) } }, `${fileOf(p.uri)}:${p.range.start.line + 1}`), ` ${p.message}`)))
      : '',
    view.components.length === 0
      ? h('p', { class: 'muted' }, tr('No component in the map: no Compose service, Kubernetes workload or Terraform resource to judge.'))
      : h(
          'table',
          { attrs: { id: 'continuity-components' } },
          h('thead', {}, h('tr', {}, ...['Component', 'Kind', 'Tier', 'RPO asked / achievable', 'RTO asked', 'Gaps', 'Backups'].map((x) => h('th', {}, tr(x))))),
          h('tbody', {}, ...view.components.map((c) => row(c, reveal))),
        ),
    view.loose.length > 0 ? h('div', { attrs: { id: 'continuity-loose' } }, h('h3', {}, tr('Gaps of no component')), h('ul', {}, ...view.loose.map((g) => gapItem(g, reveal)))) : '',
  );
}

/** Draws the view in `main` under its toolbar (the server's answer, else what it waits for or why it failed); `rendered` gets the page's report. */
export function continuityPage(main: HTMLElement, toolbar: HTMLElement, at: { view: ContinuityView | undefined; error: string | undefined; reveal: Reveal; rendered: (summary: Record<string, string | number>) => void }): void {
  const { view } = at;
  if (!view) {
    replaceChildren(main, toolbar, h('p', { class: at.error ? 'error' : 'muted' }, at.error ?? tr('Reading the continuity…')));
    return;
  }
  replaceChildren(main, toolbar, continuityViewBody(view, at.reveal));
  const count = (status: string) => view.components.filter((c) => c.status === status).length;
  at.rendered({ view: 'continuity', components: view.components.length, gaps: count('gaps'), none: count('none'), notJudged: count('not-judged'), spofs: main.querySelectorAll('#continuity-components .spof-mark').length, rows: main.querySelectorAll('#continuity-components tbody tr').length, loose: view.loose.length, serverMs: view.ms });
}
