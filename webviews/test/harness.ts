// Renders webview pages in headless Chromium the way VS Code hosts them: a strict CSP with a
// script nonce, styles only from the webview's own origin, `acquireVsCodeApi()` available before
// any page script runs, host messages delivered as `message` events. Nothing reaches the network:
// every request outside the page's own virtual origin is aborted and recorded.
//
//   const harness = new WebviewHarness();
//   before(() => harness.launch());
//   after(() => harness.close());
//   it('renders', async () => {
//     const view = await harness.render({ bundle: 'raci', data: fixture });
//     ...
//     await view.screenshot('raci renders');
//   });
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import { chromium, type Browser, type BrowserContext, type ConsoleMessage, type Page } from 'playwright-core';
import { jsonForScript } from '../shared/html';

/** Repository root: this file runs from out/webviews/test/. */
export const REPO_ROOT = path.resolve(__dirname, '..', '..', '..');
export const WEBVIEW_DIST = path.join(REPO_ROOT, 'dist', 'webviews');
export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results', 'webviews');

/** Shared with scripts/test-extension.mjs: headless, no sandbox (root on CI), no background traffic. */
const chromiumConfig = JSON.parse(readFileSync(path.join(REPO_ROOT, 'scripts', 'lib', 'chromium.json'), 'utf8')) as { executablePath: string; args: string[] };
export const CHROMIUM_PATH = process.env.ARCHIPEL_CHROMIUM || chromiumConfig.executablePath;
export const CHROMIUM_ARGS = chromiumConfig.args;

/** The page's origin, standing in for VS Code's `webview.cspSource`. Never resolved: served by route. */
export const WEBVIEW_ORIGIN = 'https://webview.archipel.test';

export type ThemeKind = 'dark' | 'light' | 'high-contrast';

export interface RenderOptions {
  /** HTML placed in `<body>`. Written by the test, so trusted; workspace strings belong in `data`. */
  body?: string;
  /** Fixture data: embedded as inert JSON in `<script type="application/json" id="archipel-data">`. */
  data?: unknown;
  /** A panel bundle, `dist/webviews/<bundle>.js` (browser ESM from esbuild), loaded by nonce. */
  bundle?: string;
  /** Test-only page code, run as a nonce'd module after the bundle. */
  inlineScript?: string;
  /** Extra CSS, served from the webview origin (CSP allows styles from there only). */
  css?: string;
  theme?: ThemeKind;
  /** What `vscode.getState()` returns at start, as when VS Code restores a panel. */
  initialState?: unknown;
  /** Replaces the default CSP; `{nonce}` and `{cspSource}` are substituted. */
  csp?: string;
  viewport?: { width: number; height: number };
  /**
   * The whole document instead of the harness's own: built by the code under test (the panel
   * template of webviews/shared/html.ts), given the load's nonce, the webview origin, and the URL
   * of a bundle. `theme` still applies: its variables are added as the first stylesheet.
   */
  document?: (context: { nonce: string; cspSource: string; bundleUrl: (bundle: string) => string }) => string;
  /** A page entry (`.ts`) bundled on the fly with esbuild, served as bundle `test-<name>` (test pages). */
  entries?: Record<string, string>;
}

export interface RenderedView {
  page: Page;
  nonce: string;
  /** Messages the page sent with `vscode.postMessage`, in order (JSON round-tripped, as VS Code does). */
  messages: unknown[];
  /** Requests outside the webview origin, aborted. A well-behaved page leaves this empty. */
  blockedRequests: string[];
  /** CSP violations the page reported (`securitypolicyviolation`): directive and blocked URI. */
  cspViolations(): Promise<Array<{ directive: string; blockedURI: string }>>;
  /** Console errors and uncaught exceptions. */
  errors: string[];
  /** The state last passed to `vscode.setState`. */
  state(): Promise<unknown>;
  /** Delivers a host → page message, like `webview.postMessage`. */
  post(message: unknown): Promise<void>;
  /** Resolves with the first posted message matching `predicate`, polling until `timeoutMs`. */
  waitForMessage<T = unknown>(predicate: (message: unknown) => boolean, timeoutMs?: number): Promise<T>;
  /** Saves `test-results/webviews/<name>.png` (full page) and returns its path. */
  screenshot(name: string): Promise<string>;
  close(): Promise<void>;
}

const DEFAULT_CSP =
  "default-src 'none'; script-src 'nonce-{nonce}'; style-src {cspSource}; img-src {cspSource}; font-src {cspSource};";

/** A small, representative subset of the `--vscode-*` variables VS Code defines, per theme kind. */
const THEMES: Record<ThemeKind, Record<string, string>> = {
  dark: {
    'foreground': '#cccccc',
    'editor-background': '#1e1e1e',
    'editor-foreground': '#d4d4d4',
    'focusBorder': '#007fd4',
    'button-background': '#0e639c',
    'button-foreground': '#ffffff',
    'panel-border': '#80808059',
    'textLink-foreground': '#3794ff',
    'errorForeground': '#f48771',
    'editorWarning-foreground': '#cca700',
    'badge-background': '#4d4d4d',
    'badge-foreground': '#ffffff',
    'contrastBorder': 'transparent',
  },
  light: {
    'foreground': '#616161',
    'editor-background': '#ffffff',
    'editor-foreground': '#000000',
    'focusBorder': '#0090f1',
    'button-background': '#007acc',
    'button-foreground': '#ffffff',
    'panel-border': '#80808059',
    'textLink-foreground': '#006ab1',
    'errorForeground': '#a1260d',
    'editorWarning-foreground': '#bf8803',
    'badge-background': '#c4c4c4',
    'badge-foreground': '#333333',
    'contrastBorder': 'transparent',
  },
  'high-contrast': {
    'foreground': '#ffffff',
    'editor-background': '#000000',
    'editor-foreground': '#ffffff',
    'focusBorder': '#f38518',
    'button-background': '#000000',
    'button-foreground': '#ffffff',
    'panel-border': '#6fc3df',
    'textLink-foreground': '#21a6ff',
    'errorForeground': '#f48771',
    'editorWarning-foreground': '#ffd370',
    'badge-background': '#000000',
    'badge-foreground': '#ffffff',
    'contrastBorder': '#6fc3df',
  },
};

function themeCss(kind: ThemeKind): string {
  const vars = Object.entries(THEMES[kind])
    .map(([name, value]) => `  --vscode-${name}: ${value};`)
    .join('\n');
  return `:root {\n${vars}\n  --vscode-font-family: sans-serif;\n  --vscode-font-size: 13px;\n  --vscode-editor-font-family: monospace;\n}\n` +
    'body { background: var(--vscode-editor-background); color: var(--vscode-editor-foreground); ' +
    'font-family: var(--vscode-font-family); font-size: var(--vscode-font-size); margin: 0; padding: 0 20px; }\n';
}

/** Runs in the page before any of its scripts: VS Code's webview API, and CSP reporting. */
function installWebviewApi(initialState: unknown): void {
  type Probe = { state: unknown; violations: Array<{ directive: string; blockedURI: string }>; acquired: boolean };
  const w = window as unknown as {
    __archipelProbe: Probe;
    __archipelPostMessage(message: unknown): void;
    __archipelSetState(state: unknown): void;
    acquireVsCodeApi(): unknown;
  };
  const probe: Probe = { state: initialState, violations: [], acquired: false };
  w.__archipelProbe = probe;
  document.addEventListener('securitypolicyviolation', (e) => {
    probe.violations.push({ directive: e.effectiveDirective, blockedURI: e.blockedURI });
  });
  const api = Object.freeze({
    postMessage(message: unknown): void {
      // VS Code serialises messages; a non-JSON value fails here as it would there.
      w.__archipelPostMessage(JSON.parse(JSON.stringify(message)));
    },
    getState(): unknown {
      return probe.state;
    },
    setState<T>(state: T): T {
      probe.state = JSON.parse(JSON.stringify(state));
      w.__archipelSetState(probe.state);
      return state;
    },
  });
  // As in VS Code, the API can be acquired once per page.
  w.acquireVsCodeApi = () => {
    if (probe.acquired) throw new Error('An instance of the VS Code API has already been acquired');
    probe.acquired = true;
    return api;
  };
}

/**
 * Chromium measures text with the fonts of scripts/lib/fonts.conf only (Liberation, installed by
 * scripts/lib/system-deps.mjs), so labels wrap the same way on every
 * machine, whatever fonts it happens to have.
 */
function fontEnvironment(): Record<string, string> {
  const fontsConf = path.join(REPO_ROOT, 'scripts', 'lib', 'fonts.conf');
  const liberation = '/usr/share/fonts/truetype/liberation';
  if (!existsSync(liberation)) {
    throw new Error(`${liberation} not found: run \`node scripts/lib/system-deps.mjs\` (installs fonts-liberation)`);
  }
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) if (value !== undefined) env[key] = value;
  env.FONTCONFIG_FILE = fontsConf;
  return env;
}

export class WebviewHarness {
  private browser: Browser | undefined;
  private readonly contexts = new Set<BrowserContext>();

  /** Starts Chromium; call once per test file (mocha `before`). */
  async launch(): Promise<void> {
    if (!existsSync(CHROMIUM_PATH)) {
      throw new Error(`${CHROMIUM_PATH} not found: run \`node scripts/lib/system-deps.mjs\` (installs chromium)`);
    }
    this.browser = await chromium.launch({ executablePath: CHROMIUM_PATH, args: CHROMIUM_ARGS, headless: true, env: fontEnvironment() });
  }

  /** Closes every page and the browser (mocha `after`). */
  async close(): Promise<void> {
    await Promise.all([...this.contexts].map((c) => c.close().catch(() => undefined)));
    this.contexts.clear();
    await this.browser?.close();
    this.browser = undefined;
  }

  /** Renders one page in its own browser context (fresh storage, no shared state between tests). */
  async render(options: RenderOptions = {}): Promise<RenderedView> {
    if (!this.browser) throw new Error('WebviewHarness.launch() has not run: call it in a before() hook');
    const nonce = randomBytes(16).toString('base64');
    const csp = (options.csp ?? DEFAULT_CSP).replace(/\{nonce\}/g, nonce).replace(/\{cspSource\}/g, WEBVIEW_ORIGIN);

    /** Files served from the webview origin, by path. */
    const files = new Map<string, { body: string | Buffer; type: string }>();
    files.set('/theme.css', { body: themeCss(options.theme ?? 'dark'), type: 'text/css' });
    const head: string[] = [
      `<meta http-equiv="Content-Security-Policy" content="${csp}">`,
      '<meta charset="utf-8">',
      '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
      `<link rel="stylesheet" href="${WEBVIEW_ORIGIN}/theme.css">`,
    ];
    if (options.css !== undefined) {
      files.set('/test.css', { body: options.css, type: 'text/css' });
      head.push(`<link rel="stylesheet" href="${WEBVIEW_ORIGIN}/test.css">`);
    }
    const scripts: string[] = [];
    if (options.bundle !== undefined) {
      const js = path.join(WEBVIEW_DIST, `${options.bundle}.js`);
      if (!existsSync(js)) throw new Error(`${js} not found: run \`node esbuild.mjs\` (builds webviews/${options.bundle}/main.ts)`);
      if (existsSync(path.join(WEBVIEW_DIST, `${options.bundle}.css`))) {
        head.push(`<link rel="stylesheet" href="${WEBVIEW_ORIGIN}/dist/webviews/${options.bundle}.css">`);
      }
      scripts.push(`<script type="module" nonce="${nonce}" src="${WEBVIEW_ORIGIN}/dist/webviews/${options.bundle}.js"></script>`);
    }
    if (options.inlineScript !== undefined) {
      scripts.push(`<script type="module" nonce="${nonce}">\n${options.inlineScript}\n</script>`);
    }
    const kind = options.theme ?? 'dark';
    const html = [
      '<!DOCTYPE html>',
      '<html lang="en">',
      `<head>\n${head.join('\n')}\n<title>webview test</title>\n</head>`,
      `<body class="vscode-${kind}" data-vscode-theme-kind="vscode-${kind}">`,
      options.data !== undefined ? `<script type="application/json" id="archipel-data">${jsonForScript(options.data)}</script>` : '',
      options.body ?? '',
      ...scripts,
      '</body>',
      '</html>',
    ].join('\n');
    if (options.document) {
      // The document under test, with the theme's variables and body class as VS Code adds them.
      const themed = options
        .document({ nonce, cspSource: WEBVIEW_ORIGIN, bundleUrl: (bundle) => `${WEBVIEW_ORIGIN}/dist/webviews/${bundle}.js` })
        .replace(/<head>([\s\S]*?)(<\/head>)/, (_m, inner: string, end: string) => `<head>${inner}<link rel="stylesheet" href="${WEBVIEW_ORIGIN}/theme.css">\n${end}`)
        .replace(/<body([^>]*)>/, `<body$1 class="vscode-${kind}" data-vscode-theme-kind="vscode-${kind}">`);
      files.set('/index.html', { body: themed, type: 'text/html' });
    } else {
      files.set('/index.html', { body: html, type: 'text/html' });
    }
    for (const [name, entry] of Object.entries(options.entries ?? {})) {
      files.set(`/dist/webviews/test-${name}.js`, { body: await bundleEntry(entry), type: 'text/javascript' });
    }

    const context = await this.browser.newContext({
      viewport: options.viewport ?? { width: 1000, height: 700 },
      serviceWorkers: 'block',
    });
    this.contexts.add(context);
    const blockedRequests: string[] = [];
    await context.route('**/*', async (route) => {
      const url = new URL(route.request().url());
      if (url.origin === WEBVIEW_ORIGIN) {
        const file = files.get(url.pathname) ?? distFile(url.pathname);
        if (file) return route.fulfill({ status: 200, contentType: file.type, body: file.body });
        return route.fulfill({ status: 404, body: '' });
      }
      blockedRequests.push(url.href);
      return route.abort('blockedbyclient');
    });

    const page = await context.newPage();
    const messages: unknown[] = [];
    const errors: string[] = [];
    let lastState: unknown = options.initialState;
    page.on('console', (msg: ConsoleMessage) => {
      if (msg.type() === 'error') errors.push(msg.text());
    });
    page.on('pageerror', (err) => errors.push(err.stack ?? err.message));
    await page.exposeFunction('__archipelPostMessage', (message: unknown) => void messages.push(message));
    await page.exposeFunction('__archipelSetState', (state: unknown) => void (lastState = state));
    await page.addInitScript(installWebviewApi, options.initialState ?? null);
    await page.goto(`${WEBVIEW_ORIGIN}/index.html`, { waitUntil: 'load' });

    return {
      page,
      nonce,
      messages,
      blockedRequests,
      errors,
      cspViolations: () =>
        page.evaluate(() => (window as unknown as { __archipelProbe: { violations: Array<{ directive: string; blockedURI: string }> } }).__archipelProbe.violations),
      state: async () => lastState,
      post: async (message: unknown) => {
        // As JSON text, as VS Code hands messages to a webview (and far quicker for Playwright to
        // copy into the page than an object graph: a 200-node diagram took it ~0.2 s).
        await page.evaluate((json) => void window.dispatchEvent(new MessageEvent('message', { data: JSON.parse(json) as unknown })), JSON.stringify(message));
      },
      waitForMessage: async <T>(predicate: (message: unknown) => boolean, timeoutMs = 5000): Promise<T> => {
        const deadline = Date.now() + timeoutMs;
        for (;;) {
          const found = messages.find(predicate);
          if (found !== undefined) return found as T;
          if (Date.now() > deadline) {
            throw new Error(`no matching message within ${timeoutMs} ms; got ${JSON.stringify(messages)}`);
          }
          await new Promise((r) => setTimeout(r, 25));
        }
      },
      screenshot: async (name: string) => {
        mkdirSync(SCREENSHOT_DIR, { recursive: true });
        const file = path.join(SCREENSHOT_DIR, `${safeName(name)}.png`);
        await page.screenshot({ path: file, fullPage: true });
        return file;
      },
      close: async () => {
        this.contexts.delete(context);
        await context.close();
      },
    };
  }
}

const bundled = new Map<string, string>();
/** A test page bundled for the browser as esbuild.mjs bundles panels (ESM, es2022), cached per run. */
async function bundleEntry(entry: string): Promise<string> {
  const cached = bundled.get(entry);
  if (cached !== undefined) return cached;
  const esbuild = await import('esbuild');
  const result = await esbuild.build({ entryPoints: [entry], bundle: true, write: false, outfile: 'page.js', format: 'esm', platform: 'browser', target: 'es2022', logLevel: 'silent' });
  const js = result.outputFiles.find((f) => f.path.endsWith('.js'))?.text ?? '';
  bundled.set(entry, js);
  return js;
}

/** Serves other files of the webview bundle folder (chunks, fonts, source maps). */
function distFile(pathname: string): { body: Buffer; type: string } | undefined {
  if (!pathname.startsWith('/dist/webviews/')) return undefined;
  const file = path.resolve(REPO_ROOT, `.${pathname}`);
  if (!file.startsWith(WEBVIEW_DIST + path.sep) || !existsSync(file)) return undefined;
  const types: Record<string, string> = {
    '.js': 'text/javascript',
    '.css': 'text/css',
    '.map': 'application/json',
    '.svg': 'image/svg+xml',
    '.png': 'image/png',
    '.woff2': 'font/woff2',
    '.ttf': 'font/ttf',
  };
  return { body: readFileSync(file), type: types[path.extname(file)] ?? 'application/octet-stream' };
}

/** A file name from a test title: keeps letters, digits, dot, dash, underscore and spaces as dashes. */
export function safeName(name: string): string {
  return name.trim().replace(/[^\w.-]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 120) || 'screenshot';
}
