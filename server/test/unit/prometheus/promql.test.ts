import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { outputLabels, surelyAbsent } from '../../../src/promql/analysis';
import { parsePromQL } from '../../../src/promql/parse';
import type * as Vendor from '../../../src/promql/vendor.lazy';
import { fixturesDir, repoRoot } from '../../helpers';

interface ParserCase {
  input: string;
  fail: boolean;
  error?: string;
}

/**
 * Where Archipel's reading (the grammar and checker of Prometheus's UI, plus the parser checks
 * added in promql/parse.ts) and Prometheus's Go parser disagree on one of its own test inputs.
 * Each is an expression nobody writes in a rule: number literals ending in a dot, a metric named
 * `offset`, out-of-range numbers, escapes and UTF-8 validity in strings, arithmetic on durations.
 */
const knownDifferences = new Set([
  '5.',
  'offset{step="1s"}[5m]',
  'foo @ 3.',
  '9'.repeat(309),
  'foo @ +Inf',
  'foo @ -Inf',
  'foo @ NaN',
  'some_metric{a="\u00ff"}',
  'foo[-1]',
  'label_replace(a, `b`, `c\u00ff`, `d`, `.*`)',
  'info(http_request_counter_total{namespace="zzz"}, {foo="bar"} == 1)',
  'foo[step()/0d]',
  'foo[5s/0d]',
  'foo offset (4d/0)',
  'foo[5s%0d]',
  'foo offset 9.5e10',
  'foo[9.5e10]',
]);

interface ParserError {
  input: string;
  start: number;
  end: number;
  message: string;
}

/**
 * Prometheus's error cases (parse_test.go) whose first error Archipel words or places otherwise, each
 * with why: checks of Prometheus's parser that neither the UI's grammar nor its checker makes.
 */
const wordedOtherwise = new Map([
  ['9'.repeat(309), 'a number out of float64 range: read as +Inf, not rejected'],
  ['-test[5m]', 'the range on a selector under a unary minus: reported as a range on a non-selector, at the range'],
  ['foo @ +Inf', 'the value of an @ timestamp is not checked'],
  ['foo @ -Inf', 'the value of an @ timestamp is not checked'],
  ['foo @ NaN', 'the value of an @ timestamp is not checked'],
  ['foo[-1]', 'a negative number as a range: not rejected'],
  ['topk(some_metric)', "the checker reports the parameter's type where Prometheus counts the arguments"],
  ['info(rate(http_request_counter_total{}[5m]), target_info{foo="bar"})', "info()'s second argument: the checker's own wording"],
  ['info(http_request_counter_total{namespace="zzz"}, {foo="bar"} == 1)', "info()'s second argument: not checked"],
  ['foo[step()/0d]', 'arithmetic on durations is not evaluated'],
  ['foo[5s/0d]', 'arithmetic on durations is not evaluated'],
  ['foo offset (4d/0)', 'arithmetic on durations is not evaluated'],
  ['foo[5s%0d]', 'arithmetic on durations is not evaluated'],
  ['foo offset 9.5e10', 'a duration beyond int64 nanoseconds is not rejected'],
  ['foo[9.5e10]', 'a duration beyond int64 nanoseconds is not rejected'],
]);

describe('PromQL', () => {
  it("gives Prometheus's first error, worded and placed as its parser does, on its own error cases (parse_test.go, Apache-2.0)", () => {
    const cases = JSON.parse(readFileSync(path.join(fixturesDir, 'oss', 'prometheus', 'promql-parser-errors.json'), 'utf8')) as ParserError[];
    assert.equal(cases.length, 143);
    const differences: string[] = [];
    for (const c of cases) {
      const first = parsePromQL(c.input).problems[0];
      if (first?.message !== c.message || first.from !== c.start) differences.push(c.input);
    }
    assert.deepEqual(differences, [...wordedOtherwise.keys()]);
    assert.equal(cases.length - differences.length, 128);
  });

  it("agrees with Prometheus's parser on its own test expressions (promql/parser/parse_test.go, Apache-2.0)", () => {
    const cases = JSON.parse(readFileSync(path.join(fixturesDir, 'oss', 'prometheus', 'promql-parser-cases.json'), 'utf8')) as ParserCase[];
    assert.ok(cases.length > 300);
    const disagreements: string[] = [];
    for (const c of cases) {
      const rejected = parsePromQL(c.input).problems.length > 0;
      if (rejected !== c.fail && !knownDifferences.has(c.input)) disagreements.push(`${JSON.stringify(c.input)}: Prometheus ${c.fail ? 'rejects' : 'accepts'} it`);
    }
    assert.deepEqual(disagreements, []);
  });

  it("the built promql bundle, without CodeMirror's editor (promql/editorShim.ts), reads and checks as the packages do", () => {
    const bundle = path.join(repoRoot, 'dist', 'server', 'lazy', 'promql-vendor.js');
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the built bundle, beside the packages' own modules
    const built = require(bundle) as typeof Vendor;
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- the packages, with CodeMirror's language and autocompletion
    const packages = require('../../../src/promql/vendor.lazy') as typeof Vendor;
    const sources = (JSON.parse(readFileSync(`${bundle}.map`, 'utf8')) as { sources: string[] }).sources;
    assert.deepEqual(sources.filter((source) => source.includes('@codemirror/')), []);
    // Prometheus's test expressions and error cases (349 and 143), valid and not.
    const inputs = [
      ...(JSON.parse(readFileSync(path.join(fixturesDir, 'oss', 'prometheus', 'promql-parser-cases.json'), 'utf8')) as ParserCase[]),
      ...(JSON.parse(readFileSync(path.join(fixturesDir, 'oss', 'prometheus', 'promql-parser-errors.json'), 'utf8')) as ParserError[]),
    ].map((c) => c.input);
    const read = (vendor: typeof Vendor, text: string) => {
      const tree = vendor.parser.parse(text);
      const checker = new vendor.PromQLChecker({ field: () => ({ tree }), sliceDoc: (from: number, to: number) => text.slice(from, to) } as unknown as ConstructorParameters<typeof vendor.PromQLChecker>[0]);
      checker.analyze();
      return { tree: tree.toString(), diagnostics: checker.getDiagnostics().map(({ from, to, severity, message }) => ({ from, to, severity, message })) };
    };
    assert.equal(inputs.length, 492);
    for (const input of inputs) assert.deepEqual(read(built, input), read(packages, input), input);
    const terms = (vendor: typeof Vendor) => [...vendor.functionIdentifierTerms, ...vendor.aggregateOpTerms].map(({ label, detail, info, type }) => ({ label, detail, info, type }));
    assert.deepEqual(terms(built), terms(packages));
  });

  it("reports Prometheus's messages for types, arity, set operators and modifiers", () => {
    const messages = (text: string) => parsePromQL(text).problems.map((p) => `${p.from}-${p.to} ${p.message}`);
    assert.deepEqual(messages('rate(some_metric)'), ['5-16 expected type range vector in call to function "rate", got instant vector']);
    assert.deepEqual(messages('1 offset 1d'), ['0-11 offset modifier must be preceded by an instant vector selector or range vector selector or a subquery']);
    assert.deepEqual(messages('foo offset 1s offset 2s'), ['0-23 offset may not be set multiple times']);
    assert.deepEqual(messages('foo and 1'), ['0-9 set operator "and" not allowed in binary scalar expression']);
    assert.deepEqual(messages('sum(rate(x[5m])'), ['15-15 unclosed left parenthesis']);
    assert.deepEqual(messages('some_metric OFFSET 1m[5m]'), ['21-25 no offset modifiers allowed before range']);
    assert.deepEqual(messages('{x=~".*"}'), ['0-9 vector selector must contain at least one non-empty matcher']);
    assert.deepEqual(messages('   '), ['0-3 no expression found in input']);
    // A comment before the expression (its top's first child) hides nothing: promtool reports the same error.
    assert.deepEqual(messages('# why\nrate(some_metric)'), ['11-22 expected type range vector in call to function "rate", got instant vector']);
    assert.deepEqual(messages('# why\n# and how\nfoo and 1'), ['16-25 set operator "and" not allowed in binary scalar expression']);
  });

  it('infers the labels an expression keeps', () => {
    const absent = (expr: string, label: string) => {
      const parsed = parsePromQL(expr);
      return surelyAbsent(outputLabels(parsed.tree.topNode, expr), label);
    };
    assert.equal(absent('sum by (job) (x)', 'instance'), true);
    assert.equal(absent('sum by (job) (x)', 'job'), false);
    assert.equal(absent('sum without (instance) (x)', 'instance'), true);
    assert.equal(absent('sum without (instance) (x)', 'pod'), false);
    assert.equal(absent('rate(x[5m])', '__name__'), true);
    assert.equal(absent('x > 1', '__name__'), false);
    assert.equal(absent('topk(3, x)', 'pod'), false);
    assert.equal(absent('count_values("version", build_info)', 'version'), false);
    assert.equal(absent('label_replace(sum(x), "dst", "$1", "src", "(.*)")', 'dst'), false);
    assert.equal(absent('histogram_quantile(0.9, sum by (le, job) (rate(x_bucket[5m])))', 'le'), true);
    assert.equal(absent('a / on(job) b', 'instance'), true);
    assert.equal(absent('a / ignoring(instance) b', 'instance'), true);
    assert.equal(absent('a * on(job) group_left(team) b', 'team'), false);
    assert.equal(absent('vector(1)', 'job'), true);
    // Past the comments before an expression or inside its parentheses.
    assert.equal(absent('# why\nsum by (job) (x)', 'instance'), true);
    assert.equal(absent('(\n  # why\n  sum by (job) (x)\n)', 'instance'), true);
  });
});
