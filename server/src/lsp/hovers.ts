/**
 * The hovers of several features at one position as one (the editor shows one hover per request): each feature's
 * contents in the features' order, a rule between them, the first's range. A Terraform resource's header is described
 * by the Terraform family and priced by the cost family; neither hides the other.
 */
import { MarkupKind, type Hover, type MarkedString, type MarkupContent } from 'vscode-languageserver-types';

/** Plain text shown as Markdown: every character Markdown would read escaped. */
const escaped = (text: string) => text.replace(/[\\`*_{}[\]()#+\-.!|<>~]/g, '\\$&');

function markdownOf(contents: Hover['contents']): string {
  const one = (part: MarkedString): string => (typeof part === 'string' ? part : ['```' + part.language.replace(/[^\w+-]/g, ''), part.value, '```'].join('\n'));
  if (Array.isArray(contents)) return contents.map(one).join('\n\n');
  if (typeof contents === 'object' && 'kind' in contents) return contents.kind === MarkupKind.Markdown ? contents.value : escaped(contents.value);
  return one(contents);
}

export function mergedHover(hovers: readonly Hover[]): Hover | null {
  if (hovers.length <= 1) return hovers[0] ?? null;
  const parts = hovers.map((h) => markdownOf(h.contents)).filter((text) => text.trim() !== '');
  const contents: MarkupContent = { kind: MarkupKind.Markdown, value: parts.join('\n\n---\n\n') };
  return { contents, ...(hovers[0].range ? { range: hovers[0].range } : {}) };
}
