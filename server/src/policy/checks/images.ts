/**
 * Kyverno's `images` variable: every container image of a Pod (or of a Pod controller's template) by container name,
 * split as Kyverno splits a reference (registry `docker.io` by default, the path as written, tag `latest` without a digest).
 */
import { isObject, type JsonObject } from '../model/kyverno';

export interface ImageInfo {
  registry: string;
  path: string;
  name: string;
  tag: string;
  digest: string;
  reference: string;
  referenceWithTag: string;
}

/** A reference's parts (`nginx` → docker.io, nginx, latest). */
export function parseImage(image: string): ImageInfo {
  let rest = image;
  let digest = '';
  const at = rest.indexOf('@');
  if (at >= 0) {
    digest = rest.slice(at + 1);
    rest = rest.slice(0, at);
  }
  let tag = '';
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    tag = rest.slice(colon + 1);
    rest = rest.slice(0, colon);
  }
  let registry = 'docker.io';
  const first = rest.indexOf('/');
  if (first >= 0) {
    const head = rest.slice(0, first);
    if (head.includes('.') || head.includes(':') || head === 'localhost') {
      registry = head;
      rest = rest.slice(first + 1);
    }
  }
  // Kyverno adds the default registry but not Docker Hub's `library/` (reference.Parse, not ParseNormalizedNamed).
  if (tag === '' && digest === '') tag = 'latest';
  const name = rest.slice(rest.lastIndexOf('/') + 1);
  const base = `${registry}/${rest}`;
  return {
    registry,
    path: rest,
    name,
    tag,
    digest,
    reference: digest ? `${base}@${digest}` : `${base}:${tag}`,
    referenceWithTag: `${base}:${tag}`,
  };
}

function podSpec(resource: JsonObject): JsonObject | undefined {
  const spec = isObject(resource.spec) ? resource.spec : undefined;
  if (!spec) return undefined;
  if (resource.kind === 'Pod') return spec;
  if (resource.kind === 'CronJob') {
    const job = isObject(spec.jobTemplate) && isObject(spec.jobTemplate.spec) ? spec.jobTemplate.spec : undefined;
    return job && isObject(job.template) && isObject(job.template.spec) ? job.template.spec : undefined;
  }
  return isObject(spec.template) && isObject(spec.template.spec) ? spec.template.spec : undefined;
}

/** The `images` variable of a resource (empty when it has no Pod spec). */
export function imagesOf(resource: JsonObject): Record<string, Record<string, ImageInfo>> {
  const spec = podSpec(resource);
  const images: Record<string, Record<string, ImageInfo>> = {};
  if (!spec) return images;
  for (const key of ['containers', 'initContainers', 'ephemeralContainers']) {
    const list = spec[key];
    if (!Array.isArray(list)) continue;
    const byName: Record<string, ImageInfo> = {};
    for (const container of list) if (isObject(container) && typeof container.name === 'string' && typeof container.image === 'string') byName[container.name] = parseImage(container.image);
    if (Object.keys(byName).length > 0) images[key] = byName;
  }
  return images;
}
