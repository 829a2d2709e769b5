// Archipel: Serve Model in the real VS Code (issue #21): the example's model served as a task by the
// bundled CLI, answering on loopback, then Stop Model Service ending it.
import * as assert from 'node:assert/strict';
import { cpSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import * as vscode from 'vscode';
import { workspaceFile } from './wait';

/** Stop Model Service, resolved once the task's process has ended. */
async function stopService(): Promise<void> {
  const ended = new Promise<void>((resolve) => {
    const listener = vscode.tasks.onDidEndTaskProcess((e) => {
      if (e.execution.task.definition.type === 'archipel-serve') {
        listener.dispose();
        resolve();
      }
    });
  });
  await vscode.commands.executeCommand('archipel.stopModelService');
  await ended;
}

describe('Serve Model in the editor', () => {
  it('serves the example model as a task, answers /health and /model/info, and stops', async function () {
    this.timeout(120_000);
    const extension = vscode.extensions.getExtension('archipel.archipel');
    assert.ok(extension);
    await extension.activate();
    const model = vscode.Uri.joinPath(extension.extensionUri, 'examples', 'portfolio', 'prediction', 'model.onnx');
    const served = await vscode.commands.executeCommand<{ url: string; model: string } | undefined>('archipel.serveModel', model);
    assert.ok(served, 'the command served nothing');
    assert.match(served.url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal(vscode.tasks.taskExecutions.filter((e) => e.task.definition.type === 'archipel-serve').length, 1);
    const health = await fetch(`${served.url}/health`);
    assert.deepEqual(await health.json(), { status: 'healthy', model_loaded: true });
    const info = (await (await fetch(`${served.url}/model/info`)).json()) as { class_names: string[] };
    assert.deepEqual(info.class_names, ['DOWN', 'UP']);

    await stopService();
    // The process has ended: nothing listens on the port any more (polled with a deadline).
    const deadline = Date.now() + 10_000;
    let answering = true;
    while (answering && Date.now() < deadline) {
      answering = await fetch(`${served.url}/health`, { signal: AbortSignal.timeout(1000) }).then(() => true, () => false);
      if (answering) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.equal(answering, false, 'the service still answers after Stop Model Service');
  });

  it('serves a model of the explorer with the threshold and recipe of the archipel.yaml that configures it', async function () {
    this.timeout(120_000);
    const extension = vscode.extensions.getExtension('archipel.archipel')!;
    await extension.activate();
    const folder = workspaceFile('serve-config');
    rmSync(folder.fsPath, { recursive: true, force: true });
    cpSync(vscode.Uri.joinPath(extension.extensionUri, 'examples', 'portfolio', 'prediction').fsPath, folder.fsPath, { recursive: true });
    const config = vscode.Uri.joinPath(folder, 'archipel.yaml');
    writeFileSync(config.fsPath, readFileSync(config.fsPath, 'utf8').replace(/threshold: 0\.5\b/, 'threshold: 0.45'));
    // The server learns of the file from the open document before any later request.
    await vscode.workspace.openTextDocument(config);
    try {
      const served = await vscode.commands.executeCommand<{ url: string; model: string } | undefined>('archipel.serveModel', vscode.Uri.joinPath(folder, 'model.onnx'));
      assert.ok(served, 'the command served nothing');
      const [execution] = vscode.tasks.taskExecutions.filter((e) => e.task.definition.type === 'archipel-serve');
      assert.equal(execution.task.definition.threshold, 0.45);
      assert.equal(execution.task.definition.recipe, 'ohlcv-22');
      const info = (await (await fetch(`${served.url}/model/info`)).json()) as { threshold: number; recipe: string | null };
      assert.equal(info.threshold, 0.45);
      assert.equal(info.recipe, 'ohlcv-22');
      await stopService();
    } finally {
      await vscode.commands.executeCommand('workbench.action.closeAllEditors');
      rmSync(folder.fsPath, { recursive: true, force: true });
    }
  });
});
