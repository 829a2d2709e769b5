// Workspace trust enforced by the server itself: a job that executes workspace content (blur runs
// the workspace's models) is refused until the client says the workspace is trusted.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import sharp from 'sharp';
import { BlurRequest, DEFAULT_FACE_MODEL, DownloadFaceModelRequest, WorkspaceTrustNotification, type BlurParams } from '../../../src/protocol';
import { fixtureModel, patternImage } from '../../blur/fixtures';
import { centreFaceModel } from '../../blur/onnxModels';
import type { TestLspClient } from '../lspClient';
import { joinSharedServer, sharedWorkspace } from '../sharedServer';

describe('compute requests: workspace trust in the server, the face model download', function () {
  this.timeout(120_000);
  let client: TestLspClient;
  let leave: () => Promise<void>;
  // The shared server, untrusted as every file finds it; this file grants trust, `leave()` takes it back.
  const workspace = sharedWorkspace('trust', { 'archipel.yaml': 'blur:\n  faceModel: models/centre-face.onnx\n' });
  const image = path.join(workspace.root, 'a.png');

  before(async () => {
    mkdirSync(path.join(workspace.root, 'models'));
    centreFaceModel(path.join(workspace.root, 'models'));
    const { raw, channels } = patternImage(60, 60);
    await sharp(raw, { raw: { width: 60, height: 60, channels } }).png().toFile(image);
    // An editor that says nothing about trust: the server assumes the workspace is not trusted.
    ({ client, leave } = await joinSharedServer());
    await client.waitFor('index ready', () => client.notifications.find((n) => n.method === 'archipel/indexStatus' && (n.params as { state: string }).state === 'ready'));
  });

  after(() => leave());

  it('refuses to run the workspace\'s models until trust is granted, saying why; then runs them', async () => {
    const params: BlurParams = { uris: [pathToFileURL(image).href], mode: 'blur' };
    await assert.rejects(
      client.connection.sendRequest(BlurRequest, params),
      (error: Error) =>
        error.message ===
        'Blurring faces and plates refused: this workspace is not trusted, and the job runs the detection models (.onnx files) that the workspace configures. Trust the workspace (Workspaces: Manage Workspace Trust) to run it.',
    );
    assert.equal(existsSync(path.join(workspace.root, 'a.blurred.png')), false, 'nothing was written');

    await client.connection.sendNotification(WorkspaceTrustNotification, { trusted: true });
    const response = await client.connection.sendRequest(BlurRequest, params);
    assert.deepEqual(
      response.results.map((r) => [path.basename(r.file), r.output && path.basename(r.output), r.regions.length, r.error]),
      [['a.png', 'a.blurred.png', 1, undefined]],
    );
    assert.equal(response.summary.message, 'Blurred 1 image: 1 region (face 1), ' + `${response.results[0].ms} ms per image.`);
  });

  it('downloads the default face model in the server (the client loads no engine code): a verified copy already there is kept', async () => {
    const folder = path.join(workspace.root, 'storage', 'models');
    mkdirSync(folder, { recursive: true });
    copyFileSync(fixtureModel('yunet_n_dynamic.onnx'), path.join(folder, DEFAULT_FACE_MODEL.name));
    const result = await client.connection.sendRequest(DownloadFaceModelRequest, { folder });
    assert.deepEqual(result, { file: path.join(folder, DEFAULT_FACE_MODEL.name), outcome: 'already' });
  });
});
