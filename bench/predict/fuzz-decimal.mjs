// The CSV reader's decimal parser against Number() (issue #42): `node bench/predict/fuzz-decimal.mjs [MILLIONS]`
// after `npx tsc -b`. Every value must give the same double, bit for bit (Object.is: -0 too), or be
// left to Number() (undefined). Kinds of text: the shortest text of random doubles (17 digits and
// fewer, as Python's repr writes prices), random digit strings of 1 to 19 significant digits with 0
// to 22 decimals, prices rounded to 2–6 decimals, near ties (the exact midpoint of two neighbouring
// doubles, cut to 16–19 digits, ±1 in the last digit; exact midpoints of doubles of 2^50 to 2^63, ±1 in
// the last digit) and powers of two's neighbourhoods. Prints how
// many were read here and how many left to Number(); exits 1 on the first difference.
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';

const root = path.join(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const requireOut = (...parts) => createRequire(import.meta.url)(path.join(root, 'out', 'server', ...parts));
const { plainDecimal } = requireOut('src', 'engines', 'predict', 'decimal.js');
// The tests' seeded generator (mulberry32), so that a difference found replays exactly.
const { random } = requireOut('test', 'random.js');
const millions = Number(process.argv[2] ?? 4);

const rand = random(0x2545f491);
const digits = (n) => {
  let s = String(1 + Math.floor(rand() * 9));
  for (let i = 1; i < n; i++) s += String(Math.floor(rand() * 10));
  return s;
};
/** `int` digits as a decimal with `decimals` of them after the point (leading zeros as needed). */
const place = (int, decimals) => {
  if (decimals === 0) return int;
  const padded = int.padStart(decimals + 1, '0');
  return `${padded.slice(0, padded.length - decimals)}.${padded.slice(padded.length - decimals)}`;
};
/** The exact decimal expansion of a double's midpoint with its upper neighbour (BigInt). */
const midpoint = (x) => {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const exponent = Number((bits >> 52n) & 0x7ffn);
  const mantissa = (bits & ((1n << 52n) - 1n)) | (1n << 52n);
  // x = mantissa · 2^(exponent − 1075); midpoint = (2·mantissa + 1) · 2^(exponent − 1076)
  const e = exponent - 1076;
  const m = 2n * mantissa + 1n;
  if (e >= 0) return (m << BigInt(e)).toString();
  const scale = 10n ** BigInt(-e);
  const int = (m * scale) >> BigInt(-e); // m · 5^(−e)
  return place(int.toString(), -e);
};
const kinds = [
  () => String(rand() * 10 ** Math.floor(rand() * 8)),
  () => String(rand() * 1000),
  () => place(digits(1 + Math.floor(rand() * 19)), Math.floor(rand() * 23)),
  () => place(digits(16 + Math.floor(rand() * 4)), Math.floor(rand() * 23)),
  () => (rand() * 500).toFixed(2 + Math.floor(rand() * 5)),
  () => {
    const text = midpoint(rand() * 10 ** Math.floor(rand() * 6));
    const [int, frac = ''] = text.split('.');
    const all = (int === '0' ? '' : int) + frac;
    const lead = all.length - all.replace(/^0+/, '').length;
    const keep = 16 + Math.floor(rand() * 4);
    let cut = all.slice(0, lead + keep);
    const decimals = Math.max(0, frac.length - (all.length - cut.length));
    if (decimals > 22) return String(rand());
    const nudge = Math.floor(rand() * 3) - 1;
    let n = BigInt(cut) + BigInt(nudge);
    if (n < 0n) n = 0n;
    cut = n.toString();
    return place(cut, decimals);
  },
  () => {
    // Exact ties and their nearest neighbours in the last digit: midpoints of doubles in [2^50, 2^63), ≤ 19 digits.
    const text = midpoint((1 + rand()) * 2 ** (50 + Math.floor(rand() * 13)));
    const [int, frac = ''] = text.split('.');
    const nudged = (BigInt(int + frac) + BigInt(Math.floor(rand() * 3) - 1)).toString();
    return place(nudged, frac.length);
  },
  () => String(2 ** Math.floor(rand() * 60 - 20) * (1 + (Math.floor(rand() * 3) - 1) * 2 ** -52)),
  () => `-${place(digits(1 + Math.floor(rand() * 19)), Math.floor(rand() * 23))}`,
  () => ['0', '-0', '0.0000000000000000', '00012.5', '.5', '-.5', '5.', '9007199254740993', '9007199254740992.5', '18446744073709551615', '9999999999999999999', '0.1', '0.30000000000000004'][Math.floor(rand() * 13)],
];
let read = 0, left = 0;
const total = millions * 1_000_000;
for (let i = 0; i < total; i++) {
  const text = kinds[i % kinds.length]();
  const wrapped = `,${text},`;
  const ours = plainDecimal(wrapped, 1, wrapped.length - 1);
  if (ours === undefined) { left++; continue; }
  read++;
  const theirs = Number(text);
  if (!Object.is(ours, theirs)) {
    console.error(`DIFFERENT: ${JSON.stringify(text)} → ${ours} here, ${theirs} by Number()`);
    process.exit(1);
  }
}
console.log(JSON.stringify({ values: total, readHere: read, leftToNumber: left, different: 0 }));
