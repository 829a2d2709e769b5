/**
 * Zoom and pan of the diagram: the wheel zooms around the pointer, dragging pans, the toolbar and
 * the keys + − 0 (fit, down to a legible floor: READABLE_SCALE) 1 (actual size) do the rest. The transform is applied with CSSOM
 * (`element.style.transform`), which the page's CSP allows.
 */
import type { ViewTransform } from './messages';

/**
 * The legible floor of a fit (Fit, the key 0, a first view, a resize): the drawings' 16 px labels (Mermaid's default,
 * graph.ts's FONT_SIZE) at 9 px on screen. A diagram whose whole would draw them smaller is fitted to its width
 * when that keeps them at this size or more, else shown at this scale from its start (its first node); the rest is panned
 * (drag), and − zooms out past the floor for those who want the thumbnail. A fit never shrinks text below it (#98:
 * the walkthrough's diagram, fitted whole in a third of the window, drew its labels at 3.8 px).
 */
export const READABLE_SCALE = 9 / 16;

export class ZoomPan {
  private view: ViewTransform = { scale: 1, x: 0, y: 0 };
  private drag: { pointer: number; x: number; y: number; startX: number; startY: number } | undefined;
  /** Whether the user has moved the view since the last fit (then new renders keep it). */
  moved = false;

  constructor(
    private readonly viewport: HTMLElement,
    private readonly stage: HTMLElement,
    private readonly onChange: (view: ViewTransform) => void,
    /** After each fit: whether the whole diagram is in view (else part of it, at READABLE_SCALE or its width). */
    private readonly onFit: (whole: boolean) => void = () => undefined,
  ) {
    viewport.addEventListener('wheel', (event) => {
      event.preventDefault();
      const rect = viewport.getBoundingClientRect();
      const factor = Math.exp(-event.deltaY * (event.ctrlKey ? 0.01 : 0.0015));
      this.zoomAt(factor, event.clientX - rect.left, event.clientY - rect.top);
    }, { passive: false });
    viewport.addEventListener('pointerdown', (event) => {
      if (event.button !== 0) return;
      this.drag = { pointer: event.pointerId, x: event.clientX, y: event.clientY, startX: this.view.x, startY: this.view.y };
    });
    viewport.addEventListener('pointermove', (event) => {
      if (!this.drag || event.pointerId !== this.drag.pointer) return;
      const dx = event.clientX - this.drag.x;
      const dy = event.clientY - this.drag.y;
      // A few pixels of jitter is still a click (on a node); beyond that it is a pan.
      if (!viewport.classList.contains('panning') && Math.hypot(dx, dy) < 4) return;
      viewport.classList.add('panning');
      viewport.setPointerCapture(event.pointerId);
      this.set({ scale: this.view.scale, x: this.drag.startX + dx, y: this.drag.startY + dy });
    });
    const end = (event: PointerEvent) => {
      if (this.drag?.pointer !== event.pointerId) return;
      this.drag = undefined;
      // The click that ends a pan must not open a node: cleared after the click event.
      setTimeout(() => viewport.classList.remove('panning'), 0);
    };
    viewport.addEventListener('pointerup', end);
    viewport.addEventListener('pointercancel', end);
    document.addEventListener('keydown', (event) => {
      if (event.target instanceof HTMLInputElement || event.target instanceof HTMLSelectElement) return;
      if (event.key === '+' || event.key === '=') this.zoomBy(1.25);
      else if (event.key === '-') this.zoomBy(0.8);
      else if (event.key === '0') this.fit();
      else if (event.key === '1') this.actualSize();
    });
  }

  get current(): ViewTransform {
    return { ...this.view };
  }

  /** Whether a drag has just panned (a click on a node should then be ignored). */
  get panning(): boolean {
    return this.viewport.classList.contains('panning');
  }

  set(view: ViewTransform, moved = true): void {
    const scale = Math.min(50, Math.max(0.02, view.scale));
    this.view = { scale, x: view.x, y: view.y };
    this.stage.style.transform = `translate(${this.view.x}px, ${this.view.y}px) scale(${scale})`;
    this.moved = moved;
    this.onChange(this.current);
  }

  zoomAt(factor: number, px: number, py: number): void {
    const scale = Math.min(50, Math.max(0.02, this.view.scale * factor));
    const ratio = scale / this.view.scale;
    this.set({ scale, x: px - (px - this.view.x) * ratio, y: py - (py - this.view.y) * ratio });
  }

  zoomBy(factor: number): void {
    const rect = this.viewport.getBoundingClientRect();
    this.zoomAt(factor, rect.width / 2, rect.height / 2);
  }

  /**
   * The whole diagram in view, centred, never larger than actual size — unless that would draw its labels below
   * READABLE_SCALE: then its width in view when that is legible (a tall diagram, panned down), else READABLE_SCALE
   * from its first node (a wide one, panned across). The same for Fit, the key 0, a first view and a resize.
   */
  fit(): void {
    const content = this.stage.firstElementChild as SVGSVGElement | null;
    if (!content) return;
    const { width, height } = contentSize(content);
    const rect = this.viewport.getBoundingClientRect();
    if (width === 0 || height === 0 || rect.width === 0 || rect.height === 0) return;
    const margin = 16;
    const across = Math.min(1, (rect.width - 2 * margin) / width);
    const down = (rect.height - 2 * margin) / height;
    const whole = Math.min(across, down);
    if (whole >= READABLE_SCALE) {
      this.set({ scale: whole, x: (rect.width - width * whole) / 2, y: Math.max(margin, (rect.height - height * whole) / 2) }, false);
      this.onFit(true);
      return;
    }
    const scale = Math.max(across, READABLE_SCALE);
    let x = width * scale <= rect.width - 2 * margin ? (rect.width - width * scale) / 2 : margin;
    let y = height * scale <= rect.height - 2 * margin ? (rect.height - height * scale) / 2 : margin;
    this.set({ scale, x, y }, false);
    // Its first node in view: a drawing turned top to bottom starts at the middle of its top, not at its left edge.
    const first = content.querySelector('g.node')?.getBoundingClientRect();
    if (first) {
      const left = first.left - rect.left;
      const top = first.top - rect.top;
      if (left < margin || left + first.width > rect.width - margin) x += Math.min(margin - x, rect.width / 2 - (left + first.width / 2));
      if (top < margin || top + first.height > rect.height - margin) y += Math.min(margin - y, rect.height / 2 - (top + first.height / 2));
      this.set({ scale, x, y }, false);
    }
    this.onFit(false);
  }

  /** Fits again (a redraw while typing, a resize) while the user has not moved the view. */
  refit(): void {
    this.fit();
  }

  actualSize(): void {
    this.set({ scale: 1, x: 16, y: 16 });
  }
}

/** The drawn size of a diagram's SVG (its viewBox, else its box). */
export function contentSize(svg: SVGSVGElement): { width: number; height: number } {
  const box = svg.viewBox?.baseVal;
  if (box && box.width > 0 && box.height > 0) return { width: box.width, height: box.height };
  const rect = svg.getBoundingClientRect();
  return { width: rect.width, height: rect.height };
}
