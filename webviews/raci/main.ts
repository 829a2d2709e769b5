// The RACI dashboard: activities × roles from the server's model, letters coloured, what the rules
// report outlined on the cell, row or role it concerns; a click opens the YAML there.
import '../shared/base.css';
import './raci.css';
import type { ModelProblem, RaciModelData } from '../../server/src/protocol';
import { dashboardHeading } from '../shared/heading';
import { h, replaceChildren, root } from '../shared/dom';
import type { WireRange } from '../shared/messages';
import { connect } from '../shared/page';
import { problemList, enterClicks } from '../shared/problemList';
import { within } from '../shared/problems';
import { RaciState, RaciToPage, type RaciToHost } from './messages';

const page = connect<typeof RaciToPage, RaciToHost, typeof RaciState>({ toPage: RaciToPage, state: RaciState }, (message) => {
  if (message.model) page.setState({ uri: message.model.uri });
  render(message.model, message.fileName, message.error);
});

const reveal = (uri: string, range: WireRange) => page.post({ type: 'reveal', uri, range });

/** Where each problem shows: a cell, else its activity row, else a role's header; all are listed below. */
interface Placement {
  cells: Map<string, ModelProblem[]>;
  rows: Map<number, ModelProblem[]>;
  roles: Map<string, ModelProblem[]>;
}

function place(model: RaciModelData): Placement {
  const placement: Placement = { cells: new Map(), rows: new Map(), roles: new Map() };
  const push = <K>(map: Map<K, ModelProblem[]>, key: K, problem: ModelProblem) => map.set(key, [...(map.get(key) ?? []), problem]);
  for (const problem of model.problems) {
    const at = problem.range.start;
    const row = model.activities.findIndex((a) => within(at, a.rowRange));
    if (row >= 0) {
      const cell = model.activities[row].cells.find((c) => within(at, { start: c.keyRange.start, end: c.range.end }));
      if (cell) push(placement.cells, `${row}:${cell.role}`, problem);
      else push(placement.rows, row, problem);
      continue;
    }
    const role = model.roles.find((r) => within(at, r.rowRange));
    if (role) push(placement.roles, role.id, problem);
  }
  return placement;
}

const severityClass = (problems: readonly ModelProblem[] | undefined) =>
  !problems?.length ? undefined : problems.some((p) => p.severity === 'error') ? 'problem' : 'problem-warning';
const tooltip = (problems: readonly ModelProblem[] | undefined) => problems?.map((p) => `${p.message} [${p.code}]`).join('\n');

function letterClass(letter: string): string {
  return /^[A-Z]$/.test(letter) ? `letter letter-${letter}` : 'letter';
}

function render(model: RaciModelData | null, fileName: string, error: string | undefined): void {
  const main = root();
  if (!model) {
    replaceChildren(main, h('h1', undefined, fileName), h('p', { class: ['message', error ? 'error' : undefined] }, error ?? `${fileName} is not a RACI matrix (kind: raci).`));
    page.post({ type: 'rendered', summary: { activities: 0, roles: 0, problems: 0 } });
    return;
  }
  const placement = place(model);
  const roleHeader = (role: RaciModelData['roles'][number]) => {
    const problems = placement.roles.get(role.id);
    return h(
      'th',
      {
        class: ['role', 'clickable', role.overloaded && 'overloaded', severityClass(problems)],
        title: [role.name ?? role.id, `A or R in ${Math.round(role.load * 100)}% of the activities${role.overloaded ? ' (overloaded)' : ''}`, tooltip(problems)].filter(Boolean).join('\n'),
        dataset: { role: role.id },
        attrs: { scope: 'col', tabindex: 0 },
        on: { click: () => reveal(model.uri, role.range) },
      },
      // One label box: upright in a narrow panel, its id and name then two lines side by side (#52: they ran into one line).
      h('span', { class: 'role-label' }, h('span', { class: 'role-id' }, role.id), role.name ? ' ' : null, role.name ? h('span', { class: 'role-name muted' }, role.name) : null),
      h('span', { class: ['load', role.overloaded && 'overloaded'] }, `${Math.round(role.load * 100)}%`),
    );
  };
  const rows: HTMLTableRowElement[] = [];
  let group: string | undefined;
  model.activities.forEach((activity, index) => {
    if (activity.group !== undefined && activity.group !== group) {
      group = activity.group;
      // The label is sticky inside its full-width cell: it stays in view when the grid scrolls sideways.
      rows.push(h('tr', { class: 'group' }, h('th', { attrs: { colspan: model.roles.length + 1, scope: 'rowgroup' } }, h('span', { class: 'group-label' }, activity.group))));
    }
    const rowProblems = placement.rows.get(index);
    const cells = new Map(activity.cells.map((c) => [c.role, c]));
    rows.push(
      h(
        'tr',
        { class: ['activity-row', severityClass(rowProblems)], dataset: { activity: activity.id ?? String(index) }, title: tooltip(rowProblems) },
        h(
          'th',
          { class: 'activity clickable', attrs: { scope: 'row', tabindex: 0 }, on: { click: () => reveal(model.uri, activity.range) } },
          activity.id ? h('span', { class: 'activity-id' }, activity.id) : null,
          h('span', { class: 'activity-text' }, activity.activity ?? ''),
          rowProblems ? h('span', { class: 'badge problem-count' }, `${rowProblems.length} problem${rowProblems.length > 1 ? 's' : ''}`) : null,
        ),
        ...model.roles.map((role) => {
          const cell = cells.get(role.id);
          if (!cell) return h('td', { class: 'cell empty', dataset: { role: role.id } });
          const problems = placement.cells.get(`${index}:${role.id}`);
          const shown = cell.letters.length > 0 ? cell.letters : [cell.value];
          return h(
            'td',
            {
              class: ['cell', 'clickable', severityClass(problems)],
              dataset: { role: role.id, value: cell.value },
              title: [`${role.name ?? role.id}: ${cell.letters.map((l) => model.letters[l] ?? l).join(', ') || cell.value}`, tooltip(problems)].filter(Boolean).join('\n'),
              attrs: { tabindex: 0 },
              on: { click: () => reveal(model.uri, cell.range) },
            },
            ...shown.map((letter) => h('span', { class: letterClass(letter) }, letter)),
          );
        }),
      ),
    );
  });
  // Roles that appear in cells but are not declared get no column: the problems list names them.
  const legend = h('p', { class: 'legend' }, ...Object.entries(model.letters).flatMap(([letter, meaning]) => [h('span', { class: letterClass(letter) }, letter), ` ${meaning}  `]));
  replaceChildren(
    main,
    ...dashboardHeading(model.title, fileName, [model.scheme, `${model.activities.length} activities × ${model.roles.length} roles`]),
    legend,
    h(
      'div',
      { class: 'grid-scroll' },
      h('table', { class: 'raci-grid' }, h('thead', undefined, h('tr', undefined, h('th', { class: 'corner', attrs: { scope: 'col' } }, 'Activity'), ...model.roles.map(roleHeader))), h('tbody', undefined, ...rows)),
    ),
    problemList(model.problems, (range) => reveal(model.uri, range)),
  );
  page.post({
    type: 'rendered',
    summary: { activities: model.activities.length, roles: model.roles.length, problems: model.problems.length, highlighted: placement.cells.size + placement.rows.size + placement.roles.size },
  });
}

enterClicks();
page.post({ type: 'ready' });
