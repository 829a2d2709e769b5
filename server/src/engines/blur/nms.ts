import { iou } from './geometry';
import type { Detection } from './types';

/**
 * Greedy non-maximum suppression per class: within each class, keep the best-scoring box and drop
 * the others overlapping it by more than `iouThreshold`. Boxes of different classes never suppress
 * each other (a face inside a car window is not a plate). Result sorted by score, best first.
 */
export function nmsPerClass(detections: readonly Detection[], iouThreshold: number): Detection[] {
  const byClass = new Map<string, Detection[]>();
  for (const d of detections) {
    const list = byClass.get(d.class);
    if (list) list.push(d);
    else byClass.set(d.class, [d]);
  }
  const kept: Detection[] = [];
  for (const list of byClass.values()) {
    list.sort((a, b) => b.score - a.score);
    const suppressed = new Uint8Array(list.length);
    for (let i = 0; i < list.length; i++) {
      if (suppressed[i]) continue;
      kept.push(list[i]);
      for (let j = i + 1; j < list.length; j++) {
        if (!suppressed[j] && iou(list[i].box, list[j].box) > iouThreshold) suppressed[j] = 1;
      }
    }
  }
  return kept.sort((a, b) => b.score - a.score);
}
