/**
 * Editing Fides manifests (issue #65): completion of the taxonomy's keys where a manifest names
 * data categories, a data use or data subjects (with their names and descriptions), and a hover
 * on a key with its description from the taxonomy.
 */
import { CompletionItemKind, MarkupKind, type CompletionItem, type Hover } from 'vscode-languageserver-types';
import { t } from '../l10n/t';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import { datasetCategories, fidesManifest, type Written } from './fides';
import { privacyInventory } from './inventory';
import type { Taxonomy, TaxonomyEntry, TaxonomyKind } from './taxonomy';

const KEY_KINDS: Record<string, TaxonomyKind> = { data_categories: 'data_categories', data_use: 'data_uses', data_uses: 'data_uses', data_subjects: 'data_subjects' };

/** The kind of key expected at `offset`, and the word typed so far: from the line and the keys above it. */
function keyContext(text: string, offset: number): { kind: TaxonomyKind; start: number } | undefined {
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  let at = before.length;
  while (at > 0 && /[A-Za-z0-9_.<>-]/.test(before[at - 1])) at--;
  const word = before.slice(at);
  const start = offset - word.length;
  // `data_use: x`, `data_categories: [a, x`
  const prefix = before.slice(0, before.length - word.length);
  const bracket = prefix.indexOf('[');
  const head = bracket >= 0 && !prefix.includes(']', bracket) ? prefix.slice(0, bracket) : prefix;
  const inline = /^\s*(?:-\s+)?([a-z_]+)\s*:\s*$/.exec(head);
  const inlineKey = inline?.[1];
  if (inlineKey && KEY_KINDS[inlineKey]) return { kind: KEY_KINDS[inlineKey], start };
  // `  - x` under `data_categories:` (or `values:` under a policy rule's `data_categories:`).
  const item = /^(\s*)-\s+$/.exec(prefix);
  if (!item) return undefined;
  let indent = item[1].length;
  let cursor = lineStart - 1;
  for (let steps = 0; cursor > 0 && steps < 200; steps++) {
    const from = text.lastIndexOf('\n', cursor - 1) + 1;
    const line = text.slice(from, cursor);
    cursor = from - 1;
    const m = /^(\s*)(?:-\s+)?([A-Za-z_]+)\s*:\s*$/.exec(line);
    if (!m || line.trim() === '' || m[1].length > indent) continue;
    if (KEY_KINDS[m[2]]) return { kind: KEY_KINDS[m[2]], start };
    if (m[2] !== 'values') return undefined;
    indent = m[1].length - 1;
  }
  return undefined;
}

function documentation(entry: TaxonomyEntry): string {
  const deprecated = entry.replaced_by ? `\n\n${t('Deprecated since fideslang {0}: use `{1}`.', entry.version_deprecated ?? '?', entry.replaced_by)}` : '';
  return `**${entry.name}** — \`${entry.key}\`\n\n${entry.description}${deprecated}`;
}

/** Completion of taxonomy keys in a Fides manifest. */
export function privacyCompletion(file: IndexedFile, offset: number, index: WorkspaceIndex, taxonomy: Taxonomy): CompletionItem[] {
  if (!fidesManifest(file)) return [];
  const context = keyContext(file.text, offset);
  if (!context) return [];
  const range = { start: file.lines.positionAt(context.start), end: file.lines.positionAt(offset) };
  const items: CompletionItem[] = [];
  for (const entry of taxonomy[context.kind].values()) {
    if (entry.replaced_by) continue;
    items.push({ label: entry.key, kind: CompletionItemKind.EnumMember, detail: entry.name, documentation: { kind: MarkupKind.Markdown, value: documentation(entry) }, textEdit: { range, newText: entry.key } });
  }
  for (const key of privacyInventory(index).extensions[context.kind]) {
    if (!taxonomy[context.kind].has(key)) items.push({ label: key, kind: CompletionItemKind.EnumMember, detail: t('added by a manifest of the workspace'), textEdit: { range, newText: key } });
  }
  return items;
}

/** Every taxonomy key a manifest writes, with its kind. */
function writtenKeys(file: IndexedFile): { kind: TaxonomyKind; key: Written }[] {
  const manifest = fidesManifest(file);
  if (!manifest) return [];
  const keys: { kind: TaxonomyKind; key: Written }[] = [];
  for (const dataset of manifest.datasets) for (const key of datasetCategories(dataset)) keys.push({ kind: 'data_categories', key });
  for (const system of manifest.systems) {
    for (const flow of [...system.egress, ...system.ingress]) for (const key of flow.categories) keys.push({ kind: 'data_categories', key });
    for (const d of system.declarations) {
      for (const key of d.categories) keys.push({ kind: 'data_categories', key });
      for (const key of d.subjects) keys.push({ kind: 'data_subjects', key });
      if (d.use) keys.push({ kind: 'data_uses', key: d.use });
    }
  }
  keys.push(...manifest.policyKeys);
  return keys;
}

/** The taxonomy's description of the key under the cursor. */
export function privacyHover(file: IndexedFile, offset: number, taxonomy: Taxonomy): Hover | undefined {
  const found = writtenKeys(file).find(({ key }) => key.span.start <= offset && offset <= key.span.end);
  const entry = found && taxonomy[found.kind].get(found.key.value);
  if (!found || !entry) return undefined;
  return { contents: { kind: MarkupKind.Markdown, value: documentation(entry) }, range: { start: file.lines.positionAt(found.key.span.start), end: file.lines.positionAt(found.key.span.end) } };
}
