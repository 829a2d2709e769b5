/**
 * The pipeline DAG's zoom: the diagram's (webviews/diagram/zoom.ts), whose Fit — the button, the key 0,
 * a first drawing, a resize such as the terminal opening under the panel — never draws a stage's text
 * below MIN_LABEL_PX on screen (issue #69: it went down to 7 px): past that, the DAG is shown from its
 * top at that size, centred across when it fits, and pans. Zooming out by hand is left to the user.
 */
import { contentSize, ZoomPan } from '../diagram/zoom';

/** The smallest a stage's text is drawn on screen by a fit, in pixels. */
export const MIN_LABEL_PX = 11;
const MARGIN = 16;

export class ReadableZoom extends ZoomPan {
  constructor(
    private readonly area: HTMLElement,
    private readonly drawing: HTMLElement,
  ) {
    super(area, drawing, () => undefined);
  }

  override fit(): void {
    super.fit();
    const content = this.drawing.firstElementChild as SVGSVGElement | null;
    const smallest = content ? smallestText(content) : undefined;
    if (!content || !smallest) return;
    const floor = MIN_LABEL_PX / smallest;
    if (this.current.scale >= floor) return;
    const { width } = contentSize(content);
    const room = this.area.getBoundingClientRect().width;
    this.set({ scale: floor, x: width * floor <= room - 2 * MARGIN ? (room - width * floor) / 2 : MARGIN, y: MARGIN }, false);
  }
}

/** The smallest font size of the stages' text, in the drawing's units. */
function smallestText(svg: SVGSVGElement): number | undefined {
  let smallest: number | undefined;
  for (const text of svg.querySelectorAll('g.node text, g.node tspan')) {
    const size = parseFloat(getComputedStyle(text).fontSize);
    if (size > 0 && (smallest === undefined || size < smallest)) smallest = size;
  }
  return smallest;
}
