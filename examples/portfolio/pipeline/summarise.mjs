// Reads the JSON report of `archipel predict --format json` and writes the pipeline's metrics
// files (DVC `metrics`): `evaluation` (accuracy, F1, ROC AUC, log loss, confusion matrix) or
// `drift` (each feature's drift test against the reference, and the features that drifted).
// Usage: node pipeline/summarise.mjs evaluation|drift REPORT.json OUT.json [--max-drifted N]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const [kind, reportFile, out, flag, value] = process.argv.slice(2);
if (!['evaluation', 'drift'].includes(kind) || !reportFile || !out) {
  console.error('usage: summarise.mjs evaluation|drift REPORT.json OUT.json [--max-drifted N]');
  process.exit(2);
}
const report = JSON.parse(readFileSync(reportFile, 'utf8'));
let summary;
if (kind === 'evaluation') {
  const m = report.metrics;
  if (!m) throw new Error(`${reportFile} has no metrics: the input needs the outcome column`);
  summary = { rows: report.rows.predicted, accuracy: m.accuracy, f1: m.macro.f1, rocAuc: m.rocAuc, logLoss: m.logLoss, labels: m.labels, confusion: m.confusion, classes: report.classes };
} else {
  const features = report.drift?.features;
  if (!features) throw new Error(`${reportFile} has no drift: run archipel predict with --reference`);
  const drifted = features.filter((f) => f.drift).map((f) => f.feature);
  const limit = flag === '--max-drifted' ? Number(value) : Infinity;
  summary = { features: features.map((f) => ({ feature: f.feature, method: f.method, score: f.score, threshold: f.threshold, drift: f.drift })), drifted, alert: drifted.length > limit };
}
mkdirSync(path.dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify(summary, null, 2) + '\n');
console.log(`${kind} → ${out}`);
