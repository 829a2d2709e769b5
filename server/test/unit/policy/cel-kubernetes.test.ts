import assert from 'node:assert/strict';
import { CelProblem, evaluateCel, fromCel, toCel } from '../../../src/policy/checks/cel';

/** Kubernetes' CEL libraries (lists, sets, quantity) as admission policies call them, on @bufbuild/cel (policy/cel/). */
describe('policy: Kubernetes CEL libraries', () => {
  const value = (expression: string, bindings = {}) => fromCel(evaluateCel(expression, bindings));

  it('lists: isSorted, sum, min, max, indexOf, lastIndexOf with CEL equality and ordering; strings keep their indexOf', () => {
    assert.deepEqual(
      ['[1, 2, 3].isSorted()', "['b', 'a'].isSorted()", '[1, 2, 3].sum()', '[1.5, 2.0].sum()', '[].sum()', '[3, 1, 2].min()', "['b', 'a'].max()", '[1, 2, 3, 2].indexOf(2)', '[1, 2, 3, 2].lastIndexOf(2)', '[[1], [2]].indexOf([2])', '[1].indexOf(5)', "'abcb'.indexOf('b')", "'abcb'.lastIndexOf('b')"].map((expression) => value(expression)),
      [true, false, 6, 3.5, 0, 1, 'b', 1, 3, 1, -1, 1, 3],
    );
    assert.throws(() => evaluateCel('[].min()', {}), (error: Error) => error instanceof CelProblem && /empty list/.test(error.message));
  });

  it('sets: contains, equivalent, intersects', () => {
    assert.deepEqual(
      ['sets.contains([1, 2, 3], [3, 1])', 'sets.contains([1], [2])', 'sets.equivalent([1, 2], [2, 1, 1])', 'sets.equivalent([1], [1, 2])', "sets.intersects(['a'], ['b', 'a'])", 'sets.intersects([1], [])'].map((expression) => value(expression)),
      [true, false, true, false, true, false],
    );
  });

  it("quantity: parsed as Kubernetes reads it, compared and added as numbers; a bad quantity is an evaluation error", () => {
    const object = toCel({ spec: { containers: [{ resources: { limits: { memory: '512Mi' } } }] } });
    assert.deepEqual(
      [
        "quantity('500m').isLessThan(quantity('1'))",
        "quantity('1Gi').asInteger()",
        "isQuantity('1x')",
        "quantity('2').add(quantity('500m')).asApproximateFloat()",
        "quantity('1').compareTo(quantity('1000m'))",
        "quantity('-3').sign()",
        "quantity('1.5').isInteger()",
        "object.spec.containers.all(c, quantity(c.resources.limits.memory).isGreaterThan(quantity('256Mi')))",
      ].map((expression) => value(expression, { object })),
      [true, 1073741824, false, 2.5, 0, -1, false, true],
    );
    assert.throws(() => evaluateCel("quantity('zz')", {}), (error: Error) => error instanceof CelProblem && error.kind === 'evaluation' && /quantities must match/.test(error.message));
  });
});
