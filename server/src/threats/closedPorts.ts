/**
 * A published port nothing listens on (issue #95): a way in only when the container opens it. What a container opens is
 * features/system/listeners.ts's (a Kong's listeners, a product's ports its image no longer serves from a version on, as
 * Jaeger's agent gone from all-in-one 1.63); here it is read from a component's lines, of any family (Compose's blocks,
 * Kubernetes' containers), a tag read as no version (a variable unset with no default) leaving the port a way in. Pure: lines in.
 */
import { knownInterpolation } from '../compose/api';
import type { SystemNode } from '../features/system/contributor';
import { imageParts, imageServesNot, isTraefikImage, namesTraefikConf, portRemovedFrom, traefikListenerPorts } from '../features/system/listeners';
import { componentLines, kongClosed, kongOf, type KongHost } from './kongListen';

/** An `image:` line's reference (Compose, Kubernetes' containers). */
const IMAGE_LINE = /^\s*(?:-\s+)?image:\s*["']?([^\s"'#]{1,400})/;

/**
 * Whether a component's image no longer serves the container's port. The map keeps the image without its tag: the tag is
 * read on the component's `image:` lines, `${VAR:-default}` resolved with the project's `.env`.
 */
export function imageClosed(node: Pick<SystemNode, 'image' | 'sources'>, port: number, host: KongHost): boolean {
  if (node.image === undefined) return false;
  const repository = imageParts(node.image).repository;
  if (!portRemovedFrom(repository, port)) return false;
  const { lines, lookup } = componentLines(node, host);
  const versions = lines.flatMap((line) => {
    const written = /^\s*#/.test(line) ? undefined : IMAGE_LINE.exec(line)?.[1];
    if (written === undefined) return [];
    const resolved = knownInterpolation(written, lookup);
    if (resolved === undefined) return [undefined];
    return imageParts(resolved).repository === repository ? [resolved] : [];
  });
  // Every image line of the component (an override's too) says a version past the removal.
  return versions.length > 0 && versions.every((read) => read !== undefined && imageServesNot(read, port));
}

/** A Compose `command:`'s arguments in a block's lines (its last one: an override's replaces the base's); undefined when none or in flow form. */
function commandArgs(lines: readonly string[]): string[] | undefined {
  let at = lines.length - 1;
  while (at >= 0 && !/^\s*command:/.test(lines[at])) at--;
  if (at < 0) return undefined;
  const own = /^(\s*)command:(.*)$/.exec(lines[at])!;
  const inline = own[2].replace(/\s#.*$/, '').trim();
  if (inline.startsWith('[') || inline.startsWith('>') || inline.startsWith('|')) return undefined;
  if (inline !== '') return inline.replace(/^["']|["']$/g, '').split(/\s+/);
  const args: string[] = [];
  for (const line of lines.slice(at + 1)) {
    if (/^\s*(?:#.*)?$/.test(line)) continue;
    const item = /^(\s*)-(\s.*)$/.exec(line);
    if (!item || item[1].length < own[1].length) break;
    args.push(item[2].replace(/\s#.*$/, '').trim().replace(/^["']|["']$/g, ''));
  }
  return args;
}

/** Whether a Traefik component (v2 on) opens no entry point on the port (features/system/listeners.ts), read from its command's flags. */
export function traefikClosed(node: Pick<SystemNode, 'image' | 'sources'>, port: number, host: KongHost): boolean {
  if (!isTraefikImage(node.image)) return false;
  const { lines, lookup } = componentLines(node, host);
  const images = lines.flatMap((line) => (/^\s*#/.test(line) ? [] : [IMAGE_LINE.exec(line)?.[1]].filter((i) => i !== undefined).map((i) => knownInterpolation(i, lookup))));
  if (!images.every(isTraefikImage) || lines.some((l) => /^\s*entrypoint:/.test(l) || (!/^\s*#/.test(l) && namesTraefikConf(l)))) return false;
  const args = commandArgs(lines);
  const open = args && traefikListenerPorts(args, (text) => knownInterpolation(text, lookup));
  return open !== undefined && !open.has(port);
}

/** Whether a component's container port is reached by nothing: no Kong listener opens it, or its image no longer serves it. */
export function portClosed(node: Pick<SystemNode, 'image' | 'sources'> | undefined, port: number | undefined, host: KongHost): boolean {
  if (node === undefined || port === undefined) return false;
  return kongClosed(kongOf(node, host), port) || imageClosed(node, port, host) || traefikClosed(node, port, host);
}
