/**
 * Kubernetes' CEL libraries that admission policies call (k8s.io/apiserver/pkg/cel/library): lists (`isSorted`, `sum`,
 * `min`, `max`, `indexOf`, `lastIndexOf`), sets (`sets.contains`, `sets.equivalent`, `sets.intersects`) and quantity
 * (`quantity`, `isQuantity` and its methods), registered in @bufbuild/cel's environment. Equality, ordering and
 * addition are CEL's own: small programs the library plans (`a == b`, `a < b`, `a + b`), so an element compares as it
 * would in the expression. A quantity is compared as a number (its exact decimal form is not kept), as
 * checks/quantity.ts reads it for Kyverno's patterns.
 */
import type * as Cel from '../cel.lazy';
import { parseQuantity } from '../checks/quantity';

/** The reserved key of a quantity value (its text). */
const QUANTITY_KEY = '\u0000quantity';

export function kubernetesFunctions(library: typeof Cel): Cel.CelFunc[] {
  const { DYN, STRING, BOOL } = library.CelScalar;
  const plain = library.celEnv();
  const binary = (expression: string) => {
    const program = library.plan(plain, library.parse(expression));
    return (a: Cel.CelValue, b: Cel.CelValue): Cel.CelValue => {
      const result = program({ a, b });
      if (library.isCelError(result)) throw new Error(result.message);
      return result;
    };
  };
  const equals = binary('a == b');
  const less = binary('a < b');
  const add = binary('a + b');
  const elements = (list: Cel.CelValue): Cel.CelValue[] => {
    if (!library.isCelList(list)) throw new Error('no such overload: a list was expected');
    return [...list];
  };
  const indexOf = (list: Cel.CelValue[], item: Cel.CelValue): number => list.findIndex((other) => equals(other, item) === true);
  const extreme = (name: string, better: (a: Cel.CelValue, b: Cel.CelValue) => boolean) =>
    library.celMethod(name, DYN, [], DYN, function (this: Cel.CelValue) {
      const list = elements(this);
      if (list.length === 0) throw new Error(`${name} called on an empty list`);
      return list.reduce((best, item) => (better(item, best) ? item : best));
    });

  const quantity = (text: string): Cel.CelMap => {
    if (parseQuantity(text) === undefined) throw new Error(`quantities must match the regular expression of a Kubernetes quantity: ${text}`);
    return library.celMap(new Map([[QUANTITY_KEY, text]]));
  };
  const amount = (value: Cel.CelValue): number => {
    if (typeof value === 'bigint') return Number(value);
    const text = library.isCelMap(value) ? value.get(QUANTITY_KEY) : undefined;
    const parsed = typeof text === 'string' ? parseQuantity(text) : undefined;
    if (parsed === undefined) throw new Error('no such overload: a quantity was expected');
    return parsed;
  };
  const fromAmount = (value: number): Cel.CelMap => library.celMap(new Map([[QUANTITY_KEY, String(value)]]));
  const quantityMethod = (name: string, args: readonly Cel.CelType[], impl: (self: number, ...args: Cel.CelValue[]) => Cel.CelInput) =>
    library.celMethod(name, DYN, args, DYN, function (this: Cel.CelValue, ...rest: Cel.CelValue[]) {
      return impl(amount(this), ...rest);
    });

  return [
    library.celMethod('isSorted', DYN, [], BOOL, function (this: Cel.CelValue) {
      const list = elements(this);
      return list.every((item, index) => index === 0 || less(item, list[index - 1] ?? item) !== true);
    }),
    library.celMethod('sum', DYN, [], DYN, function (this: Cel.CelValue) {
      const list = elements(this);
      return list.length === 0 ? 0n : list.reduce((total, item) => add(total, item));
    }),
    extreme('min', (a, b) => less(a, b) === true),
    extreme('max', (a, b) => less(b, a) === true),
    library.celMethod('indexOf', DYN, [DYN], DYN, function (this: Cel.CelValue, item) {
      return BigInt(indexOf(elements(this), item));
    }),
    library.celMethod('lastIndexOf', DYN, [DYN], DYN, function (this: Cel.CelValue, item) {
      const list = elements(this).reverse();
      const found = indexOf(list, item);
      return BigInt(found < 0 ? -1 : list.length - 1 - found);
    }),
    library.celFunc('sets.contains', [DYN, DYN], BOOL, (list, sublist) => {
      const items = elements(list);
      return elements(sublist).every((item) => indexOf(items, item) >= 0);
    }),
    library.celFunc('sets.equivalent', [DYN, DYN], BOOL, (a, b) => {
      const left = elements(a);
      const right = elements(b);
      return right.every((item) => indexOf(left, item) >= 0) && left.every((item) => indexOf(right, item) >= 0);
    }),
    library.celFunc('sets.intersects', [DYN, DYN], BOOL, (a, b) => {
      const left = elements(a);
      return elements(b).some((item) => indexOf(left, item) >= 0);
    }),
    library.celFunc('quantity', [STRING], DYN, (text) => quantity(text)),
    library.celFunc('isQuantity', [STRING], BOOL, (text) => parseQuantity(text) !== undefined),
    quantityMethod('sign', [], (self) => BigInt(Math.sign(self))),
    quantityMethod('isInteger', [], (self) => Number.isSafeInteger(self)),
    quantityMethod('asInteger', [], (self) => {
      if (!Number.isSafeInteger(self)) throw new Error('cannot convert value to integer');
      return BigInt(self);
    }),
    quantityMethod('asApproximateFloat', [], (self) => self),
    quantityMethod('add', [DYN], (self, other) => fromAmount(self + amount(other))),
    quantityMethod('sub', [DYN], (self, other) => fromAmount(self - amount(other))),
    quantityMethod('compareTo', [DYN], (self, other) => BigInt(Math.sign(self - amount(other)))),
    quantityMethod('isGreaterThan', [DYN], (self, other) => self > amount(other)),
    quantityMethod('isLessThan', [DYN], (self, other) => self < amount(other)),
  ];
}
