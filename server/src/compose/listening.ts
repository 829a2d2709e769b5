/**
 * The container ports of a service nothing in it listens on (issue #95: features/system/listeners.ts says which, for a
 * product's image and for Kong's listeners): a port published to one is no way in, and the map makes no entry of it
 * (harlow/go-micro-services publishes the agent ports of a Jaeger all-in-one 1.76.0, which has no agent). What is not known
 * — an image's tag or a listener's setting from a variable unset with no default, a Kong whose settings an override or its
 * own `kong.conf` may change — leaves the port open.
 */
import { imageServesNot, isKongImage, isTraefikImage, KONG_ROLES, kongListenerPorts, namesKongConf, namesTraefikConf, traefikListenerPorts, type KongRole } from '../features/system/listeners';
import { commandParts } from './commandAddresses';
import { knownInterpolation, type Lookup } from './interpolate';
import type { Json } from './model';

type Service = { [key: string]: Json };

/** A `KONG_<ROLE>_LISTEN` variable's name. */
const KONG_SETTING = /^KONG_(PROXY|ADMIN|ADMIN_GUI|STATUS)_LISTEN$/;

/**
 * Whether nothing in the service's container listens on a port. `written`: the service as each of the project's files
 * writes it (its `extends` merged in the first); `environment`: its variables as Compose sets them, a value left holding a
 * `$` not known (compose/system.ts environmentValues); `lookup`: the project's `.env`.
 */
export function listensNot(written: readonly Service[], environment: readonly { key: string; value: string }[], lookup: Lookup): (port: number) => boolean {
  const images = written.flatMap((service) => (typeof service.image === 'string' && service.image.trim() !== '' ? [service.image] : []));
  const resolved = images.map((image) => knownInterpolation(image, lookup));
  // Every file's image (an override's too) known, and each no longer serving the port.
  const imageCloses = (port: number) => resolved.length > 0 && resolved.every((image) => image !== undefined && imageServesNot(image, port));
  const settings = environment.flatMap(({ key, value }) => {
    const m = KONG_SETTING.exec(key);
    return m ? [{ role: KONG_ROLES.find((r) => r.name === m[1])!.role, value: value.includes('$') ? undefined : value }] : [];
  });
  const kong = (settings.length > 0 || resolved.some((image) => isKongImage(image))) && written.length === 1 && !namesKongConf(JSON.stringify(written[0]))
    ? kongListenerPorts(new Map<KongRole, { value: string | undefined }>(settings.map(({ role, value }) => [role, { value }])))
    : undefined;
  // A Traefik's entry points, from the last command written (an override's replaces the base's).
  const command = [...written].reverse().find((service) => service.command !== undefined)?.command;
  // Its words: a string's split as the shell splits it, a list's items (its numbers too) as they are.
  const args = typeof command === 'string' || Array.isArray(command) ? commandParts(command, true).flatMap((part) => (part.index === undefined ? part.text.trim().split(/\s+/) : [part.text])) : undefined;
  const traefik = args && resolved.length > 0 && resolved.every(isTraefikImage) && !written.some((service) => service.entrypoint !== undefined) && !namesTraefikConf(JSON.stringify(written)) ? traefikListenerPorts(args, (text) => knownInterpolation(text, lookup)) : undefined;
  return (port) => (kong !== undefined && kong.complete && !kong.ports.has(port)) || (traefik !== undefined && !traefik.has(port)) || imageCloses(port);
}
