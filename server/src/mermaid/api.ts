/** What other families ask of the Mermaid family: the Mermaid sources of a file, a .mmd file or Markdown's blocks (the system map's drawings). Everything else in mermaid/ is private to it. */
export { isMarkdownFile, isMermaidFile, type MermaidSource, mermaidSources } from './sources';
