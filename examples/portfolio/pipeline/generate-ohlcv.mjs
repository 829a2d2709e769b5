// Synthetic daily OHLCV prices for the example pipeline: a geometric random walk per ticker with
// a seeded generator, so the same parameters always give the same bytes (the pipeline's cache
// and `archipel status` rely on it). Usage:
//   node pipeline/generate-ohlcv.mjs --seed N --days N --tickers A,B --out FILE
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';

const { values } = parseArgs({ options: { seed: { type: 'string' }, days: { type: 'string' }, tickers: { type: 'string' }, start: { type: 'string', default: '2024-01-01' }, out: { type: 'string' } } });
const seed = Number(values.seed);
const days = Number(values.days);
const tickers = (values.tickers ?? '').split(',').map((t) => t.trim()).filter(Boolean);
if (!Number.isInteger(seed) || !Number.isInteger(days) || days < 60 || days > 100_000 || tickers.length === 0 || !values.out) {
  console.error('usage: generate-ohlcv.mjs --seed N --days N (60 to 100000) --tickers A,B --out FILE');
  process.exit(2);
}

// mulberry32: a small, well-known 32-bit generator; Box–Muller for normal draws.
let state = seed >>> 0;
const uniform = () => {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
};
const normal = () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform());

const rows = [];
const start = Date.parse(`${values.start}T00:00:00Z`);
tickers.forEach((ticker, i) => {
  let close = 40 + 30 * i;
  for (let d = 0; d < days; d++) {
    const open = close * (1 + 0.002 * normal());
    close = open * Math.exp(0.0003 + 0.015 * normal());
    const high = Math.max(open, close) * (1 + Math.abs(0.004 * normal()));
    const low = Math.min(open, close) * (1 - Math.abs(0.004 * normal()));
    const volume = Math.round(200_000 * Math.exp(0.3 * normal()));
    const date = new Date(start + d * 86_400_000).toISOString().slice(0, 10);
    rows.push([date, ticker, open, high, low, close, volume]);
  }
});
rows.sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : a[1] < b[1] ? -1 : 1));
const text = ['Date,Ticker,Open,High,Low,Close,Volume', ...rows.map((r) => [r[0], r[1], ...r.slice(2, 6).map((v) => v.toFixed(4)), r[6]].join(','))].join('\n') + '\n';
mkdirSync(path.dirname(values.out), { recursive: true });
writeFileSync(values.out, text);
console.log(`${rows.length} rows for ${tickers.join(', ')} → ${values.out}`);
