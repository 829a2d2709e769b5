/**
 * The System Map's Cost view (issue #81): the map's containers view drawn with each box coloured by the band of its
 * component's monthly cost (costClasses; the legend says the bands) and its width growing with it (costWidths), then the components of the map and the priced
 * things it does not draw, with their cost and kgCO2e; the total; what could not be priced with the reason. A click on
 * a name opens its line. Every name is text (h() sets textContent; the drawing's labels are SVG text).
 */
import { h } from '../shared/dom';
import type { WireRange } from '../shared/messages';
import { tr } from './l10n';
import type { CostView } from './messages';

type Component = CostView['components'][number];

const amount = (value: number, currency: string) => `${value.toFixed(2)} ${currency}`;
const kg = (value: number) => `${value.toFixed(2)} kgCO2e`;

/** A band's range for the legend: "from 10 to 100 USD", "1000 USD and more", "no cost known". */
function bandLabel(view: CostView, i: number): string {
  const band = view.bands[i];
  const next = view.bands[i + 1];
  return next ? tr('{0} to {1} {2} a month', band.from, next.from, view.currency) : tr('{0} {1} a month and more', band.from, view.currency);
}

/**
 * The band a component is shown in: its own, or `included` for one with no cost of its own because it runs on a
 * host priced as a whole (a Compose service in its host's bill): priced, never drawn as "no cost known".
 */
function shownBand(component: Component): string {
  return component.monthlyCost === null && component.includedIn !== undefined ? 'included' : component.band;
}

function legend(view: CostView): HTMLElement {
  return h(
    'ul',
    { class: 'cost-legend', attrs: { id: 'cost-legend' } },
    ...view.bands.map((band, i) => h('li', {}, h('span', { class: ['swatch', `band-${band.band}`] }), bandLabel(view, i))),
    view.components.some((c) => shownBand(c) === 'included') ? h('li', {}, h('span', { class: 'swatch band-included' }), tr("in its host's bill")) : '',
    h('li', {}, h('span', { class: 'swatch band-none' }), tr('no cost known')),
  );
}

/**
 * Price sources said by date, oldest first, each date with its sources: "2024-09-28 (rds-regions), 2026-07-30 (disk,
 * gce)" — a price is of its source's date, not of the bundle's (issue #98: the view said 2026-11-26 for a 2024 price).
 */
export function pricesText(prices: readonly { source: string; date: string }[]): string {
  const byDate = new Map<string, string[]>();
  for (const p of prices) byDate.set(p.date, [...(byDate.get(p.date) ?? []), p.source]);
  return [...byDate].sort(([a], [b]) => a.localeCompare(b)).map(([date, sources]) => `${date} (${sources.join(', ')})`).join(', ');
}

/** A drawn box's cost, said on hover: its monthly cost (or why none) and the date of each price it was reckoned from. */
export function costHover(view: CostView, id: string): string | undefined {
  const component = view.components.find((c) => c.id === id);
  if (!component) return undefined;
  const prices = component.prices?.length ? ` · ${tr('prices of {0}', pricesText(component.prices))}` : '';
  return `${costCell(view, component)}${prices}`;
}

/** The total's carbon: unknown (never 0) when no component has a known footprint. */
function totalCarbon(view: CostView): string {
  return view.components.some((c) => c.monthlyCo2eKg !== null) ? kg(view.totalMonthlyCo2eKg) : tr('carbon unknown');
}

function costCell(view: CostView, component: Component): string {
  if (component.monthlyCost === null) return component.reason ?? (component.includedIn ? tr('in the bill of {0}', component.includedIn) : tr('no cost known'));
  const cost = amount(component.monthlyCost, view.currency);
  const max = component.maxMonthlyCost !== undefined ? ` · ${tr('{0} at the HPA maximum', amount(component.maxMonthlyCost, view.currency))}` : '';
  return `${component.includedIn ? tr('{0}, a share of {1}', cost, component.includedIn) : cost}${max}`;
}

/**
 * The classes of the drawn boxes: a component of the view `cost-box band-<band>` (`band-none`: no cost known;
 * `band-included`: in its host's bill), another
 * box none (a Dockerfile, a pipeline: nothing to price).
 */
export function costClasses(view: CostView): { node: (id: string) => string | undefined; edge: (index: number) => string | undefined } {
  const bands = new Map(view.components.filter((c) => c.onMap).map((c) => [c.id, shownBand(c)]));
  return {
    node: (id) => {
      const band = bands.get(id);
      return band ? `cost-box band-${band}` : undefined;
    },
    edge: () => undefined,
  };
}

/** The widths of the priced boxes, as multiples of what their text takes: the cheapest drawn 1×, the dearest 2×. */
const COST_WIDTH = { min: 1, max: 2 };
/** A cost below this (a month) is sized as this: a log scale has no zero. */
const COST_FLOOR = 0.01;

/**
 * Each drawn component's width factor, on a log scale of its monthly cost between the cheapest and the dearest drawn
 * (COST_WIDTH: a tenfold cost is as much wider at any scale); a component with no cost known (dashed) and a box of no
 * component keep their base width.
 */
export function costWidths(view: CostView): (id: string) => number {
  const drawn = view.components.filter((c) => c.onMap);
  const logs = drawn.flatMap((c) => (c.monthlyCost === null ? [] : [Math.log(Math.max(COST_FLOOR, c.monthlyCost))]));
  const low = Math.min(...logs);
  const span = Math.max(...logs) - low;
  const factors = new Map(drawn.map((c) => [c.id, c.monthlyCost === null || !(span > 0) ? COST_WIDTH.min : COST_WIDTH.min + ((COST_WIDTH.max - COST_WIDTH.min) * (Math.log(Math.max(COST_FLOOR, c.monthlyCost)) - low)) / span]));
  return (id) => factors.get(id) ?? 1;
}

/** The view's body: the total, the legend, the components' table, then what could not be priced. */
export function costViewBody(view: CostView, reveal: (uri: string, range: WireRange) => void): HTMLElement {
  const rows = view.components.map((component) =>
    h(
      'tr',
      { class: [`band-${component.band}`, component.onMap ? 'on-map' : 'off-map'], attrs: { 'data-component': component.id }, title: component.id },
      h('td', {}, h('span', { class: ['swatch', `band-${shownBand(component)}`] }), component.source ? h('button', { class: 'link', on: { click: () => component.source && reveal(component.source.uri, component.source.range) } }, component.name) : component.name),
      h('td', {}, component.onMap ? component.kind : component.kind === 'host' ? tr('Compose host') : tr('Terraform resource')),
      h('td', { class: 'number' }, costCell(view, component)),
      h('td', { class: 'number' }, component.monthlyCo2eKg === null ? '—' : kg(component.monthlyCo2eKg)),
      h('td', { class: 'price-date' }, component.prices?.length ? pricesText(component.prices) : '—'),
    ),
  );
  return h(
    'div',
    { class: 'cost-view', attrs: { id: 'cost' } },
    h('p', { attrs: { id: 'cost-total' } }, tr('{0} a month, {1}, at the prices of {2}', amount(view.totalMonthlyCost, view.currency), totalCarbon(view), view.prices.length ? pricesText(view.prices) : view.priceDate)),
    legend(view),
    view.components.length === 0
      ? h('p', { class: 'muted' }, tr('Nothing priced here: no Terraform resource, Kubernetes workload or Compose host.'))
      : h('table', { attrs: { id: 'cost-components' } }, h('thead', {}, h('tr', {}, h('th', {}, tr('Component')), h('th', {}, tr('Kind')), h('th', {}, tr('Monthly cost')), h('th', {}, tr('Carbon')), h('th', {}, tr('Prices of')))), h('tbody', {}, ...rows)),
    view.unpriced.length > 0
      ? h('div', { attrs: { id: 'cost-unpriced' } }, h('h3', {}, tr('Not priced')), h('ul', {}, ...view.unpriced.map((u) => h('li', {}, h('code', {}, u.address), `: ${u.reason}`))))
      : '',
  );
}

/** The share of the drawing's room the Cost view gives the map: its table of costs stays in sight below. */
const COST_MAP_SHARE = 0.6;

/** The Cost view's drawing room: the room's width, COST_MAP_SHARE of its height (at least 240 px). */
export function costMapRoom(whole: { width: number; height: number }): { width: number; height: number } {
  return { width: whole.width, height: Math.max(240, Math.floor(whole.height * COST_MAP_SHARE)) };
}

/** What the page reports once the Cost view is drawn (the tests read it): its counts, bands, rows and, with the map, the boxes coloured. */
export function costSummary(view: CostView, main: HTMLElement, withMap: boolean): Record<string, string | number> {
  const rows = main.querySelectorAll('#cost-components tbody tr').length;
  const boxes = main.querySelectorAll('#stage .node.cost-box').length;
  return { view: 'cost', components: view.components.length, onMap: view.components.filter((c) => c.onMap).length, bands: view.components.map((c) => c.band).join(' '), unpriced: view.unpriced.length, rows, ...(withMap ? { boxes } : {}), serverMs: view.ms };
}
