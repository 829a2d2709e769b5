import * as vscode from 'vscode';
import { registerCompare } from './compare';
import { walkthroughStepDone } from './walkthrough';
import type { DiagramKind } from '../../../server/src/protocol';
import type { ArchipelLanguageClient } from '../lsp/client';
import type { IfExists } from '../panels/diagramExport';
import { DiagramPanel } from '../panels/diagramPanel';

const mermaidFile = /\.(mmd|mermaid|md|markdown)$/i;

function uriOf(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'string') return vscode.Uri.parse(arg);
  return undefined;
}

/** The diagram commands: preview a Mermaid file or block, show a generated diagram, export. */
export function register(context: vscode.ExtensionContext, deps: { client: ArchipelLanguageClient }): void {
  // "Compare with…" (issue #80): the System Map compared with a revision (archipel/diff, the diagrams family's request).
  context.subscriptions.push(registerCompare(context, deps.client));
  const generated = (diagram: DiagramKind) => (arg?: unknown) => {
    // From the explorer: the folder (or file) clicked; from the palette: the whole workspace.
    const scope = uriOf(arg);
    DiagramPanel.createOrShow(context, deps.client, { kind: 'generated', diagram, scope: scope?.toString() });
    return scope?.toString() ?? '';
  };
  context.subscriptions.push(
    DiagramPanel.register(context, deps.client),
    // `{wide: true}` (the walkthrough's step): a new preview takes the whole editor area (DiagramPanel.createOrShowWide).
    vscode.commands.registerCommand('archipel.previewDiagram', async (arg?: unknown, options?: unknown) => {
      const uri = uriOf(arg) ?? vscode.window.activeTextEditor?.document.uri;
      if (!uri || !mermaidFile.test(uri.path)) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Archipel: open a Mermaid file (.mmd, .mermaid) or a Markdown file with a ```mermaid block first.'));
        return undefined;
      }
      const wide = typeof options === 'object' && options !== null && (options as { wide?: unknown }).wide === true;
      if (wide) await DiagramPanel.createOrShowWide(context, deps.client, { kind: 'file', uri: uri.toString() });
      else DiagramPanel.createOrShow(context, deps.client, { kind: 'file', uri: uri.toString() });
      await walkthroughStepDone('diagramPreviewed');
      return uri.toString();
    }),
    vscode.commands.registerCommand('archipel.showKubernetesDiagram', generated('k8s')),
    vscode.commands.registerCommand('archipel.showWorkflowDiagram', generated('workflow')),
    vscode.commands.registerCommand('archipel.showAdrDiagram', generated('adr')),
    vscode.commands.registerCommand('archipel.showComposeDiagram', generated('compose')),
    vscode.commands.registerCommand('archipel.showTerraformDiagram', generated('terraform')),
    vscode.commands.registerCommand('archipel.exportDiagram', async (args?: { format?: 'svg' | 'png'; ifExists?: IfExists }) => {
      const panel = DiagramPanel.current();
      if (!panel) {
        void vscode.window.showWarningMessage(vscode.l10n.t('Archipel: open a diagram first (Preview Diagram, or one of the Show … Diagram commands).'));
        return undefined;
      }
      const picked = args?.format ?? (await vscode.window.showQuickPick(['svg', 'png'], { placeHolder: vscode.l10n.t('Export the diagram as') }));
      if (picked !== 'svg' && picked !== 'png') return undefined;
      const format: 'svg' | 'png' = picked;
      try {
        const written = await panel.export(format, args?.ifExists ?? 'ask');
        return written?.toString();
      } catch (error) {
        void vscode.window.showErrorMessage(vscode.l10n.t('Archipel: {0}', error instanceof Error ? error.message : String(error)));
        return undefined;
      }
    }),
  );
}
