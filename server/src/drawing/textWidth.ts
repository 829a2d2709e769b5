/**
 * Text widths without a browser and without the fonts installed: the advance widths of Arial's metrics,
 * which Liberation Sans (the drawings' first font), Arial and Helvetica share (Liberation Sans was made
 * metric-compatible with them), in thousandths of an em, for U+0020–U+007E, U+00A0–U+017F and the punctuation labels use, read
 * from LiberationSans-Regular.ttf and LiberationSans-Bold.ttf's hmtx tables (Debian's fonts-liberation
 * 1.07.4). Kerning is left out: it only narrows a text, so a width measured here holds its text.
 *
 * The CLI's SVG lays itself out with these widths and names FONT_FAMILY; the page measures the font
 * it draws with (a canvas), falling back on these.
 */

/** The fonts a drawing names, the one measured here first. */
export const FONT_FAMILY = "'Liberation Sans', Arial, Helvetica, sans-serif";

/** A text's font: its size in pixels, bold or not. */
export interface TextStyle {
  size: number;
  bold?: boolean;
}

/** How wide a text is drawn in a style (pixels). */
export type Measure = (text: string, style: TextStyle) => number;

const REGULAR = [
  278, 278, 355, 556, 556, 889, 667, 191, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556,
  556, 556, 278, 278, 584, 584, 584, 556, 1015, 667, 667, 722, 722, 667, 611, 778, 722, 278, 500, 667, 556, 833, 722, 778,
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 278, 278, 278, 469, 556, 333, 556, 556, 500, 556, 556, 278, 556,
  556, 222, 222, 500, 222, 833, 556, 556, 556, 556, 333, 500, 278, 556, 500, 722, 500, 500, 500, 334, 260, 334, 584, 278,
  333, 556, 556, 556, 556, 260, 556, 333, 737, 370, 556, 584, 333, 737, 552, 400, 549, 333, 333, 333, 576, 537, 278, 333,
  333, 365, 556, 834, 834, 834, 611, 667, 667, 667, 667, 667, 667, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, 722,
  722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, 556, 556, 556, 556, 556, 556, 889, 500, 556,
  556, 556, 556, 278, 278, 278, 278, 556, 556, 556, 556, 556, 556, 556, 549, 611, 556, 556, 556, 556, 500, 556, 500, 667,
  556, 667, 556, 667, 556, 722, 500, 722, 500, 722, 500, 722, 500, 722, 615, 722, 556, 667, 556, 667, 556, 667, 556, 667,
  556, 667, 556, 778, 556, 778, 556, 778, 556, 778, 556, 722, 556, 722, 556, 278, 278, 278, 278, 278, 278, 278, 222, 278,
  278, 735, 444, 500, 222, 667, 500, 500, 556, 222, 556, 222, 556, 292, 556, 334, 556, 222, 722, 556, 722, 556, 722, 556,
  604, 723, 556, 778, 556, 778, 556, 778, 556, 1000, 944, 722, 333, 722, 333, 722, 333, 667, 500, 667, 500, 667, 500, 667,
  500, 611, 278, 611, 375, 611, 278, 722, 556, 722, 556, 722, 556, 722, 556, 722, 556, 722, 556, 944, 722, 667, 500, 667,
  611, 500, 611, 500, 611, 500, 222,
];
const BOLD = [
  278, 333, 474, 556, 556, 889, 722, 238, 333, 333, 389, 584, 278, 333, 278, 278, 556, 556, 556, 556, 556, 556, 556, 556,
  556, 556, 333, 333, 584, 584, 584, 611, 975, 722, 722, 722, 722, 667, 611, 778, 722, 278, 556, 722, 611, 833, 722, 778,
  667, 778, 722, 667, 611, 722, 667, 944, 667, 667, 611, 333, 278, 333, 584, 556, 333, 556, 611, 556, 611, 556, 333, 611,
  611, 278, 278, 556, 278, 889, 611, 611, 611, 611, 389, 556, 333, 611, 556, 778, 556, 556, 500, 389, 280, 389, 584, 278,
  333, 556, 556, 556, 556, 280, 556, 333, 737, 370, 556, 584, 333, 737, 552, 400, 549, 333, 333, 333, 576, 556, 278, 333,
  333, 365, 556, 834, 834, 834, 611, 722, 722, 722, 722, 722, 722, 1000, 722, 667, 667, 667, 667, 278, 278, 278, 278, 722,
  722, 778, 778, 778, 778, 778, 584, 778, 722, 722, 722, 722, 667, 667, 611, 556, 556, 556, 556, 556, 556, 889, 556, 556,
  556, 556, 556, 278, 278, 278, 278, 611, 611, 611, 611, 611, 611, 611, 549, 611, 611, 611, 611, 611, 556, 611, 556, 722,
  556, 722, 556, 722, 556, 722, 556, 722, 556, 722, 556, 722, 556, 722, 719, 722, 611, 667, 556, 667, 556, 667, 556, 667,
  556, 667, 556, 778, 611, 778, 611, 778, 611, 778, 611, 722, 611, 722, 611, 278, 278, 278, 278, 278, 278, 278, 278, 278,
  278, 785, 556, 556, 278, 722, 556, 556, 611, 278, 611, 278, 611, 385, 611, 479, 611, 278, 722, 611, 722, 611, 722, 611,
  708, 723, 611, 778, 611, 778, 611, 778, 611, 1000, 944, 722, 389, 722, 389, 722, 389, 667, 556, 667, 556, 667, 556, 667,
  556, 611, 333, 611, 479, 611, 333, 722, 611, 722, 611, 722, 611, 722, 611, 722, 611, 722, 611, 944, 778, 667, 556, 667,
  611, 500, 611, 500, 611, 500, 278,
];

/** The width of a character the tables do not hold: a full em for wide scripts (CJK, emoji), else a wide Latin letter's. */
function other(code: number): number {
  const wide = (code >= 0x1100 && code <= 0x115f) || (code >= 0x2e80 && code <= 0xa4cf) || (code >= 0xac00 && code <= 0xd7a3) || (code >= 0xf900 && code <= 0xfaff) || (code >= 0xfe30 && code <= 0xfe4f) || (code >= 0xff00 && code <= 0xff60) || (code >= 0xffe0 && code <= 0xffe6) || code >= 0x1f000;
  return wide ? 1000 : 722;
}

/** Punctuation past U+017F that labels use (dashes, quotes, bullet, ellipsis, arrows, euro): regular and bold. */
const PUNCTUATION = new Map<number, [number, number]>([
  [0x2013, [556, 556]],
  [0x2014, [1000, 1000]],
  [0x2018, [222, 278]],
  [0x2019, [222, 278]],
  [0x201c, [333, 500]],
  [0x201d, [333, 500]],
  [0x2022, [350, 350]],
  [0x2026, [1000, 1000]],
  [0x2190, [1000, 1000]],
  [0x2192, [1000, 1000]],
  [0x20ac, [556, 556]],
]);

/** The width of one character (a code point), in thousandths of an em. */
function advance(code: number, table: readonly number[], bold: boolean): number {
  if (code >= 0x20 && code <= 0x7e) return table[code - 0x20];
  if (code >= 0xa0 && code <= 0x17f) return table[code - 0xa0 + 95];
  const punctuation = PUNCTUATION.get(code);
  return punctuation ? punctuation[bold ? 1 : 0] : other(code);
}

/** A text's width in a style, from the bundled metrics: the same on every machine. */
export const textWidth: Measure = (text, style) => {
  const table = style.bold ? BOLD : REGULAR;
  let total = 0;
  for (const ch of text) total += advance(ch.codePointAt(0)!, table, style.bold === true);
  return (total * style.size) / 1000;
};
