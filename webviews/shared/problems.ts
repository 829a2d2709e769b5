/** Placing a model's problems on what a dashboard draws, by position (DOM-free). */
import type { WireRange } from './messages';

type Position = WireRange['start'];

export function before(a: Position, b: Position): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Whether `position` lies within `range` (ends included: a problem may sit on a value's last character). */
export function within(position: Position, range: WireRange): boolean {
  return !before(position, range.start) && !before(range.end, position);
}

/** `line N` (1-based) of a range, as people count lines. */
export function lineLabel(range: WireRange): string {
  return `line ${range.start.line + 1}`;
}
