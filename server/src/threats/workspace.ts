/**
 * The threats of a workspace index (issue #65): the system map (handed in by the descriptor: the
 * map is the system family's, built once per index generation), the privacy facts (privacy/api.ts)
 * for what the stores hold, the AMDEC files of the index for the risk register.
 *
 * Incremental: what each file says (its lines, its blocks, its YAML facts, its register entries) is
 * read once per file version (IndexedFile.model), and the analysis is keyed on what it depends on —
 * the map's facts with their lines, the evidence of the blocks they point at, the stores' categories,
 * the entry points' roles, the register. An edit that changes none of them (a comment, a README, a
 * file outside the map) answers the analysis kept, whatever the generation.
 */
import { fileURLToPath } from 'node:url';
import type { EntryPoint, SystemNode, SystemSource } from '../features/system/contributor';
import { AMDEC_NAME, isAmdecFile } from '../amdec/api';
import { classifiesData, privacyFacts } from '../privacy/api';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import { holdsSummaries } from '../workspace/summaries';
import { analyseThreats, type ThreatAnalysis } from './analysis';
import { TERRAFORM_FACTS } from './terraformFacts';
import { scanEvidence, type DeriveHost, type Evidence, type MapFacts } from './scan';
import { terraformFileFacts, yamlFileFacts, type FileFacts } from './fileFacts';
import { FileLines } from './evidence';
import { isMeshScript, scriptFileFacts } from './meshLabels';
import { logicalMap } from './logical';
import { withClusters } from './clusters';
import { registerEntries, registerEntriesPastBound, type RegisterEntry, type RegisterPastBound } from './riskRegister';

/** What the threats need from outside their folder. */
export interface ThreatsHost {
  /** The system map of the index. */
  mapOf: (index: WorkspaceIndex) => MapFacts;
  /** A side file's text (a Compose env_file, a .env) by the one bounded, confined read (disk/readText.ts), undefined when not read. */
  sideText?: (absolutePath: string) => string | undefined;
  /** The map's role of an entry point (system/entries.ts). */
  entryRoles?: (index: WorkspaceIndex) => (entry: EntryPoint) => string | undefined;
  /** The main node of each component node (system/components.ts): the model is derived on the logical graph (logical.ts). */
  logicalOf?: (index: WorkspaceIndex) => (id: string) => string | undefined;
  /** Loads what the map's contributors read with (Terraform's parser). */
  prepare?: (index: WorkspaceIndex) => Promise<void> | undefined;
}

const normalised = (name: string) => name.toLowerCase().replace(/[^a-z0-9]+/g, '_');
/** The key of a file's lineage categories among the names (no name normalised has a slash). */
const lineageKey = (absolute: string) => `file/${absolute}`;
/** A map node of a file (a model, a dataset: `file:<uri>`), its path. */
const pathOfNode = (id: string): string | undefined => {
  if (!id.startsWith('file:file:')) return undefined;
  try {
    return fileURLToPath(id.slice('file:'.length));
  } catch {
    return undefined;
  }
};

const linesKey = Symbol('threats-lines');
const yamlKey = Symbol('threats-yaml-facts');
const terraformKey = Symbol('threats-terraform-facts');
const scriptKey = Symbol('threats-script-facts');
const registerKey = Symbol('threats-register');
const pastBoundKey = Symbol('threats-register-past-bound');

/** A file's lines and blocks, kept with its version. */
export const fileLines = (file: IndexedFile): FileLines => file.model(linesKey, (f) => new FileLines(f.text));

/** The fideslang categories each name meets in the privacy facts: a Fides system or dataset of that name. */
function categoriesByName(index: WorkspaceIndex): Map<string, Set<string>> {
  const byName = new Map<string, Set<string>>();
  const add = (key: string, categories: readonly string[]) => {
    const name = normalised(key);
    let known = byName.get(name);
    if (!known) byName.set(name, (known = new Set<string>()));
    for (const c of categories) known.add(c);
  };
  // No scanner: declared categories only (the data files are never read here).
  const facts = privacyFacts(index, undefined, (absolute) => absolute);
  for (const flow of facts.flows) {
    for (const end of [flow.from, flow.to]) {
      const match = /^(system|dataset):(.+)$/.exec(end);
      if (match) add(match[2], flow.categories);
    }
  }
  // A model or data file with the categories its lineage carries (a model trained on card data holds card data:
  // the privacy family's resolver carries a stage's inputs to its outputs), by path (issue #78).
  for (const asset of facts.assets) {
    if ((asset.kind === 'model' || asset.kind === 'data') && asset.categories.length > 0) byName.set(lineageKey(asset.id), new Set(asset.categories));
  }
  return byName;
}

/**
 * The risk register's entries (the AMDEC files'), each file read once per version; a register past the index's bound
 * (named `*.amdec.yaml`: its kind is not parsed) read risk by risk (riskRegister.ts registerEntriesPastBound), said.
 */
function registerOf(index: WorkspaceIndex): { entries: RegisterEntry[]; pastBound: RegisterPastBound[] } {
  const entries: RegisterEntry[] = [];
  const pastBound: RegisterPastBound[] = [];
  for (const file of index.files()) {
    if (file.isYaml && !file.skipped && isAmdecFile(file)) entries.push(...file.model(registerKey, (f) => registerEntries(f.uri, f.text, f.text.includes('x-threat') ? f.yaml?.chunks[0]?.chunk.value : undefined)));
    else if (file.isYaml && file.skipped === 'too-large' && AMDEC_NAME.test(file.uri)) {
      const read = file.model(pastBoundKey, (f) => registerEntriesPastBound(f.uri, f.text));
      entries.push(...read.entries);
      pastBound.push({ uri: file.uri, size: file.text.length, kept: read.entries.length, unread: read.unread });
    }
  }
  return { entries, pastBound };
}

/** What the analysis reads beside the map, each part read once per file version. */
interface Inputs {
  register: RegisterEntry[];
  pastBound: RegisterPastBound[];
  yaml: FileFacts[];
  byName: Map<string, Set<string>>;
}

function inputsOf(index: WorkspaceIndex): Inputs {
  const yaml: FileFacts[] = [];
  for (const file of index.files()) {
    if (file.isYaml && !file.skipped && !isAmdecFile(file)) yaml.push(file.model(yamlKey, (f) => yamlFileFacts(f.uri, fileLines(f))));
    else if (!file.skipped && /\.tf$/i.test(file.uri) && TERRAFORM_FACTS.test(file.text)) yaml.push(file.model(terraformKey, (f) => terraformFileFacts(f.uri, fileLines(f))));
    // A script, Makefile or workflow step labelling a namespace for a mesh's injection (meshLabels.ts); a workflow is YAML too.
    if (!file.skipped && isMeshScript(file.uri, file.text)) yaml.push(file.model(scriptKey, (f) => scriptFileFacts(f.uri, fileLines(f))));
  }
  const { entries, pastBound } = registerOf(index);
  return { register: entries, pastBound, yaml, byName: categoriesByName(index) };
}

const place = (s: SystemSource) => `${s.uri}:${s.range.start.line}:${s.range.start.character}:${s.range.end.line}:${s.range.end.character}`;
const places = (list: readonly SystemSource[]) => list.map(place).join(',');

/**
 * Everything the analysis depends on, as one string: the map's nodes, edges and entry points with
 * their lines (and the text of the lines an address or an entry is read from: TLS, a user in the URL,
 * the loopback address), the evidence of the blocks, the categories, the roles, the register.
 */
function keyOf(map: MapFacts, evidence: Evidence, inputs: Inputs, roles: ((entry: EntryPoint) => string | undefined) | undefined, line: (s: SystemSource) => string): string {
  const parts: string[] = [];
  for (const n of map.nodes) {
    parts.push(`N${n.id}|${n.kind}|${n.name}|${n.family}|${n.technology ?? ''}|${n.resource ?? ''}|${n.parent ?? ''}|${n.namespace ?? ''}|${n.image ?? ''}|${n.identity?.build !== undefined ? 'b' : ''}|${places(n.sources)}`);
  }
  for (const e of map.edges) {
    const read = e.kind === 'calls' || e.kind === 'may-call' ? e.sources.map(line).join('\n') : '';
    parts.push(`E${e.from}|${e.to}|${e.kind}|${e.label}|${e.protocol ?? ''}|${e.port ?? ''}|${places(e.sources)}|${read}`);
  }
  for (const e of map.entries) parts.push(`P${e.to}|${e.via}|${e.port ?? ''}|${e.target ?? ''}|${e.label ?? ''}|${e.protocol ?? ''}|${place(e.source)}|${roles?.(e) ?? ''}|${line(e.source)}`);
  const sources = (map: ReadonlyMap<string, readonly SystemSource[]>) => [...map].map(([k, v]) => `${k}=${places(v)}`).join(';');
  parts.push(`V${places(evidence.secrets)}|${places(evidence.escapes)}|${places(evidence.vaults)}|${places(evidence.mtls)}|${sources(evidence.escapeOf)}|${sources(evidence.publicOf)}|${sources(evidence.policies)}`);
  parts.push(`C${[...evidence.encrypted].map(([k, v]) => `${k}=${v}`).join(';')}|${[...evidence.credentialBlock].map(([k, v]) => `${k}=${v.names.join(',')}${v.secretEnv ? '+env' : ''}/${v.tokens.join(',')}`).join(';')}|${[...evidence.storeAuth].map(([k, v]) => `${k}=${v.required}@${v.source ? place(v.source) : ''}`).join(';')}|${evidence.ingressTls.join(',')}|${evidence.plaintextAt.map((s) => (s ? place(s) : '')).join(',')}|${evidence.ingressBackendTls.map((s) => (s ? place(s) : '')).join(',')}|${evidence.ingressClientCerts.map((s) => (s ? place(s) : '')).join(',')}|${evidence.wafOf.map((s) => (s ? place(s) : '')).join(',')}|${evidence.hostPorts.map((h) => `${h.component}=${h.port}:${h.target ?? ''}@${place(h.source)}`).join(',')}|${sources(evidence.encryptedBy)}`);
  parts.push(`A${[...evidence.consoles].map(([k, v]) => `${k}=${v.facts.unauthenticated ? 'open' : 'auth'}:${v.facts.reason}@${places(v.sources)}`).join(';')}`);
  parts.push(`N${[...evidence.envLines].map(([k, v]) => `${k}=${v.map((e) => `${place(e.source)}=${e.text}`).join(',')}`).join(';')}`);
  parts.push(`H${[...evidence.hardening].map(([k, v]) => `${k}=${v.title}:${v.findings.map((f) => `${f.gap}@${place(f.source)}`).join(',')}`).join(';')}`);
  parts.push(`W${[...evidence.networks].map(([k, v]) => `${k}=${v.map((n) => `${n.name}@${place(n.source)}`).join(',')}`).join(';')}`);
  parts.push(`D${[...inputs.byName].map(([k, v]) => `${k}=${[...v].sort().join(',')}`).sort().join(';')}`);
  parts.push(`R${inputs.register.map((r) => `${r.uri}:${r.line}:${r.id}:${r.key}:${r.status}:${r.justification ?? ''}`).join(';')}|${inputs.pastBound.map((r) => `${r.uri}:${r.size}:${r.unread}`).join(';')}`);
  return parts.join('\n');
}

interface Kept {
  generation: number;
  /** The roots the ids are relative to, joined. */
  roots: string;
  key: string;
  analysis: ThreatAnalysis;
}

const kept = new WeakMap<WorkspaceIndex, Kept>();

/** How many times the analysis was made (not answered from what was kept): the tests read it. */
export const threatStats = { analyses: 0 };

/**
 * The threats of the index: the analysis kept while what it depends on is the same (keyOf). `roots`:
 * the repository roots its ids are relative to (the CLI: the repository of its paths; the editor: the
 * workspace folders), so that they are the same on any clone (issue #78).
 */
export function workspaceThreats(index: WorkspaceIndex, host: ThreatsHost, roots: readonly string[] = []): ThreatAnalysis {
  const before = kept.get(index);
  const rootsKey = roots.join('\n');
  if (before && before.generation === index.generation && before.roots === rootsKey) return before.analysis;
  // The system map's fold, and each cluster's nodes written from one anchor into one store (clusters.ts).
  const raw = host.mapOf(index);
  const blockLines = (s: SystemSource) => { const file = index.get(s.uri); return file && !file.skipped ? fileLines(file).block(s.range.start.line).lines : []; };
  const map = logicalMap(raw, withClusters(raw, host.logicalOf?.(index), blockLines));
  const inputs = inputsOf(index);
  const callers = new Map<string, string[]>();
  for (const edge of map.edges) {
    if (edge.kind !== 'calls') continue;
    const list = callers.get(edge.to);
    if (list) list.push(edge.from);
    else callers.set(edge.to, [edge.from]);
  }
  const { byName } = inputs;
  const categoriesOf = (node: SystemNode): string[] => {
    if (node.kind === 'model' || node.kind === 'data') {
      const file = pathOfNode(node.id);
      return file === undefined ? [] : [...(byName.get(lineageKey(file)) ?? [])].sort();
    }
    const found = new Set(byName.get(normalised(node.name)) ?? []);
    for (const caller of callers.get(node.id) ?? []) for (const c of byName.get(normalised(map.node(caller)?.name ?? '')) ?? []) found.add(c);
    return [...found].sort();
  };
  const roleOf = host.entryRoles?.(index);
  const entryRole = roleOf ? (entry: EntryPoint) => roleOf(map.original(entry)) : undefined;
  const lines = (uri: string) => {
    const file = index.get(uri);
    return file && !file.skipped ? fileLines(file) : undefined;
  };
  // A Compose service's env files: the index's text when it holds them, else one bounded read each per analysis.
  const sides = new Map<string, string | undefined>();
  const sideText = (uri: string): string | undefined => {
    const indexed = index.get(uri);
    if (indexed) return indexed.skipped ? undefined : indexed.text;
    if (!host.sideText || sides.has(uri)) return sides.get(uri);
    const file = pathOfNode(`file:${uri}`);
    const text = file === undefined ? undefined : host.sideText(file);
    sides.set(uri, text);
    return text;
  };
  const derive: DeriveHost = { text: (uri) => index.get(uri)?.text, lines, categoriesOf, fileFacts: () => inputs.yaml, sideText, files: () => [...index.files()].filter((f) => !f.skipped).map((f) => f.uri), ...(entryRole ? { entryRole } : {}) };
  const evidence = scanEvidence(map, derive);
  const key = keyOf(map, evidence, inputs, entryRole, (s) => lines(s.uri)?.line(s.range.start.line) ?? '');
  if (before && before.key === key && before.roots === rootsKey) {
    kept.set(index, { ...before, generation: index.generation });
    return before.analysis;
  }
  threatStats.analyses++;
  const found = analyseThreats(map, derive, inputs.register, evidence, roots);
  const analysis = inputs.pastBound.length > 0 ? { ...found, registersPastBound: inputs.pastBound } : found;
  kept.set(index, { generation: index.generation, roots: rootsKey, key, analysis });
  return analysis;
}

const asked = new WeakMap<WorkspaceIndex, { generation: number; asks: boolean }>();

/**
 * Whether the workspace asks for its risks as diagnostics (the editor, `archipel check`): it classifies
 * its data (a Fides manifest) or keeps threats in its risk register (an AMDEC risk with `x-threat`),
 * and it is not summarised (past 5,000 files the map keeps no image, env or annotation: as the system
 * checks). Elsewhere a repository gets no security finding unasked; `archipel threats` reports on any.
 */
export function asksForThreats(index: WorkspaceIndex): boolean {
  const known = asked.get(index);
  if (known && known.generation === index.generation) return known.asks;
  const asks = !holdsSummaries(index) && (registerOf(index).entries.length > 0 || classifiesData(index));
  asked.set(index, { generation: index.generation, asks });
  return asks;
}
