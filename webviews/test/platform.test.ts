// The webview platform every panel is built on (webviews/shared + the page template the hosts
// load): strict CSP first in <head> with the load's nonce, workspace strings shown as text, typed
// messages validated on both sides, state, constructed styles under the CSP, and the three theme
// kinds. The page under test is webviews/test/pages/platform.ts, built from the shared modules only.
import * as assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import * as path from 'node:path';
import * as v from 'valibot';
import { escapeHtml } from '../shared/escape';
import { contentSecurityPolicy, jsonForScript, pageHtml } from '../shared/html';
import { commonToHost, describeRejection, receive } from '../shared/messages';
import { WebviewHarness, type RenderOptions, type ThemeKind } from './harness';

const HOSTILE = '</script><script>window.__pwned = true</script><img src=x onerror="window.__pwned = true">';
const ENTRY = path.join(__dirname, '..', '..', '..', 'webviews', 'test', 'pages', 'platform.ts');
const range = { start: { line: 3, character: 2 }, end: { line: 3, character: 9 } };

function platformPage(data: unknown, title = 'Platform'): Pick<RenderOptions, 'document' | 'entries'> {
  return {
    entries: { platform: ENTRY },
    document: ({ nonce, cspSource, bundleUrl }) => pageHtml({ cspSource, nonce, scriptUri: bundleUrl('test-platform'), title, data }),
  };
}

describe('webview platform: page template', () => {
  it('puts the strict CSP first in <head>', () => {
    const html = pageHtml({ cspSource: 'https://x.vscode-cdn.net', nonce: 'AAAAAAAAAAAAAAAAAAAAAA==', scriptUri: 'https://x.vscode-cdn.net/p.js', title: 't' });
    const head = /<head>\s*(<[^>]+>)/.exec(html)?.[1] ?? '';
    assert.match(head, /^<meta http-equiv="Content-Security-Policy"/);
    assert.equal(
      contentSecurityPolicy({ cspSource: 'https://x.vscode-cdn.net', nonce: 'AAAAAAAAAAAAAAAAAAAAAA==' }),
      "default-src 'none'; script-src 'nonce-AAAAAAAAAAAAAAAAAAAAAA=='; style-src https://x.vscode-cdn.net; img-src https://x.vscode-cdn.net; font-src https://x.vscode-cdn.net;",
    );
    assert.match(html, /<script type="module" nonce="AAAAAAAAAAAAAAAAAAAAAA==" src="https:\/\/x\.vscode-cdn\.net\/p\.js"><\/script>/);
  });

  it('refuses remote sources, injected directives and weak nonces', () => {
    assert.throws(() => contentSecurityPolicy({ cspSource: 'https://a', nonce: 'AAAAAAAAAAAAAAAAAAAAAA==', imgSrc: ['https://cdn.example'] }), /remote/);
    assert.throws(() => contentSecurityPolicy({ cspSource: "https://a; script-src 'unsafe-inline'", nonce: 'AAAAAAAAAAAAAAAAAAAAAA==' }), /not a CSP source/);
    assert.throws(() => contentSecurityPolicy({ cspSource: 'https://a', nonce: 'abc' }), /nonce/);
    assert.throws(() => contentSecurityPolicy({ cspSource: "'self' 'unsafe-inline'", nonce: 'AAAAAAAAAAAAAAAAAAAAAA==' }), /not a CSP source/);
    assert.match(contentSecurityPolicy({ cspSource: 'https://a', nonce: 'AAAAAAAAAAAAAAAAAAAAAA==', imgSrc: ['blob:'] }), /img-src https:\/\/a blob:;/);
    // code-server's cspSource is a list.
    assert.match(contentSecurityPolicy({ cspSource: "'self' https://*.vscode-cdn.net", nonce: 'AAAAAAAAAAAAAAAAAAAAAA==' }), /style-src 'self' https:\/\/\*\.vscode-cdn\.net;/);
  });

  it('escapes workspace text in the title and embeds data as inert JSON', () => {
    const html = pageHtml({ cspSource: 'https://a', nonce: 'AAAAAAAAAAAAAAAAAAAAAA==', scriptUri: 'https://a/p.js', title: HOSTILE, data: { name: HOSTILE } });
    assert.ok(!html.includes('<script>window'), 'no script element from the title or the data');
    assert.ok(html.includes(`<title>${escapeHtml(HOSTILE)}</title>`));
    assert.ok(html.includes(jsonForScript({ name: HOSTILE })));
    assert.equal(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
  });
});

describe('webview platform: messages', () => {
  const ToHost = v.variant('type', [...commonToHost, v.object({ type: v.literal('export'), format: v.picklist(['svg', 'png']) })]);

  it('accepts the common messages and a panel’s own', () => {
    assert.ok(receive(ToHost, { type: 'ready' }).ok);
    assert.ok(receive(ToHost, { type: 'reveal', uri: 'file:///w/a.yaml', range }).ok);
    assert.ok(receive(ToHost, { type: 'export', format: 'png' }).ok);
    assert.ok(receive(ToHost, { type: 'rendered', summary: { nodes: 3, ms: 12.5 } }).ok);
  });

  it('rejects unknown types, wrong fields and script URIs, saying why', () => {
    const unknown = receive(ToHost, { type: 'runCommand', command: 'rm' });
    assert.equal(unknown.ok, false);
    const badRange = receive(ToHost, { type: 'reveal', uri: 'file:///w/a.yaml', range: { start: { line: -1, character: 0 }, end: range.end } });
    assert.equal(badRange.ok, false);
    if (!badRange.ok) assert.match(describeRejection({ type: 'reveal' }, badRange.issues), /^message "reveal" rejected: range\.start\.line: /);
    assert.equal(receive(ToHost, { type: 'reveal', uri: 'javascript:alert(1)', range }).ok, false);
    assert.equal(receive(ToHost, { type: 'export', format: 'gif' }).ok, false);
    assert.equal(receive(ToHost, null).ok, false);
  });
});

describe('webview platform: pages in Chromium', function () {
  this.timeout(120_000);
  const harness = new WebviewHarness();
  before(() => harness.launch());
  after(() => harness.close());

  it('shows workspace strings as text, runs only the nonce script, and talks to the host', async function () {
    const items = [
      { name: 'api-gateway', uri: 'file:///w/k8s/a.yaml', range },
      { name: HOSTILE, uri: 'file:///w/k8s/b.yaml', range },
    ];
    const view = await harness.render({ ...platformPage({ title: HOSTILE, items }, HOSTILE), initialState: { selected: 'api-gateway' } });
    await view.waitForMessage((m) => (m as { type?: string }).type === 'ready');
    assert.equal(await view.page.textContent('#title'), HOSTILE);
    assert.equal(await view.page.title(), HOSTILE);
    assert.deepEqual(await view.page.locator('#items li').allTextContents(), ['api-gateway', HOSTILE]);
    assert.equal(await view.page.locator('img').count(), 0);
    assert.equal(await view.page.evaluate(() => (window as unknown as { __pwned?: boolean }).__pwned ?? false), false);
    // The CSP is the first element of <head> and the page reports no violation of its own.
    assert.equal(await view.page.evaluate(() => document.head.firstElementChild?.getAttribute('http-equiv')), 'Content-Security-Policy');
    assert.deepEqual(await view.cspViolations(), []);
    // State restored from VS Code: the previous selection shows.
    assert.equal(await view.page.textContent('#selected'), 'api-gateway');
    assert.equal(await view.page.locator('li.selected').count(), 1);
    // A click keeps the new selection in the state and asks the host to reveal the range.
    await view.page.click('li[data-name="api-gateway"]');
    const reveal = await view.waitForMessage<{ uri: string; range: unknown }>((m) => (m as { type?: string }).type === 'reveal');
    assert.deepEqual(reveal, { type: 'reveal', uri: 'file:///w/k8s/a.yaml', range });
    assert.deepEqual(await view.state(), { selected: 'api-gateway' });
    // The constructed stylesheet applies under style-src = the webview origin only.
    assert.equal(await view.page.$eval('#title', (el) => getComputedStyle(el).color), 'rgb(55, 148, 255)');
    assert.deepEqual(view.blockedRequests, []);
    assert.deepEqual(view.errors, []);
    await view.screenshot('platform shows hostile strings as text');
    await view.close();
  });

  it('drops host messages that do not validate and reports them', async () => {
    const view = await harness.render(platformPage({ title: 'Start', items: [] }));
    await view.waitForMessage((m) => (m as { type?: string }).type === 'ready');
    await view.post({ type: 'items', title: 'Bad', items: [{ name: 'x', uri: 'javascript:alert(1)', range }] });
    const error = await view.waitForMessage<{ message: string }>((m) => (m as { type?: string }).type === 'pageError');
    assert.match(error.message, /message "items" rejected: items\.0\.uri/);
    assert.equal(await view.page.textContent('#title'), 'Start');
    await view.post({ type: 'items', title: 'Good', items: [{ name: 'x', uri: 'file:///w/x.yaml', range }] });
    await view.page.waitForSelector('#items li');
    assert.equal(await view.page.textContent('#title'), 'Good');
    const rendered = view.messages.filter((m) => (m as { type?: string }).type === 'rendered');
    assert.deepEqual(rendered.at(-1), { type: 'rendered', summary: { items: 1 } });
    await view.close();
  });

  it('ignores a saved state that does not validate', async () => {
    const view = await harness.render({ ...platformPage({ title: 'T', items: [] }), initialState: { selected: 42 } });
    await view.waitForMessage((m) => (m as { type?: string }).type === 'ready');
    assert.equal(await view.page.textContent('#selected'), '');
    await view.close();
  });

  it('blocks an inline <style> the page did not bring, and inline style attributes', async () => {
    const view = await harness.render(platformPage({ title: 'T', items: [] }));
    await view.waitForMessage((m) => (m as { type?: string }).type === 'ready');
    const color = await view.page.evaluate(() => {
      const style = document.createElement('style');
      style.textContent = '#title { color: rgb(1, 2, 3) !important; }';
      document.head.append(style);
      const probe = document.createElement('span');
      probe.setAttribute('style', 'color: rgb(4, 5, 6)');
      document.body.append(probe);
      return [getComputedStyle(document.getElementById('title')!).color, getComputedStyle(probe).color];
    });
    assert.notEqual(color[0], 'rgb(1, 2, 3)');
    assert.notEqual(color[1], 'rgb(4, 5, 6)');
    await view.close();
  });

  for (const theme of ['light', 'dark', 'high-contrast'] as ThemeKind[]) {
    it(`follows the ${theme} theme`, async () => {
      const view = await harness.render({ ...platformPage({ title: 'Theme', items: [{ name: 'one', uri: 'file:///w/a.yaml', range }] }), theme });
      await view.waitForMessage((m) => (m as { type?: string }).type === 'ready');
      assert.equal(await view.page.textContent('#theme'), theme);
      const colors = await view.page.evaluate(() => [getComputedStyle(document.body).backgroundColor, getComputedStyle(document.getElementById('title')!).color]);
      const expected: Record<ThemeKind, string[]> = {
        light: ['rgb(255, 255, 255)', 'rgb(0, 106, 177)'],
        dark: ['rgb(30, 30, 30)', 'rgb(55, 148, 255)'],
        'high-contrast': ['rgb(0, 0, 0)', 'rgb(33, 166, 255)'],
      };
      assert.deepEqual(colors, expected[theme]);
      const shot = await view.screenshot(`platform theme ${theme}`);
      assert.ok(existsSync(shot));
      await view.close();
    });
  }

  it('notices a theme switch while open', async () => {
    const view = await harness.render({ ...platformPage({ title: 'Theme', items: [] }), theme: 'dark' });
    await view.waitForMessage((m) => (m as { type?: string }).type === 'ready');
    await view.page.evaluate(() => {
      document.body.className = 'vscode-light';
      document.body.dataset.vscodeThemeKind = 'vscode-light';
    });
    await view.page.waitForFunction(() => document.getElementById('theme')?.textContent === 'light');
    await view.close();
  });
});
