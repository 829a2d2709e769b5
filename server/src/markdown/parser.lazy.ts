/**
 * CommonMark with YAML front matter (micromark and mdast-util-from-markdown: 205 KB). A `.lazy.ts` module:
 * its own bundle (esbuild.mjs), required with the first Markdown file parsed (markdown.ts), so that a check
 * without a Markdown file does not read it (issue #68).
 */
export { fromMarkdown } from 'mdast-util-from-markdown';
export { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
export { frontmatter } from 'micromark-extension-frontmatter';
