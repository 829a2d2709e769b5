/**
 * The serve family's part of the system map: which components are `archipel serve` endpoints — those
 * running Archipel's image (its entry point is `archipel serve`) or an image built from a Dockerfile whose
 * final stage starts from it or runs `archipel serve` — and the models they serve (those their Dockerfile
 * copies in). Run after every family's elements (`refine`): it reads the images, builds and packages
 * the others contributed.
 */
import { textInstructions } from '../common/dockerfileText';
import type { SystemBuilder, SystemContributor, SystemEdge, SystemNode } from '../features/system/contributor';
import { imageRepository } from '../features/system/images';

/** Archipel's own image (the Dockerfile at the root of Archipel's repository), under any registry. */
const archipelImage = /(^|\/)archipel$/;

/**
 * Whether a Dockerfile's final stage serves with Archipel: its build starts from Archipel's image (the build node's base
 * image, which the Dockerfile family reads: stage names followed, global ARGs' defaults put in), or an entry point or
 * command of its final stage runs `archipel serve` (or the CLI's bundle with `serve`).
 */
function servesWithArchipel(build: SystemNode, text: string): boolean {
  const base = build.from?.[0];
  if (base !== undefined && archipelImage.test(imageRepository(base))) return true;
  const instructions = textInstructions(text);
  const finalFrom = instructions.map((instruction) => instruction.name).lastIndexOf('FROM');
  if (finalFrom < 0) return false;
  // Each word found once from the left: /^\s*(ENTRYPOINT|CMD)\b.*\b(archipel|cli\.js)\b.*\bserve\b/im was quadratic on a line of `archipel`.
  return instructions.slice(finalFrom + 1).some(({ name, rest }) => {
    if (name !== 'ENTRYPOINT' && name !== 'CMD') return false;
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
    const build = builder.get(edge.from);
    if (!dockerfile || !build || !servesWithArchipel(build, dockerfile.text)) continue;
    build.technology = 'Dockerfile (archipel serve)';
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
