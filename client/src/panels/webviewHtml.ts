import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { escapeHtml } from '../../../webviews/shared/escape';

/**
 * What every Archipel webview panel shares: scripts on, resources only from the bundled page
 * folder (dist/webviews), and a page skeleton with a strict CSP. A page is `webviews/<name>/main.ts`,
 * bundled by esbuild into dist/webviews/<name>.js (+ .css).
 */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webviews')],
  };
}

/**
 * The page's HTML: the CSP comes first (nothing but this load's nonce'd script, styles and images
 * from the webview's own origin, nothing remote), then the page's stylesheet and script.
 * A fresh nonce from crypto.randomBytes per load.
 */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: string, title: string): string {
  const nonce = randomBytes(16).toString('base64');
  const asset = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webviews', file)).toString();
  const csp = [
    "default-src 'none'",
    `script-src 'nonce-${nonce}'`,
    `style-src ${webview.cspSource}`,
    `img-src ${webview.cspSource}`,
    `font-src ${webview.cspSource}`,
  ].join('; ');
  return [
    '<!DOCTYPE html>',
    '<html lang="en">',
    '<head>',
    `<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">`,
    '<meta charset="utf-8">',
    '<meta name="viewport" content="width=device-width, initial-scale=1.0">',
    `<link rel="stylesheet" href="${escapeHtml(asset(`${page}.css`))}">`,
    `<title>${escapeHtml(title)}</title>`,
    '</head>',
    '<body>',
    `<script type="module" nonce="${nonce}" src="${escapeHtml(asset(`${page}.js`))}"></script>`,
    '</body>',
    '</html>',
  ].join('\n');
}
