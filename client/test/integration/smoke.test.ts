// The extension is installed in the VS Code under test, activates, and contributes its commands.
import * as assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import * as vscode from 'vscode';

interface Manifest {
  contributes: {
    commands: { command: string }[];
    walkthroughs: { steps: { description: string; media: { image?: string; markdown?: string } }[] }[];
    grammars: { path: string }[];
    yamlValidation: { url: string }[];
  };
}

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

  it('registers every command it contributes', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    await extension.activate();
    const manifest = extension.packageJSON as Manifest;
    const commands = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(manifest.contributes.commands.map((c) => c.command).filter((c) => !commands.has(c)), []);
  });

  // Run against the installed VSIX too (npm test's vsix layer): a file the package misses fails here.
  it('has every file its manifest, its walkthrough and its server need', async () => {
    const extension = vscode.extensions.getExtension(EXTENSION_ID)!;
    const manifest = extension.packageJSON as Manifest;
    const root = extension.extensionPath;
    // The manifest's texts may come as %key% of package.nls.json (the package must hold it too).
    const nls = JSON.parse(readFileSync(path.join(root, 'package.nls.json'), 'utf8')) as Record<string, string>;
    const text = (value: string) => (/^%[\w.]+%$/.test(value) ? (nls[value.slice(1, -1)] ?? value) : value);
    const files = [
      ...manifest.contributes.walkthroughs.flatMap((w) => w.steps.flatMap((s) => [s.media.image, s.media.markdown].filter((f): f is string => !!f))),
      ...manifest.contributes.grammars.map((g) => g.path),
      ...manifest.contributes.yamlValidation.map((v) => v.url),
      'models/yunet_n_dynamic.onnx',
      'models/LICENSE-yunet.txt',
      'examples/portfolio/kubernetes/deployment.yaml',
      'examples/portfolio/anonymiser/samples/crossing.jpg',
      'examples/portfolio/governance/risks.amdec.yaml',
      'examples/portfolio/docs/architecture.mmd',
      'examples/portfolio/prediction/prices.csv',
      'snippets/kubernetes.json',
      'package.nls.fr.json',
      'l10n/bundle.l10n.fr.json',
      'schemas/archipel.json',
    ];
    assert.deepEqual(files.filter((f) => !existsSync(path.join(root, f))), []);
    // Every command a walkthrough step links to is registered.
    const commands = new Set(await vscode.commands.getCommands(true));
    const linked = manifest.contributes.walkthroughs.flatMap((w) => w.steps.flatMap((s) => [...text(s.description).matchAll(/\(command:([\w.]+)/g)].map((m) => m[1])));
    assert.ok(linked.length >= 5);
    assert.deepEqual(linked.filter((c) => !commands.has(c)), []);
    // A step's link to a file the workspace lacks opens nothing (it says to open the example first).
    assert.equal(await vscode.commands.executeCommand<string | undefined>('archipel.openExampleFile', 'no-such-file.yaml'), undefined);
  });
});
