// One file selector (issue #36): the editor, `archipel check FOLDER` and `archipel check FILE` give the same
// answer for every file of a tree of upper-case extensions, extension-less names and files that a content
// sniff must claim (a Grafana dashboard) or reject (a JSON file that is no dashboard). The CLI is the one
// this extension ships (dist/server/cli.js), run in the test workspace's copy.
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import * as vscode from 'vscode';
import { codeOf, waitForDiagnostics, workspaceFile } from './wait';

/** The files of the tree, with what each must get: its rule codes, sorted (none for a file nobody claims). */
const tree: Record<string, { text: string; codes: string[] }> = {
  // First: that it got nothing is asserted again once the files opened after it have their diagnostics.
  'selector/other.json': { text: '{ "name": "not a dashboard", "panels": 1 }\n', codes: [] },
  'selector/upper.YAML': { text: 'apiVersion: v1\nkind: Service\nmetadata:\n  name: s\nspec:\n  portz: []\n', codes: ['k8s-schema'] },
  'selector/Containerfile': { text: 'FROM debian:12\nCMD node server.js\n', codes: ['dl3025', 'dockerfile-no-user'] },
  'selector/dashboards/board.json': {
    text: JSON.stringify({ title: 'Serving', schemaVersion: 39, panels: [{ id: 1, type: 'timeseries', title: 'a', targets: [{ expr: 'sum(up' }] }, { id: 1, type: 'timeseries', title: 'b', targets: [{ expr: 'up' }] }] }, null, 2) + '\n',
    codes: ['grafana-panel-id', 'grafana-promql'],
  },
};

interface CliProblem {
  file: string;
  code: string;
}

describe('One file selector: the editor and the CLI agree', () => {
  const folder = () => vscode.workspace.workspaceFolders![0].uri.fsPath;
  const cli = () => path.join(vscode.extensions.getExtension('archipel.archipel')!.extensionPath, 'dist', 'server', 'cli.js');
  /** `archipel check --format json ARGS` in the workspace: the codes of each file, sorted. */
  const check = (...args: string[]): Map<string, string[]> => {
    let out: string;
    try {
      out = execFileSync(process.execPath, [cli(), 'check', '--format', 'json', ...args], { cwd: folder(), encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
    } catch (error) {
      // Exit 1: errors were reported; the JSON is on stdout all the same.
      out = String((error as { stdout?: unknown }).stdout ?? '');
    }
    const byFile = new Map<string, string[]>();
    for (const problem of JSON.parse(out) as CliProblem[]) byFile.set(problem.file, [...(byFile.get(problem.file) ?? []), problem.code].sort());
    return byFile;
  };

  before(async () => {
    await vscode.extensions.getExtension('archipel.archipel')?.activate();
    for (const [relative, { text }] of Object.entries(tree)) await vscode.workspace.fs.writeFile(workspaceFile(relative), new TextEncoder().encode(text));
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    await vscode.workspace.fs.delete(workspaceFile('selector'), { recursive: true, useTrash: false });
  });

  it('check FOLDER, check FILE and the editor give each file the same codes', async () => {
    const all = check('selector');
    for (const [relative, { codes }] of Object.entries(tree)) {
      const uri = workspaceFile(relative);
      await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
      const shown = codes.length > 0 ? await waitForDiagnostics(uri, (d) => d.length >= codes.length) : vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'archipel');
      const editor = shown.map(codeOf).sort();
      const one = check(relative).get(relative) ?? [];
      assert.deepEqual({ file: relative, codes: [...new Set(editor)] }, { file: relative, codes }, 'the editor');
      assert.deepEqual({ file: relative, codes: [...new Set(all.get(relative) ?? [])] }, { file: relative, codes }, 'archipel check selector');
      assert.deepEqual({ file: relative, codes: [...new Set(one)] }, { file: relative, codes }, `archipel check ${relative}`);
    }
    for (const [relative, { codes }] of Object.entries(tree)) {
      if (codes.length === 0) assert.deepEqual(vscode.languages.getDiagnostics(workspaceFile(relative)).filter((d) => d.source === 'archipel').map(codeOf), [], `the editor, later: ${relative}`);
    }
  });
});
