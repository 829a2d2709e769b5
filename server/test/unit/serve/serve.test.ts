// The prediction service's request handling and HTTP transport (issue #21) without sockets
// (fastify's inject), on an in-process model implementing TabularModel. The real ONNX model is used
// by the protocol test (server/test/protocol/serve/serve.test.ts) through the built CLI.
import assert from 'node:assert/strict';
import type { ModelCard } from '../../../src/protocol/predict';
import type { TabularModel } from '../../../src/predict/tabular';
import { OHLCV22_FEATURES } from '../../../src/predict/ohlcv22';
import { MicroBatcher } from '../../../src/serve/batcher';
import type { InjectOptions } from 'fastify';
import { createHttpServer } from '../../../src/serve/http';
import { ServeMetrics } from '../../../src/serve/metrics';
import { PredictionService, float32Decimal, type ServiceOptions } from '../../../src/serve/service';
import { serveTargets } from '../../../src/serve/targets';
import { loadArchipelSchema } from '../../../src/platform/archipelResources';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { runCli } from '../../cliRun';
import { repoRoot } from '../../helpers';

const FEATURES = ['a', 'b', 'c'];

/** A logistic model: p(UP) = sigmoid(a - b + c/2); counts its runs and their row counts. */
class LogisticModel implements TabularModel {
  readonly kind = 'classifier' as const;
  readonly outputs = 2;
  readonly input: { name: string; shape: number[] };
  readonly loadedAt = '2026-01-01T00:00:00.000Z';
  readonly runs: number[] = [];
  disposed = false;
  /** When set, run waits for it (to hold an inference in flight). */
  gate: Promise<void> | undefined;

  constructor(
    readonly card: ModelCard,
    readonly sha256 = 'ab'.repeat(32),
    readonly file = '/models/direction.onnx',
  ) {
    this.input = { name: 'input', shape: [-1, card.features.length] };
  }

  async run(features: Float32Array, rows: number): Promise<Float32Array> {
    this.runs.push(rows);
    if (this.gate) await this.gate;
    const n = this.card.features.length;
    const out = new Float32Array(rows * 2);
    for (let i = 0; i < rows; i++) {
      const z = features[i * n] - features[i * n + 1] + (n > 2 ? features[i * n + 2] / 2 : 0);
      const p = 1 / (1 + Math.exp(-z));
      out[i * 2] = 1 - p;
      out[i * 2 + 1] = p;
    }
    return out;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
  }
}

const card = (over: Partial<ModelCard> = {}): ModelCard => ({ features: FEATURES, labels: ['DOWN', 'UP'], source: 'onnx-metadata', version: '1.0.0', ...over });
const NOW = new Date('2026-11-22T12:00:00.000Z');

function setup(models: (() => Promise<TabularModel>)[], options: Partial<ServiceOptions> = {}) {
  let next = 0;
  const metrics = new ServeMetrics();
  const service = new PredictionService({
    load: () => models[Math.min(next++, models.length - 1)](),
    batchWindowMs: 0,
    events: metrics.events(),
    now: () => NOW,
    ...options,
  });
  const app = createHttpServer(service, metrics, { bodyLimit: 4096 });
  return { service, app, metrics };
}

const json = (payload: unknown) => ({ method: 'POST' as const, headers: { 'content-type': 'application/json' }, payload: JSON.stringify(payload) });

describe('serve: request handling and HTTP transport', () => {
  it('answers /health 503 before the model is loaded, then 200', async () => {
    const { service, app } = setup([async () => new LogisticModel(card())]);
    let r = await app.inject({ url: '/health' });
    assert.equal(r.statusCode, 503);
    assert.deepEqual(r.json(), { status: 'unhealthy', model_loaded: false });
    r = await app.inject({ ...json({ features: [1, 2, 3] }), url: '/predict' });
    assert.equal(r.statusCode, 503);
    assert.match(r.json().error, /no model is loaded yet/);
    await service.start();
    r = await app.inject({ url: '/health' });
    assert.equal(r.statusCode, 200);
    assert.deepEqual(r.json(), { status: 'healthy', model_loaded: true });
  });

  it('answers /predict in the seeds\' shape, from an array or an object, the class from the probabilities', async () => {
    const { service, app } = setup([async () => new LogisticModel(card())]);
    await service.start();
    const pUp = 1 / (1 + Math.exp(-(2 - 1 + 0.5)));
    const p = Math.fround(pUp);
    const expected = {
      prediction: 1,
      prediction_label: 'UP',
      probability: float32Decimal(p),
      probabilities: { DOWN: float32Decimal(1 - pUp), UP: float32Decimal(p) },
      model_version: '1.0.0',
      timestamp: NOW.toISOString(),
    };
    const a = await app.inject({ ...json({ features: [2, 1, 1] }), url: '/predict' });
    assert.equal(a.statusCode, 200);
    assert.deepEqual(a.json(), expected);
    assert.deepEqual(Object.keys(a.json()), Object.keys(expected));
    const o = await app.inject({ ...json({ features: { c: 1, a: 2, b: 1 } }), url: '/predict' });
    assert.deepEqual(o.json(), expected);
  });

  it('decides with the threshold it is started with (archipel.yaml\'s, through --threshold) over the card\'s', async () => {
    // P(UP) = 0.493 (the case): UP from 0.45 on, DOWN at the card's 0.5.
    const probabilityUp = 0.493;
    const logit = Math.log(probabilityUp / (1 - probabilityUp));
    const { service, app } = setup([async () => new LogisticModel(card({ threshold: 0.5 }))], { threshold: 0.45 });
    await service.start();
    const r = (await app.inject({ ...json({ features: [logit, 0, 0] }), url: '/predict' })).json();
    assert.ok(Math.abs(r.probabilities.UP - probabilityUp) < 1e-3, JSON.stringify(r));
    assert.equal(r.prediction_label, 'UP');
    assert.equal((await app.inject({ url: '/model/info' })).json().threshold, 0.45);
  });

  it('decides with the card\'s threshold, not 0.5', async () => {
    const { service, app } = setup([async () => new LogisticModel(card({ threshold: 0.9 }))]);
    await service.start();
    const r = (await app.inject({ ...json({ features: [1, 0, 0] }), url: '/predict' })).json();
    assert.equal(r.prediction, 0);
    assert.equal(r.prediction_label, 'DOWN');
    assert.equal(r.probability, r.probabilities.DOWN);
  });

  it('answers /predict/batch with the same objects, the count and the version', async () => {
    const model = new LogisticModel(card());
    const { service, app } = setup([async () => model]);
    await service.start();
    const rows = [[2, 1, 1], { a: -3, b: 0, c: 0 }, [0, 0, 0]];
    const r = await app.inject({ ...json({ instances: rows }), url: '/predict/batch' });
    assert.equal(r.statusCode, 200);
    const body = r.json();
    assert.equal(body.count, 3);
    assert.equal(body.model_version, '1.0.0');
    assert.deepEqual(Object.keys(body), ['predictions', 'count', 'model_version']);
    for (let i = 0; i < rows.length; i++) {
      const single = (await app.inject({ ...json({ features: rows[i] }), url: '/predict' })).json();
      assert.deepEqual(body.predictions[i], single);
    }
    assert.equal(model.runs[1], 3, 'one inference for the whole batch (after the load check)');
  });

  it('answers /model/info with the card, shapes, sha256 and load time', async () => {
    const { service, app } = setup([async () => new LogisticModel(card({ description: 'next-day direction' }))]);
    await service.start();
    const r = await app.inject({ url: '/model/info' });
    assert.deepEqual(r.json(), {
      name: 'direction.onnx',
      version: '1.0.0',
      description: 'next-day direction',
      kind: 'classifier',
      feature_names: FEATURES,
      class_names: ['DOWN', 'UP'],
      threshold: 0.5,
      recipe: null,
      input_shape: [-1, 3],
      output_shape: [-1, 2],
      sha256: 'ab'.repeat(32),
      loaded_at: '2026-01-01T00:00:00.000Z',
      card_source: 'onnx-metadata',
    });
  });

  it('refuses each bad input with its status and a message saying what is expected', async () => {
    const { service, app } = setup([async () => new LogisticModel(card())]);
    await service.start();
    const cases: [InjectOptions, number, RegExp][] = [
      [{ ...json({ features: [1, 2] }), url: '/predict' }, 400, /^features has 2 value\(s\); expected 3 numbers in the model's feature order \(a, b, c\)$/],
      [{ ...json({ features: [1, 'NaN', 3] }), url: '/predict' }, 400, /^features\[1\] \(b\) is a string \("NaN"\); expected a finite number$/],
      [{ ...json({ features: [1, null, 3] }), url: '/predict' }, 400, /^features\[1\] \(b\) is null \(null\); expected a finite number$/],
      [{ method: 'POST', url: '/predict', headers: { 'content-type': 'application/json' }, payload: '{"features": [1, 1e999, 3]}' }, 400, /^features\[1\] \(b\) is not a finite number/],
      [{ ...json({ features: [1, 1e39, 3] }), url: '/predict' }, 400, /^features\[1\] \(b\) is 1e\+39, outside the float32 range/],
      [{ ...json({ features: { a: 1, c: 2 } }), url: '/predict' }, 400, /^features lacks 1 feature\(s\): b; expected every feature of the model: a, b, c$/],
      [{ ...json({ features: { a: 1, b: 2, c: 3, d: 4 } }), url: '/predict' }, 400, /^features has unknown feature name\(s\): "d"/],
      [{ ...json({ feature: [1, 2, 3] }), url: '/predict' }, 400, /^body must have required property 'features'; expected \{"features"/],
      [{ ...json({ features: [1, 2, 3], extra: 1 }), url: '/predict' }, 400, /^body has an unknown key "extra"/],
      [{ ...json({ features: 'a' }), url: '/predict' }, 400, /^body\.features must be array,object/],
      [{ method: 'POST', url: '/predict', headers: { 'content-type': 'application/json' }, payload: '{"features": [1, 2' }, 400, /^malformed JSON: .*; expected \{"features"/],
      [{ method: 'POST', url: '/predict', headers: { 'content-type': 'application/json' }, payload: '' }, 400, /^body must be object; expected \{"features"/],
      [{ method: 'POST', url: '/predict', headers: { 'content-type': 'application/json' }, payload: '{"features": {"__proto__": 1, "a": 1, "b": 2, "c": 3}}' }, 400, /^features has unknown feature name\(s\): "__proto__"/],
      [{ method: 'POST', url: '/predict', headers: { 'content-type': 'text/plain' }, payload: '{"features": [1,2,3]}' }, 415, /^the content type is not supported; send the body as application\/json$/],
      [{ ...json({ features: new Array(3000).fill(1) }), url: '/predict' }, 413, /^the body is larger than the limit of 4096 bytes/],
      [{ ...json({ instances: [] }), url: '/predict/batch' }, 400, /^instances is empty/],
      [{ ...json({ instances: [[1, 2, 3], [1, 2]] }), url: '/predict/batch' }, 400, /^instances\[1\] has 2 value\(s\)/],
      [{ ...json({ instances: [[1, 2, 3], 'x'] }), url: '/predict/batch' }, 400, /^instances\[1\] is a string; expected an array of 3 numbers or an object/],
      [{ ...json({ features: [1, 2, 3] }), url: '/predict/batch' }, 400, /^body must have required property 'instances'; expected \{"instances"/],
      [{ url: '/nowhere' }, 404, /^no route GET \/nowhere; the routes are GET \/health/],
      [{ url: `/${'x'.repeat(5000)}` }, 404, /^no route GET \/x{96}\.\.\.; the routes are/],
      [{ url: '/predict/demo' }, 404, /^no built-in example row: the model has no feature recipe/],
    ];
    for (const [request, status, message] of cases) {
      const r = await app.inject(request);
      assert.equal(r.statusCode, status, `${JSON.stringify(request).slice(0, 120)} → ${r.body}`);
      assert.deepEqual(Object.keys(r.json()), ['error']);
      assert.match(r.json().error, message);
    }
    // Still serving.
    assert.equal((await app.inject({ ...json({ features: [1, 2, 3] }), url: '/predict' })).statusCode, 200);
  });

  it('refuses more rows than the batch limit with 413', async () => {
    const { service, app } = setup([async () => new LogisticModel(card())], { maxInstances: 2 });
    await service.start();
    const r = await app.inject({ ...json({ instances: [[1, 2, 3], [1, 2, 3], [1, 2, 3]] }), url: '/predict/batch' });
    assert.equal(r.statusCode, 413);
    assert.equal(r.json().error, 'instances has 3 rows; at most 2 rows per request');
  });

  it('predicts the built-in example row with the ohlcv-22 recipe', async () => {
    const { service, app } = setup([async () => new LogisticModel(card({ features: [...OHLCV22_FEATURES] }))], { recipe: 'ohlcv-22' });
    await service.start();
    const r = await app.inject({ url: '/predict/demo' });
    assert.equal(r.statusCode, 200);
    const body = r.json();
    assert.deepEqual(Object.keys(body.features), [...OHLCV22_FEATURES]);
    assert.ok(Object.values(body.features).every((v) => Number.isFinite(v)));
    const again = (await app.inject({ ...json({ features: body.features }), url: '/predict' })).json();
    delete body.features;
    assert.deepEqual(body, again);
    assert.equal((await app.inject({ url: '/model/info' })).json().recipe, 'ohlcv-22');
  });

  it('refuses a model whose features are not the recipe\'s, a regressor, or mismatched labels', async () => {
    const bad: [ModelCard, RegExp, Partial<TabularModel>?][] = [
      [card(), /the recipe ohlcv-22 gives the features SMA_5/],
      [card({ labels: ['A', 'B', 'C'] }), /names 3 class\(es\) but the model outputs 2/],
      [card({ threshold: 1.5 }), /threshold must be a number strictly between 0 and 1/],
    ];
    for (const [c, message] of bad) {
      const model = new LogisticModel(c);
      const { service } = setup([async () => model], { recipe: 'ohlcv-22' });
      await assert.rejects(service.start(), message);
      assert.ok(model.disposed, 'a refused model is released');
    }
    const regressor = Object.assign(new LogisticModel(card()), { kind: 'regressor' as const });
    const { service } = setup([async () => regressor]);
    await assert.rejects(service.start(), /it is a regressor/);
  });

  it('reloads atomically: the old model serves until the new one is checked; a broken file is 422 and the old one stays', async () => {
    const first = new LogisticModel(card({ version: '1' }));
    const second = new LogisticModel(card({ version: '2' }));
    let release!: () => void;
    const loads: (() => Promise<TabularModel>)[] = [
      async () => first,
      () => new Promise((resolve) => { release = () => resolve(second); }),
      async () => { throw new Error('model direction.onnx: not an ONNX model (the file is not an ONNX protobuf)'); },
    ];
    const { service, app, metrics } = setup(loads);
    await service.start();
    const reload = app.inject({ method: 'POST', url: '/reload', headers: { 'content-type': 'application/json' } });
    // While the new file loads, the old model answers.
    await new Promise((r) => setImmediate(r));
    assert.equal((await app.inject({ ...json({ features: [1, 2, 3] }), url: '/predict' })).json().model_version, '1');
    release();
    const done = await reload;
    assert.equal(done.statusCode, 200);
    assert.deepEqual(done.json(), { status: 'reloaded', model_version: '2', sha256: 'ab'.repeat(32), loaded_at: second.loadedAt, previous_version: '1' });
    assert.equal((await app.inject({ ...json({ features: [1, 2, 3] }), url: '/predict' })).json().model_version, '2');
    assert.ok(first.disposed, 'the old model is released once idle');
    const broken = await app.inject({ method: 'POST', url: '/reload', headers: { 'content-type': 'application/json' } });
    assert.equal(broken.statusCode, 422);
    assert.equal(broken.json().error, 'the model cannot be served: model direction.onnx: not an ONNX model (the file is not an ONNX protobuf); the previous model (version 2) keeps serving');
    assert.equal((await app.inject({ ...json({ features: [1, 2, 3] }), url: '/predict' })).json().model_version, '2');
    assert.ok(!second.disposed);
    const text = await metrics.text();
    assert.match(text, /archipel_serve_model_reloads_total\{outcome="reloaded"\} 1/);
    assert.match(text, /archipel_serve_model_reloads_total\{outcome="refused"\} 1/);
    assert.match(text, /archipel_serve_model_info\{version="2",sha256="(ab)+",name="direction.onnx"\} 1/);
  });

  it('keeps an in-flight inference on the old model across a reload, then releases it', async () => {
    const first = new LogisticModel(card({ version: '1' }));
    const second = new LogisticModel(card({ version: '2' }));
    const { service } = setup([async () => first, async () => second]);
    await service.start();
    let open!: () => void;
    first.gate = new Promise((r) => { open = r; });
    const pending = service.predict({ features: [1, 2, 3] });
    assert.equal((await service.reload()).status, 200);
    assert.ok(!first.disposed, 'not released while an inference runs on it');
    open();
    const answer = await pending;
    assert.equal(answer.status, 200);
    assert.equal((answer.body as { model_version: string }).model_version, '1');
    assert.ok(first.disposed);
  });

  it('micro-batches concurrent single rows into one inference with the same answers', async () => {
    const model = new LogisticModel(card());
    const { service } = setup([async () => model], { batchWindowMs: 5 });
    await service.start();
    const rows = Array.from({ length: 40 }, (_, i) => [i / 10, (i % 7) / 3, -i / 20]);
    const batched = await Promise.all(rows.map((features) => service.predict({ features })));
    assert.deepEqual(model.runs.slice(1), [40], 'one inference for 40 concurrent rows');
    const unbatchedModel = new LogisticModel(card());
    const alone = setup([async () => unbatchedModel], { batchWindowMs: 0 }).service;
    await alone.start();
    for (let i = 0; i < rows.length; i++) assert.deepEqual(batched[i], await alone.predict({ features: rows[i] }));
    assert.deepEqual(unbatchedModel.runs.slice(1), new Array(40).fill(1));
  });

  it('MicroBatcher caps a batch at maxRows and fails every row of a failed inference', async () => {
    const sizes: number[] = [];
    const batcher = new MicroBatcher(async (values, rows) => { sizes.push(rows); return values; }, 1, 1, { windowMs: 50, maxRows: 3 });
    const answers = await Promise.all([1, 2, 3, 4].map((v) => batcher.submit(Float32Array.of(v))));
    assert.deepEqual(answers.map((a) => a[0]), [1, 2, 3, 4]);
    assert.deepEqual(sizes, [3, 1]);
    const failing = new MicroBatcher(async () => { throw new Error('boom'); }, 1, 1, { windowMs: 1, maxRows: 8 });
    const results = await Promise.allSettled([failing.submit(Float32Array.of(1)), failing.submit(Float32Array.of(2))]);
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected']);
  });

  it('exposes Prometheus metrics: requests by route and status, latency, classes, batch sizes, load time, process', async () => {
    const { service, app } = setup([async () => new LogisticModel(card())]);
    await service.start();
    await app.inject({ ...json({ features: [5, 0, 0] }), url: '/predict' });
    await app.inject({ ...json({ features: [1] }), url: '/predict' });
    const r = await app.inject({ url: '/metrics' });
    assert.equal(r.statusCode, 200);
    assert.match(r.headers['content-type'] as string, /^text\/plain; version=0\.0\.4/);
    const text = r.body;
    assert.match(text, /archipel_serve_http_requests_total\{method="POST",route="\/predict",status="200"\} 1/);
    assert.match(text, /archipel_serve_http_requests_total\{method="POST",route="\/predict",status="400"\} 1/);
    assert.match(text, /archipel_serve_http_request_duration_seconds_bucket\{le="0.0005",method="POST",route="\/predict"\}/);
    assert.match(text, /archipel_serve_predictions_total\{class="UP"\} 1/);
    assert.match(text, /archipel_serve_inference_batch_rows_count 1/);
    assert.match(text, /archipel_serve_model_load_seconds \d/);
    assert.match(text, /archipel_serve_process_resident_memory_bytes \d/);
  });

  it('float32Decimal gives the shortest decimal of a float32', () => {
    assert.equal(float32Decimal(Math.fround(0.73)), 0.73);
    assert.equal(float32Decimal(Math.fround(1 / 3)), 0.33333334);
    assert.equal(float32Decimal(1), 1);
    assert.equal(float32Decimal(0), 0);
  });

  it('lists the models archipel.yaml files name to serve, and the predict sections that do not check', () => {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    index.update('file:///ws/prediction/archipel.yaml', 'predict:\n  model: models/direction.onnx\n  recipe: ohlcv-22\n');
    index.update('file:///ws/other/archipel.yaml', 'blur:\n  threshold: 0.5\n');
    index.update('file:///ws/broken/archipel.yaml', 'predict:\n  model: 12\n');
    index.update('file:///ws/prediction/not-a-config.yaml', 'predict:\n  model: x.onnx\n');
    const result = serveTargets(index.files(), loadArchipelSchema(repoRoot));
    assert.deepEqual(result.targets, [{ model: '/ws/prediction/models/direction.onnx', recipe: 'ohlcv-22', config: '/ws/prediction/archipel.yaml' }]);
    index.update('file:///ws/prediction/archipel.yaml', 'predict:\n  model: models/direction.onnx\n  recipe: ohlcv-22\n  threshold: 0.45\n');
    assert.deepEqual(serveTargets(index.files(), loadArchipelSchema(repoRoot)).targets, [{ model: '/ws/prediction/models/direction.onnx', recipe: 'ohlcv-22', threshold: 0.45, config: '/ws/prediction/archipel.yaml' }]);
    assert.equal(result.problems.length, 1);
    assert.match(result.problems[0], /^\/ws\/broken\/archipel\.yaml: predict\.model /);
  });

  it('archipel serve: usage errors exit 2 with what is expected, before anything listens', async () => {
    const cases: [string[], RegExp][] = [
      [['serve'], /serve expects one model file, got 0/],
      [['serve', 'a.onnx', 'b.onnx'], /serve expects one model file, got 2/],
      [['serve', 'a.onnx', '--recipe', 'ohlcv-5'], /unknown recipe "ohlcv-5" \(expected ohlcv-22\)/],
      [['serve', 'a.onnx', '--port', 'http'], /--port expects a whole number from 0 to 65535, got "http"/],
      [['serve', 'a.onnx', '--threshold', '1.5'], /threshold must be a number strictly between 0 and 1, got 1.5/],
      [['serve', 'a.onnx', '--batch-window-ms', '2.5'], /--batch-window-ms expects a whole number from 0 to 1000, got "2.5"/],
      [['serve', 'a.onnx', '--threads', '2'], /unknown option "--threads" for archipel serve/],
    ];
    for (const [args, message] of cases) {
      const { code, err } = await runCli(args, repoRoot);
      assert.equal(code, 2, args.join(' '));
      assert.match(err, message);
    }
    const help = await runCli(['serve', '--help'], repoRoot);
    assert.equal(help.code, 0);
    assert.match(help.out, /--batch-window-ms N/);
  });
});
