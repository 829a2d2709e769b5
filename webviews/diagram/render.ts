/**
 * Mermaid in the webview, under the page's strict CSP (styles only from the webview origin, no
 * inline <style>, no style attributes).
 *
 * Mermaid writes its CSS into a <style> element and some styles into `style` attributes, which the
 * CSP refuses (and reports, even when the markup is only parsed by DOMPurify or DOMParser). While
 * Mermaid draws, those writes are redirected into inert places (see `renderQuietly`). The finished
 * SVG is parsed in an inert document; its CSS becomes a constructed stylesheet and its inline styles
 * CSSOM declarations; only then does it enter the page.
 * Mermaid itself runs with `securityLevel: 'strict'` (labels sanitised, no click handlers).
 */
import DOMPurify from 'dompurify';
import type { MermaidConfig } from 'mermaid' with { 'resolution-mode': 'import' };
import { adoptStyles } from '../shared/dom';
import type { CachedDrawing } from './messages';
import type { ThemeKind } from '../shared/theme';

type Mermaid = (typeof import('mermaid', { with: { 'resolution-mode': 'import' } }))['default'];

let loaded: Promise<Mermaid> | undefined;
let loadedAt: number | undefined;

/** Mermaid, loaded once (it is bundled with the page: nothing is fetched). */
export function mermaid(): Promise<Mermaid> {
  loaded ??= import('mermaid').then((m) => {
    loadedAt = performance.now();
    return m.default;
  });
  return loaded;
}

/** When Mermaid finished loading, on the page's clock (ms since the page started loading). */
export function mermaidLoadedAt(): number | undefined {
  return loadedAt;
}

/** Mermaid's default font stack: the same in the panel and in exported files. */
export const FONT_FAMILY = '"trebuchet ms", verdana, arial, sans-serif';

/** The Mermaid configuration for a theme kind: strict security, SVG text labels (exportable). */
export function configFor(kind: ThemeKind | 'export'): MermaidConfig {
  const base: MermaidConfig = {
    startOnLoad: false,
    securityLevel: 'strict',
    htmlLabels: false,
    fontFamily: FONT_FAMILY,
    maxTextSize: 2_000_000,
    maxEdges: 20_000,
    flowchart: { useMaxWidth: false },
    sequence: { useMaxWidth: false },
    class: { useMaxWidth: false },
    state: { useMaxWidth: false },
    er: { useMaxWidth: false },
  };
  if (kind === 'light' || kind === 'export') return { ...base, theme: 'default' };
  if (kind === 'dark') return { ...base, theme: 'dark' };
  // High contrast: the theme's own colours, full strength lines and text.
  const dark = kind === 'high-contrast';
  const fg = dark ? '#ffffff' : '#000000';
  const bg = dark ? '#000000' : '#ffffff';
  return {
    ...base,
    theme: 'base',
    themeVariables: {
      darkMode: dark,
      background: bg,
      primaryColor: bg,
      primaryTextColor: fg,
      primaryBorderColor: dark ? '#6fc3df' : '#0f4a85',
      secondaryColor: bg,
      tertiaryColor: bg,
      lineColor: fg,
      textColor: fg,
      mainBkg: bg,
      nodeBorder: dark ? '#6fc3df' : '#0f4a85',
      clusterBkg: bg,
      clusterBorder: dark ? '#f38518' : '#b5200d',
      edgeLabelBackground: bg,
      fontFamily: FONT_FAMILY,
    },
  };
}

let counter = 0;

/** A new drawing's id (its CSS is scoped to it): Mermaid's and graph.ts's drawings share the sequence. */
export function nextDrawingId(): string {
  return `archipel-m${++counter}`;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
const CSS_MARK = 'data-archipel-css';
const STYLE_MARK = 'data-archipel-style';

/**
 * Runs Mermaid's render with its inline styles kept out of the page: its <style> element is
 * created as an SVG <desc> (never applied, never reported), its `style` attributes (set directly or
 * through CSSOM) are written as `data-archipel-style`. The markup Mermaid serialises, sanitises (strict) and returns therefore
 * holds no inline style the CSP would refuse; `renderDiagram` applies them afterwards with CSSOM.
 */
async function renderQuietly(m: Mermaid, id: string, text: string): Promise<string> {
  const createElement = document.createElement;
  const setAttribute = Element.prototype.setAttribute;
  document.createElement = function (this: Document, tag: string, options?: ElementCreationOptions) {
    if (tag.toLowerCase() !== 'style') return createElement.call(this, tag, options);
    const holder = this.createElementNS(SVG_NS, 'desc');
    setAttribute.call(holder, CSS_MARK, '');
    return holder;
  } as typeof document.createElement;
  Element.prototype.setAttribute = function (this: Element, name: string, value: string) {
    setAttribute.call(this, name.toLowerCase() === 'style' ? STYLE_MARK : name, value);
  };
  // Styles set through CSSOM while drawing (d3's `.style()`) would serialise as style attributes:
  // Mermaid reads the markup with innerHTML, so they are moved aside just before it does.
  const innerHTML = Object.getOwnPropertyDescriptor(Element.prototype, 'innerHTML')!;
  // Mermaid writes its CSS into its <style> (our inert <desc>) before it draws, and measures labels
  // with that CSS in force. The cylinder shape ([(Database)]) places its label from the measured box's
  // x (`-(width / 2) - (bbox.x - bbox.left)`), which is -width/2 only when its CSS's
  // `text-anchor: middle` applies while measuring: measured without it (the <desc> applies nothing)
  // every cylinder's label landed half its width to the left of its shape (69 px on the example's
  // vendor node, its first letters clipped). Upstream Mermaid inserts the <style> before drawing and is
  // not affected; shapes that centre through labelHelper are not either. So the CSS is put in force as
  // a constructed stylesheet (which the CSP allows) for the time of the drawing, as Mermaid expects.
  const drawingCss = `${id}-drawing`;
  Object.defineProperty(Element.prototype, 'innerHTML', {
    ...innerHTML,
    set(this: Element, value: string) {
      if (this.hasAttribute(CSS_MARK)) adoptStyles(drawingCss, value);
      innerHTML.set!.call(this, value);
    },
    get(this: Element) {
      for (const element of this.querySelectorAll('[style]')) {
        const value = element.getAttribute('style') ?? '';
        const previous = element.getAttribute(STYLE_MARK);
        setAttribute.call(element, STYLE_MARK, previous ? `${previous};${value}` : value);
        element.removeAttribute('style');
      }
      return innerHTML.get!.call(this) as string;
    },
  });
  try {
    const { svg } = await m.render(id, text);
    return svg;
  } finally {
    document.createElement = createElement;
    Element.prototype.setAttribute = setAttribute;
    Object.defineProperty(Element.prototype, 'innerHTML', innerHTML);
    dropStyles(drawingCss);
    // Mermaid leaves its scratch element behind when it fails.
    document.getElementById(`d${id}`)?.remove();
  }
}

export interface Rendered {
  svg: SVGSVGElement;
  /** The diagram's CSS (scoped to its id), for export. */
  css: string;
  id: string;
  diagramType: string;
  /** How long each stage of the drawing took (ms), when the renderer says. */
  stages?: Record<string, number>;
}

/** Mermaid's parse error as a line (1-based, in the diagram text) and a message, when it says one. */
export interface RenderFailure {
  message: string;
  line?: number;
}

export function describeFailure(error: unknown): RenderFailure {
  const e = error as { message?: string; hash?: { loc?: { first_line?: number } } };
  const message = String(e?.message ?? error).replace(/^Parsing failed:\s*/, '');
  const line = e?.hash?.loc?.first_line ?? Number(/line (\d+)/i.exec(message)?.[1] ?? NaN);
  return { message, line: Number.isFinite(line) ? line : undefined };
}

/** Renders `text` with the configuration of `kind`; the SVG is ready to insert (styles applied by CSSOM). */
export async function renderDiagram(text: string, kind: ThemeKind | 'export'): Promise<Rendered> {
  const m = await mermaid();
  // Mermaid measures label text while it draws, before its own CSS is applied (after, by CSSOM):
  // the font it will use must already be in force for the scratch element.
  adoptStyles('archipel-mermaid-measure', `[id^="darchipel-m"], [id^="archipel-m"] { font-family: ${FONT_FAMILY}; font-size: 16px; }`);
  m.initialize(configFor(kind));
  const id = nextDrawingId();
  const markup = await renderQuietly(m, id, text);
  return adoptMarkup(markup, id);
}

/**
 * Mermaid's markup (styles marked, CSS in a marked <desc>) into the page: parsed in an inert
 * document, its CSS made a constructed stylesheet, its inline styles CSSOM declarations.
 */
function adoptMarkup(markup: string, id: string, extraCss = ''): Rendered {
  // Mermaid serialised the drawing as HTML (innerHTML) and its sanitiser re-serialised it as HTML:
  // the HTML parser reads it back exactly (and about twice as fast as the XML parser), in an inert
  // document that runs nothing and loads nothing.
  const parsed = new DOMParser().parseFromString(markup, 'text/html');
  const root = parsed.body.firstElementChild;
  if (!root || root.namespaceURI !== SVG_NS || root.localName !== 'svg' || parsed.body.childElementCount !== 1 || root.id !== id) throw new Error('Mermaid produced no SVG');
  let css = extraCss;
  for (const holder of [...root.querySelectorAll(`desc[${CSS_MARK}], style`)]) {
    css += `${holder.textContent ?? ''}\n`;
    holder.remove();
  }
  const inline: [SVGElement, string][] = [];
  for (const element of [root, ...root.querySelectorAll(`[${STYLE_MARK}], [style]`)]) {
    const value = [element.getAttribute('style'), element.getAttribute(STYLE_MARK)].filter((v) => v).join(';');
    element.removeAttribute('style');
    element.removeAttribute(STYLE_MARK);
    if (value) inline.push([element as SVGElement, value]);
  }
  // Moved into the page, not copied: the same elements then get their declarations through CSSOM.
  const svg = document.adoptNode(root) as SVGSVGElement;
  for (const [element, value] of inline) element.style.cssText = value;
  adoptStyles(id, css);
  return { svg, css, id, diagramType: svg.getAttribute('aria-roledescription') ?? '' };
}

/** A drawing as the host keeps it (DrawingCache): the markup with its styles marked again, and its CSS. */
export function drawingOf(rendered: Rendered, theme: CachedDrawing['theme']): CachedDrawing {
  const copy = rendered.svg.cloneNode(true) as SVGSVGElement;
  for (const element of [copy, ...copy.querySelectorAll('[style]')]) {
    element.setAttribute(STYLE_MARK, element.getAttribute('style') ?? '');
    element.removeAttribute('style');
  }
  return { theme, svg: copy.outerHTML, css: rendered.css };
}

/**
 * Shows a drawing kept by the host instead of drawing again. It is never trusted more than a fresh
 * drawing: the markup must pass DOMPurify with SVG only (no HTML, no foreignObject, no script, no
 * handler, no <style>) without losing anything, else the page draws the text again.
 */
export function restoreDrawing(drawing: CachedDrawing): Rendered {
  // A kept drawing has no <style> (its CSS travels apart): one in the markup is refused too.
  const clean = DOMPurify.sanitize(drawing.svg, { USE_PROFILES: { svg: true, svgFilters: true }, ADD_ATTR: ['dominant-baseline', 'role'], FORBID_TAGS: ['style'] });
  // DOMPurify lists the <body> it parsed into (not part of the result) among what it removed.
  const removed = DOMPurify.removed.filter((r) => !('element' in r && r.element.nodeName === 'BODY'));
  if (removed.length > 0) throw new Error(`The kept drawing was refused: DOMPurify removed ${removed.length} element(s) or attribute(s)`);
  const id = /^<svg[^>]*\sid="(archipel-m(\d+))"/.exec(clean);
  if (!id) throw new Error('The kept drawing is not a diagram of this page');
  // Later drawings get ids after this one (their CSS is scoped by id).
  counter = Math.max(counter, Number(id[2]));
  return adoptMarkup(clean, id[1], drawing.css);
}

/** Removes a rendered diagram's stylesheet when it leaves the page. */
export function dropStyles(id: string): void {
  adoptStyles(id, '');
}

/**
 * A standalone SVG file of a diagram: the CSS back inside as a <style> element (outside the
 * webview there is no CSP), explicit width and height from the viewBox, well-formed XML.
 */
export function standaloneSvg(rendered: Rendered, background?: string): string {
  const svg = rendered.svg.cloneNode(true) as SVGSVGElement;
  const box = svg.viewBox.baseVal;
  if (box && box.width > 0 && box.height > 0) {
    svg.setAttribute('width', String(Math.ceil(box.width)));
    svg.setAttribute('height', String(Math.ceil(box.height)));
  }
  svg.removeAttribute('style');
  svg.setAttribute('xmlns', 'http://www.w3.org/2000/svg');
  const style = document.createElementNS('http://www.w3.org/2000/svg', 'style');
  style.textContent = rendered.css + (background ? `\n#${rendered.id} { background: ${background}; }` : '');
  svg.insertBefore(style, svg.firstChild);
  // Inline declarations set by CSSOM serialise back into style attributes: fine in a file.
  return `<?xml version="1.0" encoding="UTF-8"?>\n${new XMLSerializer().serializeToString(svg)}\n`;
}
