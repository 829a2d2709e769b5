import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { CsvError, type CsvRow, detectDelimiter, readCsv } from '../../../src/engines/predict/csv';
import { plainDecimal } from '../../../src/engines/predict/decimal';
import { random } from '../../random';

const cols = { numeric: ['Close', 'Volume'], text: ['Date'], optional: ['Ticker'] };
async function read(text: string, chunk = 7) {
  const parts: Buffer[] = [];
  const b = Buffer.from(text, 'utf8');
  for (let i = 0; i < b.length; i += chunk) parts.push(b.subarray(i, i + chunk));
  const rows: CsvRow[] = [];
  const summary = await readCsv(Readable.from(parts), cols, (r) => void rows.push(r));
  return { rows, summary };
}

describe('predict: streaming CSV', () => {
  it('matches the header case-insensitively, in any order, extra columns ignored', async () => {
    const { rows, summary } = await read('volume,Extra,DATE,close\n10,x,2024-01-01,1.5\n20,y,2024-01-02,2.5\n');
    assert.deepEqual(rows.map((r) => [...r.numbers]), [[1.5, 10], [2.5, 20]]);
    assert.deepEqual(rows.map((r) => r.text[0]), ['2024-01-01', '2024-01-02']);
    assert.equal(summary.read, 2);
    assert.deepEqual(summary.present, []);
  });
  it('BOM, CRLF, quoted fields and the Ticker column', async () => {
    const { rows, summary } = await read('\uFEFFDate,Ticker,Close,Volume\r\n"2024-01-01","A,B","1.5",10\r\n');
    assert.deepEqual(rows[0].optional, ['A,B']);
    assert.equal(rows[0].numbers[0], 1.5);
    assert.deepEqual(summary.present, ['Ticker']);
    assert.equal(summary.delimiter, ',');
  });
  it('detects `;` separators and says so', async () => {
    const { rows, summary } = await read('Date;Close;Volume\n2024-01-01;3;4\n');
    assert.equal(summary.delimiter, ';');
    assert.deepEqual([...rows[0].numbers], [3, 4]);
    assert.equal(detectDelimiter('"a;b",c'), ',');
  });
  it('a missing column is one error naming the missing and found columns', async () => {
    await assert.rejects(read('Date,Close\n1,2\n'), (e: Error) => e instanceof CsvError && /missing column Volume; found Date, Close/.test(e.message));
  });
  it('price data for a model of computed features: the missing-columns error names --recipe ohlcv-22', async () => {
    const features = { numeric: ['ret_1', 'ret_5', 'rsi_14'] };
    const prices = 'Date,Open,High,Low,Close,Volume\n1,2,3,1,2,100\n';
    await assert.rejects(readCsv(Readable.from([prices]), features, () => undefined), (e: Error) => /^missing columns ret_1, ret_5, rsi_14; found Date, Open, High, Low, Close, Volume \(separator ','\)\. These are prices: --recipe ohlcv-22/.test(e.message));
    // Not prices, or a model that takes prices itself: no hint.
    await assert.rejects(readCsv(Readable.from(['Date,x\n1,2\n']), features, () => undefined), (e: Error) => !e.message.includes('--recipe'));
    await assert.rejects(read('Date,Open,High,Low,Close\n1,2,3,1,2\n'), (e: Error) => !e.message.includes('--recipe'));
  });
  it('an unparseable, NaN or empty cell skips its row with line and column; the rest goes on', async () => {
    const { rows, summary } = await read('Date,Close,Volume\n1,2,3\n2,abc,3\n3,NaN,4\n4,,5\n5,6,7\n');
    assert.equal(rows.length, 2);
    assert.equal(summary.read, 5);
    assert.equal(summary.skippedCount, 3);
    assert.deepEqual(summary.skipped, [
      { line: 3, reason: 'column Close: not a number: "abc"' },
      { line: 4, reason: 'column Close: not a number: "NaN"' },
      { line: 5, reason: 'column Close: empty cell' },
    ]);
  });
  it('lines split without csv-parse (no quote) read as csv-parse reads them, line numbers and all', async () => {
    // The same records with a quote in the header (csv-parse from the start), a quote met mid-file
    // (csv-parse from there), and none (split here): one outcome, at every chunk size.
    const lf = 'Date,Close,Volume\n 1 , 2 ,3\n\n2,abc,3\n \t \n3,,4\n4,5\n 5 ,6,7\n6,"7",8\n7,x,9\n8,9,10';
    const outcome = async (text: string, chunk: number) => {
      const { rows, summary } = await read(text, chunk);
      return { rows: rows.map((r) => [r.line, [...r.numbers], r.text]), read: summary.read, skipped: summary.skipped };
    };
    for (const body of [lf, lf.replace(/\n/g, '\r\n')]) {
      const expected = await outcome(body.replace('Date', '"Date"'), 1 << 16);
      assert.deepEqual(expected.rows, [[2, [2, 3], ['1']], [8, [6, 7], ['5']], [9, [7, 8], ['6']], [11, [9, 10], ['8']]]);
      assert.deepEqual(expected.skipped.map((s) => s.line), [4, 6, 7, 10]);
      for (const chunk of [1, 3, 7, 64, 1 << 16]) {
        assert.deepEqual(await outcome(body, chunk), expected, `quote mid-file, chunk ${chunk}`);
        assert.deepEqual(await outcome(body.replace('"7"', '7'), chunk), expected, `no quote, chunk ${chunk}`);
      }
    }
  });
  it('empty file and header only', async () => {
    await assert.rejects(read(''), /the file is empty/);
    const { rows, summary } = await read('Date,Close,Volume\n');
    assert.equal(rows.length, 0);
    assert.equal(summary.read, 0);
  });
  it('UTF-8 text after ASCII chunks, a character cut between two chunks, reads as it is written', async () => {
    const text = 'Date,Ticker,Close,Volume\n2024-01-01,AAA,1.5,10\n2024-01-02,Zürich ✓,2.5,20\n2024-01-03,Ωmega,3.5,30\n';
    for (const chunk of [1, 2, 3, 5, 7, 31, 1 << 16]) {
      const { rows } = await read(text, chunk);
      assert.deepEqual(rows.map((r) => r.optional[0]), ['AAA', 'Zürich ✓', 'Ωmega'], `chunk ${chunk}`);
      assert.deepEqual(rows.map((r) => r.numbers[0]), [1.5, 2.5, 3.5]);
    }
  });
  it('reads decimals of up to 19 digits as Number() does, bit for bit, or leaves them to Number()', function () {
    this.timeout(120_000);
    // bench/predict/fuzz-decimal.mjs runs millions; here a seeded hundred thousand and the edge cases.
    const rand = random(0x9e3779b9);
    const digits = (n: number) => Array.from({ length: n }, (_, i) => String(i === 0 ? 1 + Math.floor(rand() * 9) : Math.floor(rand() * 10))).join('');
    const place = (int: string, decimals: number) => {
      if (decimals === 0) return int;
      const padded = int.padStart(decimals + 1, '0');
      return `${padded.slice(0, padded.length - decimals)}.${padded.slice(padded.length - decimals)}`;
    };
    const values = [
      '0', '-0', '0.0', '.5', '-.5', '5.', '00012.5', '9007199254740993', '9007199254740992.5', '9999999999999999999', '1844674407370955161',
      '0.30000000000000004', '19.971119292618617', '45.04857528368969', '5022103410144733.5', '2536638584200356.25', '-9881014070059703.00',
      '1e5', '+1', '1.2.3', '-', '.', '', '12345678901234567890', '0.00000000000000000000001',
    ];
    for (let i = 0; i < 100_000; i++) {
      const kind = i % 4;
      values.push(kind === 0 ? String(rand() * 10 ** Math.floor(rand() * 8))
        : kind === 1 ? place(digits(16 + Math.floor(rand() * 4)), Math.floor(rand() * 23))
          : kind === 2 ? place(digits(1 + Math.floor(rand() * 15)), Math.floor(rand() * 23))
            // Exact ties between neighbouring doubles of 2^52 to 2^53 (spacing 1), and their neighbours.
            : place(String(2 ** 52 + Math.floor(rand() * 2 ** 52) * 2 + Math.floor(rand() * 3)), 0) + (rand() < 0.5 ? '.5' : ''));
    }
    let read = 0;
    for (const text of values) {
      const cell = `;${text};`;
      const value = plainDecimal(cell, 1, cell.length - 1);
      if (value === undefined) continue;
      read++;
      assert.ok(Object.is(value, Number(text)), `${JSON.stringify(text)}: ${value} here, ${Number(text)} by Number()`);
    }
    // Most are read here: the reader is used, not bypassed.
    assert.ok(read > values.length * 0.9, `${read} of ${values.length} read here`);
    assert.equal(plainDecimal(';1e5;', 1, 4), undefined);
    assert.equal(plainDecimal(';12345678901234567890;', 1, 21), undefined);
  });
});
