/**
 * `archipel cost [PATH...]` (issue #81): the monthly cost of the Terraform resources of the paths
 * (cost/pricing.ts on terraform/api.ts's resources), as Infracost's breakdown (text) or the JSON
 * contract of docs/cost.md, a Markdown table or CSV (one row per item, one per unpriced resource).
 * Exit 0; 2 on a usage error.
 */
import { notReadJson, notReadMarkdown, notReadText, type ReadLedger } from '../platform/notRead';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parseOptions } from './didYouMean';
import type { FileMatcher } from '../common/fileSelector';
import type { CostItem, Usage } from '../cost/model';
import { loadCarbon, loadPrices } from '../cost/host';
import { readUsage, UsageFileError } from '../cost/usage';
import { costSettings, type CostSettings } from '../cost/settings';
import { knownCo2eKg, mapIdsOf, type MapNodeAt, type SystemCost } from '../cost/system';
import { portableId } from '../system/json';
import { priceIndex } from '../cost/whole';
import { composeFace } from '../compose/api';
import { kubernetesFace } from '../kubernetes/api';
import { pricedSummarizer } from '../cost/summary';
import { renderedReleases } from '../helm/api';
import { apiVersionsAt, helmReader } from '../helm/host';
import { readText } from '../disk/readText';
import { csvCell, markdownText, terminalText } from '../common/escape';
import { amount, costText, DEFAULT_TEXT_WIDTH, quantity } from '../cost/text';
import { t } from '../l10n/t';
import { openProject, type ProjectConfig } from '../platform/opening';
import { IndexThreads, loadIndex } from '../platform/indexLoad';
import { IndexCache } from '../platform/indexCache';
import { isReallyWithin } from '../disk/containment';
import { contextRoot } from '../disk/contextRoot';
import { indexOptions } from '../service';
import type { ArchipelSettings } from '../settings';
import { bindInstalledModules, isTerraformConfig, isTerraformVariables, terraformModulesNotRead, type VarFile } from '../terraform/api';
import { installedModulesReader } from '../terraform/host';
import { repositoryRoot } from '../disk/repositoryRoot';
import { WorkspaceIndex } from '../workspace/index';
import { holdsSummaries, summarizerFor, wholeFiles } from '../workspace/summaries';
import { collectNow, heapPacer } from '../workspace/heapPacer';
import { UsageError } from './usage';
import { writeJson } from './jsonStream';

const FORMATS = ['text', 'json', 'markdown', 'csv'] as const;
type Format = (typeof FORMATS)[number];

export interface CostCommandContext {
  out: (text: string) => void;
  err: (text: string) => void;
  settings: ArchipelSettings;
  files: FileMatcher;
  /** The package root (the bundled prices). */
  root: string;
  /** The system map's nodes of the index (the Terraform family's), whose ids the JSON's Terraform components take (cost/system.ts mapIdsOf). */
  mapNodes?: (index: WorkspaceIndex) => Promise<readonly MapNodeAt[]>;
  /** The run's ledger (platform/notRead.ts): what it did not read, said in every format. */
  ledger?: ReadLedger;
}


/** archipel.yaml's `cost` section, from the project's opening (platform/opening.ts: one search for every command); its problems on stderr. */
function costSettingsOf(config: ProjectConfig, err: (text: string) => void): CostSettings {
  const { settings, problems } = costSettings(config.sections.cost);
  if (config.file !== undefined) for (const problem of problems) err(`${path.relative(process.cwd(), config.file) || config.file}: ${problem}`);
  return settings;
}

/** How deep local modules are followed from the folder priced (a module calling a module…). */
const MAX_MODULE_ROUNDS = 16;

/** The folders of the local modules the index's Terraform calls but does not hold (absolute paths). */
function localModuleFolders(index: WorkspaceIndex): string[] {
  const folders = new Set<string>();
  for (const call of terraformModulesNotRead(index)) {
    if (!/^\.\.?(\/|$)/.test(call.source)) continue;
    folders.add(path.resolve(path.dirname(fileURLToPath(call.uri)), call.source));
  }
  return [...folders];
}

/**
 * The system of the files priced, and the map's nodes its JSON is keyed by (when asked): the index built and dropped
 * here, so that it is garbage by the time the report is written.
 */
async function priceFiles(files: readonly string[], first: string, own: CostSettings, usage: Usage, varFiles: readonly VarFile[], mapNodes: CostCommandContext['mapNodes'], context: CostCommandContext): Promise<{ system: SystemCost; nodes: readonly MapNodeAt[]; summarised: boolean }> {
  const bound = indexOptions(context.settings).maxBytes;
  // Terraform, YAML, and what a chart's render reads (its templates and helpers, its values schema).
  // A root's terraform.tfvars and *.auto.tfvars too: the values its evaluation binds (#93).
  const wanted = files.filter((file) => isTerraformConfig(pathToFileURL(file).href) || isTerraformVariables(pathToFileURL(file).href) || /\.(ya?ml|tpl)$/i.test(file) || /[\\/]templates[\\/]/.test(file) || file.endsWith('values.schema.json'));
  const index = new WorkspaceIndex(indexOptions(context.settings));
  // The files that could not be read: listed as unpriced with why (priceIndex), never left out silently.
  const unread = new Map<string, string>();
  // Past SUMMARY_THRESHOLD files, as `check` summarises (the same files), but each manifest's summary is only its workloads'
  // and HPAs' priced parts: one parse per file, nothing read again, no other object kept (issue #81).
  const summarizer = summarizerFor(wanted.length, pricedSummarizer);
  // Read, parsed and summarised on the index threads, as `check` does (platform/indexLoad.ts): this thread merges.
  const threads = IndexThreads.for(summarizer, wholeFiles);
  // The kept index (platform/indexCache.ts), as check's, of the priced summaries: a file whose stamps are unchanged is not read again.
  const cache = summarizer === wholeFiles ? undefined : IndexCache.open(contextRoot(path.resolve(first), true), 'priced', bound);
  try {
    await loadIndex(index, wanted.map((file) => ({ file, uri: pathToFileURL(file).href, context: true })), { summarizer, maxBytes: bound, pace: heapPacer(), failed: (item, message) => unread.set(item.uri, message), cache, ...(threads ? { threads } : {}) });
    cache?.save();
    // The local modules the folder's stacks call from outside it (an example's `source = "../.."`): their resources
    // are what the stack bills (#93). Each called folder's own configuration files are read, inside the repository
    // or the current folder (the confined reading's bounds), as many rounds as modules nest.
    const within = [repositoryRoot(path.resolve(first)), process.cwd()];
    // The modules `terraform init` installed (.terraform/modules/modules.json), read confined to the same folders.
    bindInstalledModules(index, installedModulesReader, within);
    const followed = new Set<string>();
    for (let round = 0; round < MAX_MODULE_ROUNDS; round++) {
      const called = localModuleFolders(index).filter((f) => !followed.has(f));
      // Links resolved: a module folder (or a link in the stack) leading out of the repository is not read, and said so.
      const folders = called.filter((f) => within.some((root) => isReallyWithin(f, root)));
      for (const f of called) if (!folders.includes(f)) {
        followed.add(f);
        unread.set(pathToFileURL(f).href, 'a local module outside the workspace (links resolved): not read');
      }
      if (folders.length === 0) break;
      const more: string[] = [];
      for (const folder of folders) {
        followed.add(folder);
        const names = await fs.readdir(folder).catch(() => [] as string[]);
        for (const name of names) if (isTerraformConfig(pathToFileURL(path.join(folder, name)).href)) more.push(path.join(folder, name));
      }
      if (more.length === 0) break;
      await loadIndex(index, more.map((file) => ({ file, uri: pathToFileURL(file).href, context: true })), { summarizer, maxBytes: bound, pace: heapPacer(), failed: (item, message) => unread.set(item.uri, message) });
    }
  } finally {
    await threads?.close();
  }
  context.ledger?.addIndex(index);
  const folder = pathToFileURL(path.resolve(first)).href.replace(/\/?$/, '/');
  const system = priceIndex({
    index, folder, faces: { kubernetes: kubernetesFace, compose: composeFace }, settings: own, prices: loadPrices(context.root), carbon: loadCarbon(context.root), usage, unread, varFiles,
    rendered: renderedReleases(index, context.settings, { apiVersions: () => apiVersionsAt(context.root), reader: helmReader }),
    // Pricing 100,000 workloads makes twice what it keeps in garbage, on top of the whole index: collected at a tenth
    // above what is live, not half (that headroom was the run's peak past `check`'s on the 100,000-file monorepo).
    pace: heapPacer(192, 1.1),
  });
  return { system, nodes: mapNodes ? await mapNodes(index) : [], summarised: holdsSummaries(index) };
}

/**
 * A usage file read as Infracost reads it (cost/usage.ts): each duplicated key and refused value said on its
 * line (stderr), the rest used; a file that cannot be read at all is a usage error naming its line (exit 2).
 */
export function usageFile(text: string, file: string, err: (text: string) => void): Usage {
  try {
    const read = readUsage(text, file);
    for (const warning of read.warnings) err(`archipel: ${warning}`);
    return read.usage;
  } catch (error) {
    if (error instanceof UsageFileError) throw new UsageError(error.message);
    throw error;
  }
}

export async function costCommand(args: string[], context: CostCommandContext): Promise<number> {
  const { out } = context;
  const { values, positionals } = parseOptions('cost', { args, allowPositionals: true, strict: true, options: { format: { type: 'string', default: 'text' }, usage: { type: 'string' }, 'var-file': { type: 'string', multiple: true } } });
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(t('unknown format "{0}" (expected {1})', values.format ?? '', FORMATS.join(', ')));
  const given = positionals.length > 0 ? positionals : ['.'];
  for (const p of given) await fs.stat(p).catch(() => { throw new UsageError(t('no such file or folder: {0}', p)); });
  let usage: Usage = {};
  if (values.usage !== undefined) {
    const size = (await fs.stat(values.usage).catch(() => undefined))?.size;
    if (size === undefined) throw new UsageError(t('no such file or folder: {0}', values.usage));
    // readText reads regular files only, up to its bound: the path is the user's own, named on the command line.
    usage = usageFile((await readText(path.resolve(values.usage))).text, values.usage, context.err);
  }
  // Each --var-file read as `terraform plan -var-file` reads it: after the roots' own tfvars, later files winning.
  const varFiles: VarFile[] = [];
  for (const file of values['var-file'] ?? []) {
    const size = (await fs.stat(file).catch(() => undefined))?.size;
    if (size === undefined) throw new UsageError(t('no such file or folder: {0}', file));
    const absolute = path.resolve(file);
    varFiles.push({ uri: pathToFileURL(absolute).href, text: (await readText(absolute)).text });
  }
  // The project's opening (platform/opening.ts): its archipel.yaml (the excludes, the `cost` section) and its listing, as every command's.
  const opened = await openProject(given, { settings: context.settings, files: context.files, err: context.err });
  const own = costSettingsOf(opened.config, context.err);
  // Priced in a function of its own: the index is dropped before the report is written (half the memory on a large monorepo).
  const { system, nodes, summarised } = await priceFiles(opened.files, given[0], own, usage, varFiles, format === 'json' ? context.mapNodes : undefined, { ...context, settings: opened.settings });
  // A summarised index (a monorepo's) collected before the report is written, rather than once writing has grown the heap past it.
  if (summarised) collectNow();
  const cwd = process.cwd();
  const fileOf = (uri: string) => path.relative(cwd, fileURLToPath(uri)).split(path.sep).join('/');
  const itemOut = (i: CostItem) => ({ name: i.subresource ? `${i.subresource}: ${i.name}` : i.name, quantity: i.quantity ?? null, unit: i.unit, unitPrice: i.unitPrice, monthlyCost: i.monthlyCost ?? null, ...(i.usageKey ? { usageKey: i.usageKey } : {}) });
  const money = amount(system.currency, 2);
  const unitPrice = amount(system.currency, 4);
  const report = { currency: system.currency, priceDate: system.priceDate, totalMonthlyCost: system.totalMonthlyCost, resources: system.components, unpriced: system.unpriced };
  // What the reading did not read (platform/notRead.ts): a total that depends on it says so.
  const notRead = context.ledger?.relative(cwd) ?? [];
  if (format === 'json') {
    // Keyed as the map keys them (the view and `archipel diff` join on it); the other formats name each resource by its address.
    const ids = mapIdsOf(system, nodes);
    const keyed = (id: string) => portableId(ids.get(id) ?? id, fileOf);
    // Written a component at a time (cli/jsonStream.ts): the 100,000 components of a monorepo never held as one text.
    writeJson(out, {
      currency: system.currency,
      priceDate: system.priceDate,
      totalMonthlyCost: system.totalMonthlyCost,
      // Unknown (a footprint CCF does not estimate, none known) is null, never 0.
      totalMonthlyCo2eKg: knownCo2eKg(system),
      components: (function* () {
        for (const c of system.components) {
          yield {
            id: keyed(c.id), name: c.name, sources: [{ file: fileOf(c.uri), line: c.line }], monthlyCost: c.monthlyCost, monthlyCo2eKg: c.footprint?.co2eKg ?? null, items: c.items.map(itemOut),
            ...(c.region ? { region: c.region } : {}),
            ...(c.footprint ? { energyKwh: c.footprint.kwh } : {}),
            ...(c.footprint?.greener ? { greenerRegion: c.footprint.greener } : {}),
            ...(c.maxMonthlyCost !== undefined ? { maxMonthlyCost: c.maxMonthlyCost } : {}),
            ...(c.includedIn ? { includedIn: keyed(c.includedIn) } : {}),
          };
        }
      })(),
      unpriced: (function* () {
        for (const u of system.unpriced) yield { address: u.address, reason: u.reason, file: fileOf(u.uri) };
      })(),
      ...notReadJson(notRead),
    });
    return 0;
  }
  const usageText = (i: CostItem) => `depends on usage: ${unitPrice(i.unitPrice)} per ${i.unit} (${i.usageKey ?? ''})`;
  if (format === 'csv') {
    const header = ['resource', 'file', 'line', 'item', 'quantity', 'unit', 'unit_price', `monthly_cost_${report.currency.toLowerCase()}`, 'usage_key', 'not_priced_reason'];
    // RFC 4180: CRLF line ends (`out` adds the LF), cells quoted when needed; a cell a spreadsheet would run as a formula starts with '.
    // A row written as it is made: none kept.
    const row = (cells: readonly string[]) => out(`${cells.map(csvCell).join(',')}\r`);
    row(header);
    for (const r of report.resources) {
      for (const i of r.items) {
        const o = itemOut(i);
        row([r.id, fileOf(r.uri), String(r.line), o.name, o.quantity === null ? '' : String(o.quantity), o.unit, String(o.unitPrice), o.monthlyCost === null ? '' : String(o.monthlyCost), i.usageKey ?? '', '']);
      }
    }
    for (const u of report.unpriced) row([u.address, fileOf(u.uri), '', '', '', '', '', '', '', u.reason]);
    for (const line of notReadText(notRead)) context.err(line);
    return 0;
  }
  if (format === 'markdown') {
    out('| Name | Monthly Qty | Unit | Monthly Cost |');
    out('|:--|--:|:--|--:|');
    for (const r of report.resources) {
      out(`| ${markdownText(r.id)}${r.includedIn ? ` (in ${markdownText(r.includedIn)})` : ''} | | | ${money(r.monthlyCost)} |`);
      for (const i of r.items) {
        const name = `↳ ${markdownText(itemOut(i).name)}`;
        out(i.monthlyCost === undefined ? `| ${name} | | ${markdownText(i.unit)} | ${markdownText(usageText(i))} |` : `| ${name} | ${quantity(i.quantity ?? 0)} | ${markdownText(i.unit)} | ${money(i.monthlyCost)} |`);
      }
    }
    out(`| OVERALL TOTAL | | | ${money(report.totalMonthlyCost)} |`);
    out('');
    out(`${report.currency} a month, prices of ${report.priceDate}.`);
    if (report.unpriced.length) {
      out('');
      out(`${report.unpriced.length} not priced:`);
      out('');
      out('| Resource | File | Reason |');
      out('|:--|:--|:--|');
      for (const u of report.unpriced) out(`| ${markdownText(u.address)} | ${markdownText(fileOf(u.uri))} | ${markdownText(u.reason)} |`);
    }
    if (notRead.length > 0) out(['', ...notReadMarkdown(notRead)].join('\n'));
    return 0;
  }
  // Nothing priced and nothing listed: said as what it is, never a $0.00 total that reads as a free stack.
  if (system.components.length === 0 && system.unpriced.length === 0) {
    out(t('Nothing to price: {0} file(s) read, none a Terraform resource, a Kubernetes workload or a Compose stack with a cost.', opened.files.length));
    for (const line of notReadText(notRead)) out(line);
    return 0;
  }
  // Fitted to the terminal (cost/text.ts), or to COLUMNS when set; written whole when piped or logged (nothing cut a
  // reader of the file would need). Each line one line whatever a name holds.
  const width = process.stdout.isTTY ? process.stdout.columns || DEFAULT_TEXT_WIDTH : Number(process.env.COLUMNS) || Number.POSITIVE_INFINITY;
  for (const line of costText(system, { width, fileOf })) out(terminalText(line));
  for (const line of notReadText(notRead)) out(line);
  return 0;
}
