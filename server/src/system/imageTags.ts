/**
 * Images told apart by their tag where the tag is what distinguishes builds (issue #79): opentelemetry-demo's 25
 * Dockerfiles all build `ghcr.io/open-telemetry/demo`, each under a tag of its own (`2.0.2-cart`, `2.0.2-ad`), and keyed
 * by repository alone every Dockerfile "built" every service. When several builds make one repository and the references
 * that run it carry two tags or more, each tag is an image of its own (`image:<repository>:<tag>`): the runs whose
 * reference names it and the build of the components running it go to it. One build, or one tag: one node, as before.
 * Pure: the builder's maps in, edges retargeted in place.
 */
import type { SystemEdge, SystemNode } from '../features/system/contributor';
import { artifactId } from '../features/system/source';

/** The tag a reference gave an image at a place: `<image id>\0<uri>\0<line>` → tag (the model records them as images are named). */
export type ImageTags = ReadonlyMap<string, string>;

export const tagKey = (id: string, uri: string, line: number): string => `${id}\0${uri}\0${line}`;

interface Maps {
  nodes: Map<string, SystemNode>;
  edges: Map<string, SystemEdge>;
  addNode: (node: SystemNode) => void;
  addEdge: (edge: SystemEdge) => void;
}

export function splitImagesByTag({ nodes, edges, addNode, addEdge }: Maps, tags: ImageTags): void {
  if (tags.size === 0) return;
  const builders = new Map<string, Set<string>>();
  for (const edge of edges.values()) {
    if (edge.kind !== 'builds' || !edge.to.startsWith('image:')) continue;
    const set = builders.get(edge.to) ?? new Set<string>();
    set.add(edge.from);
    builders.set(edge.to, set);
  }
  for (const [image, built] of builders) {
    const node = nodes.get(image);
    if (!node || built.size < 2) continue;
    const tagOf = (edge: SystemEdge) => edge.sources.map((s) => tags.get(tagKey(image, s.uri, s.range.start.line))).find((t) => t !== undefined);
    const runs = [...edges].filter(([, e]) => e.kind === 'runs' && e.to === image);
    const tagged = new Set(runs.map(([, e]) => tagOf(e)).filter((t) => t !== undefined));
    if (tagged.size < 2) continue;
    // The tags each build's components run its image under: a build with one tag builds that image.
    const buildTags = new Map<string, Set<string>>();
    const moved: [string, SystemEdge, string][] = [];
    for (const [key, edge] of runs) {
      const tag = tagOf(edge);
      if (tag === undefined) continue;
      moved.push([key, edge, tag]);
      const build = nodes.get(edge.from)?.identity?.build;
      if (build) buildTags.set(artifactId(build), new Set([...(buildTags.get(artifactId(build)) ?? []), tag]));
    }
    for (const [key, edge] of edges) {
      const tag = edge.kind === 'builds' && edge.to === image ? buildTags.get(edge.from) : undefined;
      if (tag?.size === 1) moved.push([key, edge, [...tag][0]]);
    }
    for (const [key, edge, tag] of moved) {
      const id = `${image}:${tag}`;
      if (!nodes.has(id)) addNode({ ...node, id, name: `${node.name}:${tag}`, sources: [...edge.sources] });
      edges.delete(key);
      addEdge({ ...edge, to: id });
    }
    // The repository's own node stays while something still names it untagged.
    if (![...edges.values()].some((e) => e.to === image || e.from === image)) nodes.delete(image);
  }
}
