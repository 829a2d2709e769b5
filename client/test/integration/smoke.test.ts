// The extension is installed in the VS Code under test, activates, and contributes its commands.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

const EXTENSION_ID = 'archipel.archipel';

describe('extension smoke', () => {
  it('is installed and activates', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID);
    assert.ok(extension, `${EXTENSION_ID} is not installed in the VS Code under test`);
    await extension.activate();
    assert.equal(extension.isActive, true);
  });

  it('contributes its commands', async () => {
    await vscode.extensions.getExtension(EXTENSION_ID)?.activate();
    const commands = new Set(await vscode.commands.getCommands(true));
    for (const command of ['archipel.restartServer', 'archipel.showOutput']) {
      assert.ok(commands.has(command), `command ${command} is not registered`);
    }
  });
});
