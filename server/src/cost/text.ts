/**
 * The text breakdown of `archipel cost` (Infracost's table: name, monthly quantity, unit, monthly cost), fitted to the
 * terminal's width as `dvc exp show` fits its table: the name column, then the cost column, shortened with `…` until
 * every line fits; the reasons of what is not priced wrapped. The total says its currency once; each price source
 * is listed with its own date. Pure: the caller gives the width (the terminal's, 80 when not a terminal).
 */
import type { CostItem } from './model';
import { knownCo2eKg, type SystemCost } from './system';

/** The width when the output is not a terminal, and the narrowest fitted. */
export const DEFAULT_TEXT_WIDTH = 80;
const MIN_WIDTH = 40;
const MIN_NAME = 16;

/** `$1,234.50` in USD, `1,234.50 EUR` in another currency. */
export const amount = (currency: string, digits: number) => (n: number): string => {
  const text = n.toLocaleString('en-US', { minimumFractionDigits: 2, maximumFractionDigits: digits });
  return currency === 'USD' ? `$${text}` : `${text} ${currency}`;
};
export const quantity = (n: number): string => n.toLocaleString('en-US', { maximumFractionDigits: 4 });

/** `text` cut to `width` characters, its end replaced by `…` when cut. */
const cut = (text: string, width: number): string => (text.length <= width ? text : `${text.slice(0, Math.max(0, width - 1))}…`);

/** `text` in lines of at most `width`, broken at spaces (a word longer than a line cut), its indentation kept and the next lines indented by `indent`. */
function wrap(text: string, width: number, indent: string): string[] {
  const lines: string[] = [];
  const lead = /^ */.exec(text)?.[0] ?? '';
  let line = lead;
  for (const word of text.slice(lead.length).split(' ')) {
    const next = line.trim() ? `${line} ${word}` : `${line}${word}`;
    if (next.length <= width || !line.trim()) line = next;
    else { lines.push(line); line = `${indent}${word}`; }
    while (line.length > width) { lines.push(line.slice(0, width)); line = `${indent}${line.slice(width)}`; }
  }
  if (line.trim()) lines.push(line);
  return lines;
}

export interface TextOptions {
  /** The terminal's columns (DEFAULT_TEXT_WIDTH when not a terminal). */
  width: number;
  /** A component's file as the user reads it (relative to the current folder). */
  fileOf: (uri: string) => string;
}

/** The breakdown's lines. Its rows are made twice (their widths, then their lines) rather than kept: one row per item of 100,000 components. */
export function* costText(system: SystemCost, options: TextOptions): Generator<string> {
  const width = Math.max(MIN_WIDTH, Math.floor(options.width) || DEFAULT_TEXT_WIDTH);
  const money = amount(system.currency, 2);
  const unitPrice = amount(system.currency, 4);
  const usageText = (i: CostItem) => `depends on usage: ${unitPrice(i.unitPrice)} per ${i.unit} (${i.usageKey ?? ''})`;
  function* rows(): Generator<[string, string, string, string]> {
    yield ['Name', 'Monthly Qty', 'Unit', 'Monthly Cost'];
    for (const r of system.components) {
      yield [r.includedIn ? `${r.id} (a share of ${r.includedIn}, not added)` : r.id, '', '', ''];
      let sub: string | undefined;
      for (const [n, i] of r.items.entries()) {
        const last = n === r.items.length - 1;
        if (i.subresource && i.subresource !== sub) yield [` ${i.subresource}`, '', '', ''];
        sub = i.subresource;
        const name = `${i.subresource ? '   ' : ''} ${last ? '└─' : '├─'} ${i.name}`;
        yield i.monthlyCost === undefined ? [name, '', '', usageText(i)] : [name, quantity(i.quantity ?? 0), i.unit, money(i.monthlyCost)];
      }
      yield ['', '', '', ''];
    }
  }
  if (system.components.length) {
    const natural = [0, 0, 0, 0];
    // The widest amount of the cost column (its usage texts aside): never cut.
    let amounts = 'Monthly Cost'.length;
    for (const row of rows()) {
      for (const c of [0, 1, 2, 3]) natural[c] = Math.max(natural[c], row[c].length);
      if (!row[3].startsWith('depends on usage')) amounts = Math.max(amounts, row[3].length);
    }
    // Three gaps of two spaces; the usage texts give way first, then the name column (down to MIN_NAME).
    const fixed = natural[1] + natural[2] + 6;
    const name = Math.max(Math.min(natural[0], width - fixed - amounts), Math.min(natural[0], MIN_NAME));
    const cost = Math.max(0, width - fixed - name);
    for (const row of rows()) yield cut(`${cut(row[0], name).padEnd(name)}  ${row[1].padStart(natural[1])}  ${row[2].padEnd(natural[2])}  ${cut(row[3], cost)}`.trimEnd(), width);
  }
  yield* wrap(`OVERALL TOTAL  ${money(system.totalMonthlyCost)} a month`, width, '  ');
  const dates = Object.entries(system.priceDates);
  if (dates.length) yield* wrap(`Prices of: ${dates.map(([source, date]) => `${source} ${date}`).join(', ')}`, width, '  ');
  const co2e = knownCo2eKg(system);
  const shares = system.components.some((c) => c.includedIn) ? '; shares of a node pool not added' : '';
  const unknown = system.co2eUnknown ? `; ${system.co2eUnknown} with a cost but no known footprint` : '';
  if (co2e === null) yield* wrap(`CARBON  unknown (${system.co2eUnknown} components with a cost, none with a known footprint)`, width, '  ');
  else if (co2e > 0) yield* wrap(`CARBON  ${unknown ? 'at least ' : ''}${quantity(co2e)} kgCO2e a month (Cloud Carbon Footprint's method${shares}${unknown})`, width, '  ');
  if (system.unpriced.length) {
    yield '';
    yield `${system.unpriced.length} not priced:`;
    for (const u of system.unpriced) yield* wrap(`  ${u.address} (${options.fileOf(u.uri)}): ${u.reason}`, width, '    ');
  }
}
