import { randomBytes } from 'node:crypto';
import * as vscode from 'vscode';
import { pageHtml } from '../../../webviews/shared/html';

/**
 * What every Archipel webview panel shares: scripts on, resources only from the bundled page
 * folder (dist/webviews), and the page document of webviews/shared/html.ts (the strict CSP first in
 * <head>). A page is `webviews/<name>/main.ts`, bundled by esbuild into dist/webviews/<name>.js (+ .css).
 */
export function webviewOptions(extensionUri: vscode.Uri): vscode.WebviewPanelOptions & vscode.WebviewOptions {
  return {
    enableScripts: true,
    enableCommandUris: false,
    localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist', 'webviews')],
  };
}

export interface PageExtras {
  /** Data the page reads at start (`#archipel-data`), embedded as inert JSON. */
  data?: unknown;
  /** Extra image sources (`blob:`), never remote. */
  imgSrc?: readonly string[];
}

/**
 * The page's HTML for one load: a fresh nonce from crypto.randomBytes, every URI through
 * `asWebviewUri`, every string escaped.
 */
export function webviewHtml(webview: vscode.Webview, extensionUri: vscode.Uri, page: string, title: string, extras: PageExtras = {}): string {
  const asset = (file: string) => webview.asWebviewUri(vscode.Uri.joinPath(extensionUri, 'dist', 'webviews', file)).toString();
  return pageHtml({
    cspSource: webview.cspSource,
    nonce: randomBytes(16).toString('base64'),
    scriptUri: asset(`${page}.js`),
    styleUris: [asset(`${page}.css`)],
    title,
    imgSrc: extras.imgSrc,
    data: extras.data,
  });
}
