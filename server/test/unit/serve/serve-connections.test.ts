// `archipel serve`'s connections (issue #37): one client holding many silent sockets cannot hold
// the service down. Loopback only (other clients are other 127.x addresses), bounded loops, waits
// with deadlines.
import assert from 'node:assert/strict';
import http from 'node:http';
import net from 'node:net';
import type { AddressInfo } from 'node:net';
import type { TabularModel } from '../../../src/predict/tabular';
import { createHttpServer } from '../../../src/serve/http';
import { ServeMetrics } from '../../../src/serve/metrics';
import { PredictionService } from '../../../src/serve/service';

const model: TabularModel = {
  file: '/models/m.onnx',
  sha256: 'ab'.repeat(32),
  card: { features: ['a'], labels: ['DOWN', 'UP'], source: 'onnx-metadata', version: '1' },
  kind: 'classifier',
  outputs: 2,
  input: { name: 'input', shape: [-1, 1] },
  loadedAt: '2026-01-01T00:00:00.000Z',
  run: async (_features, rows) => Float32Array.from({ length: rows * 2 }, (_, k) => (k % 2 ? 0.75 : 0.25)),
  dispose: async () => undefined,
};

/** Polls `check` until it holds (deadline 10 s). */
async function until(what: string, check: () => boolean | Promise<boolean>): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`not within 10 s: ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

/** GET /health from `localAddress`: its status, or the error's code. */
function health(port: number, localAddress: string): Promise<number | string> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port, path: '/health', localAddress, agent: false }, (response) => {
      response.resume();
      resolve(response.statusCode ?? 0);
    });
    request.on('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? error.message));
  });
}

/** `count` connected sockets from `localAddress` that never send a byte. */
async function silent(port: number, localAddress: string, count: number): Promise<net.Socket[]> {
  const sockets: net.Socket[] = [];
  for (let k = 0; k < count; k++) {
    const socket = net.connect({ host: '127.0.0.1', port, localAddress });
    socket.on('error', () => undefined);
    sockets.push(socket);
    await new Promise<void>((resolve) => {
      socket.once('connect', resolve);
      socket.once('close', () => resolve());
    });
  }
  return sockets;
}

describe('serve: connections (one client cannot hold the service down)', function () {
  this.timeout(120_000);
  let app: ReturnType<typeof createHttpServer>;
  let port: number;
  const sockets: net.Socket[] = [];

  before(async () => {
    const service = new PredictionService({ load: async () => model, batchWindowMs: 0 });
    await service.start();
    app = createHttpServer(service, new ServeMetrics(), { maxConnections: 40, maxIdlePerClient: 8 });
    await app.listen({ host: '127.0.0.1', port: 0 });
    port = (app.server.address() as AddressInfo).port;
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.destroy();
  });
  after(() => app.close());

  it('keeps a bounded number of idle connections per client address, closing its oldest', async () => {
    const mine = await silent(port, '127.0.0.1', 30);
    sockets.push(...mine);
    await until('the client keeps 8 idle connections', () => mine.filter((s) => !s.destroyed && !s.closed).length === 8);
    // The newest are kept.
    assert.ok(mine.slice(-8).every((s) => !s.closed));
    assert.equal(await health(port, '127.0.0.2'), 200);
  });

  it('answers /health while other clients hold as many silent sockets as the service takes, and more', async () => {
    // 12 addresses × 6 silent sockets (each within its per-client bound) = 72 > 40.
    for (let a = 0; a < 12; a++) sockets.push(...(await silent(port, `127.0.0.${10 + a}`, 6)));
    await until('at most 40 open', () => sockets.filter((s) => !s.closed).length <= 40);
    for (let k = 0; k < 5; k++) assert.equal(await health(port, '127.0.0.3'), 200);
    // Every client kept some: the ones that came late took room from those holding the most.
    for (let a = 0; a < 12; a++) assert.ok(sockets.slice(a * 6, a * 6 + 6).some((s) => !s.closed), `127.0.0.${10 + a} kept a connection`);
  });

  it('with the defaults: one client opening 520 silent sockets leaves /health answering', async () => {
    const service = new PredictionService({ load: async () => model, batchWindowMs: 0 });
    await service.start();
    const defaults = createHttpServer(service, new ServeMetrics());
    await defaults.listen({ host: '127.0.0.1', port: 0 });
    const at = (defaults.server.address() as AddressInfo).port;
    try {
      const flood = await silent(at, '127.0.0.1', 520);
      sockets.push(...flood);
      await until('the client keeps 64 idle connections', () => flood.filter((s) => !s.closed).length === 64);
      assert.equal(await health(at, '127.0.0.2'), 200);
      assert.equal(await health(at, '127.0.0.1'), 200);
    } finally {
      for (const socket of sockets.splice(0)) socket.destroy();
      await defaults.close();
    }
  });

  it('never closes a connection that is being answered', async () => {
    // A request in flight on one socket (its headers sent, its body not), then a flood of silent ones.
    const received = new Promise((resolve) => app.server.once('request', resolve));
    const busy = net.connect({ host: '127.0.0.1', port, localAddress: '127.0.0.4' });
    sockets.push(busy);
    let answer = '';
    busy.on('data', (chunk) => (answer += chunk.toString()));
    await new Promise<void>((resolve) => busy.once('connect', () => resolve()));
    const body = JSON.stringify({ instances: [[1], [2]] });
    busy.write(`POST /predict/batch HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body.slice(0, 5)}`);
    // The request has reached the server (its connection is busy: no longer idle).
    await received;
    sockets.push(...(await silent(port, '127.0.0.4', 20)));
    sockets.push(...(await silent(port, '127.0.0.5', 50)));
    assert.equal(busy.closed, false);
    busy.write(body.slice(5));
    await until('the batch is answered', () => /"count":2/.test(answer));
    assert.match(answer, /^HTTP\/1\.1 200/);
  });
});
