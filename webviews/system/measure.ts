/**
 * The page's side of the shared drawing (server/src/drawing/): texts measured in the font the page
 * draws them with (a canvas, once per text and style), and the sink that makes the drawing's SVG
 * elements (each workspace string set as a text node or an attribute, never parsed).
 */
import { xmlText, type SvgSink } from '../../server/src/drawing/mapSvg';
import { textWidth, type Measure } from '../../server/src/drawing/textWidth';
import { s } from '../shared/dom';

const widths = new Map<string, number>();
let context: CanvasRenderingContext2D | null | undefined;

/** The font family the drawing's texts are drawn in (system.css: the editor's UI font). */
function family(): string {
  return getComputedStyle(document.body).getPropertyValue('--vscode-font-family').trim() || 'sans-serif';
}

/** A text's width in the page's font; the bundled metrics where no canvas measures. */
export const measureInPage: Measure = (text, style) => {
  const key = `${style.size}${style.bold ? 'b' : ''}\0${text}`;
  const known = widths.get(key);
  if (known !== undefined) return known;
  context ??= document.createElement('canvas').getContext('2d');
  let width: number;
  if (context) {
    context.font = `${style.bold ? 'bold ' : ''}${style.size}px ${family()}`;
    width = context.measureText(text).width;
  } else width = textWidth(text, style);
  widths.set(key, width);
  return width;
};

/** The drawing's elements made in the page's document (what XML forbids dropped, as the file's sink does). */
export const domSink: SvgSink<SVGElement> = {
  element(tag, attributes, children = []) {
    const attrs: Record<string, string | undefined> = {};
    for (const [name, value] of Object.entries(attributes)) attrs[name] = value === undefined ? undefined : xmlText(String(value));
    return s(tag as keyof SVGElementTagNameMap, { attrs }, ...children.map((c) => (typeof c === 'string' ? xmlText(c) : c)));
  },
};
