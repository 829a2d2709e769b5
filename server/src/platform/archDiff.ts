/**
 * The architecture diff (issue #80) computed from a repository: both sides' system maps (a revision read
 * from git objects, never checked out; or the working tree) and their comparison (archdiff/compare.ts).
 * One function, `archDiff`, for `archipel diff` (cli/diff.ts prints it) and the editor's
 * `archipel/diff` request (platform/diffRequest.ts): the same sides, the same JSON.
 *
 * A revision is read from git objects (platform/revisionFiles.ts), the base first; a head revision's files of
 * the same blobs are the base's entries (parsed and modelled once). Their texts go to the same index and the same system map as
 * `archipel diagram system`'s, under the paths they have in the working tree, so that ids and files are
 * named alike on both sides. A ref is resolved once (`rev-parse --verify --end-of-options REF^{commit}`):
 * git is then given the commit's id, never the user's text.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FileMatcher } from '../common/fileSelector';
import { textOf } from '../common/sideFile';
import { setRevisionSideFiles, type SideFiles } from '../features/system/revision';
import type { DecodedText } from '../common/textDecoding';
import type { DiagramDrawer } from '../features/diagram/drawer';
import { prepareContributors, type SystemContribution } from '../features/system/contributor';
import { RequestRejection } from '../features/requests';
import { checkSummarizer, collectContext, contextRoots } from './project';
import { defaultBase } from './changed';
import { loadIndex } from './indexLoad';
import { heapPacer } from '../workspace/heapPacer';
import { indexOptions } from '../service';
import type { ArchipelSettings } from '../settings';
import { WorkspaceIndex, type IndexedFile } from '../workspace/index';
import { git, GitError } from '../engines/experiments/git';
import { revisionFiles, type Blobs, type RevisionSideFiles } from './revisionFiles';
import { compareMaps, type ArchDiff, type NodeIdentity, type SideView } from '../archdiff/compare';
import { systemModel, type SystemModel } from '../system/model';
import { componentsOf } from '../system/components';
import { repositoryIdOf } from '../features/system/ids';
import { boundaryName, writtenImage } from '../archdiff/identity';
import { carriedAcrossMoves } from '../archdiff/moves';
import { movedFiles } from './gitMoves';
import { byCodeUnit } from '../common/order';
import { diffFlows, diffRisks } from '../archdiff/analyses';
import { workspaceThreats, type ThreatsHost } from '../threats/workspace';
import { INTERNET } from '../threats/securityModel';
import { privacyFacts, relativeLabel } from '../privacy/api';
import { priceIndex, type IndexSystem } from '../cost/whole';
import { costSettings } from '../cost/settings';
import type { PriceList, Usage } from '../cost/model';
import type { CarbonData } from '../cost/carbon';
import type { HelmFace } from '../helm/api';
import type { ComposeFace } from '../compose/api';
import type { CostSide } from '../archdiff/cost';
import { readSideText } from '../disk/readText';
import { continuityItems, type ContinuityHost } from '../continuity/api';
import type { PolicyFace, PolicyFaces } from '../policy/api';
import { holdsSummaries } from '../workspace/summaries';
import { ReadLedger, type NotReadFile } from './notRead';
import { parse } from 'yaml';

/** A ref that names no commit, or paths outside any git repository: the user's mistake (the CLI: exit 2; the editor: the message). */
export class DiffRefError extends Error {}

/** What a side is built with: the families' drawer and contributors, the threat model's host (none: no analysis), the repository's top. */
interface SideBuilder {
  settings: ArchipelSettings;
  drawer: DiagramDrawer;
  system: readonly SystemContribution[];
  threats: ThreatsHost | undefined;
  scopes: string[];
  root: string;
  top: string;
  /** The folder files are named from (the CLI's current folder; the editor's: the repository's top). */
  cwd: string;
  /** What each side is priced with (the whole system, as `archipel cost`); none: no cost compared. */
  cost: DiffCostHost | undefined;
  /** The folder priced (a uri ending in '/'): the first path's, as `archipel cost PATH` prices it. */
  costFolder: string;
  /** What each side's policy violations are found with; none: no policy compared. */
  policy: DiffPolicyHost | undefined;
}

/** What `archipel diff` finds each side's policy violations with: the policy family's face and the faces it reads (a chart's render, Terraform's objects). */
export type DiffPolicyHost = PolicyFaces & { readonly policy: PolicyFace };

/** What `archipel diff` prices each side with: as `archipel cost` (the families' faces, the bundled prices and carbon, the user's usage file). */
export interface DiffCostHost {
  /** The bundled prices (cost/host.ts's loadPrices: a runtime file above this layer). */
  prices: () => PriceList;
  /** The carbon coefficients (cost/host.ts's loadCarbon). */
  carbon: () => CarbonData;
  faces: IndexSystem['faces'] & { helm?: HelmFace };
  /** The usage file the command names (`--usage FILE`), the same on both sides. */
  usage?: Usage;
}

/**
 * archipel.yaml's `cost` section of a side (its node type, Compose host, currency, discount, rates): the nearest
 * archipel.yaml at or above the priced folder, up to the repository's top, read from that side (a revision's blob,
 * or the working tree's file), bounded as a side file. Problems are `archipel cost`'s to say: ignored here.
 */
function sideCostSection(folder: string, top: string, read: (file: string) => string | undefined): unknown {
  let dir = fileURLToPath(folder);
  for (;;) {
    for (const name of ['archipel.yaml', 'archipel.yml']) {
      const text = read(path.join(dir, name));
      if (text === undefined) continue;
      let parsed: unknown;
      try {
        parsed = parse(text, { maxAliasCount: 100, logLevel: 'error' });
      } catch {
        return undefined;
      }
      return parsed && typeof parsed === 'object' ? (parsed as Record<string, unknown>).cost : undefined;
    }
    const parent = path.dirname(dir);
    if (parent === dir || path.relative(top, parent).startsWith('..')) return undefined;
    dir = parent;
  }
}

/** A side's whole system priced as `archipel cost` prices it (cost/whole.ts), its ids and files as the diff names them. */
function costOf(index: WorkspaceIndex, b: SideBuilder, host: DiffCostHost, sideFiles: SideFiles | undefined, fileOf: (uri: string) => string): CostSide {
  const read = (file: string) => textOf(sideFiles ? sideFiles.read(file) : readSideText(file));
  const settings = costSettings(sideCostSection(b.costFolder, b.top, read)).settings;
  const rendered = host.faces.helm?.renderedReleases(index, b.settings);
  const system = priceIndex({ index, folder: b.costFolder, faces: host.faces, settings, prices: host.prices(), carbon: host.carbon(), ...(rendered ? { rendered } : {}), ...(host.usage ? { usage: host.usage } : {}) });
  return {
    currency: system.currency,
    totalMonthlyCost: system.totalMonthlyCost,
    totalMonthlyCo2eKg: system.totalMonthlyCo2eKg,
    components: system.components.map((c) => ({
      id: c.id,
      name: c.name,
      monthlyCost: c.monthlyCost,
      monthlyCo2eKg: c.footprint?.co2eKg ?? null,
      ...(c.maxMonthlyCost !== undefined ? { maxMonthlyCost: c.maxMonthlyCost } : {}),
      ...(c.includedIn !== undefined ? { includedIn: c.includedIn } : {}),
      items: c.items.map((i) => ({ name: i.subresource ? `${i.subresource}: ${i.name}` : i.name, quantity: i.quantity ?? null, unit: i.unit, unitPrice: i.unitPrice, monthlyCost: i.monthlyCost ?? null })),
      sources: [{ file: fileOf(c.uri), line: c.line }],
    })),
    unpriced: system.unpriced.map((u) => ({ address: u.address, reason: u.reason, file: fileOf(u.uri) })),
  };
}

/**
 * A side of the change from its files (read from disk, or given with their texts): the system map's JSON as
 * `archipel diagram system --format json` prints it, and on the same index the threat model's risks
 * (as `archipel threats`, ids relative to the repository) and the privacy flows (declared categories only).
 */
async function sideOf(files: readonly string[], texts: ReadonlyMap<string, DecodedText> | undefined, b: SideBuilder, reuse: Reuse = {}): Promise<{ view: SideView; index: WorkspaceIndex }> {
  const { settings } = b;
  const { sideFiles } = reuse;
  const index = new WorkspaceIndex(indexOptions(settings));
  if (sideFiles) setRevisionSideFiles(index, sideFiles);
  // The other side's entries of the same blobs, parsed and modelled once for both sides.
  for (const entry of reuse.entries ?? []) index.put(entry);
  const summarizer = await checkSummarizer(files.length);
  const read = texts
    ? (file: string) => {
        const text = texts.get(file);
        if (!text) throw new Error(`${file}: not in the revision`);
        return text;
      }
    : undefined;
  await loadIndex(index, files.map((file) => ({ file, uri: pathToFileURL(file).href, context: true })), { summarizer, maxBytes: indexOptions(settings).maxBytes, pace: heapPacer(), failed: () => undefined, ...(read ? { read } : {}) });
  // The working tree's files of the same text as the other side's (its blob unchanged): that side's entries in their place.
  const same = reuse.sameText;
  if (same) {
    for (const entry of [...index.files()]) {
      const known = same.current(entry.uri);
      if (known && known !== entry && known.text === entry.text && known.skipped === entry.skipped && known.textProblem === entry.textProblem && entry.skipped !== 'summary') index.put(known);
    }
  }
  const cwd = b.cwd;
  const fileOf = (uri: string) => (uri.startsWith('file:') ? path.relative(cwd, fileURLToPath(uri)).split(path.sep).join('/') : uri);
  // Ids relative to the repository's top, as the editor's map and `archipel diagram system` name them (issue #92), whatever the current folder.
  const toMapId = repositoryIdOf([b.top]);
  let map: SideView;
  try {
    map = JSON.parse(b.drawer.formats!.json({ index, settings, scopes: b.scopes, root: b.root, system: b.system, fileOf, idOf: toMapId })) as SideView;
  } catch (error) {
    // Nothing runs, builds or deploys on this side: an empty map, not a failure.
    if (error instanceof RequestRejection) map = { nodes: [], edges: [] };
    else throw error;
  }
  // What identifies a component beyond the map's JSON (archdiff/renames.ts): its pod template's name label, how it is deployed.
  const identities: Record<string, NodeIdentity> = {};
  const model = map.nodes.length > 0 ? systemModel(index, b.system) : undefined;
  for (const node of model?.nodes ?? []) {
    const label = node.identity?.label;
    const tool = node.deployment?.tool;
    if (label !== undefined || tool !== undefined) identities[toMapId(node.id)] = { ...(label !== undefined ? { label } : {}), ...(tool !== undefined ? { tool } : {}) };
  }
  if (model) addDiffFields(identities, model, index, toMapId, b.cost?.faces.compose);
  map.identities = identities;
  // What the contributors read this index with (Terraform's parser): the threat model's map and the cost's resources.
  await prepareContributors(b.system, index);
  // A revision's side files (`.env`, env_files: the risks' lines on them) from that revision, as the map's.
  const threats = b.threats && sideFiles ? { ...b.threats, sideText: (file: string) => textOf(sideFiles.read(file)) } : b.threats;
  if (threats) {
    await threats.prepare?.(index);
    // A node id as the map's JSON names it (system/json.ts: every file URI in it made a file name).
    const names = new Map(map.nodes.map((n) => [n.id, n.name || n.id]));
    const risks = workspaceThreats(index, threats, [b.top]).risks;
    map.risks = diffRisks(risks, { id: toMapId, name: (id) => (id === INTERNET ? 'Internet' : (names.get(id) ?? id)), file: fileOf });
  }
  map.flows = diffFlows(privacyFacts(index, undefined, relativeLabel(cwd)).flows);
  // The continuity's gaps and backups (issue #97), on the same map; past the summaries' bound nothing is judged, as the check.
  if (model && !holdsSummaries(index)) {
    const host: ContinuityHost = { mapOf: (i) => systemModel(i, b.system), componentsOf: (i) => componentsOf(systemModel(i, b.system)).list };
    map.continuity = continuityItems(index, host).map((item) => ({ fact: item.fact, rule: item.rule, nodes: item.nodes.map(toMapId).sort(byCodeUnit), file: fileOf(item.uri), line: item.line, message: item.message }));
  }
  // The team's policies of this side judge this side's objects (issue #96): a revision's own policies, read from its git objects.
  if (b.policy && !holdsSummaries(index)) {
    const nodes = model?.nodes ?? [];
    map.policy = b.policy.policy.workspaceViolations(index, settings, b.policy, nodes).map((v) => ({
      rule: v.code,
      action: v.severity === 'error' ? 'Enforce' : 'Audit',
      object: v.object,
      // The component the object declares (a workload), not an image it runs nor an address it names.
      component: ((i) => (i === undefined ? '' : toMapId(nodes[i].id)))(v.nodes.find((i) => nodes[i].kind !== 'image' && nodes[i].kind !== 'external')),
      file: fileOf(v.uri),
      line: v.range.start.line + 1,
      message: v.message,
    }));
  }
  if (b.cost) map.cost = costOf(index, b, b.cost, sideFiles, fileOf);
  return { view: map, index };
}

/** The fields the diff compares beyond the map's JSON (archdiff/compare.ts NodeIdentity): technology, images as written, instances, boundary. */
function addDiffFields(identities: Record<string, NodeIdentity>, model: SystemModel, index: WorkspaceIndex, toMapId: (id: string) => string, compose: ComposeFace | undefined): void {
  const of = (id: string) => (identities[toMapId(id)] ??= {});
  const components = componentsOf(model);
  for (const node of model.nodes) {
    if (node.technology) of(node.id).technology = node.technology;
    if (node.replicas !== undefined) of(node.id).replicas = node.replicas;
    const boundary = boundaryName(node, node.parent ? model.node(node.parent) : undefined);
    if (boundary !== undefined) of(node.id).boundary = boundary;
    const component = components.of.get(node.id);
    // Each instance's own folder from the repository's top (issue #92), not from the folder the model's components share: another project added beside it changes nothing of it.
    const volumes = compose && node.deployment?.tool === 'compose' ? namedVolumes(compose, index, node.sources[0]?.uri, node.name) : [];
    if (volumes.length > 0) of(node.id).volumes = volumes;
    if (component) of(node.id).instances = [...new Set([...component.instances.values()].map((i) => `${i.tool} ${toMapId(i.folder) || '.'}`))].sort(byCodeUnit);
  }
  for (const edge of model.edges) {
    if (edge.kind !== 'runs') continue;
    const source = edge.sources[0];
    const file = source ? index.get(source.uri) : undefined;
    const line = file && source && source.range.start.line < file.lines.lineCount ? file.lines.lineText(source.range.start.line) : '';
    const identity = of(edge.from);
    identity.images = [...new Set([...(identity.images ?? []), writtenImage(line, model.node(edge.to)?.name ?? edge.to)])].sort(byCodeUnit);
  }
}

/**
 * The named volumes a Compose service mounts (`dbdata:/var/lib/postgresql/data`, `{type: volume, source: dbdata}`), read
 * through the Compose family's face from the file its node comes from; bind mounts (`./data:…`, `/srv:…`) are places, not volumes.
 */
function namedVolumes(compose: ComposeFace, index: WorkspaceIndex, uri: string | undefined, service: string): string[] {
  const file = uri !== undefined ? index.get(uri) : undefined;
  if (!file || !compose.isComposeFile(file)) return [];
  const spec = compose.servicesOf(compose.documentOf(file, undefined, index))[service];
  const mounts = spec && typeof spec === 'object' && !Array.isArray(spec) ? (spec as Record<string, unknown>).volumes : undefined;
  if (!Array.isArray(mounts)) return [];
  const names = new Set<string>();
  for (const mount of mounts) {
    const source = typeof mount === 'string' ? (mount.includes(':') ? mount.slice(0, mount.indexOf(':')) : undefined) : mount && typeof mount === 'object' && (mount as Record<string, unknown>).type === 'volume' ? (mount as Record<string, unknown>).source : undefined;
    if (typeof source === 'string' && /^[A-Za-z0-9][\w.-]*$/.test(source)) names.add(source);
  }
  return [...names].sort(byCodeUnit);
}

/**
 * What a side reuses: a revision's side files (`.env`, env_file), the other side's entries of the blobs it shares
 * (`entries`), or, for the working tree, the other side's index whose entries of the same text take the place of its own.
 */
interface Reuse {
  sideFiles?: SideFiles;
  entries?: readonly IndexedFile[];
  sameText?: WorkspaceIndex;
}

/** The commit a ref names (`REF^{commit}`), the ref never read as an option. */
async function commitOf(top: string, ref: string): Promise<string> {
  try {
    return (await git(top, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`])).stdout.trim();
  } catch (error) {
    if (error instanceof GitError) throw new DiffRefError(`not a commit: ${ref}`);
    throw error;
  }
}


/** What `archDiff` compares: the paths of a repository (absolute), its base and head (the working tree when no head), and what a side is built with. */
export interface ArchDiffOptions {
  settings: ArchipelSettings;
  files: FileMatcher;
  drawer: DiagramDrawer;
  system: readonly SystemContribution[];
  threats: ThreatsHost | undefined;
  /** The package root. */
  root: string;
  /** What each side is priced with (the whole system, as `archipel cost`); none: no cost compared. */
  cost?: DiffCostHost;
  /** What each side's policy violations are found with (the run's policy family); none: no policy compared. */
  policy?: DiffPolicyHost;
  /** Absolute paths, existing, in one repository: what is read and drawn. */
  paths: readonly string[];
  /** Folder URIs the map is limited to (the CLI: its paths, or its current folder). */
  scopes: string[];
  /** The folder files are named from in the JSON. */
  cwd: string;
  /** Without it, where the change started (platform/changed.ts's `defaultBase`, as `check --changed`). */
  base?: string;
  /** Without it, the working tree as it is on disk. */
  head?: string;
  /**
   * Told the files changed between the sides that either side did not read (platform/notRead.ts: over the bound, a
   * template, stopped, a side file refused), named as the diff names files: changes the comparison could not judge.
   */
  notRead?: (files: NotReadFile[]) => void;
}

/**
 * The files of `ledger` that changed between the sides (`git diff --name-only` from the base to the head or the working
 * tree, and the working tree's untracked files): an unread file the same on both sides is no change. Commits are the
 * ids rev-parse gave; no workspace value reaches git's arguments; no optional lock taken (nothing written).
 */
async function unreadChanges(top: string, baseCommit: string, headCommit: string | null, ledger: readonly NotReadFile[]): Promise<NotReadFile[]> {
  if (ledger.length === 0) return [];
  const changed = new Set<string>();
  const names = (stdout: string) => {
    for (const name of stdout.split('\0')) if (name !== '') changed.add(name);
  };
  names((await git(top, ['--no-optional-locks', 'diff', '--name-only', '-z', '--no-renames', baseCommit, ...(headCommit !== null ? [headCommit] : []), '--'])).stdout);
  if (headCommit === null) names((await git(top, ['--no-optional-locks', 'ls-files', '-z', '--others', '--exclude-standard'])).stdout);
  const seen = new Set<string>();
  return ledger.filter((entry) => {
    const relative = path.relative(top, entry.file).split(path.sep).join('/');
    if (seen.has(entry.file) || !changed.has(relative)) return false;
    seen.add(entry.file);
    return true;
  });
}

/** The repository's top (its real path) holding `folder`. */
export async function repositoryTop(folder: string): Promise<string> {
  let top: string;
  try {
    top = path.resolve((await git(folder, ['rev-parse', '--show-toplevel'])).stdout.trim());
  } catch (error) {
    if (error instanceof GitError) throw new DiffRefError(`not in a git repository: ${folder}`);
    throw error;
  }
  // The same real path as the scan's (a temporary folder behind a link).
  return fs.realpath(top);
}

/** Both sides' maps and analyses, compared (archdiff/compare.ts's JSON contract, docs/diff.md). */
export async function archDiff(o: ArchDiffOptions): Promise<ArchDiff> {
  const first = o.paths[0];
  const folder = (await fs.stat(first)).isDirectory() ? first : path.dirname(first);
  const top = await repositoryTop(folder);
  const baseRef = o.base ?? (await defaultBase(top));
  const baseCommit = await commitOf(top, baseRef);
  const headCommit = o.head !== undefined ? await commitOf(top, o.head) : null;
  await o.drawer.prepare?.();
  await prepareContributors(o.system);
  const roots = await contextRoots(o.paths);
  const costFolder = pathToFileURL(folder).href.replace(/\/?$/, '/');
  const builder: SideBuilder = { settings: o.settings, drawer: o.drawer, system: o.system, threats: o.threats, scopes: o.scopes, root: o.root, top, cwd: o.cwd, cost: o.cost, costFolder, policy: o.policy };
  const atRevision = async (commit: string, ledger: ReadLedger, other?: { blobs: Blobs; sideFiles: RevisionSideFiles }) => {
    const { read, reused, sideFiles, tooLarge } = await revisionFiles(top, commit, roots, o.settings, o.files, other);
    for (const file of tooLarge) ledger.add(file, 'too-large');
    const side = await ledger.during(() => sideOf(
      read.map((r) => r.file),
      new Map(read.map((r) => [r.file, r.text])),
      builder,
      { sideFiles, entries: reused },
    ));
    ledger.addIndex(side.index);
    for (const [file, reason] of sideFiles.refusals) ledger.add(file, reason);
    const blobs: Blobs = new Map();
    for (const r of read) {
      const entry = side.index.current(pathToFileURL(r.file).href);
      if (entry) blobs.set(r.file, { oid: r.oid, entry });
    }
    return { ...side, blobs, sideFiles };
  };
  // What each side did not read (platform/notRead.ts): a changed file among them is a change not judged.
  const baseLedger = new ReadLedger();
  const headLedger = new ReadLedger();
  const base = await atRevision(baseCommit, baseLedger);
  const head = headCommit !== null ? (await atRevision(headCommit, headLedger, base)).view : await headLedger.during(async () => {
    const side = await sideOf(await collectContext(o.paths, o.settings, o.files), undefined, builder, { sameText: base.index });
    headLedger.addIndex(side.index);
    return side.view;
  });
  if (o.notRead) {
    const unread = await unreadChanges(top, baseCommit, headCommit, [...baseLedger.list(), ...headLedger.list()]);
    o.notRead(unread.map((entry) => ({ file: path.relative(o.cwd, entry.file).split(path.sep).join('/'), reason: entry.reason })));
  }
  // A file git says moved keeps what it says (issue #92): the base read at the head's places (archdiff/moves.ts).
  const moved = carriedAcrossMoves(base.view, await movedFiles(top, baseCommit, headCommit), (file) => path.relative(o.cwd, path.join(top, file)).split(path.sep).join('/'));
  return compareMaps(moved.base, head, { base: { ref: baseRef, commit: baseCommit }, head: { ref: o.head ?? 'working tree', commit: headCommit } }, moved.ids);
}
