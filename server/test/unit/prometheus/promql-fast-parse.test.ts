import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import * as lezerTerms from '@prometheus-io/lezer-promql';
import fc from 'fast-check';
import { parseAllDocuments } from 'yaml';
import type { Diagnostic } from 'vscode-languageserver-types';
import { composeFace } from '../../../src/compose/api';
import { currentLanguage, setLanguage } from '../../../src/l10n/t';
import { isDirectlyRead, metricReferences, outputLabels, type LabelSet } from '../../../src/promql/analysis';
import { fastParse } from '../../../src/promql/fastParse';
import { functionSignature } from '../../../src/promql/functions';
import { expressionNode, fastPath, forgetParsedExpressions, parsePromQL, promql, type PromQLExpression, type SyntaxNode } from '../../../src/promql/parse';
import { prometheusFeature } from '../../../src/prometheus/feature';
import { forgetRuleSummaries } from '../../../src/prometheus/ruleResults';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { fixturesDir } from '../../helpers';

/**
 * promql/fastParse.ts against the Lezer path (parse.ts with the fast path off): wherever the fast
 * reader answers, the expression has no problem, its tree is Lezer's node for node (names and spans),
 * and what the rule checks read from it (selectors, references, output labels, direct reads) is the
 * same; wherever it declines, parsePromQL gives the Lezer path's problems. Every expression of the
 * Prometheus corpora, Prometheus's parser cases, generated expressions and mutations of all of them.
 */

const root = path.join(fixturesDir, 'oss', 'prometheus');

function yamlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    return entry.isDirectory() ? yamlFiles(full) : /\.ya?ml$/.test(entry.name) ? [full] : [];
  });
}

/** Every `expr` string of the fixtures' YAML (rule files, rule tests), in file order. */
function corpusExpressions(): string[] {
  const found: string[] = [];
  const visit = (value: unknown): void => {
    if (Array.isArray(value)) value.forEach(visit);
    else if (value instanceof Map) {
      for (const [key, inner] of value as Map<unknown, unknown>) {
        if ((key === 'expr' || key === 'expression') && typeof inner === 'string') found.push(inner);
        else visit(inner);
      }
    }
  };
  for (const file of yamlFiles(root)) {
    for (const document of parseAllDocuments(readFileSync(file, 'utf8'))) {
      try {
        visit(document.toJS({ maxAliasCount: 100, mapAsMap: true }));
      } catch {
        // A fixture that is not valid YAML: its expressions are not collected.
      }
    }
  }
  return found;
}

function parserCases(): string[] {
  const read = (name: string) => (JSON.parse(readFileSync(path.join(root, name), 'utf8')) as { input: string }[]).map((c) => c.input);
  return [...read('promql-parser-cases.json'), ...read('promql-parser-errors.json')];
}

interface Shape {
  name: string;
  from: number;
  to: number;
  children: Shape[];
}

function shape(node: SyntaxNode): Shape {
  const children: Shape[] = [];
  for (let c = node.firstChild; c; c = c.nextSibling) {
    assert.equal(c.parent?.from, node.from);
    children.push(shape(c));
  }
  return { name: node.name, from: node.from, to: node.to, children };
}

function labels(set: LabelSet): unknown {
  return set.kind === 'only' ? { only: [...set.labels].sort() } : { except: [...set.except].sort() };
}

function read(text: string, syntaxOnly: boolean, fast: boolean): PromQLExpression {
  fastPath.enabled = fast;
  forgetParsedExpressions();
  try {
    return parsePromQL(text, syntaxOnly);
  } finally {
    fastPath.enabled = true;
    forgetParsedExpressions();
  }
}

let answered = 0;
let compared = 0;

/** The fast path's reading of `text` equals the Lezer path's (see the top of the file). */
function assertSame(text: string): void {
  compared++;
  for (const syntaxOnly of [false, true]) {
    const lezer = read(text, syntaxOnly, false);
    const fast = read(text, syntaxOnly, true);
    assert.deepEqual(fast.problems, lezer.problems, `problems of ${JSON.stringify(text)}`);
    if (!fast.fast) continue;
    if (!syntaxOnly) answered++;
    assert.deepEqual(lezer.problems, [], JSON.stringify(text));
    assert.deepEqual(shape(fast.fast), shape(lezer.tree.topNode.firstChild!), `tree of ${JSON.stringify(text)}`);
    // Comments before or after the expression are its siblings under Lezer's top node.
    if (fast.fast.parent) assert.deepEqual(shape(fast.fast.parent), shape(lezer.tree.topNode), `top of ${JSON.stringify(text)}`);
    else assert.equal(lezer.tree.topNode.firstChild?.nextSibling ?? null, null, `top of ${JSON.stringify(text)}`);
    assert.deepEqual(shape(fast.tree.topNode), shape(lezer.tree.topNode), `lazy tree of ${JSON.stringify(text)}`);
    assert.deepEqual((fast.selectors ?? []).map((s) => [s.from, s.to]), (lezer.selectors ?? []).map((s) => [s.from, s.to]));
    const references = metricReferences(fast);
    assert.deepEqual(references, metricReferences(lezer), `references of ${JSON.stringify(text)}`);
    assert.deepEqual(labels(outputLabels(expressionNode(fast), text)), labels(outputLabels(expressionNode(lezer), text)), `labels of ${JSON.stringify(text)}`);
    for (const reference of references) assert.equal(isDirectlyRead(fast, reference), isDirectlyRead(lezer, reference), `direct read of ${reference.name} in ${JSON.stringify(text)}`);
  }
}

/** Pieces of rule expressions: what the fast reader reads, what it declines, and what breaks both. */
const metrics = ['up', 'node_cpu_seconds_total', 'job:rate5m:sum', 'http_requests_total{job="api",code=~"5.."}', 'x{a!="b",c!~"d|e",}', 'x{}', 'sum', 'rate', 'offset', 'on', 'Sum', 'x{__name__="y"}', '{job="a"}', 'x{a="\\n"}', 'x{"a"="b"}', 'x{a=`b`}', 'foo:bar{le="+Inf"}', 'time', 'go_gc{quantile="1"}', 'x{on="a",by="b",offset="c",sum="d",rate="e",bool="f"}', 'constructor', '__proto__', 'toString', 'x{__proto__="a"}', 'Inf', 'NaN', 'sum_x', 'rate:x', '{__name__=~"a.+"}', '{__name__=~".*"}', '{a=""}', '{a!=""}', '{a!="",b="c"}', 'x{a=~`.*`}', 'x{a!~``}', '{__name__=~`a.+`}', '{a=``}', 'x{a=`"`}', 'label_replace(x, "a", `$1`, "b", `(.*)`)', '{__name__=~"a",__name__!="b"}', '{a=~"("}', '{a!~".*"}', '{}', '{ a = "b" , }'];
const ranges = ['[5m]', '[1h30m]', '[0s]', '[5m:1m]', '[1h:]', '[1h:0s]', '[ 1h : 5m ]', '[1m5h]', '[30]', '[1d]', '[ 5m ]', '[5M]', '[5ms]'];
const functions = ['rate', 'irate', 'increase', 'abs', 'absent', 'absent_over_time', 'histogram_quantile', 'label_replace', 'label_join', 'round', 'clamp_min', 'time', 'vector', 'scalar', 'day_of_week', 'predict_linear', 'quantile_over_time', 'sort_by_label', 'info', 'pi', 'cosh', 'Rate', 'nosuch'];
const aggregations = ['sum', 'avg', 'count', 'max', 'min', 'topk', 'bottomk', 'quantile', 'count_values', 'group', 'stddev', 'limitk', 'limit_ratio', 'SUM'];
const binaries = ['+', '-', '*', '/', '%', '^', '==', '!=', '>', '<', '>=', '<=', 'and', 'or', 'unless', 'atan2', '>/', 'AND'];
const modifiers = ['', '', '', ' bool', ' on(job)', ' ignoring(instance)', ' on(a) group_left', ' on(a) group_left(b)', ' on(a) group_right(a)', ' bool on(x)', ' ignoring() group_left ', ' fill(0)', ' on (a,)', ' ON(a) GROUP_LEFT(b)', ' BOOL', ' on(offset) group_right(by)', ' on() group_left()'];

const expression: fc.Arbitrary<string> = fc.letrec<{ expr: string }>((tie) => ({
  expr: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...metrics),
    fc.constantFrom('1', '0.5', '.5', '100', '1e3', '4e+09', '1E-3', '1e', '1.5e3x', '1_000', '0x1f', 'inf', '"str"', "'s'", '5m', '-1', '- 1', '+1', '-0.05', '-.5', '-1e3', '+ 2', '-inf', '-0x1f', '--1', '-x', '-(1)', '- -1'),
    // A sign before any expression: Lezer reads a signed number as a literal or as a UnaryExpr by what follows it.
    fc.tuple(fc.constantFrom('-', '+', '- ', '-\n'), tie('expr')).map(([sign, e]) => sign + e),
    fc.tuple(fc.constantFrom(...metrics), fc.constantFrom(...ranges)).map(([m, r]) => m + r),
    fc.tuple(fc.constantFrom(...functions), fc.array(tie('expr'), { maxLength: 3 })).map(([f, a]) => `${f}(${a.join(', ')})`),
    fc.tuple(fc.constantFrom(...functions), fc.constantFrom(...metrics), fc.constantFrom(...ranges), fc.constantFrom('', ' ', '\n  ')).map(([f, m, r, s]) => `${f}${s}(${m}${s}${r})`),
    fc.tuple(fc.constantFrom(...aggregations), fc.array(tie('expr'), { minLength: 0, maxLength: 2 }), fc.constantFrom('', ' by (job)', ' without (a, b)', ' by ()', ' BY (x)', ' by (group, on, sum)', ' without (bool,)', ' by (constructor)'), fc.boolean()).map(([a, args, m, before]) => (before ? `${a}${m} (${args.join(', ')})` : `${a}(${args.join(', ')})${m}`)),
    fc.tuple(tie('expr'), fc.constantFrom(...binaries), fc.constantFrom(...modifiers), tie('expr')).map(([l, o, m, r]) => `${l} ${o}${m} ${r}`),
    tie('expr').map((e) => `(${e})`),
    fc.tuple(tie('expr'), fc.constantFrom('[1h:5m]', '[30m:]', '[5m]')).map(([e, r]) => e + r),
    fc.tuple(tie('expr'), fc.constantFrom(' offset 5m', ' offset 1h30m', ' offset -5m', ' @ 100', ' offset 0s', ' OFFSET 1d')).map(([e, o]) => e + o),
  ),
})).expr;

/** `#` comments, as rule files write them: on lines of their own, or at the end of a line. */
const comments = ['# c\n', '  # Non-HA clusters.\n', ' # c\n', '#\n', '# a # b\n', '# c\r\n', ' # c'];
/** An expression with comments put between its characters (in tokens and strings too: both paths must agree there as well). */
const commented: fc.Arbitrary<string> = fc
  .tuple(expression, fc.array(fc.tuple(fc.nat(400), fc.constantFrom(...comments)), { minLength: 1, maxLength: 3 }), fc.constantFrom('', '# lead\n', '# a\n# b\n  ', '\n# lead\n'), fc.constantFrom('', '\n# trail', ' # trail\n', '\n'))
  .map(([text, inserts, lead, trail]) => lead + inserts.reduce((t, [at, c]) => t.slice(0, at % (t.length + 1)) + c + t.slice(at % (t.length + 1)), text) + trail);
/** Comments between tokens: after some of an expression's spaces, brackets and commas. */
const betweenTokens: fc.Arbitrary<string> = fc
  .tuple(expression, fc.integer({ min: 1, max: 0x7fffffff }), fc.constantFrom(...comments))
  .map(([text, bits, c]) => text.replace(/[ (,{[]/g, (m: string, at: number) => ((bits >> (at % 31)) & 1 ? m + c : m)));

/** An edit of an expression: characters deleted, inserted or replaced, a cut, a doubled span. */
function mutate(text: string, kind: number, at: number, length: number, insert: string): string {
  const i = text.length === 0 ? 0 : at % (text.length + 1);
  switch (kind) {
    case 0:
      return text.slice(0, i) + text.slice(i + length);
    case 1:
      return text.slice(0, i) + insert + text.slice(i);
    case 2:
      return text.slice(0, i) + insert + text.slice(i + length);
    case 3:
      return text.slice(0, i);
    default:
      return text.slice(0, i) + text.slice(i, i + length) + text.slice(i);
  }
}
const inserted = fc.constantFrom('(', ')', '[', ']', '{', '}', ',', '"', "'", '`', '\\', ' ', '\n', '#', ':', '=', '~', '!', '@', '-', '+', '*', '5m', 'offset', 'by', 'bool', 'on(x)', 'sum(', 'x', '1', '.', 'é', '\t');
const mutation = fc.tuple(fc.nat(4), fc.nat(400), fc.integer({ min: 1, max: 6 }), inserted);

describe('PromQL fast path (promql/fastParse.ts) against Lezer and the checker', () => {
  afterEach(() => {
    fastPath.enabled = true;
    forgetParsedExpressions();
  });

  it("holds the checker's table of functions, and Lezer's node name of each", () => {
    const vendor = promql();
    const terms: Record<string, unknown> = { ...lezerTerms };
    let count = 0;
    for (const [term, id] of Object.entries(terms)) {
      if (typeof id !== 'number') continue;
      let fn: ReturnType<typeof vendor.getFunction> | undefined;
      try {
        fn = vendor.getFunction(id);
      } catch {
        fn = undefined;
      }
      if (!fn?.name) continue;
      count++;
      const signature = functionSignature(fn.name.toLowerCase());
      assert.deepEqual(signature && { ...signature, argTypes: [...signature.argTypes] }, { name: fn.name, argTypes: [...fn.argTypes], variadic: fn.variadic, returnType: fn.returnType }, term);
      // The grammar's node of the function (aliases of one function name excepted).
      if (term !== 'TsOfMaxFirstTime') assert.equal(fastParse(`${fn.name.toLowerCase()}()`)?.top.firstChild?.firstChild?.name ?? term, term);
    }
    assert.ok(count >= 80, `${count} functions`);
  });

  it('reads every corpus expression and parser case as the Lezer path does, and answers for most of the corpus', function () {
    this.timeout(300_000);
    const corpus = corpusExpressions();
    assert.ok(corpus.length >= 1000, `${corpus.length} expressions`);
    answered = 0;
    for (const text of corpus) assertSame(text);
    const share = answered / corpus.length;
    assert.ok(share >= 0.8, `the fast path answers ${answered} of ${corpus.length}`);
    for (const text of parserCases()) assertSame(text);
  });

  it('reads generated expressions as the Lezer path does', function () {
    this.timeout(300_000);
    answered = 0;
    fc.assert(fc.property(expression, (text) => assertSame(text)), { numRuns: 3000 });
    // Enough of them are read by the fast path for the comparison to mean something.
    assert.ok(answered >= 300, `the fast path answers ${answered} of 3,000`);
  });

  it('reads mutations of corpus and generated expressions (edits, cuts, syntax errors) as the Lezer path does', function () {
    this.timeout(300_000);
    const corpus = corpusExpressions();
    answered = 0;
    fc.assert(fc.property(fc.constantFrom(...corpus), fc.array(mutation, { minLength: 1, maxLength: 3 }), (text, edits) => assertSame(edits.reduce((t, [k, a, l, s]) => mutate(t, k, a, l, s), text))), { numRuns: 4000 });
    fc.assert(fc.property(expression, fc.array(mutation, { minLength: 1, maxLength: 2 }), (text, edits) => assertSame(edits.reduce((t, [k, a, l, s]) => mutate(t, k, a, l, s), text))), { numRuns: 2000 });
    assert.ok(answered >= 300, `the fast path answers ${answered} of 6,000`);
  });

  it('reads `#` comments where Lezer places them: in the smallest node holding both neighbours, or beside the expression', function () {
    this.timeout(300_000);
    const cases = ['x # comment', '# c\nx', '# a\n# b\nsum(x) > 1', 'x\n# c\n> 1', 'x > 1 # c\nand y', 'sum(\n # c\n x)', 'x{# c\na="b"}', 'sum by (a # c\n) (x)', 'rate(x # c\n[5m])', 'x offset # c\n5m', '(\n  # c\n  x\n)\nor\n# d\n(y)', 'x and # c\r\n y', 'x # a\n # b\n > 1'];
    for (const text of cases) {
      assert.notEqual(fastParse(text), undefined, text);
      assertSame(text);
    }
    // Inside a range's or subquery's brackets a comment is an error of Prometheus's lexer: left to Lezer and parse.ts.
    for (const text of ['rate(x[5m # c\n])', 'rate(x[# c\n5m])', 'max_over_time(x[1h: # c\n5m])']) {
      assert.equal(fastParse(text), undefined, text);
      assertSame(text);
    }
    answered = 0;
    fc.assert(fc.property(commented, (text) => assertSame(text)), { numRuns: 2000 });
    fc.assert(fc.property(betweenTokens, (text) => assertSame(text)), { numRuns: 3000 });
    // Enough of them are read by the fast path for the comparison to mean something.
    assert.ok(answered >= 250, `the fast path answers ${answered} of 5,000`);
  });

  it('declines what it does not read: deep nesting, long chains, escapes', () => {
    for (const text of ['('.repeat(200) + 'x' + ')'.repeat(200), Array.from({ length: 300 }, () => 'x').join(' + '), 'x{a="\\""}', 'x{a=`b\\c`}', 'x{a=`b\nc`}', 'sum(x) by (a) @ 100']) {
      assert.equal(fastParse(text), undefined, text);
      assertSame(text);
    }
    assert.ok(compared > 0);
  });

  it('reads a sign before a number as Lezer does: a literal at the end, a UnaryExpr before another operator, `)` or `,`', () => {
    const read = ['x > -1', 'x > - 1', 'x>-1', 'x > -1 ', 'x > -1\n', 'x - -1', '-1', '+1', 'x > -.5', 'x > -1e3', 'x < -0.05 and y', '(x < -0.05)', '(x > 0.05 and y) or (x < -0.05 and deriv(x[5m]) <= 0)', 'x > +1 and y', 'x > -1 unless y', 'x > -1 >= 2', 'x > -1 == bool 2', '-1 + 2', '- 1 + 2', '-1 * 2', 'x > -1 * 2', '(-1)', 'round(x, -1)', 'clamp(x, -1, 1)', 'x > -1 and on(a) y', 'topk(-1, x)'];
    for (const text of read) {
      assert.notEqual(fastParse(text), undefined, text);
      assertSame(text);
    }
    // Left to Lezer: a sign before anything but a number, after `^`, or before `^`, `atan2`, a range, `offset`, `@`, a comment.
    for (const text of ['-x', 'x * -y', 'x > -1 ^ 2', 'x ^ -1', 'x ^ -1 + 2', 'x > -1 atan2 y', 'x > -inf', 'x > -1 offset 5m', 'x > -1[5m:]', 'x > -1 @ 100', 'x > -1 # c', '--1', '- -1 + 2', 'x > -(1)']) {
      assert.equal(fastParse(text), undefined, text);
      assertSame(text);
    }
  });

  it('reads a backquoted string without `\\` or a line break (kube-prometheus: integration=~`.*`)', () => {
    for (const text of ['x{a=`b`}', 'x{integration!~`.*`} > 0', 'rate(x{a!~``}[5m])', 'label_replace(x, "a", `$1`, "b", `(.*)`)']) {
      assert.notEqual(fastParse(text), undefined, text);
      assertSame(text);
    }
  });

  it('reads a subquery with a step (`[6h:5m]`)', () => {
    for (const text of ['rate(x[5m:1m])', 'max_over_time(x[1h:])', 'predict_linear(x[6h:5m], 4 * 24 * 3600) < 0', 'max_over_time(sum(x)[30m:1m])']) {
      assert.notEqual(fastParse(text), undefined, text);
      assertSame(text);
    }
  });

  it("gives the corpora's findings with and without the fast path, in English and in French", function () {
    this.timeout(300_000);
    const diagnoseAll = (): Map<string, Diagnostic[]> => {
      forgetRuleSummaries();
      forgetParsedExpressions();
      const index = new WorkspaceIndex(indexOptions(defaultSettings));
      const files = yamlFiles(path.join(root, 'corpus'));
      const uri = (file: string) => `file:///corpus/${path.relative(root, file).split(path.sep).join('/')}`;
      for (const file of files) index.update(uri(file), readFileSync(file, 'utf8'));
      const context = { index, settings: defaultSettings, isCancelled: () => false };
      return new Map(files.map((file) => [file, diagnoseFile(index.get(uri(file))!, [prometheusFeature({ compose: composeFace })], context)]));
    };
    const language = currentLanguage();
    try {
      for (const lang of ['en', 'fr'] as const) {
        setLanguage(lang);
        fastPath.enabled = false;
        const lezer = diagnoseAll();
        fastPath.enabled = true;
        const fast = diagnoseAll();
        assert.ok([...lezer.values()].some((list) => list.length > 0));
        assert.deepEqual(fast, lezer, lang);
      }
    } finally {
      setLanguage(language);
      forgetRuleSummaries();
      forgetParsedExpressions();
    }
  });
});
