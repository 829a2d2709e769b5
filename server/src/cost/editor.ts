/**
 * The cost family in the editor and `archipel check` (issue #81): its rules (cost/rules.ts) on Terraform files and
 * archipel.yaml, a code lens with the monthly cost above each priced Terraform resource, a hover with its breakdown.
 * Pure: the price list, the carbon data and the other families' faces are given.
 */
import { MarkupKind, type CodeLens, type Hover, type InlayHint, type Range } from 'vscode-languageserver-types';
import { isMap, isScalar, parseDocument } from 'yaml';
import { ARCHIPEL_CONFIG } from '../common/ownFiles';
import type { ComposeFace } from '../compose/api';
import type { Feature, FeatureContext, PlacedFinding } from '../features/feature';
import { t } from '../l10n/t';
import { isTerraformConfig, terraformResources, type TerraformResource } from '../terraform/api';
import type { HelmFace } from '../helm/api';
import type { KubernetesFace } from '../kubernetes/api';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import { PerGeneration } from '../workspace/perGeneration';
import { deepestInTree } from '../yaml/tree';
import type { CarbonData } from './carbon';
import { round, type CostItem, type PriceList } from './model';
import { priceResources } from './pricing';
import { budgetFinding, cheaperFindings, money, requestsFinding } from './rules';
import { costSettings } from './settings';
import { resourceFootprint, type ComponentCost, type SystemCost } from './system';
import { priceIndex } from './whole';
import { markdownText } from '../common/escape';

export interface CostServices {
  /** The merged price list (schemas/cost/*-prices.json), loaded on first use. */
  prices: () => PriceList;
  carbon: () => CarbonData;
  /** The run's Kubernetes and Compose faces (Family.faces): a run without those families prices neither. */
  faces: { kubernetes?: KubernetesFace; compose?: ComposeFace; helm?: HelmFace };
  /** What must be loaded before the Terraform files can be read (the HCL parser), or undefined when it is. */
  ready: () => Promise<void> | undefined;
}

/** A manifest that may request resources (the cost family's own test of a YAML file, cost/files.ts). */
const REQUESTS = /\brequests[ \t]*:/;
/** A Helm values file (the Helm family's `*values*.yaml`): its keys that change the cost get a lens. */
const VALUES_FILE = /(?:^|\/)[^/]*values[^/]*\.ya?ml$/i;

/** The Helm values keys that change what a chart's workloads cost: replicas, requests, the HPA's bounds. */
export function isCostKey(path: readonly string[]): boolean {
  const [a, b, c] = path.slice(-3).reverse();
  return a === 'replicaCount' || (c === 'resources' && b === 'requests') || (b === 'autoscaling' && (a === 'minReplicas' || a === 'maxReplicas'));
}

const folderOf = (uri: string) => uri.slice(0, uri.lastIndexOf('/') + 1);

/** The workspace's Terraform resources by file, kept until the index changes: each checked file asks for its own, and the whole list costs what every module costs (a check of N files would pay it N times). */
const resourcesByFile = new PerGeneration<WorkspaceIndex, ReadonlyMap<string, TerraformResource[]>>();

/** The resources of one file (every instance of its blocks). */
function resourcesOf(index: WorkspaceIndex, uri: string): TerraformResource[] {
  const byFile = resourcesByFile.get(index, index.generation, [], () => {
    const grouped = new Map<string, TerraformResource[]>();
    for (const resource of terraformResources(index)) {
      const list = grouped.get(resource.uri);
      if (list) list.push(resource);
      else grouped.set(resource.uri, [resource]);
    }
    return grouped;
  });
  return byFile.get(uri) ?? [];
}

/** archipel.yaml's `cost` section and its `budget` value with its span, when it is a number. */
function costSection(text: string): { section: unknown; budget?: { value: number; start: number; end: number } } {
  const doc = parseDocument(text, { logLevel: 'error' });
  const cost = doc.contents && isMap(doc.contents) ? doc.contents.get('cost', true) : undefined;
  const node = isMap(cost) ? cost.get('budget', true) : undefined;
  let whole: unknown;
  try {
    whole = isMap(cost) ? doc.toJS({ maxAliasCount: 100 }) : undefined;
  } catch {
    // Aliases past the bound: the yaml family says so; no budget read.
    return { section: undefined };
  }
  const section: unknown = whole && typeof whole === 'object' ? (whole as Record<string, unknown>).cost : undefined;
  if (!isScalar(node) || typeof node.value !== 'number' || !node.range) return { section };
  return { section, budget: { value: node.value, start: node.range[0], end: node.range[1] } };
}

/** The system under an archipel.yaml's folder priced as `archipel cost` prices it (cost/whole.ts), with its cost section's settings. */
function systemUnder(folder: string, section: unknown, context: FeatureContext, services: CostServices) {
  const rendered = services.faces.helm?.renderedReleases(context.index, context.settings);
  return priceIndex({ index: context.index, folder, faces: services.faces, settings: costSettings(section).settings, prices: services.prices(), carbon: services.carbon(), ...(rendered ? { rendered } : {}) });
}

const object = (v: unknown): Record<string, unknown> | undefined => (v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : undefined);

/** The containers of a manifest's workloads that request without limits (read from the file alone: the Kubernetes face's containers). */
function requestsFindings(file: IndexedFile, kubernetes: KubernetesFace): PlacedFinding[] {
  const out: PlacedFinding[] = [];
  for (const { offset, chunk } of file.yaml?.chunks ?? []) {
    if (!chunk.wellFormed) continue;
    const value = object(chunk.value);
    if (!value || typeof value.apiVersion !== 'string' || typeof value.kind !== 'string') continue;
    for (const ref of kubernetes.containersOf(value, value.kind)) {
      const resources = object(ref.container.resources);
      const requests = object(resources?.requests);
      const limits = object(resources?.limits);
      if (!requests || !Object.keys(requests).length || (limits && Object.keys(limits).length)) continue;
      const key = deepestInTree(chunk.tree, [...ref.path, 'resources', 'requests']).key;
      if (!key) continue;
      const name = typeof ref.container.name === 'string' ? ref.container.name : String(ref.path[ref.path.length - 1]);
      out.push({ offset, finding: requestsFinding(name, requests, { start: key.start, end: key.end }) });
    }
  }
  return out;
}

function findings(file: IndexedFile, context: FeatureContext, services: CostServices): PlacedFinding[] {
  if (!isTerraformConfig(file.uri) && !ARCHIPEL_CONFIG.test(file.uri)) return services.faces.kubernetes ? requestsFindings(file, services.faces.kubernetes) : [];
  if (isTerraformConfig(file.uri)) return cheaperFindings(file.text, resourcesOf(context.index, file.uri), services.prices()).map((finding) => ({ offset: 0, finding }));
  const { section, budget } = costSection(file.text);
  if (!budget) return [];
  const system = systemUnder(folderOf(file.uri), section, context, services);
  const finding = budgetFinding(budget, system.totalMonthlyCost, system.currency);
  return finding ? [{ offset: 0, finding }] : [];
}

/** The priced resources of a Terraform file, one per written block (its instances summed). */
interface PricedBlock {
  addresses: string[];
  monthlyCost: number;
  /** The instances' kgCO2e a month; null when none has a footprint. */
  co2eKg: number | null;
  /** The first instance's. */
  items: CostItem[];
  region: string;
  /** The end of its name label. */
  end: number;
}

function pricedBlocks(file: IndexedFile, context: FeatureContext, services: CostServices): { prices: PriceList; blocks: Map<number, PricedBlock> } {
  const prices = services.prices();
  const resources = resourcesOf(context.index, file.uri);
  const ends = new Map(resources.map((r) => [r.span.start, r.span.end]));
  const report = priceResources(resources, prices);
  const blocks = new Map<number, PricedBlock>();
  for (const r of report.resources) {
    const block = blocks.get(r.offset) ?? { addresses: [], monthlyCost: 0, co2eKg: null, items: [], region: r.region, end: ends.get(r.offset) ?? r.offset };
    block.addresses.push(r.address);
    block.monthlyCost = round(block.monthlyCost + r.monthlyCost);
    const footprint = resourceFootprint({ prices, carbon: services.carbon() }, r);
    if (footprint) block.co2eKg = round((block.co2eKg ?? 0) + footprint.co2eKg);
    if (block.addresses.length === 1) block.items = r.items;
    blocks.set(r.offset, block);
  }
  return { prices, blocks };
}

/** The folder of the nearest archipel.yaml at or above a file in the index (its cost section with it), else the whole index. */
export function nearestConfig(uri: string, index: WorkspaceIndex): { folder: string; section: unknown } {
  let best: IndexedFile | undefined;
  for (const f of index.files()) if (ARCHIPEL_CONFIG.test(f.uri) && uri.startsWith(folderOf(f.uri)) && (!best || f.uri.length > best.uri.length)) best = f;
  return best ? { folder: folderOf(best.uri), section: costSection(best.text).section } : { folder: '', section: undefined };
}

/** A lens on each priced Kubernetes workload of a manifest: its requests × replicas on the node type (the cost section's, or the one pool priced). */
function workloadLenses(file: IndexedFile, context: FeatureContext, services: CostServices): CodeLens[] {
  if (!services.faces.kubernetes) return [];
  const { folder, section } = nearestConfig(file.uri, context.index);
  const system = systemUnder(folder, section, context, services);
  return system.components.filter((c) => c.uri === file.uri).map((c) => {
    const cost = money(system.currency, c.monthlyCost);
    const title = [
      c.includedIn ? t('{0} a month, a share of {1}', cost, c.includedIn) : t('{0} a month', cost),
      ...(c.maxMonthlyCost !== undefined ? [t('{0} at the HPA maximum', money(system.currency, c.maxMonthlyCost))] : []),
    ].join(' · ');
    const line = Math.max(0, c.line - 1);
    return { range: { start: { line, character: 0 }, end: { line, character: 0 } }, command: { title, command: '' } };
  });
}

type ValuesDriver = ReturnType<HelmFace['valuesDrivers']>[number];

/** A key of a Helm values file that changes the cost, in one release, with the priced workloads it drives there. */
interface ValuesCost {
  driver: ValuesDriver;
  workloads: ComponentCost[];
  /** `maxReplicas`: the workloads' cost at the HPA maximum. */
  atMax: boolean;
  total: number;
}

/**
 * Each key of a Helm values file that changes the cost (isCostKey), in each release that reads it there, with the
 * workloads it drives in that release priced in the system (a key whose workloads are not all priced: none).
 */
function valuesCosts(file: IndexedFile, context: FeatureContext, services: CostServices): { system: SystemCost; costs: ValuesCost[] } | undefined {
  const { helm, kubernetes } = services.faces;
  if (!helm || !kubernetes) return undefined;
  const drivers = helm.valuesDrivers(context.index, file.uri, context.settings, isCostKey);
  if (drivers.length === 0) return undefined;
  const { folder, section } = nearestConfig(file.uri, context.index);
  const system = systemUnder(folder, section, context, services);
  const byId = new Map(system.components.map((c) => [c.id, c]));
  const costs = drivers.flatMap((driver): ValuesCost[] => {
    const workloads = driver.workloads.map((w) => byId.get(kubernetes.workloadId(w.object)));
    if (workloads.length === 0 || workloads.some((c) => !c)) return [];
    const priced = workloads as ComponentCost[];
    const atMax = driver.path[driver.path.length - 1] === 'maxReplicas';
    const total = round(priced.reduce((sum, c) => sum + (atMax ? (c.maxMonthlyCost ?? c.monthlyCost) : c.monthlyCost), 0));
    return [{ driver, workloads: priced, atMax, total }];
  });
  return { system, costs };
}

const valuesTitle = (v: ValuesCost, currency: string) => (v.atMax ? t('{0} a month at the HPA maximum ({1})', money(currency, v.total), v.driver.release) : t('{0} a month ({1})', money(currency, v.total), v.driver.release));

/**
 * A lens on each key of a Helm values file that changes the cost (isCostKey), in each release that reads it there: the
 * monthly cost of the workloads it drives in that release (at the HPA maximum on `maxReplicas`), priced in the system.
 */
function valuesLenses(file: IndexedFile, context: FeatureContext, services: CostServices): CodeLens[] {
  const found = valuesCosts(file, context, services);
  if (!found) return [];
  return found.costs.map((v) => ({ range: file.lines.range(v.driver.start, v.driver.start), command: { title: valuesTitle(v, found.system.currency), command: '' } }));
}

/**
 * The hover of a values key that changes the cost: in each release that reads it, what it costs there, then the
 * breakdown of each workload it drives (as a workload's hover gives it).
 */
function valuesHover(file: IndexedFile, offset: number, context: FeatureContext, services: CostServices): Hover | undefined {
  const line = file.lines.positionAt(offset).line;
  const found = valuesCosts(file, context, services);
  const here = found?.costs.filter((v) => file.lines.positionAt(v.driver.start).line === line) ?? [];
  if (!found || here.length === 0) return undefined;
  const prices = services.prices();
  const value = here.map((v) => [
    `**${markdownText(v.driver.path.join('.'))}** ${t('in {0}', markdownText(v.driver.release))}: ${(v.atMax ? t('{0} a month at the HPA maximum, the cost of {1}', money(found.system.currency, v.total), v.workloads.map((w) => markdownText(w.name)).join(', ')) : t('{0} a month, the cost of {1}', money(found.system.currency, v.total), v.workloads.map((w) => markdownText(w.name)).join(', ')))}`,
    ...v.workloads.map((w) => workloadBreakdown(w, found.system, prices)),
  ].join('\n\n')).join('\n\n---\n\n');
  return { contents: { kind: MarkupKind.Markdown, value }, range: file.lines.range(here[0].driver.start, here[0].driver.end) };
}

function codeLenses(file: IndexedFile, context: FeatureContext, services: CostServices): CodeLens[] {
  if (file.isYaml && VALUES_FILE.test(file.uri)) return valuesLenses(file, context, services);
  if (file.isYaml && !ARCHIPEL_CONFIG.test(file.uri)) return workloadLenses(file, context, services);
  if (!isTerraformConfig(file.uri)) return [];
  const { prices, blocks } = pricedBlocks(file, context, services);
  return [...blocks].map(([offset, b]) => {
    const title = b.addresses.length > 1
      ? t('{0} a month ({1} instances)', money(prices.currency, b.monthlyCost), b.addresses.length)
      : t('{0} a month', money(prices.currency, b.monthlyCost));
    return { range: file.lines.range(offset, offset), command: { title, command: '' } };
  });
}

/** A breakdown in Markdown: the heading, each item (quantity or the usage key it depends on, unit, unit price, monthly cost, source and date), the carbon, then notes. */
function breakdownText(heading: string, items: readonly CostItem[], co2eKg: number | null, prices: Pick<PriceList, 'currency' | 'sources' | 'priceDate'>, notes: readonly string[]): string {
  const rows = items.map((i) => `| ${markdownText(i.subresource ? `${i.subresource}: ${i.name}` : i.name)} | ${i.quantity ?? t('usage: {0}', i.usageKey ?? '')} | ${markdownText(i.unit)} | ${money(prices.currency, i.unitPrice, 4)} | ${i.monthlyCost !== undefined ? money(prices.currency, i.monthlyCost) : '—'} | ${prices.sources[i.source]?.page ?? i.source} (${prices.sources[i.source]?.date ?? prices.priceDate}) |`);
  return [
    heading,
    '',
    `| ${t('item')} | ${t('quantity')} | ${t('unit')} | ${t('unit price')} | ${t('monthly')} | ${t('source (date)')} |`,
    '|---|--:|---|--:|--:|---|',
    ...rows,
    '',
    co2eKg === null ? t('Carbon: not known for this component.') : t('Carbon: {0} kgCO2e a month (Cloud Carbon Footprint\'s method).', co2eKg.toLocaleString('en-US', { maximumFractionDigits: 2 })),
    ...notes.flatMap((note) => ['', note]),
  ].join('\n');
}

/** The breakdown of a priced block. */
function breakdown(block: PricedBlock, prices: PriceList): string {
  const heading = `**${markdownText(block.addresses[0])}**${block.addresses.length > 1 ? t(' and {0} more instances', block.addresses.length - 1) : ''}: ${t('{0} a month', money(prices.currency, block.monthlyCost))}`;
  return breakdownText(heading, block.items, block.co2eKg, prices, [
    block.addresses.length > 1
      ? t('On-demand prices of {0} in {1}, each with its source and date; one instance shown.', markdownText(block.region), prices.currency)
      : t('On-demand prices of {0} in {1}, each with its source and date.', markdownText(block.region), prices.currency),
  ]);
}

/**
 * An inlay hint after each priced resource's name with its monthly cost, its tooltip the breakdown: the hover of the
 * resource's header is the Terraform family's (its declaration; the first hover answers), the hint's tooltip is the cost's own.
 */
function inlayHints(file: IndexedFile, range: Range, context: FeatureContext, services: CostServices): InlayHint[] {
  if (!isTerraformConfig(file.uri)) return [];
  const { prices, blocks } = pricedBlocks(file, context, services);
  const first = file.lines.offsetAt(range.start);
  const last = file.lines.offsetAt(range.end);
  return [...blocks.values()].filter((b) => b.end >= first && b.end <= last).map((b) => ({
    position: file.lines.positionAt(b.end),
    label: b.addresses.length > 1 ? t('{0} a month ({1} instances)', money(prices.currency, b.monthlyCost), b.addresses.length) : t('{0} a month', money(prices.currency, b.monthlyCost)),
    paddingLeft: true,
    tooltip: { kind: MarkupKind.Markdown, value: breakdown(b, prices) },
  }));
}

/** A workload's breakdown: its requests × replicas on the node type, its carbon, the pool it is a share of, its HPA maximum. */
function workloadBreakdown(c: ComponentCost, system: SystemCost, prices: PriceList): string {
  const cost = money(system.currency, c.monthlyCost);
  return breakdownText(`**${markdownText(c.name)}**: ${t('{0} a month', cost)}`, c.items, c.footprint ? c.footprint.co2eKg : null, { ...prices, currency: system.currency }, [
    ...(c.includedIn ? [t('A share of {0}: not added to the total.', markdownText(c.includedIn))] : []),
    ...(c.maxMonthlyCost !== undefined ? [t('{0} at the HPA maximum', money(system.currency, c.maxMonthlyCost))] : []),
    t('On-demand prices of {0} in {1}, each with its source and date.', markdownText(c.region ?? ''), system.currency),
  ]);
}

/**
 * The breakdown on a priced Terraform resource's header line, or on a priced workload's line of a manifest; the
 * server merges it with the other families' hovers at the position (lsp/hovers.ts).
 */
function hover(file: IndexedFile, offset: number, context: FeatureContext, services: CostServices): Hover | undefined {
  const line = file.lines.positionAt(offset).line;
  if (isTerraformConfig(file.uri)) {
    const { prices, blocks } = pricedBlocks(file, context, services);
    const found = [...blocks].find(([start]) => file.lines.positionAt(start).line === line);
    return found ? { contents: { kind: MarkupKind.Markdown, value: breakdown(found[1], prices) }, range: file.lines.range(found[0], found[1].end) } : undefined;
  }
  if (!file.isYaml || ARCHIPEL_CONFIG.test(file.uri) || !services.faces.kubernetes) return undefined;
  if (VALUES_FILE.test(file.uri)) return valuesHover(file, offset, context, services);
  const { folder, section } = nearestConfig(file.uri, context.index);
  const system = systemUnder(folder, section, context, services);
  const c = system.components.find((x) => x.uri === file.uri && x.line - 1 === line);
  return c ? { contents: { kind: MarkupKind.Markdown, value: workloadBreakdown(c, system, services.prices()) } } : undefined;
}

export function costFeature(services: CostServices): Feature {
  return {
    id: 'cost',
    // Terraform configurations, archipel.yaml, manifests that request resources (cost/files.ts), and Helm values files (lenses).
    takes: (file) => isTerraformConfig(file.uri) || ARCHIPEL_CONFIG.test(file.uri) || (file.isYaml && (REQUESTS.test(file.text) || VALUES_FILE.test(file.uri))),
    prepare: (file) => (isTerraformConfig(file.uri) || ARCHIPEL_CONFIG.test(file.uri) ? services.ready() : undefined),
    findings: (file, context) => findings(file, context, services),
    codeLenses: (file, context) => codeLenses(file, context, services),
    inlayHints: (file, range, context) => inlayHints(file, range, context, services),
    hover: (file, offset, context) => hover(file, offset, context, services),
  };
}
