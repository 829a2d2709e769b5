/**
 * The before/after blur panel's messages, shared by the host (client/src/panels/blurPanel.ts) and
 * the page (webviews/blur/main.ts), as valibot schemas (the platform's, webviews/shared/messages.ts):
 * the host validates every page message against `BlurToHost`, the page every host message against
 * `BlurToPage`.
 */
import * as v from 'valibot';
import type { BlurFileReport, BlurRegion } from '../../server/src/protocol';
import { commonToHost, receive } from './messages';

export type Box = BlurRegion['box'];

/** A region as the panel shows and edits it: the protocol's. */
export type PanelRegion = BlurRegion;

/**
 * Everything the page shows for one image: an image's result (the protocol's BlurFileReport, the
 * engine's own shape) with what a panel needs present, and the image's URI and name.
 */
export type BlurPanelData = Required<Pick<BlurFileReport, 'width' | 'height' | 'regions' | 'removed' | 'thresholds' | 'stages' | 'models' | 'notes' | 'preview'>> & {
  /** file: URI of the image (kept in the page's state so a restored panel finds its image). */
  uri: string;
  /** The image's file name (shown as text). */
  name: string;
};

/** An image file's bytes, base64, in a format a browser decodes. */
export interface BlurOriginal {
  mime: 'image/jpeg' | 'image/png' | 'image/webp' | 'image/gif';
  base64: string;
}

/** The largest image file sent as it is with an error (base64 grows it by a third). */
export const MAX_ORIGINAL_BYTES = 20_000_000;

/** Host → page. */
export type BlurHostMessage =
  | { type: 'load'; data: BlurPanelData }
  | { type: 'busy'; what: string }
  /** The run failed; `original`: the image file itself (a format the page can show), so the panel still shows it. */
  | { type: 'error'; message: string; original?: BlurOriginal }
  | { type: 'applied'; output: string };

/** Page → host. */
export type BlurPageMessage =
  | { type: 'ready' }
  /** Run the detection again with these minimum scores. */
  | { type: 'rerun'; thresholds: Record<string, number> }
  /** The user removed or drew boxes: save them to the sidecar and render the result again. */
  | { type: 'saveRegions'; regions: PanelRegion[]; removed: Omit<PanelRegion, 'source'>[] }
  /** Blur the image from the sidecar. */
  | { type: 'apply' };

/** What the page keeps across reloads (getState/setState) and what the serializer revives from. */
export interface BlurPanelState {
  /** file: URI of the image. */
  uri: string;
  thresholds?: Record<string, number>;
  /** The class a drawn box gets. */
  drawClass?: string;
}

const LIMIT = 1_000_000;
const ClassName = v.pipe(v.string(), v.minLength(1), v.maxLength(100));
const Score = v.pipe(v.number(), v.minValue(0), v.maxValue(1));
const Coordinate = v.pipe(v.number(), v.finite(), v.minValue(0), v.maxValue(LIMIT));
const BoxSchema = v.pipe(
  v.tuple([Coordinate, Coordinate, Coordinate, Coordinate]),
  v.check((b) => b[2] > b[0] && b[3] > b[1], 'a box is [x1, y1, x2, y2] with x2 > x1 and y2 > y1'),
);
const RegionSchema = v.object({ class: ClassName, score: Score, box: BoxSchema, source: v.picklist(['model', 'user']) });
const RemovedSchema = v.object({ class: ClassName, score: Score, box: BoxSchema });
const Thresholds = v.pipe(
  v.record(ClassName, Score),
  v.check((t) => Object.keys(t).length <= 100, 'at most 100 classes'),
);

/** Page → host (the common messages of webviews/shared/messages.ts included): what the host accepts. */
export const BlurToHost = v.variant('type', [
  ...commonToHost,
  v.object({ type: v.literal('rerun'), thresholds: Thresholds }),
  v.object({ type: v.literal('saveRegions'), regions: v.pipe(v.array(RegionSchema), v.maxLength(10_000)), removed: v.pipe(v.array(RemovedSchema), v.maxLength(10_000)) }),
  v.object({ type: v.literal('apply') }),
]);

/** Host → page: what the page renders (the preview data is checked where the page reads it). */
export const BlurToPage = v.variant('type', [
  v.object({ type: v.literal('busy'), what: v.pipe(v.string(), v.maxLength(500)) }),
  v.object({
    type: v.literal('error'),
    message: v.pipe(v.string(), v.maxLength(10_000)),
    original: v.optional(v.object({ mime: v.picklist(['image/jpeg', 'image/png', 'image/webp', 'image/gif']), base64: v.pipe(v.string(), v.maxLength(Math.ceil(MAX_ORIGINAL_BYTES / 3) * 4)) })),
  }),
  v.object({ type: v.literal('applied'), output: v.pipe(v.string(), v.maxLength(1000)) }),
  v.object({ type: v.literal('load'), data: v.looseObject({ regions: v.pipe(v.array(RegionSchema), v.maxLength(10_000)), preview: v.looseObject({}) }) }),
]);

/** What the serializer revives a panel from (the page's saved state). */
export const BlurStateSchema = v.object({
  uri: v.pipe(v.string(), v.regex(/^file:/)),
  thresholds: v.optional(Thresholds),
  drawClass: v.optional(ClassName),
});

/** The page's message if it is well-formed, with only the expected fields; undefined otherwise. */
export function parseBlurPageMessage(value: unknown): BlurPageMessage | undefined {
  const received = receive(BlurToHost, value);
  if (!received.ok) return undefined;
  const message = received.message;
  // The common messages other than `ready` are the platform's (webviews/shared/messages.ts).
  return message.type === 'ready' || message.type === 'rerun' || message.type === 'saveRegions' || message.type === 'apply' ? (message) : undefined;
}

/** The host's message if it has a known shape (the page checks what it renders). */
export function parseBlurHostMessage(value: unknown): BlurHostMessage | undefined {
  const received = receive(BlurToPage, value);
  return received.ok ? (received.message as BlurHostMessage) : undefined;
}

/** Regions per class, most frequent first: [["face", 12], ["plate", 2]]. */
export function countByClass(regions: readonly { class: string }[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const r of regions) counts.set(r.class, (counts.get(r.class) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
