import type { SyntaxNode } from './parse';
import { aggregateOpTerms, functionIdentifierTerms } from '@prometheus-io/codemirror-promql/dist/cjs/complete/promql.terms';
import { getFunction, type PromQLFunction } from '@prometheus-io/codemirror-promql/dist/cjs/types/function';

/**
 * PromQL's functions and aggregations as Prometheus's UI describes them (codemirror-promql's terms
 * and type table, which follow promql/parser/functions.go): the one source for hover and completion.
 */
export interface PromQLTerm {
  name: string;
  kind: 'function' | 'aggregation';
  description: string;
}

function termsOf(list: readonly { label: string; info?: unknown }[], kind: PromQLTerm['kind']): PromQLTerm[] {
  return list.map((term) => ({ name: term.label, kind, description: typeof term.info === 'string' ? term.info : '' }));
}

export const promqlTerms: readonly PromQLTerm[] = [...termsOf(functionIdentifierTerms, 'function'), ...termsOf(aggregateOpTerms, 'aggregation')];

const termsByName = new Map(promqlTerms.map((term) => [term.name, term]));

export function termNamed(name: string): PromQLTerm | undefined {
  return termsByName.get(name);
}

/** The signature of the function a `FunctionIdentifier` node names: `rate(matrix) → vector`. */
export function functionOf(identifier: SyntaxNode): PromQLFunction | undefined {
  const child = identifier.firstChild;
  return child ? (getFunction(child.type.id)) : undefined;
}

export function signature(fn: PromQLFunction): string {
  const args = fn.argTypes.map((type, i) => (fn.variadic !== 0 && i >= fn.argTypes.length - Math.max(fn.variadic, 1) ? `${type}?` : type));
  if (fn.variadic < 0) args[args.length - 1] = `${fn.argTypes[fn.argTypes.length - 1]}...`;
  return `${fn.name}(${args.join(', ')}) → ${fn.returnType}`;
}
