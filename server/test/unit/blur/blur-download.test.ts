import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { downloadVerified, DownloadError } from '../../../src/engines/blur/download';
import { DEFAULT_FACE_MODEL } from '../../../src/protocol/blurValues';
import { fixtureModel } from '../../blur/fixtures';
import { makeTree } from '../../tempdir';

describe('default face model download', function () {
  this.timeout(120_000);
  const model = readFileSync(fixtureModel('yunet_n_dynamic.onnx'));
  let server: Server;
  let base: string;
  let tree: ReturnType<typeof makeTree>;

  before(async () => {
    server = createServer((request, response) => {
      if (request.url === '/yunet.onnx') {
        response.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': model.length });
        response.end(model);
      } else if (request.url === '/moved') {
        response.writeHead(302, { location: '/yunet.onnx' });
        response.end();
      } else if (request.url === '/tampered.onnx') {
        response.end(Buffer.concat([model.subarray(0, 1000), Buffer.from('x')]));
      } else {
        response.writeHead(404);
        response.end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  beforeEach(() => (tree = makeTree({})));
  afterEach(() => tree.remove());

  it('the pinned hash is the fixture model\'s', () => {
    assert.equal(createHash('sha256').update(model).digest('hex'), DEFAULT_FACE_MODEL.sha256);
    assert.match(DEFAULT_FACE_MODEL.url, /ShiqiYu\/libfacedetection\.train\/.*onnx\/yunet_n_dynamic\.onnx$/);
  });

  it('downloads, follows a redirect, verifies the sha256 and says when it is already there', async () => {
    const target = path.join(tree.root, 'models', 'yunet.onnx');
    const seen: number[] = [];
    assert.equal(await downloadVerified({ url: `${base}/moved`, sha256: DEFAULT_FACE_MODEL.sha256, target, onProgress: (n) => seen.push(n) }), 'downloaded');
    assert.deepEqual(readFileSync(target), model);
    assert.equal(seen[seen.length - 1], model.length);
    assert.equal(await downloadVerified({ url: `${base}/nowhere`, sha256: DEFAULT_FACE_MODEL.sha256, target }), 'already');
    assert.deepEqual(readdirSync(path.dirname(target)), ['yunet.onnx'], 'no temporary file left');
  });

  it('keeps nothing when the hash differs, and says which hash it got', async () => {
    const target = path.join(tree.root, 'yunet.onnx');
    await assert.rejects(downloadVerified({ url: `${base}/tampered.onnx`, sha256: DEFAULT_FACE_MODEL.sha256, target }), (error: Error) => {
      assert.ok(error instanceof DownloadError);
      assert.match(error.message, /is not the expected one: sha256 [0-9a-f]{64}, expected 104ee26c.*Nothing was saved/);
      return true;
    });
    assert.equal(existsSync(target), false);
    assert.deepEqual(readdirSync(tree.root), []);
  });

  it('reports HTTP errors and unreachable servers clearly', async () => {
    const target = path.join(tree.root, 'yunet.onnx');
    await assert.rejects(downloadVerified({ url: `${base}/missing`, sha256: DEFAULT_FACE_MODEL.sha256, target }), /HTTP 404/);
    // A port nothing listens on.
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    await assert.rejects(downloadVerified({ url: `http://127.0.0.1:${port}/yunet.onnx`, sha256: DEFAULT_FACE_MODEL.sha256, target }), (error: Error) => {
      assert.match(error.message, /^could not download http:\/\/127\.0\.0\.1:\d+\/yunet\.onnx: fetch failed \(ECONNREFUSED\)\. This machine may have no access to the internet\.$/);
      return true;
    });
  });
});
