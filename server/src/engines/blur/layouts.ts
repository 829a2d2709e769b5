import { LAYOUT_DESCRIPTIONS, LAYOUTS, type LayoutName } from './types';
import { t } from '../../l10n/t';

/** A model output as its metadata or an inference result describes it; symbolic dims are strings. */
export interface OutputShape {
  name: string;
  dims: readonly (number | string)[];
}

export function formatShapes(outputs: readonly OutputShape[]): string {
  return outputs.map((o) => `${o.name} [${o.dims.map((d) => (typeof d === 'number' ? String(d) : d || '?')).join(', ')}]`).join(', ');
}

export class LayoutError extends Error {}

function layoutList(): string {
  return LAYOUTS.map((l) => `${l} (${LAYOUT_DESCRIPTIONS[l]})`).join('; ');
}

export function unknownLayout(outputs: readonly OutputShape[], why?: string): LayoutError {
  return new LayoutError(
    why
      ? t('Unknown output layout ({0}): the model\'s outputs are {1}. Supported layouts: {2}. Set "layout" for the model in archipel.yaml (blur section) if it is one of these.', why, formatShapes(outputs) || t('none'), layoutList())
      : t('Unknown output layout: the model\'s outputs are {0}. Supported layouts: {1}. Set "layout" for the model in archipel.yaml (blur section) if it is one of these.', formatShapes(outputs) || t('none'), layoutList()),
  );
}

const YUNET_PARTS = ['cls', 'obj', 'bbox'];
const STRIDES = [8, 16, 32];

function isYuNet(outputs: readonly OutputShape[]): boolean {
  const names = new Set(outputs.map((o) => o.name));
  return STRIDES.every((s) => YUNET_PARTS.every((p) => names.has(`${p}_${s}`)));
}

/** UltraFace: two outputs over the same priors, one with 2 values per row (scores), one with 4 (boxes). */
export function ultraFaceOutputs(outputs: readonly OutputShape[]): { scores: string; boxes: string } | undefined {
  if (outputs.length !== 2) return undefined;
  const last = (o: OutputShape) => o.dims[o.dims.length - 1];
  const scores = outputs.find((o) => o.dims.length === 3 && last(o) === 2);
  const boxes = outputs.find((o) => o.dims.length === 3 && last(o) === 4);
  if (!scores || !boxes || scores === boxes) return undefined;
  const [a, b] = [scores.dims[1], boxes.dims[1]];
  if (typeof a === 'number' && typeof b === 'number' && a !== b) return undefined;
  return { scores: scores.name, boxes: boxes.name };
}

/**
 * A single-output YOLO layout from concrete dims [1, a, b]: end-to-end exports are [1, 300, 6]
 * (at most a thousand rows of six), Ultralytics v8/11 put the few channels first ([1, 4+nc, N],
 * N in the thousands), YOLOv5 puts them last ([1, N, 5+nc]).
 */
export function yoloLayout(a: number, b: number): LayoutName | undefined {
  if (b === 6 && a <= 1000) return 'yolo-end2end';
  if (a < b && a >= 5) return 'yolov8';
  if (a > b && b >= 6) return 'yolov5';
  return undefined;
}

/**
 * The layout of a model from its output names and shapes. `'yolo'` means a single-output YOLO
 * whose dims are symbolic: the variant is read from the first result's concrete dims.
 */
export function detectLayout(outputs: readonly OutputShape[]): LayoutName | 'yolo' {
  if (isYuNet(outputs)) return 'yunet';
  if (ultraFaceOutputs(outputs)) return 'ultraface';
  if (outputs.length === 1 || (outputs.length > 1 && outputs[0].dims.length === 3 && outputs.slice(1).every((o) => o.dims.length !== 3))) {
    const dims = outputs[0].dims;
    if (dims.length === 3) {
      const [, a, b] = dims;
      if (typeof a === 'number' && typeof b === 'number') {
        const layout = yoloLayout(a, b);
        if (layout) return layout;
        throw unknownLayout(outputs);
      }
      return 'yolo';
    }
  }
  throw unknownLayout(outputs);
}

/** Checks that outputs fit a layout named in the configuration; throws a LayoutError naming the shapes if not. */
export function checkLayout(layout: LayoutName, outputs: readonly OutputShape[]): void {
  const fits = (): boolean => {
    switch (layout) {
      case 'yunet':
        return isYuNet(outputs);
      case 'ultraface':
        return ultraFaceOutputs(outputs) !== undefined;
      default:
        return outputs.length >= 1 && outputs[0].dims.length === 3;
    }
  };
  if (!fits()) throw unknownLayout(outputs, `configured as "${layout}", which does not fit`);
}
