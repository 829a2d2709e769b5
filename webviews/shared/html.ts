/**
 * The HTML document every Archipel webview loads, built by the extension host. DOM-free: the
 * client imports it, and the webview tests render exactly what it builds.
 *
 * The Content-Security-Policy comes first in <head>: nothing loads unless this policy allows it.
 * Scripts run only with the per-load nonce; styles, images and fonts come only from the webview's
 * own resource origin (`webview.cspSource`, which serves `dist/webviews/`); nothing is remote.
 */

import { escapeHtml } from './escape';

/** JSON safe inside `<script type="application/json">`: no `</script>`, no `<!--`, no line separators. */
export function jsonForScript(value: unknown): string {
  return JSON.stringify(value ?? null)
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/**
 * A CSP source list (`webview.cspSource` is one or several sources, such as
 * `'self' https://*.vscode-cdn.net`) must not smuggle another directive or a keyword into the policy.
 */
function cspSourceValue(source: string): string {
  const tokens = source.trim().split(/\s+/);
  if (tokens.length === 0 || !tokens.every((t) => t === "'self'" || /^[^\s;,'"]+$/.test(t))) throw new Error(`not a CSP source: ${JSON.stringify(source)}`);
  return tokens.join(' ');
}

/** A nonce: base64 of random bytes (from `crypto.randomBytes` in the host). */
function nonceValue(nonce: string): string {
  if (!/^[A-Za-z0-9+/]{16,}={0,2}$/.test(nonce)) throw new Error('the nonce must be base64 of at least 12 random bytes');
  return nonce;
}

export interface PageOptions {
  /** `webview.cspSource`: the origin that serves the panel's bundle. */
  cspSource: string;
  /** Fresh for every load. */
  nonce: string;
  /** `asWebviewUri` of `dist/webviews/<panel>.js`. */
  scriptUri: string;
  /** `asWebviewUri` of the panel's CSS (`dist/webviews/<panel>.css`), when it has some. */
  styleUris?: readonly string[];
  /** Shown in the panel's tab and read by screen readers; workspace text allowed (escaped). */
  title: string;
  /** Extra image sources a panel needs (`blob:` for images made in the page); never a remote origin. */
  imgSrc?: readonly string[];
  /** Data the page reads at start (`#archipel-data`), embedded as inert JSON. */
  data?: unknown;
}

/** The Content-Security-Policy of a page. */
export function contentSecurityPolicy(options: Pick<PageOptions, 'cspSource' | 'nonce' | 'imgSrc'>): string {
  const source = cspSourceValue(options.cspSource);
  const images = [source, ...(options.imgSrc ?? []).map((s) => {
    if (/^(https?|ws|wss|ftp):/i.test(s) || s === '*') throw new Error(`remote image source refused: ${s}`);
    return cspSourceValue(s);
  })];
  return [
    "default-src 'none'",
    `script-src 'nonce-${nonceValue(options.nonce)}'`,
    `style-src ${source}`,
    `img-src ${images.join(' ')}`,
    `font-src ${source}`,
  ].join('; ') + ';';
}

/** The complete document. Every workspace-derived string goes through `escapeHtml` or `jsonForScript`. */
export function pageHtml(options: PageOptions): string {
  const nonce = nonceValue(options.nonce);
  const styles = (options.styleUris ?? []).map((uri) => `<link rel="stylesheet" href="${escapeHtml(uri)}">`);
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(contentSecurityPolicy(options))}">`,
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
    ...styles,
    `<title>${escapeHtml(options.title)}</title>`,
    '</head>',
    '<body>',
    options.data !== undefined ? `<script type="application/json" id="archipel-data">${jsonForScript(options.data)}</script>` : '',
    `<script type="module" nonce="${nonce}" src="${escapeHtml(options.scriptUri)}"></script>`,
    '</body>',
    '</html>',
  ].filter((line) => line !== '').join('\n');
}
