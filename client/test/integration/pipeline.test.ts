// Pipelines in a real VS Code: a small pipeline written into the test workspace, its stage run from
// the "Run" code lens exactly as VS Code's CodeLens provider returns it, dvc.lock written by the run;
// the pipeline panel following the run's events, then the file as it is typed; a run cancelled by
// closing its terminal.
import * as assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import * as vscode from 'vscode';
import type { PipelineRunResult, PipelineStatus } from '../../../server/src/protocol/pipeline';
import { archipelApi, webviewTabOpen, whenRendered } from './panels';
import { workspaceFile } from './wait';

const PIPELINE = `stages:
  shout:
    cmd: node -e "const fs = require('fs'); fs.writeFileSync('shout.txt', fs.readFileSync('words.txt', 'utf8').toUpperCase())"
    deps:
      - words.txt
    outs:
      - shout.txt
  count:
    cmd: node -e "const fs = require('fs'); fs.writeFileSync('count.txt', String(fs.readFileSync('shout.txt', 'utf8').length))"
    deps:
      - shout.txt
    outs:
      - count.txt
`;

async function write(relative: string, text: string): Promise<vscode.Uri> {
  const uri = workspaceFile(relative);
  await vscode.workspace.fs.writeFile(uri, Buffer.from(text, 'utf8'));
  return uri;
}

/** The lenses VS Code shows on the file, once the one `accept` takes is there. */
async function lensesOf(uri: vscode.Uri, accept: (lens: vscode.CodeLens) => boolean, timeoutMs = 30_000): Promise<vscode.CodeLens[]> {
  const deadline = Date.now() + timeoutMs;
  let last: vscode.CodeLens[] = [];
  for (;;) {
    // The second argument resolves every lens's command, as the editor does for those it shows.
    last = (await vscode.commands.executeCommand<vscode.CodeLens[]>('vscode.executeCodeLensProvider', uri, 100)) ?? [];
    if (last.some(accept)) return last;
    if (Date.now() > deadline) throw new Error(`no such code lens within ${timeoutMs} ms; got ${JSON.stringify(last.map((l) => l.command))}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

describe('pipelines', () => {
  afterEach(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
  });
  after(async () => {
    // The other suites see the workspace as it was.
    await vscode.workspace.fs.delete(workspaceFile('pipeline'), { recursive: true, useTrash: false });
  });

  it('runs a stage from its code lens and writes dvc.lock', async () => {
    await write('pipeline/words.txt', 'hello pipelines\n');
    const uri = await write('pipeline/dvc.yaml', PIPELINE);
    await vscode.window.showTextDocument(uri);
    const isRun = (lens: vscode.CodeLens) => {
      const argument = lens.command?.arguments?.[0] as { stage?: string; scope?: string } | undefined;
      return lens.command?.command === 'archipel.runStage' && argument?.stage === 'shout' && argument.scope === 'single';
    };
    const lens = (await lensesOf(uri, isRun)).find(isRun)!;
    // The panel is open while the stage runs: the run's events reach it.
    await whenRendered('archipel.pipeline', (s) => s.stages === 2, () => vscode.commands.executeCommand('archipel.showPipeline', uri));
    let running: Thenable<PipelineRunResult | undefined> | undefined;
    const ended = await whenRendered('archipel.pipeline', (s) => s.cause === 'stage-end' && s.stage === 'shout', async () => {
      running = vscode.commands.executeCommand<PipelineRunResult | undefined>(lens.command!.command, ...(lens.command!.arguments ?? []));
    });
    assert.equal(ended.summary['up-to-date'], 1);
    const result = await running!;
    assert.ok(result, 'the run answered');
    assert.deepEqual(result.failed, []);
    assert.deepEqual(result.stages.map((s) => [s.stage, s.outcome]), [['shout', 'ran']]);
    assert.equal(Buffer.from(await vscode.workspace.fs.readFile(workspaceFile('pipeline/shout.txt'))).toString('utf8'), 'HELLO PIPELINES\n');
    const lock = Buffer.from(await vscode.workspace.fs.readFile(workspaceFile('pipeline/dvc.lock'))).toString('utf8');
    assert.match(lock, /^schema: '2\.0'/m);
    assert.match(lock, /^ {2}shout:\n {4}cmd: /m);
    // Each file with its md5 and size, as DVC records them.
    const md5 = (text: string) => createHash('md5').update(text).digest('hex');
    assert.match(lock, new RegExp(`path: words\\.txt\\s+hash: md5\\s+md5: ${md5('hello pipelines\n')}\\s+size: 16\\b`));
    assert.match(lock, new RegExp(`path: shout\\.txt\\s+hash: md5\\s+md5: ${md5('HELLO PIPELINES\n')}\\s+size: 16\\b`));
    // Only the stage that ran is locked.
    assert.doesNotMatch(lock, /^ {2}count:/m);

    // Shown again, the panel has it up to date from the server's status, the stage downstream not run yet.
    const report = await whenRendered('archipel.pipeline', (s) => s.stages === 2 && s['up-to-date'] === 1 && s['never-run'] === 1, () => vscode.commands.executeCommand('archipel.showPipeline', uri));
    assert.equal(report.summary.edges, 1);
    assert.equal(report.key, uri.toString());
    assert.ok(webviewTabOpen('archipel.pipeline'));

    // It follows the file as it is typed: a stage added in the editor (not saved) is drawn.
    const document = await vscode.workspace.openTextDocument(uri);
    const editor = await vscode.window.showTextDocument(document, { viewColumn: vscode.ViewColumn.One });
    const typed = await whenRendered('archipel.pipeline', (s) => s.stages === 3, () =>
      editor.edit((edit) => edit.insert(document.positionAt(document.getText().length), '  report:\n    cmd: node -e "0"\n    deps:\n      - count.txt\n')),
    );
    assert.equal(typed.summary.edges, 2);
    await vscode.commands.executeCommand('workbench.action.files.revert');
  });
  it('cancels a run when its terminal is closed, leaving the lock as it was', async () => {
    await write('pipeline/words.txt', 'hello pipelines\n');
    const uri = await write('pipeline/slow.pipeline.yaml', `stages:
  wait:
    cmd: node -e "setTimeout(() => require('fs').writeFileSync('waited.txt', 'late'), 60000)"
    outs:
      - waited.txt
`);
    const { client } = await archipelApi();
    const running = vscode.commands.executeCommand<PipelineRunResult | undefined>('archipel.runStage', { uri: uri.toString(), stage: 'wait', downstream: false });
    // The stage is running (the server says so) and its run has a terminal.
    const deadline = Date.now() + 30_000;
    for (;;) {
      const status = (await client.languageClient!.sendRequest('archipel/pipelineStatus', { uri: uri.toString() })) as PipelineStatus;
      if (status.stages[0]?.state === 'running') break;
      if (Date.now() > deadline) throw new Error(`the stage did not start: ${JSON.stringify(status.stages)}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    const terminal = vscode.window.terminals.find((t) => t.name.includes('slow.pipeline.yaml'));
    assert.ok(terminal, `a terminal for the run among ${vscode.window.terminals.map((t) => t.name).join(', ')}`);
    const started = Date.now();
    terminal.dispose();
    const result = await running;
    // Answered at once, not after the command's minute.
    assert.ok(Date.now() - started < 20_000, `answered after ${Date.now() - started} ms`);
    if (result) {
      assert.equal(result.cancelled, true);
      assert.deepEqual(result.stages.map((s) => [s.stage, s.outcome]), [['wait', 'cancelled']]);
    }
    await assert.rejects(Promise.resolve(vscode.workspace.fs.stat(workspaceFile('pipeline/waited.txt'))));
    const lock = await vscode.workspace.fs.readFile(workspaceFile('pipeline/slow.pipeline.lock')).then((b) => Buffer.from(b).toString('utf8'), () => '');
    assert.doesNotMatch(lock, /wait:/);
  });
});
