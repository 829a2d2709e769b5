/**
 * `archipel cost [PATH...]` (issue #81): the monthly cost of the Terraform resources of the paths
 * (cost/pricing.ts on terraform/api.ts's resources), as Infracost's breakdown (text) or the JSON
 * contract of docs/cost.md, a Markdown table or CSV (one row per item, one per unpriced resource).
 * Exit 0; 2 on a usage error.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { parse } from 'yaml';
import { parseOptions } from './didYouMean';
import type { FileMatcher } from '../common/fileSelector';
import { mergePriceLists, type CostItem, type PriceList } from '../cost/model';
import { priceResources, usageOf } from '../cost/pricing';
import { readText } from '../disk/readText';
import { csvCell } from '../engines/predict/writer';
import { t } from '../l10n/t';
import { folderScanner } from '../platform/project';
import { loadIndex } from '../platform/indexLoad';
import { indexOptions } from '../service';
import type { ArchipelSettings } from '../settings';
import { isTerraformConfig, terraformResources } from '../terraform/api';
import { WorkspaceIndex } from '../workspace/index';
import { wholeFiles } from '../workspace/summaries';
import { heapPacer } from '../workspace/heapPacer';
import { UsageError } from './usage';

const FORMATS = ['text', 'json', 'markdown', 'csv'] as const;
type Format = (typeof FORMATS)[number];

export interface CostCommandContext {
  out: (text: string) => void;
  err: (text: string) => void;
  settings: ArchipelSettings;
  files: FileMatcher;
  /** The package root (the bundled prices). */
  root: string;
}

const money = (n: number) => `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;
const unitPrice = (n: number) => `$${n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 4 })}`;
const quantity = (n: number) => n.toLocaleString('en-US', { maximumFractionDigits: 4 });
/** A Markdown (GFM) table cell of a workspace value: on one line, `|`, `\\`, `*`, `` ` `` and HTML escaped. */
const mdCell = (text: string) => text.replace(/\\/g, '\\\\').replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/([|*`])/g, '\\$1').replace(/[\r\n]+/g, ' ');

export async function costCommand(args: string[], context: CostCommandContext): Promise<number> {
  const { out } = context;
  const { values, positionals } = parseOptions('cost', { args, allowPositionals: true, strict: true, options: { format: { type: 'string', default: 'text' }, usage: { type: 'string' } } });
  const format = values.format as Format;
  if (!FORMATS.includes(format)) throw new UsageError(t('unknown format "{0}" (expected {1})', values.format ?? '', FORMATS.join(', ')));
  const given = positionals.length > 0 ? positionals : ['.'];
  for (const p of given) await fs.stat(p).catch(() => { throw new UsageError(t('no such file or folder: {0}', p)); });
  const bound = indexOptions(context.settings).maxBytes;
  let usage = {};
  if (values.usage !== undefined) {
    const size = (await fs.stat(values.usage).catch(() => undefined))?.size;
    if (size === undefined) throw new UsageError(t('no such file or folder: {0}', values.usage));
    // readText reads regular files only, up to its bound: the path is the user's own, named on the command line.
    usage = usageOf(parse((await readText(path.resolve(values.usage))).text, { maxAliasCount: 100, logLevel: 'error' }));
  }
  const lists = await Promise.all(['aws-prices.json', 'gcp-prices.json'].map(async (name) => JSON.parse((await readText(path.join(context.root, 'schemas', 'cost', name))).text) as PriceList));
  const prices = mergePriceLists(lists);
  const scan = folderScanner(context.settings, context.files);
  const files: string[] = [];
  for (const p of given) {
    const absolute = path.resolve(p);
    if ((await fs.stat(absolute)).isDirectory()) files.push(...(await scan(absolute)));
    else files.push(absolute);
  }
  const terraform = files.filter((file) => isTerraformConfig(pathToFileURL(file).href));
  const index = new WorkspaceIndex(indexOptions(context.settings));
  await loadIndex(index, terraform.map((file) => ({ file, uri: pathToFileURL(file).href, context: true })), { summarizer: wholeFiles, maxBytes: bound, pace: heapPacer(), failed: () => undefined });
  const report = priceResources(terraformResources(index), prices, usage);
  const cwd = process.cwd();
  const fileOf = (uri: string) => path.relative(cwd, fileURLToPath(uri)).split(path.sep).join('/');
  const lineOf = (uri: string, offset: number) => (index.get(uri)?.text.slice(0, offset).split('\n').length ?? 1);
  const itemOut = (i: CostItem) => ({ name: i.subresource ? `${i.subresource}: ${i.name}` : i.name, quantity: i.quantity ?? null, unit: i.unit, unitPrice: i.unitPrice, monthlyCost: i.monthlyCost ?? null, ...(i.usageKey ? { usageKey: i.usageKey } : {}) });
  if (format === 'json') {
    out(JSON.stringify({
      currency: report.currency,
      priceDate: report.priceDate,
      totalMonthlyCost: report.totalMonthlyCost,
      components: report.resources.map((r) => ({ id: r.address, name: r.address, sources: [{ file: fileOf(r.uri), line: lineOf(r.uri, r.offset) }], monthlyCost: r.monthlyCost, items: r.items.map(itemOut) })),
      unpriced: report.unpriced.map((u) => ({ address: u.address, reason: u.reason, file: fileOf(u.uri) })),
    }, null, 2));
    return 0;
  }
  const usageText = (i: CostItem) => `depends on usage: ${unitPrice(i.unitPrice)} per ${i.unit} (${i.usageKey ?? ''})`;
  if (format === 'csv') {
    const header = ['resource', 'file', 'line', 'item', 'quantity', 'unit', 'unit_price', `monthly_cost_${report.currency.toLowerCase()}`, 'usage_key', 'not_priced_reason'];
    const lines = [header];
    for (const r of report.resources) {
      for (const i of r.items) {
        const o = itemOut(i);
        lines.push([r.address, fileOf(r.uri), String(lineOf(r.uri, r.offset)), o.name, o.quantity === null ? '' : String(o.quantity), o.unit, String(o.unitPrice), o.monthlyCost === null ? '' : String(o.monthlyCost), i.usageKey ?? '', '']);
      }
    }
    for (const u of report.unpriced) lines.push([u.address, fileOf(u.uri), '', '', '', '', '', '', '', u.reason]);
    // RFC 4180: CRLF line ends (`out` adds the LF), cells quoted when needed; a cell a spreadsheet would run as a formula starts with '.
    for (const cells of lines) out(`${cells.map(csvCell).join(',')}\r`);
    return 0;
  }
  if (format === 'markdown') {
    out('| Name | Monthly Qty | Unit | Monthly Cost |');
    out('|:--|--:|:--|--:|');
    for (const r of report.resources) {
      out(`| ${mdCell(r.address)} | | | ${money(r.monthlyCost)} |`);
      for (const i of r.items) {
        const name = `↳ ${mdCell(itemOut(i).name)}`;
        out(i.monthlyCost === undefined ? `| ${name} | | ${mdCell(i.unit)} | ${mdCell(usageText(i))} |` : `| ${name} | ${quantity(i.quantity ?? 0)} | ${mdCell(i.unit)} | ${money(i.monthlyCost)} |`);
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
      for (const u of report.unpriced) out(`| ${mdCell(u.address)} | ${mdCell(fileOf(u.uri))} | ${mdCell(u.reason)} |`);
    }
    return 0;
  }
  const rows: [string, string, string, string][] = [['Name', 'Monthly Qty', 'Unit', 'Monthly Cost']];
  for (const r of report.resources) {
    rows.push([r.address, '', '', '']);
    let sub: string | undefined;
    r.items.forEach((i, n) => {
      const last = n === r.items.length - 1;
      if (i.subresource && i.subresource !== sub) rows.push([` ${i.subresource}`, '', '', '']);
      sub = i.subresource;
      const name = `${i.subresource ? '   ' : ''} ${last ? '└─' : '├─'} ${i.name}`;
      rows.push(i.monthlyCost === undefined ? [name, '', '', usageText(i)] : [name, quantity(i.quantity ?? 0), i.unit, money(i.monthlyCost)]);
    });
    rows.push(['', '', '', '']);
  }
  const width = [0, 1, 2].map((c) => Math.max(...rows.map((row) => row[c].length)));
  if (report.resources.length) for (const row of rows) out(`${row[0].padEnd(width[0])}  ${row[1].padStart(width[1])}  ${row[2].padEnd(width[2])}  ${row[3]}`.trimEnd());
  out(`OVERALL TOTAL  ${money(report.totalMonthlyCost)} ${report.currency} a month (prices of ${report.priceDate})`);
  if (report.unpriced.length) {
    out('');
    out(`${report.unpriced.length} not priced:`);
    for (const u of report.unpriced) out(`  ${u.address} (${fileOf(u.uri)}): ${u.reason}`);
  }
  return 0;
}
