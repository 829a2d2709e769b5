/**
 * Great Expectations' own test definitions (server/test/fixtures/gx-test-definitions, vendored from
 * great_expectations' tests/test_definitions with its licence and PROVENANCE) replayed through
 * Archipel's validation engine, the one `archipel validate` runs (issue #41). Each dataset becomes a
 * data file (Parquet typed as its pandas schema says, else CSV as a user would write it) and a
 * suite of its tests (one expectation each, GX's kwargs unchanged); each test is then one verdict:
 * - GX's cases are those GX runs on pandas (its `only_for` / `suppress_test_for`, test and dataset);
 * - GX's verdict is `out.success`, or an exception when `out.traceback_substring` is given;
 * - a supported type (Archipel's catalogue) agrees when Archipel gives the same success (no exception)
 *   or raises where GX raises; an unsupported type must be an exception result;
 * - a silent pass is Archipel's success where GX fails or raises.
 * `node out/server/test/gxReplay.js` prints the figures and every disagreement.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { DuckDBInstance } from '@duckdb/node-api';
import { validateData } from '../src/engines/validate/run';
import { expectationSpec } from '../src/validate/catalogue';
import { parseSuite } from '../src/validate/suite';
import { diagnoseFile } from '../src/service';
import { suiteFeature } from '../src/validate/feature';
import { repoRoot } from './helpers';
import { TestWorkspace } from './workspace';

export const DEFINITIONS = path.join(repoRoot, 'server', 'test', 'fixtures', 'gx-test-definitions');

interface GxTest {
  title: string;
  in: Record<string, unknown> | unknown[];
  out: Record<string, unknown>;
  only_for?: string | string[];
  suppress_test_for?: string | string[];
}

interface GxDataset {
  dataset_name?: string;
  data: Record<string, unknown[]>;
  schemas?: { pandas?: Record<string, string> };
  tests: GxTest[];
  only_for?: string | string[];
  suppress_test_for?: string | string[];
}

export type Verdict = true | false | 'exception';

export interface ReplayCase {
  file: string;
  type: string;
  title: string;
  supported: boolean;
  gx: Verdict;
  archipel: Verdict;
  message?: string;
}

const listOf = (v: string | string[] | undefined): string[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

/** GX runs it on pandas (test_expectations_v3_api.py's rules for the pandas backend). */
function runsOnPandas(item: { only_for?: string | string[]; suppress_test_for?: string | string[] }): boolean {
  const only = listOf(item.only_for);
  if (only.length > 0 && !only.some((o) => o === 'pandas' || o === 'pandas_v3_api' || o === 'pandas>=024')) return false;
  return !listOf(item.suppress_test_for).includes('pandas');
}

/** DuckDB's type for a pandas dtype of a schema; undefined: let the reader decide. */
function duckType(dtype: string): string | undefined {
  const d = dtype.toLowerCase();
  if (/^(int|int64|int64dtype|int32)$/.test(d)) return 'BIGINT';
  if (/^(float|float64|float32)$/.test(d)) return 'DOUBLE';
  if (/^(str|object|string)$/.test(d)) return 'VARCHAR';
  if (d === 'bool') return 'BOOLEAN';
  if (d === 'date') return 'DATE';
  if (/^(datetime|datetime64|datetime64\[ns\]|timestamp)$/.test(d)) return 'TIMESTAMP';
  return undefined;
}

function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'object' ? JSON.stringify(value) : String(value);
  return /[",\n\r]/.test(text) || text !== text.trim() ? `"${text.replaceAll('"', '""')}"` : text;
}

/** The dataset as a file in `folder`: Parquet typed by its pandas schema, else CSV. */
async function writeDataset(dataset: GxDataset, folder: string, name: string): Promise<string> {
  const columns = Object.keys(dataset.data);
  const rows = Math.max(0, ...columns.map((c) => dataset.data[c].length));
  const schema = dataset.schemas?.pandas;
  if (!schema || columns.length === 0) {
    const file = path.join(folder, `${name}.csv`);
    const lines = [columns.map(csvCell).join(',')];
    for (let r = 0; r < rows; r++) lines.push(columns.map((c) => csvCell(dataset.data[c][r])).join(','));
    writeFileSync(file, lines.join('\n') + '\n');
    return file;
  }
  const json = path.join(folder, `${name}.json`);
  writeFileSync(json, Array.from({ length: rows }, (_, r) => JSON.stringify(Object.fromEntries(columns.map((c) => {
    const v = dataset.data[c][r];
    return [c, v === null || v === undefined ? null : typeof v === 'object' ? JSON.stringify(v) : String(v)];
  })))).join('\n') + '\n');
  const file = path.join(folder, `${name}.parquet`);
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  try {
    const q = (s: string) => `'${s.replaceAll("'", "''")}'`;
    const id = (s: string) => `"${s.replaceAll('"', '""')}"`;
    const reads = `{${columns.map((c) => `${q(c)}: 'VARCHAR'`).join(', ')}}`;
    const selected = columns.map((c) => {
      const zoned = dataset.data[c].some((v) => typeof v === 'string' && /T\d\d:\d\d(:\d\d(\.\d+)?)?(Z|[+-]\d\d:?\d\d)$/.test(v));
      const named = duckType(schema[c] ?? '');
      // A time with its zone: pandas' datetime64[ns, tz].
      const type = named === 'TIMESTAMP' && zoned ? 'TIMESTAMPTZ' : named;
      return type ? `TRY_CAST(${id(c)} AS ${type}) AS ${id(c)}` : id(c);
    }).join(', ');
    await connection.run(`COPY (SELECT ${selected} FROM read_json(${q(json)}, columns = ${reads}, format = 'newline_delimited')) TO ${q(file)} (FORMAT parquet)`);
  } finally {
    connection.closeSync();
    instance.closeSync();
  }
  return file;
}

/** Python's JSON (NaN, Infinity outside strings) as JSON: NaN is null (pandas' missing value), ±Infinity ±1e999 (parsed as ±Infinity). */
function pythonJson(text: string): string {
  return text.replace(/"(?:[^"\\]|\\.)*"|(-?)\b(Infinity|NaN)\b/g, (whole, sign: string | undefined, word: string | undefined) => (word === undefined ? whole : word === 'NaN' ? 'null' : `${sign ?? ''}1e999`));
}

/** Replays every definition; `folder` is a scratch folder for the data files. */
export async function replay(folder: string, noVerdict: { file: string; type: string; title: string }[] = []): Promise<ReplayCase[]> {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) walk(path.join(dir, entry.name));
      else if (entry.name.endsWith('.json')) files.push(path.join(dir, entry.name));
    }
  };
  walk(DEFINITIONS);
  files.sort();
  mkdirSync(folder, { recursive: true });
  const cases: ReplayCase[] = [];
  let n = 0;
  for (const file of files) {
    const definition = JSON.parse(pythonJson(readFileSync(file, 'utf8'))) as { expectation_type: string; datasets: GxDataset[] };
    const type = definition.expectation_type;
    const supported = expectationSpec(type) !== undefined;
    for (const dataset of definition.datasets) {
      if (!runsOnPandas(dataset)) continue;
      const tests = dataset.tests.filter((test) => runsOnPandas(test) && !Array.isArray(test.in));
      if (tests.length === 0) continue;
      const data = await writeDataset(dataset, folder, `d${n++}`);
      const suite = parseSuite(JSON.stringify({ name: dataset.dataset_name ?? type, expectations: tests.map((test) => ({ type, kwargs: test.in })) }), file);
      const result = await validateData(data, suite, { resultFormat: 'COMPLETE', runTime: new Date(Date.UTC(2026, 0, 1)) });
      tests.forEach((test, i) => {
        const r = result.results[i];
        // A test whose out says neither success nor an exception gives GX's runner nothing to check: no verdict.
        if (typeof test.out.traceback_substring !== 'string' && typeof test.out.success !== 'boolean') {
          noVerdict.push({ file: path.relative(DEFINITIONS, file), type, title: test.title });
          return;
        }
        const gx: Verdict = typeof test.out.traceback_substring === 'string' ? 'exception' : test.out.success as boolean;
        const archipel: Verdict = r.exception_info.raised_exception ? 'exception' : r.success;
        cases.push({ file: path.relative(DEFINITIONS, file), type, title: test.title, supported, gx, archipel, ...(r.exception_info.exception_message ? { message: r.exception_info.exception_message } : {}) });
      });
    }
  }
  return cases;
}

/** A case the editor checks: GX ran its kwargs to a verdict (true or false), so they are valid kwargs. */
export interface KwargsCase {
  type: string;
  title: string;
  kwargs: Record<string, unknown>;
}

/** GX's valid kwargs: every test of a supported type GX runs on pandas to a success or a failure (not an exception). */
export function validKwargsCases(): KwargsCase[] {
  const out: KwargsCase[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) { walk(full); continue; }
      if (!entry.name.endsWith('.json')) continue;
      const definition = JSON.parse(pythonJson(readFileSync(full, 'utf8'))) as { expectation_type: string; datasets: GxDataset[] };
      if (!expectationSpec(definition.expectation_type)) continue;
      for (const dataset of definition.datasets) {
        if (!runsOnPandas(dataset)) continue;
        for (const test of dataset.tests) {
          if (!runsOnPandas(test) || Array.isArray(test.in) || typeof test.out.success !== 'boolean' || typeof test.out.traceback_substring === 'string') continue;
          out.push({ type: definition.expectation_type, title: test.title, kwargs: test.in });
        }
      }
    }
  };
  walk(DEFINITIONS);
  return out;
}

/** The editor's errors on each valid case (a suite of that one expectation, no data bound). */
export function editorErrors(cases: readonly KwargsCase[]): { kase: KwargsCase; messages: string[] }[] {
  const feature = suiteFeature();
  const uri = 'file:///work/gx/expectations/case.json';
  const errors: { kase: KwargsCase; messages: string[] }[] = [];
  for (const kase of cases) {
    const text = JSON.stringify({ name: 'case', expectations: [{ type: kase.type, kwargs: kase.kwargs }] }, null, 2);
    const ws = new TestWorkspace({ [uri]: text });
    const messages = diagnoseFile(ws.file(uri), [feature], ws.context).filter((d) => d.severity === 1).map((d) => `${String(d.code)}: ${d.message}`);
    if (messages.length) errors.push({ kase, messages });
  }
  return errors;
}

export interface ReplayFigures {
  cases: number;
  supported: number;
  agreeing: number;
  /** Agreeing / supported. */
  share: number;
  unsupported: number;
  unsupportedNotException: ReplayCase[];
  silentPasses: ReplayCase[];
  disagreements: ReplayCase[];
}

export function figures(cases: readonly ReplayCase[]): ReplayFigures {
  const supported = cases.filter((c) => c.supported);
  const agree = (c: ReplayCase) => c.gx === c.archipel;
  const agreeing = supported.filter(agree).length;
  return {
    cases: cases.length,
    supported: supported.length,
    agreeing,
    share: supported.length ? agreeing / supported.length : 1,
    unsupported: cases.length - supported.length,
    unsupportedNotException: cases.filter((c) => !c.supported && c.archipel !== 'exception'),
    silentPasses: cases.filter((c) => c.archipel === true && c.gx !== true),
    disagreements: supported.filter((c) => !agree(c)),
  };
}

if (require.main === module) {
  void (async () => {
    const folder = path.join(repoRoot, 'out', 'gx-replay');
    const skipped: { file: string; type: string; title: string }[] = [];
    const f = figures(await replay(folder, skipped));
    console.log(`GX's cases with no verdict (an out with neither success nor traceback_substring): ${skipped.length}`);
    const show = (c: ReplayCase) => `  ${c.type} / ${c.title}: GX ${String(c.gx)}, Archipel ${String(c.archipel)}${c.message ? ` (${c.message.slice(0, 160)})` : ''}`;
    console.log(`GX test definitions replayed on pandas' cases: ${f.cases}; supported types: ${f.supported}, GX's verdict on ${f.agreeing} (${(f.share * 100).toFixed(1)} %); unsupported: ${f.unsupported}, not an exception: ${f.unsupportedNotException.length}; silent passes: ${f.silentPasses.length}`);
    if (f.silentPasses.length) console.log(['silent passes:', ...f.silentPasses.map(show)].join('\n'));
    if (f.unsupportedNotException.length) console.log(['unsupported without exception:', ...f.unsupportedNotException.map(show)].join('\n'));
    console.log(['disagreements:', ...f.disagreements.map(show)].join('\n'));
    const valid = validKwargsCases();
    const wrong = editorErrors(valid);
    console.log(`editor: GX's valid kwargs (supported types, run by GX to a verdict): ${valid.length} cases, with an error: ${wrong.length} (${((wrong.length / Math.max(1, valid.length)) * 100).toFixed(1)} %)`);
    for (const w of wrong) console.log(`  ${w.kase.type} / ${w.kase.title}: ${w.messages.join(' | ')}`);
  })();
}
