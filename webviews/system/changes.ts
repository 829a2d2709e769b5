// The Security view's "Changes" (issue #80, As-Is / To-Be): while the map is compared with a revision
// ("Compare with…"), the risks the comparison raised (opening their head's lines) and resolved (opening
// the base revision's), from the same `archipel/diff` answer the map's comparison draws.
import { h } from '../shared/dom';
import { changeItem, type OpenChange } from './compare';
import { tr } from './l10n';
import type { RiskChanges } from './messages';

type Risk = RiskChanges['raised'][number];

/**
 * Why a risk was raised: the changes of the comparison on its attack path (a component added or changed, an entry
 * point opened, a connection added between two of its elements), by the path's ids (its names when the answer has none).
 */
export function causeOf(risk: Risk, changes: RiskChanges): string {
  const ids = new Set(risk.path ?? []);
  const names = new Set(risk.pathNames);
  const on = (id: string, name: string | undefined) => (ids.size > 0 ? ids.has(id) : name !== undefined && names.has(name));
  const named = (e: { from: string; to: string; label: string; fromName?: string; toName?: string }) => `${e.fromName ?? e.from} → ${e.toName ?? e.to} ${e.label}`;
  const entries = new Set((changes.entryPoints?.opened ?? []).map(named));
  const found = [
    ...(changes.components?.added ?? []).filter((c) => on(c.id, c.name)).map((c) => tr('{0} added', c.name)),
    ...(changes.components?.changed ?? []).filter((c) => on(c.id, c.name)).map((c) => tr('{0} changed ({1})', c.name, c.changes.map((f) => `${f.field}: ${f.before || '—'} → ${f.after || '—'}`).join(', '))),
    ...(changes.entryPoints?.opened ?? []).filter((e) => on(e.to, e.toName)).map((e) => tr('entry point opened: {0}', named(e))),
    ...(changes.connections?.added ?? []).filter((e) => !entries.has(named(e)) && on(e.from, e.fromName) && on(e.to, e.toName)).map((e) => tr('connection added: {0}', named(e))),
  ];
  return found.length > 0 ? tr('because: {0}', found.join('; ')) : tr('because: nothing on its path changed; the head reads it anew (an element renamed or moved, or a setting changed)');
}

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
      ...changes.raised.map((risk) => {
        const item = changeItem('diff-added', `+ ${tr('raised: {0}', text(risk))}`, 'head', risk.sources, open);
        if (changes.components) item.append(h('div', { class: 'cause' }, causeOf(risk, changes)));
        return item;
      }),
      ...changes.resolved.map((risk) => changeItem('diff-removed', `− ${tr('resolved: {0}', text(risk))}`, 'base', risk.sources, open)),
    );
  };
  return h('section', { class: 'diff-list', attrs: { id: 'risk-changes' } }, h('h3', {}, tr('Changes'), changes ? ` (${changes.base.ref} → ${changes.head.ref})` : ''), body());
}
