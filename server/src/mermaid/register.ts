/** `archipel/mermaidSources`: the Mermaid diagrams of a file, for the diagram preview. */
import type { RequestFamily } from '../features/requests';
import { MermaidSourcesRequest } from '../protocol/diagrams';
import { mermaidSources } from './sources';

export const mermaidRequests: RequestFamily = (registry) => {
  registry.onRequest(
    MermaidSourcesRequest,
    ({ uri }, context) => {
      const file = context.file(uri);
      const sources = file ? mermaidSources(file) : [];
      return { sources: sources.map(({ index, text, line, range, block }) => ({ index, text, line, range, block })) };
    },
    { fallback: { sources: [] } },
  );
};
