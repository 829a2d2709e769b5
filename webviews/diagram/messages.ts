/** The diagram panel's messages (host ↔ page). */
import * as v from 'valibot';
import { diagramClassProperties, diagramEdgeStyles, diagramShapes } from '../../server/src/protocol/diagramStyle';
import type { DiagramGraph } from '../../server/src/protocol/diagrams';
import { commonToHost, RangeSchema, UriSchema } from '../shared/messages';

/** A generated diagram's kind: the one a family's drawer declares (server/src/features/diagram/drawer.ts). */
export const DiagramKindSchema = v.pipe(v.string(), v.regex(/^[a-z][a-z0-9-]{0,39}$/));

/** What a panel shows: a file's Mermaid (a .mmd file, or the ```mermaid block of a Markdown file), or a generated diagram. */
export const DiagramOrigin = v.variant('kind', [
  v.object({ kind: v.literal('file'), uri: UriSchema }),
  v.object({ kind: v.literal('generated'), diagram: DiagramKindSchema, scope: v.optional(UriSchema) }),
]);
export type DiagramOrigin = v.InferOutput<typeof DiagramOrigin>;

/** The theme kinds a drawing is made for (VS Code's body class). */
export const DrawingTheme = v.picklist(['light', 'dark', 'high-contrast', 'high-contrast-light']);

/** A drawing the page made earlier of the same text (SVG markup as Mermaid or graph.ts made it, styles marked, and its CSS). */
export const CachedDrawing = v.object({
  theme: DrawingTheme,
  svg: v.pipe(v.string(), v.maxLength(16_000_000)),
  css: v.pipe(v.string(), v.maxLength(2_000_000)),
});
export type CachedDrawing = v.InferOutput<typeof CachedDrawing>;

/** SHA-256 of a Mermaid text, hex: what drawings are kept under. */
export const TextHash = v.pipe(v.string(), v.regex(/^[0-9a-f]{64}$/));

const GraphId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{1,200}$/));
const GraphText = v.pipe(v.string(), v.maxLength(2000));

/**
 * A generated diagram as a graph (server/src/protocol/diagrams.ts), drawn by the page itself
 * (graph.ts). Class values end up in the drawing's stylesheet: they are kept to what a colour, a
 * width or a dash pattern can be (no `;`, `{`, `}`, quotes or url()).
 */
export const DiagramGraphSchema = v.object({
  direction: v.picklist(['LR', 'TB']),
  nodes: v.pipe(
    v.array(v.object({ id: GraphId, lines: v.pipe(v.array(GraphText), v.maxLength(20)), shape: v.picklist(diagramShapes), classes: v.pipe(v.array(GraphId), v.maxLength(20)), group: v.optional(GraphId) })),
    v.maxLength(20_000),
  ),
  edges: v.pipe(v.array(v.object({ from: GraphId, to: GraphId, label: v.optional(GraphText), style: v.picklist(diagramEdgeStyles) })), v.maxLength(50_000)),
  groups: v.pipe(v.array(v.object({ id: GraphId, label: GraphText })), v.maxLength(5_000)),
  classes: v.record(GraphId, v.record(v.picklist(diagramClassProperties), v.pipe(v.string(), v.regex(/^[#A-Za-z0-9 .,%-]{1,60}$/)))),
});
// The schema checks exactly what the server sends.
({}) as v.InferOutput<typeof DiagramGraphSchema> satisfies DiagramGraph;
({}) as DiagramGraph satisfies v.InferOutput<typeof DiagramGraphSchema>;

const NodeSource = v.object({ id: v.pipe(v.string(), v.maxLength(200)), uri: UriSchema, range: RangeSchema });

/**
 * Embedded in the page by the host: its run (an id, new when the extension host starts: a drawing
 * kept in another run is gone), and whether it keeps a drawing of the text this panel last showed.
 */
export const DiagramPageData = v.object({
  session: v.pipe(v.string(), v.maxLength(64)),
  kept: v.boolean(),
  /** The panel shows a generated diagram: the page draws its graph and does not load Mermaid ahead. */
  generated: v.optional(v.boolean()),
});
export type DiagramPageData = v.InferOutput<typeof DiagramPageData>;

/** Host → page. */
export const DiagramToPage = v.variant('type', [
  v.object({
    type: v.literal('diagram'),
    origin: DiagramOrigin,
    title: v.pipe(v.string(), v.maxLength(1000)),
    /** Mermaid source; empty with `notice` when there is nothing to draw. */
    mermaid: v.pipe(v.string(), v.maxLength(5_000_000)),
    /** A generated diagram's graph: the page draws it instead of the Mermaid text (several times faster). */
    graph: v.optional(DiagramGraphSchema),
    sources: v.array(NodeSource),
    /** Shown above the diagram (where the text comes from, why it is empty). */
    notice: v.optional(v.pipe(v.string(), v.maxLength(10_000))),
    /** The Mermaid block's first line in its file (0-based), to report errors on the file's lines. */
    firstLine: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
    /** SHA-256 of `mermaid`: the page sends its drawing back under it, for the host to keep. */
    textHash: v.optional(TextHash),
    /** Drawings of exactly this text the host kept (one per theme kind): shown instead of drawing again. */
    cached: v.optional(v.array(CachedDrawing)),
  }),
  v.object({ type: v.literal('exportRequest'), format: v.picklist(['svg', 'png']) }),
]);
export type DiagramToPage = v.InferOutput<typeof DiagramToPage>;

/** Page → host. */
export const DiagramToHost = v.variant('type', [
  ...commonToHost,
  /** The current diagram as a standalone SVG file (light theme), to write next to the source. */
  v.object({ type: v.literal('export'), format: v.picklist(['svg', 'png']), svg: v.pipe(v.string(), v.maxLength(50_000_000)), width: v.number(), height: v.number() }),
  /** A drawing the page made, for the host to keep (DrawingCache) under its text's hash. */
  v.object({ type: v.literal('drawing'), textHash: TextHash, drawing: CachedDrawing }),
  /** The page could not export (nothing drawn, a syntax error). */
  v.object({ type: v.literal('exportFailed'), message: v.pipe(v.string(), v.maxLength(10_000)) }),
]);
export type DiagramToHost = v.InferOutput<typeof DiagramToHost>;

export const ViewSchema = v.object({ scale: v.pipe(v.number(), v.minValue(0.02), v.maxValue(50)), x: v.number(), y: v.number() });
export type ViewTransform = v.InferOutput<typeof ViewSchema>;

/**
 * What VS Code keeps: the origin (restored after a reload), the zoom and pan, and the host's run
 * (`DiagramPageData.session`) that keeps the drawing shown: a page shown again in the same run
 * waits for that drawing instead of loading Mermaid first.
 */
export const DiagramState = v.object({ origin: DiagramOrigin, view: v.optional(ViewSchema), keptIn: v.optional(v.pipe(v.string(), v.maxLength(64))) });
export type DiagramState = v.InferOutput<typeof DiagramState>;
