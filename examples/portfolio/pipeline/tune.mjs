// The training stage the experiments sweep (issue #40): a logistic regression of the next day's
// direction on five features of each ticker's prices (returns over 1, 5 and 10 days, 10-day
// volatility, volume change), trained by full-batch gradient descent with L2 regularisation. No
// Python and no randomness: the same params give the same metrics. Writes DVCLive's layout, so DVC
// and its VS Code extension read it too: dvclive/metrics.json (the last values) and
// dvclive/plots/metrics/<metric>.tsv (timestamp, step, value per epoch).
// Usage: node pipeline/tune.mjs PRICES.csv --learning-rate R --epochs N --l2 L [--out dvclive]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const i = args.indexOf(`--${name}`);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : fallback;
};
const pricesFile = args[0];
const rate = Number(option('learning-rate', '0.1'));
const epochs = Number(option('epochs', '50'));
const l2 = Number(option('l2', '0'));
const out = option('out', 'dvclive');
if (!pricesFile || !(rate > 0) || !Number.isInteger(epochs) || epochs < 1 || epochs > 10000 || !(l2 >= 0)) {
  console.error('usage: tune.mjs PRICES.csv --learning-rate R (> 0) --epochs N (1-10000) --l2 L (>= 0) [--out DIR]');
  process.exit(2);
}

// Prices by ticker, in date order.
const [header, ...lines] = readFileSync(pricesFile, 'utf8').trim().split('\n');
const columns = header.split(',');
const at = (name) => columns.indexOf(name);
const byTicker = new Map();
for (const line of lines) {
  const cells = line.split(',');
  const ticker = cells[at('Ticker')];
  if (!byTicker.has(ticker)) byTicker.set(ticker, []);
  byTicker.get(ticker).push({ date: cells[at('Date')], close: Number(cells[at('Close')]), volume: Number(cells[at('Volume')]) });
}

// Features at day t (known at its close) and the label: does day t+1 close higher?
const examples = [];
for (const rows of byTicker.values()) {
  rows.sort((a, b) => a.date.localeCompare(b.date));
  for (let t = 10; t + 1 < rows.length; t++) {
    const ret = (k) => Math.log(rows[t].close / rows[t - k].close);
    const daily = Array.from({ length: 10 }, (_, i) => Math.log(rows[t - i].close / rows[t - i - 1].close));
    const mean = daily.reduce((s, v) => s + v, 0) / daily.length;
    const vol = Math.sqrt(daily.reduce((s, v) => s + (v - mean) ** 2, 0) / daily.length);
    const volume = Math.log((rows[t].volume + 1) / (rows[t - 1].volume + 1));
    examples.push({ date: rows[t].date, x: [ret(1), ret(5), ret(10), vol, volume], y: rows[t + 1].close > rows[t].close ? 1 : 0 });
  }
}
if (examples.length < 20) {
  console.error(`${pricesFile}: too few rows to train on (${examples.length} examples)`);
  process.exit(1);
}

// Train on the first 70 % of the dates, validate on the rest (time order, no look-ahead).
const dates = [...new Set(examples.map((e) => e.date))].sort();
const cut = dates[Math.floor(dates.length * 0.7)];
const train = examples.filter((e) => e.date < cut);
const valid = examples.filter((e) => e.date >= cut);
// Standardised with the training set's statistics.
const k = train[0].x.length;
const mu = Array.from({ length: k }, (_, j) => train.reduce((s, e) => s + e.x[j], 0) / train.length);
const sd = Array.from({ length: k }, (_, j) => Math.sqrt(train.reduce((s, e) => s + (e.x[j] - mu[j]) ** 2, 0) / train.length) || 1);
const scale = (x) => x.map((v, j) => (v - mu[j]) / sd[j]);
const trainX = train.map((e) => scale(e.x));
const validX = valid.map((e) => scale(e.x));

const sigmoid = (z) => 1 / (1 + Math.exp(-z));
const predict = (w, b, x) => sigmoid(x.reduce((s, v, j) => s + v * w[j], b));
const logLoss = (w, b, xs, set) => -set.reduce((s, e, i) => {
  const p = Math.min(1 - 1e-12, Math.max(1e-12, predict(w, b, xs[i])));
  return s + (e.y ? Math.log(p) : Math.log(1 - p));
}, 0) / set.length;
const accuracy = (w, b, xs, set) => set.filter((e, i) => (predict(w, b, xs[i]) >= 0.5 ? 1 : 0) === e.y).length / set.length;
/** ROC AUC by the rank statistic (ties count half). */
function auc(w, b, xs, set) {
  const scored = set.map((e, i) => ({ p: predict(w, b, xs[i]), y: e.y })).sort((a, c) => a.p - c.p);
  let rankSum = 0;
  for (let i = 0; i < scored.length; ) {
    let j = i;
    while (j < scored.length && scored[j].p === scored[i].p) j++;
    const rank = (i + j + 1) / 2;
    for (let m = i; m < j; m++) if (scored[m].y) rankSum += rank;
    i = j;
  }
  const pos = scored.filter((s) => s.y).length;
  const neg = scored.length - pos;
  return pos && neg ? (rankSum - (pos * (pos + 1)) / 2) / (pos * neg) : 0.5;
}

const round = (v) => Math.round(v * 1e6) / 1e6;
const w = new Array(k).fill(0);
let b = 0;
const history = { loss: [], val_loss: [], accuracy: [] };
const started = Date.now();
for (let epoch = 0; epoch < epochs; epoch++) {
  const gw = new Array(k).fill(0);
  let gb = 0;
  train.forEach((e, i) => {
    const err = predict(w, b, trainX[i]) - e.y;
    for (let j = 0; j < k; j++) gw[j] += err * trainX[i][j];
    gb += err;
  });
  for (let j = 0; j < k; j++) w[j] -= rate * (gw[j] / train.length + l2 * w[j]);
  b -= rate * (gb / train.length);
  history.loss.push(round(logLoss(w, b, trainX, train)));
  history.val_loss.push(round(logLoss(w, b, validX, valid)));
  history.accuracy.push(round(accuracy(w, b, validX, valid)));
}

mkdirSync(path.join(out, 'plots', 'metrics'), { recursive: true });
for (const [name, values] of Object.entries(history)) {
  writeFileSync(path.join(out, 'plots', 'metrics', `${name}.tsv`), `timestamp\tstep\t${name}\n${values.map((v, step) => `${started + step}\t${step}\t${v}`).join('\n')}\n`);
}
const metrics = { accuracy: history.accuracy.at(-1), auc: round(auc(w, b, validX, valid)), val_loss: history.val_loss.at(-1), loss: history.loss.at(-1), step: epochs - 1 };
writeFileSync(path.join(out, 'metrics.json'), `${JSON.stringify(metrics, null, 2)}\n`);
console.log(`trained on ${train.length} examples, validated on ${valid.length}: accuracy ${metrics.accuracy}, AUC ${metrics.auc}`);
