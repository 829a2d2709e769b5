/** The System Map panel's messages (host ↔ page), and the map they carry (server/src/protocol/system.ts, validated). */
import * as v from 'valibot';
import type { SystemMapResult, SystemMapSource, SystemMapViolation } from '../../server/src/protocol/system';
import type { CostViewResult } from '../../server/src/protocol/cost';
import type { SloViewResult } from '../../server/src/protocol/slo';
import type { ContinuityViewResult } from '../../server/src/protocol/continuity';
import type { SecurityViewResult } from '../../server/src/protocol/threats';
import { commonToHost, RangeSchema, UriSchema } from '../shared/messages';

const text = (max = 1000) => v.pipe(v.string(), v.maxLength(max));
const SourceSchema = v.object({ uri: UriSchema, range: RangeSchema });
export type MapSource = v.InferOutput<typeof SourceSchema>;
export const ViewSchema = v.picklist(['containers', 'context', 'deployment', 'delivery']);
/** The panel's views: the map's, the Security view (the threats' model, `archipel/securityView`) the SLO view (`archipel/sloView`), the Cost view (`archipel/costView`) and the Continuity view (`archipel/continuityView`). */
export const PanelViewSchema = v.picklist(['containers', 'context', 'deployment', 'delivery', 'security', 'slo', 'cost', 'continuity']);
export type PanelView = v.InferOutput<typeof PanelViewSchema>;

/**
 * A node's or an edge's sources, checked when they are shown (`sourcesOf`) rather than on arrival: a
 * map of 500 components carries a thousand of them, and checking each URI and position made most of
 * the page's work on a new map, for lines read only when an element is clicked.
 */
const LaterSources = v.custom<unknown[]>((input) => Array.isArray(input), 'an array of sources');
/** A node's policy violations (#96): checked when shown, as its sources are (`violationsOf`). */
const LaterViolations = v.custom<unknown[]>((input) => Array.isArray(input), 'an array of violations');
const ViolationSchema = v.object({ code: text(300), message: text(4000), severity: v.picklist(['error', 'warning']), uri: UriSchema, range: RangeSchema });
export type MapViolation = v.InferOutput<typeof ViolationSchema>;
const NodeSchema = v.object({ id: text(2000), kind: text(60), name: text(), technology: v.optional(text()), family: text(60), namespace: v.optional(text(253)), group: v.optional(text(2000)), sources: LaterSources, violations: v.optional(LaterViolations) });
const EdgeSchema = v.object({ from: text(2000), to: text(2000), kind: text(60), label: text(), protocol: v.optional(text(60)), sources: LaterSources });
const GroupSchema = v.object({ id: text(2000), name: text(), kind: text(60), technology: v.optional(text()), parent: v.optional(text(2000)), variant: v.optional(v.boolean()), sources: v.array(SourceSchema) });

export const SystemMapSchema = v.object({ view: ViewSchema, system: text(), nodes: v.array(NodeSchema), edges: v.array(EdgeSchema), groups: v.array(GroupSchema), ms: v.number() });
export type SystemMap = v.InferOutput<typeof SystemMapSchema>;
/** Compile-time proof that the page's schema and the server's wire type are one shape (as webviews/shared/models.ts proves its own). */
type Exact<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
const same = <T extends true>(): T | undefined => undefined;
// The export's text (`text`, asked by the host for Export…) never reaches the page.
type Bare<M extends { nodes: { sources: unknown }[]; edges: { sources: unknown }[] }> = Omit<M, 'nodes' | 'edges' | 'text'> & { nodes: Omit<M['nodes'][number], 'sources' | 'violations'>[]; edges: Omit<M['edges'][number], 'sources'>[] };
same<Exact<Bare<SystemMap>, Bare<SystemMapResult>>>();
same<Exact<MapSource, SystemMapSource>>();
same<Exact<MapViolation, SystemMapViolation>>();

/** A node's or an edge's sources as they are shown: each checked (a URI, a range), those that are not left out. */
export function sourcesOf(list: readonly unknown[]): MapSource[] {
  return list.flatMap((item) => {
    const checked = v.safeParse(SourceSchema, item);
    return checked.success ? [checked.output] : [];
  });
}

/** A node's policy violations as they are shown: each checked, those that are not left out. */
export function violationsOf(list: readonly unknown[]): MapViolation[] {
  return list.flatMap((item) => {
    const checked = v.safeParse(ViolationSchema, item);
    return checked.success ? [checked.output] : [];
  });
}

const Sources = v.array(SourceSchema);
const SecurityBoundarySchema = v.object({ id: text(2000), name: text(), kind: text(60), type: text(60), parent: v.optional(text(2000)), walls: Sources, sources: Sources });
const SecurityNodeSchema = v.object({
  id: text(2000),
  name: text(),
  kind: text(60),
  technology: v.optional(text()),
  boundary: v.optional(text(2000)),
  entry: v.boolean(),
  store: v.optional(v.object({ classification: text(60), categories: v.array(text(200)), encrypted: v.boolean(), encryption: v.optional(Sources) })),
  sources: Sources,
});
const SecurityEntrySchema = v.object({ id: text(2000), via: text(60), to: text(2000), label: text(), tls: v.boolean(), role: text(60), sources: Sources });
const SecurityLinkSchema = v.object({ id: text(2000), from: text(2000), to: text(2000), kind: v.picklist(['entry', 'call', 'deploy']), protocol: text(60), label: text(), tls: v.boolean(), credentials: v.boolean(), risky: v.boolean(), risks: v.array(text(2000)), sources: Sources });
const SecurityRiskSchema = v.object({
  id: text(2000),
  rule: text(100),
  stride: text(60),
  severity: text(20),
  likelihood: text(20),
  impact: text(20),
  title: text(2000),
  path: v.array(text(2000)),
  links: v.array(text(2000)),
  sources: Sources,
  tracking: v.optional(v.object({ status: text(30), risk: text(200), source: SourceSchema, justification: v.optional(text(2000)) })),
  open: v.boolean(),
});
/** The Security view's model (server/src/protocol/threats.ts), validated; the risk dashboard's threat matrix reads the same. */
export const SecurityViewSchema = v.object({
  system: text(),
  boundaries: v.array(SecurityBoundarySchema),
  nodes: v.array(SecurityNodeSchema),
  entries: v.array(SecurityEntrySchema),
  links: v.array(SecurityLinkSchema),
  risks: v.array(SecurityRiskSchema),
  ms: v.number(),
});
export type SecurityView = v.InferOutput<typeof SecurityViewSchema>;
same<Exact<SecurityView, SecurityViewResult>>();

/** A line of a side of the comparison: a file relative to the repository's top, a 1-based line (the host checks the file is in the workspace). */
const DiffSourceSchema = v.object({ file: text(4096), line: v.pipe(v.number(), v.integer(), v.minValue(1)) });
const DiffSources = v.array(DiffSourceSchema);
// `copies`: the ids of the other copies of the same component the same change made (N kustomize overlays of one base;
// server/src/archdiff/copies.ts), absent without copies: the list says the change once, each copy's box marked.
const Copies = v.optional(v.pipe(v.array(text(2000)), v.maxLength(10_000)));
const DiffComponentSchema = v.object({ id: text(2000), kind: text(60), name: text(), sources: DiffSources, copies: Copies });
const DiffChangedSchema = v.object({ id: text(2000), kind: text(60), name: text(), sources: DiffSources, changes: v.array(v.object({ field: text(60), before: text(), after: text() })), copies: Copies });
// A connection's `copies`: the ends of the other copies of the same connection the same change made (copies.ts).
const EdgeCopies = v.optional(v.pipe(v.array(v.object({ from: text(2000), to: text(2000) })), v.maxLength(10_000)));
const DiffEdgeSchema = v.object({ from: text(2000), to: text(2000), kind: text(60), label: text(), sources: DiffSources, fromName: v.optional(text()), toName: v.optional(text()), copies: EdgeCopies });
const DiffFiguresSchema = v.nullable(v.object({ monthlyCost: v.number(), monthlyCo2eKg: v.nullable(v.number()) }));
const UnpricedSchema = v.object({ address: text(2000), reason: text(10_000), file: text(4096) });
/** `archipel/diff`'s `cost` (server/src/protocol/diff.ts DiffCostResult): both sides' totals and each component whose cost or carbon moved. */
const DiffCostSchema = v.object({
  currency: text(10),
  before: v.number(),
  after: v.number(),
  delta: v.number(),
  co2eKg: v.object({ before: v.number(), after: v.number(), delta: v.number() }),
  base: v.object({ unpriced: v.array(UnpricedSchema) }),
  head: v.object({ unpriced: v.array(UnpricedSchema) }),
  changed: v.array(v.object({ id: text(2000), name: text(), status: v.picklist(['added', 'removed', 'changed']), before: DiffFiguresSchema, after: DiffFiguresSchema, sources: DiffSources })),
});
export type DiffCost = v.InferOutput<typeof DiffCostSchema>;

/** What "Compare with…" draws of `archipel/diff`'s answer (server/src/protocol/diff.ts): the refs, the components and connections that differ, each with its lines. */
const ComparisonSchema = v.object({
  base: v.object({ ref: text(300) }),
  head: v.object({ ref: text(300) }),
  components: v.object({ added: v.array(DiffComponentSchema), removed: v.array(DiffComponentSchema), changed: v.array(DiffChangedSchema) }),
  connections: v.object({ added: v.array(DiffEdgeSchema), removed: v.array(DiffEdgeSchema) }),
  // The connections of `connections` that are ways in from outside (drawn as such): opened, closed.
  entryPoints: v.optional(v.object({ opened: v.array(DiffEdgeSchema), closed: v.array(DiffEdgeSchema) })),
  cost: v.optional(DiffCostSchema),
});
export type Comparison = v.InferOutput<typeof ComparisonSchema>;
export type DiffSource = v.InferOutput<typeof DiffSourceSchema>;

// `path`: the ids of the attack path (docs/diff.md), matched against the changes to say a raised risk's cause.
const DiffRiskSchema = v.object({ id: text(2000), rule: text(100), title: text(2000), severity: text(20), path: v.optional(v.array(text(2000))), pathNames: v.array(text()), sources: DiffSources });
/**
 * The Security view's "Changes" (`archipel/diff`'s `threats`): the risks the comparison raised (head's lines) and
 * resolved (base's); with the comparison's components and connections, what on a raised risk's path changed (its cause).
 */
const RiskChangesSchema = v.object({
  base: v.object({ ref: text(300) }),
  head: v.object({ ref: text(300) }),
  raised: v.array(DiffRiskSchema),
  resolved: v.array(DiffRiskSchema),
  components: v.optional(v.object({ added: v.array(DiffComponentSchema), removed: v.array(DiffComponentSchema), changed: v.array(DiffChangedSchema) })),
  connections: v.optional(v.object({ added: v.array(DiffEdgeSchema), removed: v.array(DiffEdgeSchema) })),
  entryPoints: v.optional(v.object({ opened: v.array(DiffEdgeSchema), closed: v.array(DiffEdgeSchema) })),
});
export type RiskChanges = v.InferOutput<typeof RiskChangesSchema>;

const SloObjectiveSchema = v.object({ service: text(), slo: text(), objective: v.number(), description: text(10_000), uri: UriSchema, range: RangeSchema });
/** The SLO view (server/src/protocol/slo.ts), validated: each component with its objectives, the SLOs of no component. */
export const SloViewSchema = v.object({
  components: v.array(v.object({ id: text(2000), name: text(), kind: text(60), sources: Sources, objectives: v.array(SloObjectiveSchema) })),
  unmatched: v.array(SloObjectiveSchema),
  errors: v.array(v.object({ uri: UriSchema, range: RangeSchema, message: text(10_000) })),
  ms: v.number(),
});
export type SloView = v.InferOutput<typeof SloViewSchema>;
same<Exact<SloView, SloViewResult>>();

const ContinuityGapSchema = v.object({ rule: text(100), message: text(10_000), uri: UriSchema, range: RangeSchema, spof: v.boolean() });
/** The Continuity view (server/src/protocol/continuity.ts), validated: each component with its status, objectives, gaps and backups. */
export const ContinuityViewSchema = v.object({
  asked: v.boolean(),
  components: v.array(
    v.object({
      id: text(2000),
      name: text(),
      kind: text(60),
      status: v.picklist(['none', 'gaps', 'not-judged']),
      tier: v.optional(text(60)),
      sources: Sources,
      rpo: v.object({ asked: v.optional(text(30)), achievable: v.optional(text(30)), from: v.optional(text()) }),
      rto: v.object({ asked: v.optional(text(30)), risks: v.array(text(2000)) }),
      gaps: v.array(ContinuityGapSchema),
      backups: v.array(v.object({ kind: text(60), interval: text(30), uri: UriSchema, range: RangeSchema })),
      accepted: v.array(v.object({ rule: text(100), reason: text(10_000) })),
    }),
  ),
  loose: v.array(ContinuityGapSchema),
  problems: v.array(v.object({ uri: UriSchema, range: RangeSchema, message: text(10_000) })),
  ms: v.number(),
});
export type ContinuityView = v.InferOutput<typeof ContinuityViewSchema>;
same<Exact<ContinuityView, ContinuityViewResult>>();

const PriceSourceDateSchema = v.object({ source: text(200), date: text(30) });
const CostBandSchema = v.picklist(['none', 'low', 'medium', 'high', 'top']);
/** The Cost view (server/src/protocol/cost.ts), validated: each component with its cost and band, the total, the unpriced. */
export const CostViewSchema = v.object({
  currency: text(10),
  priceDate: text(30),
  prices: v.array(PriceSourceDateSchema),
  totalMonthlyCost: v.number(),
  totalMonthlyCo2eKg: v.number(),
  bands: v.array(v.object({ band: v.picklist(['low', 'medium', 'high', 'top']), from: v.number() })),
  components: v.array(
    v.object({
      id: text(2000),
      name: text(),
      kind: text(60),
      onMap: v.boolean(),
      source: v.optional(SourceSchema),
      monthlyCost: v.nullable(v.number()),
      monthlyCo2eKg: v.nullable(v.number()),
      maxMonthlyCost: v.optional(v.number()),
      includedIn: v.optional(text(2000)),
      band: CostBandSchema,
      reason: v.optional(text(2000)),
      prices: v.optional(v.array(PriceSourceDateSchema)),
    }),
  ),
  unpriced: v.array(v.object({ address: text(2000), uri: UriSchema, reason: text(2000) })),
  ms: v.number(),
});
export type CostView = v.InferOutput<typeof CostViewSchema>;
same<Exact<CostView, CostViewResult>>();

/** Host → page: a view of the map, or the Security view (null with an error when the server could not make it), or a view of the map compared with a revision. */
export const SystemToPage = v.variant('type', [
  v.object({ type: v.literal('compare'), map: v.nullable(SystemMapSchema), diff: v.nullable(ComparisonSchema), error: v.optional(text(10_000)) }),
  v.object({ type: v.literal('map'), map: v.nullable(SystemMapSchema), error: v.optional(text(10_000)) }),
  // `changes`: while the map is compared with a revision (absent otherwise), the risks raised and resolved, or why not (`changesError`).
  v.object({ type: v.literal('security'), security: v.nullable(SecurityViewSchema), error: v.optional(text(10_000)), changes: v.optional(RiskChangesSchema), changesError: v.optional(text(10_000)) }),
  v.object({ type: v.literal('slo'), slo: v.nullable(SloViewSchema), error: v.optional(text(10_000)) }),
  v.object({ type: v.literal('continuity'), continuity: v.nullable(ContinuityViewSchema), error: v.optional(text(10_000)) }),
  v.object({ type: v.literal('cost'), cost: v.nullable(CostViewSchema), map: v.optional(v.nullable(SystemMapSchema)), error: v.optional(text(10_000)) }),
]);
export type SystemToPage = v.InferOutput<typeof SystemToPage>;

/** The formats Export… writes: the CLI's (`archipel diagram system --format …`). */
export const EXPORT_FORMATS = ['mermaid', 'structurizr', 'plantuml', 'svg', 'png'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

/** Which side of a comparison a line is on: the base revision's (a read-only document of the file at that revision) or the head's. */
export const SideSchema = v.picklist(['base', 'head']);
export type ChangeSide = v.InferOutput<typeof SideSchema>;

/**
 * Page → host: the common messages, asking for another view, exporting one (the host asks where, and writes),
 * opening a line of a comparison (a file relative to the repository's top: the host resolves it, inside the
 * workspace only) and ending the comparison.
 */
export const SystemToHost = v.variant('type', [
  ...commonToHost,
  v.object({ type: v.literal('view'), view: PanelViewSchema }),
  v.object({ type: v.literal('export'), format: v.picklist(EXPORT_FORMATS), view: ViewSchema }),
  v.object({ type: v.literal('openChange'), side: SideSchema, file: text(4096), line: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(10_000_000)) }),
  v.object({ type: v.literal('endCompare') }),
]);
export type SystemToHost = v.InferOutput<typeof SystemToHost>;

/** What VS Code keeps for the panel: the view and the folder it shows. */
export const SystemState = v.object({ view: PanelViewSchema, scope: v.optional(UriSchema), lang: v.optional(text(20)) });
export type SystemState = v.InferOutput<typeof SystemState>;
