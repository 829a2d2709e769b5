/**
 * The System Map's SLO view (issue #82): the components of the map, each with the objectives the workspace's Sloth
 * specs give it (a click opens the spec at the SLO), those with none said so, and the SLOs whose service is no
 * component. A table, not a drawing: what an SLA review reads. Every name is text (h() sets textContent).
 */
import { h } from '../shared/dom';
import type { WireRange } from '../shared/messages';
import { tr } from './l10n';
import type { SloView } from './messages';

type Objective = SloView['unmatched'][number];

function objectiveButton(objective: Objective, reveal: (uri: string, range: WireRange) => void): HTMLElement {
  return h('button', { class: 'link objective', title: objective.description || objective.uri, on: { click: () => reveal(objective.uri, objective.range) } }, `${objective.slo}: ${objective.objective}%`);
}

/** The view's body: the components' table, then the SLOs of no component. */
export function sloViewBody(view: SloView, reveal: (uri: string, range: WireRange) => void): HTMLElement {
  const covered = view.components.filter((c) => c.objectives.length > 0).length;
  const rows = view.components.map((component) =>
    h(
      'tr',
      { class: component.objectives.length > 0 ? 'covered' : 'uncovered', attrs: { 'data-component': component.id } },
      h('td', {}, component.sources[0] ? h('button', { class: 'link', title: component.id, on: { click: () => reveal(component.sources[0].uri, component.sources[0].range) } }, component.name) : component.name),
      h('td', {}, component.kind),
      h('td', {}, ...(component.objectives.length > 0 ? component.objectives.map((o) => objectiveButton(o, reveal)) : [h('span', { class: 'muted' }, tr('no SLO'))])),
    ),
  );
  return h(
    'div',
    { class: 'slo-view', attrs: { id: 'slo' } },
    // With a broken spec the count is not the whole answer: the summary itself says so.
    h('p', { attrs: { id: 'slo-summary' } }, view.errors.length > 0 ? tr('{0} of {1} components with service levels, not counting what the specs with errors say', covered, view.components.length) : tr('{0} of {1} components with service levels', covered, view.components.length)),
    // A spec with errors gives no objective: said here, or the summary above would read as if there were no spec.
    view.errors.length > 0
      ? h(
          'div',
          { attrs: { id: 'slo-errors' } },
          h('p', { class: 'error' }, tr('{0} problem(s) in the SLO specs: the SLOs they concern are not counted', view.errors.length)),
          h('ul', {}, ...view.errors.map((e) => h('li', {}, h('button', { class: 'link', title: e.uri, on: { click: () => reveal(e.uri, e.range) } }, `${e.uri.split('/').pop() ?? e.uri}:${e.range.start.line + 1}`), ` ${e.message}`))),
        )
      : '',
    view.components.length === 0
      ? h('p', { class: 'muted' }, tr('No component in the map: no Compose service or Kubernetes workload for an SLO to name.'))
      : h('table', { attrs: { id: 'slo-components' } }, h('thead', {}, h('tr', {}, h('th', {}, tr('Component')), h('th', {}, tr('Kind')), h('th', {}, tr('Objectives')))), h('tbody', {}, ...rows)),
    view.unmatched.length > 0
      ? h('div', { attrs: { id: 'slo-unmatched' } }, h('h3', {}, tr('SLOs of no component')), h('ul', {}, ...view.unmatched.map((o) => h('li', {}, `${o.service} `, objectiveButton(o, reveal)))))
      : '',
  );
}
