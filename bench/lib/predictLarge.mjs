// The data of the large prediction benchmarks (predict-large, predict-1gb): Debian's Python peer
// installed if missing, the forest trained once (bench/predict/setup.py, its own small prices) and
// the OHLCV file generated once (bench/predict/generate-large.mjs), in bench/.data/predict-large/.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import path from 'node:path';
import { ensureSystemDeps } from '../../scripts/lib/system-deps.mjs';

export const PYTHON = '/usr/bin/python3';

/**
 * @param {import('../run.mjs').BenchContext} context
 * @param {{ rows: number, tickers: number, trees: number, order: string }} shape
 * @returns {{ dir: string, input: string }} the data folder (model.onnx, forest.pickle) and the CSV
 */
export function largePredictData(context, { rows, tickers, trees, order }) {
  if (spawnSync(PYTHON, ['-c', 'import sklearn, pandas, onnx'], { stdio: 'ignore' }).status !== 0) {
    context.progress('installing python3-sklearn, python3-pandas and python3-onnx (Debian) for the Python peer');
    ensureSystemDeps({ packages: ['python3-sklearn', 'python3-pandas', 'python3-onnx', 'time'], quiet: true });
  }
  if (!existsSync('/usr/bin/time')) ensureSystemDeps({ packages: ['time'], quiet: true });
  const dir = path.join(context.root, 'bench', '.data', 'predict-large');
  const input = path.join(dir, `prices-${rows}-${order}.csv`);
  mkdirSync(dir, { recursive: true });
  if (!existsSync(path.join(dir, 'model.onnx'))) {
    context.progress(`training the ${trees}-tree forest (bench/predict/setup.py, its own small prices)`);
    const r = spawnSync(PYTHON, [path.join(context.root, 'bench', 'predict', 'setup.py'), dir, '4000', String(trees)], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`bench/predict/setup.py failed (${r.status})`);
  }
  if (!existsSync(input)) {
    context.progress(`generating ${rows.toLocaleString('en')} OHLCV rows (bench/predict/generate-large.mjs)`);
    const r = spawnSync(process.execPath, [path.join(context.root, 'bench', 'predict', 'generate-large.mjs'), input, String(rows), String(tickers), order], { stdio: 'inherit' });
    if (r.status !== 0) throw new Error(`generate-large.mjs failed (${r.status})`);
  }
  return { dir, input };
}
