/**
 * Drawings kept by the diagram panel's host so that a page showing a diagram again (the panel
 * re-opened, its tab shown again: VS Code reloads hidden webviews) does not wait for Mermaid to
 * draw it a second time. Keyed by the SHA-256 of the Mermaid text and the theme kind: a drawing is
 * reused only for exactly the text and theme it was drawn from. Least recently used first out,
 * bounded in count and in size. DOM-free: the host (client/src/panels/diagramPanel.ts) holds it.
 */
import type { CachedDrawing } from './messages';

/** What a drawing counts against the bound: its characters of SVG markup and CSS. */
function weight(drawing: CachedDrawing): number {
  return drawing.svg.length + drawing.css.length;
}

export class DrawingCache {
  private readonly entries = new Map<string, CachedDrawing[]>();
  private chars = 0;

  constructor(
    private readonly maxTexts = 8,
    /** Total characters kept (SVG markup and CSS). */
    private readonly maxChars = 16_000_000,
  ) {}

  /** The drawings of a text (one per theme kind), most recent use first out last. */
  get(textHash: string): CachedDrawing[] {
    const found = this.entries.get(textHash);
    if (!found) return [];
    this.entries.delete(textHash);
    this.entries.set(textHash, found);
    return found;
  }

  /** Whether a drawing of the text is kept (its place in the order unchanged). */
  has(textHash: string): boolean {
    return this.entries.has(textHash);
  }

  put(textHash: string, drawing: CachedDrawing): void {
    const size = weight(drawing);
    if (size > this.maxChars) return;
    const previous = this.entries.get(textHash) ?? [];
    this.entries.delete(textHash);
    const kept = previous.filter((d) => {
      if (d.theme !== drawing.theme) return true;
      this.chars -= weight(d);
      return false;
    });
    this.entries.set(textHash, [...kept, drawing]);
    this.chars += size;
    for (const [hash, drawings] of this.entries) {
      if (this.entries.size <= this.maxTexts && this.chars <= this.maxChars) break;
      this.entries.delete(hash);
      for (const d of drawings) this.chars -= weight(d);
    }
  }

  get size(): { texts: number; chars: number } {
    return { texts: this.entries.size, chars: this.chars };
  }
}
