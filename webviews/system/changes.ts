// The Security view's "Changes" (issue #80, As-Is / To-Be): while the map is compared with a revision
// ("Compare with…"), the risks the comparison raised (opening their head's lines) and resolved (opening
// the base revision's), from the same `archipel/diff` answer the map's comparison draws.
import { h } from '../shared/dom';
import { changeItem, type OpenChange } from './compare';
import { tr } from './l10n';
import type { RiskChanges } from './messages';

type Risk = RiskChanges['raised'][number];

/** The "Changes" part: the risks raised and resolved, or why there are none (no comparison, none changed, the comparison failed). */
export function riskChanges(changes: RiskChanges | undefined, error: string | undefined, open: OpenChange): HTMLElement {
  const text = (risk: Risk) => `${risk.severity} ${risk.title}${risk.pathNames.length > 0 ? ` (${risk.pathNames.join(' → ')})` : ''}`;
  const body = (): HTMLElement => {
    if (error !== undefined) return h('p', { class: 'error' }, error);
    if (!changes) return h('p', { class: 'muted' }, tr('No comparison: Archipel: Compare with… shows here the risks a change raises and resolves.'));
    if (changes.raised.length === 0 && changes.resolved.length === 0) return h('p', { class: 'muted' }, tr('No risk raised or resolved.'));
    return h(
      'ul',
      {},
      ...changes.raised.map((risk) => changeItem('diff-added', `+ ${tr('raised: {0}', text(risk))}`, 'head', risk.sources, open)),
      ...changes.resolved.map((risk) => changeItem('diff-removed', `− ${tr('resolved: {0}', text(risk))}`, 'base', risk.sources, open)),
    );
  };
  return h('section', { class: 'diff-list', attrs: { id: 'risk-changes' } }, h('h3', {}, tr('Changes'), changes ? ` (${changes.base.ref} → ${changes.head.ref})` : ''), body());
}
