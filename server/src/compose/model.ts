import path from 'node:path';
import { parseDocument, visit, type Document } from 'yaml';
import { fsPathOf } from '../common/containment';
import type { NotRead, SideText } from '../common/sideFile';
import type { IndexedFile } from '../workspace/index';
import { expansionBeyondLimit } from '../yaml/expansion';
import { pairOf, sourceTreeOfDoc, type SourceNode, type SourcePair } from '../yaml/tree';
import { interpolate, type Lookup, type VariableUse } from './interpolate';
import { asVersion2, isVersion1 } from './version1';

/** A variable use placed in the document. */
export interface PlacedUse extends VariableUse {
  /** The path of the value holding it. */
  path: (string | number)[];
  /** Whether the project's .env (or the service's env_file) gives it a value. */
  set: boolean;
}

/** What the Compose family reads from outside the index (injected; never the disk directly). */
export interface ComposeReader {
  /** A side file's text (a `.env`, an `env_file`), or why it was not read (missing, outside the workspace, not a regular file, too large). */
  read(absolutePath: string): SideText;
  /** Whether a path (a file or a folder) exists. */
  exists(absolutePath: string): boolean;
}

export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** One Compose file, read as Compose reads it: merge keys applied, `!reset` dropped, variables interpolated. */
export interface ComposeDocument {
  uri: string;
  /** The file's path on disk and its folder (the project directory for relative paths). */
  file: string | undefined;
  folder: string | undefined;
  /** Where the (first) YAML document starts in the file: every offset below is relative to it. */
  offset: number;
  /** The document's text and the spans of its nodes (null when the file is not well-formed YAML). */
  text: string;
  tree: SourceNode | null;
  /** The value before interpolation (undefined: not a mapping, or YAML errors reported by the YAML family). */
  raw: Json | undefined;
  /** The value after interpolation and Compose's casts. */
  value: { [key: string]: Json } | undefined;
  uses: PlacedUse[];
  /** Malformed `${…}` references (`limit`: nested too deep to be read). */
  invalid: { start: number; end: number; limit?: true }[];
  /** Values Compose casts that do not read as their type (`replicas: "${N}"` with N=abc). */
  badCasts: { path: (string | number)[]; expected: string; found: string }[];
  /** The side files not read: the project's `.env` (no service) and each service's env_file, with why (missing included). */
  refused?: RefusedSideFile[];
  /** No variable use and no malformed reference gives a finding (variableChecks finds nothing: `uses` and `invalid` need not be placed). */
  quietUses?: true;
  /** The services as this reading walked them (absent: no `services` mapping written in the file). */
  serviceList?: ServiceList;
  /** A file of Compose file format version 1 (its services at the top level), read as if under `services:` (version1.ts). */
  version1?: true;
}

/**
 * The services of a reading, in the value's order, with the pairs writing them, and what changed
 * since the reading before it of the same file: the checks that keep findings by service
 * (serviceResults.ts) visit only the changed ones and those with findings (#68: each check visited
 * the 140 services of a 2,000-line file on each keystroke).
 */
export interface ServiceList {
  /** This reading's number (unique in the process). */
  readonly reading: number;
  readonly names: readonly string[];
  readonly pairs: readonly (SourcePair | undefined)[];
  /**
   * Against the reading numbered `from` (the last one of this file): the same names in the same order,
   * and `changed` (ascending) the places of the services whose text, value or variables may differ —
   * every other service was read from the same YAML value (its key and value written alike, moved at
   * most), under the same `.env` (or after a first reading whose walk asked no variable: its walks hold
   * under any) and env_files, and has the same interpolated value. Absent when that reading had other
   * services, names or order, or another `.env`.
   */
  readonly delta?: { readonly from: number; readonly changed: readonly number[] };
}

let readings = 0;

/** A side file of a Compose file that was not read (common/sideFile.ts). */
export interface RefusedSideFile {
  /** The path as written (`.env` for the project's). */
  written: string;
  /** The service naming it in env_file, and its place in the list. */
  service?: string;
  index?: number;
  refused: NotRead;
}

/** Whether a text uses what the shared YAML reading does not apply: merge keys, `!reset`, `!override`. */
function hasSpecialMarkers(text: string): boolean {
  return text.includes('<<') || text.includes('!reset') || text.includes('!override');
}

/** A document read by the yaml package with merge keys, `!reset` entries removed (Compose's ResetProcessor). */
function readSpecial(text: string): { raw: unknown; tree: SourceNode | null } | undefined {
  const doc: Document.Parsed = parseDocument(text, { merge: true, uniqueKeys: false, strict: true, logLevel: 'silent', prettyErrors: false });
  if (doc.errors.length > 0) return undefined;
  const tree = sourceTreeOfDoc(doc);
  visit(doc, {
    Pair(_, pair) {
      const value = pair.value as { tag?: string } | null;
      if (value && typeof value === 'object' && value.tag === '!reset') return visit.REMOVE;
      return undefined;
    },
    Seq(_, seq) {
      seq.items = seq.items.filter((item) => (item as { tag?: string } | null)?.tag !== '!reset');
    },
  });
  let raw: unknown;
  try {
    raw = doc.toJS({ maxAliasCount: 10_000 });
  } catch {
    return undefined;
  }
  return { raw, tree };
}

/** The first YAML document's plain value and spans, read through the shared YAML model when it is plain. */
function readRaw(file: IndexedFile): { raw: unknown; tree: SourceNode | null; text: string; offset: number; version1?: true } | undefined {
  const yaml = file.yaml;
  const first = yaml?.chunks[0];
  if (!yaml || !first) return undefined;
  if (!first.chunk.wellFormed) return duplicatedVersion1(first.chunk, first.offset);
  if (hasSpecialMarkers(first.chunk.text)) {
    const read = readSpecial(first.chunk.text);
    if (!read || expansionBeyondLimit(read.raw)) return undefined;
    return { ...asVersion2(read.raw, read.tree), text: first.chunk.text, offset: first.offset };
  }
  return { ...asVersion2(first.chunk.value, first.chunk.tree), text: first.chunk.text, offset: first.offset };
}

/**
 * A version 1 file whose only YAML fault is a key repeated in a mapping (cer/event-sourcing-examples'
 * docker-compose-eventuate-local.yml writes a service's `environment` twice): Docker Compose v1 read it with PyYAML, where
 * the last value wins, and so does this reading (the YAML family reports the repeated key). Any other file not well-formed
 * is not read.
 */
function duplicatedVersion1(chunk: { text: string; beyondLimits: unknown; duplicateKeys: readonly unknown[] }, offset: number): ReturnType<typeof readRaw> {
  if (chunk.beyondLimits || chunk.duplicateKeys.length === 0) return undefined;
  const read = readSpecial(chunk.text);
  if (!read || !isVersion1(read.raw) || expansionBeyondLimit(read.raw)) return undefined;
  return { ...asVersion2(read.raw, read.tree), text: chunk.text, offset };
}

/** Every reading's `raw` (readRaw's value, when a mapping) without a walk, and for a plain text without spans (#68). */
export function rawValue(file: IndexedFile): { [key: string]: Json } | undefined {
  const chunk = file.yaml?.chunks[0]?.chunk;
  const raw = !chunk ? undefined : !chunk.wellFormed || hasSpecialMarkers(chunk.text) ? readRaw(file)?.raw : asVersion2(chunk.value, null).raw;
  return isRecord(raw) ? raw : undefined;
}

function isRecord(value: unknown): value is { [key: string]: Json } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

type Cast = 'int' | 'float' | 'bool';
/** compose-go's interpolateTypeCastMapping (loader/interpolate.go): paths whose strings become numbers or booleans. */
const serviceCasts: [string[], Cast][] = [
  [['cpu_count'], 'int'], [['cpu_percent'], 'float'], [['cpu_period'], 'int'], [['cpu_quota'], 'int'],
  [['cpu_rt_period'], 'int'], [['cpu_rt_runtime'], 'int'], [['cpus'], 'float'], [['cpu_shares'], 'int'],
  [['init'], 'bool'], [['depends_on', '*', 'required'], 'bool'], [['depends_on', '*', 'restart'], 'bool'],
  [['deploy', 'replicas'], 'int'], [['deploy', 'update_config', 'parallelism'], 'int'],
  [['deploy', 'update_config', 'max_failure_ratio'], 'float'], [['deploy', 'rollback_config', 'parallelism'], 'int'],
  [['deploy', 'rollback_config', 'max_failure_ratio'], 'float'], [['deploy', 'restart_policy', 'max_attempts'], 'int'],
  [['deploy', 'placement', 'max_replicas_per_node'], 'int'], [['healthcheck', 'retries'], 'int'],
  [['healthcheck', 'disable'], 'bool'], [['oom_kill_disable'], 'bool'], [['oom_score_adj'], 'int'], [['pids_limit'], 'int'],
  [['ports', '[]', 'target'], 'int'], [['privileged'], 'bool'], [['read_only'], 'bool'], [['scale'], 'int'],
  [['stdin_open'], 'bool'], [['tty'], 'bool'], [['ulimits', '*'], 'int'], [['ulimits', '*', 'hard'], 'int'],
  [['ulimits', '*', 'soft'], 'int'], [['volumes', '[]', 'read_only'], 'bool'], [['volumes', '[]', 'volume', 'nocopy'], 'bool'],
];
const topCasts: [string[], Cast][] = [
  ...['external', 'internal', 'attachable', 'enable_ipv4', 'enable_ipv6'].map((k): [string[], Cast] => [['networks', '*', k], 'bool']),
  [['volumes', '*', 'external'], 'bool'], [['secrets', '*', 'external'], 'bool'], [['configs', '*', 'external'], 'bool'],
];
const casts: [string[], Cast][] = [...serviceCasts.map(([p, c]): [string[], Cast] => [['services', '*', ...p], c]), ...topCasts];

/** The cast patterns by their last segment ('*' when it is a wildcard), so that most values are looked up once. */
const castsByLast = new Map<string, [string[], Cast][]>();
for (const entry of casts) {
  const last = entry[0][entry[0].length - 1];
  const key = last === '[]' || last === '*' ? '*' : last;
  castsByLast.set(key, [...(castsByLast.get(key) ?? []), entry]);
}

function castFor(pathSegments: readonly (string | number)[]): Cast | undefined {
  const last = pathSegments[pathSegments.length - 1];
  const candidates = [...(typeof last === 'string' ? (castsByLast.get(last) ?? []) : []), ...(pathSegments.length === 4 && pathSegments[2] === 'ulimits' ? (castsByLast.get('*') ?? []) : [])];
  for (const [pattern, cast] of candidates) {
    if (pattern.length !== pathSegments.length) continue;
    if (pattern.every((p, i) => p === '*' ? typeof pathSegments[i] === 'string' : p === '[]' ? typeof pathSegments[i] === 'number' : p === pathSegments[i])) return cast;
  }
  return undefined;
}

function applyCast(value: string, cast: Cast): Json | undefined {
  if (cast === 'bool') {
    const lower = value.toLowerCase();
    if (['true', 'y', 'yes', 'on'].includes(lower)) return true;
    if (['false', 'n', 'no', 'off'].includes(lower)) return false;
    return undefined;
  }
  if (cast === 'int') return /^[+-]?\d+$/.test(value) ? Number(value) : undefined;
  const number = Number(value);
  return value.trim() !== '' && Number.isFinite(number) ? number : undefined;
}

/** Where a template's offset falls in the file: exact for plain and single-line quoted scalars, else the whole scalar. */
function placeIn(text: string, node: SourceNode | null | undefined, template: string, start: number, end: number): [number, number] | undefined {
  if (!node) return undefined;
  const source = text.slice(node.start, node.end);
  const first = source[0];
  const inner = first === '"' || first === "'" ? source.slice(1, -1) : source;
  if (inner === template) {
    const base = node.start + (inner === source ? 0 : 1);
    return [base + start, base + end];
  }
  const found = source.indexOf(template.slice(start, end));
  return found === -1 ? [node.start, node.end] : [node.start + found, node.start + found + (end - start)];
}

function childNode(node: SourceNode | null | undefined, segment: string | number): SourceNode | null | undefined {
  if (!node) return undefined;
  if (typeof segment === 'number') return node.kind === 'seq' ? node.items?.[segment] : undefined;
  return pairOf(node, segment)?.value;
}

/** The env_file names of a service, as written (a string, a list of strings or of `{path, required}`). */
export function envFiles(service: Json | undefined): { path: string; required: boolean; index: number }[] {
  if (!isRecord(service)) return [];
  const value = service.env_file;
  const list = typeof value === 'string' ? [value] : Array.isArray(value) ? value : [];
  return list.flatMap((entry, index) => {
    if (typeof entry === 'string') return [{ path: entry, required: true, index }];
    if (isRecord(entry) && typeof entry.path === 'string') return [{ path: entry.path, required: entry.required !== false, index }];
    return [];
  });
}

/**
 * The pairs of the `services` mapping that hold each of `names` (the keys of its value, in order):
 * by position when every pair is where its name is (then each key is written once, and each pair is
 * the one pairOf gives), else by pairOf. A large mapping's pairOf builds an index of its keys, made
 * again for the new mapping node of each edit (#68).
 */
export function servicePairs(node: SourceNode | null | undefined, names: readonly string[]): readonly (SourcePair | undefined)[] {
  const pairs = node?.kind === 'map' ? node.pairs : undefined;
  let inPlace = pairs !== undefined && pairs.length === names.length;
  for (let i = 0; inPlace && i < names.length; i++) inPlace = pairs![i].key === names[i];
  return inPlace ? pairs! : names.map((name) => pairOf(node, name));
}

/** Variables from `KEY=VALUE` files; a file not read gives none, and why goes to `refused`. */
function readEnvNames(reader: ComposeReader, file: string, parse: (text: string) => Map<string, string>, refused: (why: NotRead) => void): Map<string, string> {
  const read = reader.read(file);
  if ('text' in read) return parse(read.text);
  refused(read.refused);
  return new Map<string, string>();
}

/** File paths by URI: each version of an edited file asked the URL parser again (#68). At most 1,024 URIs kept. */
const pathsByUri = new Map<string, string | undefined>();

function pathOfUri(uri: string): string | undefined {
  if (pathsByUri.has(uri)) return pathsByUri.get(uri);
  const found = fsPathOf(uri);
  if (pathsByUri.size >= 1024) pathsByUri.clear();
  pathsByUri.set(uri, found);
  return found;
}

/**
 * Reads a Compose file: the value Compose validates (interpolated against the project's `.env` —
 * and, leniently, each service's `env_file`, so that variables defined there are not reported —
 * then cast where compose-go casts), with every variable use placed at its `$` in the file.
 */
export function readComposeDocument(
  file: IndexedFile,
  reader: ComposeReader | undefined,
  parseEnv: (text: string, lookup?: Lookup) => Map<string, string>,
  projectDirectory?: string,
): ComposeDocument {
  const filePath = pathOfUri(file.uri);
  const folder = projectDirectory ?? (filePath ? path.dirname(filePath) : undefined);
  const read = readRaw(file);
  const document: ComposeDocument = { uri: file.uri, file: filePath, folder, offset: read?.offset ?? 0, text: read?.text ?? '', tree: read?.tree ?? null, raw: undefined, value: undefined, uses: [], invalid: [], badCasts: [], ...(read?.version1 ? { version1: true as const } : {}) };
  if (!read || !isRecord(read.raw)) return document;
  const raw = read.raw;
  document.raw = raw;
  const { projectEnv, dotenvKey, envRead, serviceEnv, refused } = sideVariables(raw, folder, reader, parseEnv);
  // The .env read on its first need (a variable met, the path checks asking): a repository's other projects seldom have one (#68).
  Object.defineProperty(document, 'refused', { configurable: true, enumerable: true, get: refused });
  const text = read.text;
  // The uses and malformed references in the order of the walk; the services' are placed only when
  // asked for (variableChecks asks only when some may give a finding: model.ts quietUses), each at
  // its service's offset (the services after an edit move: their uses were copied on each edit, #68).
  const uses: PlacedUse[] = [];
  const invalid: ComposeDocument['invalid'] = [];
  let servicesAt: PlacedWalks | undefined;
  let quiet = true;
  const walk = (value: Json, node: SourceNode | null | undefined, at: (string | number)[]): Json => {
    if (typeof value === 'string') {
      if (!value.includes('$')) return castValue(value, at);
      const own = at[0] === 'services' && typeof at[1] === 'string' ? serviceEnv.get(at[1]) : undefined;
      const dotenv = projectEnv();
      const lookup: Lookup = (name) => dotenv.get(name) ?? own?.get(name);
      const result = interpolate(value, lookup);
      for (const use of result.uses) {
        const placed = placeIn(text, node, value, use.start, use.end);
        if (placed) uses.push({ ...use, start: placed[0], end: placed[1], path: at, set: lookup(use.name) !== undefined });
      }
      if (result.invalid) {
        const placed = placeIn(text, node, value, result.invalid.start, result.invalid.end);
        if (placed) invalid.push({ start: placed[0], end: placed[1], ...(result.invalid.limit ? { limit: true as const } : {}) });
      }
      return castValue(result.value, at);
    }
    if (Array.isArray(value)) return value.map((item, i) => walk(item, childNode(node, i), [...at, i]));
    if (isRecord(value)) {
      const out: { [key: string]: Json } = {};
      for (const key of Object.keys(value)) out[key] = walk(value[key], childNode(node, key), [...at, key]);
      return out;
    }
    return value;
  };
  const castValue = (value: string, at: (string | number)[]): Json => {
    const cast = castFor(at);
    if (!cast) return value;
    const converted = applyCast(value, cast);
    if (converted === undefined) {
      // Empty after interpolation (an unset variable): reported as such, not as a cast.
      if (value !== '') document.badCasts.push({ path: at, expected: cast, found: value });
      return value;
    }
    return converted;
  };
  // Each service is read once per text (and variables): after a one-line edit, only the service
  // edited is walked again; the others are taken from the previous version, moved by the offset
  // their text moved by (#38: a 2,000-line file re-read its 140 services on each keystroke).
  const previous = serviceWalks.get(file.uri);
  const projectKey = previous ? dotenvKey() : undefined;
  const sameEnv = previous !== undefined && (previous.projectKey === undefined || previous.projectKey === projectKey);
  let list: KeptWalks['list'];
  const value: { [key: string]: Json } = {};
  for (const [key, child] of Object.entries(raw)) {
    const node = childNode(read.tree, key);
    if (key !== 'services' || !isRecord(child) || node?.kind !== 'map') {
      value[key] = walk(child, node, [key]);
      continue;
    }
    const services: { [key: string]: Json } = {};
    // By name, not Object.entries: a pair array per service on each edit (#68).
    const names = Object.keys(child);
    const pairs = servicePairs(node, names);
    // The last reading's services, by place, when it had these names in this order under the same `.env`.
    const last = sameEnv && previous.list && sameNames(previous.list.names, names) ? previous.list : undefined;
    const raws: Json[] = new Array<Json>(names.length);
    const entries: (ServiceWalk | undefined)[] = new Array<ServiceWalk | undefined>(names.length);
    // Where each service's uses go among the others' (numbers: no object per service and edit).
    const usesAt: number[] = new Array<number>(names.length);
    const invalidAt: number[] = new Array<number>(names.length);
    const changed: number[] = [];
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      const service = child[name];
      raws[i] = service;
      const serviceNode = pairs[i]?.value;
      if (!serviceNode) {
        // A service a merge key brings (no node of its own): walked in place, its uses where the walk puts them.
        usesAt[i] = uses.length;
        invalidAt[i] = invalid.length;
        services[name] = walk(service, serviceNode, ['services', name]);
        entries[i] = undefined;
        changed.push(i);
        continue;
      }
      const own = serviceEnv.get(name);
      const envKey = own ? [...own].map(([k, v]) => `${k}=${v}`).join('\n') : '';
      // The same YAML value as the last reading's at this place: the YAML reading kept the entry
      // (its text unchanged, moved at most: yaml/blockEdit.ts), so the walk holds without its text
      // being sliced and compared (140 services' texts compared on each edit, #68).
      const lastEntry = last?.entries[i];
      const same = lastEntry !== undefined && last!.raws[i] === service && lastEntry.envKey === envKey && lastEntry.aliased === '';
      let entry = same ? lastEntry : undefined;
      let source = '';
      let aliased = '';
      if (!entry) {
        // By name, its text and variables compared (not a map keyed by the whole text: hashing 140
        // services' texts on each edit was most of this function's time, #54).
        source = text.slice(serviceNode.start, serviceNode.end);
        // An alias (`<<: *base`) brings text from elsewhere in the file: its value is compared too.
        aliased = source.includes('*') ? JSON.stringify(service) : '';
        // The last reading's at this place first (its names unchanged), else by name (services renamed, added, moved).
        const kept = lastEntry?.source === source ? lastEntry : sameEnv ? walksByName(previous).get(name) : undefined;
        entry = kept && kept.source === source && kept.envKey === envKey && kept.aliased === aliased ? kept : undefined;
      }
      if (!entry) {
        const before = { uses: uses.length, invalid: invalid.length, badCasts: document.badCasts.length };
        const walked = walk(service, serviceNode, ['services', name]);
        const shift = serviceNode.start;
        const own = uses.splice(before.uses).map((u) => ({ ...u, start: u.start - shift, end: u.end - shift }));
        const bad = invalid.splice(before.invalid).map((i) => ({ ...i, start: i.start - shift, end: i.end - shift }));
        entry = { source, envKey, aliased, value: walked, uses: own, invalid: bad, badCasts: document.badCasts.splice(before.badCasts), quiet: bad.length === 0 && !own.some(loud) };
      }
      entries[i] = entry;
      if (!same) changed.push(i);
      services[name] = entry.value;
      if (!entry.quiet) quiet = false;
      // The walk above, if any, took its uses back: kept or walked, the service's go here.
      usesAt[i] = uses.length;
      invalidAt[i] = invalid.length;
      for (const bad of entry.badCasts) document.badCasts.push(bad);
    }
    servicesAt = { entries, pairs, usesAt, invalidAt };
    value[key] = services;
    list = { names, raws, entries };
    document.serviceList = { reading: ++readings, names, pairs, ...(last ? { delta: { from: previous!.reading!, changed } } : {}) };
  }
  if (serviceWalks.size >= 256 && !serviceWalks.has(file.uri)) serviceWalks.delete(serviceWalks.keys().next().value!);
  // A first reading whose walk asked no variable holds under any .env (undefined); once the .env was read, its key.
  serviceWalks.set(file.uri, { projectKey: projectKey ?? (envRead() ? dotenvKey() : undefined), list, reading: document.serviceList?.reading });
  document.value = value;
  if (quiet && invalid.length === 0 && !uses.some(loud)) document.quietUses = true;
  settleUses(document, uses, invalid, servicesAt);
  return document;
}

/**
 * The project's `.env` variables (read on the first ask) and each service's env_files', read; the side files not read
 * and why (`.env` first, then the env_files in order; undefined when every one was read); the `.env` as `KEY=value` lines
 * (read if it was not); whether it was read.
 */
function sideVariables(raw: { [key: string]: Json }, folder: string | undefined, reader: ComposeReader | undefined, parseEnv: (text: string, lookup?: Lookup) => Map<string, string>): { projectEnv: () => Map<string, string>; dotenvKey: () => string; envRead: () => boolean; serviceEnv: Map<string, Map<string, string>>; refused: () => RefusedSideFile[] | undefined } {
  const serviceRefused: RefusedSideFile[] = [];
  let dotenv: { vars: Map<string, string>; refused?: RefusedSideFile } | undefined;
  const projectEnv = (): Map<string, string> => {
    if (dotenv) return dotenv.vars;
    let refused: RefusedSideFile | undefined;
    const vars = folder && reader ? readEnvNames(reader, path.join(folder, '.env'), (text) => parseEnv(text), (why) => (refused = { written: '.env', refused: why })) : new Map<string, string>();
    dotenv = { vars, ...(refused ? { refused } : {}) };
    return vars;
  };
  const serviceEnv = new Map<string, Map<string, string>>();
  const services = raw.services;
  if (isRecord(services) && folder && reader) {
    for (const name of Object.keys(services)) {
      const service = services[name];
      // Most services name no env_file: nothing to read (envFiles' lists were made for each on each edit, #68).
      if (!isRecord(service) || service.env_file === undefined) continue;
      const vars = new Map<string, string>();
      for (const env of envFiles(service)) {
        if (env.path.includes('$')) continue;
        const found = readEnvNames(reader, path.resolve(folder, env.path), (text) => parseEnv(text), (why) => serviceRefused.push({ written: env.path, service: name, index: env.index, refused: why }));
        for (const [k, v] of found) vars.set(k, v);
      }
      if (vars.size > 0) serviceEnv.set(name, vars);
    }
  }
  let all: RefusedSideFile[] | undefined;
  const refused = (): RefusedSideFile[] | undefined => {
    if (!all) {
      projectEnv();
      all = dotenv!.refused ? [dotenv!.refused, ...serviceRefused] : serviceRefused;
    }
    return all.length > 0 ? all : undefined;
  };
  const dotenvKey = () => [...projectEnv()].map(([k, v]) => `${k}=${v}`).join('\n');
  return { projectEnv, dotenvKey, envRead: () => dotenv !== undefined, serviceEnv, refused };
}

/** The document's uses and malformed references: as walked, or with the services' placed when first asked for. */
function settleUses(document: ComposeDocument, uses: PlacedUse[], invalid: ComposeDocument['invalid'], at: PlacedWalks | undefined): void {
  if (!at) {
    document.uses = uses;
    document.invalid = invalid;
    return;
  }
  let placed: { uses: PlacedUse[]; invalid: ComposeDocument['invalid'] } | undefined;
  const all = () => (placed ??= placedAll(at, uses, invalid));
  Object.defineProperty(document, 'uses', { enumerable: true, configurable: true, get: () => all().uses });
  Object.defineProperty(document, 'invalid', { enumerable: true, configurable: true, get: () => all().invalid });
}

/** The services' walks of a reading, each with where its uses and malformed references go among the others' (the walk's order). */
interface PlacedWalks {
  entries: readonly (ServiceWalk | undefined)[];
  pairs: readonly (SourcePair | undefined)[];
  usesAt: readonly number[];
  invalidAt: readonly number[];
}

/** Whether a use gives a finding (variableChecks): required and unset, or unset with no default. */
function loud(use: PlacedUse): boolean {
  return !use.set && (use.required !== undefined || !use.hasDefault);
}

/** Every use and malformed reference in the walk's order: the kept services' placed at their offsets (placed again only when moved). */
function placedAll(at: PlacedWalks, uses: PlacedUse[], invalid: ComposeDocument['invalid']): { uses: PlacedUse[]; invalid: ComposeDocument['invalid'] } {
  const allUses: PlacedUse[] = [];
  const allInvalid: ComposeDocument['invalid'] = [];
  let u = 0;
  let v = 0;
  for (let i = 0; i < at.entries.length; i++) {
    const entry = at.entries[i];
    if (!entry) continue;
    const shift = at.pairs[i]!.value!.start;
    while (u < at.usesAt[i]) allUses.push(uses[u++]);
    while (v < at.invalidAt[i]) allInvalid.push(invalid[v++]);
    // Placed again only when the service moved: the services before an edit keep their placed
    // uses (new objects for each service's uses on each edit were a fifth of this function, #54).
    if (entry.placed?.shift !== shift) {
      entry.placed = {
        shift,
        uses: entry.uses.map((use) => ({ ...use, start: use.start + shift, end: use.end + shift })),
        invalid: entry.invalid.map((bad) => ({ ...bad, start: bad.start + shift, end: bad.end + shift })),
      };
    }
    for (const use of entry.placed.uses) allUses.push(use);
    for (const bad of entry.placed.invalid) allInvalid.push(bad);
  }
  while (u < uses.length) allUses.push(uses[u++]);
  while (v < invalid.length) allInvalid.push(invalid[v++]);
  return { uses: allUses, invalid: allInvalid };
}

/** One service read: its interpolated value and what it uses, placed relative to the service's node. */
interface ServiceWalk {
  /** The service's text and its env_file's variables: the walk holds while both (and the project's .env) are unchanged. */
  source: string;
  envKey: string;
  /** With an alias in the text, the service's value as read (the anchor it names may have changed). */
  aliased: string;
  value: Json;
  uses: PlacedUse[];
  invalid: { start: number; end: number; limit?: true }[];
  badCasts: ComposeDocument['badCasts'];
  /** No use or malformed reference that gives a finding (variableChecks): then none is placed to look at. */
  quiet: boolean;
  /** The uses and malformed references placed in the file at the service's last offset (objects shared by the versions that have it there: read, never changed). */
  placed?: { shift: number; uses: PlacedUse[]; invalid: ComposeDocument['invalid'] };
}

/** The last version's service reads of each file (at most 256 files: a cold check of 1,000 files keeps no more). */
interface KeptWalks {
  /** The .env the walks were made under, as `KEY=value` lines; undefined: a first reading whose walks asked no variable (they hold under any). */
  projectKey: string | undefined;
  /** By place: the names, the YAML values and the walks (none for a service a merge key brings); by name, made when asked. */
  list: { names: string[]; raws: Json[]; entries: (ServiceWalk | undefined)[]; byName?: Map<string, ServiceWalk> } | undefined;
  reading: number | undefined;
}

const serviceWalks = new Map<string, KeptWalks>();

/** The kept walks by service name (a renamed, added or moved service looks for its text there). */
function walksByName(kept: KeptWalks): Map<string, ServiceWalk> {
  const list = kept.list;
  if (!list) return new Map<string, ServiceWalk>();
  if (!list.byName) {
    list.byName = new Map<string, ServiceWalk>();
    list.names.forEach((name, i) => {
      const entry = list.entries[i];
      if (entry) list.byName!.set(name, entry);
    });
  }
  return list.byName;
}

function sameNames(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** Forgets the kept service reads (serviceResults.ts's forgetComposeResults). */
export function forgetServiceWalks(): void {
  serviceWalks.clear();
}
