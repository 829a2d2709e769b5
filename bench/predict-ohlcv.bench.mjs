// Predictions end to end (issue #17): a generated 1,000,000-row OHLCV file → the 22 ohlcv-22
// features per ticker → a 100-tree RandomForest → the predictions CSV, by `archipel predict` and by
// the same job in Python (bench/predict/python_predict.py: pandas + scikit-learn from Debian, the
// same forest pickled), in the same run. Wall time and peak RSS (GNU time's maximum resident set)
// of each whole process, rows per second, and the ratios.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import path from 'node:path';
import { ensureSystemDeps } from '../scripts/lib/system-deps.mjs';
import { measured } from './lib/gnuTime.mjs';
import { median } from './lib/stats.mjs';

export const title = 'Predictions — archipel predict vs pandas + scikit-learn, 1,000,000 OHLCV rows, same 100-tree forest';

const PYTHON = '/usr/bin/python3';
const ROWS = Number(process.env.ARCHIPEL_BENCH_PREDICT_ROWS ?? 1_000_000);
const TREES = 100;

function pythonHas() {
  return spawnSync(PYTHON, ['-c', 'import sklearn, pandas, onnx'], { stdio: 'ignore' }).status === 0;
}

/** @param {import('./run.mjs').BenchContext} context */
export async function run(context) {
  // --tiny: 5,000 rows and 10 trees, in a folder of their own.
  const [rows, trees] = context.tiny ? [5_000, 10] : [ROWS, TREES];
  if (!pythonHas()) {
    context.progress('installing python3-sklearn, python3-pandas and python3-onnx (Debian) for the Python peer');
    ensureSystemDeps({ packages: ['python3-sklearn', 'python3-pandas', 'python3-onnx', 'time'], quiet: true });
  }
  if (!existsSync('/usr/bin/time')) ensureSystemDeps({ packages: ['time'], quiet: true });
  const dir = path.join(context.root, 'bench', '.data', context.tiny ? 'predict-tiny' : 'predict');
  const input = path.join(dir, 'prices.csv');
  if (!existsSync(input) || !existsSync(path.join(dir, 'model.onnx'))) {
    mkdirSync(dir, { recursive: true });
    context.progress(`generating ${rows.toLocaleString('en')} OHLCV rows and training the ${trees}-tree forest`);
    const r = spawnSync(PYTHON, [path.join(context.root, 'bench', 'predict', 'setup.py'), dir, String(rows), String(trees)], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`bench/predict/setup.py failed (${r.status})`);
  }
  const cli = path.join(context.root, 'dist', 'server', 'cli.js');
  const oursOut = path.join(dir, 'prices.predictions.csv');
  const peerOut = path.join(dir, 'python.predictions.csv');
  const ours = () => {
    const m = measured(process.execPath, [cli, 'predict', path.join(dir, 'model.onnx'), input, '--recipe', 'ohlcv-22', '--out', oursOut, '--force', '--format', 'json']);
    const json = JSON.parse(m.stdout);
    return { ...m, predicted: json.rows.predicted, phases: json.ms };
  };
  const peer = () => {
    const m = measured(PYTHON, [path.join(context.root, 'bench', 'predict', 'python_predict.py'), path.join(dir, 'forest.pickle'), input, peerOut]);
    return { ...m, predicted: JSON.parse(m.stdout.trim().split('\n').pop()).predicted };
  };
  const runs = Math.max(1, Math.min(context.runs, 3));
  const s = { oursMs: [], peerMs: [], oursRss: [], peerRss: [], oursCpu: [], peerCpu: [], oursFaults: [], peerFaults: [] };
  let last = {};
  for (let i = 0; i < runs; i++) {
    context.progress(`run ${i + 1}/${runs}`);
    // Alternate who goes first: the other work on the machine drifts.
    const [o, p] = i % 2 ? [peer(), ours()].reverse() : [ours(), peer()];
    s.oursMs.push(o.ms); s.peerMs.push(p.ms); s.oursRss.push(o.rssMb); s.peerRss.push(p.rssMb);
    s.oursCpu.push(o.cpuMs); s.peerCpu.push(p.cpuMs); s.oursFaults.push(o.faults); s.peerFaults.push(p.faults);
    last = { o, p };
  }
  rmSync(oursOut, { force: true });
  rmSync(peerOut, { force: true });
  const [oMs, pMs, oRss, pRss] = [median(s.oursMs), median(s.peerMs), median(s.oursRss), median(s.peerRss)];
  const sklearn = spawnSync(PYTHON, ['-c', 'import sklearn, pandas; print(sklearn.__version__, pandas.__version__)'], { encoding: 'utf8' }).stdout.trim().split(' ');
  return {
    peer: `Python ${spawnSync(PYTHON, ['--version'], { encoding: 'utf8' }).stdout.trim().replace('Python ', '')} + pandas ${sklearn[1]} + scikit-learn ${sklearn[0]}`,
    rows: [{ name: `whole job: ${rows.toLocaleString('en')} rows → features → ${trees}-tree forest → predictions CSV`, ours: oMs, peer: pMs, cpuMs: { ours: median(s.oursCpu), peer: median(s.peerCpu) }, faults: { ours: median(s.oursFaults), peer: median(s.peerFaults) }, rssMb: { ours: oRss, peer: pRss } }],
    notes: [
      `rows/s: Archipel ${Math.round(rows / (oMs / 1000)).toLocaleString('en')}, Python ${Math.round(rows / (pMs / 1000)).toLocaleString('en')}; rows predicted: Archipel ${last.o.predicted}, Python ${last.p.predicted} (warm-up rows skipped on both sides)`,
      `peak RSS: Archipel ${Math.round(oRss)} MB, Python ${Math.round(pRss)} MB (Archipel / Python ×${(oRss / pRss).toFixed(2)})`,
      `target wall ≤ Python's: ×${(oMs / pMs).toFixed(2)} — ${oMs <= pMs ? 'met' : 'NOT met'}; target peak RSS ≤ half of Python's and < 300 MB: ${oRss <= pRss / 2 && oRss < 300 ? 'met' : 'NOT met'}`,
      `Archipel's phases (last run, ms): read ${last.o.phases.read}, features ${last.o.phases.features}, inference ${last.o.phases.inference}, write ${last.o.phases.write}`,
      `median of ${runs} fresh-process runs each, who goes first alternating; data and forest in bench/.data/predict/ (bench/predict/setup.py), made once`,
    ],
  };
}
