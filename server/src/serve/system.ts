/**
 * The serve family's part of the system map: which components are `archipel serve` endpoints — those
 * running Archipel's image (its entry point is `archipel serve`) or an image built from a Dockerfile whose
 * final stage starts from it or runs `archipel serve` — and the models they serve (those their Dockerfile
 * copies in). Run after every family's elements (`refine`): it reads the images, builds and packages
 * the others contributed.
 */
import type { SystemBuilder, SystemContributor, SystemEdge } from '../features/system/contributor';
import { imageRepository } from '../features/system/images';

/** Archipel's own image (the Dockerfile at the root of Archipel's repository), under any registry. */
const archipelImage = /(^|\/)archipel$/;

/** Whether a Dockerfile's final stage serves with Archipel: FROM its image, or an entry point or command running `archipel serve` (or the CLI's bundle with `serve`). */
function servesWithArchipel(text: string): boolean {
  const froms = [...text.matchAll(/^[^\S\n\r\u2028\u2029]*FROM\s+(?:--\S+\s+)*(\S+)/gim)];
  const finalFrom = froms[froms.length - 1];
  if (!finalFrom) return false;
  const final = text.slice(finalFrom.index);
  if (archipelImage.test(imageRepository(finalFrom[1]))) return true;
  // A line `ENTRYPOINT|CMD … archipel|cli.js … serve`, each word found once from the left:
  // /^\s*(ENTRYPOINT|CMD)\b.*\b(archipel|cli\.js)\b.*\bserve\b/im was quadratic on a line of `archipel`.
  return final.split(/[\n\r\u2028\u2029]/).some((line) => {
    const instruction = /^\s*(?:ENTRYPOINT|CMD)\b/i.exec(line);
    const rest = instruction ? line.slice(instruction[0].length) : '';
    const runs = /\b(?:archipel|cli\.js)\b/i.exec(rest);
    return runs !== null && /\bserve\b/i.test(rest.slice(runs.index + runs[0].length));
  });
}

function refine(builder: SystemBuilder): void {
  const edges = [...builder.edges()];
  const serving = new Map<string, SystemEdge[]>();
  for (const node of builder.nodes()) {
    if (node.kind === 'image' && archipelImage.test(node.name)) serving.set(node.id, []);
  }
  for (const edge of edges) {
    if (edge.kind !== 'builds' || !edge.from.startsWith('file:')) continue;
    const dockerfile = builder.index.get(edge.from.slice(5));
    if (!dockerfile || !servesWithArchipel(dockerfile.text)) continue;
    builder.get(edge.from)!.technology = 'Dockerfile (archipel serve)';
    serving.set(edge.to, [...(serving.get(edge.to) ?? []), ...edges.filter((e) => e.kind === 'packages' && e.to === edge.from)]);
  }
  for (const edge of edges) {
    if (edge.kind !== 'runs' || !serving.has(edge.to)) continue;
    const component = builder.get(edge.from);
    // A long-running component: a job running the same image runs another command (`archipel blur`).
    if (component?.kind !== 'service') continue;
    component.technology = 'archipel serve';
    for (const packaged of serving.get(edge.to)!) builder.edge({ from: component.id, to: packaged.from, kind: 'serves', label: 'serves', sources: packaged.sources });
  }
}

export const serveSystem: SystemContributor = { contribute: () => undefined, refine };
