/**
 * A dashboard's heading, the same rule for every dashboard: the file's `title:` when it has one,
 * else the file name; the file name and the facts on the line below.
 */
import { h } from './dom';

export function dashboardHeading(title: string | undefined, fileName: string, facts: readonly string[]): HTMLElement[] {
  return [h('h1', undefined, title ?? fileName), h('p', { class: 'muted', attrs: { id: 'facts' } }, [fileName, ...facts].join(' · '))];
}
