/**
 * The before/after blur panel's messages, shared by the host (client/src/panels/blurPanel.ts) and
 * the page (webviews/blur/main.ts). The host validates every page message with `parseBlurPageMessage`.
 */
import { isArrayOf, isFiniteNumber, isNumberIn, isRecord, isRecordOf, isString, messageType } from './guards';

export type Box = [number, number, number, number];

export interface PanelRegion {
  class: string;
  score: number;
  /** [x1, y1, x2, y2] in pixels of the image as displayed. */
  box: Box;
  source: 'model' | 'user';
}

/** Everything the page shows for one image. */
export interface BlurPanelData {
  /** file: URI of the image (kept in the page's state so a restored panel finds its image). */
  uri: string;
  /** The image's file name (shown as text). */
  name: string;
  width: number;
  height: number;
  regions: PanelRegion[];
  /** Model regions the user removed (kept so a re-detection does not bring them back). */
  removed: Omit<PanelRegion, 'source'>[];
  /** Minimum score per class used for the detection; `default` for the others. */
  thresholds: Record<string, number>;
  /** Milliseconds per stage of the last run. */
  stages: { decode: number; detect: number; render: number; encode: number };
  models: { file: string; layout: string }[];
  notes: string[];
  /** Previews, base64: the original and the result with the current regions. */
  preview: { mime: 'image/jpeg' | 'image/png'; width: number; height: number; original: string; result: string };
}

/** Host → page. */
export type BlurHostMessage =
  | { type: 'load'; data: BlurPanelData }
  | { type: 'busy'; what: string }
  | { type: 'error'; message: string }
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
const isClassName = (value: unknown): value is string => typeof value === 'string' && value.length > 0 && value.length <= 100;
const isBox = (value: unknown): value is Box =>
  Array.isArray(value) && value.length === 4 && value.every((v) => isFiniteNumber(v) && v >= 0 && v <= LIMIT) && value[2] > value[0] && value[3] > value[1];
const isScore = isNumberIn(0, 1);

function isRegion(value: unknown): value is PanelRegion {
  return isRecord(value) && isClassName(value.class) && isScore(value.score) && isBox(value.box) && (value.source === 'model' || value.source === 'user');
}

function isRemoved(value: unknown): value is Omit<PanelRegion, 'source'> {
  return isRecord(value) && isClassName(value.class) && isScore(value.score) && isBox(value.box);
}

const isThresholds = isRecordOf(isScore, 100);

/** The page's message if it is well-formed, with only the expected fields; undefined otherwise. */
export function parseBlurPageMessage(value: unknown): BlurPageMessage | undefined {
  switch (messageType(value)) {
    case 'ready':
      return { type: 'ready' };
    case 'apply':
      return { type: 'apply' };
    case 'rerun': {
      const thresholds = (value as Record<string, unknown>).thresholds;
      if (!isThresholds(thresholds) || !Object.keys(thresholds).every(isClassName)) return undefined;
      return { type: 'rerun', thresholds: { ...thresholds } };
    }
    case 'saveRegions': {
      const { regions, removed } = value as Record<string, unknown>;
      if (!isArrayOf(isRegion, 10_000)(regions) || !isArrayOf(isRemoved, 10_000)(removed)) return undefined;
      return {
        type: 'saveRegions',
        regions: regions.map((r) => ({ class: r.class, score: r.score, box: [...r.box] as Box, source: r.source })),
        removed: removed.map((r) => ({ class: r.class, score: r.score, box: [...r.box] as Box })),
      };
    }
    default:
      return undefined;
  }
}

/** The host's message if it has a known shape (the page checks what it renders). */
export function parseBlurHostMessage(value: unknown): BlurHostMessage | undefined {
  const type = messageType(value);
  const v = value as Record<string, unknown>;
  if (type === 'busy' && isString(500)(v.what)) return { type, what: v.what };
  if (type === 'error' && isString(10_000)(v.message)) return { type, message: v.message };
  if (type === 'applied' && isString(1000)(v.output)) return { type, output: v.output };
  if (type === 'load' && isRecord(v.data) && isArrayOf(isRegion)(v.data.regions) && isRecord(v.data.preview)) return { type, data: v.data as unknown as BlurPanelData };
  return undefined;
}

/** Regions per class, most frequent first: [["face", 12], ["plate", 2]]. */
export function countByClass(regions: readonly { class: string }[]): [string, number][] {
  const counts = new Map<string, number>();
  for (const r of regions) counts.set(r.class, (counts.get(r.class) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}
