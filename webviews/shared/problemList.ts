/** The list of a model's problems under a dashboard: severity, line, message, rule; a click reveals it. */
import type { ModelProblem } from '../../server/src/protocol';
import { h } from './dom';
import type { WireRange } from './messages';
import { lineLabel } from './problems';

export function problemList(problems: readonly ModelProblem[], reveal: (range: WireRange) => void): HTMLElement {
  if (problems.length === 0) return h('p', { class: 'muted', attrs: { id: 'problems' } }, 'No problems reported.');
  return h(
    'section',
    { attrs: { id: 'problems' } },
    h('h2', undefined, `Problems (${problems.length})`),
    h(
      'ul',
      { class: 'problems' },
      ...problems.map((p) =>
        h(
          'li',
          { class: ['clickable', `severity-${p.severity}`], attrs: { tabindex: 0 }, on: { click: () => reveal(p.range) } },
          h('span', { class: 'severity' }, p.severity),
          ` ${lineLabel(p.range)}: ${p.message} `,
          h('span', { class: 'muted' }, `[${p.code}]`),
        ),
      ),
    ),
  );
}

/** Enter on a focused clickable element acts as a click (cells, rows, bars are focusable). */
export function enterClicks(): void {
  document.addEventListener('keydown', (event) => {
    const target = event.target;
    if (event.key !== 'Enter' || !(target instanceof Element) || !target.classList.contains('clickable')) return;
    target.dispatchEvent(new MouseEvent('click', { bubbles: true }));
  });
}
