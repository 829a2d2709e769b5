// Synthetic card transactions for the fraud-detection example (issue #65): every value is made up
// and seeded (the same file on every run), yet shaped as real ones are — card numbers that pass
// Luhn (Visa, Mastercard 51–55 and 2221–2720), IBANs with valid check digits, French NIR with their
// key, e-mails at example.* domains — so that `archipel privacy` finds and classifies them.
//
//   node fraud/generate-transactions.mjs --seed 65 --rows 400 --out fraud/transactions.csv
//   node fraud/generate-transactions.mjs --check        (exit 1 if transactions.csv differs)
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generator, luhnDigit, mod97 } from './synthetic.mjs';

const here = path.dirname(fileURLToPath(import.meta.url));
const { values } = parseArgs({ options: { seed: { type: 'string', default: '65' }, rows: { type: 'string', default: '400' }, out: { type: 'string', default: path.join(here, 'transactions.csv') }, check: { type: 'boolean', default: false } } });

const random = generator(Number(values.seed));
const int = (low, high) => low + Math.floor(random() * (high - low + 1));
const pick = (list) => list[int(0, list.length - 1)];
const digits = (n) => Array.from({ length: n }, () => int(0, 9)).join('');

function card() {
  const prefix = pick(['4', '51', '53', '55', String(int(2221, 2720))]);
  const body = prefix + digits(15 - prefix.length);
  return body + luhnDigit(body);
}
function iban() {
  const bban = digits(5) + digits(5) + digits(11) + digits(2);
  // FR: the letters F=15, R=27, then 00, moved behind the BBAN.
  const check = String(98 - mod97(`${bban}152700`)).padStart(2, '0');
  return `FR${check}${bban}`;
}
function nir(sex, birth) {
  const dept = pick(['75', '69', '13', '33', '59', '2A', '2B', '974']);
  const place = dept.length === 3 ? dept + digits(2) : dept + digits(3);
  const body = `${sex}${birth.slice(2, 4)}${birth.slice(5, 7)}${place}${digits(3)}`;
  const numeric = body.replace('2A', '19').replace('2B', '18');
  return body + String(97 - mod97(numeric)).padStart(2, '0');
}

const FIRST = [['Camille', 2], ['Léa', 2], ['Chloé', 2], ['Inès', 2], ['Jade', 2], ['Louise', 2], ['Hugo', 1], ['Lucas', 1], ['Louis', 1], ['Gabriel', 1], ['Arthur', 1], ['Jules', 1]];
const LAST = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent'];
const MERCHANTS = [['Boulangerie du Coin', 'food'], ['Rail Express', 'travel'], ['Cinéma Lumière', 'leisure'], ['Pharmacie Centrale', 'health'], ['ElectroMax', 'electronics'], ['Librairie Page', 'books']];
const ascii = (text) => text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
const pad = (n) => String(n).padStart(2, '0');

const rows = [['transaction_id', 'timestamp', 'card_number', 'card_holder', 'email', 'iban', 'nir', 'date_of_birth', 'amount_eur', 'merchant', 'merchant_category', 'client_ip', 'is_fraud']];
for (let i = 0; i < Number(values.rows); i++) {
  const [first, sex] = pick(FIRST);
  const last = pick(LAST);
  const birth = `${int(1950, 2004)}-${pad(int(1, 12))}-${pad(int(1, 28))}`;
  const [merchant, category] = pick(MERCHANTS);
  const fraud = random() < 0.03;
  const amount = fraud ? int(400, 2500) + int(0, 99) / 100 : int(2, 180) + int(0, 99) / 100;
  rows.push([
    `TX-${String(100000 + i)}`,
    `2025-${pad(int(1, 12))}-${pad(int(1, 28))}T${pad(int(0, 23))}:${pad(int(0, 59))}:${pad(int(0, 59))}Z`,
    card(), `${first} ${last}`, `${ascii(first)}.${ascii(last)}${int(1, 99)}@example.${pick(['com', 'org', 'fr'])}`,
    iban(), nir(sex, birth), birth, amount.toFixed(2), merchant, category,
    pick([() => `10.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`, () => `172.16.${int(0, 255)}.${int(1, 254)}`, () => `192.168.${int(0, 255)}.${int(1, 254)}`])(),
    fraud ? '1' : '0',
  ]);
}
const csv = `${rows.map((r) => r.map((v) => (/[",\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v)).join(',')).join('\n')}\n`;
if (values.check) {
  const same = readFileSync(values.out, 'utf8') === csv;
  if (!same) console.error(`${values.out} differs from what the generator writes: run it again`);
  process.exit(same ? 0 : 1);
}
writeFileSync(values.out, csv);
console.log(`${path.relative(process.cwd(), values.out)}: ${rows.length - 1} transactions`);
