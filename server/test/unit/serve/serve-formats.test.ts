// POST /predict/batch in CSV and NDJSON (issue #42): the same answers as the JSON body for the same
// rows, refusals that name the line and the feature, and 415 for these types on other routes.
import assert from 'node:assert/strict';
import type { TabularModel } from '../../../src/predict/tabular';
import { createHttpServer } from '../../../src/serve/http';
import { ServeMetrics } from '../../../src/serve/metrics';
import { PredictionService } from '../../../src/serve/service';

const FEATURES = ['open', 'close', 'volume'];

/** p(UP) = sigmoid(close - open + volume / 100): the column order matters. */
const model: TabularModel = {
  file: '/models/m.onnx',
  sha256: 'cd'.repeat(32),
  card: { features: FEATURES, labels: ['DOWN', 'UP'], source: 'onnx-metadata', version: '2' },
  kind: 'classifier',
  outputs: 2,
  input: { name: 'input', shape: [-1, 3] },
  loadedAt: '2026-01-01T00:00:00.000Z',
  run: async (f, rows) => {
    const out = new Float32Array(rows * 2);
    for (let i = 0; i < rows; i++) {
      const p = 1 / (1 + Math.exp(-(f[i * 3 + 1] - f[i * 3] + f[i * 3 + 2] / 100)));
      out[i * 2] = 1 - p;
      out[i * 2 + 1] = p;
    }
    return out;
  },
  dispose: async () => undefined,
};

const rows = [
  [10.5, 10.75, 1200],
  [10.75, 10.25, 80.5],
  [-1e-3, 2.5e1, 0],
  [0.1, 0.30000000000000004, 12345.678901234567],
];

describe('serve: /predict/batch as CSV and NDJSON', () => {
  const now = new Date('2026-11-23T00:00:00.000Z');
  let app: ReturnType<typeof createHttpServer>;
  before(async () => {
    const service = new PredictionService({ load: async () => model, batchWindowMs: 0, now: () => now, maxInstances: 4 });
    await service.start();
    app = createHttpServer(service, new ServeMetrics());
  });
  const post = (type: string, payload: string, url = '/predict/batch') => app.inject({ method: 'POST', url, headers: { 'content-type': type }, payload });

  it('answers the same as the JSON body, byte for byte', async () => {
    const json = await post('application/json', JSON.stringify({ instances: rows }));
    assert.equal(json.statusCode, 200);
    // Columns in another order, CRLF, a trailing newline, a BOM, a charset.
    const order = ['volume', 'open', 'close'];
    const csv = `\ufeff${order.join(',')}\r\n${rows.map((r) => order.map((name) => String(r[FEATURES.indexOf(name)])).join(',')).join('\r\n')}\r\n`;
    const viaCsv = await post('text/csv; charset=utf-8', csv);
    assert.equal(viaCsv.statusCode, 200, viaCsv.body);
    assert.equal(viaCsv.body, json.body);
    assert.match(viaCsv.headers['content-type'] as string, /^application\/json/);
    // Arrays and objects by name, mixed, one per line.
    const ndjson = rows.map((r, i) => JSON.stringify(i % 2 ? Object.fromEntries(FEATURES.map((f, k) => [f, r[k]])) : r)).join('\n');
    const viaNdjson = await post('application/x-ndjson', ndjson);
    assert.equal(viaNdjson.statusCode, 200, viaNdjson.body);
    assert.equal(viaNdjson.body, json.body);
  });

  it('refuses with the line and the feature named', async () => {
    const cases: [string, string, number, RegExp][] = [
      ['text/csv', '', 400, /^the CSV body is empty; expected a header naming the model's features \(open, close, volume\)/],
      ['text/csv', 'open,close\n1,2', 400, /^the CSV header \(line 1\) lacks 1 feature\(s\): volume;/],
      ['text/csv', 'open,close,volume,extra\n1,2,3,4', 400, /^the CSV header \(line 1\) has unknown feature name\(s\): "extra";/],
      ['text/csv', 'open,close,open\n1,2,3', 400, /^the CSV header \(line 1\) names "open" twice;/],
      ['text/csv', 'open,close,volume', 400, /^the CSV body has a header but no row;/],
      ['text/csv', 'open,close,volume\n1,2,3\n1,2', 400, /^line 3 has 2 value\(s\); expected 3, one per column of the header$/],
      ['text/csv', 'open,close,volume\n1,NaN,3', 400, /^line 2, close: "NaN" is not a number; expected a finite number$/],
      ['text/csv', 'open,close,volume\n1,,3', 400, /^line 2, close: "" is not a number/],
      ['text/csv', 'open,close,volume\n1,2,1e39', 400, /^line 2, volume: 1e39 is outside the float32 range/],
      ['text/csv', `open,close,volume\n${'1,2,3\n'.repeat(5)}`, 413, /^the body has 5 rows; at most 4 rows per request$/],
      ['application/x-ndjson', '[1,2,3]\n\n[1,2', 400, /^line 3 is not JSON: .*; expected one row per line/],
      ['application/x-ndjson', '[1,2,3]\n{"open":1,"close":"2","volume":3}', 400, /^line 2\.close is a string \("2"\); expected a finite number$/],
      ['application/x-ndjson', '[1,2,3]\n[1,2]', 400, /^line 2 has 2 value\(s\); expected 3 numbers/],
      ['application/x-ndjson', '', 400, /^the NDJSON body is empty/],
    ];
    for (const [type, body, status, message] of cases) {
      const r = await post(type, body);
      assert.equal(r.statusCode, status, `${type} ${JSON.stringify(body)}: ${r.body}`);
      assert.match(r.json<{ error: string }>().error, message, body);
    }
  });

  it('takes these types on /predict/batch only', async () => {
    for (const type of ['text/csv', 'application/x-ndjson']) {
      const r = await post(type, 'open,close,volume\n1,2,3', '/predict');
      assert.equal(r.statusCode, 415);
      assert.equal(r.json<{ error: string }>().error, 'the content type is not supported; send the body as application/json');
    }
  });
});
