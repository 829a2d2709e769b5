// Blurring in the real VS Code: the command on an image of the fixture workspace writes
// <name>.blurred.jpg with the face changed and the original untouched; Detect writes the sidecar.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { copyFileSync, existsSync, readdirSync, readFileSync } from 'node:fs';
import * as path from 'node:path';
import sharp from 'sharp';
import * as vscode from 'vscode';
import type { BlurResponse } from '../../../server/src/protocol';
import { workspaceFile } from './wait';

/** The face model the extension ships, in this repository: this file runs from out/client/test/integration/. */
const FACE_MODEL = path.resolve(__dirname, '..', '..', '..', '..', 'models', 'yunet_n_dynamic.onnx');

const sha = (file: string) => createHash('sha256').update(readFileSync(file)).digest('hex');

describe('Blur Faces and Plates in the editor', () => {
  before(async () => {
    assert.ok(existsSync(FACE_MODEL), `missing ${FACE_MODEL}`);
    await vscode.extensions.getExtension('archipel.archipel')?.activate();
    await vscode.workspace.getConfiguration('archipel.blur').update('faceModel', FACE_MODEL, vscode.ConfigurationTarget.Workspace);
  });

  after(async () => {
    await vscode.workspace.getConfiguration('archipel.blur').update('faceModel', undefined, vscode.ConfigurationTarget.Workspace);
  });

  it('blurs the face of an image of the workspace and leaves the original untouched', async () => {
    const image = workspaceFile('images/messi5.jpg');
    const before = sha(image.fsPath);
    const response = await vscode.commands.executeCommand<BlurResponse>('archipel.blurImages', image);
    assert.ok(response, 'the command returned no result');
    assert.equal(response.results.length, 1);
    const [result] = response.results;
    assert.equal(result.error, undefined, result.error);
    assert.equal(result.output, path.join(path.dirname(image.fsPath), 'messi5.blurred.jpg'));
    assert.ok(existsSync(result.output));
    assert.equal(result.regions.length, 1);
    assert.equal(sha(image.fsPath), before, 'the original changed');

    // The face box changed a lot; far from it, only JPEG re-encoding noise.
    const [x1, y1, x2, y2] = result.regions[0].box.map(Math.round);
    const original = await sharp(image.fsPath).raw().toBuffer({ resolveWithObject: true });
    const blurred = await sharp(result.output).raw().toBuffer();
    const meanDifference = (left: number, top: number, right: number, bottom: number) => {
      let sum = 0;
      let n = 0;
      for (let y = top; y < bottom; y++) {
        for (let x = left; x < right; x++) {
          const i = (y * original.info.width + x) * 3;
          for (let c = 0; c < 3; c++) sum += Math.abs(original.data[i + c] - blurred[i + c]);
          n += 3;
        }
      }
      return sum / n;
    };
    const face = meanDifference(x1 + 4, y1 + 4, x2 - 4, y2 - 4);
    const corner = meanDifference(0, 0, 60, 60);
    assert.ok(face > 8, `the face barely changed (mean difference ${face.toFixed(1)})`);
    assert.ok(corner < 3, `pixels far from the face changed (mean difference ${corner.toFixed(1)})`);
  });

  it('Detect Sensitive Regions writes the sidecar next to the image', async () => {
    const image = workspaceFile('images/messi5.jpg');
    const response = await vscode.commands.executeCommand<BlurResponse>('archipel.detectRegions', image);
    const sidecar = path.join(path.dirname(image.fsPath), 'messi5.detections.json');
    assert.equal(response?.results[0].sidecar, sidecar);
    const written = JSON.parse(readFileSync(sidecar, 'utf8')) as { image: string; regions: { class: string }[] };
    assert.equal(written.image, 'messi5.jpg');
    assert.deepEqual(written.regions.map((r) => r.class), ['face']);
  });

  it('Blur Preview opens the before/after panel, which loads and shows the detection, and writes nothing into the workspace', async () => {
    // An image no panel has been opened on: the panel is created, its page loads and asks for the
    // detection (the command resolves only then).
    const image = workspaceFile('images/messi5-preview.jpg');
    copyFileSync(workspaceFile('images/messi5.jpg').fsPath, image.fsPath);
    const before = readdirSync(path.dirname(image.fsPath)).sort();
    const shown = await vscode.commands.executeCommand<{ file: string; regions: number; error?: string }>('archipel.showBlurPreview', image);
    assert.deepEqual(shown, { file: image.fsPath, regions: 1, error: undefined });
    // Its detections are kept in the extension's storage, not beside the image.
    assert.deepEqual(readdirSync(path.dirname(image.fsPath)).sort(), before);
    const isPanel = (t: vscode.Tab) => t.input instanceof vscode.TabInputWebview && t.input.viewType.endsWith('archipel.blurPreview') && t.label === 'Blur: messi5-preview.jpg';
    const tabs = () => vscode.window.tabGroups.all.flatMap((g) => g.tabs);
    // The tab model follows the workbench asynchronously: poll with a deadline.
    const deadline = Date.now() + 10_000;
    while (!tabs().some(isPanel) && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(tabs().some(isPanel), `no blur panel among ${tabs().map((t) => t.label).join(', ')}`);
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });

  it('contributes the blur commands', async () => {
    const commands = new Set(await vscode.commands.getCommands(true));
    for (const command of ['archipel.blurImages', 'archipel.detectRegions', 'archipel.showBlurPreview', 'archipel.downloadFaceModel']) assert.ok(commands.has(command), command);
  });
});

describe('Blur Faces and Plates with no configuration', () => {
  it('blurs with the face model the extension ships (no setting, no archipel.yaml, no download)', async () => {
    const extension = vscode.extensions.getExtension('archipel.archipel')!;
    await extension.activate();
    assert.equal(vscode.workspace.getConfiguration('archipel.blur').get('faceModel'), null);
    const image = workspaceFile('images/out-of-the-box.jpg');
    copyFileSync(workspaceFile('images/messi5.jpg').fsPath, image.fsPath);
    const response = await vscode.commands.executeCommand<BlurResponse>('archipel.blurImages', image);
    assert.ok(response, 'the command returned no result');
    const [result] = response.results;
    assert.equal(result.error, undefined, result.error);
    assert.equal(result.regions.length, 1);
    assert.ok(result.output && existsSync(result.output));
    // Nothing else names a model (no setting, no archipel.yaml, nothing downloaded): the one found is
    // the extension's own copy (the installed package's when the suite runs on the VSIX).
    assert.deepEqual(result.models.map((m) => m.file), ['yunet_n_dynamic.onnx']);
    assert.ok(existsSync(path.join(extension.extensionPath, 'models', 'yunet_n_dynamic.onnx')));
  });
});
