import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { CancellationTokenSource } from 'vscode-jsonrpc/node';
import { BlurRequest, BlurSaveRegionsRequest, type BlurParams, type BlurSaveRegionsParams } from '../../../src/protocol';
import { patternImage } from '../../blur/fixtures';
import { centreFaceModel } from '../../blur/onnxModels';
import type { TestLspClient } from '../lspClient';
import { joinSharedServer, sharedWorkspace } from '../sharedServer';

/** The images of the batch the server must keep answering beside. */
const BATCH = 64;

describe('archipel/blur over LSP', function () {
  this.timeout(120_000);
  let client: TestLspClient;
  let leave: () => Promise<void>;
  // The shared server, trusted while this file runs: its images and archipel.yaml sit in its own folder.
  const workspace = sharedWorkspace('blur', { 'archipel.yaml': 'blur:\n  faceModel: models/centre-face.onnx\n  shape: box\n', 'images/bad.png': 'not a png' });
  const uri = (name: string) => pathToFileURL(path.join(workspace.root, name)).href;

  before(async () => {
    mkdirSync(path.join(workspace.root, 'models'));
    centreFaceModel(path.join(workspace.root, 'models'));
    mkdirSync(path.join(workspace.root, 'batch'));
    for (const [name, size] of [['images/a.png', 120], ['images/b.png', 60]] as const) {
      const { raw, channels } = patternImage(size, size);
      await sharp(raw, { raw: { width: size, height: size, channels } }).png().toFile(path.join(workspace.root, name));
    }
    // A batch that takes a while: the server must keep answering meanwhile. 64 images, cancelled after the hover: 16
    // were all blurred before a hover answered at load (a fresh run, 2026-11-28), and the order checked was lost.
    const { raw, channels } = patternImage(1200, 900);
    const big = await sharp(raw, { raw: { width: 1200, height: 900, channels } }).png().toBuffer();
    for (let i = 0; i < BATCH; i++) writeFileSync(path.join(workspace.root, 'batch', `${i}.png`), big);

    ({ client, leave } = await joinSharedServer({ trusted: true }));
    await client.waitFor('index ready', () => client.notifications.find((n) => n.method === 'archipel/indexStatus' && (n.params as { state: string }).state === 'ready'));
  });

  after(() => leave());

  const reports = new Map<string, { kind: string }[]>();
  const watchProgress = (token: string) => reports.set(token, client.watchProgress(token));
  const progress = (token: string) => reports.get(token) ?? [];

  it('blurs a folder with the nearest archipel.yaml, reports progress and a per-file error', async () => {
    watchProgress('blur-1');
    const params: BlurParams = { uris: [uri('images')], mode: 'blur', workDoneToken: 'blur-1' };
    const response = await client.connection.sendRequest(BlurRequest, params);
    assert.equal(response.cancelled, false);
    assert.equal(response.total, 3);
    assert.deepEqual(
      response.results.map((r) => [path.basename(r.file), r.output && path.basename(r.output), r.regions.length, r.error !== undefined]),
      [
        ['a.png', 'a.blurred.png', 1, false],
        ['b.png', 'b.blurred.png', 1, false],
        ['bad.png', undefined, 0, true],
      ],
    );
    assert.deepEqual(response.results[0].regions[0], { class: 'face', score: 0.95, box: [30, 30, 90, 90], source: 'model' });
    assert.ok(existsSync(path.join(workspace.root, 'images', 'a.blurred.png')));
    assert.equal(existsSync(path.join(workspace.root, 'images', 'a.detections.json')), false, 'blur writes no sidecar');
    const kinds = await client.waitFor('progress end', () => (progress('blur-1').some((v) => v.kind === 'end') ? progress('blur-1').map((v) => v.kind) : undefined));
    assert.deepEqual(kinds, ['begin', 'report', 'report', 'report', 'end']);
  });

  it('detect writes the sidecar; saved edits are what Apply blurs', async () => {
    const detected = await client.connection.sendRequest(BlurRequest, { uris: [uri('images/b.png')], mode: 'detect', previewSize: 32 } satisfies BlurParams);
    const [b] = detected.results;
    assert.equal(b.sidecar, path.join(workspace.root, 'images', 'b.detections.json'));
    assert.ok(b.preview && b.preview.original.length > 0 && b.preview.result.length > 0);
    assert.deepEqual([b.preview.width, b.preview.height, b.preview.mime], [32, 32, 'image/jpeg']);

    const edit: BlurSaveRegionsParams = {
      uri: uri('images/b.png'),
      width: 60,
      height: 60,
      regions: [{ class: 'face', score: 1, box: [0, 0, 10, 10], source: 'user' }],
      removed: [{ class: 'face', score: 0.95, box: [15, 15, 45, 45] }],
    };
    await client.connection.sendRequest(BlurSaveRegionsRequest, edit);
    const saved = JSON.parse(readFileSync(path.join(workspace.root, 'images', 'b.detections.json'), 'utf8'));
    assert.deepEqual(saved.regions, edit.regions);
    const applied = await client.connection.sendRequest(BlurRequest, { uris: [uri('images/b.png')], mode: 'blur', source: 'sidecar' } satisfies BlurParams);
    assert.deepEqual(applied.results[0].regions, edit.regions);
    assert.equal(path.basename(applied.results[0].output ?? ''), 'b.blurred-2.png');
    await assert.rejects(client.connection.sendRequest(BlurSaveRegionsRequest, { ...edit, regions: [{ class: 'face', score: 3, box: [0, 0, 1, 1], source: 'user' }] }), /regions\[0\]/);
  });

  it('keeps answering other requests during a batch, and stops when the request is cancelled', async () => {
    // Warm the Kubernetes completion up so its first-use schema load is not what is measured.
    await client.connection.sendRequest('textDocument/completion', { textDocument: { uri: uri('archipel.yaml') }, position: { line: 0, character: 0 } });
    const order: string[] = [];
    watchProgress('batch');
    const source = new CancellationTokenSource();
    const batch = (client.connection.sendRequest(BlurRequest, { uris: [uri('batch')], mode: 'blur', workDoneToken: 'batch' } satisfies BlurParams, source.token)).then((r) => {
      order.push('blur');
      return r;
    });
    await client.waitFor('first batch progress', () => progress('batch').find((v) => v.kind === 'report'), 60_000);
    await client.connection.sendRequest('textDocument/hover', { textDocument: { uri: uri('archipel.yaml') }, position: { line: 1, character: 4 } }).then(() => order.push('hover'));
    source.cancel();
    const response = await batch;
    assert.deepEqual(order, ['hover', 'blur'], 'the hover waited for the batch');
    assert.equal(response.cancelled, true);
    assert.equal(response.total, BATCH);
    assert.ok(response.results.length < BATCH, `all ${response.results.length} images were processed despite the cancellation`);
  });
});
