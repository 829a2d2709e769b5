/** Mermaid diagrams (files, and blocks in Markdown): syntax errors from Mermaid's own parser, on a worker thread. */
import { frMermaid } from '../mermaid/fr';
import type { Family } from './descriptor';
import { mermaidParserOf } from '../engines/mermaid/parser';
import { mermaidFeature } from '../mermaid/feature';
import { mermaidFace } from '../mermaid/api';
import { mermaidRequests } from '../mermaid/register';

export const mermaidFamily: Family = {
  id: 'mermaid',
  title: 'Mermaid diagrams',
  french: frMermaid,
  files: { extensions: ['.mmd', '.mermaid', '.md', '.markdown'] },
  languages: ['mermaid', 'markdown'],
  features: (host) => [mermaidFeature(mermaidParserOf(host))],
  requests: mermaidRequests,
  rules: { prefixes: ['mermaid-'] },
  faces: { mermaid: mermaidFace },
};
