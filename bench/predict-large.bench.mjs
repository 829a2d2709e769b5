// Predictions at the size users bring (issue #26): a generated 20,000,000-row OHLCV file (1,000
// tickers interleaved by date, ~1.3 GB, the size of the fraud data's 21 M transactions) → the 22
// ohlcv-22 features per ticker → a 100-tree RandomForest → the predictions CSV and its metrics, by
// `archipel predict` and by the same job in pandas + scikit-learn (bench/predict/python_predict.py,
// the same forest pickled), once each in the same run. Wall time and peak RSS (GNU time) of each
// whole process; a peer that runs out of memory is reported with its peak and how it ended.
// ARCHIPEL_BENCH_PREDICT_LARGE_ROWS sets another size; ARCHIPEL_BENCH_PREDICT_LARGE_ORDER=ticker
// groups the rows by ticker instead (the worst case for Archipel's pending rows: read twice).
import { spawnSync } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import path from 'node:path';
import { measured } from './lib/gnuTime.mjs';
import { largePredictData, PYTHON } from './lib/predictLarge.mjs';

const ROWS = Number(process.env.ARCHIPEL_BENCH_PREDICT_LARGE_ROWS ?? 20_000_000);
const ORDER = process.env.ARCHIPEL_BENCH_PREDICT_LARGE_ORDER ?? 'date';
const TICKERS = 1000;
const TREES = 100;

export const title = `Predictions at scale — archipel predict vs pandas + scikit-learn, ${ROWS.toLocaleString('en')} OHLCV rows (${TICKERS} tickers by ${ORDER}), same ${TREES}-tree forest`;

/** @param {import('./run.mjs').BenchContext} context */
export async function run(context) {
  // --tiny: 5,000 rows (the forest is the same: trained once on its own small prices).
  const rows = context.tiny ? 5_000 : ROWS;
  const { dir, input } = largePredictData(context, { rows, tickers: context.tiny ? 10 : TICKERS, trees: TREES, order: ORDER });
  const bytes = statSync(input).size;
  const cli = path.join(context.root, 'dist', 'server', 'cli.js');
  const oursOut = path.join(dir, 'archipel.predictions.csv');
  const peerOut = path.join(dir, 'python.predictions.csv');
  context.progress('archipel predict');
  const o = measured(process.execPath, [cli, 'predict', path.join(dir, 'model.onnx'), input, '--recipe', 'ohlcv-22', '--out', oursOut, '--force', '--format', 'json']);
  const ours = JSON.parse(o.stdout);
  rmSync(oursOut, { force: true });
  context.progress('pandas + scikit-learn');
  const p = measured(PYTHON, [path.join(context.root, 'bench', 'predict', 'python_predict.py'), path.join(dir, 'forest.pickle'), input, peerOut], { allowFailure: true });
  rmSync(peerOut, { force: true });
  const peerDone = p.status === 0;
  const versions = spawnSync(PYTHON, ['-c', 'import sklearn, pandas; print(sklearn.__version__, pandas.__version__)'], { encoding: 'utf8' }).stdout.trim().split(' ');
  const gb = (bytes / 1e9).toFixed(2);
  return {
    peer: `Python + pandas ${versions[1]} + scikit-learn ${versions[0]}`,
    rows: [{ name: `whole job: ${rows.toLocaleString('en')} rows (${gb} GB) → features → forest → predictions CSV${peerDone ? '' : ' (peer did not finish)'}`, ours: o.ms, peer: peerDone ? p.ms : NaN, cpuMs: { ours: o.cpuMs, peer: peerDone ? p.cpuMs : NaN }, faults: { ours: o.faults, peer: p.faults } }],
    notes: [
      `peak RSS: Archipel ${Math.round(o.rssMb)} MB, Python ${Math.round(p.rssMb)} MB${peerDone ? ` (Archipel / Python ×${(o.rssMb / p.rssMb).toFixed(3)})` : ` — Python did not finish: GNU time says "${p.time}", stderr: ${p.stderr.trim().split('\n').pop()?.slice(0, 200) ?? ''}`}`,
      `target peak RSS < 300 MB at any size: ${o.rssMb < 300 ? 'met' : 'NOT met'} (${Math.round(o.rssMb)} MB)`,
      `rows predicted: Archipel ${ours.rows.predicted.toLocaleString('en')} of ${ours.rows.read.toLocaleString('en')}; Archipel's phases (ms): read ${ours.ms.read}, features ${ours.ms.features}, inference ${ours.ms.inference}, write ${ours.ms.write}`,
      `one run each (a run takes minutes); data and forest in bench/.data/predict-large/, made once`,
    ],
  };
}
