import { defineRule } from '../rules/registry';
import { t } from '../l10n/t';

/**
 * What a Markdown file may hold before it reaches micromark. Its container handling grows faster
 * than the text with nesting (2,000-deep lists took over 20 s) and its emphasis resolution is
 * quadratic in the delimiters of one paragraph (100,000 unmatched `*_` took minutes), and a run of
 * delimiters nests as deep as it is long (our walk of the tree must not exhaust the stack). A file past
 * either limit is not parsed: one finding says so, and no other rule reports on it. Written
 * documents stay far below: a few levels of lists, a few dozen emphasis markers per paragraph.
 */
export const MAX_MARKDOWN_DEPTH = 100;
export const MAX_EMPHASIS_PER_PARAGRAPH = 1000;
/** Link brackets per paragraph: unclosed `[a](` runs grow superlinearly past a few thousand. */
export const MAX_BRACKETS_PER_PARAGRAPH = 1000;
/**
 * The largest Markdown file parsed, in characters. micromark reads prose at roughly 300 KB/s on a
 * shared CI core; ADRs and their indexes are a few KB. This keeps any Markdown file under a second.
 */
export const MAX_MARKDOWN_LENGTH = 256 * 1024;

export const markdownLimitRule = defineRule({
  id: 'markdown-limit',
  defaultSeverity: 'error',
  description: `The Markdown file is over ${MAX_MARKDOWN_LENGTH / 1024} KB, nests deeper than ${MAX_MARKDOWN_DEPTH} lists and quotes, or a paragraph holds more than ${MAX_EMPHASIS_PER_PARAGRAPH} emphasis markers or ${MAX_BRACKETS_PER_PARAGRAPH} link brackets; it is not parsed, so nothing in it is checked.`,
});

export interface MarkdownLimitExceeded {
  offset: number;
  message: string;
}

const listMarker = /^(?:[-*+]|\d{1,9}[.)])(?:[ \t]|$)/;
const isWord = (char: string | undefined) => char !== undefined && /[\p{L}\p{N}]/u.test(char);

/**
 * Where a Markdown text first passes the limits, read in one linear pass: block quote markers and
 * the stack of list-item indentations give the nesting depth; `*` runs, and `_` runs that touch a
 * non-word character (the only ones that can open or close emphasis), are counted per paragraph.
 */
export function markdownBeyondLimits(text: string): MarkdownLimitExceeded | undefined {
  if (text.length > MAX_MARKDOWN_LENGTH) {
    return { offset: 0, message: t('Markdown not read: {0} KB is over the {1} KB Archipel parses in a Markdown file (its limit, which keeps parsing within bounded time). Split the file.', Math.round(text.length / 1024), MAX_MARKDOWN_LENGTH / 1024) };
  }
  const lists: number[] = [];
  let emphasis = 0;
  let brackets = 0;
  let afterBlank = true;
  let lineNumber = 0;
  for (let at = 0; at < text.length; lineNumber++) {
    const newline = text.indexOf('\n', at);
    const end = newline < 0 ? text.length : newline;
    let pos = at;
    let quotes = 0;
    for (;;) {
      while (pos < end && (text[pos] === ' ' || text[pos] === '\t')) pos++;
      if (text[pos] !== '>') break;
      quotes++;
      pos++;
    }
    if (pos >= end || text.slice(pos, end).trim() === '') {
      afterBlank = true;
      emphasis = 0; // a blank line ends the paragraph
      brackets = 0;
      at = end + 1;
      continue;
    }
    const indent = pos - at;
    if (listMarker.test(text.slice(pos, Math.min(end, pos + 12)))) {
      while (lists.length > 0 && lists[lists.length - 1] >= indent) lists.pop();
      lists.push(indent);
    } else if (afterBlank) {
      while (lists.length > 0 && lists[lists.length - 1] >= indent) lists.pop();
    }
    afterBlank = false;
    // Containers opened on the line itself: `- - - x`, `> - > 1. x`.
    let inline = 0;
    for (let p = pos, first = true; p < end; first = false) {
      const marker = /^(?:[-*+]|\d{1,9}[.)]|>)(?=[ \t]|$)/.exec(text.slice(p, Math.min(end, p + 12)));
      if (!marker) break;
      if (!first) inline++;
      p += marker[0].length;
      while (p < end && (text[p] === ' ' || text[p] === '\t')) p++;
      if (inline > MAX_MARKDOWN_DEPTH) break;
    }
    if (quotes + lists.length + inline > MAX_MARKDOWN_DEPTH) {
      return { offset: pos, message: t('Markdown not read: line {0} nests lists and quotes more than {1} levels deep (Archipel\'s limit, which keeps parsing within bounded time). Flatten it or split the file.', lineNumber + 1, MAX_MARKDOWN_DEPTH) };
    }
    for (let i = pos; i < end; i++) {
      const char = text[i];
      if (char === '[' && ++brackets > MAX_BRACKETS_PER_PARAGRAPH) {
        return { offset: i, message: t('Markdown not read: the paragraph around line {0} holds more than {1} link brackets ([; Archipel\'s limit, which keeps parsing within bounded time).', lineNumber + 1, MAX_BRACKETS_PER_PARAGRAPH) };
      }
      if (char !== '*' && char !== '_') continue;
      let runEnd = i;
      while (runEnd + 1 < end && text[runEnd + 1] === char) runEnd++;
      // Every character of a run can open or close one level (a run of 28,000 `*` nested 14,000 strong nodes).
      if (char === '*' || !isWord(text[i - 1]) || !isWord(text[runEnd + 1])) emphasis += runEnd - i + 1;
      if (emphasis > MAX_EMPHASIS_PER_PARAGRAPH) {
        return { offset: i, message: t('Markdown not read: the paragraph around line {0} holds more than {1} emphasis markers (* or _; Archipel\'s limit, which keeps parsing within bounded time).', lineNumber + 1, MAX_EMPHASIS_PER_PARAGRAPH) };
      }
      i = runEnd;
    }
    at = end + 1;
  }
  return undefined;
}
