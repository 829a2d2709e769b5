import type { SystemBuilder } from '../features/system/contributor';
import { imageRepository } from '../features/system/images';
import { get, isObject } from './model/workloads';

/** The skaffold artifacts' images of the workspace (build.artifacts and every profile's): the names a manifest's `image:` stands for. */
export function skaffoldArtifacts(builder: SystemBuilder): Set<string> {
  const images = new Set<string>();
  for (const file of builder.index.files()) {
    if (file.skipped || !/\/skaffold(\.[\w-]+)?\.ya?ml$/i.test(file.uri)) continue;
    for (const { chunk } of file.yaml?.chunks ?? []) {
      const value = chunk.wellFormed ? chunk.value : undefined;
      if (!isObject(value) || typeof value.apiVersion !== 'string' || !value.apiVersion.startsWith('skaffold/')) continue;
      const builds = [value.build, ...(Array.isArray(value.profiles) ? value.profiles.map((p) => get(p, ['build'])) : [])];
      for (const build of builds) {
        const artifacts = get(build, ['artifacts']);
        if (Array.isArray(artifacts)) for (const artifact of artifacts) if (typeof get(artifact, ['image']) === 'string') images.add(imageRepository(get(artifact, ['image']) as string));
      }
    }
  }
  return images;
}
