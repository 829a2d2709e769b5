/**
 * `archipel threats [PATH...]` (issue #65): the security model derived from the system map and the
 * risks Threagile's rules find on it — as text, as JSON (the contract: `{"risks":[{"rule","stride",
 * "severity","title","elements":[node ids],"sources":[{"file","line"}],"id","likelihood","impact",
 * "status","cwe","mitigation"}]}`), Markdown and HTML (the report a reviewer signs), SARIF, the
 * model as a `threagile.yaml`, or the model's facts. `--amdec FILE` keeps the new risks in the risk
 * register. Exit 0; 1 when a risk of severity elevated or above is raised (not treated or accepted), or a
 * hand-written threagile.yaml cannot be read (its YAML errors on their lines);
 * 2 on a usage error.
 */
import { existsSync, promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseOptions } from './didYouMean';
import type { FileMatcher } from '../common/fileSelector';
import { prepareContributors, type SystemContribution } from '../features/system/contributor';
import { t } from '../l10n/t';
import { openProject } from '../platform/opening';
import { readText } from '../disk/readText';
import { writeReplacing } from '../engines/core/output';
import { sarifLog, severityLevel } from '../common/sarif';
import { terminalText } from '../common/escape';
import { loadIndex } from '../platform/indexLoad';
import { indexOptions } from '../service';
import { checkSummarizer } from '../platform/project';
import type { ArchipelSettings } from '../settings';
import { INTERNET, type SecurityModel } from '../threats/securityModel';
import { threagileYaml } from '../threats/export';
import { htmlReport, markdownReport, mitigationOf, modelSection, reportRows, repositoryName, type ReportAbout } from '../threats/report';
import { git } from '../engines/experiments/git';
import { packageVersion } from './version';
import { raised, registerEntries, trackingOf, type RegisterPastBound } from '../threats/riskRegister';
import { addToRegister, renameKeys } from '../threats/registerEdit';
import { relativeUri, rootUris, stableIdOf } from '../threats/stableIds';
import { handWrittenModel, isThreagileModel, type ModelProblem } from '../threats/handWritten';
import { legacyShapes, type ThreatRisk } from '../threats/analysis';
import type { MapFacts } from '../threats/scan';
import { workspaceThreats, type ThreatsHost } from '../threats/workspace';
import { summarisedReport, summarisedThreats } from '../threats/summarised';
import { WorkspaceIndex } from '../workspace/index';
import { holdsSummaries, wholeFiles } from '../workspace/summaries';
import { IndexCache } from '../platform/indexCache';
import { contextRoot } from '../disk/contextRoot';
import { heapPacer } from '../workspace/heapPacer';
import { UsageError } from './usage';
import { AMDEC_NAME } from '../amdec/api';
import { noticesJson, noticeText, notReadJson, notReadText, notReadWords, sarifNotRead, withNotReadNote, type NotReadFile, type ReadLedger, type ReadNotice } from '../platform/notRead';

const FORMATS = ['text', 'json', 'markdown', 'html', 'sarif', 'threagile', 'model'] as const;
type Format = (typeof FORMATS)[number];
const SEVERE = new Set(['elevated', 'high', 'critical']);

export interface ThreatsCommandContext {
  out: (text: string) => void;
  err: (text: string) => void;
  settings: ArchipelSettings;
  files: FileMatcher;
  system: readonly SystemContribution[];
  host: ThreatsHost;
  /** The package root (Threagile's technology table, for a hand-written threagile.yaml). */
  root: string;
  /** The run's ledger (platform/notRead.ts): what it did not read, said in every format. */
  ledger?: ReadLedger;
}

/** Threagile's technology table: each technology's attributes. */
async function technologyTable(root: string): Promise<(name: string) => readonly string[]> {
  const { text } = await readText(path.join(root, 'schemas', 'threagile', 'technologies.json'));
  const table = (JSON.parse(text) as { technologies: Record<string, { attributes?: string[] }> }).technologies;
  return (name) => table[name]?.attributes ?? [];
}

/**
 * The repository a path is in: the folder holding `.git` above it, else the path itself (its folder
 * for a file) — not the current folder: the ids are the same whichever folder the command runs from.
 */
function repositoryOf(absolute: string): string {
  const start = statSync(absolute, { throwIfNoEntry: false })?.isDirectory() ? absolute : path.dirname(absolute);
  for (let dir = start; ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, '.git'))) return dir;
    if (path.dirname(dir) === dir) return start;
  }
}

/** The map of a summarised workspace: none (what the threats would read of it is not kept). */
const NO_MAP: MapFacts = { nodes: [], edges: [], entries: [], node: () => undefined };

/** The export's title: the path given, relative to its repository (not the clone's folder name). */
const titleOf = (relative: string) => (relative === '.' ? 'repository' : relative);

/** What the reading did not read, in the text's closing section; beside the HTML report and the model's formats (a threagile.yaml, its facts), on stderr. */
/** A register otherwise unread treats nothing: every risk it accepts comes back raised (#95); one past its bound is read risk by risk (registersPastBound). */
function unreadRegisters(notRead: readonly NotReadFile[], pastBound: readonly string[]): string[] {
  return notRead.filter((f) => AMDEC_NAME.test(f.file) && !pastBound.includes(f.file)).map((f) => t('The risk register {0} was not read ({1}): the risks it treats or accepts are counted as raised.', f.file, notReadWords(f.reason)));
}

/**
 * The registers past the bound, said on every run as an error naming each (#95: one once stopped counting without a
 * word): on stderr (`err`: every format but the text, which says it among its lines), the lines, the JSON's field, the
 * files as the format names them, and whether a risk naming a threat went unread (the answer is not whole: exit 1).
 */
function registersPastBound(pastBound: readonly RegisterPastBound[], bound: number, fileOf: (uri: string) => string, err?: (text: string) => void): { said: string[]; json: object; files: string[]; unread: boolean } {
  const boundKb = Math.floor(bound / 1024);
  const said = pastBound.map((r) => t('{0}: error: the risk register is {1} kB, over the {2} kB files are read to (archipel.validation.maxFileSizeKb): read risk by risk, {3} risk(s) kept, {4} naming a threat could not be read (counted as raised); split it or raise the bound.', fileOf(r.uri), Math.ceil(r.size / 1024), boundKb, r.kept, r.unread));
  if (err) for (const line of said) err(line);
  return {
    said,
    json: pastBound.length > 0 ? { registersPastBound: pastBound.map((r) => ({ file: fileOf(r.uri), sizeKb: Math.ceil(r.size / 1024), boundKb, kept: r.kept, unread: r.unread })) } : {},
    files: pastBound.map((r) => fileOf(r.uri)),
    unread: pastBound.some((r) => r.unread > 0),
  };
}

function sayNotRead(format: Format, notRead: readonly NotReadFile[], out: (text: string) => void, err: (text: string) => void, notices: readonly ReadNotice[] = []): void {
  const lines = [...noticeText(notices), ...notReadText(notRead)];
  if (format === 'text') for (const line of lines) out(line);
  else if (format === 'html' || format === 'threagile' || format === 'model') for (const line of lines) err(line);
}

/** Indexes the paths' files as check does: past the threshold in summaries, through the kept index check keeps of them (platform/indexCache.ts). */
async function indexFiles(index: WorkspaceIndex, files: readonly string[], settings: ArchipelSettings, first: string): Promise<void> {
  const summarizer = await checkSummarizer(files.length);
  const { maxBytes } = indexOptions(settings);
  // A file whose stamps are unchanged is not read again (warm = cold: the kept layer's validity, disk/kept.ts).
  const cache = summarizer === wholeFiles ? undefined : IndexCache.open(contextRoot(path.resolve(first), true), 'summaries', maxBytes);
  await loadIndex(index, files.map((file) => ({ file, uri: pathToFileURL(file).href, context: true })), { summarizer, maxBytes, cache, pace: heapPacer(), failed: () => undefined });
  cache?.save();
}

export async function threatsCommand(args: string[], context: ThreatsCommandContext): Promise<number> {
  const { out, err } = context;
  try {
    const { values, positionals } = parseOptions('threats', { args, allowPositionals: true, strict: true, options: { format: { type: 'string', default: 'text' }, amdec: { type: 'string' }, all: { type: 'boolean' } } });
    const format = values.format as Format;
    if (!FORMATS.includes(format)) throw new UsageError(t('unknown format "{0}" (expected {1})', values.format ?? '', FORMATS.join(', ')));
    const given = positionals.length > 0 ? positionals : ['.'];
    for (const p of given) await fs.stat(p).catch(() => { throw new UsageError(t('no such file or folder: {0}', p)); });
    await prepareContributors(context.system);
    // The project's opening (platform/opening.ts: archipel.yaml's excludes, the listing, as every command's); the paths' own files
    // are indexed (not their whole repository): the system they deploy, its register, its Fides manifests.
    const opened = await openProject(given, { settings: context.settings, files: context.files, err }), index = new WorkspaceIndex(indexOptions(opened.settings));
    const files: string[] = [];
    // A hand-written threagile.yaml given by name: the same rules on its model, its risk_tracking honoured.
    const handWritten: ThreatRisk[] = [];
    // What keeps a hand-written model from being read (a YAML error, an alias bomb): findings on their lines, not an internal error.
    const problems: { uri: string; problem: ModelProblem }[] = [];
    for (const p of given) {
      const absolute = path.resolve(p);
      if ((await fs.stat(absolute)).isDirectory()) files.push(...(await opened.scan(absolute)));
      else if (/\.ya?ml$/i.test(absolute) && isThreagileModel((await readText(absolute)).text)) {
        const uri = pathToFileURL(absolute).href;
        const read = handWrittenModel(uri, (await readText(absolute)).text, await technologyTable(context.root));
        handWritten.push(...read.risks);
        problems.push(...read.problems.map((problem) => ({ uri, problem })));
      } else files.push(absolute);
    }
    // Past workspace/summaries.ts's SUMMARY_THRESHOLD files the index keeps summaries, as archipel check does, and the
    // system map is not made (issue #78: every file kept whole, the 100,000-file monorepo ran out of memory after 9.6 min
    // with no output; summarised, the map still took twice check's memory for one low risk): the answer says so.
    await indexFiles(index, files, opened.settings, given[0]);
    context.ledger?.addIndex(index);
    const summarised = holdsSummaries(index);
    if (summarised) err(t('{0} files: past the index\'s bound no address, image, environment or annotation is kept (as archipel check), so the system map is not made: a summarised answer (the entry points the Kubernetes summaries keep, their plaintext front doors per namespace); run archipel threats on a part of the repository (a folder) for the whole model.', files.length));
    const host: ThreatsHost = summarised ? { mapOf: () => NO_MAP } : context.host;
    await host.prepare?.(index);
    // Every id and file the machine formats write is relative to the repository of the paths (issue #78).
    const roots = [...new Set(given.map((p) => repositoryOf(path.resolve(p))))];
    // Past the bound, what the Kubernetes summaries keep of exposure: the entry points and plaintext front doors (issue #78).
    const rootsOf = rootUris(roots);
    const short = summarised && values.amdec === undefined ? summarisedReport(format, summarisedThreats(index, (uri) => context.host.sideText?.(fileURLToPath(uri))), files.length, titleOf(relativeUri(pathToFileURL(path.resolve(given[0])).href, rootsOf)), (uri) => (format === 'text' ? path.relative(process.cwd(), fileURLToPath(uri)).split(path.sep).join('/') : relativeUri(uri, rootsOf))) : undefined;
    if (short !== undefined) {
      out(short);
      sayNotRead('html', context.ledger?.relative(process.cwd()) ?? [], out, err);
      return 0;
    }
    const derived = workspaceThreats(index, host, roots);
    const analysis = { model: derived.model, risks: [...derived.risks, ...handWritten] };
    const cwd = process.cwd();
    const stable = stableIdOf(derived.roots);
    // The text is read by a person in a terminal: its files from the current folder; every other format's from the repository.
    const fileOf = (uri: string) => (!uri.startsWith('file:') ? uri : format === 'text' ? path.relative(cwd, fileURLToPath(uri)).split(path.sep).join('/') : relativeUri(uri, derived.roots));
    const id = stable;
    // The report's title: the path given, relative to its repository (not the clone's folder name).
    const title = titleOf(relativeUri(pathToFileURL(path.resolve(given[0])).href, derived.roots));
    const shown = analysis.risks.filter((r) => values.all === true || raised(r.tracking));
    // Each node's asset, found once (a search of every asset per name was quadratic).
    const assetOf = new Map<string, string>();
    for (const [asset, node] of analysis.model.nodeOf) if (!assetOf.has(node)) assetOf.set(node, asset);
    const nameOf = (node: string) => (node === INTERNET ? 'Internet' : (analysis.model.threagile.assets.get(assetOf.get(node) ?? '')?.title ?? node));
    const sources = (risk: ThreatRisk) => risk.sources.map((s) => ({ file: fileOf(s.uri), line: s.range.start.line + 1 }));
    const notRead = context.ledger?.named((file) => fileOf(pathToFileURL(file).href)) ?? []; // platform/notRead.ts, named as the format names files
    const notices = context.ledger?.notices((file) => fileOf(pathToFileURL(file).href)) ?? [];
    if (values.amdec !== undefined) {
      const target = path.resolve(values.amdec);
      const size = (await fs.stat(target).catch(() => undefined))?.size;
      if (size === undefined) throw new UsageError(t('no such file or folder: {0}', values.amdec));
      // A register over the read bound is not read (its risks are unknown): appending would add them all again (#84).
      const bound = indexOptions(context.settings).maxBytes;
      if (size > bound) throw new UsageError(t('the risk register {0} is {1} kB, over the {2} kB files are read to (archipel.validation.maxFileSizeKb): the risks it holds cannot be read, so none is added; nothing was written.', values.amdec, Math.ceil(size / 1024), Math.floor(bound / 1024)));
      const { text } = await readText(target);
      // The register named, even outside the paths read: what it holds already is not added again.
      const held = registerEntries(pathToFileURL(target).href, text);
      const shapes = legacyShapes(derived);
      const seen = new Set<string>();
      const fresh = analysis.risks.filter((r) => !r.tracking && !trackingOf(r.syntheticId, held, shapes) && !seen.has(r.syntheticId) && seen.add(r.syntheticId));
      // Keys written from an absolute path (before issue #78) that matched: rewritten to the ids they stand for.
      const targetUri = pathToFileURL(target).href;
      const renames = new Map<string, string>();
      for (const r of analysis.risks) {
        const old = r.tracking?.key ?? trackingOf(r.syntheticId, held, shapes)?.key;
        if (old !== undefined && (r.tracking === undefined || r.tracking.uri === targetUri)) renames.set(old, r.syntheticId);
      }
      const migrated = renameKeys(text, renames);
      const edit = addToRegister(migrated.text, fresh.map((r) => ({ syntheticId: r.syntheticId, title: r.title, stride: r.stride, likelihood: r.likelihood, impact: r.impact, item: nameOf(r.elements[r.elements.length - 1] ?? ''), path: r.elements.map(nameOf) })));
      if ('refused' in edit) throw new UsageError(t('cannot add the risks to {0}: {1}; nothing was written.', values.amdec, edit.refused));
      if (edit.ids.length > 0 || migrated.renamed > 0) await writeReplacing(target, edit.text);
      if (migrated.renamed > 0) err(t('{0} x-threat key(s) of {1} rewritten relative to the repository.', migrated.renamed, values.amdec));
      err(t('{0} risk(s) added to {1}.', edit.ids.length, values.amdec));
    }

    for (const { uri, problem } of problems) err(`${fileOf(uri)}:${problem.line + 1}: ${t('the Threagile model cannot be read: {0}', problem.message)}`);
    const problemsJson = problems.length > 0 ? { problems: problems.map(({ uri, problem }) => ({ file: fileOf(uri), line: problem.line + 1, message: problem.message })) } : {}, pastBound = registersPastBound(derived.registersPastBound ?? [], indexOptions(opened.settings).maxBytes, fileOf, format === 'text' ? undefined : err);
    if (format === 'json') {
      // The contract's first six fields as they were, then the reviewer's (issue #78).
      const rows = reportRows(shown, nameOf, sources);
      out(JSON.stringify({ risks: shown.map((r, i) => ({ rule: r.rule, stride: r.stride, severity: r.severity, title: r.title, elements: r.elements.map(id), sources: sources(r), id: r.syntheticId, likelihood: r.likelihood, impact: r.impact, status: rows[i].status, ...(rows[i].register ? { register: rows[i].register } : {}), cwe: rows[i].cwe, mitigation: rows[i].mitigation })), ...problemsJson, ...pastBound.json, ...noticesJson(notices), ...notReadJson(notRead) }, null, 2));
    } else if (format === 'threagile') {
      const tracked = [...new Map(derived.risks.filter((r) => r.tracking).map((r) => [r.syntheticId, { syntheticId: r.syntheticId, status: r.tracking!.status, ticket: r.tracking!.risk, ...(r.tracking!.justification ? { justification: r.tracking!.justification } : {}) }])).values()];
      out(threagileYaml(analysis.model, title, tracked, await reportAbout(path.resolve(given[0]))).trimEnd());
    } else if (format === 'model') {
      out(modelJson(analysis.model, id, fileOf));
    } else if (format === 'sarif') {
      out(sarifLog({
        tool: 'archipel threats',
        // Each rule with its mitigation and CWE (the tags code scanning reads: `external/cwe/cwe-N`).
        rules: [...new Map(shown.map((r) => [r.rule, r])).values()].map((r) => ({ id: r.rule, description: r.category, help: mitigationOf(r.category), tags: ['security', ...(r.cwe ? [`external/cwe/cwe-${r.cwe}`] : [])] })),
        results: shown.map((r) => ({
          ruleId: r.rule, level: severityLevel(r.severity), message: r.title,
          fingerprints: { syntheticId: r.syntheticId },
          properties: { stride: r.stride, severity: r.severity, likelihood: r.likelihood, impact: r.impact, status: r.tracking?.status ?? 'unchecked' },
          locations: sources(r),
        })),
        notRead: sarifNotRead(notRead),
      }));
    } else if (format === 'markdown' || format === 'html') {
      const rows = reportRows(shown, nameOf, sources);
      const section = modelSection(analysis.model, nameOf);
      const counts = { open: analysis.risks.filter((r) => raised(r.tracking)).length, treated: analysis.risks.filter((r) => !raised(r.tracking)).length };
      const about = await reportAbout(path.resolve(given[0]));
      out(format === 'markdown' ? withNotReadNote(markdownReport(title, rows, section, counts, about), notRead) : htmlReport(title, rows, section, counts, about));
    } else {
      const m = analysis.model;
      // One line per call, whatever a name holds (a line break would start a CI runner's command on a line of its own).
      const line = (text: string) => out(terminalText(text));
      line(t('{0} trust boundaries, {1} entry points, {2} links, {3} data stores, {4} attack paths.', m.boundaries.length, m.entries.length, m.links.length, m.stores.length, m.paths.length));
      for (const r of shown) {
        const where = sources(r)[0];
        line(`${where ? `${where.file}:${where.line}: ` : ''}${r.severity} ${r.rule} (${r.stride}, ${r.likelihood} × ${r.impact}): ${r.title}${r.tracking ? ` [${r.tracking.risk}: ${r.tracking.status}]` : ''}`);
        if (r.elements.length > 1) line(`    ${r.elements.map(nameOf).join(' → ')}`);
      }
      for (const said of [t('{0} risk(s) raised, {1} treated or accepted in the risk register.', analysis.risks.filter((r) => raised(r.tracking)).length, analysis.risks.filter((r) => !raised(r.tracking)).length), ...pastBound.said, ...unreadRegisters(notRead, pastBound.files)]) line(said);
    }
    sayNotRead(format, notRead, out, err, notices);
    return problems.length > 0 || pastBound.unread || analysis.risks.some((r) => raised(r.tracking) && SEVERE.has(r.severity)) ? 1 : 0;
  } catch (error) {
    if (error instanceof UsageError || (error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) {
      err(`archipel threats: ${(error as Error).message}`);
      return 2;
    }
    throw error;
  }
}

/**
 * What a report is of (issue #95): the repository's name from its remote (origin, else the first; threats/report.ts
 * repositoryName) or its folder's (never its machine path), the commit checked out, today's date (UTC) and this version;
 * outside Git, the folder's name and no commit.
 */
async function reportAbout(folder: string): Promise<ReportAbout> {
  const answer = async (args: string[]) => {
    try {
      const { stdout, code } = await git(folder, args, { allow: [1, 128] });
      return code === 0 ? stdout.trim() : undefined;
    } catch {
      return undefined;
    }
  };
  const top = await answer(['rev-parse', '--show-toplevel']);
  const commit = top === undefined ? undefined : await answer(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}']);
  const remote = top === undefined ? undefined : (await answer(['remote']))?.split('\n').sort((a, b) => Number(b === 'origin') - Number(a === 'origin'))[0];
  const url = remote ? await answer(['config', '--get', `remote.${remote}.url`]) : undefined;
  return { repository: repositoryName(url, path.basename(top ?? folder)), ...(commit ? { commit } : {}), date: new Date().toISOString().slice(0, 10), version: packageVersion() };
}

/** `--format model`: the derived model's facts with their lines (docs/threats.md, "The security model"); `consoles` added last (issue #95). */
function modelJson(m: SecurityModel, id: (nodeId: string) => string, fileOf: (uri: string) => string): string {
  const at = (list: readonly { uri: string; range: { start: { line: number } } }[]) => list.map((s) => ({ file: fileOf(s.uri), line: s.range.start.line + 1 }));
  return JSON.stringify({
    boundaries: m.boundaries.map((b) => ({ id: id(b.id), name: b.name, kind: b.kind, type: b.type, ...(b.parent ? { parent: id(b.parent) } : {}), members: b.members.map(id), walls: at(b.walls), sources: at(b.sources) })),
    entries: m.entries.map((e) => ({ id: e.id, via: e.via, to: id(e.to), components: e.components.map(id), tls: e.tls, role: e.role, ...(e.waf ? { waf: at([e.waf])[0] } : {}), sources: at(e.sources) })),
    links: m.links.map((l) => ({ from: id(l.from), to: id(l.to), protocol: l.protocol, tls: l.tls, credentials: l.credentials, kind: l.kind, sources: at(l.sources) })),
    stores: m.stores.map((s) => ({ id: id(s.id), name: s.name, categories: s.categories, confidentiality: s.confidentiality, encrypted: s.encrypted, ...(s.encryption ? { encryption: at(s.encryption) } : {}), sources: at(s.sources) })),
    paths: m.paths.map((p) => ({ entry: p.entry, store: id(p.store), nodes: p.nodes.map(id) })),
    // Each console an entry reaches: the entries, its settings' lines.
    consoles: m.consoles.map((c) => ({ component: id(c.id), product: c.product.name, exposes: c.product.exposes, unauthenticated: c.unauthenticated, reason: c.reason, entries: c.entries, sources: at(c.sources) })),
  }, null, 2);
}
