// The prediction service holds its ground (issue #26): connections that send nothing are closed,
// open connections are bounded, POST /reload needs a JSON content type and, beyond loopback or when
// one is set, the shared token; cross-site browser requests and DNS rebinding (a foreign Host on a
// loopback service) are refused. On an in-process model over real sockets where sockets matter.
import assert from 'node:assert/strict';
import net from 'node:net';
import type { TabularModel } from '../../../src/predict/tabular';
import { guardRequest, isLoopback } from '../../../src/serve/guard';
import { createHttpServer, type HttpOptions } from '../../../src/serve/http';
import { ServeMetrics } from '../../../src/serve/metrics';
import { PredictionService } from '../../../src/serve/service';

const model = (): TabularModel => ({
  file: '/models/m.onnx', sha256: 'ab'.repeat(32), kind: 'classifier', outputs: 2, input: { name: 'x', shape: [-1, 1] }, loadedAt: '2026-01-01T00:00:00.000Z',
  card: { features: ['a'], labels: ['DOWN', 'UP'], source: 'onnx-metadata', version: '1' },
  run: async (_features, rows) => new Float32Array(rows * 2).fill(0.5),
  dispose: async () => undefined,
});

async function started(options: HttpOptions = {}) {
  const metrics = new ServeMetrics();
  const service = new PredictionService({ load: async () => model(), batchWindowMs: 0, events: metrics.events() });
  await service.start();
  const app = createHttpServer(service, metrics, options);
  const url = await app.listen({ host: '127.0.0.1', port: 0 });
  return { app, url, port: Number(new URL(url).port), close: () => app.close().then(() => service.close()) };
}

/** Resolves with how long the socket stayed open (ms) once the server closes it; rejects past `deadline` ms. */
function closedWithin(socket: net.Socket, deadline: number): Promise<number> {
  const t0 = Date.now();
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`still open after ${deadline} ms`)), deadline);
    socket.once('close', () => {
      clearTimeout(timer);
      resolve(Date.now() - t0);
    });
    socket.on('error', () => undefined);
  });
}

const connect = (port: number) => new Promise<net.Socket>((resolve, reject) => {
  const s = net.connect(port, '127.0.0.1', () => resolve(s));
  s.once('error', reject);
});

describe('serve: holds its ground', function () {
  this.timeout(120_000);

  it('closes a connection that sends nothing (was open after 130 s)', async () => {
    const s = await started({ idleTimeoutMs: 300 });
    try {
      const socket = await connect(s.port);
      const open = await closedWithin(socket, 10_000);
      assert.ok(open >= 250, `closed after ${open} ms, the idle time is 300 ms`);
    } finally {
      await s.close();
    }
  });

  it('cuts a client that trickles its headers a byte at a time (slowloris) at the headers timeout', async () => {
    const s = await started({ headersTimeoutMs: 400, idleTimeoutMs: 60_000, requestTimeoutMs: 60_000 });
    try {
      const socket = await connect(s.port);
      const closed = closedWithin(socket, 10_000);
      const header = 'GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ' + 'a'.repeat(1000);
      let i = 0;
      const drip = setInterval(() => {
        if (!socket.destroyed) socket.write(header[i++ % header.length]);
      }, 50);
      try {
        const open = await closed;
        assert.ok(open >= 350, `closed after ${open} ms, the headers timeout is 400 ms`);
      } finally {
        clearInterval(drip);
      }
    } finally {
      await s.close();
    }
  });

  it('bounds the open connections: one past the bound is closed at once', async () => {
    const s = await started({ maxConnections: 2 });
    const sockets: net.Socket[] = [];
    try {
      sockets.push(await connect(s.port), await connect(s.port));
      const third = await connect(s.port);
      sockets.push(third);
      await closedWithin(third, 5_000);
      assert.equal(sockets[0].destroyed, false);
    } finally {
      for (const socket of sockets) socket.destroy();
      await s.close();
    }
  });

  it('POST /reload: JSON content type required; refused beyond loopback without a token; the token checked when set', async () => {
    const reload = (headers: Record<string, string>, loopback: boolean, token?: string) =>
      guardRequest('POST', '/reload', { host: '127.0.0.1:5000', ...headers }, { loopback, ...(token ? { token } : {}) });
    // A CORS simple request (no content type, or text/plain): any page can send one.
    assert.equal(reload({}, true)?.status, 415);
    assert.equal(reload({ 'content-type': 'text/plain' }, true)?.status, 415);
    assert.equal(reload({ 'content-type': 'application/json' }, true), undefined);
    const beyond = reload({ 'content-type': 'application/json' }, false);
    assert.equal(beyond?.status, 403);
    assert.match(JSON.stringify(beyond?.body), /ARCHIPEL_SERVE_TOKEN/);
    assert.equal(reload({ 'content-type': 'application/json' }, false, 's3cret')?.status, 401);
    assert.equal(reload({ 'content-type': 'application/json', authorization: 'Bearer nope!!' }, false, 's3cret')?.status, 401);
    assert.equal(reload({ authorization: 'Bearer s3cret' }, false, 's3cret'), undefined);
    assert.equal(reload({ 'content-type': 'application/json', authorization: 'Bearer s3cret' }, true, 's3cret'), undefined);
  });

  it('refuses browser cross-site POSTs and a foreign Host on loopback (DNS rebinding), over HTTP', async () => {
    const s = await started();
    try {
      const post = (path: string, headers: Record<string, string>) =>
        s.app.inject({ method: 'POST', url: path, headers: { 'content-type': 'application/json', ...headers }, payload: '{"features": [1]}' });
      assert.equal((await post('/predict', {})).statusCode, 200);
      const cross = await post('/reload', { origin: 'https://evil.example' });
      assert.equal(cross.statusCode, 403);
      assert.match(cross.json<{ error: string }>().error, /cross-site request from the page at https:\/\/evil\.example is refused/);
      assert.equal((await post('/predict', { 'sec-fetch-site': 'cross-site' })).statusCode, 403);
      assert.equal((await post('/predict', { origin: 'http://localhost:80' })).statusCode, 200, 'same origin');
      const rebound = await s.app.inject({ url: '/model/info', headers: { host: 'attacker.example:5000' } });
      assert.equal(rebound.statusCode, 403);
      assert.match(rebound.json<{ error: string }>().error, /the Host header "attacker\.example:5000" is not this machine/);
      assert.equal((await s.app.inject({ url: '/model/info', headers: { host: '[::1]:5000' } })).statusCode, 200);
    } finally {
      await s.close();
    }
  });

  it('tells loopback addresses from others', () => {
    for (const host of ['127.0.0.1', 'localhost', '::1', '[::1]', '127.1.2.3']) assert.ok(isLoopback(host), host);
    for (const host of ['0.0.0.0', '::', '10.0.0.5', 'example.com', '127.0.0.1.evil.com']) assert.ok(!isLoopback(host), host);
  });
});
