// Every family's worker speaks the language of the process that started it: each worker script is
// forked with ARCHIPEL_LANG=fr (what the server sets from its client's locale, and the CLI's --lang)
// and a job that fails is answered in French. The language is set once for every worker, by
// serveWorker (engines/core/serve.ts), not by each entry.
import assert from 'node:assert/strict';
import path from 'node:path';
import sharp from 'sharp';
import { resolveConfig } from '../../../src/engines/blur/config';
import { JobWorker } from '../../../src/engines/core/host';
import type { ItemResult } from '../../../src/engines/core/job';
import { processWorker } from '../../../src/engines/core/workers';
import { PIPELINE_RUN } from '../../../src/engines/pipeline/spec';
import { loadPipeline } from '../../../src/engines/pipeline/load';
import { repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';

const french = { ...process.env, ARCHIPEL_LANG: 'fr' };

/** Runs one job in a forked worker in French; the results it streamed. */
async function runInFrench(script: string, family: string, items: unknown[], options: unknown): Promise<ItemResult[]> {
  const worker = new JobWorker({ name: `the ${family} worker`, start: processWorker(script, { env: french }) });
  try {
    const results: ItemResult[] = [];
    await worker.run(family, items, options, { onResult: (result) => results.push(result) });
    return results;
  } finally {
    worker.dispose();
  }
}

describe('worker processes in the language of the process that forked them', function () {
  this.timeout(120_000);
  const workspace = makeTree({
    'not-a-model.onnx': 'these bytes are not an ONNX model',
    'prices.csv': 'when,price\n2024-01-01,1\n',
    'dvc.yaml': 'stages:\n  touch:\n    cmd: touch ran.txt\n',
  });
  after(() => workspace.remove());

  it('blur: a model that does not load is reported in French', async () => {
    const image = path.join(workspace.root, 'tiny.png');
    await sharp({ create: { width: 8, height: 8, channels: 3, background: '#808080' } }).png().toFile(image);
    const config = resolveConfig([{ origin: 'test', values: { faceModel: 'not-a-model.onnx' }, baseDir: workspace.root }]);
    const [result] = await runInFrench(path.join(repoRoot, 'dist', 'server', 'blurWorker.js'), 'blur', [{ file: image, config }], { mode: 'detect', source: 'model', writeSidecar: false });
    assert.match(result.error ?? '', /^modèle not-a-model\.onnx: /);
  });

  it('predict: missing columns are reported in French', async () => {
    const input = path.join(workspace.root, 'prices.csv');
    const [result] = await runInFrench(path.join(repoRoot, 'dist', 'server', 'predictWorker.js'), 'predict', [{ model: path.join(repoRoot, 'examples', 'portfolio', 'prediction', 'model.onnx'), input, recipe: 'ohlcv-22' }], {});
    assert.match(result.error ?? '', /colonnes manquantes/);
  });

  it('pipelines: a stage that does not exist is reported in French', async () => {
    const pipeline = await loadPipeline(path.join(workspace.root, 'dvc.yaml'));
    const [result] = await runInFrench(path.join(repoRoot, 'out', 'server', 'test', 'jobs', 'pipelineWorker.js'), PIPELINE_RUN, [{ pipeline, options: { stages: ['absente'] } }], undefined);
    assert.match(result.error ?? '', /aucune étape nommée `absente`/);
  });
});
