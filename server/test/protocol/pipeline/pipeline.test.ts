import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeLens, Diagnostic, Location } from 'vscode-languageserver-types';
import type { TestLspClient } from '../lspClient';
import { joinSharedServer, sharedWorkspace } from '../sharedServer';

const codes = (d: Diagnostic[]) => d.map((x) => String(x.code));

/**
 * A dvc.yaml through the built server: diagnostics that read params.yaml from the index and the
 * deps from the disk, code lenses and go to definition.
 */
describe('pipeline files over LSP', function () {
  this.timeout(120_000);
  let client: TestLspClient;
  let leave: () => Promise<void>;
  const pipeline = `stages:
  prepare:
    cmd: python prepare.py
    deps:
      - data/raw.csv
      - prepare.py
    outs:
      - data/prepared
  train:
    cmd: python train.py --lr \${lr}
    deps:
      - data/prepared
      - data/extra.csv
    params:
      - lr
      - epochs
    outs:
      - model.pkl
`;
  // The shared server: the pipeline sits in this file's own folder of the shared workspace.
  const workspace = sharedWorkspace('pipeline', { 'ml/dvc.yaml': pipeline, 'ml/params.yaml': 'lr: 0.1\n', 'ml/data/raw.csv': 'a,b\n1,2\n', 'ml/prepare.py': 'print(1)\n' });
  const uri = pathToFileURL(path.join(workspace.root, 'ml', 'dvc.yaml')).href;

  before(async () => {
    ({ client, leave } = await joinSharedServer());
    await client.indexReady();
  });

  after(() => leave());

  it('publishes the pipeline rules on exact ranges: a missing dep, a params key missing from params.yaml', async () => {
    client.open(uri, pipeline, 1);
    const diagnostics = await client.waitForDiagnostics(uri, 1, (d) => d.length > 0);
    assert.deepEqual(codes(diagnostics), ['pipeline-params', 'pipeline-missing-dep']);
    assert.equal(diagnostics[0].message, "'epochs' is not a key of 'params.yaml'.");
    assert.deepEqual(diagnostics[0].range, { start: { line: 15, character: 8 }, end: { line: 15, character: 14 } });
    assert.equal(diagnostics[1].message, "'data/extra.csv' does not exist and no stage writes it.");
    assert.deepEqual(diagnostics[1].range, { start: { line: 12, character: 8 }, end: { line: 12, character: 22 } });
    client.replace(uri, pipeline.replace('      - data/extra.csv\n', '').replace('      - epochs\n', ''), 2);
    assert.deepEqual(await client.waitForDiagnostics(uri, 2), []);
  });

  it('offers Run / Run with upstream / Run downstream lenses on each stage and goes from a dep to the stage writing it', async () => {
    client.replace(uri, pipeline, 3);
    await client.waitForDiagnostics(uri, 3);
    const lenses = await client.connection.sendRequest<CodeLens[]>('textDocument/codeLens', { textDocument: { uri } });
    assert.deepEqual(
      lenses.map((l) => [l.range.start.line, l.command?.title, l.command?.command]),
      [
        [1, 'Run', 'archipel.runStage'],
        [1, 'Run with upstream', 'archipel.runStage'],
        [1, 'Run downstream', 'archipel.runStage'],
        [8, 'Run', 'archipel.runStage'],
        [8, 'Run with upstream', 'archipel.runStage'],
        [8, 'Run downstream', 'archipel.runStage'],
      ],
    );
    const targets = await client.connection.sendRequest<Location[]>('textDocument/definition', { textDocument: { uri }, position: { line: 11, character: 12 } });
    assert.deepEqual(targets, [{ uri, range: { start: { line: 1, character: 2 }, end: { line: 1, character: 9 } } }]);
  });
});
