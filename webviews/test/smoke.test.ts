// The webview test layer itself: a page rendered under the strict CSP shows fixture data as text,
// scripts without the nonce do not run, the VS Code API stand-in works, and nothing hits the network.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { WebviewHarness } from './harness';

const HOSTILE = '<script>window.__pwned = true</script><img src="https://example.invalid/x.png" onerror="window.__pwned = true">';

/** Page code as a panel would write it: reads the fixture, renders with textContent, talks to the host. */
const PAGE = `
const vscode = acquireVsCodeApi();
const data = JSON.parse(document.getElementById('archipel-data').textContent);
const list = document.getElementById('items');
for (const item of data.items) {
  const li = document.createElement('li');
  li.textContent = item.name;
  li.dataset.owner = item.owner;
  list.append(li);
}
document.getElementById('title').textContent = data.title;
window.addEventListener('message', (event) => {
  if (event.data.type === 'select') {
    document.getElementById('selected').textContent = event.data.name;
    vscode.setState({ selected: event.data.name });
  }
});
document.getElementById('open').addEventListener('click', () => vscode.postMessage({ type: 'open', name: data.items[0].name }));
vscode.postMessage({ type: 'ready', restored: vscode.getState() });
`;

const BODY = `
<h1 id="title"></h1>
<ul id="items"></ul>
<p>Selected: <span id="selected"></span></p>
<button id="open">Open</button>
<script>window.__inlineRan = true</script>
`;

describe('webview harness smoke', function () {
  // Browser start-up, not the assertions, needs more than mocha's default 2 s.
  this.timeout(120_000);
  const harness = new WebviewHarness();
  before(() => harness.launch());
  after(() => harness.close());

  it('renders fixture data as text under the strict CSP', async function () {
    const view = await harness.render({
      body: BODY,
      inlineScript: PAGE,
      data: { title: HOSTILE, items: [{ name: 'api-gateway', owner: 'platform' }, { name: HOSTILE, owner: 'x' }] },
      initialState: { selected: 'previous' },
      css: '#title { color: var(--vscode-textLink-foreground); }',
    });

    // The page ran and said so, seeing the restored state.
    const ready = await view.waitForMessage<{ restored: unknown }>((m) => (m as { type?: string }).type === 'ready');
    assert.deepEqual(ready.restored, { selected: 'previous' });

    // Hostile strings are shown, not run: no element was created from them.
    assert.equal(await view.page.textContent('#title'), HOSTILE);
    assert.deepEqual(await view.page.locator('#items li').allTextContents(), ['api-gateway', HOSTILE]);
    assert.equal(await view.page.locator('img').count(), 0);
    const flags = await view.page.evaluate(() => {
      const w = window as unknown as { __pwned?: boolean; __inlineRan?: boolean };
      return { pwned: w.__pwned ?? false, inlineRan: w.__inlineRan ?? false };
    });
    assert.deepEqual(flags, { pwned: false, inlineRan: false }, 'only the nonce-bearing script may run');
    const violations = await view.cspViolations();
    assert.ok(
      violations.some((v) => v.directive === 'script-src-elem' || v.directive === 'script-src'),
      `the inline script without nonce is reported as a CSP violation: ${JSON.stringify(violations)}`,
    );

    // Theme variables from the webview origin apply (styles allowed from cspSource only).
    const color = await view.page.$eval('#title', (el) => getComputedStyle(el).color);
    assert.equal(color, 'rgb(55, 148, 255)');

    // Host → page and page → host messages, and state.
    await view.post({ type: 'select', name: 'api-gateway' });
    assert.equal(await view.page.textContent('#selected'), 'api-gateway');
    assert.deepEqual(await view.state(), { selected: 'api-gateway' });
    await view.page.click('#open');
    await view.waitForMessage((m) => (m as { type?: string }).type === 'open');

    const shot = await view.screenshot(this.test?.fullTitle() ?? 'webview smoke');
    assert.ok(existsSync(shot));

    assert.deepEqual(view.blockedRequests, [], 'the page reached for the network');
    // The only console error is Chromium's report of the blocked inline script.
    assert.deepEqual(view.errors.filter((e) => !/Content Security Policy/.test(e)), []);
    await view.close();
  });

  it('blocks and records requests that leave the webview origin', async () => {
    const view = await harness.render({
      csp: "default-src 'none'; script-src 'nonce-{nonce}'; img-src {cspSource} https:;",
      body: '<img id="remote" src="https://example.invalid/tracker.png">',
    });
    assert.deepEqual(view.blockedRequests, ['https://example.invalid/tracker.png']);
    await view.close();
  });
});
