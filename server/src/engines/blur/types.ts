import type { LayoutName } from '../../blur/section';

export type { BlurMethod, BlurShape, LayoutName } from '../../blur/section';

/** Per-class minimum scores as plain data (they cross threads with each inference): `byClass`, else `fallback`. */
export interface Thresholds {
  byClass: Readonly<Record<string, number>>;
  fallback: number;
}

/** The minimum score of a class. */
export function thresholdOf(t: Thresholds): (className: string) => number {
  return (className) => t.byClass[className] ?? t.fallback;
}

/** A box in pixels: [x1, y1, x2, y2], x2 > x1, y2 > y1. */
export type Box = [number, number, number, number];

/** One region found (or drawn): its class name, the model's score (1 for a user's box) and its box. */
export interface Detection {
  class: string;
  score: number;
  box: Box;
}


export const LAYOUTS: readonly LayoutName[] = ['yolov8', 'yolo-end2end', 'yolov5', 'yunet', 'ultraface'];

/** What each layout looks like, for messages that name the layouts supported. */
export const LAYOUT_DESCRIPTIONS: Record<LayoutName, string> = {
  yolov8: 'Ultralytics YOLOv8/YOLO11: one output [1, 4+nc, N]',
  'yolo-end2end': 'Ultralytics end-to-end (NMS inside): one output [1, 300, 6]',
  yolov5: 'YOLOv5: one output [1, N, 5+nc]',
  yunet: 'YuNet: outputs cls_8/16/32, obj_8/16/32, bbox_8/16/32 (kps optional)',
  ultraface: 'UltraFace: outputs scores [1, N, 2] and boxes [1, N, 4]',
};


/** Milliseconds spent per stage of one image. */
export interface StageTimes {
  decode: number;
  detect: number;
  render: number;
  encode: number;
}
