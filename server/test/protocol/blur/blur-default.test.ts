import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { BlurRequest, type BlurParams } from '../../../src/protocol';
import { repoRoot } from '../../helpers';
import type { TestLspClient } from '../lspClient';
import { joinSharedServer, sharedWorkspace } from '../sharedServer';

/** A newcomer's first blur: no archipel.yaml, no setting, no download; the face model Archipel ships. */
describe('archipel/blur out of the box', function () {
  this.timeout(120_000);
  let client: TestLspClient;
  let leave: () => Promise<void>;
  // The shared server, trusted while this file runs; no archipel.yaml in this folder nor above it.
  const workspace = sharedWorkspace('blur-default', { 'README.md': '# photos\n' });

  before(async () => {
    mkdirSync(path.join(workspace.root, 'photos'));
    copyFileSync(path.join(repoRoot, 'examples', 'portfolio', 'anonymiser', 'samples', 'crossing.jpg'), path.join(workspace.root, 'photos', 'crossing.jpg'));
    ({ client, leave } = await joinSharedServer({ trusted: true }));
  });

  after(() => leave());

  it('blurs the faces of the example photo with no configuration', async () => {
    const params: BlurParams = { uris: [pathToFileURL(path.join(workspace.root, 'photos', 'crossing.jpg')).href], mode: 'blur' };
    const response = await client.connection.sendRequest(BlurRequest, params);
    const [result] = response.results;
    assert.equal(result.error, undefined);
    assert.ok(result.regions.filter((r) => r.class === 'face').length >= 5, `${result.regions.length} faces`);
    assert.deepEqual(result.models.map((m) => path.basename(m.file)), ['yunet_n_dynamic.onnx']);
    assert.ok(result.output && existsSync(result.output));
    assert.match(response.summary.message, /^Blurred 1 image: \d+ regions \(face \d+\)/);
  });
});
