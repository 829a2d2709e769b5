// Drift-triggered retraining (issue #29): run by the pipeline when the drift verdict file changes.
// With {"retrain": true} it runs the training command given after `--` (which writes the candidate
// model into OUT_DIR); with false it trains nothing. Either way it writes OUT_DIR/decision.json, so
// the stage's output says what was decided.
// Usage: node pipeline/retrain.mjs VERDICT.json OUT_DIR -- COMMAND [ARGS...]
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const dash = args.indexOf('--');
const [verdictFile, outDir] = args;
if (!verdictFile || !outDir || dash < 0 || dash === args.length - 1) {
  console.error('usage: retrain.mjs VERDICT.json OUT_DIR -- COMMAND [ARGS...]');
  process.exit(2);
}
const { retrain } = JSON.parse(readFileSync(verdictFile, 'utf8'));
mkdirSync(outDir, { recursive: true });
let trained = false;
if (retrain === true) {
  const [command, ...rest] = args.slice(dash + 1);
  const result = spawnSync(command, rest, { stdio: 'inherit' });
  if (result.status !== 0) process.exit(result.status ?? 1);
  trained = true;
}
writeFileSync(path.join(outDir, 'decision.json'), JSON.stringify({ retrain: retrain === true, trained }) + '\n');
console.log(trained ? `retrained → ${outDir}` : 'no drift: the model is kept');
