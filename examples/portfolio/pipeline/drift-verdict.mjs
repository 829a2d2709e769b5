// The drift verdict (issue #29): reads the drift metrics (pipeline/summarise.mjs drift) and writes
// only the decision — {"retrain": true|false} — so that the file's content, and with it its hash,
// changes only when the verdict does. The retrain stage depends on this file: DVC (and
// `archipel run`) re-run it when the verdict changes, not on every new drift score.
// Usage: node pipeline/drift-verdict.mjs DRIFT.json OUT.json
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [driftFile, out] = process.argv.slice(2);
if (!driftFile || !out) {
  console.error('usage: drift-verdict.mjs DRIFT.json OUT.json');
  process.exit(2);
}
const drift = JSON.parse(readFileSync(driftFile, 'utf8'));
const verdict = { retrain: drift.alert === true };
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(verdict) + '\n');
console.log(`drift verdict: ${verdict.retrain ? 'retrain' : 'keep the model'} → ${out}`);
