/**
 * A published port nothing listens on (issue #95): a way in only when the container opens it. Two readings say it is not
 * opened: a Kong's listeners (kongListen.ts: `KONG_PROXY_LISTEN` without 8443), and a product's ports its image no longer
 * serves from a version on — Jaeger's all-in-one lost its embedded agent in v1.63 (jaegertracing/jaeger#6081: the agent's
 * Thrift UDP 5775, 6831, 6832 and its sampling HTTP 5778), yet compose files copied from its old documentation still
 * publish them (harlow/go-micro-services). A tag `latest` or none pulls today's image, past the removal; a tag read as no
 * version (a variable unset with no default, a digest alone, a name) leaves the port a way in. Pure: lines in.
 */
import { interpolate } from '../compose/api';
import type { SystemNode } from '../features/system/contributor';
import { imageRepository, imageTag, registryOf } from '../features/system/images';
import { componentLines, kongClosed, kongOf, type KongHost } from './kongListen';

interface RemovedPorts {
  /** The image's repository, its registry left out. */
  readonly repository: RegExp;
  readonly ports: readonly number[];
  /** The first version (major, minor) without them. */
  readonly since: readonly [number, number];
}

const REMOVED: readonly RemovedPorts[] = [{ repository: /^jaegertracing\/all-in-one$/, ports: [5775, 5778, 6831, 6832], since: [1, 63] }];

/** An image's repository (its registry host left out, lower case), its tag (undefined: none) and whether it pins a digest. */
function imageParts(image: string): { repository: string; tag: string | undefined; digest: boolean } {
  const reference = image.trim().toLowerCase();
  const repository = imageRepository(reference);
  const registry = registryOf(repository);
  return { repository: registry === undefined ? repository : repository.slice(registry.length + 1), tag: imageTag(reference.split('@')[0]), digest: reference.includes('@') };
}

/** Whether the image runs a version from `since` on: `latest` or no tag (today's), `1` (the newest 1.x), `1.76.0`; undefined when unknown. */
function fromVersion(tag: string | undefined, digest: boolean, since: readonly [number, number]): boolean | undefined {
  if (tag === undefined) return digest ? undefined : true;
  if (tag === 'latest') return true;
  const m = /^v?(\d{1,6})(?:\.(\d{1,6}))?\b/.exec(tag);
  if (!m) return undefined;
  const major = Number(m[1]);
  if (major !== since[0]) return major > since[0];
  return m[2] === undefined || Number(m[2]) >= since[1];
}

/** An `image:` line's reference (Compose, Kubernetes' containers). */
const IMAGE_LINE = /^\s*(?:-\s+)?image:\s*["']?([^\s"'#]{1,400})/;

/**
 * Whether a component's image no longer serves the container's port. The map keeps the image without its tag: the tag is
 * read on the component's `image:` lines, `${VAR:-default}` resolved with the project's `.env`.
 */
export function imageClosed(node: Pick<SystemNode, 'image' | 'sources'>, port: number, host: KongHost): boolean {
  if (node.image === undefined) return false;
  const repository = imageParts(node.image).repository;
  const removed = REMOVED.filter((r) => r.ports.includes(port) && r.repository.test(repository));
  if (removed.length === 0) return false;
  const { lines, lookup } = componentLines(node, host);
  const versions = lines.flatMap((line) => {
    const written = /^\s*#/.test(line) ? undefined : IMAGE_LINE.exec(line)?.[1];
    const resolved = written === undefined ? undefined : interpolate(written, lookup);
    if (resolved === undefined || resolved.invalid || resolved.uses.some((use) => !use.hasDefault && lookup(use.name) === undefined)) return written === undefined ? [] : [undefined];
    const read = imageParts(resolved.value);
    return read.repository === repository ? [read] : [];
  });
  // Every image line of the component (an override's too) says a version past the removal.
  return versions.length > 0 && versions.every((read) => read !== undefined && removed.some((r) => fromVersion(read.tag, read.digest, r.since) === true));
}

/** Whether a component's container port is reached by nothing: no Kong listener opens it, or its image no longer serves it. */
export function portClosed(node: Pick<SystemNode, 'image' | 'sources'> | undefined, port: number | undefined, host: KongHost): boolean {
  if (node === undefined || port === undefined) return false;
  return kongClosed(kongOf(node, host), port) || imageClosed(node, port, host);
}
