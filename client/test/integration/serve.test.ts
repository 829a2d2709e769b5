// Archipel: Serve Model in the real VS Code (issue #21): the example's model served as a task by the
// bundled CLI, answering on loopback, then Stop Model Service ending it.
import * as assert from 'node:assert/strict';
import * as vscode from 'vscode';

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
    // The process has ended: nothing listens on the port any more (polled with a deadline).
    const deadline = Date.now() + 10_000;
    let answering = true;
    while (answering && Date.now() < deadline) {
      answering = await fetch(`${served.url}/health`, { signal: AbortSignal.timeout(1000) }).then(() => true, () => false);
      if (answering) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    assert.equal(answering, false, 'the service still answers after Stop Model Service');
  });
});
