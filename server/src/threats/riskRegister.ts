/**
 * The risk register closes the loop (issue #65): a threat is kept in an AMDEC file as a risk whose
 * `x-threat` names its synthetic id (Threagile's `risk_tracking` keys: `*` stands for one `@` part).
 * Its treatment is the AMDEC's: a done action is `mitigated`, an open or in-progress action
 * `in-progress`, a justification with no active action `accepted`, `x-threat-status: false-positive`
 * says so. Mitigated, accepted and false-positive risks are shown as such, not raised again.
 * `registerEntries` reads the AMDEC files' text; `amdecRisks` gives the new ones' fields (registerEdit.ts writes them).
 */
import { parse } from 'yaml';
import { globMatches, legacyPartMatches, type LegacyShape } from './stableIds';

export type TrackingStatus = 'unchecked' | 'in-progress' | 'accepted' | 'mitigated' | 'false-positive';

export interface RegisterEntry {
  /** The AMDEC file's URI and the risk's 0-based line. */
  uri: string;
  line: number;
  id: string;
  /** Its `x-threat` key. */
  key: string;
  status: TrackingStatus;
  justification?: string;
}

export interface Tracking {
  status: TrackingStatus;
  /** The AMDEC risk's id and place. */
  risk: string;
  uri: string;
  line: number;
  justification?: string;
  /** The register's key when it is an old one (made from an absolute path): `--amdec` rewrites it. */
  key?: string;
}

/** Whether a tracking key names a synthetic id: exact, or with `*` for a whole `@` part (matched anywhere, as Threagile does; a linear matcher, stableIds.ts). */
export function keyMatches(key: string, syntheticId: string): boolean {
  if (!key.includes('*')) return key.toLowerCase() === syntheticId.toLowerCase();
  return globMatches(key, syntheticId);
}

/** What the register is looked up by, built once per register: exact keys, wildcard keys, and keys made from an absolute path (before issue #78) by rule and part count. */
interface Lookup {
  exact: Map<string, RegisterEntry>;
  wildcards: RegisterEntry[];
  legacy: Map<string, RegisterEntry[]>;
}

const lookups = new WeakMap<readonly RegisterEntry[], Lookup>();

function lookupOf(register: readonly RegisterEntry[]): Lookup {
  const known = lookups.get(register);
  if (known) return known;
  const lookup: Lookup = { exact: new Map(), wildcards: [], legacy: new Map() };
  for (const entry of register) {
    const key = entry.key.toLowerCase();
    if (key.includes('*')) lookup.wildcards.push(entry);
    else if (!lookup.exact.has(key)) lookup.exact.set(key, entry);
    if (!key.includes('*') && key.includes('-file-')) {
      const parts = key.split('@');
      const group = `${parts[0]}@${parts.length}`;
      const list = lookup.legacy.get(group);
      if (list) list.push(entry);
      else lookup.legacy.set(group, [entry]);
    }
  }
  lookups.set(register, lookup);
  return lookup;
}

/** The legacy shape of a synthetic id's part: an asset's, a link's asset (`<asset>><title>`), a store's data (`<asset>-data`). */
function partMatches(keyPart: string, part: string, shapes: ReadonlyMap<string, LegacyShape>): boolean {
  if (keyPart === part) return true;
  const link = part.indexOf('>');
  if (link >= 0) {
    const keyLink = keyPart.indexOf('>');
    return keyLink >= 0 && keyPart.slice(keyLink) === part.slice(link) && partMatches(keyPart.slice(0, keyLink), part.slice(0, link), shapes);
  }
  const shape = shapes.get(part);
  if (shape) return legacyPartMatches(keyPart, shape);
  if (part.endsWith('-data')) {
    const store = shapes.get(part.slice(0, -'-data'.length));
    if (store) return legacyPartMatches(keyPart, { head: store.head, tail: store.tail === '' ? 'data' : `${store.tail}-data` });
  }
  return false;
}

/**
 * The register's treatment of a risk: the exact key first, then a wildcard, then a key written before
 * ids were relative to the repository (`shapes`: the legacy shape of each asset id made from a path).
 */
export function trackingOf(syntheticId: string, register: readonly RegisterEntry[], shapes?: ReadonlyMap<string, LegacyShape>): Tracking | undefined {
  if (register.length === 0) return undefined;
  const lookup = lookupOf(register);
  const id = syntheticId.toLowerCase();
  let entry = lookup.exact.get(id) ?? lookup.wildcards.find((e) => keyMatches(e.key, syntheticId));
  if (!entry && shapes && shapes.size > 0) {
    const parts = id.split('@');
    entry = lookup.legacy.get(`${parts[0]}@${parts.length}`)?.find((e) => e.key.toLowerCase().split('@').every((keyPart, i) => partMatches(keyPart, parts[i], shapes)));
  }
  if (!entry) return undefined;
  return { status: entry.status, risk: entry.id, uri: entry.uri, line: entry.line, ...(entry.justification ? { justification: entry.justification } : {}), ...(entry.key.toLowerCase() === id || entry.key.includes('*') ? {} : { key: entry.key }) };
}

/** Still at risk: raised as a finding. */
export const raised = (tracking: Tracking | undefined): boolean => tracking === undefined || tracking.status === 'unchecked' || tracking.status === 'in-progress';

interface AmdecRisk {
  id?: unknown;
  justification?: unknown;
  actions?: { status?: unknown }[];
  'x-threat'?: unknown;
  'x-threat-status'?: unknown;
}

/** The entry of one risk that names a threat (`line`: the 0-based line its key is on), else undefined. */
function entryOf(uri: string, risk: AmdecRisk, line: (key: string) => number): RegisterEntry | undefined {
  const key = risk['x-threat'];
  if (typeof key !== 'string' || key === '') return undefined;
  const id = String(risk.id ?? '');
  const actions = Array.isArray(risk.actions) ? risk.actions : [];
  const active = actions.some((a) => a.status === 'open' || a.status === 'in-progress');
  const justification = typeof risk.justification === 'string' && risk.justification.trim() !== '' ? risk.justification.trim() : undefined;
  const status: TrackingStatus =
    risk['x-threat-status'] === 'false-positive' ? 'false-positive'
    : actions.some((a) => a.status === 'done') && !active ? 'mitigated'
    : active ? 'in-progress'
    : justification ? 'accepted'
    : 'unchecked';
  return { uri, line: line(key), id, key, status, ...(justification ? { justification } : {}) };
}

/** The entries of one AMDEC file's text that name a threat. */
export function registerEntries(uri: string, text: string, parsed?: unknown): RegisterEntry[] {
  // No risk of it names a threat: the parse is spared.
  if (!text.includes('x-threat')) return [];
  let document: { risks?: AmdecRisk[] } | undefined;
  // The index's parse when there is one (the AMDEC family reads the same).
  if (parsed !== undefined) document = parsed as { risks?: AmdecRisk[] } | undefined;
  else {
    try {
      document = parse(text, { uniqueKeys: false, logLevel: 'error' }) as { risks?: AmdecRisk[] } | undefined;
    } catch {
      return [];
    }
  }
  const lines = text.split(/\r?\n/);
  const entries: RegisterEntry[] = [];
  for (const risk of Array.isArray(document?.risks) ? document.risks : []) {
    const entry = entryOf(uri, risk, (key) => Math.max(0, lines.findIndex((l) => l.includes(key))));
    if (entry) entries.push(entry);
  }
  return entries;
}

/** The most characters of one risk read from a register past its bound: a longer one is not read (and counted). */
const RISK_BOUND = 64 * 1024;

/** A register past the index's bound (issue #95): its size in characters, the entries kept, the risks naming a threat that could not be read. */
export interface RegisterPastBound {
  uri: string;
  size: number;
  kept: number;
  unread: number;
}

/** A line that keys a risk to a threat (not `x-threat-status`). */
const THREAT_KEY = /\bx-threat\s*:/;

/**
 * The entries of a register past the index's bound (issue #95: over 4 MB it was not read at all, and every risk it
 * treated or accepted came back raised, without a word). Its top-level `risks:` block list is read risk by risk: each
 * risk's lines (the list's `-` at its indentation and every line under it) parsed on their own, a bounded parse each,
 * the whole linear in the file. A risk naming a threat that cannot be read so — a YAML error, longer than RISK_BOUND,
 * a flow list or no `risks:` block — is counted in `unread`.
 */
export function registerEntriesPastBound(uri: string, text: string): { entries: RegisterEntry[]; unread: number } {
  const lines = text.split(/\r?\n/);
  const entries: RegisterEntry[] = [];
  let unread = 0;
  const start = lines.findIndex((l) => /^risks\s*:\s*(?:#.*)?$/.test(l));
  if (start < 0) return { entries, unread: lines.filter((l) => THREAT_KEY.test(l)).length };
  let indent = -1;
  let first = -1;
  let last = -1;
  const read = () => {
    if (first < 0) return;
    const risk = lines.slice(first, last + 1);
    const names = risk.some((l) => THREAT_KEY.test(l));
    if (!names) return;
    const item = risk.map((l) => l.slice(Math.min(indent, l.length - l.trimStart().length))).join('\n');
    let value: unknown;
    try {
      value = item.length > RISK_BOUND ? undefined : parse(item, { uniqueKeys: false, logLevel: 'error' });
    } catch {
      value = undefined;
    }
    if (!Array.isArray(value) || value.length !== 1) {
      unread++;
      return;
    }
    const at = first;
    // A risk whose `x-threat` is not a text names no threat, as in a register read whole.
    const entry = typeof value[0] === 'object' && value[0] !== null ? entryOf(uri, value[0] as AmdecRisk, (key) => at + Math.max(0, risk.findIndex((l) => l.includes(key)))) : undefined;
    if (entry) entries.push(entry);
  };
  for (let i = start + 1; i < lines.length; i++) {
    const line = lines[i];
    const content = line.trimStart();
    if (content === '' || content.startsWith('#')) continue;
    const depth = line.length - content.length;
    const opens = content === '-' || content.startsWith('- ');
    if (indent < 0) {
      if (!opens) break;
      indent = depth;
    }
    // The list ends at a line less indented, or as indented that is not an item (a key after a list at column 0).
    if (depth < indent || (depth === indent && !opens)) break;
    if (depth === indent) {
      read();
      first = i;
    }
    last = i;
  }
  read();
  // Threats named after the list (a flow list under `risks:`, another `risks:`, a second document) are not read either.
  for (let i = Math.max(last, start) + 1; i < lines.length; i++) if (THREAT_KEY.test(lines[i])) unread++;
  return { entries, unread };
}

const IMPACT_SEVERITY: Record<string, number> = { low: 3, medium: 5, high: 7, 'very-high': 9 };
const LIKELIHOOD_OCCURRENCE: Record<string, number> = { unlikely: 2, likely: 4, 'very-likely': 6, frequent: 8 };

export interface RegisterRisk {
  syntheticId: string;
  title: string;
  stride: string;
  likelihood: string;
  impact: string;
  /** The component's name (the AMDEC's item: the system map links the risk to its box). */
  item: string;
  /** The attack path, as names. */
  path: string[];
}

const quoted = (text: string) => JSON.stringify(text);

/**
 * AMDEC risks for threats the register does not hold yet, as YAML to append under `risks:`: a stable
 * id (`T-<n>`), the component as item, the rule's title as failure mode, the attack path as cause;
 * severity from Threagile's impact (3, 5, 7, 9), occurrence from its likelihood (2, 4, 6, 8),
 * detection 5 until someone rates it. Treatment is the AMDEC's (an action, or a justification).
 */
export function amdecRisks(risks: readonly RegisterRisk[], existingIds: ReadonlySet<string>): { id: string; fields: [string, string][] }[] {
  let n = 1;
  const out: { id: string; fields: [string, string][] }[] = [];
  for (const risk of risks) {
    while (existingIds.has(`T-${String(n).padStart(2, '0')}`)) n++;
    const id = `T-${String(n++).padStart(2, '0')}`;
    const severity = IMPACT_SEVERITY[risk.impact] ?? 5;
    const occurrence = LIKELIHOOD_OCCURRENCE[risk.likelihood] ?? 4;
    out.push({
      id,
      fields: [
        ['id', id],
        ['category', 'technical'],
        ['item', quoted(risk.item)],
        ['failure_mode', quoted(risk.title)],
        ['effect', quoted(`STRIDE ${risk.stride}`)],
        ['cause', quoted(risk.path.length > 1 ? risk.path.join(' → ') : risk.title)],
        ['severity', String(severity)],
        ['occurrence', String(occurrence)],
        ['detection', '5'],
        ['rpn', String(severity * occurrence * 5)],
        ['x-threat', quoted(risk.syntheticId)],
        ['x-stride', risk.stride],
      ],
    });
  }
  return out;
}
