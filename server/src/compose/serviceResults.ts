import type { Finding } from '../common/findings';
import { currentLanguage } from '../l10n/t';
import type { SchemaEngine } from '../schema/engine';
import { pairOf } from '../yaml/tree';
import type { SourcePair } from '../yaml/tree';
import { forgetServiceWalks, servicePairs, type ComposeDocument, type Json, type ServiceList } from './model';
import { servicesOf } from './project';

/**
 * What the project-wide checks derive from one service (its references to other services, the host
 * ports it publishes, the networks, volumes, secrets and configs it uses), kept with the service's
 * interpolated value. model.ts gives a service the same value object from one version of the file
 * to the next while its text and variables are unchanged: an edit derives again the facts of the
 * service it touched, and the checks that cross services (names, ports, resources, cycles) run
 * over the others' kept facts (#54: a 2,000-line file's 140 services were read again on each
 * keystroke). Facts hold paths (`services.<name>.ports.0`), never offsets: nothing to move.
 */
let facts = new WeakMap<object, Map<string, { name: string; value: unknown }>>();

/**
 * A fact of a service, derived by `derive` once per service value, fact kind and service name (paths
 * hold the name). Kept by kind, with the name it was derived under: a key joining the two was a new
 * string to hash on every call, three calls a service and edit (#54).
 */
export function serviceFact<T>(kind: string, name: string, service: Json, derive: () => T): T {
  if (typeof service !== 'object' || service === null) return derive();
  let kept = facts.get(service);
  if (!kept) facts.set(service, (kept = new Map<string, { name: string; value: unknown }>()));
  const fact = kept.get(kind);
  if (fact && fact.name === name) return fact.value as T;
  const value = derive();
  kept.set(kind, { name, value });
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

/** By engine and file, the last reading whose services the schema all found valid (at most 256 files an engine). */
let validReadings = new WeakMap<SchemaEngine, Map<string, number>>();

/** Whether every service of the reading numbered `reading` of this file was found valid by this engine's schema. */
export function validReading(engine: SchemaEngine, uri: string, reading: number): boolean {
  return validReadings.get(engine)?.get(uri) === reading;
}

/** Records (`reading`) or forgets (undefined) that every service of a reading of this file was found valid. */
export function markValidReading(engine: SchemaEngine, uri: string, reading: number | undefined): void {
  let byUri = validReadings.get(engine);
  if (!byUri) validReadings.set(engine, (byUri = new Map<string, number>()));
  if (reading === undefined) {
    byUri.delete(uri);
    return;
  }
  if (byUri.size >= 256 && !byUri.has(uri)) byUri.delete(byUri.keys().next().value!);
  byUri.set(uri, reading);
}

/** Records that the engine's schema found this service value valid under this name. */
export function markValid(engine: SchemaEngine, name: string, service: Json): void {
  if (typeof service === 'object' && service !== null) validOf(engine).set(service, name);
}

/**
 * The project as a check of one service sees the others: each service's name, in order, and what
 * other services' findings read of it (`exported`: its profiles, healthcheck, published ports,
 * dependencies…), and what the file declares at its top level (`declared`: its networks, volumes…),
 * by file of the project. A token, the same object from one version of a file to
 * the next while that view is unchanged: an edit that changes nothing other services read (a
 * comment, an environment value, a restart policy) keeps every other service's findings.
 */
export type ProjectView = object;

interface ViewState {
  language: string;
  files: { uri: string; declared: string; names: readonly string[]; services: Json[]; reading: number | undefined }[];
  view: ProjectView;
}

/** By file, the last view its checks were made under (at most 256 files, as model.ts's service reads). */
let views = new Map<string, ViewState>();
/** The view of a document version's project, once per check run (the checks of one run share the project array). */
let viewOfRun = new WeakMap<ComposeDocument, { project: readonly ComposeDocument[]; view: ProjectView }>();

/** The project view of this document's checks: the last one's object when nothing other services read has changed. */
export function projectView(document: ComposeDocument, project: readonly ComposeDocument[], exported: (name: string, service: Json) => string, declared: (document: ComposeDocument) => string): ProjectView {
  const run = viewOfRun.get(document);
  if (run?.project === project) return run.view;
  const last = views.get(document.uri);
  // A file whose reading has a delta against the one the last view read: only its changed services
  // are looked at (the others have the same name, place and value), not its 140 services (#68).
  const deltaOf = (doc: ComposeDocument, i: number) => {
    const delta = doc.serviceList?.delta;
    const before = last?.files[i];
    return delta && before && before.uri === doc.uri && before.reading === delta.from ? { delta, before } : undefined;
  };
  const files = project.map((doc, i) => {
    const known = deltaOf(doc, i);
    const services = servicesOf(doc);
    if (known) {
      const values = known.before.services.slice();
      for (const j of known.delta.changed) values[j] = services[known.before.names[j]];
      return { uri: doc.uri, declared: declared(doc), names: known.before.names, services: values, reading: doc.serviceList!.reading, changed: known.delta.changed };
    }
    const names = doc.serviceList?.names ?? Object.keys(services);
    return { uri: doc.uri, declared: declared(doc), names, services: names.map((name) => services[name]), reading: doc.serviceList?.reading, changed: undefined };
  });
  const language = currentLanguage();
  const sameService = (file: (typeof files)[number], before: ViewState['files'][number], j: number): boolean =>
    file.services[j] === before.services[j] || exported(file.names[j], file.services[j]) === exported(file.names[j], before.services[j]);
  const same =
    last !== undefined &&
    last.language === language &&
    last.files.length === files.length &&
    files.every((file, i) => {
      const before = last.files[i];
      if (before.uri !== file.uri || before.declared !== file.declared) return false;
      if (file.changed) return file.changed.every((j) => sameService(file, before, j));
      return before.names.length === file.names.length && file.names.every((name, j) => name === before.names[j] && sameService(file, before, j));
    });
  const view = same ? last.view : {};
  if (views.size >= 256 && !views.has(document.uri)) views.delete(views.keys().next().value!);
  views.set(document.uri, { language, files: files.map(({ uri, declared, names, services, reading }) => ({ uri, declared, names, services, reading })), view });
  viewOfRun.set(document, { project, view });
  return view;
}

/** The checks whose findings are kept by service. */
export type ServiceCheck = 'semantics' | 'cycles' | 'references' | 'ports' | 'resources' | 'images' | 'shapeKeys' | 'shapeFields';

/** One check's findings on one service, offsets relative to the start of the service's key. */
interface KeptFindings {
  name: string;
  view: ProjectView;
  /** From the key's start to the value's, and the key's length: the findings on the key and in the value move together while both hold. */
  lead: number;
  keyLength: number;
  findings: Finding[];
}

/** Each check's place in a service's kept findings (an array of one shape, not an object with a key per check: #68). */
const checkSlot: Record<ServiceCheck, number> = { semantics: 0, cycles: 1, references: 2, ports: 3, resources: 4, images: 5, shapeKeys: 6, shapeFields: 7 };
const CHECKS = 8;

/** By service value, each check's kept findings, by checkSlot. */
let keptFindings = new WeakMap<object, (KeptFindings | undefined)[]>();

/** A service of a document version, where its key and value are written and its kept findings: read once for all the checks. */
interface Slot {
  name: string;
  service: Json;
  /**
   * Where the pair `name: value` under `services:` is written, as numbers read once for the six checks
   * (the source nodes come in several shapes: reading them in each check's loop was most of its time, #68):
   * the key's start and length, from the key's start to the value's, the value's end. Absent (with
   * `kept`) for a service a merge key brings, or not a mapping.
   */
  keyStart: number;
  keyLength: number;
  lead: number;
  valueEnd: number;
  kept: (KeptFindings | undefined)[] | undefined;
}

let slotsOf = new WeakMap<ComposeDocument, Slot[]>();

function slots(document: ComposeDocument): Slot[] {
  let list = slotsOf.get(document);
  if (list) return list;
  const services = servicesOf(document);
  const names = document.serviceList?.names ?? Object.keys(services);
  const pairs = document.serviceList?.pairs ?? servicePairs(pairOf(document.tree, 'services')?.value, names);
  list = names.map((name, i): Slot => slotOf(name, services[name], pairs[i]));
  slotsOf.set(document, list);
  return list;
}

function slotOf(name: string, service: Json, pair: SourcePair | undefined): Slot {
  if (typeof service !== 'object' || service === null || !pair?.keyNode || !pair.value) return { name, service, keyStart: -1, keyLength: -1, lead: -1, valueEnd: -1, kept: undefined };
  let kept = keptFindings.get(service);
  if (!kept) keptFindings.set(service, (kept = new Array<KeptFindings | undefined>(CHECKS).fill(undefined)));
  const keyStart = pair.keyNode.start;
  return { name, service, keyStart, keyLength: pair.keyNode.end - keyStart, lead: pair.value.start - keyStart, valueEnd: pair.value.end, kept };
}

/**
 * One check's findings on one reading of a file, as the next reading's delta uses them: the places
 * of the services with kept findings (ascending, each with them), and of those computed on each
 * reading (findings not kept: a merge key's service, a fix, related places). Every other service
 * found nothing.
 */
interface CheckRecord {
  reading: number;
  view: ProjectView;
  found: { at: number; kept: KeptFindings }[];
  always: number[];
}

/** By file, each check's record of its last reading (at most 256 files, as the views). */
let records = new Map<string, (CheckRecord | undefined)[]>();

function recordsOf(uri: string): (CheckRecord | undefined)[] {
  let list = records.get(uri);
  if (!list) {
    if (records.size >= 256) records.delete(records.keys().next().value!);
    records.set(uri, (list = new Array<CheckRecord | undefined>(CHECKS).fill(undefined)));
  }
  return list;
}

/** One service's findings computed (and kept with its value when they may be): pushed to `findings`; whether they were kept. */
function computeSlot(slot: Slot, place: number, at: number, view: ProjectView, compute: (name: string, service: Json, at: number) => Finding[], keepFound: boolean, findings: Finding[]): KeptFindings | 'always' {
  const { name, service, keyStart, keyLength, lead, valueEnd, kept } = slot;
  const computed = compute(name, service, place);
  for (const finding of computed) findings.push(finding);
  if (kept === undefined) return 'always';
  if ((keepFound || computed.length === 0) && computed.every((finding) => finding.start >= keyStart && finding.end <= valueEnd && !finding.fix && !finding.related)) {
    const entry = { name, view, lead, keyLength, findings: computed.map((finding) => ({ ...finding, start: finding.start - keyStart, end: finding.end - keyStart })) };
    kept[at] = entry;
    return entry;
  }
  kept[at] = undefined;
  return 'always';
}

/**
 * findingsByService on a reading whose delta (model.ts ServiceList) is against the reading this
 * check last ran on, under the same project view: only the changed services are computed, the
 * services with kept findings have them moved with their key, those never kept are computed again;
 * every other service found nothing then and finds nothing now (same name, place, value, text and view).
 */
function byDelta(at: number, document: ComposeDocument, list: ServiceList, changed: readonly number[], record: CheckRecord, view: ProjectView, compute: (name: string, service: Json, at: number) => Finding[], keepFound: boolean): { findings: Finding[]; record: CheckRecord } {
  const findings: Finding[] = [];
  const next: CheckRecord = { reading: list.reading, view, found: [], always: [] };
  const services = servicesOf(document);
  const { found, always } = record;
  let f = 0;
  let a = 0;
  let c = 0;
  for (;;) {
    const i = Math.min(f < found.length ? found[f].at : Infinity, a < always.length ? always[a] : Infinity, c < changed.length ? changed[c] : Infinity);
    if (i === Infinity) break;
    const isChanged = c < changed.length && changed[c] === i;
    const isFound = f < found.length && found[f].at === i;
    if (isChanged || !isFound) {
      const name = list.names[i];
      const outcome = computeSlot(slotOf(name, services[name], list.pairs[i]), i, at, view, compute, keepFound, findings);
      if (outcome === 'always') next.always.push(i);
      else if (outcome.findings.length > 0) next.found.push({ at: i, kept: outcome });
    } else {
      const kept = found[f].kept;
      const keyStart = list.pairs[i]!.keyNode!.start;
      const own = kept.findings;
      for (let j = 0; j < own.length; j++) findings.push({ ...own[j], start: own[j].start + keyStart, end: own[j].end + keyStart });
      next.found.push(found[f]);
    }
    if (isChanged) c++;
    if (isFound) f++;
    if (a < always.length && always[a] === i) a++;
  }
  return { findings, record: next };
}

/**
 * A check's findings, service by service in the file's order: each service's (`compute`) kept with
 * the service's value (the same object while the service's text is unchanged, model.ts) and moved
 * with its key; computed again when the service's value, name, key or the project view changed
 * (#54: each check walked the 140 services of a 2,000-line file on each keystroke). Findings outside
 * the service's key and value, or with edits or related places (offsets elsewhere in the file), are
 * not kept; nor those of a service a merge key brings (no key of its own); with `keepFound` false,
 * only a service's finding nothing is kept (findings that read more of the file than the view holds).
 */
export function findingsByService(check: ServiceCheck, document: ComposeDocument, view: ProjectView, compute: (name: string, service: Json, at: number) => Finding[], keepFound = true): Finding[] {
  const at = checkSlot[check];
  const services = document.serviceList;
  const kept = services ? recordsOf(document.uri) : undefined;
  const record = kept?.[at];
  const delta = services?.delta;
  if (services && kept && delta && record && record.reading === delta.from && record.view === view) {
    const next = byDelta(at, document, services, delta.changed, record, view, compute, keepFound);
    kept[at] = next.record;
    return next.findings;
  }
  const findings = everyService(at, document, view, compute, keepFound);
  if (services && kept) kept[at] = findings.record;
  return findings.findings;
}

/** findingsByService's loop over every service of the reading, with the record the next reading's delta starts from. */
function everyService(at: number, document: ComposeDocument, view: ProjectView, compute: (name: string, service: Json, at: number) => Finding[], keepFound: boolean): { findings: Finding[]; record: CheckRecord | undefined } {
  const findings: Finding[] = [];
  const record: CheckRecord | undefined = document.serviceList ? { reading: document.serviceList.reading, view, found: [], always: [] } : undefined;
  const list = slots(document);
  // Indexed loops, the kept findings looked at only when there are some: this loop runs for every
  // service of the file, six times an edit (#68).
  for (let i = 0; i < list.length; i++) {
    const slot = list[i];
    const { name, keyStart, keyLength, lead, kept } = slot;
    const entry = kept?.[at];
    if (entry !== undefined && entry.name === name && entry.view === view && entry.lead === lead && entry.keyLength === keyLength) {
      const own = entry.findings;
      for (let j = 0; j < own.length; j++) findings.push({ ...own[j], start: own[j].start + keyStart, end: own[j].end + keyStart });
      if (record && own.length > 0) record.found.push({ at: i, kept: entry });
      continue;
    }
    const outcome = computeSlot(slot, i, at, view, compute, keepFound, findings);
    if (!record) continue;
    if (outcome === 'always') record.always.push(i);
    else if (outcome.findings.length > 0) record.found.push({ at: i, kept: outcome });
  }
  return { findings, record };
}

/** By language, a view for the findings that read nothing of the project (their messages still are in a language). */
const languageViews = new Map<string, ProjectView>();

/** The project view of checks that read only the service itself: one object per language. */
export function ownView(): ProjectView {
  const language = currentLanguage();
  let view = languageViews.get(language);
  if (!view) languageViews.set(language, (view = {}));
  return view;
}

/** By file, the places of the services whose paths the last reading's path checks looked at (pathChecks), with that reading's number. */
let probing = new Map<string, { reading: number; at: number[] }>();

/** The places of the services with paths to look at in the reading numbered `reading` of this file, if recorded. */
export function probingAt(uri: string, reading: number): readonly number[] | undefined {
  const last = probing.get(uri);
  return last?.reading === reading ? last.at : undefined;
}

export function recordProbing(uri: string, reading: number, at: number[]): void {
  if (probing.size >= 256 && !probing.has(uri)) probing.delete(probing.keys().next().value!);
  probing.set(uri, { reading, at });
}

/**
 * What a check builds from the whole project for the services it computes again (the services by
 * name, the published ports, the dependency graph), kept with the project view: the same content
 * while the view is the same object. Holds names, facts and values as other services read them,
 * perhaps of an earlier version of a file (compare files by URI, never by object).
 */
let viewFacts = new WeakMap<ProjectView, Map<string, unknown>>();

export function projectFact<T>(view: ProjectView, kind: string, build: () => T): T {
  let kept = viewFacts.get(view);
  if (!kept) viewFacts.set(view, (kept = new Map<string, unknown>()));
  if (kept.has(kind)) return kept.get(kind) as T;
  const value = build();
  kept.set(kind, value);
  return value;
}

/** Forgets every kept read, fact, validation and finding: the next check of each file is a full one (tests compare the two). */
export function forgetComposeResults(): void {
  facts = new WeakMap();
  validServices = new WeakMap();
  validReadings = new WeakMap();
  views = new Map();
  viewOfRun = new WeakMap();
  keptFindings = new WeakMap();
  slotsOf = new WeakMap();
  records = new Map();
  probing = new Map();
  viewFacts = new WeakMap();
  forgetServiceWalks();
}
