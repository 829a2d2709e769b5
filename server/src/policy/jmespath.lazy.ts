/**
 * @aws-lambda-powertools/jmespath, the JMESPath evaluator of Kyverno's `{{ }}` variables, foreach lists and context
 * entries. A `.lazy.ts` module: its own bundle (esbuild.mjs), required on first use through `jmesPathLibrary()`
 * (checks/kyvernoFunctions.ts), so that a check that meets no Kyverno policy does not read it.
 */
export { search, EmptyExpressionError, IncompleteExpressionError, JMESPathTypeError, LexerError, ParseError, UnknownFunctionError } from '@aws-lambda-powertools/jmespath';
export { Functions } from '@aws-lambda-powertools/jmespath/functions';
