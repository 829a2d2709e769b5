// `archipel serve` as a user runs it (issue #21): the built CLI (dist/server/cli.js, `node esbuild.mjs`
// first) started on a free loopback port with a real ONNX forest, spoken to over HTTP. Every route and
// its exact shape, each bad input's status and message, reload (good and broken), micro-batched answers
// equal to unbatched ones, and the drain on SIGTERM.
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import http from 'node:http';
import net from 'node:net';
import { copyFileSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { OHLCV22_FEATURES, ohlcv22 } from '../../../src/predict/ohlcv22';
import { fixturesDir, repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';

const cli = path.join(repoRoot, 'dist', 'server', 'cli.js');
const models = path.join(fixturesDir, 'predict', 'models');
/** A scikit-learn forest written as ONNX, with predict_proba on fixed rows (scripts/predict/test_models.py). */
const expected = JSON.parse(readFileSync(path.join(models, 'expected.json'), 'utf8')) as { features: string[]; rows: number[][]; binary: number[][] };

interface Running {
  url: string;
  child: ChildProcess;
  stdout: () => string;
  exited: Promise<number | null>;
}

/** Starts `archipel serve MODEL --port 0 ARGS`; resolves once it prints the URL of the served model. */
function serve(model: string, args: string[] = [], env: Record<string, string> = {}): Promise<Running> {
  const child = spawn(process.execPath, [cli, 'serve', model, '--port', '0', ...args], { env: { ...process.env, ARCHIPEL_LANG: 'en', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`archipel serve did not start in 30 s:\n${out}\n${err}`)), 30_000);
    child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const served = /^Serving .* at (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
      if (served) {
        clearTimeout(timer);
        resolve({ url: served[1], child, stdout: () => out, exited });
      }
    });
    void exited.then((code) => reject(new Error(`archipel serve exited (${code}) before serving:\n${out}\n${err}`)));
  });
}

async function stop(running: Running | undefined): Promise<void> {
  if (!running || running.child.exitCode !== null) return;
  running.child.kill('SIGTERM');
  await running.exited;
}

const post = (url: string, body: unknown, type = 'application/json') =>
  fetch(url, { method: 'POST', headers: { 'content-type': type }, body: typeof body === 'string' ? body : JSON.stringify(body) });

async function json(response: Response): Promise<{ status: number; body: Record<string, unknown> }> {
  return { status: response.status, body: (await response.json()) as Record<string, unknown> };
}

/**
 * A POST whose headers announce `length` bytes but which sends only the first few: the service
 * answers 413 from the Content-Length alone, and a client that went on writing 8 MB would only
 * meet a closed socket (EPIPE) instead of reading that answer.
 */
function announceLength(url: string, route: string, length: number): Promise<{ status: number; body: Record<string, unknown> }> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    const socket = net.connect(Number(port), hostname);
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString()));
    socket.on('error', reject);
    socket.on('close', () => {
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(received)?.[1]);
      resolve({ status, body: JSON.parse(received.slice(received.indexOf('\r\n\r\n') + 4)) as Record<string, unknown> });
    });
    socket.write(`POST ${route} HTTP/1.1\r\nHost: ${hostname}\r\nContent-Type: application/json\r\nContent-Length: ${length}\r\n\r\n{"features": [`);
  });
}

/**
 * Resolves once the service holds a request in a batching window: its /metrics then count an
 * active `Timeout` (the window's timer; connection timers are unreferenced and not counted).
 * Polled back to back, with a deadline.
 */
async function waitForBatchWindow(url: string, ms = 10_000): Promise<void> {
  const deadline = Date.now() + ms;
  for (;;) {
    const text = await (await fetch(`${url}/metrics`)).text();
    if (/^archipel_serve_nodejs_active_resources\{type="Timeout"\} [1-9]/m.test(text)) return;
    if (Date.now() > deadline) throw new Error(`no request waited for its batch within ${ms} ms`);
  }
}

const withoutTime = (p: Record<string, unknown>) => ({ ...p, timestamp: undefined });

describe('archipel serve (built CLI over HTTP)', function () {
  this.timeout(120_000);
  let dir: string;
  let remove: () => void;
  let model: string;
  let main: Running;

  before(async () => {
    assert.ok(existsSync(cli), `${cli} is missing: run node esbuild.mjs`);
    ({ root: dir, remove } = makeTree({}));
    model = path.join(dir, 'direction.onnx');
    copyFileSync(path.join(models, 'binary.onnx'), model);
    main = await serve(model, ['--batch-window-ms', '20']);
  });
  after(async () => {
    await stop(main);
    remove();
  });

  it('prints the URL it bound on port 0 and answers GET /health', async () => {
    assert.match(main.stdout(), /^Listening at http:\/\/127\.0\.0\.1:\d+$/m);
    assert.deepEqual(await json(await fetch(`${main.url}/health`)), { status: 200, body: { status: 'healthy', model_loaded: true } });
  });

  it('answers GET /model/info with the model card, shapes, sha256 and load time', async () => {
    const { status, body } = await json(await fetch(`${main.url}/model/info`));
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(body), ['name', 'version', 'description', 'kind', 'feature_names', 'class_names', 'threshold', 'recipe', 'input_shape', 'output_shape', 'sha256', 'loaded_at', 'card_source']);
    assert.equal(body.name, 'direction.onnx');
    assert.deepEqual(body.feature_names, expected.features);
    assert.deepEqual(body.class_names, ['DOWN', 'UP']);
    assert.equal(body.threshold, 0.5);
    assert.equal(body.recipe, null);
    assert.deepEqual(body.input_shape, [-1, 4]);
    assert.deepEqual(body.output_shape, [-1, 2]);
    assert.match(body.sha256 as string, /^[0-9a-f]{64}$/);
    assert.ok(!Number.isNaN(Date.parse(body.loaded_at as string)));
  });

  it('answers POST /predict in the seeds\' shape, with scikit-learn\'s probabilities, from an array or an object', async () => {
    for (let i = 0; i < 10; i++) {
      const row = expected.rows[i];
      const a = await json(await post(`${main.url}/predict`, { features: row }));
      assert.equal(a.status, 200);
      assert.deepEqual(Object.keys(a.body), ['prediction', 'prediction_label', 'probability', 'probabilities', 'model_version', 'timestamp']);
      const [down, up] = expected.binary[i];
      const probabilities = a.body.probabilities as Record<string, number>;
      assert.ok(Math.abs(probabilities.DOWN - down) < 1e-6 && Math.abs(probabilities.UP - up) < 1e-6, `row ${i}: ${JSON.stringify(probabilities)} vs ${down}, ${up}`);
      const k = up >= 0.5 ? 1 : 0;
      assert.equal(a.body.prediction, k);
      assert.equal(a.body.prediction_label, ['DOWN', 'UP'][k]);
      assert.equal(a.body.probability, k ? probabilities.UP : probabilities.DOWN);
      assert.ok(!Number.isNaN(Date.parse(a.body.timestamp as string)));
      const named = Object.fromEntries(expected.features.map((f, j) => [f, row[j]]));
      const o = await json(await post(`${main.url}/predict`, { features: named }));
      assert.deepEqual(withoutTime(o.body), withoutTime(a.body));
    }
  });

  it('answers POST /predict/batch with the same objects, the count and the version', async () => {
    const rows = expected.rows.slice(0, 25);
    const { status, body } = await json(await post(`${main.url}/predict/batch`, { instances: rows }));
    assert.equal(status, 200);
    assert.deepEqual(Object.keys(body), ['predictions', 'count', 'model_version']);
    assert.equal(body.count, 25);
    const predictions = body.predictions as Record<string, unknown>[];
    for (let i = 0; i < rows.length; i++) {
      const single = await json(await post(`${main.url}/predict`, { features: rows[i] }));
      assert.deepEqual(withoutTime(predictions[i]), withoutTime(single.body));
      assert.equal(predictions[i].model_version, body.model_version);
    }
  });

  it('says why GET /predict/demo has no example row without a recipe', async () => {
    const { status, body } = await json(await fetch(`${main.url}/predict/demo`));
    assert.equal(status, 404);
    assert.match(body.error as string, /^no built-in example row: the model has no feature recipe/);
  });

  it('refuses each bad input with its status and what is expected, and keeps serving', async () => {
    const url = `${main.url}/predict`;
    const cases: [Promise<Response>, number, RegExp][] = [
      [post(url, { features: [1, 2, 3] }), 400, /^features has 3 value\(s\); expected 4 numbers in the model's feature order \(alpha, beta, gamma, delta\)$/],
      [post(url, { features: [1, 'x', 3, 4] }), 400, /^features\[1\] \(beta\) is a string \("x"\); expected a finite number$/],
      [post(url, { features: [1, 'NaN', 3, 4] }), 400, /^features\[1\] \(beta\) is a string \("NaN"\); expected a finite number$/],
      [post(url, '{"features": [1, 2, 1e999, 4]}'), 400, /^features\[2\] \(gamma\) is not a finite number; expected a finite number$/],
      [post(url, { features: [1, 2, 3, -1e300] }), 400, /^features\[3\] \(delta\) is -1e\+300, outside the float32 range/],
      [post(url, { features: { alpha: 1, beta: 2, gamma: 3 } }), 400, /^features lacks 1 feature\(s\): delta; expected every feature of the model: alpha, beta, gamma, delta$/],
      [post(url, { features: [1, 2, 3, 4] }, 'text/plain'), 415, /^the content type is not supported; send the body as application\/json$/],
      [post(url, '{"features": [1, 2,'), 400, /^malformed JSON: .*; expected \{"features": \[numbers in the model's feature order\]\}/],
      [post(`${main.url}/predict/batch`, { instances: [[1, 2, 3, 4], [1, 2]] }), 400, /^instances\[1\] has 2 value\(s\); expected 4 numbers/],
      [fetch(`${main.url}/predict`), 404, /^no route GET \/predict; the routes are GET \/health, GET \/model\/info, POST \/predict/],
    ];
    for (const [request, status, message] of cases) {
      const answer = await json(await request);
      assert.equal(answer.status, status, JSON.stringify(answer.body));
      assert.deepEqual(Object.keys(answer.body), ['error']);
      assert.match(answer.body.error as string, message);
    }
    const tooLarge = await announceLength(main.url, '/predict/batch', 9 * 1024 * 1024);
    assert.deepEqual(tooLarge, { status: 413, body: { error: 'the body is larger than the limit of 8388608 bytes; send fewer rows per request' } });
    assert.equal((await post(url, { features: expected.rows[0] })).status, 200);
    assert.equal(main.child.exitCode, null, 'still running');
  });

  it('exposes Prometheus metrics: requests by route and status, latency, classes, batch sizes, model, process', async () => {
    const response = await fetch(`${main.url}/metrics`);
    assert.equal(response.status, 200);
    assert.match(response.headers.get('content-type') ?? '', /^text\/plain; version=0\.0\.4/);
    const text = await response.text();
    for (const pattern of [
      /^archipel_serve_http_requests_total\{method="POST",route="\/predict",status="200"\} \d+$/m,
      /^archipel_serve_http_requests_total\{method="POST",route="\/predict",status="400"\} \d+$/m,
      /^archipel_serve_http_requests_total\{method="POST",route="\/predict",status="415"\} 1$/m,
      /^archipel_serve_http_request_duration_seconds_bucket\{le="0\.005",method="POST",route="\/predict"\} \d+$/m,
      /^archipel_serve_predictions_total\{class="(UP|DOWN)"\} \d+$/m,
      /^archipel_serve_inference_batch_rows_bucket\{le="1"\} \d+$/m,
      /^archipel_serve_model_load_seconds \d/m,
      /^archipel_serve_model_info\{version="[0-9a-f]{12}",sha256="[0-9a-f]{64}",name="direction\.onnx"\} 1$/m,
      /^archipel_serve_process_resident_memory_bytes \d+$/m,
    ]) assert.match(text, pattern);
  });

  it('reloads a new model file atomically, and refuses a broken one with 422 while the old one keeps serving', async () => {
    const before = (await json(await fetch(`${main.url}/model/info`))).body;
    // The same forest with skl2onnx's ZipMap output: another file, the same probabilities.
    copyFileSync(path.join(models, 'binary-zipmap.onnx'), model);
    const reloaded = await json(await post(`${main.url}/reload`, ''));
    assert.equal(reloaded.status, 200);
    assert.deepEqual(Object.keys(reloaded.body), ['status', 'model_version', 'sha256', 'loaded_at', 'previous_version']);
    assert.equal(reloaded.body.status, 'reloaded');
    assert.equal(reloaded.body.previous_version, before.version);
    assert.notEqual(reloaded.body.sha256, before.sha256);
    const info = (await json(await fetch(`${main.url}/model/info`))).body;
    assert.equal(info.sha256, reloaded.body.sha256);
    const p = await json(await post(`${main.url}/predict`, { features: expected.rows[3] }));
    assert.ok(Math.abs((p.body.probabilities as Record<string, number>).UP - expected.binary[3][1]) < 1e-6);
    assert.equal(p.body.model_version, reloaded.body.model_version);

    writeFileSync(model, 'this is not an ONNX model');
    // A bare POST (what any web page can send without asking) is refused before the model is touched.
    assert.equal((await fetch(`${main.url}/reload`, { method: 'POST' })).status, 415);
    const broken = await json(await post(`${main.url}/reload`, ''));
    assert.equal(broken.status, 422);
    assert.match(broken.body.error as string, /^the model cannot be served: model direction\.onnx: not an ONNX model .*; the previous model \(version [0-9a-f]{12}\) keeps serving$/);
    const still = await json(await post(`${main.url}/predict`, { features: expected.rows[3] }));
    assert.equal(still.status, 200);
    assert.equal(still.body.model_version, reloaded.body.model_version);
    assert.equal((await json(await fetch(`${main.url}/health`))).body.model_loaded, true);
  });

  it('micro-batches concurrent single rows into fewer inferences, with answers equal to unbatched ones', async () => {
    const unbatched = await serve(path.join(models, 'binary.onnx'), ['--batch-window-ms', '0']);
    const batched = await serve(path.join(models, 'binary.onnx'), ['--batch-window-ms', '50']);
    try {
      const rows = expected.rows;
      const many = await Promise.all(rows.map((features) => post(`${batched.url}/predict`, { features }).then(json)));
      const alone: Record<string, unknown>[] = [];
      for (const features of rows) alone.push((await json(await post(`${unbatched.url}/predict`, { features }))).body);
      many.forEach((answer, i) => {
        assert.equal(answer.status, 200);
        assert.deepEqual(withoutTime(answer.body), withoutTime(alone[i]));
      });
      const metrics = await (await fetch(`${batched.url}/metrics`)).text();
      const count = Number(/^archipel_serve_inference_batch_rows_count (\d+)$/m.exec(metrics)?.[1]);
      const sum = Number(/^archipel_serve_inference_batch_rows_sum (\d+)$/m.exec(metrics)?.[1]);
      assert.equal(sum, rows.length);
      assert.ok(count < rows.length / 2, `${rows.length} concurrent rows ran in ${count} inferences`);
      const single = await (await fetch(`${unbatched.url}/metrics`)).text();
      assert.match(single, new RegExp(`^archipel_serve_inference_batch_rows_count ${rows.length}$`, 'm'));
    } finally {
      await stop(unbatched);
      await stop(batched);
    }
  });

  it('drains the requests in flight on SIGTERM, then exits 0', async () => {
    // A 1 s batching window keeps the request in flight when the signal arrives.
    const running = await serve(path.join(models, 'binary.onnx'), ['--batch-window-ms', '1000']);
    const inFlight = post(`${running.url}/predict`, { features: expected.rows[0] }).then(json);
    // The request has reached the service and waits for its batch: the window's timer is the
    // process's only active timer (Node's own metrics, by resource type), a wait on that, not a sleep.
    await waitForBatchWindow(running.url);
    running.child.kill('SIGTERM');
    const answer = await inFlight;
    assert.equal(answer.status, 200);
    assert.equal(answer.body.prediction_label, expected.binary[0][1] >= 0.5 ? 'UP' : 'DOWN');
    assert.equal(await running.exited, 0);
    assert.match(running.stdout(), /SIGTERM: draining the requests in flight, then stopping\nStopped\.\n$/);
    await assert.rejects(fetch(`${running.url}/health`));
  });

  it('with several workers, answers every request once /health first says healthy, as the editor polls it (no worker still loading takes a connection)', async () => {
    // A model of its own: an earlier test reloads `model` with a broken file.
    const own = path.join(dir, 'workers.onnx');
    copyFileSync(path.join(models, 'binary.onnx'), own);
    const child = spawn(process.execPath, [cli, 'serve', own, '--port', '0', '--workers', '4'], { env: { ...process.env, ARCHIPEL_LANG: 'en' }, stdio: ['ignore', 'pipe', 'pipe'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          const listening = /^Listening at (http:\/\/127\.0\.0\.1:\d+)$/m.exec(out);
          if (listening) resolve(listening[1]);
        });
        let err = '';
        child.stderr.on('data', (chunk: Buffer) => (err += chunk.toString()));
        void exited.then((code) => reject(new Error(`archipel serve exited (${code}):\n${out}\n${err}`)));
      });
      // Each request on a connection of its own, so that the port's round robin spreads them over the workers.
      const get = (route: string) =>
        new Promise<{ status: number; body: Record<string, unknown> }>((resolve, reject) => {
          http
            .get(`${url}${route}`, { agent: false }, (response) => {
              let text = '';
              response.on('data', (chunk: Buffer) => (text += chunk.toString()));
              response.on('end', () => resolve({ status: response.statusCode ?? 0, body: JSON.parse(text) as Record<string, unknown> }));
            })
            .on('error', reject);
        });
      // The editor's poll: the first healthy answer means "ready".
      for (let tries = 0; (await get('/health').then((r) => r.status, () => 0)) !== 200; tries++) {
        assert.ok(tries < 600, 'never healthy');
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
      for (let i = 0; i < 12; i++) {
        const info = await get('/model/info');
        assert.equal(info.status, 200, `request ${i}: ${JSON.stringify(info.body)}`);
        assert.deepEqual(info.body.feature_names, expected.features);
      }
    } finally {
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('exits 1 with the reason when the model cannot be served, and 2 on a usage error', async () => {
    const bad = path.join(dir, 'bad.onnx');
    writeFileSync(bad, 'nope');
    const child = spawn(process.execPath, [cli, 'serve', bad, '--port', '0'], { env: { ...process.env, ARCHIPEL_LANG: 'en' } });
    let err = '';
    child.stderr.on('data', (c: Buffer) => (err += c.toString()));
    const code = await new Promise((resolve) => child.once('exit', resolve));
    assert.equal(code, 1);
    assert.match(err, /^archipel serve: the model cannot be served: model bad\.onnx: not an ONNX model/m);
    // With many workers failing at once, the primary tells the others to stop while they exit: one
    // message, exit 1, never an EPIPE of a closed channel (it once ended the primary with a stack).
    for (let round = 0; round < 3; round++) {
      const many = spawn(process.execPath, [cli, 'serve', bad, '--port', '0', '--workers', '6'], { env: { ...process.env, ARCHIPEL_LANG: 'en' } });
      let manyErr = '';
      many.stderr.on('data', (c: Buffer) => (manyErr += c.toString()));
      assert.equal(await new Promise((resolve) => many.once('exit', resolve)), 1, manyErr);
      assert.equal(manyErr.trim().split('\n').length, 1, manyErr);
      assert.match(manyErr, /^archipel serve: the model cannot be served: model bad\.onnx: not an ONNX model/);
    }
    const usage = spawn(process.execPath, [cli, 'serve', bad, '--port', '70000'], { env: { ...process.env, ARCHIPEL_LANG: 'en' } });
    let usageErr = '';
    usage.stderr.on('data', (c: Buffer) => (usageErr += c.toString()));
    assert.equal(await new Promise((resolve) => usage.once('exit', resolve)), 2);
    assert.match(usageErr, /--port expects a whole number from 0 to 65535, got "70000"/);
  });

  it('POST /reload takes the token of ARCHIPEL_SERVE_TOKEN_FILE as a Bearer header, and refuses it without', async () => {
    const tokenFile = path.join(dir, 'reload.token');
    writeFileSync(tokenFile, 'f00dcafe\n');
    const served = path.join(dir, 'token-model.onnx');
    copyFileSync(path.join(models, 'binary.onnx'), served);
    const running = await serve(served, [], { ARCHIPEL_SERVE_TOKEN_FILE: tokenFile });
    try {
      const without = await json(await post(`${running.url}/reload`, ''));
      assert.equal(without.status, 401);
      assert.match(without.body.error as string, /needs the service's token/);
      const wrong = await fetch(`${running.url}/reload`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer f00dcafF' } });
      assert.equal(wrong.status, 401);
      const right = await fetch(`${running.url}/reload`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer f00dcafe' } });
      assert.equal(right.status, 200);
    } finally {
      await stop(running);
    }
  });

  it('serves the example model with the ohlcv-22 recipe: its demo row, and scikit-learn\'s probabilities on the example prices', async () => {
    const example = path.join(repoRoot, 'examples', 'portfolio', 'prediction');
    const running = await serve(path.join(example, 'model.onnx'), ['--recipe', 'ohlcv-22']);
    try {
      const info = (await json(await fetch(`${running.url}/model/info`))).body;
      assert.equal(info.recipe, 'ohlcv-22');
      assert.deepEqual(info.feature_names, [...OHLCV22_FEATURES]);
      assert.deepEqual(info.class_names, ['DOWN', 'UP']);
      const demo = await json(await fetch(`${running.url}/predict/demo`));
      assert.equal(demo.status, 200);
      assert.deepEqual(Object.keys(demo.body), ['prediction', 'prediction_label', 'probability', 'probabilities', 'model_version', 'timestamp', 'features']);
      const again = await json(await post(`${running.url}/predict`, { features: demo.body.features }));
      const { features: _features, ...prediction } = demo.body;
      assert.deepEqual(withoutTime(again.body), withoutTime(prediction));

      // ACME's rows of prices.csv through the recipe, then one batch: scikit-learn's predict_proba to 1e-6.
      const lines = readFileSync(path.join(example, 'prices.csv'), 'utf8').trim().split(/\r?\n/).slice(1).map((l) => l.split(','));
      const acme = lines.filter((cells) => cells[1] === 'ACME');
      const column = (k: number) => acme.map((cells) => Number(cells[k]));
      const table = ohlcv22({ open: column(2), high: column(3), low: column(4), close: column(5), volume: column(6) });
      const rows: number[][] = [];
      const dates: string[] = [];
      table.defined.forEach((defined, i) => {
        if (!defined) return;
        rows.push(table.features.map((f) => f[i]));
        dates.push(acme[i][0]);
      });
      const reference = new Map((JSON.parse(readFileSync(path.join(fixturesDir, 'predict', 'example-expected.json'), 'utf8')) as [string, string, number][])
        .filter((r) => r[1] === 'ACME').map((r) => [r[0], r[2]]));
      const batch = await json(await post(`${running.url}/predict/batch`, { instances: rows }));
      assert.equal(batch.status, 200);
      assert.equal(batch.body.count, rows.length);
      (batch.body.predictions as { probabilities: Record<string, number> }[]).forEach((p, i) => {
        const up = reference.get(dates[i]);
        assert.ok(up !== undefined && Math.abs(p.probabilities.UP - up) < 1e-6, `${dates[i]}: ${p.probabilities.UP} vs ${up}`);
      });
    } finally {
      await stop(running);
    }
  });
});
