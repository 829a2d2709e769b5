/**
 * PromQL's grammar (@prometheus-io/lezer-promql) and the checker, terms and type table of
 * Prometheus's own UI (@prometheus-io/codemirror-promql, by path: its index pulls in the editor
 * extension), with CodeMirror's state and view under them: about 1 MB of code. A `.lazy.ts` module:
 * its own bundle (esbuild.mjs), required on first use (parse.ts, vocabulary.ts), so that neither the
 * language server's nor the CLI's start reads it.
 */
export { parser } from '@prometheus-io/lezer-promql';
export { Parser as PromQLChecker } from '@prometheus-io/codemirror-promql/dist/cjs/parser/parser';
export { aggregateOpTerms, functionIdentifierTerms } from '@prometheus-io/codemirror-promql/dist/cjs/complete/promql.terms';
export { getFunction } from '@prometheus-io/codemirror-promql/dist/cjs/types/function';
