/** Container image references as the system map folds them: one node per repository, whatever the tag. */
import type { Finding } from '../../common/findings';
import type { WorkspaceIndex } from '../../workspace/index';

/**
 * The technology of an image Compose builds and tags `<project>-<service>` itself (no `image:`): set by the Compose
 * family's contribution, read by the system map's checks and components (here, not in compose/: a map without a
 * Compose file evaluates no Compose code).
 */
export const LOCAL_IMAGE = 'image Compose builds for this machine';

/**
 * Gives an unpinned image's finding (`written`: its text) the pin the same image has elsewhere in the
 * workspace: dockerfile/pins.ts's knownPinWith, handed to the Compose and Kubernetes features by their
 * descriptors from the run's families (knownPinOf: the pins are read from Compose files and Dockerfiles,
 * which neither family reads).
 */
export type KnownPin = (finding: Finding, written: string, index: WorkspaceIndex) => Finding;

/** Whether a reference holds something resolved only at build or deploy time (`${TAG}`, `$(IMG)`, `{{ .Values.x }}`). */
export function isVariable(reference: string): boolean {
  return /[$`{}]/.test(reference);
}

/** The registry host a reference names (`ghcr.io`, `localhost:5000`), or undefined for Docker Hub's short names (`postgres`, `prom/prometheus`). */
export function registryOf(reference: string): string | undefined {
  const first = reference.split('/')[0];
  if (!reference.includes('/')) return undefined;
  return first.includes('.') || first.includes(':') || first === 'localhost' ? first : undefined;
}

/** The repository without tag or digest, Docker Hub's defaults folded (`docker.io/library/redis:7` → `redis`). */
export function imageRepository(reference: string): string {
  const withoutDigest = reference.trim().split('@')[0];
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  let repository = colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
  repository = repository.replace(/^(docker\.io|index\.docker\.io|registry-1\.docker\.io)\//, '');
  return repository.replace(/^library\//, '');
}

/** The tag or digest a reference pins, if any. */
export function imageTag(reference: string): string | undefined {
  const at = reference.indexOf('@');
  if (at >= 0) return reference.slice(at + 1);
  const slash = reference.lastIndexOf('/');
  const colon = reference.lastIndexOf(':');
  return colon > slash ? reference.slice(colon + 1) : undefined;
}

/** The id of an image's node. */
export function imageId(reference: string): string {
  return `image:${imageRepository(reference)}`;
}

/** The last segment of a repository (`ghcr.io/acme/shop-api` → `shop-api`): what the technology table and drawings name it by. */
export function imageBaseName(reference: string): string {
  const repository = imageRepository(reference);
  return repository.slice(repository.lastIndexOf('/') + 1);
}
