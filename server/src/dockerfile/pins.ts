import { PerGeneration } from '../workspace/perGeneration';
import type { Finding } from '../common/findings';
import type { ComposeFace } from '../compose/api';
import type { KnownPin } from '../features/system/images';
import { t } from '../l10n/t';
import { imageRepository } from '../features/system/images';
import type { WorkspaceIndex } from '../workspace/index';
import { dockerfileFacts } from './facts';
import { isDockerfile } from './model';

/** A written image reference split into its name and what pins it (`:1.27`, `@sha256:…`, `:1.27@sha256:…`). */
function splitReference(reference: string): { name: string; pin: string | undefined } {
  const at = reference.indexOf('@');
  const withoutDigest = at >= 0 ? reference.slice(0, at) : reference;
  const slash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  const name = colon > slash ? withoutDigest.slice(0, colon) : withoutDigest;
  const tag = colon > slash ? withoutDigest.slice(colon + 1) : undefined;
  // A digest pins whatever the tag; a tag pins unless it is latest.
  const pinned = at >= 0 || (tag !== undefined && tag !== '' && tag !== 'latest');
  return { name, pin: pinned ? reference.slice(name.length) : undefined };
}

/** The images of the workspace's Compose services (when the run has that family) and Dockerfile FROMs, without variables. */
function* writtenImages(index: WorkspaceIndex, compose: ComposeFace | undefined): Generator<string> {
  for (const file of index.files()) {
    if (file.skipped) continue;
    if (compose?.isComposeFile(file)) {
      // As written: a variable's value is not known here (and is skipped). The value before interpolation, without a reading's walk (#68), kept for the file's text.
      yield* compose.writtenImages(file);
    } else if (isDockerfile(file.uri)) {
      // Its facts (facts.ts): kept between runs, a Dockerfile of another project is not parsed again.
      yield* dockerfileFacts(file)?.images ?? [];
    }
  }
}

const cache = new PerGeneration<WorkspaceIndex, Map<string, Set<string>>>();

function pinsOf(index: WorkspaceIndex, compose: ComposeFace | undefined): Map<string, Set<string>> {
  const pins = new Map<string, Set<string>>();
  for (const image of writtenImages(index, compose)) {
    if (/[$`{}\s]/.test(image)) continue;
    const { name, pin } = splitReference(image);
    if (!pin) continue;
    const repository = imageRepository(name);
    if (!pins.has(repository)) pins.set(repository, new Set());
    pins.get(repository)!.add(pin);
  }
  return pins;
}

/**
 * What gives an unpinned image's finding (no tag, or latest) its quick fix: the pin the same image has
 * elsewhere in the workspace (a Compose service — `compose`, the Compose family's face, when the run has it —,
 * a Dockerfile's FROM), when there is exactly one. `written` is the finding's text (quotes kept around the
 * replacement). What pins each repository (`nginx` → {`:1.27`}) is rebuilt when the index changes.
 */
export function knownPinWith(compose: ComposeFace | undefined): KnownPin {
  return (finding, written, index) => withKnownPin(finding, written, cache.get(index, index.generation, [compose], () => pinsOf(index, compose)));
}

function withKnownPin(finding: Finding, written: string, workspacePins: Map<string, Set<string>>): Finding {
  const quote = /^(["'])(.*)\1$/.exec(written);
  const reference = quote ? quote[2] : written;
  if (/[$`{}\s]/.test(reference)) return finding;
  const { name, pin } = splitReference(reference);
  if (pin) return finding;
  const known = workspacePins.get(imageRepository(name));
  if (!known || known.size !== 1) return finding;
  const pinned = name + [...known][0];
  const replacement = quote ? `${quote[1]}${pinned}${quote[1]}` : pinned;
  const data = typeof finding.data === 'object' && finding.data !== null ? finding.data : {};
  return { ...finding, data: { ...data, replacement, title: t('Pin to "{0}", as elsewhere in the workspace', pinned) } };
}
