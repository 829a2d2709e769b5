// Predictions of a 1 GB file (issue #42): a generated OHLCV file of ~1 GB (15,400,000 rows, 1,000
// tickers interleaved by date) → the 22 ohlcv-22 features per ticker → a 100-tree RandomForest →
// the predictions CSV, by `archipel predict` (bounded memory, streamed) and by pandas + scikit-learn
// reading the file in chunks (bench/predict/python_predict_chunked.py: `read_csv(chunksize=…)`,
// each ticker's last rows carried to the next chunk; the whole file does not fit a bounded budget).
// Wall time, CPU time and peak RSS (GNU time) of each whole process, once each in the same run, who
// goes first alternating over runs. ARCHIPEL_BENCH_PREDICT_1GB_ROWS sets another size,
// ARCHIPEL_BENCH_PREDICT_1GB_CHUNK pandas' chunk (rows; default 1,000,000).
import { spawnSync } from 'node:child_process';
import { rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measured } from './lib/gnuTime.mjs';
import { largePredictData, PYTHON } from './lib/predictLarge.mjs';
import { median } from './lib/stats.mjs';

const ROWS = Number(process.env.ARCHIPEL_BENCH_PREDICT_1GB_ROWS ?? 15_400_000);
const CHUNK = Number(process.env.ARCHIPEL_BENCH_PREDICT_1GB_CHUNK ?? 1_000_000);
const TICKERS = 1000;
const TREES = 100;

export const title = `Predictions of a 1 GB file — archipel predict vs pandas in chunks + scikit-learn, ${ROWS.toLocaleString('en')} OHLCV rows, same ${TREES}-tree forest`;

/** @param {import('./run.mjs').BenchContext} context */
export async function run(context) {
  // --tiny: 5,000 rows (the forest is the same: trained once on its own small prices).
  const rows = context.tiny ? 5_000 : ROWS;
  const { dir, input } = largePredictData(context, { rows, tickers: context.tiny ? 10 : TICKERS, trees: TREES, order: 'date' });
  const bytes = statSync(input).size;
  const cli = path.join(context.root, 'dist', 'server', 'cli.js');
  const oursOut = path.join(dir, 'archipel.predictions.csv');
  const peerOut = path.join(dir, 'python.predictions.csv');
  const ours = () => {
    const m = measured(process.execPath, [cli, 'predict', path.join(dir, 'model.onnx'), input, '--recipe', 'ohlcv-22', '--out', oursOut, '--force', '--format', 'json']);
    rmSync(oursOut, { force: true });
    return { ...m, json: JSON.parse(m.stdout) };
  };
  const peer = () => {
    const m = measured(PYTHON, [path.join(context.root, 'bench', 'predict', 'python_predict_chunked.py'), path.join(dir, 'forest.pickle'), input, peerOut, String(CHUNK)], { allowFailure: true });
    rmSync(peerOut, { force: true });
    return { ...m, json: m.status === 0 ? JSON.parse(m.stdout.trim().split('\n').pop()) : undefined };
  };
  const runs = Math.max(1, Math.min(context.runs, 2));
  const s = { o: [], p: [], oRss: [], pRss: [], oCpu: [], pCpu: [], oFaults: [], pFaults: [] };
  const loads = [];
  let last;
  for (let i = 0; i < runs; i++) {
    context.progress(`run ${i + 1}/${runs}`);
    loads.push(os.loadavg()[0]);
    const [o, p] = i % 2 ? [peer(), ours()].reverse() : [ours(), peer()];
    s.o.push(o.ms); s.p.push(p.status === 0 ? p.ms : NaN); s.oRss.push(o.rssMb); s.pRss.push(p.rssMb);
    s.oCpu.push(o.cpuMs); s.pCpu.push(p.status === 0 ? p.cpuMs : NaN); s.oFaults.push(o.faults); s.pFaults.push(p.faults);
    last = { o, p };
  }
  const versions = spawnSync(PYTHON, ['-c', 'import sklearn, pandas; print(sklearn.__version__, pandas.__version__)'], { encoding: 'utf8' }).stdout.trim().split(' ');
  const [oRss, pRss] = [median(s.oRss), median(s.pRss)];
  return {
    peer: `Python + pandas ${versions[1]} (chunks of ${CHUNK.toLocaleString('en')} rows) + scikit-learn ${versions[0]}`,
    rows: [{ name: `whole job: ${rows.toLocaleString('en')} rows (${(bytes / 1e9).toFixed(2)} GB) → features → forest → predictions CSV${last.p.status === 0 ? '' : ' (peer did not finish)'}`, ours: median(s.o), peer: median(s.p), cpuMs: { ours: median(s.oCpu), peer: median(s.pCpu) }, faults: { ours: median(s.oFaults), peer: median(s.pFaults) } }],
    notes: [
      `peak RSS: Archipel ${Math.round(oRss)} MB, pandas in chunks ${Math.round(pRss)} MB (Archipel / pandas ×${(oRss / pRss).toFixed(2)}); target < 300 MB: ${oRss < 300 ? 'met' : 'NOT met'}`,
      `rows predicted: Archipel ${last.o.json.rows.predicted.toLocaleString('en')}, pandas ${last.p.json?.predicted?.toLocaleString('en') ?? '—'}; Archipel's phases (last run, ms): read ${last.o.json.ms.read}, features ${last.o.json.ms.features}, inference ${last.o.json.ms.inference}, write ${last.o.json.ms.write}`,
      `load average (1 min) at each run's start: ${loads.map((l) => l.toFixed(2)).join(', ')} on ${os.cpus().length} cores`,
      `median of ${runs} fresh-process run(s) each, who goes first alternating; data and forest in bench/.data/predict-large/, made once`,
    ],
  };
}
