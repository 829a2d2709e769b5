import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { iou } from './geometry';
import { writeReplacing } from '../core/output';
import type { Box, Detection } from './types';
import { t } from '../../l10n/t';
import { READ_BOUNDS, readTextBounded } from '../../disk/readText';

/** A region in the sidecar: found by a model, or drawn by the user. */
export interface SidecarRegion extends Detection {
  source: 'model' | 'user';
}

/**
 * `<name>.detections.json`: what to anonymise in one image. `regions` is the final list (model
 * detections kept plus boxes the user drew); `removed` holds model detections the user rejected,
 * so a re-detection does not bring them back.
 */
export interface Sidecar {
  archipel: 'detections/1';
  /** The image's file name, in the same folder. */
  image: string;
  /** Image size after EXIF orientation: boxes are in these pixels. */
  width: number;
  height: number;
  models: { file: string; layout: string }[];
  regions: SidecarRegion[];
  removed: Detection[];
}

/** A removed model box stays removed when a new detection of the same class overlaps it this much. */
const SAME_REGION_IOU = 0.5;

/**
 * `<name>.detections.json` beside the image; with `folder` (a preview's cache: the editor's
 * storage, outside the workspace), `<hash of the image's path>-<name>.detections.json` there, so a
 * preview writes nothing into the workspace.
 */
export function sidecarPath(image: string, folder?: string): string {
  const parsed = path.parse(image);
  if (folder === undefined) return path.join(parsed.dir, `${parsed.name}.detections.json`);
  const key = createHash('sha256').update(path.resolve(image)).digest('hex').slice(0, 16);
  return path.join(folder, `${key}-${parsed.name}.detections.json`);
}

function isBox(value: unknown): value is Box {
  return Array.isArray(value) && value.length === 4 && value.every((v) => typeof v === 'number' && Number.isFinite(v)) && value[2] > value[0] && value[3] > value[1];
}

function isDetection(value: unknown): value is Detection {
  if (!value || typeof value !== 'object') return false;
  const d = value as Record<string, unknown>;
  return typeof d.class === 'string' && d.class.length > 0 && typeof d.score === 'number' && d.score >= 0 && d.score <= 1 && isBox(d.box);
}

/** Checks a parsed sidecar; the error says which part is wrong. */
export function validateSidecar(value: unknown): Sidecar {
  if (!value || typeof value !== 'object') throw new Error('not a JSON object');
  const s = value as Record<string, unknown>;
  if (s.archipel !== 'detections/1') throw new Error('"archipel" must be "detections/1"');
  if (typeof s.image !== 'string') throw new Error('"image" must be the image file name');
  if (typeof s.width !== 'number' || typeof s.height !== 'number') throw new Error('"width" and "height" must be numbers');
  if (!Array.isArray(s.regions)) throw new Error('"regions" must be an array');
  s.regions.forEach((r, i) => {
    if (!isDetection(r) || ((r as SidecarRegion).source !== 'model' && (r as SidecarRegion).source !== 'user')) {
      throw new Error(`regions[${i}] must be {class, score (0–1), box: [x1, y1, x2, y2], source: "model" | "user"}`);
    }
  });
  const removed = s.removed ?? [];
  if (!Array.isArray(removed) || !removed.every(isDetection)) throw new Error('"removed" must be an array of {class, score, box}');
  const models = Array.isArray(s.models) ? (s.models as Sidecar['models']) : [];
  return { archipel: 'detections/1', image: s.image, width: s.width, height: s.height, models, regions: s.regions as SidecarRegion[], removed: removed };
}

/**
 * The sidecar of an image, if there is one that belongs to it; a broken one is an error. With
 * `folder`, the preview's copy there, else (never written by the preview yet) the one beside the
 * image, so the edits saved by Detect carry into the preview.
 */
export async function readSidecar(image: string, folder?: string): Promise<Sidecar | undefined> {
  if (folder !== undefined) {
    const cached = await readSidecarFile(image, sidecarPath(image, folder));
    if (cached) return cached;
  }
  return readSidecarFile(image, sidecarPath(image));
}

async function readSidecarFile(image: string, file: string): Promise<Sidecar | undefined> {
  let text: string;
  try {
    text = await readTextBounded(file, READ_BOUNDS.config);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw error;
  }
  let sidecar: Sidecar;
  try {
    sidecar = validateSidecar(JSON.parse(text));
  } catch (error) {
    throw new Error(t('{0} is not a valid detections file: {1}', path.basename(file), (error as Error).message));
  }
  if (sidecar.image !== path.basename(image)) throw new Error(t('{0} describes {1}, not {2}', path.basename(file), sidecar.image, path.basename(image)));
  return sidecar;
}

/**
 * Fresh model detections combined with the user's edits from a previous sidecar: boxes the user
 * drew are kept, model boxes matching one the user removed stay removed.
 */
export function mergeEdits(fresh: readonly Detection[], previous: Sidecar | undefined): { regions: SidecarRegion[]; removed: Detection[] } {
  const removed = previous?.removed ?? [];
  const user = previous?.regions.filter((r) => r.source === 'user') ?? [];
  const kept = fresh.filter((d) => !removed.some((r) => r.class === d.class && iou(r.box, d.box) >= SAME_REGION_IOU));
  return { regions: [...kept.map((d) => ({ ...d, source: 'model' as const })), ...user], removed: [...removed] };
}

/** Numbers as the sidecar and the CLI print them: boxes to 0.1 px, scores to 4 decimals. */
export function roundDetection<T extends Detection>(d: T): T {
  const r = (v: number, k: number) => Math.round(v * k) / k;
  return { ...d, score: r(d.score, 10_000), box: d.box.map((v) => r(v, 10)) as Box };
}

/** Writes the sidecar (temporary file, then rename: a reader never sees half a file); `folder` as in sidecarPath. */
export async function writeSidecar(image: string, sidecar: Sidecar, folder?: string): Promise<string> {
  const file = sidecarPath(image, folder);
  if (folder !== undefined) await fs.mkdir(folder, { recursive: true });
  const rounded: Sidecar = { ...sidecar, regions: sidecar.regions.map(roundDetection), removed: sidecar.removed.map(roundDetection) };
  await writeReplacing(file, Buffer.from(JSON.stringify(rounded, null, 2) + '\n'));
  return file;
}
