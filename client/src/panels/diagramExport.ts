import * as path from 'node:path';
import * as vscode from 'vscode';
import { DiagramExportRequest } from '../../../server/src/protocol/diagrams';
import type { DiagramOrigin } from '../../../webviews/diagram/messages';
import type { ArchipelLanguageClient } from '../lsp/client';

/** What to do when the file to write exists: ask (the default), overwrite, or leave it. */
export type IfExists = 'ask' | 'overwrite' | 'skip';

/**
 * Where an export goes, next to its source: `flow.mmd` → `flow.svg`; the second Mermaid block of
 * `0005-x.md` → `0005-x-diagram-2.svg`; a generated diagram → `archipel-k8s.svg` in its folder
 * (or the first workspace folder).
 */
export function exportTarget(origin: DiagramOrigin, block: number | undefined, format: 'svg' | 'png'): vscode.Uri | undefined {
  if (origin.kind === 'file') {
    const source = vscode.Uri.parse(origin.uri);
    const dir = vscode.Uri.joinPath(source, '..');
    const base = path.posix.basename(source.path).replace(/\.[^.]+$/, '');
    const markdown = /\.(md|markdown)$/i.test(source.path);
    return vscode.Uri.joinPath(dir, markdown ? `${base}-diagram-${(block ?? 0) + 1}.${format}` : `${base}.${format}`);
  }
  const folder = origin.scope && !/\.[a-z]+$/i.test(origin.scope) ? vscode.Uri.parse(origin.scope) : (origin.scope ? vscode.Uri.joinPath(vscode.Uri.parse(origin.scope), '..') : vscode.workspace.workspaceFolders?.[0]?.uri);
  return folder ? vscode.Uri.joinPath(folder, `archipel-${origin.diagram}.${format}`) : undefined;
}

async function exists(uri: vscode.Uri): Promise<boolean> {
  try {
    await vscode.workspace.fs.stat(uri);
    return true;
  } catch {
    return false;
  }
}

/** Whether an export may be written to `target`: yes when it is new; when it exists, as `ifExists` says (ask: the user's answer). Both exports (a diagram's, the System Map's) ask here. */
export async function mayWrite(target: vscode.Uri, ifExists: IfExists): Promise<boolean> {
  if (!(await exists(target))) return true;
  if (ifExists === 'skip') return false;
  if (ifExists === 'overwrite') return true;
  const replace = vscode.l10n.t('Replace');
  const choice = await vscode.window.showWarningMessage(vscode.l10n.t('{0} already exists. Replace it?', path.posix.basename(target.path)), { modal: true }, replace);
  return choice === replace;
}

/**
 * Writes the export; never replaces an existing file unless the user (or `ifExists`) says so. The
 * page's SVG is untrusted: the server checks it and makes the PNG (archipel/diagramExport).
 */
export async function writeExport(client: ArchipelLanguageClient, target: vscode.Uri, format: 'svg' | 'png', svg: string, ifExists: IfExists): Promise<vscode.Uri | undefined> {
  const bytes = Buffer.from((await client.request(DiagramExportRequest, { svg, format })).data, 'base64');
  if (!(await mayWrite(target, ifExists))) return undefined;
  await vscode.workspace.fs.writeFile(target, bytes);
  return target;
}
