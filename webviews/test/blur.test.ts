// The before/after blur panel rendered under the webview CSP with fixture data: boxes with class
// and score, counts and stage times, removing and drawing boxes, thresholds, Apply, state.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import sharp from 'sharp';
import { parseBlurPageMessage, type BlurPanelData, type BlurPanelState } from '../shared/blurMessages';
import { escapeHtml } from '../shared/escape';
import { WebviewHarness, type RenderedView } from './harness';

const HOSTILE = '<img src=x onerror="window.__pwned=1">"&\'.jpg';

async function previewOf(width: number, height: number, grey: number): Promise<string> {
  const png = await sharp({ create: { width, height, channels: 3, background: { r: grey, g: grey / 2, b: 255 - grey } } }).jpeg().toBuffer();
  return png.toString('base64');
}

async function fixture(): Promise<BlurPanelData> {
  return {
    uri: 'file:///work/photos/crowd.jpg',
    name: HOSTILE,
    width: 800,
    height: 600,
    regions: [
      { class: 'face', score: 0.91, box: [100, 100, 180, 200], source: 'model' },
      { class: 'face', score: 0.64, box: [400, 120, 460, 190], source: 'model' },
      { class: 'plate', score: 1, box: [500, 400, 640, 450], source: 'user' },
    ],
    removed: [{ class: 'face', score: 0.55, box: [10, 10, 40, 40] }],
    thresholds: { face: 0.5, plate: 0.4, default: 0.5 },
    stages: { decode: 12.4, detect: 30.2, render: 6.6, encode: 9.1 },
    models: [{ file: 'yunet_n_dynamic.onnx', layout: 'yunet' }],
    notes: ['animated GIF with 3 frames: only the first frame was processed; the output is a single image'],
    preview: { mime: 'image/jpeg', width: 400, height: 300, original: await previewOf(400, 300, 40), result: await previewOf(400, 300, 200) },
  };
}

type Message = { type: string; [key: string]: unknown };
const ofType = (type: string) => (m: unknown) => (m as Message).type === type;

describe('blur panel webview', function () {
  this.timeout(120_000);
  const harness = new WebviewHarness();
  before(() => harness.launch());
  after(() => harness.close());

  async function open(options: { initialState?: BlurPanelState; theme?: 'dark' | 'light' | 'high-contrast' } = {}): Promise<{ view: RenderedView; data: BlurPanelData }> {
    const view = await harness.render({ bundle: 'blur', viewport: { width: 1100, height: 800 }, ...options });
    await view.waitForMessage(ofType('ready'));
    const data = await fixture();
    await view.post({ type: 'load', data });
    await view.page.waitForSelector('body[data-loaded="true"]');
    return { view, data };
  }

  function clean(view: RenderedView): void {
    assert.deepEqual(view.blockedRequests, [], 'the page reached for the network');
    assert.deepEqual(view.errors, [], 'console errors');
  }

  it('shows the original with its boxes, the result, counts per class and time per stage', async function () {
    const { view } = await open();
    assert.equal(await view.page.textContent('#title'), HOSTILE, 'the file name is shown as text');
    assert.equal(await view.page.locator('img').count(), 0, 'no element was made from the file name');
    assert.equal(await view.page.evaluate(() => (window as unknown as { __pwned?: number }).__pwned ?? 0), 0);
    assert.deepEqual(await view.page.locator('#before .region .label').allTextContents(), ['face 0.91', 'face 0.64', 'plate (drawn)']);
    assert.equal(await view.page.textContent('#counts'), 'face 2, plate 1');
    assert.equal(await view.page.textContent('#stages'), 'decode 12 ms · detect 30 ms · render 7 ms · encode 9 ms');
    assert.match((await view.page.textContent('#models')) ?? '', /yunet_n_dynamic\.onnx: yunet/);
    assert.match((await view.page.textContent('#notes')) ?? '', /only the first frame/);
    // Both previews are painted at their size; the boxes sit where the image pixels say.
    const sizes = await view.page.$$eval('canvas', (canvases) => canvases.map((c) => [(c).width, (c).height]));
    assert.deepEqual(sizes, [[400, 300], [400, 300]]);
    const painted = await view.page.$eval('#after canvas', (c) => Array.from((c as HTMLCanvasElement).getContext('2d')!.getImageData(200, 150, 1, 1).data));
    assert.ok(painted[0] > 150 && painted[2] < 100, `the result preview is drawn: ${painted}`);
    const first = await view.page.$eval('#before .region', (n) => [(n as HTMLElement).style.left, (n as HTMLElement).style.top, (n as HTMLElement).style.width]);
    assert.deepEqual(first, ['12.5%', '16.6667%', '10%']);
    assert.deepEqual(await view.cspViolations(), []);
    clean(view);
    assert.ok(existsSync(await view.screenshot(this.test?.fullTitle() ?? 'blur panel')));
    await view.close();
  });

  it('removing a false box saves the remaining regions and remembers the removed one', async () => {
    const { view } = await open();
    const second = view.page.locator('#before .region').nth(1);
    await second.focus();
    await second.locator('.remove').click();
    const saved = await view.waitForMessage<Message>(ofType('saveRegions'));
    assert.deepEqual(saved.regions, [
      { class: 'face', score: 0.91, box: [100, 100, 180, 200], source: 'model' },
      { class: 'plate', score: 1, box: [500, 400, 640, 450], source: 'user' },
    ]);
    assert.deepEqual(saved.removed, [
      { class: 'face', score: 0.55, box: [10, 10, 40, 40] },
      { class: 'face', score: 0.64, box: [400, 120, 460, 190] },
    ]);
    assert.equal(await view.page.textContent('#counts'), 'face 1, plate 1');
    assert.equal(await view.page.textContent('#status'), 'Saving the boxes…');
    assert.ok(parseBlurPageMessage(saved), 'the host accepts what the page sends');
    clean(view);
    await view.close();
  });

  it('draws a missed box, of the chosen class, in image pixels', async () => {
    const { view } = await open();
    await view.page.click('#draw');
    assert.equal(await view.page.getAttribute('#draw', 'aria-pressed'), 'true');
    await view.page.selectOption('#draw-class', 'plate');
    const overlay = (await view.page.locator('#before .overlay').boundingBox())!;
    // From 30 %, 60 % to 45 %, 80 % of the image: (240, 360)–(360, 480) in an 800 × 600 image.
    await view.page.mouse.move(overlay.x + overlay.width * 0.3, overlay.y + overlay.height * 0.6);
    await view.page.mouse.down();
    await view.page.mouse.move(overlay.x + overlay.width * 0.4, overlay.y + overlay.height * 0.7, { steps: 4 });
    await view.page.mouse.move(overlay.x + overlay.width * 0.45, overlay.y + overlay.height * 0.8, { steps: 4 });
    await view.page.mouse.up();
    const saved = await view.waitForMessage<{ regions: { class: string; box: number[]; source: string }[] }>(ofType('saveRegions'));
    const drawn = saved.regions[saved.regions.length - 1];
    assert.equal(drawn.class, 'plate');
    assert.equal(drawn.source, 'user');
    const expected = [240, 360, 360, 480];
    drawn.box.forEach((v, i) => assert.ok(Math.abs(v - expected[i]) <= 2, `${drawn.box} ≉ ${expected}`));
    assert.deepEqual(await view.state(), { uri: 'file:///work/photos/crowd.jpg', drawClass: 'plate' });
    clean(view);
    await view.close();
  });

  it('re-runs the detection with the thresholds set, keeps them in the state, and restores them', async () => {
    const { view } = await open();
    const face = view.page.locator('#thresholds input[data-class="face"]');
    await face.fill('0.8');
    assert.equal(await view.page.locator('#thresholds label', { hasText: 'face' }).locator('output').textContent(), '0.80');
    await view.page.click('#rerun');
    const rerun = await view.waitForMessage<Message>(ofType('rerun'));
    assert.deepEqual(rerun.thresholds, { face: 0.8, plate: 0.4, default: 0.5 });
    assert.equal(await view.page.isDisabled('#apply'), true, 'buttons wait for the run');
    assert.deepEqual(await view.state(), { uri: 'file:///work/photos/crowd.jpg', thresholds: { face: 0.8, plate: 0.4, default: 0.5 } });
    await view.close();

    const restored = await open({ initialState: { uri: 'file:///work/photos/crowd.jpg', thresholds: { face: 0.3 }, drawClass: 'plate' } });
    assert.equal(await restored.view.page.inputValue('#thresholds input[data-class="face"]'), '0.3');
    assert.equal(await restored.view.page.inputValue('#draw-class'), 'plate');
    clean(restored.view);
    await restored.view.close();
  });

  it('Apply asks the host to blur; the host says where the result went, or what failed', async function () {
    const { view } = await open({ theme: 'high-contrast' });
    await view.page.click('#apply');
    await view.waitForMessage(ofType('apply'));
    await view.post({ type: 'applied', output: 'crowd.blurred.jpg' });
    assert.equal(await view.page.textContent('#status'), 'Saved crowd.blurred.jpg');
    await view.post({ type: 'error', message: '<b>model not found</b>' });
    assert.equal(await view.page.textContent('#status'), '<b>model not found</b>');
    assert.equal(await view.page.getAttribute('#status', 'class'), 'muted error');
    // Unknown messages are ignored.
    await view.post({ type: 'load', data: 'nonsense' });
    assert.equal(await view.page.textContent('#counts'), 'face 2, plate 1');
    await view.screenshot(this.test?.fullTitle() ?? 'blur panel high contrast');
    clean(view);
    await view.close();
  });
});

describe('blur panel webview: failures and crowds', function () {
  this.timeout(120_000);
  const harness = new WebviewHarness();
  before(() => harness.launch());
  after(() => harness.close());

  it('shows the original and the error in the result\'s place when the run failed', async () => {
    const view = await harness.render({ bundle: 'blur', viewport: { width: 1100, height: 800 } });
    await view.waitForMessage(ofType('ready'));
    const original = await sharp({ create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 30, b: 30 } } }).jpeg().toBuffer();
    await view.post({ type: 'error', message: 'No face model: set archipel.blur.faceModel <or> blur.faceModel', original: { mime: 'image/jpeg', base64: original.toString('base64') } });
    await view.page.waitForSelector('body[data-loaded="error"]');
    assert.deepEqual(await view.page.$eval('#before canvas', (c) => [(c as HTMLCanvasElement).width, (c as HTMLCanvasElement).height]), [64, 48]);
    const pixel = await view.page.$eval('#before canvas', (c) => [...(c as HTMLCanvasElement).getContext('2d')!.getImageData(32, 24, 1, 1).data.slice(0, 3)]);
    assert.ok(pixel[0] > 150 && pixel[1] < 80, `the original is painted (${pixel})`);
    assert.equal(await view.page.textContent('#after-error'), 'No face model: set archipel.blur.faceModel <or> blur.faceModel');
    assert.equal(await view.page.isVisible('#after-error'), true);
    assert.deepEqual(view.errors, []);
    await view.screenshot('blur panel failure with the original');
    await view.close();
  });

  it('keeps score labels readable on a crowd: overlapping ones show on hover only', async () => {
    const view = await harness.render({ bundle: 'blur', viewport: { width: 1100, height: 800 } });
    await view.waitForMessage(ofType('ready'));
    const data = await fixture();
    // 30 small faces side by side, as on a crossing: their labels would overlap.
    data.regions = Array.from({ length: 30 }, (_, i) => ({ class: 'face', score: 0.5 + i / 100, box: [20 + i * 25, 300, 40 + i * 25, 322] as [number, number, number, number], source: 'model' as const }));
    await view.post({ type: 'load', data });
    await view.page.waitForSelector('body[data-loaded="true"]');
    const visible = () =>
      view.page.$$eval('#before .region .label', (labels) =>
        labels.filter((l) => getComputedStyle(l).display !== 'none').map((l) => {
          const r = l.getBoundingClientRect();
          return { left: r.left, right: r.right, top: r.top, bottom: r.bottom, text: l.textContent };
        }),
      );
    const shown = await visible();
    assert.ok(shown.length >= 3 && shown.length < 30, `${shown.length} labels shown`);
    for (const [i, a] of shown.entries()) for (const b of shown.slice(i + 1)) assert.ok(!(a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom), `${a.text} overlaps ${b.text}`);
    // The best score keeps its label; a tucked one appears on hover.
    assert.ok(shown.some((l) => l.text === 'face 0.79'));
    const tucked = view.page.locator('#before .region .label.tucked').first();
    await tucked.locator('..').hover();
    assert.equal(await tucked.isVisible(), true);
    await view.close();
  });
});

describe('blur panel messages (host side)', () => {
  it('accepts well-formed page messages and keeps only their fields', () => {
    assert.deepEqual(parseBlurPageMessage({ type: 'ready', extra: 1 }), { type: 'ready' });
    assert.deepEqual(parseBlurPageMessage({ type: 'rerun', thresholds: { face: 0.7 } }), { type: 'rerun', thresholds: { face: 0.7 } });
    assert.deepEqual(
      parseBlurPageMessage({ type: 'saveRegions', regions: [{ class: 'face', score: 1, box: [0, 0, 5, 5], source: 'user', html: '<b>' }], removed: [] }),
      { type: 'saveRegions', regions: [{ class: 'face', score: 1, box: [0, 0, 5, 5], source: 'user' }], removed: [] },
    );
  });

  it('rejects anything else', () => {
    for (const bad of [
      null,
      'apply',
      { type: 'delete-everything' },
      { type: 'rerun', thresholds: { face: 2 } },
      { type: 'rerun', thresholds: 'high' },
      { type: 'saveRegions', regions: [{ class: 'face', score: 1, box: [5, 5, 0, 0], source: 'user' }], removed: [] },
      { type: 'saveRegions', regions: [{ class: '', score: 1, box: [0, 0, 5, 5], source: 'user' }], removed: [] },
      { type: 'saveRegions', regions: [{ class: 'face', score: 1, box: [0, 0, 5, 5], source: 'someone' }], removed: [] },
      { type: 'saveRegions', regions: [], removed: 'all' },
    ]) {
      assert.equal(parseBlurPageMessage(bad), undefined, JSON.stringify(bad));
    }
  });

  it('escapes workspace strings for HTML', () => {
    assert.equal(escapeHtml(HOSTILE), '&lt;img src=x onerror=&quot;window.__pwned=1&quot;&gt;&quot;&amp;&#39;.jpg');
  });
});
