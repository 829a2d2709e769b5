import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CelProblem, celSyntaxError, evaluateCel, fromCel, toCel } from '../../../src/policy/checks/cel';
import { markOptionalSyntax } from '../../../src/policy/cel/optionalSyntax';
import { fixturesDir } from '../../helpers';

/**
 * CEL's optional types lowered onto @bufbuild/cel (policy/cel/), run against cel-spec's own conformance cases
 * (fixtures/oss/cel-spec/optionals.textproto, google/cel-spec, Apache-2.0: SOURCES.md beside it).
 */
interface Case {
  readonly name: string;
  readonly expr: string;
  readonly container: boolean;
  readonly expected: { readonly value: unknown } | { readonly error: string } | { readonly structured: true };
}

/** A textproto string literal's content (its escapes `\"`, `\'`, `\\`). */
const unquote = (text: string): string => text.replace(/\\(["'\\])/g, '$1');

function cases(): Case[] {
  const text = readFileSync(path.join(fixturesDir, 'oss', 'cel-spec', 'optionals.textproto'), 'utf8');
  return text
    .split(/\n {2}test \{/)
    .slice(1)
    .map((block) => {
      const name = /name: "([^"]*)"/.exec(block)?.[1] ?? '';
      const expr = unquote(/expr: "((?:[^"\\]|\\.)*)"/.exec(block)?.[1] ?? '');
      const scalar = /value: \{\s*(bool_value|int64_value|string_value|double_value): ("(?:[^"\\]|\\.)*"|[^\s}]+)/.exec(block);
      const error = /errors: \{ message: "([^"]*)"/.exec(block);
      let expected: Case['expected'] = { structured: true };
      if (error) expected = { error: error[1] ?? '' };
      else if (scalar) {
        const [, kind, raw = ''] = scalar;
        expected = { value: kind === 'bool_value' ? raw === 'true' : kind === 'string_value' ? unquote(raw.slice(1, -1)) : Number(raw) };
      }
      return { name, expr, container: block.includes('container:'), expected };
    });
}

/** The forms not covered: optional entries of list and map literals (the `type` case, `optional_type`, is not either). */
const NOT_EVALUATED = [
  'optional_chaining_12',
  'optional_chaining_13',
  'optional_chaining_14',
  'optional_chaining_15',
  'optional_chaining_16',
  'map_optional_entry_has',
];

describe('policy: CEL optional types (cel-spec conformance)', () => {
  const all = cases();

  it('every case of optionals.textproto without protobuf messages evaluates as cel-spec says, the literal entries said not evaluated', () => {
    assert.equal(all.length, 70);
    // Protobuf messages (TestAllTypes) are outside the policies' world: Kubernetes objects are maps.
    const messages = all.filter((item) => item.container).map((item) => item.name);
    assert.equal(messages.length, 11);
    const evaluated = all.filter((item) => !item.container && !NOT_EVALUATED.includes(item.name) && item.name !== 'type');
    assert.equal(evaluated.length, 52);
    for (const item of evaluated) {
      const { expected } = item;
      if ('error' in expected) {
        // cel-go's "no such key" is @bufbuild/cel's "field not found" (the library's own wording for an absent map key).
        const wording = expected.error === 'no such key' ? /no such key|field not found/ : new RegExp(expected.error);
        assert.throws(() => evaluateCel(item.expr, {}), (error: Error) => error instanceof CelProblem && error.kind === 'evaluation' && wording.test(error.message), item.name);
        continue;
      }
      assert.ok('value' in expected, `${item.name}: a scalar expected`);
      assert.deepEqual(fromCel(evaluateCel(item.expr, {})), expected.value, `${item.name}: ${item.expr}`);
    }
    for (const name of NOT_EVALUATED) {
      const item = all.find((candidate) => candidate.name === name);
      assert.ok(item, name);
      assert.throws(() => evaluateCel(item.expr, {}), (error: Error) => error instanceof CelProblem && error.kind === 'unsupported' && /optional entry/.test(error.message), name);
    }
  });

  it('on a Kubernetes object: absent fields give the default, a chain after `.?` is presence-tested, `[?i]` on a list', () => {
    const object = toCel({ metadata: { name: 'web', labels: { app: 'web' } }, spec: { containers: [{ name: 'a' }] } });
    const value = (expression: string) => fromCel(evaluateCel(expression, { object }));
    assert.deepEqual(value('object.metadata.?annotations.orValue({})'), {});
    assert.equal(value("object.metadata.?labels.app.orValue('none')"), 'web');
    assert.equal(value("object.metadata.?labels.team.orValue('none')"), 'none');
    assert.equal(value("object.metadata.?labels[?'app'].hasValue()"), true);
    assert.equal(value("object.spec.containers[?1].?name.orValue('')"), '');
    assert.equal(value('object.spec.containers[?0].name.value()'), 'a');
    // orValue's default is evaluated only when the optional is none, as cel-go's interpreter does.
    assert.equal(value('object.metadata.?name.orValue(object.missing)'), 'web');
    assert.equal(value("object.?spec.?hostNetwork.orValue(false) == false && 'x'.startsWith('x')"), true);
  });

  it('marks only outside strings and comments; a malformed expression is still a syntax error', () => {
    assert.deepEqual(markOptionalSyntax("a == '.?b[?c]' ? 1 : 2"), { text: "a == '.?b[?c]' ? 1 : 2", optional: false });
    assert.deepEqual(markOptionalSyntax('a.?b'), { text: 'a.__optional_select__b', optional: true });
    assert.deepEqual(markOptionalSyntax('m[?"k"].orValue(r"\\d")'), { text: 'm[__optional_index__("k")].orValue(r"\\d")', optional: true });
    assert.match(celSyntaxError('object.?') ?? '', /CEL syntax error/);
    assert.match(celSyntaxError('object.?spec.(') ?? '', /CEL syntax error/);
    assert.equal(celSyntaxError('object.?spec.?replicas.orValue(1) > 0'), undefined);
    // Valid CEL that is not evaluated here is no syntax error on the policy's line.
    assert.equal(celSyntaxError('[?object.?spec, 1]'), undefined);
  });
});
