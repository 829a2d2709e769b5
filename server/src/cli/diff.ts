/**
 * `archipel diff [PATH...] [--base REF] [--head REF] [--format text|json|markdown|sarif] [--fail-on exposure|threats|cost>N]` (issue #80): the system map at
 * REF against the working tree (or `--head REF`), compared by archdiff/compare.ts.
 *
 * A revision is read from git objects, never checked out: its files listed by `git ls-tree -r -z
 * --long` (regular files only: no link, no submodule), selected as the workspace scan selects files
 * (the families' selector and sniffers, `files.exclude`), and their blobs read through one `git
 * cat-file --batch` (engines/experiments/git.ts: argument arrays, names on standard input), each at most
 * the index's size bound (archipel.validation.maxFileSizeKb: a larger blob is not read, as a larger file
 * on disk is not checked). Their texts go to the same index and the same system map as `archipel
 * diagram system`'s, under the paths they have in the working tree, so that ids and files are named alike
 * on both sides. The ref is resolved once (`rev-parse --verify --end-of-options REF^{commit}`): git is
 * then given the commit's id, never the user's text.
 */
import { Minimatch } from 'minimatch';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { FileMatcher } from '../common/fileSelector';
import { decodeText, type DecodedText } from '../common/textDecoding';
import { isWithin } from '../common/containment';
import type { DiagramDrawer } from '../features/diagram/drawer';
import { prepareContributors, type SystemContribution } from '../features/system/contributor';
import { RequestRejection } from '../features/requests';
import { checkSummarizer, collectContext, contextRoots } from '../platform/project';
import { defaultBase } from '../platform/changed';
import { loadIndex } from '../platform/indexLoad';
import { heapPacer } from '../workspace/heapPacer';
import { indexOptions } from '../service';
import type { ArchipelSettings } from '../settings';
import { WorkspaceIndex } from '../workspace/index';
import { CatFile, git, GitError } from '../engines/experiments/git';
import { compareMaps, diffText, type SideView } from '../archdiff/compare';
import { diffFlows, diffRisks } from '../archdiff/analyses';
import { workspaceThreats, type ThreatsHost } from '../threats/workspace';
import { INTERNET } from '../threats/derive';
import { mitigationOf } from '../threats/report';
import { privacyFacts, relativeLabel } from '../privacy/api';
import { priceResources } from '../cost/pricing';
import type { PriceList } from '../cost/model';
import { bundledPrices } from './cost';
import { terraformResources } from '../terraform/api';
import type { CostSide } from '../archdiff/cost';
import { diffMarkdown } from '../archdiff/markdown';
import { diffSarif } from '../archdiff/sarif';
import { gateFailures, parseGates } from '../archdiff/gates';
import { diffUsage } from './diffUsage';
import { parseOptions } from './didYouMean';


class DiffUsageError extends Error {}

/** A file of a revision: its path from the repository's top, its blob and its size. */
interface TreeFile {
  path: string;
  oid: string;
  size: number;
}

/** The regular files of `commit` (mode 100644/100755): no link (120000), no submodule (160000). */
async function treeFiles(top: string, commit: string): Promise<TreeFile[]> {
  const { stdout } = await git(top, ['ls-tree', '-r', '-z', '--long', '--full-tree', '--end-of-options', commit]);
  const files: TreeFile[] = [];
  for (const record of stdout.split('\0')) {
    // `<mode> SP <type> SP <object> SP+ <size> TAB <path>`
    const tab = record.indexOf('\t');
    if (tab < 0) continue;
    const [mode, type, oid, size] = record.slice(0, tab).split(/ +/);
    const name = record.slice(tab + 1);
    if (type !== 'blob' || (mode !== '100644' && mode !== '100755') || !/^[0-9a-f]+$/.test(oid)) continue;
    // Confined to the repository: git never lists such a path, and none is read if it did.
    if (name.split('/').some((part) => part === '' || part === '.' || part === '..')) continue;
    files.push({ path: name, oid, size: Number(size) });
  }
  return files;
}

/** A revision's files under `roots`, selected as the scan selects files on disk, with their texts (blobs over `maxBytes` are not read). */
async function revisionFiles(top: string, commit: string, roots: readonly string[], settings: ArchipelSettings, files: FileMatcher): Promise<{ file: string; text: DecodedText }[]> {
  const excludes = settings.files.exclude.map((pattern) => new Minimatch(pattern.startsWith('**/') || pattern.startsWith('/') ? pattern : `**/${pattern}`, { dot: true }));
  const maxBytes = indexOptions(settings).maxBytes;
  const chosen: { file: string; relative: string; tree: TreeFile; sniff: boolean }[] = [];
  for (const tree of await treeFiles(top, commit)) {
    const file = path.join(top, ...tree.path.split('/'));
    const root = roots.find((r) => isWithin(file, r));
    if (root === undefined || tree.size > maxBytes) continue;
    const relative = path.relative(root, file).split(path.sep).join('/');
    if (relative.split('/').some((part) => part === 'node_modules' || part === '.git')) continue;
    const selection = files.match(relative);
    if (selection === 'no' || excludes.some((pattern) => pattern.match(relative))) continue;
    chosen.push({ file, relative, tree, sniff: selection === 'sniff' });
  }
  if (chosen.length === 0) return [];
  const reader = new CatFile(top);
  let objects;
  try {
    objects = await reader.read(chosen.map((c) => c.tree.oid));
  } finally {
    reader.close();
  }
  const read: { file: string; text: DecodedText }[] = [];
  chosen.forEach((c, i) => {
    const data = objects[i]?.type === 'blob' ? objects[i]?.data : undefined;
    if (!data) return;
    const text = decodeText(data);
    if (c.sniff && !files.claims(c.relative, text.text.slice(0, files.sniffBytes(c.relative)))) return;
    read.push({ file: c.file, text });
  });
  return read;
}

/** What a side is built with: the families' drawer and contributors, the threat model's host (none: no analysis), the repository's top. */
interface SideBuilder {
  settings: ArchipelSettings;
  drawer: DiagramDrawer;
  system: readonly SystemContribution[];
  threats: ThreatsHost | undefined;
  scopes: string[];
  root: string;
  top: string;
  /** The bundled prices (schemas/cost), read when a side has a Terraform resource. */
  prices: () => Promise<PriceList>;
}

/** A side's Terraform resources priced as `archipel cost` prices them (no usage file: usage-based items unpriced); none: undefined. */
async function costOf(index: WorkspaceIndex, prices: () => Promise<PriceList>, fileOf: (uri: string) => string): Promise<CostSide | undefined> {
  const resources = terraformResources(index);
  if (resources.length === 0) return undefined;
  const report = priceResources(resources, await prices());
  const lineOf = (uri: string, offset: number) => (index.get(uri)?.text.slice(0, offset).split('\n').length ?? 1);
  return { currency: report.currency, totalMonthlyCost: report.totalMonthlyCost, components: report.resources.map((r) => ({ id: r.address, monthlyCost: r.monthlyCost, sources: [{ file: fileOf(r.uri), line: lineOf(r.uri, r.offset) }] })) };
}

/**
 * A side of the change from its files (read from disk, or given with their texts): the system map's JSON as
 * `archipel diagram system --format json` prints it, and on the same index the threat model's risks
 * (as `archipel threats`, ids relative to the repository) and the privacy flows (declared categories only).
 */
async function sideOf(files: readonly string[], texts: ReadonlyMap<string, DecodedText> | undefined, b: SideBuilder): Promise<SideView> {
  const { settings } = b;
  const index = new WorkspaceIndex(indexOptions(settings));
  const summarizer = await checkSummarizer(files.length);
  const read = texts
    ? (file: string) => {
        const text = texts.get(file);
        if (!text) throw new Error(`${file}: not in the revision`);
        return text;
      }
    : undefined;
  await loadIndex(index, files.map((file) => ({ file, uri: pathToFileURL(file).href, context: true })), { summarizer, maxBytes: indexOptions(settings).maxBytes, pace: heapPacer(), failed: () => undefined, ...(read ? { read } : {}) });
  const cwd = process.cwd();
  const fileOf = (uri: string) => (uri.startsWith('file:') ? path.relative(cwd, fileURLToPath(uri)).split(path.sep).join('/') : uri);
  let map: SideView;
  try {
    map = JSON.parse(b.drawer.formats!.json({ index, settings, scopes: b.scopes, root: b.root, system: b.system, fileOf })) as SideView;
  } catch (error) {
    // Nothing runs, builds or deploys on this side: an empty map, not a failure.
    if (error instanceof RequestRejection) map = { nodes: [], edges: [] };
    else throw error;
  }
  // What the contributors read this index with (Terraform's parser): the threat model's map and the cost's resources.
  await prepareContributors(b.system, index);
  if (b.threats) {
    await b.threats.prepare?.(index);
    // A node id as the map's JSON names it (system/json.ts: every file URI in it made a file name).
    const idOf = (nodeId: string) => nodeId.replace(/file:\/\/[^:\s#]*/g, (uri) => fileOf(uri) || '.');
    const names = new Map(map.nodes.map((n) => [n.id, n.name || n.id]));
    const risks = workspaceThreats(index, b.threats, [b.top]).risks;
    map.risks = diffRisks(risks, { id: idOf, name: (id) => (id === INTERNET ? 'Internet' : (names.get(id) ?? id)), file: fileOf });
  }
  map.flows = diffFlows(privacyFacts(index, undefined, relativeLabel(cwd)).flows);
  const cost = await costOf(index, b.prices, fileOf);
  if (cost) map.cost = cost;
  return map;
}

/** The commit a ref names (`REF^{commit}`), the ref never read as an option. */
async function commitOf(top: string, ref: string): Promise<string> {
  try {
    return (await git(top, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`])).stdout.trim();
  } catch (error) {
    if (error instanceof GitError) throw new DiffUsageError(`not a commit: ${ref}`);
    throw error;
  }
}

export async function diffCommand(args: string[], settings: ArchipelSettings, files: FileMatcher, drawers: readonly DiagramDrawer[], root: string, out: (text: string) => void, err: (text: string) => void, system: readonly SystemContribution[] = [], threats?: ThreatsHost): Promise<number> {
  try {
    const { values, positionals } = parseOptions('diff', { args, allowPositionals: true, strict: true, options: { base: { type: 'string' }, head: { type: 'string' }, format: { type: 'string', default: 'text' }, 'fail-on': { type: 'string', multiple: true }, help: { type: 'boolean', short: 'h' } } });
    if (values.help) {
      out(`Usage: archipel diff [PATH...] [--base REF] [--head REF] [--format text|json|markdown|sarif] [--fail-on exposure|threats|cost>N]\n\n${diffUsage}`);
      return 0;
    }
    if (values.base === '') throw new DiffUsageError('--base REF: a ref is required');
    const format = values.format;
    if (format !== 'text' && format !== 'json' && format !== 'markdown' && format !== 'sarif') throw new DiffUsageError(`unknown format "${format}" (expected text, json, markdown or sarif)`);
    const gates = parseGates(values['fail-on'] ?? []);
    if (gates instanceof Error) throw new DiffUsageError(gates.message);
    const drawer = drawers.find((d) => d.kind === 'system');
    if (!drawer?.formats?.json) throw new DiffUsageError('the system map is not among the families of this run');
    const given = positionals.length > 0 ? positionals : ['.'];
    const missing: string[] = [];
    for (const p of given) await fs.stat(p).catch(() => missing.push(p));
    if (missing.length > 0) throw new DiffUsageError(`no such file or folder: ${missing.join(', ')}`);
    const first = path.resolve(given[0]);
    const folder = (await fs.stat(first)).isDirectory() ? first : path.dirname(first);
    let top: string;
    try {
      top = path.resolve((await git(folder, ['rev-parse', '--show-toplevel'])).stdout.trim());
    } catch (error) {
      if (error instanceof GitError) throw new DiffUsageError(`not in a git repository: ${given[0]}`);
      throw error;
    }
    // The same real path as the scan's (a temporary folder behind a link).
    top = await fs.realpath(top);
    // Without --base, where the change started, as `check --changed` chooses it (platform/changed.ts: the merge base with the default branch).
    const baseRef = values.base ?? (await defaultBase(top));
    const baseCommit = await commitOf(top, baseRef);
    const headCommit = values.head !== undefined ? await commitOf(top, values.head) : null;
    await drawer.prepare?.();
    await prepareContributors(system);
    const roots = await contextRoots(given);
    const scopes = positionals.length > 0 ? positionals.map((p) => pathToFileURL(path.resolve(p)).href) : [pathToFileURL(process.cwd()).href];
    let prices: Promise<PriceList> | undefined;
    const readPrices = () => (prices ??= bundledPrices(root));
    const builder: SideBuilder = { settings, drawer, system, threats, scopes, root, top, prices: readPrices };
    const atRevision = async (commit: string) => {
      const read = await revisionFiles(top, commit, roots, settings, files);
      return sideOf(
        read.map((r) => r.file),
        new Map(read.map((r) => [r.file, r.text])),
        builder,
      );
    };
    const base = await atRevision(baseCommit);
    const head = headCommit !== null ? await atRevision(headCommit) : await sideOf(await collectContext(given, settings, files), undefined, builder);
    const diff = compareMaps(base, head, { base: { ref: baseRef, commit: baseCommit }, head: { ref: values.head ?? 'working tree', commit: headCommit } });
    out(format === 'json' ? JSON.stringify(diff, null, 2) : format === 'markdown' ? diffMarkdown(diff) : format === 'sarif' ? diffSarif(diff, mitigationOf) : diffText(diff));
    // The diff printed whatever the gates say; a gate failed is said on the error stream and exits 1.
    const failures = gateFailures(diff, gates);
    for (const failure of failures) err(`archipel diff: ${failure}`);
    return failures.length > 0 ? 1 : 0;
  } catch (error) {
    if (error instanceof DiffUsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err(`archipel diff: ${(error as Error).message}\n\n${diffUsage}`);
      return 2;
    }
    if (error instanceof GitError) {
      err(`archipel diff: ${error.message}`);
      return 1;
    }
    throw error;
  }
}
