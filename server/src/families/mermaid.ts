/** Mermaid diagrams (files, and blocks in Markdown): syntax errors from Mermaid's own parser, on a worker thread. */
import { frMermaid } from '../mermaid/fr';
import type { Family, FamilyHost } from './descriptor';
import { WorkerMermaidParser } from '../platform/mermaidParser';
import { mermaidFeature } from '../mermaid/feature';
import { mermaidRequests } from '../mermaid/register';

/** One parser (one thread, started on the first diagram) per run. */
const parsers = new WeakMap<FamilyHost, WorkerMermaidParser>();

export const mermaidFamily: Family = {
  id: 'mermaid',
  title: 'Mermaid diagrams',
  french: frMermaid,
  files: { extensions: ['.mmd', '.mermaid', '.md', '.markdown'] },
  languages: ['mermaid', 'markdown'],
  features(host) {
    let parser = parsers.get(host);
    if (!parser) parsers.set(host, (parser = new WorkerMermaidParser()));
    return [mermaidFeature(parser)];
  },
  requests: mermaidRequests,
  rules: { prefixes: ['mermaid-'] },
};
