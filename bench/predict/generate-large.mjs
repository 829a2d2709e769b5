// Synthetic OHLCV prices for the predict-large bench, streamed to a file in bounded memory:
// `node generate-large.mjs OUT.csv ROWS TICKERS [date|ticker]` writes ROWS rows of TICKERS tickers
// (minute bars), interleaved by date (a market export) or grouped by ticker, each ticker's rows in
// date order. A seeded generator: the same arguments give the same bytes.
import { createWriteStream } from 'node:fs';
import { answerHelp } from '../../scripts/lib/help.mjs';

answerHelp(import.meta.url);

const [out, rowsArg, tickersArg, order = 'date'] = process.argv.slice(2);
const rows = Number(rowsArg);
const tickers = Number(tickersArg);
if (!out || !(rows > 0) || !(tickers > 0) || !['date', 'ticker'].includes(order)) {
  console.error('usage: generate-large.mjs OUT.csv ROWS TICKERS [date|ticker]');
  process.exit(2);
}
let state = 0x9e3779b9;
const uniform = () => {
  state ^= state << 13; state >>>= 0;
  state ^= state >>> 17;
  state ^= state << 5; state >>>= 0;
  return (state + 0.5) / 4294967296;
};
const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());
const per = Math.ceil(rows / tickers);
const start = Date.UTC(2020, 0, 1);
const minute = (i) => new Date(start + i * 60_000).toISOString().slice(0, 16).replace('T', ' ');
const names = Array.from({ length: tickers }, (_, k) => `T${String(k).padStart(4, '0')}`);
const close = names.map((_, k) => 20 + 25 * (k % 40));
const line = (k, i) => {
  const previous = close[k];
  const c = previous * (1 + 0.001 * normal());
  close[k] = c;
  const o = previous * (1 + 0.0003 * normal());
  const h = Math.max(o, c) * (1 + Math.abs(0.0004 * normal()));
  const l = Math.min(o, c) * (1 - Math.abs(0.0004 * normal()));
  const v = 100_000 + Math.floor(uniform() * 900_000);
  return `${minute(i)},${names[k]},${o.toFixed(4)},${h.toFixed(4)},${l.toFixed(4)},${c.toFixed(4)},${v}\n`;
};
const stream = createWriteStream(out);
const write = (text) => (stream.write(text) ? undefined : new Promise((resolve) => stream.once('drain', resolve)));
await write('Date,Ticker,Open,High,Low,Close,Volume\n');
let written = 0;
let block = '';
const emit = async (text) => {
  block += text;
  written++;
  if (block.length > 1 << 20) { await write(block); block = ''; }
};
if (order === 'date') {
  for (let i = 0; i < per && written < rows; i++) for (let k = 0; k < tickers && written < rows; k++) await emit(line(k, i));
} else {
  for (let k = 0; k < tickers && written < rows; k++) for (let i = 0; i < per && written < rows; i++) await emit(line(k, i));
}
await write(block);
await new Promise((resolve, reject) => stream.end((error) => (error ? reject(error) : resolve())));
console.log(JSON.stringify({ rows: written, tickers, order }));
