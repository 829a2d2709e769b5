import type { Heading, Nodes, PhrasingContent, Root, RootContent } from 'mdast';
import type * as Parser from './parser.lazy';
import { parseDocument, type Document } from 'yaml';
import type { IndexedFile } from '../workspace/index';
import { markdownBeyondLimits, type MarkdownLimitExceeded } from './limits';

/** A range of the file text, as offsets. */
export interface Span {
  start: number;
  end: number;
}

export interface MarkdownHeading extends Span {
  depth: number;
  /** Plain text of the heading, without markup or HTML comments. */
  text: string;
  /** Where the heading's text starts and ends (after `## `, before a trailing comment). */
  textStart: number;
  textEnd: number;
}

/** A heading and what follows it up to the next heading of the same or a higher level. */
export interface MarkdownSection {
  heading: MarkdownHeading;
  /** The top-level nodes of the section body (nested headings included). */
  nodes: RootContent[];
  /** From the end of the heading line to the start of the next section (or the end of the file). */
  body: Span;
}

export interface MarkdownLink extends Span {
  url: string;
  /** The destination as written in the source, when it could be located; else the whole link. */
  urlSpan: Span;
  kind: 'link' | 'definition' | 'image';
}

export interface FrontMatter extends Span {
  /** Offset of the YAML text (after the opening `---` line). */
  contentStart: number;
  doc: Document.Parsed;
}

/** A Markdown file parsed once: CommonMark (micromark) with YAML front matter, exact offsets kept. */
export interface MarkdownFile {
  text: string;
  root: Root;
  frontMatter?: FrontMatter;
  headings: MarkdownHeading[];
  links: MarkdownLink[];
  /** Prose text runs (outside code, HTML and link texts): where references and placeholders are looked for. */
  prose: Span[];
  /** Code spans and blocks: never read for references. */
  code: Span[];
  /** Set when the text passes what Archipel hands to the Markdown parser: then nothing was parsed. */
  refused?: MarkdownLimitExceeded;
}

/** The parser and its options, required with the first Markdown file parsed (parser.lazy.ts). */
let parser: { readonly parse: (text: string) => Root } | undefined;
function markdownParser(): NonNullable<typeof parser> {
  if (!parser) {
    const { fromMarkdown, frontmatter, frontmatterFromMarkdown } = require('./parser.lazy') as typeof Parser;
    const options = { extensions: [frontmatter(['yaml'])], mdastExtensions: [frontmatterFromMarkdown(['yaml'])] };
    parser = { parse: (text) => fromMarkdown(text, options) };
  }
  return parser;
}

export function startOf(node: Nodes): number {
  return node.position?.start.offset ?? 0;
}

export function endOf(node: Nodes): number {
  return node.position?.end.offset ?? 0;
}

/** Plain text of a node: text and code values, without markup or HTML. */
export function plainText(node: Nodes): string {
  if (node.type === 'text' || node.type === 'inlineCode') return node.value;
  if (node.type === 'html' || node.type === 'yaml') return '';
  if ('children' in node) return (node.children as Nodes[]).map(plainText).join('');
  return '';
}

/** Finds the destination of a link in its source: `[text](dest "title")`, `[id]: dest`, `<dest>`. */
function locateDestination(text: string, span: Span, kind: MarkdownLink['kind']): Span {
  const source = text.slice(span.start, span.end);
  const at = kind === 'definition' ? source.indexOf(']:') : source.lastIndexOf('](');
  if (at < 0) return span;
  let start = at + 2;
  while (start < source.length && /[ \t\r\n]/.test(source[start])) start++;
  if (source[start] === '<') {
    const close = source.indexOf('>', start);
    return close > start ? { start: span.start + start + 1, end: span.start + close } : span;
  }
  let end = start;
  while (end < source.length && !/[ \t\r\n]/.test(source[end]) && !(kind !== 'definition' && source[end] === ')' && end === source.length - 1)) end++;
  return end > start ? { start: span.start + start, end: span.start + end } : span;
}

function headingOf(node: Heading): MarkdownHeading {
  const phrasing = node.children.filter((c: PhrasingContent) => c.type !== 'html');
  const start = startOf(node);
  const end = endOf(node);
  const textStart = phrasing.length > 0 ? startOf(phrasing[0]) : end;
  const textEnd = phrasing.length > 0 ? endOf(phrasing[phrasing.length - 1]) : end;
  return { depth: node.depth, text: phrasing.map(plainText).join('').trim(), start, end, textStart, textEnd: Math.max(textStart, textEnd) };
}

function parseFrontMatter(text: string, node: Extract<RootContent, { type: 'yaml' }>): FrontMatter {
  const start = startOf(node);
  const firstBreak = text.indexOf('\n', start);
  const contentStart = firstBreak < 0 ? endOf(node) : firstBreak + 1;
  // The YAML text is parsed at its own offsets, so node ranges + contentStart are file offsets.
  const doc = parseDocument(node.value, { prettyErrors: false, uniqueKeys: false, logLevel: 'error' });
  return { start, end: endOf(node), contentStart, doc };
}

export function parseMarkdown(text: string): MarkdownFile {
  const refused = markdownBeyondLimits(text);
  if (refused) return { text, root: { type: 'root', children: [] }, headings: [], links: [], prose: [], code: [], refused };
  const root = markdownParser().parse(text);
  const headings: MarkdownHeading[] = [];
  const links: MarkdownLink[] = [];
  const prose: Span[] = [];
  const code: Span[] = [];
  let frontMatter: FrontMatter | undefined;

  const visit = (node: Nodes, inLink: boolean): void => {
    switch (node.type) {
      case 'yaml':
        if (!frontMatter && startOf(node) === 0) frontMatter = parseFrontMatter(text, node);
        return;
      case 'heading':
        headings.push(headingOf(node));
        break;
      case 'link':
      case 'image':
      case 'definition': {
        const span = { start: startOf(node), end: endOf(node) };
        links.push({ ...span, url: node.url, urlSpan: locateDestination(text, span, node.type), kind: node.type });
        if (node.type === 'link') for (const child of node.children) visit(child, true);
        return;
      }
      case 'text':
        if (!inLink) prose.push({ start: startOf(node), end: endOf(node) });
        return;
      case 'code':
      case 'inlineCode':
        code.push({ start: startOf(node), end: endOf(node) });
        return;
      case 'html':
        return;
    }
    if ('children' in node) for (const child of node.children as Nodes[]) visit(child, inLink);
  };
  visit(root, false);
  return { text, root, frontMatter, headings, links, prose, code };
}

/** The sections opened by headings of `depth` (2 for `##`), with the nodes up to the next one. */
export function sectionsAt(file: MarkdownFile, depth: number): MarkdownSection[] {
  const sections: MarkdownSection[] = [];
  let current: MarkdownSection | undefined;
  const close = (at: number) => {
    if (current) {
      current.body.end = at;
      sections.push(current);
      current = undefined;
    }
  };
  for (const node of file.root.children) {
    if (node.type === 'heading' && node.depth <= depth) {
      close(startOf(node));
      if (node.depth === depth) {
        const heading = file.headings.find((h) => h.start === startOf(node));
        if (heading) current = { heading, nodes: [], body: { start: heading.end, end: file.text.length } };
      }
      continue;
    }
    current?.nodes.push(node);
  }
  close(file.text.length);
  return sections;
}

/** Whether a section has content of its own: anything but HTML comments and bare sub-headings. */
export function hasContent(section: MarkdownSection): boolean {
  return section.nodes.some((n) => n.type !== 'html' && n.type !== 'heading' && n.type !== 'definition');
}

/** The `#fragment` ids GitHub (and VS Code's Markdown preview) give a file's headings, duplicates numbered. */
export function headingAnchors(file: MarkdownFile): Set<string> {
  const anchors = new Set<string>();
  const seen = new Map<string, number>();
  for (const heading of file.headings) {
    const base = heading.text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '').replace(/ /g, '-');
    const count = seen.get(base) ?? 0;
    seen.set(base, count + 1);
    anchors.add(count === 0 ? base : `${base}-${count}`);
  }
  return anchors;
}

const markdownKey = Symbol('markdown');

/** The Markdown parse of an indexed file, made once per version (the ADR family's model and the Mermaid blocks of any Markdown file read it). */
export function markdownOf(file: IndexedFile): MarkdownFile {
  return file.model(markdownKey, (f) => parseMarkdown(f.text));
}
