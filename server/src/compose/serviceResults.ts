import type { SchemaEngine } from '../schema/engine';
import { forgetServiceWalks, type Json } from './model';

/**
 * What the project-wide checks derive from one service (its references to other services, the host
 * ports it publishes, the networks, volumes, secrets and configs it uses), kept with the service's
 * interpolated value. model.ts gives a service the same value object from one version of the file
 * to the next while its text and variables are unchanged: an edit derives again the facts of the
 * service it touched, and the checks that cross services (names, ports, resources, cycles) run
 * over the others' kept facts (#54: a 2,000-line file's 140 services were read again on each
 * keystroke). Facts hold paths (`services.<name>.ports.0`), never offsets: nothing to move.
 */
let facts = new WeakMap<object, Map<string, unknown>>();

/** A fact of a service, derived by `derive` once per service value, fact kind and service name (paths hold the name). */
export function serviceFact<T>(kind: string, name: string, service: Json, derive: () => T): T {
  if (typeof service !== 'object' || service === null) return derive();
  let kept = facts.get(service);
  if (!kept) facts.set(service, (kept = new Map<string, unknown>()));
  const key = `${kind}\u0000${name}`;
  if (kept.has(key)) return kept.get(key) as T;
  const value = derive();
  kept.set(key, value);
  return value;
}

/** By engine, the services (values as above) its schema found valid, with the name they were valid under. */
let validServices = new WeakMap<SchemaEngine, WeakMap<object, string>>();

function validOf(engine: SchemaEngine): WeakMap<object, string> {
  let valid = validServices.get(engine);
  if (!valid) validServices.set(engine, (valid = new WeakMap<object, string>()));
  return valid;
}

/** Whether the engine's schema found this service value valid under this name. */
export function knownValid(engine: SchemaEngine, name: string, service: Json): boolean {
  return typeof service === 'object' && service !== null && validOf(engine).get(service) === name;
}

/** Records that the engine's schema found this service value valid under this name. */
export function markValid(engine: SchemaEngine, name: string, service: Json): void {
  if (typeof service === 'object' && service !== null) validOf(engine).set(service, name);
}

/** Forgets every kept read, fact and validation: the next check of each file is a full one (tests compare the two). */
export function forgetComposeResults(): void {
  facts = new WeakMap();
  validServices = new WeakMap();
  forgetServiceWalks();
}
