import * as vscode from 'vscode';
import { DiagramExportRequest } from '../../../server/src/protocol/diagrams';
import { SystemMapRequest, type SystemMapView } from '../../../server/src/protocol/system';
import type { ExportFormat } from '../../../webviews/system/messages';
import type { ArchipelLanguageClient } from '../lsp/client';
import { mayWrite, type IfExists } from './diagramExport';

/** Each format's file ending and its name in the save dialog. */
const files: Record<ExportFormat, { extension: string; label: string }> = {
  mermaid: { extension: 'mmd', label: 'Mermaid' },
  structurizr: { extension: 'dsl', label: 'Structurizr DSL' },
  plantuml: { extension: 'puml', label: 'PlantUML' },
  svg: { extension: 'svg', label: 'SVG' },
  png: { extension: 'png', label: 'PNG' },
};

/** The formats to choose from, in the order the panel's Export… lists them. */
export const exportChoices = (Object.keys(files) as ExportFormat[]).map((format) => ({ format, label: files[format].label }));

export interface SystemExport {
  format: ExportFormat;
  view: SystemMapView;
  /** The folder the map is limited to (a URI); the workspace when absent. */
  scope?: string;
  /** Where to write (a URI); the save dialog asks when absent. */
  target?: string;
  ifExists?: IfExists;
}

/**
 * Writes a view of the system map in one of the CLI's formats to a file the user picks: the text is
 * the server's (`archipel/systemMap` with a format: what `archipel diagram system --format` prints), a
 * PNG made by the server from that SVG (`archipel/diagramExport`). Nothing is written when the dialog
 * is cancelled; a file is replaced only when the user (or `ifExists`) says so. Returns the file written.
 */
export async function exportSystemMap(client: ArchipelLanguageClient, request: SystemExport): Promise<vscode.Uri | undefined> {
  const { format, view, scope } = request;
  const answer = await client.request(SystemMapRequest, { view, ...(scope ? { scope } : {}), format: format === 'png' ? 'svg' : format });
  if (answer.text === undefined) throw new Error(vscode.l10n.t('The server gave no {0} for the map.', files[format].label));
  const bytes = format === 'png' ? Buffer.from((await client.request(DiagramExportRequest, { svg: answer.text, format: 'png' })).data, 'base64') : Buffer.from(answer.text, 'utf8');
  const { extension, label } = files[format];
  let target: vscode.Uri | undefined;
  if (request.target) {
    target = vscode.Uri.parse(request.target);
    if (!(await mayWrite(target, request.ifExists ?? 'ask'))) return undefined;
  } else {
    const folder = scope ? vscode.Uri.parse(scope) : vscode.workspace.workspaceFolders?.[0]?.uri;
    const name = `${answer.system.replace(/[^\w.-]+/g, '-') || 'system'}-${view}.${extension}`;
    // The dialog asks before replacing a file (it is the user's choice of name).
    target = await vscode.window.showSaveDialog({ title: vscode.l10n.t('Export the System Map ({0})', label), saveLabel: vscode.l10n.t('Export'), filters: { [label]: [extension] }, ...(folder ? { defaultUri: vscode.Uri.joinPath(folder, name) } : {}) });
    if (!target) return undefined;
  }
  await vscode.workspace.fs.writeFile(target, bytes);
  return target;
}
