import path from 'node:path';
import type { Finding } from '../common/findings';
import { closestName } from '../common/suggest';
import { t } from '../l10n/t';
import type { ErrorObject } from 'ajv';
import type { SchemaEngine } from '../schema/engine';
import { schemaFindings } from '../schema/errors';
import { pairOf, type SourceNode } from '../yaml/tree';
import type { ComposeDocument, Json } from './model';
import { MAX_NESTING } from './interpolate';
import { alwaysMerged, servicesOf } from './project';
import { composeRules as rules } from './rules';
import { VERSION_1_ONLY_KEYS } from './version1';
import { findingsByService, knownValid, markValid, markValidReading, projectFact, projectView, serviceFact, validReading, type ProjectView } from './serviceResults';

export type Segment = string | number;
type Record_ = { [key: string]: Json };

function isRecord(value: unknown): value is Record_ {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function nodeAt(tree: SourceNode | null, segments: readonly Segment[]): SourceNode | null | undefined {
  let node: SourceNode | null | undefined = tree;
  for (const segment of segments) {
    if (!node) return undefined;
    node = typeof segment === 'number' ? (node.kind === 'seq' ? node.items?.[segment] : undefined) : pairOf(node, segment)?.value;
  }
  return node;
}

function keyAt(tree: SourceNode | null, segments: readonly Segment[]): SourceNode | null | undefined {
  const parent = nodeAt(tree, segments.slice(0, -1));
  const last = segments[segments.length - 1];
  return typeof last === 'string' ? pairOf(parent, last)?.keyNode : nodeAt(tree, segments);
}

/** A finding on the node at a path, else on the nearest enclosing node that exists in the source (merged keys). */
export function findingAt(document: ComposeDocument, segments: readonly Segment[], code: string, message: string, extra: Partial<Finding> = {}, on: 'value' | 'key' = 'value'): Finding {
  for (let depth = segments.length; depth >= 0; depth--) {
    const part = segments.slice(0, depth);
    const node = depth === segments.length && on === 'key' ? keyAt(document.tree, part) : depth > 0 && depth < segments.length ? keyAt(document.tree, part) : nodeAt(document.tree, part);
    if (node) return { start: node.start, end: node.end, code, message, ...extra };
  }
  return { start: 0, end: 0, code, message, ...extra };
}

/**
 * A finding on a value that holds a name among other text (`db:alias` in links, `service:db`,
 * `data:/var/lib/x`), narrowed to the name itself: the "did you mean" replacement rewrites the name only.
 */
function narrowToName(document: ComposeDocument, finding: Finding, name: string): Finding {
  const text = document.text.slice(finding.start, finding.end);
  const quote = /^["']/.test(text) ? 1 : 0;
  const prefix = text.startsWith('service:', quote) ? 'service:'.length : 0;
  const at = text.indexOf(name, quote + prefix);
  return at < 0 || text.length === name.length ? finding : { ...finding, start: finding.start + at, end: finding.start + at + name.length };
}

/**
 * The edit declaring a missing network, volume, secret or config: an entry `name: {}` under the
 * file's top-level section (indented as its first entry), or the section itself at the end of the
 * file. A secret or config also needs its source: the entry names a file of the same name, to edit.
 * None when the section is written in a form an inserted line would break (flow style).
 */
function declaration(document: ComposeDocument, kind: ResourceKind, name: string): Finding['fix'] | undefined {
  const body = kind === 'secrets' || kind === 'configs' ? `{ file: ./${name} }` : '{}';
  const title = t('Declare {0} "{1}" under the top-level `{2}:`', kindWord(kind).toLowerCase(), name, kind);
  const section = pairOf(document.tree, kind);
  const text = document.text;
  const lineEnd = (offset: number) => {
    const end = text.indexOf('\n', offset);
    return end < 0 ? text.length : end;
  };
  if (!section) {
    const end = text.length;
    const lead = end > 0 && !text.endsWith('\n') ? '\n' : '';
    return { title, edits: [{ start: end, end, newText: `${lead}${kind}:\n  ${name}: ${body}\n` }] };
  }
  if (!section.keyNode) return undefined;
  const value = section.value;
  if (value && (value.kind !== 'map' || text[value.start] === '{')) return undefined;
  const first = value?.pairs?.[0]?.keyNode;
  const indent = first ? first.start - text.lastIndexOf('\n', first.start - 1) - 1 : 2;
  const at = lineEnd(section.keyNode.end);
  return { title, edits: [{ start: at, end: at, newText: `\n${' '.repeat(indent)}${name}: ${body}` }] };
}

/**
 * The schema's errors of a document. The schema takes each service on its own (`services` maps a
 * name to the service definition, nothing else looks at them): a file whose services were all
 * valid before, under the same name, is validated with the new or changed ones only, and that
 * answer is the full one when it finds nothing. Any error: the whole document is validated again,
 * as before, so that the errors and their order are the full validation's.
 */
function schemaErrors(document: ComposeDocument, value: Record_, engine: SchemaEngine): ErrorObject[] {
  const services = value.services;
  const list = document.serviceList;
  const delta = list?.delta;
  // After a reading whose services were all valid, only the changed ones can be unknown: the others have the same name and value (#68).
  const fromValid = isRecord(services) && list !== undefined && delta !== undefined && validReading(engine, document.uri, delta.from);
  const names = !isRecord(services) ? [] : list ? list.names : Object.keys(services);
  // The names of the services not known valid (names, not Object.entries' pairs: made on each edit, #68).
  const unknown = !isRecord(services) ? [] : fromValid ? delta.changed.map((i) => names[i]).filter((name) => !knownValid(engine, name, services[name])) : names.filter((name) => !knownValid(engine, name, services[name]));
  if (isRecord(services) && unknown.length < names.length) {
    if (engine.validate('compose', { ...value, services: Object.fromEntries(unknown.map((name) => [name, services[name]])) })?.length === 0) {
      for (const name of unknown) markValid(engine, name, services[name]);
      markValidReading(engine, document.uri, list?.reading);
      return [];
    }
  }
  const errors = engine.validate('compose', value) ?? [];
  if (errors.length === 0 && isRecord(services)) for (const name of names) markValid(engine, name, services[name]);
  markValidReading(engine, document.uri, errors.length === 0 && isRecord(services) ? list?.reading : undefined);
  return errors;
}

/** The error of a version 1 file (compose-go refuses it: TestV1Unsupported), on its first service's name (line 1 but for comments). */
function version1Finding(document: ComposeDocument): Finding {
  const first = nodeAt(document.tree, ['services'])?.pairs?.[0]?.keyNode;
  const message = t('Compose file format version 1: its services are at the top level, without `services:`. Docker Compose v2 refuses it (it reads the Compose Specification only); Docker Compose v1, which ran it, is no longer supported. Put the services under `services:`.');
  return { start: first?.start ?? 0, end: first?.end ?? 0, code: rules.version1.id, message };
}

/** A version 1 document's value without the service keys only version 1 had (the schema is the specification's). */
function withoutVersion1Keys(value: Record_): Record_ {
  const services = value.services;
  if (!isRecord(services)) return value;
  const kept: Record_ = {};
  for (const [name, service] of Object.entries(services)) kept[name] = isRecord(service) ? Object.fromEntries(Object.entries(service).filter(([key]) => !VERSION_1_ONLY_KEYS.includes(key))) : service;
  return { ...value, services: kept };
}

/** Schema errors after interpolation, bad casts, and the obsolete `version`. */
export function schemaChecks(document: ComposeDocument, engine: SchemaEngine): Finding[] {
  const value = document.value;
  if (!value) return [];
  // A version 1 file is checked with the keys only version 1 had left out (version1.ts), and said once on its first key.
  const checked = document.version1 ? withoutVersion1Keys(value) : value;
  const errors = schemaErrors(document, checked, engine);
  const findings = errors.length > 0 ? schemaFindings(errors, document.tree, checked, engine, 'compose', rules.schema.id) : [];
  if (document.version1) findings.push(version1Finding(document));
  for (const bad of document.badCasts) {
    const expected = bad.expected === 'bool' ? t('a boolean (true or false)') : bad.expected === 'int' ? t('an integer') : t('a number');
    findings.push(findingAt(document, bad.path, rules.schema.id, t('"{0}" is not {1}: Compose converts this value and refuses the file.', bad.found, expected)));
  }
  const version = pairOf(document.tree, 'version');
  if (version?.keyNode && 'version' in (document.raw as Record_)) {
    findings.push({ start: version.keyNode.start, end: (version.value ?? version.keyNode).end, code: rules.version.id, message: t('`version` is obsolete: Compose ignores it and warns; remove it.'), data: { removeVersion: true } });
  }
  return findings;
}

/** Variables without a value, required variables, malformed references. */
export function variableChecks(document: ComposeDocument): Finding[] {
  // No use or malformed reference to report (model.ts): the uses of the services moved by an edit are not placed (#68).
  if (document.quietUses) return [];
  const findings: Finding[] = [];
  const seen = new Set<string>();
  // The uses a required variable has no value for, once each (a use placed twice, by an alias or on a
  // whole scalar, is seen once): looked for only when there is one (a key per use was made on each edit, #68).
  const requiredUnset = document.uses.some((use) => use.required !== undefined && !use.set);
  for (const use of requiredUnset ? document.uses : []) {
    const key = `${use.start}:${use.name}`;
    if (seen.has(key)) continue;
    seen.add(key);
    if (use.required !== undefined && !use.set) {
      findings.push({ start: use.start, end: use.end, code: rules.variable.id, message: use.required ? t('Variable "{0}" must be set ({1}): it is not in the project\'s .env; Compose refuses to start without it.', use.name, use.required) : t('Variable "{0}" must be set: it is not in the project\'s .env; Compose refuses to start without it.', use.name), data: { variable: use.name } });
    }
  }
  for (const use of document.uses) {
    if (use.hasDefault || use.required !== undefined) continue;
    if (use.set) continue;
    findings.push({ start: use.start, end: use.end, code: rules.variable.id, message: t('Variable "{0}" is not set in the project\'s .env and has no default: Compose uses an empty string unless the shell sets it. Give a default with ${{0}:-value}.', use.name), data: { variable: use.name } });
  }
  for (const bad of document.invalid) {
    if (bad.limit) findings.push({ start: bad.start, end: bad.end, code: rules.limit.id, message: t('References nested more than {0} levels deep (${A:-${B:-…}}): not read further (a limit of Archipel, docs/limits.md).', MAX_NESTING) });
    else findings.push({ start: bad.start, end: bad.end, code: rules.variable.id, severity: 'error', message: t('Invalid interpolation: a reference is ${NAME}, ${NAME:-default}, ${NAME:?message} or $NAME; write $$ for a literal $.') });
  }
  return findings;
}

/** A service's profiles, or undefined when it has none (always enabled). */
function profilesOf(service: Json | undefined): string[] | undefined {
  const profiles = isRecord(service) ? service.profiles : undefined;
  return Array.isArray(profiles) && profiles.length > 0 ? profiles.filter((p): p is string => typeof p === 'string') : undefined;
}

interface Reference {
  name: string;
  segments: Segment[];
  on: 'key' | 'value';
  kind: 'depends_on' | 'links' | 'network_mode' | 'volumes_from' | 'extends';
  required: boolean;
  condition?: string;
}

/** Every reference from a service to another service, with where it is written. */
function serviceReferences(serviceName: string, service: Json): Reference[] {
  return serviceFact('references', serviceName, service, () => readServiceReferences(serviceName, service));
}

function readServiceReferences(serviceName: string, service: Json): Reference[] {
  if (!isRecord(service)) return [];
  const base: Segment[] = ['services', serviceName];
  const refs: Reference[] = [];
  const dependsOn = service.depends_on;
  if (Array.isArray(dependsOn)) {
    dependsOn.forEach((name, i) => typeof name === 'string' && refs.push({ name, segments: [...base, 'depends_on', i], on: 'value', kind: 'depends_on', required: true, condition: 'service_started' }));
  } else if (isRecord(dependsOn)) {
    for (const [name, spec] of Object.entries(dependsOn)) {
      const condition = isRecord(spec) && typeof spec.condition === 'string' ? spec.condition : 'service_started';
      refs.push({ name, segments: [...base, 'depends_on', name], on: 'key', kind: 'depends_on', required: !(isRecord(spec) && spec.required === false), condition });
    }
  }
  if (Array.isArray(service.links)) {
    service.links.forEach((link, i) => typeof link === 'string' && refs.push({ name: link.split(':')[0], segments: [...base, 'links', i], on: 'value', kind: 'links', required: true }));
  }
  if (typeof service.network_mode === 'string' && service.network_mode.startsWith('service:')) {
    refs.push({ name: service.network_mode.slice('service:'.length), segments: [...base, 'network_mode'], on: 'value', kind: 'network_mode', required: true });
  }
  if (Array.isArray(service.volumes_from)) {
    service.volumes_from.forEach((entry, i) => {
      if (typeof entry !== 'string' || entry.startsWith('container:')) return;
      const name = (entry.startsWith('service:') ? entry.slice('service:'.length) : entry).split(':')[0];
      refs.push({ name, segments: [...base, 'volumes_from', i], on: 'value', kind: 'volumes_from', required: true });
    });
  }
  const extend = service.extends;
  if (isRecord(extend) && typeof extend.service === 'string' && extend.file === undefined) {
    refs.push({ name: extend.service, segments: [...base, 'extends', 'service'], on: 'value', kind: 'extends', required: true });
  } else if (typeof extend === 'string') {
    refs.push({ name: extend, segments: [...base, 'extends'], on: 'value', kind: 'extends', required: true });
  }
  return refs;
}

/**
 * What other services' findings read of a service, as one string kept with its value: whether it is
 * a mapping, its profiles, whether it has a healthcheck, the host ports it publishes, the services it
 * depends on, the networks, volumes, secrets and configs it uses. The project view (serviceResults.ts) compares it
 * for the services an edit changed.
 */
function exportedFacts(name: string, service: Json): string {
  return serviceFact('exported', name, service, () =>
    JSON.stringify([isRecord(service), profilesOf(service) ?? null, hasHealthcheck(service), publishedPorts(name, service).map((p) => [p.port, p.protocol, p.ip]), dependencyNames(service), resourceUses(name, service).map((use) => [use.kind, use.name])]),
  );
}

const resourceKinds = ['networks', 'volumes', 'secrets', 'configs'] as const;

/** The networks, volumes, secrets and configs a file declares (the project view's `declared`). */
function declaredNames(document: ComposeDocument): string {
  return JSON.stringify(resourceKinds.map((kind) => {
    const section = document.value?.[kind];
    return isRecord(section) ? Object.keys(section) : [];
  }));
}

/** The services a service depends on (list or map form), in order. */
export function dependencyNames(service: Json): string[] {
  if (!isRecord(service)) return [];
  const dependsOn = service.depends_on;
  return Array.isArray(dependsOn) ? dependsOn.filter((d): d is string => typeof d === 'string') : isRecord(dependsOn) ? Object.keys(dependsOn) : [];
}

/** The project as this document's checks of each service see it (serviceResults.ts): their kept findings hold while it is the same object. */
export function projectViewOf(document: ComposeDocument, project: readonly ComposeDocument[]): ProjectView {
  return projectView(document, project, exportedFacts, declaredNames);
}

/** References to undefined or profile-hidden services; service_healthy on a service without a healthcheck. */
export function referenceChecks(document: ComposeDocument, project: readonly ComposeDocument[]): Finding[] {
  const view = projectViewOf(document, project);
  return findingsByService('references', document, view, (serviceName, service) => {
    // The project's services by name, read when a service's findings are computed again.
    const { all, names } = projectFact(view, 'services', () => {
      const byName = new Map<string, Json[]>();
      for (const other of project) {
        for (const [name, each] of Object.entries(servicesOf(other))) {
          const list = byName.get(name);
          if (list) list.push(each);
          else byName.set(name, [each]);
        }
      }
      return { all: byName, names: [...byName.keys()] };
    });
    return serviceReferenceFindings(document, all, names, serviceName, service);
  });
}

function serviceReferenceFindings(document: ComposeDocument, all: Map<string, Json[]>, names: string[], serviceName: string, service: Json): Finding[] {
  const findings: Finding[] = [];
  const ownProfiles = profilesOf(service);
  for (const ref of serviceReferences(serviceName, service)) {
    if (ref.name.includes('$')) continue;
    const targets = all.get(ref.name);
    if (!targets) {
      const suggestion = closestName(ref.name, names.filter((n) => n !== serviceName), false);
      const hint = suggestion ? t(' Did you mean "{0}"?', suggestion) : names.length > 0 ? t(' Services: {0}.', names.slice(0, 12).join(', ')) : '';
      const finding = narrowToName(document, findingAt(document, ref.segments, rules.undefinedService.id, t('Service "{0}" ({1} of "{2}") is not defined in the project\'s Compose files.{3}', ref.name, ref.kind, serviceName, hint), {}, ref.on), ref.name);
      findings.push(suggestion ? { ...finding, data: { replacement: suggestion } } : finding);
      continue;
    }
    if (ref.kind !== 'extends' && ref.required) {
      const targetProfiles = targets.map(profilesOf).find((p) => p !== undefined);
      const allTargetsProfiled = targets.every((target) => profilesOf(target) !== undefined);
      if (allTargetsProfiled && targetProfiles) {
        const missing = ownProfiles === undefined ? undefined : ownProfiles.filter((p) => !targetProfiles.includes(p));
        if (ownProfiles === undefined || (missing && missing.length > 0)) {
          const when = ownProfiles === undefined ? t('without a profile') : t('under profile {0}', missing!.join(', '));
          findings.push(findingAt(document, ref.segments, rules.profileHidden.id, t('"{0}" runs {1}, but "{2}" is enabled only under profile {3}: Compose refuses to start "{0}" then (add a profile, or `required: false`).', serviceName, when, ref.name, targetProfiles.join(', ')), {}, ref.on));
        }
      }
    }
    if (ref.condition === 'service_healthy' && targets.every((target) => !hasHealthcheck(target))) {
      findings.push(findingAt(document, [...ref.segments, 'condition'], rules.healthcheck.id, t('"{0}" waits for "{1}" to be healthy, but "{1}" has no healthcheck here: unless its image defines HEALTHCHECK, "{0}" never starts.', serviceName, ref.name)));
    }
  }
  return findings;
}

function hasHealthcheck(service: Json): boolean {
  if (!isRecord(service)) return false;
  const check = service.healthcheck;
  // `extends` may bring one: unknown here, so assumed.
  return (isRecord(check) && check.disable !== true) || service.extends !== undefined;
}

interface Published {
  service: string;
  port: number;
  protocol: string;
  ip: string;
  segments: Segment[];
}

/** The host ports a service publishes (short syntax `[ip:]host[-range]:container[/proto]` and long syntax `published`). */
function publishedPorts(serviceName: string, service: Json): Published[] {
  return serviceFact('ports', serviceName, service, () => readPublishedPorts(serviceName, service));
}

function readPublishedPorts(serviceName: string, service: Json): Published[] {
  if (!isRecord(service) || !Array.isArray(service.ports)) return [];
  const out: Published[] = [];
  service.ports.forEach((entry, i) => {
    const segments: Segment[] = ['services', serviceName, 'ports', i];
    if (typeof entry === 'string') {
      const [spec, protocol = 'tcp'] = entry.split('/');
      const parts = spec.startsWith('[') ? [spec.slice(0, spec.indexOf(']') + 1), ...spec.slice(spec.indexOf(']') + 2).split(':')] : spec.split(':');
      if (parts.length < 2) return;
      const host = parts[parts.length - 2];
      const ip = parts.length >= 3 ? parts[0] : '';
      const range = /^(\d+)(?:-(\d+))?$/.exec(host);
      if (!range) return;
      const from = Number(range[1]);
      const to = range[2] ? Number(range[2]) : from;
      // A host range with a single container port: Docker picks one free port of the range.
      const containerSide = parts[parts.length - 1];
      if (to !== from && !containerSide.includes('-')) return;
      for (let port = from; port <= Math.min(to, from + 1024); port++) out.push({ service: serviceName, port, protocol, ip, segments });
    } else if (isRecord(entry)) {
      const published = typeof entry.published === 'number' ? String(entry.published) : entry.published;
      if (typeof published !== 'string' || !/^\d+$/.test(published)) return;
      out.push({ service: serviceName, port: Number(published), protocol: typeof entry.protocol === 'string' ? entry.protocol : 'tcp', ip: typeof entry.host_ip === 'string' ? entry.host_ip : '', segments });
    }
  });
  return out;
}

function disjointProfiles(a: Json, b: Json): boolean {
  const pa = profilesOf(a);
  const pb = profilesOf(b);
  return pa !== undefined && pb !== undefined && !pa.some((p) => pb.includes(p));
}

/** Host ports published twice among the services Compose starts together (the main file, its override, their includes). */
export function portChecks(document: ComposeDocument, project: readonly ComposeDocument[]): Finding[] {
  const view = projectViewOf(document, project);
  const findings = findingsByService('ports', document, view, (name, service) => {
    // Every published port once, by port number, read when a service's findings are computed
    // again: each port of the service is then compared with the few that share its number.
    const byPort = projectFact(view, 'ports', () => {
      const ports = new Map<number, { name: string; service: Json; port: Published; uri: string; file: string | undefined }[]>();
      const merged = alwaysMerged(document.uri) ? project.filter((d) => d === document || alwaysMerged(d.uri)) : [document];
      for (const doc of merged) {
        for (const [otherName, other] of Object.entries(servicesOf(doc))) {
          for (const port of publishedPorts(otherName, other)) {
            const list = ports.get(port.port);
            const entry = { name: otherName, service: other, port, uri: doc.uri, file: doc.file };
            if (list) list.push(entry);
            else ports.set(port.port, [entry]);
          }
        }
      }
      return ports;
    });
    const own: Finding[] = [];
    for (const port of publishedPorts(name, service)) {
      for (const other of byPort.get(port.port) ?? []) {
        if (other.name === name || disjointProfiles(service, other.service)) continue;
        const p = other.port;
        if (p.protocol !== port.protocol || !(p.ip === port.ip || p.ip === '' || port.ip === '' || p.ip === '0.0.0.0' || port.ip === '0.0.0.0')) continue;
        // By URI: the ports may have been read from an earlier version of this file (serviceResults.ts's projectFact).
        const where = other.uri === document.uri ? '' : t(' (in {0})', path.basename(other.file ?? other.uri));
        own.push(findingAt(document, port.segments, rules.ports.id, t('Host port {0}/{1} is also published by service "{2}"{3}: the second container fails to start.', port.port, port.protocol, other.name, where)));
      }
    }
    return own;
  });
  return dedupe(findings);
}

function dedupe(findings: Finding[]): Finding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.start}:${f.end}:${f.code}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

type ResourceKind = 'networks' | 'volumes' | 'secrets' | 'configs';

interface Use {
  kind: ResourceKind;
  name: string;
  segments: Segment[];
  on: 'key' | 'value';
}

/** The networks, named volumes, secrets and configs a service uses. */
function resourceUses(serviceName: string, service: Json): Use[] {
  return serviceFact('uses', serviceName, service, () => readResourceUses(serviceName, service));
}

function readResourceUses(serviceName: string, service: Json): Use[] {
  if (!isRecord(service)) return [];
  const base: Segment[] = ['services', serviceName];
  const uses: Use[] = [];
  const networks = service.networks;
  if (Array.isArray(networks)) networks.forEach((n, i) => typeof n === 'string' && uses.push({ kind: 'networks', name: n, segments: [...base, 'networks', i], on: 'value' }));
  else if (isRecord(networks)) for (const n of Object.keys(networks)) uses.push({ kind: 'networks', name: n, segments: [...base, 'networks', n], on: 'key' });
  if (Array.isArray(service.volumes)) {
    service.volumes.forEach((v, i) => {
      if (typeof v === 'string') {
        const parts = v.split(':');
        const source = parts[0];
        if (parts.length >= 2 && /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(source)) uses.push({ kind: 'volumes', name: source, segments: [...base, 'volumes', i], on: 'value' });
      } else if (isRecord(v) && (v.type === 'volume' || v.type === undefined) && typeof v.source === 'string' && /^[a-zA-Z0-9][a-zA-Z0-9_.-]*$/.test(v.source)) {
        uses.push({ kind: 'volumes', name: v.source, segments: [...base, 'volumes', i, 'source'], on: 'value' });
      }
    });
  }
  for (const kind of ['secrets', 'configs'] as const) {
    const list = service[kind];
    if (Array.isArray(list)) {
      list.forEach((entry, i) => {
        if (typeof entry === 'string') uses.push({ kind, name: entry, segments: [...base, kind, i], on: 'value' });
        else if (isRecord(entry) && typeof entry.source === 'string') uses.push({ kind, name: entry.source, segments: [...base, kind, i, 'source'], on: 'value' });
      });
    }
  }
  const build = service.build;
  if (isRecord(build) && Array.isArray(build.secrets)) {
    build.secrets.forEach((entry, i) => {
      const name = typeof entry === 'string' ? entry : isRecord(entry) && typeof entry.source === 'string' ? entry.source : undefined;
      if (name) uses.push({ kind: 'secrets', name, segments: [...base, 'build', 'secrets', i, ...(typeof entry === 'string' ? [] : ['source'])], on: 'value' });
    });
  }
  return uses;
}

const kindWord = (kind: ResourceKind): string =>
  kind === 'networks' ? t('Network') : kind === 'volumes' ? t('Volume') : kind === 'secrets' ? t('Secret') : t('Config');

/** Resources used and not declared (an error) and declared and not used (a hint), across the project. */
export function resourceChecks(document: ComposeDocument, project: readonly ComposeDocument[]): Finding[] {
  const view = projectViewOf(document, project);
  // What the project declares and what its services use, read again when the project view changes.
  const { declared, used } = projectFact(view, 'resources', () => {
    const declaredByKind = new Map<ResourceKind, Set<string>>();
    const usedByKind = new Map<ResourceKind, Set<string>>();
    for (const kind of resourceKinds) {
      declaredByKind.set(kind, new Set());
      usedByKind.set(kind, new Set());
    }
    for (const doc of project) {
      for (const kind of resourceKinds) {
        const section = doc.value?.[kind];
        if (isRecord(section)) for (const name of Object.keys(section)) declaredByKind.get(kind)!.add(name);
      }
      for (const [name, service] of Object.entries(servicesOf(doc))) for (const use of resourceUses(name, service)) usedByKind.get(use.kind)!.add(use.name);
    }
    return { declared: declaredByKind, used: usedByKind };
  });
  // A finding's fix declares the name in the file's top-level section, which the view does not hold: only services finding nothing are kept.
  const findings = findingsByService('resources', document, view, (name, service) => {
    const own: Finding[] = [];
    for (const use of resourceUses(name, service)) {
      if (use.name.includes('$') || (use.kind === 'networks' && use.name === 'default')) continue;
      const known = declared.get(use.kind)!;
      if (known.has(use.name)) continue;
      const suggestion = closestName(use.name, [...known], false);
      const hint = suggestion ? t(' Did you mean "{0}"?', suggestion) : '';
      const finding = narrowToName(document, findingAt(document, use.segments, rules.undeclared.id, t('{0} "{1}" is used by service "{2}" but not declared under the top-level `{3}:`.{4}', kindWord(use.kind), use.name, name, use.kind, hint), {}, use.on), use.name);
      const fix = declaration(document, use.kind, use.name);
      own.push({ ...finding, ...(suggestion ? { data: { replacement: suggestion } } : {}), ...(fix ? { fix } : {}) });
    }
    return own;
  }, false);
  for (const kind of resourceKinds) {
    const section = document.value?.[kind];
    if (!isRecord(section)) continue;
    for (const name of Object.keys(section)) {
      if (used.get(kind)!.has(name) || (kind === 'networks' && name === 'default')) continue;
      findings.push(findingAt(document, [kind, name], rules.unused.id, t('{0} "{1}" is declared but no service uses it.', kindWord(kind), name), {}, 'key'));
    }
  }
  return findings;
}

/** Images without a tag or tagged latest; services with neither image nor build. */
export function imageChecks(document: ComposeDocument, project: readonly ComposeDocument[]): Finding[] {
  return findingsByService('images', document, projectViewOf(document, project), (name, service) => {
    if (!isRecord(service)) return [];
    const findings: Finding[] = [];
    const image = service.image;
    if (typeof image === 'string' && service.build === undefined && !image.includes('$') && !image.includes('@')) {
      const lastPart = image.slice(image.lastIndexOf('/') + 1);
      const tag = lastPart.includes(':') ? lastPart.slice(lastPart.indexOf(':') + 1) : undefined;
      if (tag === undefined) findings.push(findingAt(document, ['services', name, 'image'], rules.imageTag.id, t('Image "{0}" has no tag: Compose pulls latest, which changes when the image is pushed again. Pin a version.', image)));
      else if (tag === 'latest') findings.push(findingAt(document, ['services', name, 'image'], rules.imageTag.id, t('Image "{0}" is tagged latest, which changes when the image is pushed again. Pin a version.', image)));
    }
    if (image === undefined && service.build === undefined && service.extends === undefined && service.provider === undefined) {
      const elsewhere = project.some((doc) => doc !== document && isRecord(servicesOf(doc)[name]));
      if (!elsewhere) findings.push(findingAt(document, ['services', name], rules.noImage.id, t('Service "{0}" has neither `image` nor `build`: Compose cannot create its container.', name), {}, 'key'));
    }
    return findings;
  });
}
