/**
 * Building the page's DOM without HTML strings: every text goes in as a text node, every attribute
 * through setAttribute, so a workspace string such as `<script>` is shown, never parsed.
 */

type Child = Node | string | number | null | undefined | false;

export interface Props {
  class?: string | readonly (string | false | undefined)[];
  /** Attributes (strings are set as they are; `true` sets an empty attribute; false/undefined skip). */
  attrs?: Record<string, string | number | boolean | undefined>;
  dataset?: Record<string, string | undefined>;
  title?: string;
  on?: { [K in keyof HTMLElementEventMap]?: (event: HTMLElementEventMap[K]) => void };
}

function classText(value: Props['class']): string {
  return typeof value === 'string' ? value : (value ?? []).filter(Boolean).join(' ');
}

function append(parent: Node, children: readonly Child[]): void {
  for (const child of children) {
    if (child === null || child === undefined || child === false) continue;
    parent.appendChild(typeof child === 'string' || typeof child === 'number' ? document.createTextNode(String(child)) : child);
  }
}

function apply(element: Element, props: Props | undefined): void {
  if (!props) return;
  const cls = classText(props.class);
  if (cls) element.setAttribute('class', cls);
  for (const [name, value] of Object.entries(props.attrs ?? {})) {
    if (value === undefined || value === false) continue;
    // Inline style attributes are refused by the page's CSP; event handler attributes are script.
    if (name === 'style' || /^on/i.test(name)) throw new Error(`attribute ${name} is not allowed; use classes or listeners`);
    element.setAttribute(name, value === true ? '' : String(value));
  }
  if (props.title !== undefined) element.setAttribute('title', props.title);
  if (element instanceof HTMLElement || element instanceof SVGElement) {
    for (const [key, value] of Object.entries(props.dataset ?? {})) if (value !== undefined) element.dataset[key] = value;
  }
  for (const [type, listener] of Object.entries(props.on ?? {})) element.addEventListener(type, listener as EventListener);
}

/** An HTML element: `h('td', { class: 'cell' }, 'text', child)`. */
export function h<K extends keyof HTMLElementTagNameMap>(tag: K, props?: Props, ...children: Child[]): HTMLElementTagNameMap[K] {
  const element = document.createElement(tag);
  apply(element, props);
  append(element, children);
  return element;
}

const SVG_NS = 'http://www.w3.org/2000/svg';

/** An SVG element (charts drawn by the page). */
export function s<K extends keyof SVGElementTagNameMap>(tag: K, props?: Props, ...children: Child[]): SVGElementTagNameMap[K] {
  const element = document.createElementNS<K>(SVG_NS, tag);
  apply(element, props);
  append(element, children);
  return element;
}

/** Replaces an element's children. */
export function replaceChildren(parent: Element, ...children: Child[]): void {
  parent.replaceChildren();
  append(parent, children);
}

/**
 * Styles computed in the page (a diagram's CSS, a chart's colours) applied as a constructed
 * stylesheet: CSSOM, not markup, so the CSP (`style-src` = the webview origin only) stays strict.
 */
export function adoptStyles(key: string, css: string): void {
  const sheets = document.adoptedStyleSheets.filter((sheet) => (sheet as CSSStyleSheet & { archipelKey?: string }).archipelKey !== key);
  const sheet = new CSSStyleSheet() as CSSStyleSheet & { archipelKey?: string };
  sheet.replaceSync(css);
  sheet.archipelKey = key;
  document.adoptedStyleSheets = [...sheets, sheet];
}

/** The element a page renders into: `<main id="root">`, made on first use. */
export function root(): HTMLElement {
  const element = document.getElementById('root');
  if (element) return element;
  const main = h('main', { attrs: { id: 'root', 'aria-live': 'polite' } });
  document.body.append(main);
  return main;
}
