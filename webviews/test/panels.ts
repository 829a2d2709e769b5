// Renders a panel's real bundle (dist/webviews/<bundle>.js + .css) in the real page template
// (webviews/shared/html.ts), as its host does in VS Code.
import { pageHtml } from '../shared/html';
import type { RenderedView, RenderOptions, WebviewHarness } from './harness';

export interface PanelOptions extends Omit<RenderOptions, 'document' | 'bundle'> {
  title?: string;
  /** Embedded start data (`#archipel-data`), when the host gives some. */
  pageData?: unknown;
}

export async function renderPanel(harness: WebviewHarness, bundle: string, options: PanelOptions = {}): Promise<RenderedView> {
  const view = await harness.render({
    ...options,
    document: ({ nonce, cspSource, bundleUrl }) =>
      pageHtml({
        cspSource,
        nonce,
        scriptUri: bundleUrl(bundle),
        styleUris: [bundleUrl(bundle).replace(/\.js$/, '.css')],
        title: options.title ?? bundle,
        data: options.pageData,
      }),
  });
  await view.waitForMessage((m) => (m as { type?: string }).type === 'ready', 15_000);
  return view;
}

/** The page's latest `rendered` summary after `since` messages, waiting for one. */
export async function rendered(view: RenderedView, since = 0, timeoutMs = 15_000): Promise<Record<string, unknown>> {
  const message = await view.waitForMessage<{ summary: Record<string, unknown> }>(
    (m) => (m as { type?: string }).type === 'rendered' && view.messages.indexOf(m) >= since,
    timeoutMs,
  );
  return message.summary;
}

/** Canvases uPlot drew that have something on them (not a blank bitmap). */
export async function paintedCanvases(view: RenderedView, selector: string): Promise<number> {
  return view.page.evaluate((sel) => {
    let painted = 0;
    for (const canvas of document.querySelectorAll<HTMLCanvasElement>(`${sel} canvas`)) {
      const pixels = canvas.getContext('2d')?.getImageData(0, 0, canvas.width, canvas.height).data;
      if (pixels?.some((v, i) => i % 4 === 3 && v !== 0)) painted++;
    }
    return painted;
  }, selector);
}
