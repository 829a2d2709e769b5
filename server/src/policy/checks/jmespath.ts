/**
 * JMESPath as Kyverno evaluates it: a maintained evaluator (@aws-lambda-powertools/jmespath, MIT-0) with Kyverno's
 * functions (kyvernoFunctions.ts). An expression longer than MAX_EXPRESSION is refused, not parsed: the evaluator's
 * work is linear in the expression and the data, and the data is the one object under check.
 */
import type { JSONObject } from '@aws-lambda-powertools/commons/types';
import type { Functions } from '@aws-lambda-powertools/jmespath/functions';
import { jmesPathLibrary, kyvernoFunctions } from './kyvernoFunctions';

/** The longest expression evaluated (a policy's expressions are a line or two). */
export const MAX_EXPRESSION = 4096;

/** Why an expression could not be evaluated: its syntax (`syntax`) or its evaluation (`runtime`). */
export class JmesPathError extends Error {
  constructor(message: string, readonly kind: 'syntax' | 'runtime') {
    super(message);
  }
}

const functions = new Map<() => Date, Functions>();

function functionsFor(now: () => Date): Functions {
  let found = functions.get(now);
  if (!found) {
    found = kyvernoFunctions(now);
    if (functions.size > 8) functions.clear();
    functions.set(now, found);
  }
  return found;
}

function isSyntaxError(error: unknown): boolean {
  const { EmptyExpressionError, IncompleteExpressionError, LexerError, ParseError, UnknownFunctionError } = jmesPathLibrary();
  return error instanceof LexerError || error instanceof ParseError || error instanceof IncompleteExpressionError || error instanceof EmptyExpressionError || error instanceof UnknownFunctionError;
}

/** `expression` evaluated on `data` (null where JMESPath has nothing). */
export function evaluateJmesPath(expression: string, data: unknown, now: () => Date = () => new Date()): unknown {
  if (expression.length > MAX_EXPRESSION) throw new JmesPathError(`JMESPath expression longer than ${MAX_EXPRESSION} characters: not evaluated`, 'runtime');
  try {
    // The evaluator's type says an object; JMESPath evaluates any JSON value (an element of a foreach list is often a string).
    return jmesPathLibrary().search(expression, data as JSONObject, { customFunctions: functionsFor(now) }) ?? null;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    throw new JmesPathError(`JMESPath "${expression}": ${message}`, isSyntaxError(error) ? 'syntax' : 'runtime');
  }
}

/** The syntax error of an expression, if it has one (evaluated on an empty object: parsing is what is asked). */
export function jmesPathSyntaxError(expression: string): string | undefined {
  try {
    evaluateJmesPath(expression, {});
    return undefined;
  } catch (error) {
    return error instanceof JmesPathError && error.kind === 'syntax' ? error.message : undefined;
  }
}
