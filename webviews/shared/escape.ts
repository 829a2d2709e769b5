/**
 * Escaping for strings from the workspace (file names, class names, messages) that end up in
 * HTML built as text: the host's page skeleton, and any page code that cannot use textContent.
 * Pages should prefer DOM APIs (textContent, setAttribute), which need no escaping.
 */
const ENTITIES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

export function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => ENTITIES[c]);
}
