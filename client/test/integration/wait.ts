import * as vscode from 'vscode';

/**
 * Resolves with the diagnostics of `uri` once `accept` holds, re-checking on every diagnostics
 * change; rejects at the deadline with what was last seen (never a fixed sleep).
 */
export function waitForDiagnostics(uri: vscode.Uri, accept: (d: vscode.Diagnostic[]) => boolean, timeoutMs = 30_000): Promise<vscode.Diagnostic[]> {
  return new Promise((resolve, reject) => {
    const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'archipel');
    const check = () => {
      const current = ours();
      if (accept(current)) {
        cleanup();
        resolve(current);
      }
    };
    const timer = setTimeout(() => {
      cleanup();
      reject(new Error(`timed out waiting for diagnostics of ${uri.fsPath}; last seen: ${JSON.stringify(ours().map((d) => [d.code, d.message, d.range]))}`));
    }, timeoutMs);
    const subscription = vscode.languages.onDidChangeDiagnostics((e) => {
      if (e.uris.some((u) => u.toString() === uri.toString())) check();
    });
    const cleanup = () => {
      clearTimeout(timer);
      subscription.dispose();
    };
    check();
  });
}

export function workspaceFile(relative: string): vscode.Uri {
  const folder = vscode.workspace.workspaceFolders?.[0];
  if (!folder) throw new Error('the test workspace has no folder open');
  return vscode.Uri.joinPath(folder.uri, relative);
}

export function codeOf(d: vscode.Diagnostic): string {
  return typeof d.code === 'object' ? String(d.code.value) : String(d.code);
}
