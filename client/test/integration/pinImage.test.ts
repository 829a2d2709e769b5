// "Pin an image" in a real VS Code (issue #51): a Compose service whose image has no tag offers, as
// a quick fix, the tag the same image has in a Dockerfile of the workspace; applying it pins the
// image and the warning goes; a Terraform provider without a version gets the one its lock file pins.
// Files written for the test and removed after.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { codeOf, waitForDiagnostics, workspaceFile } from './wait';

const dockerfile = 'pin-image/Dockerfile';
const compose = 'pin-image/compose.yaml';
const title = 'Pin to "archipel-pin-test/app:2.1.0", as elsewhere in the workspace';

/** The quick fixes at a range, asked until the one wanted is there (the Dockerfile may be indexed after the Compose file is checked). */
async function fixesUntil(uri: vscode.Uri, range: vscode.Range, wanted: string, timeoutMs = 30_000): Promise<vscode.CodeAction[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, range, vscode.CodeActionKind.QuickFix.value);
    if (actions.some((a) => a.title === wanted) || Date.now() > deadline) return actions;
    await new Promise((resolve) => setTimeout(resolve, 250));
  }
}

describe('"Pin an image" and "add a version" quick fixes in the editor', () => {
  const written: vscode.Uri[] = [];

  before(async () => {
    await vscode.extensions.getExtension('archipel.archipel')?.activate();
  });

  after(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    for (const uri of written) await vscode.workspace.fs.delete(uri, { useTrash: false });
  });

  /**
   * Writes the files (removed after), opens the last one, waits for its `code` diagnostic, lets
   * `check` look at it, and applies the quick fix titled `title`; the diagnostic must then go.
   */
  async function applyFix(files: Record<string, string>, code: string, title: string, check: (document: vscode.TextDocument, diagnostic: vscode.Diagnostic) => void = () => undefined): Promise<vscode.TextDocument> {
    let uri: vscode.Uri | undefined;
    for (const [relative, text] of Object.entries(files)) {
      uri = workspaceFile(relative);
      await vscode.workspace.fs.writeFile(uri, new TextEncoder().encode(text));
      written.push(uri);
    }
    const document = await vscode.workspace.openTextDocument(uri!);
    await vscode.window.showTextDocument(document);
    const found = await waitForDiagnostics(document.uri, (d) => d.some((x) => codeOf(x) === code));
    const diagnostic = found.find((d) => codeOf(d) === code)!;
    check(document, diagnostic);
    const actions = await fixesUntil(document.uri, diagnostic.range, title);
    const fix = actions.find((a) => a.title === title);
    assert.ok(fix?.edit, `no quick fix among ${actions.map((a) => a.title).join(', ')}`);
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    await waitForDiagnostics(document.uri, (d) => !d.some((x) => codeOf(x) === code));
    await document.save();
    return document;
  }

  it('compose-image-tag: the light bulb pins the image to the tag a Dockerfile gives it, and the warning goes', async () => {
    const files = { [dockerfile]: 'FROM archipel-pin-test/app:2.1.0\nUSER app\n', [compose]: 'services:\n  app:\n    image: archipel-pin-test/app\n' };
    const document = await applyFix(files, 'compose-image-tag', title, (opened, diagnostic) => assert.equal(opened.getText(diagnostic.range), 'archipel-pin-test/app'));
    assert.equal(document.lineAt(2).text, '    image: archipel-pin-test/app:2.1.0');
  });

  it('terraform-required-providers: the light bulb adds the version the lock file pins, and the warning goes', async () => {
    const files = {
      'pin-provider/.terraform.lock.hcl': 'provider "registry.terraform.io/hashicorp/random" {\n  version = "3.6.2"\n  hashes  = []\n}\n',
      'pin-provider/main.tf': 'terraform {\n  required_version = ">= 1.5"\n  required_providers {\n    random = {\n      source = "hashicorp/random"\n    }\n  }\n}\n\nresource "random_pet" "name" {}\n',
    };
    const document = await applyFix(files, 'terraform-required-providers', 'Add version = "~> 3.6" (the lock file\'s 3.6.2)');
    assert.equal(document.lineAt(5).text, '      version = "~> 3.6"');
  });
});
