/** What other families ask of the Mermaid family: the Mermaid sources of a file, a .mmd file or Markdown's blocks (the system map's drawings). Everything else in mermaid/ is private to it. */
import { isMarkdownFile, isMermaidFile, mermaidSources } from './sources';

export { isMarkdownFile, isMermaidFile, type MermaidSource, mermaidSources } from './sources';

/**
 * Its face as a value (Family.faces, families/mermaid.ts): the drawings of a Mermaid or Markdown file, which the system
 * map compares with the model, taken from the run's families, never imported, so that a check with no such file
 * (`archipel check Dockerfile`) evaluates no Mermaid code (issue #68).
 */
export const mermaidFace = { isMarkdownFile, isMermaidFile, sources: mermaidSources };
export type MermaidFace = typeof mermaidFace;
