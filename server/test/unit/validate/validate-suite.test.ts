// Expectation suites in the editor (issue #29): GX JSON (0.x and 1.x) and *.expectations.yaml,
// checked against the catalogue (type with "did you mean" and its fix, kwargs, mostly, min ≤ max)
// and, when bound to a data file, against its header; completion and hover.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Ajv from 'ajv';
import { parse } from 'yaml';
import type { CompletionItem } from 'vscode-languageserver-types';
import { diagnoseFile } from '../../../src/service';
import { EXPECTATIONS } from '../../../src/validate/catalogue';
import { suiteFeature } from '../../../src/validate/feature';
import { readSuite } from '../../../src/validate/suite';
import { cursor, repoRoot } from '../../helpers';
import { covered, TestWorkspace } from '../../workspace';

const headers: Record<string, string[]> = { '/work/data/prices.csv': ['Date', 'Ticker', 'Close', 'Volume'] };
const feature = suiteFeature({ header: (file) => headers[file] });

function shown(files: Record<string, string>, uri: string): string[] {
  const ws = new TestWorkspace(files);
  return diagnoseFile(ws.file(uri), [feature], ws.context).map((d) => `${String(d.code)}: ${covered(files[uri], d)}: ${d.message}`);
}

const json0 = `{
  "expectation_suite_name": "prices",
  "expectations": [
    { "expectation_type": "expect_column_values_to_not_be_null", "kwargs": { "column": "Date" }, "meta": {} },
    { "expectation_type": "expect_column_values_to_be_between", "kwargs": { "column": "Volume", "min_value": 0, "mostly": 0.99 } }
  ],
  "meta": {}
}`;
const uri0 = 'file:///work/gx/expectations/prices.json';

describe('validate: expectation suites in the editor', () => {
  it('reads the 0.x and 1.x JSON shapes and the YAML form alike', () => {
    const zero = readSuite(json0)!;
    const one = readSuite(json0.replace('expectation_suite_name', 'name').replaceAll('expectation_type', 'type'))!;
    const yaml = readSuite('name: prices\nexpectations:\n  - type: expect_column_values_to_not_be_null\n    kwargs: {column: Date}\n  - type: expect_column_values_to_be_between\n    kwargs: {column: Volume, min_value: 0, mostly: 0.99}\n')!;
    assert.deepEqual([zero.shape, one.shape, yaml.shape], ['0.x', '1.x', '1.x']);
    for (const s of [zero, one, yaml]) {
      assert.equal(s.name, 'prices');
      assert.deepEqual(s.expectations.map((e) => [e.type, e.kwargs]), [['expect_column_values_to_not_be_null', { column: 'Date' }], ['expect_column_values_to_be_between', { column: 'Volume', min_value: 0, mostly: 0.99 }]]);
    }
  });

  it('a well-formed suite has no problem', () => {
    assert.deepEqual(shown({ [uri0]: json0 }, uri0), []);
  });

  it('an unknown type: "did you mean" on the type\'s text (inside its quotes) with a quick fix', () => {
    const text = json0.replace('expect_column_values_to_not_be_null', 'expect_column_values_to_not_be_nul');
    assert.deepEqual(shown({ [uri0]: text }, uri0), ['suite-expectation-type: expect_column_values_to_not_be_nul: unknown expectation type expect_column_values_to_not_be_nul: did you mean expect_column_values_to_not_be_null?']);
    const ws = new TestWorkspace({ [uri0]: text });
    const diagnostics = diagnoseFile(ws.file(uri0), [feature], ws.context);
    const [fix] = feature.codeActions!(ws.file(uri0), diagnostics[0].range, diagnostics, ws.context);
    assert.equal(fix.title, 'Replace with "expect_column_values_to_not_be_null"');
    assert.equal(fix.edit?.changes?.[uri0][0].newText, 'expect_column_values_to_not_be_null');
  });

  it('a GX type Archipel does not run is reported, never passed over', () => {
    const text = json0.replace('expect_column_values_to_not_be_null', 'expect_column_kl_divergence_to_be_less_than');
    assert.match(shown({ [uri0]: text }, uri0)[0], /^suite-expectation-type: .*is not supported by Archipel/);
  });

  it('kwargs: required, unknown (with a suggestion), unsupported, wrong type, mostly outside [0, 1], min above max', () => {
    const uri = 'file:///work/q/prices.expectations.yaml';
    const text = [
      'name: prices',
      'expectations:',
      '  - type: expect_column_values_to_be_in_set',
      '    kwargs: {column: Ticker}',
      '  - type: expect_column_values_to_be_between',
      '    kwargs: {column: Close, min_vlue: 0, max_value: 1}',
      '  - type: expect_column_values_to_not_be_null',
      '    kwargs: {column: Close, row_condition: "Close>0"}',
      '  - type: expect_column_value_lengths_to_equal',
      '    kwargs: {column: Ticker, value: "4"}',
      '  - type: expect_column_values_to_not_be_null',
      '    kwargs: {column: Close, mostly: 1.5}',
      '  - type: expect_column_values_to_be_between',
      '    kwargs: {column: Close, min_value: 10, max_value: 1}',
      '  - type: expect_column_values_to_be_between',
      '    kwargs: {column: Close}',
      // GX's vacuous forms: no bound on an aggregate, a null type_list; a suite parameter; GX 1.x's name.
      '  - type: expect_column_mean_to_be_between',
      '    kwargs: {column: Close}',
      '  - type: expect_column_values_to_be_in_type_list',
      '    kwargs: {column: Close, type_list: null}',
      '  - type: expect_column_max_to_be_between',
      '    kwargs: {column: Close, max_value: {$PARAMETER: "upstream * 2"}}',
      '  - type: expect_column_pair_values_a_to_be_greater_than_b',
      '    kwargs: {column_A: Close, column_B: Close}',
      // One mistake, one diagnostic: a misspelt column; an empty column says so.
      '  - type: expect_column_values_to_not_be_null',
      '    kwargs: {colum: Close}',
      '  - type: expect_column_values_to_not_be_null',
      '    kwargs: {column: }',
      '',
    ].join('\n');
    assert.deepEqual(shown({ [uri]: text }, uri), [
      'suite-kwargs: {column: Ticker}: expect_column_values_to_be_in_set needs the keyword argument value_set',
      'suite-kwargs: min_vlue: unknown keyword argument min_vlue of expect_column_values_to_be_between: did you mean min_value?',
      'suite-kwargs: row_condition: row_condition is not supported by Archipel: this expectation would not be run as written',
      'suite-kwargs: 4: value must be an integer',
      'suite-kwargs: 1.5: mostly must be between 0 and 1 (the share of values that must meet the expectation)',
      'suite-kwargs: 10: min_value 10 is above max_value 1: no value can meet this expectation',
      'suite-kwargs: {column: Close}: give min_value, max_value or both (GX refuses both left out)',
      'suite-kwargs: colum: unknown keyword argument colum of expect_column_values_to_not_be_null: did you mean column?',
      'suite-kwargs: column: column is empty: it needs a column name',
    ]);
  });

  it('columns are checked against the bound file\'s header: by data:, or by the dvc.yaml stage that validates the suite', () => {
    const byData = 'name: p\ndata: ../data/prices.csv\nexpectations:\n  - type: expect_column_values_to_not_be_null\n    kwargs: {column: Volum}\n';
    const uri = 'file:///work/quality/prices.expectations.yaml';
    assert.deepEqual(shown({ [uri]: byData }, uri), ['suite-column: Volum: column Volum is not in prices.csv: did you mean Volume?']);
    const unbound = byData.replace('data: ../data/prices.csv\n', '');
    assert.deepEqual(shown({ [uri]: unbound }, uri), []);
    const dvc = 'stages:\n  validate:\n    cmd: archipel validate data/prices.csv --suite quality/prices.expectations.yaml\n';
    assert.deepEqual(shown({ [uri]: unbound, 'file:///work/dvc.yaml': dvc }, uri), ['suite-column: Volum: column Volum is not in prices.csv: did you mean Volume?']);
  });

  it('completes expectation types, kwargs not yet given, and the bound file\'s columns', () => {
    const uri = 'file:///work/quality/prices.expectations.yaml';
    const complete = (marked: string): CompletionItem[] => {
      const ws = new TestWorkspace({});
      const { text, offset } = cursor(marked);
      ws.update(uri, text);
      return feature.completion!(ws.file(uri), offset, ws.context);
    };
    const types = complete('name: p\nexpectations:\n  - type: expect_column_values_to_be_b|\n');
    assert.ok(types.some((c) => c.label === 'expect_column_values_to_be_between'));
    const kwargs = complete('name: p\nexpectations:\n  - type: expect_column_values_to_be_between\n    kwargs:\n      column: Close\n      |\n');
    assert.deepEqual(kwargs.slice(0, 3).map((c) => c.label).sort(), ['max_value', 'min_value', 'strict_min']);
    assert.ok(!kwargs.some((c) => c.label === 'column'));
    const columns = complete('name: p\ndata: ../data/prices.csv\nexpectations:\n  - type: expect_column_values_to_not_be_null\n    kwargs:\n      column: |\n');
    assert.deepEqual(columns.map((c) => c.label), ['Date', 'Ticker', 'Close', 'Volume']);
  });

  it('hover explains the expectation in one sentence', () => {
    const ws = new TestWorkspace({ [uri0]: json0 });
    const hover = feature.hover!(ws.file(uri0), json0.indexOf('expect_column_values_to_be_between') + 5, ws.context);
    assert.match((hover?.contents as { value: string }).value, /^\*\*expect_column_values_to_be_between\*\* — Each non-null value lies between min_value and max_value/);
  });

  it('schemas/validate/expectation-suite.schema.json offers the catalogue\'s types and accepts the example\'s suite and both JSON shapes', () => {
    const schema = JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'validate', 'expectation-suite.schema.json'), 'utf8')) as { properties: { expectations: { items: { anyOf: { properties: Record<string, { examples?: string[] }> }[] } } } };
    const [zero, one] = schema.properties.expectations.items.anyOf;
    assert.deepEqual(zero.properties.expectation_type.examples, EXPECTATIONS.map((e) => e.type));
    assert.deepEqual(one.properties.type.examples, EXPECTATIONS.map((e) => e.type));
    const validate = new Ajv({ strict: false }).compile(schema);
    const yaml: unknown = parse(readFileSync(path.join(repoRoot, 'examples', 'portfolio', 'quality', 'prices.expectations.yaml'), 'utf8'));
    for (const suite of [yaml, JSON.parse(json0) as unknown]) assert.ok(validate(suite), JSON.stringify(validate.errors));
  });
});
