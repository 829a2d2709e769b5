// POST /predict/batch's fast path (issue #42): rows read from the bytes (serve/packed.ts) equal
// JSON.parse's numbers stored as float32, and every body outside its narrow shape is left to the
// generic path; the answer written as text (serve/answer.ts) equals JSON.stringify of the answer
// built as objects. Generated inputs, bounded loops, a fixed seed.
import assert from 'node:assert/strict';
import { AnswerWriter, float32Decimal } from '../../../src/serve/answer';
import { packInstances } from '../../../src/serve/packed';
import { decideClass } from '../../../src/predict/decision';

/** A small deterministic generator (mulberry32). */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A number as clients write it: integers, decimals, long decimals, exponents, negative zero. */
function numberText(next: () => number): string {
  const kind = Math.floor(next() * 8);
  const sign = next() < 0.3 ? '-' : '';
  switch (kind) {
    case 0:
      return `${sign}${Math.floor(next() * 1e6)}`;
    case 1:
      return `${sign}${(next() * 1000).toFixed(Math.floor(next() * 6))}`;
    case 2:
      return `${sign}${next() * 1e5}`; // up to 17 significant digits
    case 3:
      return `${sign}${Math.floor(next() * 999) + 1}e${Math.floor(next() * 60) - 30}`;
    case 4:
      return `${sign}0.${'0'.repeat(Math.floor(next() * 8))}${Math.floor(next() * 1e9)}`;
    case 5:
      return `${sign}${Math.floor(next() * 9) + 1}.${Math.floor(next() * 1e9)}E+${Math.floor(next() * 3)}`;
    case 6:
      return `${sign}0`;
    default:
      return `${sign}${'9'.repeat(Math.floor(next() * 25) + 1)}.5`;
  }
}

const bytes = (text: string) => Buffer.from(text, 'utf8');

describe('serve: the batch fast path (packed rows, answers as text)', () => {
  it('reads the same float32 values as JSON.parse, for 3,000 generated numbers in varied spacing', () => {
    const next = random(42);
    for (let body = 0; body < 300; body++) {
      const width = 1 + Math.floor(next() * 6);
      const rows = 1 + Math.floor(next() * 5);
      const space = () => [' ', '', '\n', '\t', '\r\n'][Math.floor(next() * 5)];
      const lines: string[] = [];
      for (let i = 0; i < rows; i++) lines.push(`${space()}[${Array.from({ length: width }, () => `${space()}${numberText(next)}${space()}`).join(',')}]`);
      const text = `${space()}{${space()}"instances"${space()}:${space()}[${lines.join(',')}${space()}]${space()}}${space()}`;
      const parsed = JSON.parse(text) as { instances: number[][] };
      const packed = packInstances(bytes(text), 10_000);
      const within = parsed.instances.flat().every((v) => Math.abs(v) <= 3.4028234663852886e38);
      if (!within) {
        assert.equal(packed, undefined, text);
        continue;
      }
      assert.ok(packed, text);
      assert.equal(packed.rows, rows);
      assert.equal(packed.width, width);
      assert.deepEqual([...packed.values], [...Float32Array.from(parsed.instances.flat())], text);
      // -0 stays -0, as JSON.parse gives it.
      packed.values.forEach((v, k) => assert.equal(Object.is(v, -0), Object.is(Math.fround(parsed.instances.flat()[k]), -0)));
    }
  });

  it('reads mantissas across its 9- and 19-digit parts as JSON.parse does (#84: a loop per part)', () => {
    const numbers = [
      '123456789', '1234567891', '1234567890123456789', '12345678901234567890123', '123456789012345678901234.5',
      '0.000000000123456789012345678', '0.1234567890123456789012', '1234567890.123456789012', '98765.43210987654321e-3',
      '-0.0', '0.0', '0', '-0', '100000000000000000000000', '0.00000000000000000000000000000000000001', '7.000000000000000000001',
    ];
    const text = `{"instances": [[${numbers.join(', ')}]]}`;
    const packed = packInstances(bytes(text), 10);
    assert.ok(packed);
    assert.deepEqual([...packed.values], [...Float32Array.from(numbers.map(Number))]);
    assert.deepEqual([...packed.values].map((v) => Object.is(v, -0)), numbers.map((n) => n.startsWith('-0')));
  });

  it('reads four digits a step wherever they stop: before a byte next to the digits, or at the body\'s end (#84)', () => {
    // Every digit count from 1 to 24, in the integer part and in the fraction, each ended by each
    // byte that can follow a number (and the rows' last number by the body's last bytes).
    const numbers: string[] = [];
    for (let n = 1; n <= 24; n++) {
      const digits = '918273645546372819'.repeat(2).slice(0, n);
      numbers.push(digits, `0.${digits}`, `3.${digits}`, `-12345.${digits}`, `${digits}.5`, `${digits}e-3`, `0.${digits}E+2`);
    }
    for (const end of [',', ' ,', '\n,', ']']) {
      const text = `{"instances":[[${numbers.join(end === ']' ? ',' : end)}]]}`;
      const packed = packInstances(bytes(text), 10);
      assert.ok(packed, end);
      assert.deepEqual([...packed.values], [...Float32Array.from(numbers.map(Number))], end);
    }
    // float32 values printed as doubles (a client's float32 features, the bench's rows): each the float32 itself.
    const next = random(84);
    const singles = Array.from({ length: 2000 }, (_, k) => String(Math.fround((next() - 0.5) * 10 ** ((k % 40) - 20))));
    const read = packInstances(bytes(`{"instances":[[${singles.join(',')}]]}`), 10);
    assert.deepEqual(read && [...read.values], singles.map((text) => Math.fround(Number(text))));
    assert.ok(singles.filter((text) => text.replace(/^-?0?\.?0*|e.*$|\./g, '').length >= 16).length > 1000);
    // Bytes just outside the digits ('/' and ':' sit on either side of 0-9) make the body no number: the generic path.
    for (const bad of ['1234:678', '12/45678', '0.12345:78', '0.1234/678', '0.123456789012:45', '0.1234567890123/5']) {
      assert.equal(packInstances(bytes(`{"instances":[[${bad}]]}`), 10), undefined, bad);
    }
    // The last number ends less than four bytes before the body's end.
    for (const tail of [']]}', ']] }', ']]}\n']) {
      const packed = packInstances(bytes(`{"instances":[[1,0.12345678901234567${tail}`), 10);
      assert.deepEqual(packed && [...packed.values], [1, Math.fround(Number('0.12345678901234567'))], tail);
    }
  });

  it('rounds to the float32 JSON.parse gives also at and near the midpoints between two float32s', () => {
    const next = random(3);
    const f32 = new Float32Array(1);
    const u32 = new Uint32Array(f32.buffer);
    const numbers: string[] = [];
    for (let k = 0; k < 500; k++) {
      f32[0] = (next() - 0.5) * 10 ** Math.floor(next() * 20 - 10);
      const a = f32[0];
      u32[0] += 1;
      const midpoint = (a + f32[0]) / 2;
      // The midpoint itself, and the doubles on either side of it.
      for (const value of [midpoint, midpoint * (1 + 2 ** -52), midpoint * (1 - 2 ** -52), midpoint * (1 + 2 ** -40)]) numbers.push(String(value), value.toPrecision(19), value.toPrecision(17));
    }
    const text = `{"instances": [${numbers.map((n) => `[${n}]`).join(',')}]}`;
    const packed = packInstances(bytes(text), 100_000);
    assert.ok(packed);
    assert.deepEqual([...packed.values], [...Float32Array.from(numbers.map(Number))]);
  });

  it('leaves every other body to the generic path (which names what is wrong)', () => {
    for (const text of [
      '{"instances": []}',
      '{"instances": [[]]}',
      '{"instances": [[1, 2], [1]]}',
      '{"instances": [{"a": 1}]}',
      '{"instances": [[1, "2"]]}',
      '{"instances": [[1, null]]}',
      '{"instances": [[1e999]]}',
      '{"instances": [[1e39]]}',
      '{"instances": [[01]]}',
      '{"instances": [[1.]]}',
      '{"instances": [[.5]]}',
      '{"instances": [[+1]]}',
      '{"instances": [[1e]]}',
      '{"instances": [[-]]}',
      '{"instances": [[NaN]]}',
      '{"instances": [[1, 2],]}',
      '{"instances": [[1, 2,]]}',
      '{"instances": [[1, 2]], "x": 1}',
      '{"instances": [[1, 2]]} x',
      '{"instances": [[1, 2]]',
      '{"\\u0069nstances": [[1, 2]]}',
      '\ufeff{"instances": [[1, 2]]}',
      '{"instances": [[1,\u00a02]]}',
      '[[1, 2]]',
      '',
    ]) assert.equal(packInstances(bytes(text), 100), undefined, text);
    assert.equal(packInstances(bytes('{"instances": [[1], [2], [3]]}'), 2), undefined, 'more rows than allowed: the generic path answers 413');
    assert.ok(packInstances(bytes('{"instances": [[1], [2]]}'), 2));
  });

  it('writes a batch answer byte for byte as JSON.stringify writes the objects, whatever the class names', () => {
    const next = random(7);
    for (const classes of [['DOWN', 'UP'], ['0', '1'], ['b', '10', 'a', '2'], ['x', 'y', 'x'], ['é"\\', 'ü\n']]) {
      const n = classes.length;
      const rows = 50;
      const outputs = new Float32Array(rows * n);
      for (let i = 0; i < outputs.length; i++) outputs[i] = Math.floor(next() * 41) / 40;
      const writer = new AnswerWriter(classes, 0.4, 'v1 "q"');
      assert.ok(writer.usable);
      const counts: number[] = [];
      const text = writer.batch(outputs, rows, '2026-11-23T00:00:00.000Z', counts).toString('utf8');
      const predictions = [];
      const expectedCounts: number[] = [];
      for (let i = 0; i < rows; i++) {
        const p = outputs.subarray(i * n, (i + 1) * n);
        const k = decideClass(p, 0.4);
        expectedCounts[k] = (expectedCounts[k] ?? 0) + 1;
        const probabilities: Record<string, number> = {};
        for (let c = 0; c < n; c++) probabilities[classes[c]] = float32Decimal(p[c]);
        predictions.push({ prediction: k, prediction_label: classes[k], probability: probabilities[classes[k]], probabilities, model_version: 'v1 "q"', timestamp: '2026-11-23T00:00:00.000Z' });
      }
      assert.equal(text, JSON.stringify({ predictions, count: rows, model_version: 'v1 "q"' }));
      assert.deepEqual(counts, expectedCounts);
    }
    assert.equal(new AnswerWriter(['__proto__', 'a'], 0.5, '1').usable, false);
  });
});
