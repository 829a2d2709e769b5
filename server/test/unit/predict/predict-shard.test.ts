// `archipel predict` in the pods of a sharded Argo task (ARCHIPEL_SHARD=i/N): the N slices'
// predictions together are exactly the unsharded run's (same keys, same probabilities), a ticker's
// whole history in one pod; one ohlcv-22 series without a Ticker column is refused (exit 2); the
// parts gathered into one CSV by `archipel predict --gather`.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { shardOfKey } from '../../../src/engines/core/inputs';
import { runCli } from '../../cliRun';
import { fixturesDir, repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';

const example = path.join(repoRoot, 'examples', 'portfolio', 'prediction');
const models = path.join(fixturesDir, 'predict', 'models');
const expected = JSON.parse(readFileSync(path.join(models, 'expected.json'), 'utf8')) as { rows: number[][] };

describe('predict: sharded over pods (ARCHIPEL_SHARD)', function () {
  this.timeout(120_000);
  let tree: ReturnType<typeof makeTree>;
  beforeEach(() => {
    tree = makeTree({});
    for (const f of ['model.onnx', 'prices.csv', 'reference.csv']) copyFileSync(path.join(example, f), path.join(tree.root, f));
    copyFileSync(path.join(models, 'binary.onnx'), path.join(tree.root, 'binary.onnx'));
  });
  afterEach(() => {
    delete process.env.ARCHIPEL_SHARD;
    tree.remove();
  });
  const lines = (name: string) => readFileSync(path.join(tree.root, name), 'utf8').trimEnd().split('\n');

  /** Runs predict unsharded, then as `count` shards; answers the whole run's rows and each part's. */
  async function shards(args: string[], count: number): Promise<{ whole: string[]; parts: string[][] }> {
    const whole = await runCli(['predict', ...args, '--out', 'whole.csv'], tree.root);
    assert.equal(whole.code, 0, whole.err);
    const parts: string[][] = [];
    for (let i = 0; i < count; i++) {
      process.env.ARCHIPEL_SHARD = `${i}/${count}`;
      const part = await runCli(['predict', ...args, '--out', `part-${i}.csv`, '--format', 'json'], tree.root);
      assert.equal(part.code, 0, part.err);
      const rows = lines(`part-${i}.csv`);
      assert.equal(rows[0], lines('whole.csv')[0], 'every part has the whole run\'s header');
      assert.equal((JSON.parse(part.out) as { rows: { predicted: number } }).rows.predicted, rows.length - 1, 'the report is the slice\'s');
      parts.push(rows.slice(1));
    }
    delete process.env.ARCHIPEL_SHARD;
    return { whole: lines('whole.csv').slice(1), parts };
  }

  it('two tickers with ohlcv-22: each ticker whole in one shard; the union is the unsharded run', async () => {
    const { whole, parts } = await shards(['model.onnx', 'prices.csv', '--recipe', 'ohlcv-22'], 2);
    assert.notEqual(shardOfKey('ACME', 2), shardOfKey('GLOBEX', 2), 'the two tickers of the example fall in different shards');
    assert.ok(parts.every((p) => p.length > 0));
    for (const part of parts) for (const ticker of new Set(part.map((l) => l.split(',')[1]))) {
      assert.equal(part.filter((l) => l.split(',')[1] === ticker).length, whole.filter((l) => l.split(',')[1] === ticker).length, `${ticker} whole in its shard`);
    }
    assert.deepEqual(parts.flat().sort(), [...whole].sort());
  });

  it('a recipe-less file without Ticker: row k in shard k mod N; the union is the unsharded run', async () => {
    const csv = ['Date,alpha,beta,gamma,delta', ...expected.rows.map((x, i) => `2024-01-${String(i + 1).padStart(2, '0')},${x.join(',')}`)];
    writeFileSync(path.join(tree.root, 'cols.csv'), csv.join('\n') + '\n');
    const { whole, parts } = await shards(['binary.onnx', 'cols.csv'], 3);
    assert.deepEqual(parts.map((p) => p.length), [0, 1, 2].map((i) => whole.filter((_, k) => k % 3 === i).length));
    assert.deepEqual(parts.flat().sort(), [...whole].sort());
  });

  it('refuses one ohlcv-22 series without a Ticker column (exit 2), writing nothing; a malformed ARCHIPEL_SHARD too', async () => {
    const single = readFileSync(path.join(tree.root, 'prices.csv'), 'utf8').split('\n').filter((l, i) => i === 0 || l.includes(',ACME,'))
      .map((l) => l.split(',').filter((_, k) => k !== 1).join(','));
    writeFileSync(path.join(tree.root, 'acme.csv'), single.join('\n') + '\n');
    process.env.ARCHIPEL_SHARD = '0/2';
    const refused = await runCli(['predict', 'model.onnx', 'acme.csv', '--recipe', 'ohlcv-22', '--out', 'p.csv'], tree.root);
    assert.equal(refused.code, 2);
    assert.match(refused.err, /ARCHIPEL_SHARD cannot split .*acme\.csv: without a Ticker column it is one ohlcv-22 series, whose rolling windows need every earlier row/);
    assert.ok(!existsSync(path.join(tree.root, 'p.csv')));
    process.env.ARCHIPEL_SHARD = '2/2';
    const malformed = await runCli(['predict', 'model.onnx', 'prices.csv', '--recipe', 'ohlcv-22', '--out', 'p.csv'], tree.root);
    assert.equal(malformed.code, 2);
    assert.match(malformed.err, /ARCHIPEL_SHARD expects i\/N with 0 ≤ i < N, got "2\/2"/);
  });

  it('--gather: the parts (files or a folder) as one CSV equal to the unsharded run, rows grouped by part', async () => {
    const { whole } = await shards(['model.onnx', 'prices.csv', '--recipe', 'ohlcv-22'], 2);
    const gathered = await runCli(['predict', '--gather', 'part-0.csv', 'part-1.csv', '--out', 'all.csv'], tree.root);
    assert.equal(gathered.code, 0, gathered.err);
    assert.match(gathered.out, /^2 parts gathered: 262 rows → all\.csv/);
    assert.deepEqual(lines('all.csv'), [lines('whole.csv')[0], ...lines('part-0.csv').slice(1), ...lines('part-1.csv').slice(1)]);
    assert.deepEqual(lines('all.csv').slice(1).sort(), [...whole].sort());
    // A folder (an artifact key prefix in Argo): its .csv files in name order.
    mkdirSync(path.join(tree.root, 'parts'));
    for (const i of [0, 1]) copyFileSync(path.join(tree.root, `part-${i}.csv`), path.join(tree.root, 'parts', `part-${i}.csv`));
    writeFileSync(path.join(tree.root, 'parts', 'empty-shard.csv'), lines('whole.csv')[0]);
    const folder = await runCli(['predict', '--gather', 'parts', '--out', 'all.csv'], tree.root);
    assert.equal(folder.code, 1, 'an existing output is refused');
    assert.match(folder.err, /all\.csv already exists: it is never overwritten/);
    const forced = await runCli(['predict', '--gather', 'parts', '--out', 'all.csv', '--force'], tree.root);
    assert.equal(forced.code, 0, forced.err);
    assert.deepEqual(lines('all.csv').slice(1).sort(), [...whole].sort());
  });

  it('--gather refuses a part whose header differs, naming it, and writes nothing', async () => {
    writeFileSync(path.join(tree.root, 'a.csv'), 'Date,prediction,p_DOWN,p_UP\n2024-01-01,UP,0.4,0.6\n');
    writeFileSync(path.join(tree.root, 'b.csv'), 'Date,Ticker,prediction,p_DOWN,p_UP\n2024-01-01,ACME,UP,0.4,0.6\n');
    const refused = await runCli(['predict', '--gather', 'a.csv', 'b.csv', '--out', 'all.csv'], tree.root);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /b\.csv: its header "Date,Ticker,prediction,p_DOWN,p_UP" differs from the first part's "Date,prediction,p_DOWN,p_UP"/);
    assert.ok(!existsSync(path.join(tree.root, 'all.csv')));
    const usage = await runCli(['predict', '--gather', 'a.csv'], tree.root);
    assert.equal(usage.code, 2);
    assert.match(usage.err, /--gather needs --out FILE/);
  });
});
