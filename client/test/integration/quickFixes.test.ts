// "Did you mean" quick fixes in a real VS Code (issue #51): a diagnostic that suggests a name offers
// it as a quick fix (Ctrl+.), applying it rewrites exactly the misspelt text, and the diagnostic
// goes. A workflow's job name, a Kubernetes kind and a Terraform argument, in files written for the
// test and removed after.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, waitForDiagnostics, workspaceFile } from './wait';

const cases = [
  {
    path: '.github/workflows/did-you-mean.yml',
    text: 'on: push\njobs:\n  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo build\n  test:\n    needs: [biuld]\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo test\n',
    code: 'gha-needs-unknown-job',
    typo: 'biuld',
    fixed: 'build',
  },
  {
    path: 'k8s/did-you-mean.yaml',
    text: 'apiVersion: v1\nkind: ConfigMapp\nmetadata:\n  name: did-you-mean\n  namespace: shop\ndata:\n  KEY: value\n',
    code: 'k8s-unknown-kind',
    typo: 'ConfigMapp',
    fixed: 'ConfigMap',
  },
  {
    // A module of its own folder: the bundled random provider's schema knows length.
    path: 'terraform-did-you-mean/main.tf',
    text: 'resource "random_password" "db" {\n  lenght  = 24\n  special = false\n}\n',
    code: 'terraform-unknown-argument',
    typo: 'lenght',
    fixed: 'length',
  },
];

describe('"Did you mean" quick fixes in the editor', () => {
  const written: vscode.Uri[] = [];

  before(async () => {
    await vscode.extensions.getExtension('archipel.archipel')?.activate();
  });

  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  after(async () => {
    for (const uri of written) await vscode.workspace.fs.delete(uri, { useTrash: false });
  });

  for (const c of cases) {
    it(`${c.code}: the light bulb replaces "${c.typo}" with "${c.fixed}" and the diagnostic goes`, async () => {
      const uri = workspaceFile(c.path);
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(c.text));
      written.push(uri);
      const document = await vscode.workspace.openTextDocument(uri);
      await vscode.window.showTextDocument(document);
      const found = await waitForDiagnostics(uri, (d) => d.some((x) => codeOf(x) === c.code));
      const diagnostic = found.find((d) => codeOf(d) === c.code)!;
      assert.match(diagnostic.message, new RegExp(`Did you mean "${c.fixed}"\\?`));
      assert.equal(document.getText(diagnostic.range), c.typo);

      const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, diagnostic.range, vscode.CodeActionKind.QuickFix.value);
      // The central fix's title, or a family's own wording of it (the workflows' "Change to").
      const fix = actions.find((a) => a.title === `Replace with "${c.fixed}"` || a.title === `Change to "${c.fixed}"`);
      assert.ok(fix?.edit, `no quick fix among ${actions.map((a) => a.title).join(', ')}`);
      assert.ok(await vscode.workspace.applyEdit(fix.edit));
      assert.ok(document.getText().includes(c.fixed) && !document.getText().includes(c.typo), document.getText());
      await waitForDiagnostics(uri, (d) => !d.some((x) => codeOf(x) === c.code));
      await document.save();
    });
  }
});
