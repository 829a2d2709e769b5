import type { SyntaxNode } from './parse';
import type { PromQLFunction } from '@prometheus-io/codemirror-promql/dist/cjs/types/function';
import { promql } from './parse';

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

let vocabulary: { terms: readonly PromQLTerm[]; byName: Map<string, PromQLTerm> } | undefined;
/** The terms, built on first use (from vendor.lazy.ts, loaded with the parser), not at the server's start. */
function loaded(): NonNullable<typeof vocabulary> {
  if (!vocabulary) {
    const { aggregateOpTerms, functionIdentifierTerms } = promql();
    const terms = [...termsOf(functionIdentifierTerms, 'function'), ...termsOf(aggregateOpTerms, 'aggregation')];
    vocabulary = { terms, byName: new Map(terms.map((term) => [term.name, term])) };
  }
  return vocabulary;
}

/** Every function and aggregation. */
export function promqlTerms(): readonly PromQLTerm[] {
  return loaded().terms;
}

export function termNamed(name: string): PromQLTerm | undefined {
  return loaded().byName.get(name);
}

/** The signature of the function a `FunctionIdentifier` node names: `rate(matrix) → vector`. */
export function functionOf(identifier: SyntaxNode): PromQLFunction | undefined {
  const child = identifier.firstChild;
  return child ? promql().getFunction(child.type.id) : undefined;
}

export function signature(fn: PromQLFunction): string {
  const args = fn.argTypes.map((type, i) => (fn.variadic !== 0 && i >= fn.argTypes.length - Math.max(fn.variadic, 1) ? `${type}?` : type));
  if (fn.variadic < 0) args[args.length - 1] = `${fn.argTypes[fn.argTypes.length - 1]}...`;
  return `${fn.name}(${args.join(', ')}) → ${fn.returnType}`;
}
