// A model reads only files inside its own folder (issue #26): external-data locations resolved
// against the model's folder, refused when absolute, leaving it, or a symbolic link leads out,
// with the location named; the allowed ones handed to onnxruntime in memory (whatever the working
// directory). Models: scripts/predict/external_data_models.py.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, symlinkSync } from 'node:fs';
import path from 'node:path';
import { externalLocations } from '../../../src/engines/onnx/externalData';
import { openSession, ort } from '../../../src/engines/onnx/runtime';
import { loadTabularModel } from '../../../src/engines/predict/model';
import { runCli } from '../../cliRun';
import { fixturesDir } from '../../helpers';
import { makeTree } from '../../tempdir';

const source = path.join(fixturesDir, 'predict', 'external');

describe('onnx: external data stays in the model\'s folder', function () {
  this.timeout(120_000);
  let tree: ReturnType<typeof makeTree>;
  let folder: string;
  beforeEach(() => {
    tree = makeTree({ 'outside/secret.bin': 'not for models' });
    folder = path.join(tree.root, 'deep', 'er', 'models');
    mkdirSync(folder, { recursive: true });
    for (const f of ['inside.onnx', 'escape.onnx', 'absolute.onnx', 'link.onnx', 'weights.bin']) copyFileSync(path.join(source, f), path.join(folder, f));
  });
  afterEach(() => tree.remove());

  it('reads the locations of the graph\'s tensors', () => {
    assert.deepEqual(externalLocations(readFileSync(path.join(source, 'escape.onnx'))), ['../../../../../../../../etc/hostname']);
    assert.deepEqual(externalLocations(readFileSync(path.join(fixturesDir, 'predict', 'models', 'binary.onnx'))), []);
  });

  it('a location inside the folder is read from there, whatever the working directory', async () => {
    const model = await loadTabularModel(path.join(folder, 'inside.onnx'));
    try {
      // probabilities = softmax(X · W), W = [[0.25, 0.75], [0.75, 0.25]] from weights.bin: a one-hot row gives
      // softmax of W's row, [1 / (1 + e^0.5), 1 / (1 + e^-0.5)] and its mirror.
      const low = 1 / (1 + Math.exp(0.5));
      const got = [...(await model.run(Float32Array.from([1, 0, 0, 1]), 2))];
      [low, 1 - low, 1 - low, low].forEach((want, i) => assert.ok(Math.abs(got[i] - want) < 1e-6, `${got.join(', ')}`));
    } finally {
      await model.dispose();
    }
  });

  it('a location that leaves the folder is refused, naming it', async () => {
    await assert.rejects(loadTabularModel(path.join(folder, 'escape.onnx')), (error: Error) => {
      assert.equal(error.name, 'ModelError');
      assert.equal(error.message, `model escape.onnx: external data location "../../../../../../../../etc/hostname": it leads out of the folder; a model reads only files inside its own folder ${folder}`);
      return true;
    });
  });

  it('an absolute location is refused', async () => {
    await assert.rejects(loadTabularModel(path.join(folder, 'absolute.onnx')), /external data location "\/etc\/hostname": an absolute path; /);
  });

  it('with a cache folder: the optimised copy of a model with external data is kept and used, and an escaping location is still refused', async () => {
    const cacheDir = path.join(tree.root, 'cache');
    const probabilities = async (cache: string) => {
      const { session, cache: got } = await openSession(path.join(folder, 'inside.onnx'), 1, cacheDir);
      try {
        assert.equal(got, cache);
        const result = await session.run({ X: new (ort().Tensor)('float32', Float32Array.from([1, 0, 0, 1]), [2, 2]) });
        return [...(result.probabilities.data as Float32Array)];
      } finally {
        await session.release();
      }
    };
    const first = await probabilities('created');
    const low = 1 / (1 + Math.exp(0.5));
    [low, 1 - low, 1 - low, low].forEach((want, i) => assert.ok(Math.abs(first[i] - want) < 1e-6, `${first.join(', ')}`));
    assert.deepEqual(readdirSync(path.join(cacheDir, 'onnx')).map((name) => path.extname(name)).sort(), ['.kept', '.onnx']);
    assert.deepEqual(await probabilities('hit'), first);
    await assert.rejects(openSession(path.join(folder, 'escape.onnx'), 1, cacheDir), /external data location "\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/etc\/hostname": it leads out of the folder; /);
    assert.deepEqual(readdirSync(path.join(cacheDir, 'onnx')).map((name) => path.extname(name)).sort(), ['.kept', '.onnx']);
  });

  it('a symbolic link inside the folder that leads out is refused; one that stays in is followed', async () => {
    symlinkSync(path.join(tree.root, 'outside', 'secret.bin'), path.join(folder, 'link.bin'));
    await assert.rejects(loadTabularModel(path.join(folder, 'link.onnx')), /external data location "link\.bin": a symbolic link leads out of the folder \(to .*secret\.bin\); /);
    const linked = path.join(tree.root, 'inner');
    mkdirSync(linked);
    copyFileSync(path.join(folder, 'link.onnx'), path.join(linked, 'link.onnx'));
    symlinkSync(path.join(linked, 'weights-real.bin'), path.join(linked, 'link.bin'));
    copyFileSync(path.join(folder, 'weights.bin'), path.join(linked, 'weights-real.bin'));
    const model = await loadTabularModel(path.join(linked, 'link.onnx'));
    await model.dispose();
  });
});

describe('onnx: onnxruntime\'s own log lines', function () {
  this.timeout(120_000);
  it('an error while running comes back as the exception, with no raw line on stderr', () => {
    const runtime = path.join(__dirname, '..', '..', '..', 'src', 'engines', 'onnx', 'runtime.js');
    const script = `
      const { openSession, ort } = require(${JSON.stringify(runtime)});
      openSession(${JSON.stringify(path.join(source, 'failing.onnx'))}, 1, null)
        .then((s) => s.session.run({ X: new (ort().Tensor)('float32', new Float32Array(3), [1, 3]) }))
        .then(() => console.log('ran'), (e) => console.log('error: ' + e.message.split('\\n')[0]));`;
    const r = spawnSync(process.execPath, ['-e', script], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^error: Non-zero status code returned while running MatMul node/);
    assert.equal(r.stderr, '');
  });
});

describe('serve: the same rule for the models it serves', function () {
  this.timeout(120_000);
  it('archipel serve refuses a model whose external data leaves its folder, naming the location, and exits 1', async () => {
    const tree = makeTree({});
    try {
      copyFileSync(path.join(source, 'escape.onnx'), path.join(tree.root, 'escape.onnx'));
      const { code, err } = await runCli(['serve', path.join(tree.root, 'escape.onnx'), '--port', '0'], tree.root);
      assert.equal(code, 1);
      assert.match(err, /the model cannot be served: model escape\.onnx: external data location "\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/\.\.\/etc\/hostname": it leads out of the folder/);
    } finally {
      tree.remove();
    }
  });
});
