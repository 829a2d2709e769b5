// The risk dashboard of an AMDEC / FMEA file, from the server's model: severity × occurrence heat
// map with counts (detection as a filter), Pareto chart of the scores, action tracker (overdue in
// red), and each risk's ratings before and after its actions. A click opens the YAML row. Below, the
// workspace's derived threats in Threagile's likelihood × impact matrix (threats.ts).
import '../shared/base.css';
import './amdec.css';
import type { AmdecModelData, AmdecRiskData, AmdecScoreData, ModelProblem } from '../../server/src/protocol';
import { dashboardHeading } from '../shared/heading';
import { h, replaceChildren, root, s } from '../shared/dom';
import type { WireRange } from '../shared/messages';
import { connect } from '../shared/page';
import { enterClicks, problemList } from '../shared/problemList';
import { within } from '../shared/problems';
import { setLanguage } from '../system/l10n';
import type { SecurityView } from '../system/messages';
import { AmdecState, AmdecToPage, type AmdecToHost } from './messages';
import { threatMatrix } from './threats';

type Ratings = 'initial' | 'revised';
interface View {
  detection: [number, number];
  ratings: Ratings;
}

let current: { model: AmdecModelData | null; fileName: string; error?: string; threats?: SecurityView | null } | undefined;
let view: View | undefined;

const page = connect<typeof AmdecToPage, AmdecToHost, typeof AmdecState>({ toPage: AmdecToPage, state: AmdecState }, (message) => {
  current = { model: message.model, fileName: message.fileName, error: message.error, threats: message.threats };
  setLanguage(message.lang);
  if (message.model) {
    const saved = page.state();
    const [low, high] = message.model.scales.detection;
    const clamp = (n: number) => Math.min(high, Math.max(low, n));
    const detection: [number, number] = view?.detection ?? saved?.detection ?? [low, high];
    view = { detection: [clamp(detection[0]), clamp(detection[1])], ratings: view?.ratings ?? saved?.ratings ?? 'initial' };
    save(message.model.uri);
  }
  render();
});

function save(uri: string): void {
  if (view) page.setState({ uri, detection: view.detection, ratings: view.ratings });
}

function reveal(uri: string, range: WireRange): void {
  page.post({ type: 'reveal', uri, range });
}

const scoreName = (model: AmdecModelData) => (model.method === 'criticite' ? 'Criticité' : model.method === 'aiag-vda-2019' ? 'S×O×D' : 'RPN');
const label = (risk: AmdecRiskData) => risk.id ?? risk.failureMode ?? risk.item ?? '(risk)';
const ratingsOf = (risk: AmdecRiskData, ratings: Ratings) => (ratings === 'revised' ? (risk.revised ?? risk.score) : risk.score);

function range(low: number, high: number): number[] {
  return Array.from({ length: high - low + 1 }, (_, i) => low + i);
}

/** The problems of a risk's row (its YAML entry). */
function problemsOf(model: AmdecModelData, risk: AmdecRiskData): ModelProblem[] {
  return model.problems.filter((p) => within(p.range.start, risk.rowRange));
}

function render(): void {
  const main = root();
  if (!current) return;
  const { model, fileName, error } = current;
  if (!model || !view) {
    replaceChildren(main, h('h1', undefined, fileName), h('p', { class: ['message', error ? 'error' : undefined] }, error ?? `${fileName} is not an AMDEC / FMEA file (kind: amdec or fmea).`));
    page.post({ type: 'rendered', summary: { risks: 0, shown: 0, actions: 0, overdue: 0, problems: 0 } });
    return;
  }
  const [dLow, dHigh] = view.detection;
  const shown = model.risks.filter((risk) => {
    const score = ratingsOf(risk, view!.ratings);
    return score !== undefined && score.detection >= dLow && score.detection <= dHigh;
  });
  const actions = model.risks.flatMap((risk) => risk.actions.map((action) => ({ risk, action })));
  const overdue = actions.filter((a) => a.action.overdue).length;
  const matrix = heatMap(model, shown, view.ratings);
  const threats = current.threats ? threatMatrix(current.threats, reveal) : undefined;
  replaceChildren(
    main,
    ...dashboardHeading(model.title, fileName, [
      model.kind.toUpperCase(),
      scoreName(model),
      ...(model.threshold !== undefined ? [`threshold ${model.threshold}`] : []),
      `${model.risks.length} risks`,
      `${actions.length} actions`,
      `as of ${model.today}`,
    ]),
    toolbar(model),
    h('div', { class: 'charts' }, h('section', { class: 'matrix' }, h('h2', undefined, `Risk matrix (${view.ratings} ratings)`), matrix.table), pareto(model, shown, view.ratings)),
    actionTracker(model, actions),
    beforeAfter(model),
    threats?.section,
    problemList(model.problems, (r) => reveal(model.uri, r)),
  );
  page.post({
    type: 'rendered',
    summary: { risks: model.risks.length, shown: shown.length, actions: actions.length, overdue, problems: model.problems.length, cells: matrix.cells, ...(threats ? { threatCells: threats.cells, threatsOpen: threats.open, threatsTreated: threats.treated } : {}) },
  });
}

function toolbar(model: AmdecModelData): HTMLElement {
  const [low, high] = model.scales.detection;
  const select = (id: string, value: number, onChange: (n: number) => void) =>
    h(
      'select',
      { attrs: { id, 'aria-label': id === 'detection-min' ? 'Lowest detection rating shown' : 'Highest detection rating shown' }, on: { change: (e) => onChange(Number((e.target as HTMLSelectElement).value)) } },
      ...range(low, high).map((n) => h('option', { attrs: { value: n, selected: n === value } }, String(n))),
    );
  const setView = (change: Partial<View>) => {
    view = { ...view!, ...change };
    if (view.detection[0] > view.detection[1]) view.detection = [view.detection[1], view.detection[0]];
    save(model.uri);
    render();
  };
  return h(
    'div',
    { class: 'toolbar' },
    h('label', { attrs: { for: 'detection-min' } }, 'Detection'),
    select('detection-min', view!.detection[0], (n) => setView({ detection: [n, view!.detection[1]] })),
    h('span', undefined, 'to'),
    select('detection-max', view!.detection[1], (n) => setView({ detection: [view!.detection[0], n] })),
    h('span', { class: 'spacer' }),
    h('span', undefined, 'Ratings'),
    ...(['initial', 'revised'] as const).map((r) =>
      h('button', { class: view!.ratings === r ? undefined : 'secondary', attrs: { id: `ratings-${r}`, 'aria-pressed': view!.ratings === r }, on: { click: () => setView({ ratings: r }) } }, r === 'initial' ? 'Initial' : 'After actions'),
    ),
  );
}

/**
 * Severity (rows, highest first) × occurrence (columns): how many risks in each cell. A cell with
 * risks takes their criticality's colour, as the Pareto's bars do (red when one of them needs
 * treatment by the file's method: score at or above the threshold, or AP H), so one risk has one
 * colour; only empty cells show the S × O heat.
 */
function heatMap(model: AmdecModelData, risks: AmdecRiskData[], ratings: Ratings): { table: HTMLElement; cells: number } {
  const [sLow, sHigh] = model.scales.severity;
  const [oLow, oHigh] = model.scales.occurrence;
  const at = new Map<string, AmdecRiskData[]>();
  for (const risk of risks) {
    const score = ratingsOf(risk, ratings)!;
    const key = `${score.severity}:${score.occurrence}`;
    at.set(key, [...(at.get(key) ?? []), risk]);
  }
  const max = sHigh * oHigh;
  const heat = (sv: number, oc: number) => Math.min(4, Math.floor(((sv * oc) / max) * 5));
  const rows = range(sLow, sHigh)
    .reverse()
    .map((sv) =>
      h(
        'tr',
        undefined,
        h('th', { attrs: { scope: 'row' } }, String(sv)),
        ...range(oLow, oHigh).map((oc) => {
          const here = at.get(`${sv}:${oc}`) ?? [];
          const critical = here.some((risk) => ratingsOf(risk, ratings)!.needsTreatment);
          return h(
            'td',
            {
              class: ['heat', `heat-${heat(sv, oc)}`, here.length > 0 && 'clickable', here.length > 0 && 'filled', here.length > 0 && (critical ? 'critical' : 'below')],
              dataset: { severity: String(sv), occurrence: String(oc), count: String(here.length) },
              title: here.length ? `S ${sv} × O ${oc}: ${here.map(label).join(', ')}` : `S ${sv} × O ${oc}`,
              attrs: here.length ? { tabindex: 0 } : undefined,
              on: here.length ? { click: () => reveal(model.uri, here[0].range) } : undefined,
            },
            here.length ? h('span', { class: 'count' }, String(here.length)) : null,
            here.length ? h('span', { class: 'ids' }, ...here.flatMap((risk, i) => [i > 0 ? ' ' : null, h('span', { class: ratingsOf(risk, ratings)!.needsTreatment ? 'id-high' : 'id-low' }, label(risk))])) : null,
          );
        }),
      ),
    );
  const table = h(
    'table',
    { class: 'heatmap', attrs: { 'aria-label': 'Risk matrix: severity by occurrence' } },
    h('caption', { class: 'muted' }, `Severity ↑ × Occurrence →. Cells with risks: red when one needs treatment (${treatmentRule(model)}), blue otherwise, as in the Pareto; empty cells: S × O.`),
    h('tbody', undefined, ...rows),
    h('tfoot', undefined, h('tr', undefined, h('th', undefined, 'S/O'), ...range(oLow, oHigh).map((oc) => h('th', { attrs: { scope: 'col' } }, String(oc))))),
  );
  return { table, cells: at.size };
}

/** What makes a risk need treatment, in the file's method's words. */
function treatmentRule(model: AmdecModelData): string {
  if (model.method === 'aiag-vda-2019') return 'action priority H';
  return model.threshold !== undefined ? `${scoreName(model)} ≥ ${model.threshold}` : `no threshold set`;
}

/** Risks sorted by score, bars with the cumulative share as a line (SVG drawn with DOM calls). */
function pareto(model: AmdecModelData, risks: AmdecRiskData[], ratings: Ratings): HTMLElement {
  const scored = risks.map((risk) => ({ risk, score: ratingsOf(risk, ratings)! })).sort((a, b) => b.score.product - a.score.product);
  const section = h('section', { class: 'pareto' }, h('h2', undefined, `Pareto of ${scoreName(model)}`));
  if (scored.length === 0) {
    section.append(h('p', { class: 'muted' }, 'No risk matches the filter.'));
    return section;
  }
  const width = 520;
  const height = 260;
  const pad = { left: 44, right: 40, top: 12, bottom: 56 };
  const plotW = width - pad.left - pad.right;
  const plotH = height - pad.top - pad.bottom;
  const top = Math.max(...scored.map((x) => x.score.product), model.threshold ?? 0);
  const total = scored.reduce((sum, x) => sum + x.score.product, 0);
  const step = plotW / scored.length;
  const y = (value: number) => pad.top + plotH - (value / top) * plotH;
  const svg = s('svg', { attrs: { viewBox: `0 0 ${width} ${height}`, width, height, role: 'img', 'aria-label': `Pareto chart of ${scoreName(model)}` } });
  svg.append(s('line', { class: 'axis', attrs: { x1: pad.left, y1: pad.top + plotH, x2: pad.left + plotW, y2: pad.top + plotH } }));
  svg.append(s('line', { class: 'axis', attrs: { x1: pad.left, y1: pad.top, x2: pad.left, y2: pad.top + plotH } }));
  svg.append(s('text', { class: 'tick', attrs: { x: pad.left - 6, y: pad.top + 4, 'text-anchor': 'end' } }, String(top)));
  svg.append(s('text', { class: 'tick', attrs: { x: pad.left - 6, y: pad.top + plotH, 'text-anchor': 'end' } }, '0'));
  svg.append(s('text', { class: 'tick', attrs: { x: pad.left + plotW + 6, y: pad.top + 4 } }, '100%'));
  let cumulative = 0;
  const points: string[] = [];
  scored.forEach(({ risk, score }, i) => {
    const x = pad.left + i * step;
    const barClass = ['bar', 'clickable', score.needsTreatment ? 'bar-high' : 'bar-low', problemsOf(model, risk).length > 0 && 'bar-problem'];
    svg.append(
      s(
        'rect',
        { class: barClass, dataset: { risk: label(risk), score: String(score.product) }, attrs: { x: x + step * 0.15, y: y(score.product), width: step * 0.7, height: pad.top + plotH - y(score.product), tabindex: 0 }, on: { click: () => reveal(model.uri, risk.range) } },
        s('title', undefined, `${label(risk)}: ${scoreName(model)} ${score.product} (S ${score.severity} × O ${score.occurrence} × D ${score.detection})`),
      ),
    );
    svg.append(s('text', { class: 'label', attrs: { x: x + step / 2, y: pad.top + plotH + 14, 'text-anchor': 'end', transform: `rotate(-40 ${x + step / 2} ${pad.top + plotH + 14})` } }, label(risk)));
    cumulative += score.product;
    points.push(`${x + step / 2},${pad.top + plotH - (cumulative / total) * plotH}`);
  });
  svg.append(s('polyline', { class: 'cumulative', attrs: { points: points.join(' '), fill: 'none' } }));
  if (model.threshold !== undefined && model.method !== 'aiag-vda-2019') {
    svg.append(s('line', { class: 'threshold', attrs: { x1: pad.left, x2: pad.left + plotW, y1: y(model.threshold), y2: y(model.threshold) } }));
    svg.append(s('text', { class: 'tick threshold-label', attrs: { x: pad.left + plotW - 2, y: y(model.threshold) - 4, 'text-anchor': 'end' } }, `threshold ${model.threshold}`));
  }
  section.append(svg);
  return section;
}

function actionTracker(model: AmdecModelData, actions: { risk: AmdecRiskData; action: AmdecRiskData['actions'][number] }[]): HTMLElement {
  const sorted = [...actions].sort((a, b) => (a.action.due ?? '9999').localeCompare(b.action.due ?? '9999'));
  return h(
    'section',
    { attrs: { id: 'actions' } },
    h('h2', undefined, `Actions (${actions.length}, ${actions.filter((a) => a.action.overdue).length} overdue)`),
    actions.length === 0
      ? h('p', { class: 'muted' }, 'No action recorded.')
      : h(
          'table',
          { class: 'actions' },
          h('thead', undefined, h('tr', undefined, ...['Action', 'Risk', 'What', 'Owner', 'Due', 'Status'].map((t) => h('th', { attrs: { scope: 'col' } }, t)))),
          h(
            'tbody',
            undefined,
            ...sorted.map(({ risk, action }) =>
              h(
                'tr',
                {
                  class: ['clickable', action.overdue && 'overdue', action.status ? `status-${action.status}` : undefined],
                  dataset: { action: action.id ?? '' },
                  title: action.overdue ? `Overdue: due ${action.due}, still ${action.status}` : undefined,
                  attrs: { tabindex: 0 },
                  on: { click: () => reveal(model.uri, action.range) },
                },
                h('td', { class: 'mono' }, action.id ?? ''),
                h('td', { class: 'mono' }, label(risk)),
                h('td', undefined, action.action ?? ''),
                h('td', undefined, action.ownerName ? `${action.ownerName} (${action.owner})` : (action.owner ?? '')),
                h('td', { class: ['mono', action.overdue && 'overdue-date'] }, action.due ?? ''),
                h('td', undefined, action.status ?? '', action.overdue ? h('span', { class: 'badge overdue-badge' }, 'overdue') : null),
              ),
            ),
          ),
        ),
  );
}

function scoreCells(score: AmdecScoreData | undefined): HTMLElement[] {
  if (!score) return [h('td', { class: 'mono muted', attrs: { colspan: 4 } }, '—')];
  return [
    h('td', { class: 'mono' }, String(score.severity)),
    h('td', { class: 'mono' }, String(score.occurrence)),
    h('td', { class: 'mono' }, String(score.detection)),
    h('td', { class: ['mono', 'score', score.needsTreatment ? 'score-high' : 'score-low'] }, `${score.product}${score.ap ? ` (AP ${score.ap})` : ''}`),
  ];
}

/** Every risk's ratings before and after its actions (revised), with the change of score. */
function beforeAfter(model: AmdecModelData): HTMLElement {
  return h(
    'section',
    { attrs: { id: 'before-after' } },
    h('h2', undefined, 'Ratings before and after actions'),
    h(
      'table',
      { class: 'before-after' },
      h(
        'thead',
        undefined,
        h('tr', undefined, h('th', { attrs: { rowspan: 2 } }, 'Risk'), h('th', { attrs: { rowspan: 2 } }, 'Failure mode'), h('th', { attrs: { colspan: 4 } }, 'Before'), h('th', { attrs: { colspan: 4 } }, 'After'), h('th', { attrs: { rowspan: 2 } }, 'Change')),
        h('tr', undefined, ...['S', 'O', 'D', scoreName(model), 'S', 'O', 'D', scoreName(model)].map((t) => h('th', { attrs: { scope: 'col' } }, t))),
      ),
      h(
        'tbody',
        undefined,
        ...model.risks.map((risk) => {
          const problems = problemsOf(model, risk);
          const change = risk.score && risk.revised ? risk.revised.product - risk.score.product : undefined;
          return h(
            'tr',
            {
              class: ['clickable', problems.some((p) => p.severity === 'error') ? 'problem' : problems.length > 0 ? 'problem-warning' : undefined],
              dataset: { risk: label(risk) },
              title: problems.map((p) => `${p.message} [${p.code}]`).join('\n') || undefined,
              attrs: { tabindex: 0 },
              on: { click: () => reveal(model.uri, risk.range) },
            },
            h('td', { class: 'mono' }, label(risk)),
            h('td', undefined, risk.failureMode ?? risk.item ?? ''),
            ...scoreCells(risk.score),
            ...scoreCells(risk.revised),
            h('td', { class: ['mono', change !== undefined && change < 0 && 'better', change !== undefined && change > 0 && 'worse'] }, change === undefined ? '' : `${change > 0 ? '+' : ''}${change} (${Math.round((change / (risk.score!.product || 1)) * 100)}%)`),
          );
        }),
      ),
    ),
  );
}

enterClicks();
page.post({ type: 'ready' });
