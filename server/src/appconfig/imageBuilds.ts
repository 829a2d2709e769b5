/**
 * The image → build link (issue #95): a component that runs, from a registry, an image the repository builds elsewhere (plane's
 * deployments/cli/community/docker-compose.yml runs `makeplane/plane-proxy`, the image its root Compose file builds from
 * apps/proxy as `plane-proxy`) runs that build's code and configuration, as if it were built in place.
 */
import type { SystemNode } from '../features/system/contributor';
import type { WorkspaceIndex } from '../workspace/index';
import { folderOf } from './files';

/** The last segment of an image's repository, as the map keeps it (`image:makeplane/plane-proxy` → `plane-proxy`). */
const baseName = (imageId: string) => imageId.slice(imageId.lastIndexOf('/') + 1).replace(/^image:/, '').toLowerCase();

/**
 * The Dockerfiles of the one build making an image of the same name as one a component runs, for each component no build makes
 * (`built`): `builds` the Dockerfiles found building each image node, `runs` the components running each. Only the exact last
 * segment (registry, owner and tag aside); a name several builds make, in different folders, links nothing.
 */
export function buildsOfImagesRun(
  builds: ReadonlyMap<string, readonly string[]>, runs: ReadonlyMap<string, readonly SystemNode[]>, built: (node: SystemNode) => boolean,
): Map<SystemNode, string[]> {
  const byName = new Map<string, string[]>();
  for (const [image, dockerfiles] of builds) if (dockerfiles.length > 0) byName.set(baseName(image), [...(byName.get(baseName(image)) ?? []), ...dockerfiles]);
  const linked = new Map<SystemNode, string[]>();
  const refused = new Set<SystemNode>();
  for (const [image, nodes] of runs) {
    if ((builds.get(image)?.length ?? 0) > 0) continue;
    const dockerfiles = byName.get(baseName(image));
    if (!dockerfiles) continue;
    const single = new Set(dockerfiles.map(folderOf)).size === 1;
    for (const node of nodes) {
      if (built(node) || refused.has(node)) continue;
      const before = linked.get(node);
      // Two images a component runs naming two different builds: ambiguous.
      if (!single || (before !== undefined && before.join('\n') !== [...new Set(dockerfiles)].join('\n'))) {
        refused.add(node);
        linked.delete(node);
      } else linked.set(node, [...new Set(dockerfiles)]);
    }
  }
  return linked;
}

/**
 * Whether a build's Dockerfile is the workspace's: indexed, or in a folder holding indexed files (a Dockerfile of a name the
 * family does not select, `deploy/api.df`). plane's build.yml names `../../apps/proxy` from the folder its install.sh copies it
 * to, not from its own: a folder absent from the repository, a build that makes nothing read here.
 */
export function inWorkspace(index: WorkspaceIndex): (dockerfile: string) => boolean {
  let folders: Set<string> | undefined;
  const foldersOf = () => {
    const found = new Set<string>();
    for (const file of index.files()) for (let folder = folderOf(file.uri); folder.includes('/') && !found.has(folder); folder = folderOf(folder)) found.add(folder);
    return found;
  };
  return (dockerfile) => index.get(dockerfile) !== undefined || (folders ??= foldersOf()).has(folderOf(dockerfile));
}
