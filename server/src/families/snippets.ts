/** The snippets of snippets/, offered by completion where they fit. */
import type { Family } from './descriptor';
import { loadSnippets } from '../platform/snippetData';
import { snippetFeature } from '../snippets/feature';

export const snippetsFamily: Family = {
  id: 'snippets',
  // Completion only: nothing to say in a check.
  own: { silent: true },
  title: 'Snippets',
  features: (host) => [snippetFeature(loadSnippets(host.root))],
  rules: { prefixes: ['snippets-'] },
};
