/**
 * POST /predict/batch's other bodies (issue #42), pure: `text/csv` (a header naming the model's
 * features, in any order, then one row per line) and `application/x-ndjson` (one row per line, as
 * an `instances` item: an array in the model's feature order or an object by feature name). Both
 * give the same float32 rows, so the same answers, as `{"instances": [...]}`; a refusal names the
 * line and the feature.
 */
import { FLOAT32_MAX, RequestError, readInstances } from './validate';

/** A body in one of these formats, read once the model's features are known. */
export abstract class TextBatch {
  constructor(protected readonly text: string) {}
  abstract read(features: readonly string[], maxRows: number): { values: Float32Array; rows: number };
}

/** The lines of a body that hold something (a trailing newline or blank lines hold nothing), with their numbers. */
function lines(text: string): { line: number; text: string }[] {
  const out: { line: number; text: string }[] = [];
  const all = text.split('\n');
  for (let k = 0; k < all.length; k++) {
    const line = all[k].endsWith('\r') ? all[k].slice(0, -1) : all[k];
    if (line.trim() !== '') out.push({ line: k + 1, text: line });
  }
  return out;
}

function tooMany(rows: number, maxRows: number): void {
  if (rows > maxRows) throw new RequestError(413, `the body has ${rows} rows; at most ${maxRows} rows per request`);
}

const quote = (text: string): string => JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}...` : text);
/** A decimal number as CSV writers write it (pandas, R, spreadsheets): no NaN, no Infinity, no hex. */
const DECIMAL = /^[+-]?(\d+(?:\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;

export class CsvBatch extends TextBatch {
  read(features: readonly string[], maxRows: number): { values: Float32Array; rows: number } {
    const all = lines(this.text.startsWith('\ufeff') ? this.text.slice(1) : this.text);
    const expected = `expected a header naming the model's features (${features.join(', ')}), then one row of numbers per line`;
    if (all.length === 0) throw new RequestError(400, `the CSV body is empty; ${expected}`);
    const header = all[0].text.split(',').map((name) => name.trim().replace(/^"(.*)"$/, '$1'));
    const unknown = header.filter((name) => !features.includes(name));
    if (unknown.length > 0) throw new RequestError(400, `the CSV header (line ${all[0].line}) has unknown feature name(s): ${unknown.slice(0, 10).map(quote).join(', ')}; ${expected}`);
    const repeated = header.filter((name, k) => header.indexOf(name) !== k);
    if (repeated.length > 0) throw new RequestError(400, `the CSV header (line ${all[0].line}) names ${quote(repeated[0])} twice; ${expected}`);
    const missing = features.filter((name) => !header.includes(name));
    if (missing.length > 0) throw new RequestError(400, `the CSV header (line ${all[0].line}) lacks ${missing.length} feature(s): ${missing.join(', ')}; ${expected}`);
    const rows = all.length - 1;
    if (rows === 0) throw new RequestError(400, `the CSV body has a header but no row; ${expected}`);
    tooMany(rows, maxRows);
    const n = features.length;
    // Column c of the body goes to the model's input at place[c].
    const place = header.map((name) => features.indexOf(name));
    const values = new Float32Array(rows * n);
    for (let i = 0; i < rows; i++) {
      const { line, text } = all[i + 1];
      const cells = text.split(',');
      if (cells.length !== n) throw new RequestError(400, `line ${line} has ${cells.length} value(s); expected ${n}, one per column of the header`);
      for (let c = 0; c < n; c++) {
        const cell = cells[c].trim();
        const name = header[c];
        if (!DECIMAL.test(cell)) throw new RequestError(400, `line ${line}, ${name}: ${quote(cell)} is not a number; expected a finite number`);
        const value = Number(cell);
        if (!(Math.abs(value) <= FLOAT32_MAX)) throw new RequestError(400, `line ${line}, ${name}: ${cell.slice(0, 40)} is outside the float32 range the model takes (|x| <= ${FLOAT32_MAX})`);
        values[i * n + place[c]] = value;
      }
    }
    return { values, rows };
  }
}

export class NdjsonBatch extends TextBatch {
  read(features: readonly string[], maxRows: number): { values: Float32Array; rows: number } {
    const all = lines(this.text);
    if (all.length === 0) throw new RequestError(400, 'the NDJSON body is empty; expected one row per line: [numbers in the model\'s feature order] or {"<feature name>": number, ...}');
    tooMany(all.length, maxRows);
    const instances = all.map(({ line, text }) => {
      try {
        return JSON.parse(text) as unknown;
      } catch (error) {
        throw new RequestError(400, `line ${line} is not JSON: ${(error as Error).message}; expected one row per line: [numbers in the model's feature order] or {"<feature name>": number, ...}`);
      }
    });
    return readInstances({ instances }, features, maxRows, (i) => `line ${all[i].line}`);
  }
}
