/**
 * `archipel privacy [PATH...]` (issue #65): the personal data of the data files under the paths
 * (each file's header and a bounded sample) and of the Fides manifests, where it flows, and the
 * privacy rules' findings — as text, as JSON (the contract: `{"assets":[{"file","fields":[{"name",
 * "categories"}]}],"flows":[{"from","to","categories","via":{"file","line"}}]}`), or as the record
 * of processing activities (Markdown, CSV). `archipel privacy init [PATH...]` writes a Fides dataset
 * manifest beside each data file, never over an existing file. Exit 0; 1 when a rule reports an
 * error, a file could not be read or a manifest was not written; 2 on a usage error.
 */
import { existsSync, promises as fs } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseOptions } from './didYouMean';
import { FileMatcher } from '../common/fileSelector';
import { isWithin } from '../common/containment';
import { readText } from '../disk/readText';
import { writeExclusive } from '../engines/core/output';
import { sampleData } from '../engines/privacy/data';
import { committedChecker, loadTaxonomy, recordDates, textScanner } from '../engines/privacy/runtime';
import { t } from '../l10n/t';
import { contextRoot } from '../disk/contextRoot';
import { openProject, type OpenedProject } from '../platform/opening';
import { datasetCategories } from '../privacy/fides';
import { privacyFeature } from '../privacy/feature';
import { isTerraformConfig } from '../terraform/api';
import { loadHcl } from '../terraform/syntax/parse';
import { privacyFlows, relativeLabel, type FlowItem } from '../privacy/flows';
import { pathOf, privacyInventory, type PrivacyInventory } from '../privacy/inventory';
import { fidesDatasetYaml } from '../privacy/init';
import { recordOfProcessing, ropaCsv, ropaJson, ropaMarkdown } from '../privacy/ropa';
import { classifySample, DATA_FILE, scannedCategories, type DataScanner, type ScanOutcome } from '../privacy/scan';
import { isPersonalCategory } from '../privacy/taxonomy';
import { inTestFolder } from '../privacy/manifestChecks';
import { committedPersonalDataRule } from '../privacy/rules';
import { commentSyntaxOf, toDiagnostics } from '../rules/finalize';
import { defaultSettings } from '../settings';
import { WorkspaceIndex } from '../workspace/index';
import type { PlacedFinding } from '../features/feature';
import { UsageError } from './usage';
import { notReadJson, notReadText, type ReadLedger } from '../platform/notRead';

export interface PrivacyCommandContext {
  out: (text: string) => void;
  err: (text: string) => void;
  /** The package root (the taxonomy). */
  root: string;
  /** The run's ledger (platform/notRead.ts): what it did not read, said in every format. */
  ledger?: ReadLedger;
}

/**
 * The files the command indexes: YAML (Fides manifests, pipelines, archipel.yaml) and Terraform
 * configurations (where its data stores are) — no other family's files, so that it runs without the
 * family list.
 */
const YAML_FILES = new FileMatcher([{ extensions: ['.yaml', '.yml', '.tf'] }]);

const FORMATS = ['text', 'json', 'ropa-md', 'ropa-csv', 'ropa-json'] as const;
type Format = (typeof FORMATS)[number];
const DATA_FILES = new FileMatcher([{ extensions: ['.csv', '.tsv', '.tab', '.jsonl', '.ndjson', '.parquet', '.pq'] }]);

/** A classified asset, as the JSON contract has it. */
interface Asset {
  file: string;
  fields: { name: string; categories: string[] }[];
}

/** The data files under the given paths: a file named as it is, a folder's files as the project's opening lists them (git's ignore files, archipel.yaml's excludes). */
async function dataFiles(paths: readonly string[], opened: OpenedProject): Promise<string[]> {
  const found = new Set<string>();
  const scan = opened.scanner(DATA_FILES);
  for (const given of paths) {
    const absolute = path.resolve(given);
    const stat = await fs.stat(absolute);
    if (stat.isDirectory()) for (const file of await scan(absolute)) found.add(file);
    else if (DATA_FILE.test(absolute)) found.add(absolute);
  }
  return [...found].sort();
}

/** The repositories of the paths (or their folders): where the manifests and pipelines around them are, as `archipel check` reads them. */
async function contextRoots(paths: readonly string[]): Promise<string[]> {
  const roots = new Set<string>();
  for (const given of paths) {
    const absolute = path.resolve(given);
    roots.add(contextRoot(absolute, (await fs.stat(absolute)).isDirectory()));
  }
  return [...roots];
}

async function workspaceIndex(opened: OpenedProject): Promise<WorkspaceIndex> {
  // The command reads no Helm chart: no template is told apart (a template that is not YAML costs its own part only).
  const index = new WorkspaceIndex({ maxBytes: defaultSettings.validation.maxFileSizeKb * 1024, isTemplate: () => false });
  const files = await opened.context();
  for (const file of files) {
    try {
      const { text, problem } = await readText(file);
      index.update(pathToFileURL(file).href, text, { textProblem: problem });
    } catch {
      // An unreadable file tells nothing.
    }
  }
  return index;
}

/** The assets: each data file with its columns, the categories the scan found and those its Fides dataset declares. */
function assetsOf(files: readonly string[], scans: ReadonlyMap<string, ScanOutcome>, inventory: PrivacyInventory, inScope: (file: string) => boolean, label: (file: string) => string): Asset[] {
  const assets: Asset[] = [];
  const described = new Set<string>();
  for (const file of files) {
    const scan = scans.get(file);
    const fields = new Map<string, Set<string>>();
    if (scan && !('error' in scan)) for (const f of scan.fields) fields.set(f.name, new Set(f.categories));
    for (const { item } of inventory.datasetsByPath.get(file) ?? []) {
      described.add(item.key?.value ?? '');
      for (const collection of item.collections) {
        for (const field of collection.fields) {
          if (!field.name) continue;
          const set = fields.get(field.name.value) ?? new Set<string>();
          for (const c of field.categories) set.add(c.value);
          fields.set(field.name.value, set);
        }
      }
    }
    assets.push({ file: label(file), fields: [...fields].map(([name, categories]) => ({ name, categories: [...categories] })) });
  }
  // Fides datasets that describe no file (a database's tables): the manifest is the asset, its fields `collection.field`.
  for (const { file, item: manifest } of inventory.manifests) {
    const manifestPath = pathOf(file.uri);
    if (!inScope(manifestPath)) continue;
    for (const dataset of manifest.datasets) {
      if (dataset.path || described.has(dataset.key?.value ?? '')) continue;
      const fields = dataset.collections.flatMap((c) => c.fields.flatMap((f) => (f.name ? [{ name: `${c.name?.value ?? '?'}.${f.name.value}`, categories: f.categories.map((k) => k.value) }] : [])));
      if (fields.length === 0 && datasetCategories(dataset).length === 0) continue;
      assets.push({ file: `${label(manifestPath)}#${dataset.key?.value ?? '?'}`, fields });
    }
  }
  return assets;
}

function textReport(assets: readonly Asset[], scans: ReadonlyMap<string, ScanOutcome>, flows: readonly FlowItem[], findings: readonly string[], labelOf: Map<string, string>): string {
  const lines: string[] = [];
  for (const asset of assets) {
    const scan = scans.get(labelOf.get(asset.file) ?? '');
    const head = scan && !('error' in scan) ? t('{0} ({1}, {2} rows sampled{3})', asset.file, scan.format, scan.rows, scan.whole ? t(': every row') : '') : scan ? `${asset.file}: ${scan.error}` : asset.file;
    lines.push(head);
    const personal = asset.fields.filter((f) => f.categories.length > 0);
    if (personal.length === 0) lines.push(`  ${t('no personal data found')}`);
    const width = Math.max(0, ...personal.map((f) => f.name.length));
    for (const field of personal) lines.push(`  ${field.name.padEnd(width)}  ${field.categories.join(', ')}`);
  }
  const moving = flows.filter((f) => f.categories.some(isPersonalCategory));
  if (moving.length > 0) {
    lines.push('', t('Flows of personal data:'));
    for (const flow of moving) lines.push(`  ${flow.from} → ${flow.to}  [${flow.categories.join(', ')}]  (${flow.via.file}:${flow.via.line})`);
  }
  if (findings.length > 0) lines.push('', ...findings);
  return lines.join('\n');
}

async function initCommand(paths: readonly string[], context: PrivacyCommandContext, year: number): Promise<number> {
  const { out, err } = context;
  let status = 0;
  const opened = await openProject(paths, { settings: defaultSettings, files: YAML_FILES, err });
  for (const file of await dataFiles(paths, opened)) {
    let scan;
    try {
      scan = classifySample(await sampleData(file), year);
    } catch (error) {
      err(t('archipel privacy init: {0}', error instanceof Error ? error.message : String(error)));
      status = 1;
      continue;
    }
    const target = path.join(path.dirname(file), `${path.basename(file).replace(/\.[^.]+$/, '')}.fides.yml`);
    try {
      await writeExclusive(target, Buffer.from(fidesDatasetYaml(path.basename(file), scan), 'utf8'));
      out(t('{0}: {1} fields, {2} with personal data', path.relative(process.cwd(), target), scan.fields.length, scan.fields.filter((f) => f.categories.length > 0).length));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      err(t('{0} exists: not replaced (archipel privacy init never overwrites a file; remove it or compare it with the scan: archipel privacy {1})', path.relative(process.cwd(), target), path.relative(process.cwd(), file)));
      status = 1;
    }
  }
  return status;
}

export async function privacyCommand(args: string[], context: PrivacyCommandContext): Promise<number> {
  const { out, err } = context;
  let parsed;
  try {
    parsed = parseOptions('privacy', { args, allowPositionals: true, strict: true, options: { format: { type: 'string', default: 'text' }, year: { type: 'string' } } });
  } catch (error) {
    throw error instanceof UsageError ? error : new UsageError(error instanceof Error ? error.message : String(error));
  }
  const format = parsed.values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(t('unknown format "{0}" (expected {1})', format, FORMATS.join(', ')));
  const year = parsed.values.year === undefined ? new Date().getFullYear() : Number(parsed.values.year);
  if (!Number.isInteger(year) || year < 1900 || year > 9999) throw new UsageError(t('--year expects a year (YYYY)'));
  const init = parsed.positionals[0] === 'init';
  const given = (init ? parsed.positionals.slice(1) : parsed.positionals).length > 0 ? (init ? parsed.positionals.slice(1) : parsed.positionals) : ['.'];
  const missing: string[] = [];
  for (const p of given) await fs.stat(p).catch(() => missing.push(p));
  if (missing.length > 0) throw new UsageError(t('no such file or folder: {0}', missing.join(', ')));
  if (init) return initCommand(given, context, year);

  const cwd = process.cwd();
  const label = relativeLabel(cwd);
  const roots = given.map((p) => path.resolve(p));
  const inScope = (file: string) => roots.some((root) => isWithin(file, root));
  // The project's opening (platform/opening.ts): its archipel.yaml's excludes and its listing, as every command's.
  const opened = await openProject(given, { settings: defaultSettings, files: YAML_FILES, err });
  const files = await dataFiles(given, opened);
  const scans = new Map<string, ScanOutcome>();
  let status = 0;
  for (const file of files) {
    try {
      scans.set(file, classifySample(await sampleData(file), year));
    } catch (error) {
      scans.set(file, { error: error instanceof Error ? error.message : String(error) });
      status = 1;
    }
  }
  // A file the paths do not hold (a pipeline's input, a manifest's meta.path) is read inside the paths' repositories only.
  const fallback = textScanner(() => year);
  const repositories = await contextRoots(given);
  const scanner: DataScanner = (file) => scans.get(file) ?? fallback(file, repositories);
  const index = await workspaceIndex(opened);
  const inventory = privacyInventory(index);
  const taxonomy = loadTaxonomy(context.root);
  const host = { taxonomy: () => taxonomy, scan: scanner, committed: committedChecker(), exists: existsSync };
  const labelOf = new Map(files.map((f) => [label(f), f]));
  const assets = assetsOf(files, scans, inventory, inScope, label);
  const flows = privacyFlows(inventory, scanner, label).filter((f) => inScope(path.resolve(cwd, f.via.file)));
  // What the reading did not read (platform/notRead.ts): JSON `notRead`, a closing section of the text, stderr beside a record.
  context.ledger?.addIndex(index);
  const notRead = context.ledger?.named(label) ?? [];

  if (format === 'json') {
    out(JSON.stringify({ assets, flows, ...notReadJson(notRead) }, null, 2));
    return status;
  }
  if (format === 'ropa-md' || format === 'ropa-csv' || format === 'ropa-json') {
    const covered = new Set(inventory.manifests.flatMap((m) => m.item.datasets.flatMap((d) => (d.path ? [path.resolve(path.dirname(pathOf(m.file.uri)), d.path.value)] : []))));
    const undeclared = files.flatMap((file) => {
      const categories = scannedCategories(scans.get(file)).filter(isPersonalCategory);
      return categories.length > 0 && !covered.has(file) ? [{ file: label(file), categories }] : [];
    });
    const manifests = inventory.manifests.map((m) => pathOf(m.file.uri)).filter(inScope).sort();
    const ropa = recordOfProcessing(inventory, taxonomy, (uri) => inScope(pathOf(uri)), undeclared, await recordDates(manifests));
    out(format === 'ropa-md' ? ropaMarkdown(ropa) : format === 'ropa-json' ? ropaJson(ropa) : ropaCsv(ropa));
    for (const line of notReadText(notRead)) err(line);
    return status;
  }
  const feature = privacyFeature(host);
  // The Terraform files' regions need the HCL parser (loaded only when there is one).
  if ([...index.files()].some((f) => isTerraformConfig(f.uri))) await loadHcl();
  const findings: string[] = [];
  const context2 = { index, settings: defaultSettings, isCancelled: () => false, roots };
  for (const file of [...index.files()].sort((a, b) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0))) {
    if (!inScope(pathOf(file.uri)) || !feature.takes?.(file, context2)) continue;
    // The feature's findings with the rules' severities and the file's `archipel-ignore` comments, as a check gives them.
    let placed: PlacedFinding[];
    try {
      placed = feature.findings?.(file, context2) ?? [];
    } catch (error) {
      findings.push(`${label(pathOf(file.uri))}:1:1 error internal-error ${error instanceof Error ? error.message : String(error)}`);
      status = 1;
      continue;
    }
    const diagnostics = toDiagnostics(placed, file.lines, defaultSettings, commentSyntaxOf(file.uri), file.uri).sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    for (const d of diagnostics) {
      if (d.severity === 1) status = 1;
      findings.push(`${label(pathOf(file.uri))}:${d.range.start.line + 1}:${d.range.start.character + 1} ${['', 'error', 'warning', 'info', 'hint'][d.severity ?? 2]} ${String(d.code)} ${typeof d.message === 'string' ? d.message : d.message.value}`);
    }
  }
  // A committed data file holding personal data, on its first line: what the editor shows where a pipeline or a manifest names it.
  for (const file of files) {
    const keys = scannedCategories(scans.get(file)).filter(isPersonalCategory);
    if (keys.length === 0 || inTestFolder(path.relative(cwd, file)) || host.committed(file) !== true) continue;
    if ((inventory.datasetsByPath.get(file) ?? []).some((d) => d.item.synthetic)) continue;
    findings.push(`${label(file)}:1:1 warning ${committedPersonalDataRule.id} ${t('{0} is committed to the repository and its sample holds personal data ({1}): keep it out of the repository (.gitignore, DVC), or mark it synthetic in its Fides dataset (`tags: [synthetic]`) if it is made up.', label(file), keys.join(', '))}`);
  }
  out(textReport(assets, scans, flows, findings, labelOf));
  if (notRead.length > 0) out(['', ...notReadText(notRead)].join('\n'));
  return status;
}

