// The privacy scan of a large data file (issue #65): a generated CSV of ~1 GB (card transactions with
// card numbers, e-mails, IBANs, NIR, dates of birth, IPs) classified by `archipel privacy FILE
// --format json`, which reads the header and a bounded sample (the first MiB and eight chunks spread
// over the rest), never the whole file; the peer is `wc -l` reading the whole file once (what any
// scan that reads every row pays at least). Wall time and peak RSS (GNU time) of each whole process,
// in the same run, who goes first alternating. The file is written once into the temporary folder
// (outside any repository: the command indexes no repository around it).
// ARCHIPEL_BENCH_PRIVACY_MB sets another size (default 1024); --tiny: 10 MB.
import { closeSync, existsSync, mkdirSync, openSync, renameSync, statSync, writeSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { measured } from './lib/gnuTime.mjs';
import { median } from './lib/stats.mjs';
import { generator, luhnDigit, mod97 } from '../examples/portfolio/fraud/synthetic.mjs';

const FULL_MB = Number(process.env.ARCHIPEL_BENCH_PRIVACY_MB ?? 1024);

export const title = `Privacy scan of a large CSV — archipel privacy (a bounded sample) vs wc -l (the whole file), ${FULL_MB} MB`;

/** Writes `mb` MB of transactions to `file` (a block of 20,000 distinct rows, repeated with new ids). */
function generate(file, mb) {
  const random = generator(65);
  const int = (low, high) => low + Math.floor(random() * (high - low + 1));
  const digits = (n) => Array.from({ length: n }, () => int(0, 9)).join('');
  const rows = [];
  for (let i = 0; i < 20_000; i++) {
    const body = `4${digits(14)}`;
    const bban = digits(23);
    const iban = `FR${String(98 - mod97(`${bban}152700`)).padStart(2, '0')}${bban}`;
    const nirBody = `${int(1, 2)}${digits(2)}0${int(1, 9)}75${digits(6)}`;
    const nir = nirBody + String(97 - mod97(nirBody)).padStart(2, '0');
    rows.push(`,${body}${luhnDigit(body)},client${i}@example.com,${iban},${nir},${int(1950, 2004)}-0${int(1, 9)}-1${int(0, 9)},10.${int(0, 255)}.${int(0, 255)}.${int(1, 254)},${int(1, 999)}.${digits(2)}\n`);
  }
  const temp = `${file}.tmp`;
  const fd = openSync(temp, 'w');
  let written = writeSync(fd, 'transaction_id,card_number,email,iban,nir,date_of_birth,client_ip,amount_eur\n');
  for (let id = 0; written < mb * 1024 * 1024; id++) {
    const chunk = rows.map((row, i) => `TX${id * rows.length + i}${row}`).join('');
    written += writeSync(fd, chunk);
  }
  closeSync(fd);
  renameSync(temp, file);
}

/** @param {import('./run.mjs').BenchContext} context */
export async function run(context) {
  const mb = context.tiny ? 10 : FULL_MB;
  const file = path.join(os.tmpdir(), `archipel-bench-privacy-${mb}mb`, 'transactions.csv');
  if (!existsSync(file)) {
    context.progress(`writing ${mb} MB of transactions`);
    mkdirSync(path.dirname(file), { recursive: true });
    generate(file, mb);
  }
  const bytes = statSync(file).size;
  const cli = path.join(context.root, 'dist', 'server', 'cli.js');
  const ours = () => measured(process.execPath, [cli, 'privacy', file, '--format', 'json']);
  const peer = () => measured('/usr/bin/wc', ['-l', file]);
  const runs = Math.max(1, context.runs);
  const s = { o: [], p: [], oRss: [], pRss: [], oCpu: [], pCpu: [], oFaults: [], pFaults: [] };
  let last;
  for (let i = 0; i < runs; i++) {
    context.progress(`run ${i + 1}/${runs}`);
    const [o, p] = i % 2 ? [peer(), ours()].reverse() : [ours(), peer()];
    s.o.push(o.ms); s.p.push(p.ms); s.oRss.push(o.rssMb); s.pRss.push(p.rssMb);
    s.oCpu.push(o.cpuMs); s.pCpu.push(p.cpuMs); s.oFaults.push(o.faults); s.pFaults.push(p.faults);
    last = o;
  }
  const fields = JSON.parse(last.stdout).assets[0].fields.filter((f) => f.categories.length > 0).map((f) => f.name);
  const [oMs, oRss] = [median(s.o), median(s.oRss)];
  return {
    peer: 'wc -l (coreutils), reading the whole file',
    rows: [{ name: `classify ${(bytes / 1e9).toFixed(2)} GB of CSV (header + bounded sample)`, ours: oMs, peer: median(s.p), cpuMs: { ours: median(s.oCpu), peer: median(s.pCpu) }, faults: { ours: median(s.oFaults), peer: median(s.pFaults) } }],
    notes: [
      `peak RSS: Archipel ${Math.round(oRss)} MB, wc ${Math.round(median(s.pRss))} MB; targets < 2 s and < 100 MB: ${oMs < 2000 ? 'met' : 'NOT met'}, ${oRss < 100 ? 'met' : 'NOT met'}`,
      `personal fields found: ${fields.join(', ')}`,
      `median of ${runs} fresh-process run(s) each, who goes first alternating; the file in ${path.dirname(file)}, written once`,
    ],
  };
}
