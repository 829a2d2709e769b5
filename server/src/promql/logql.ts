/**
 * Loki's query language shares PromQL's selectors and functions but not its log pipeline: after a stream selector
 * `{…}` come line filters (`|=`, `!=`, `|~`, `!~`, `|>`, `!>` with a string, `!= ip("…")`) and stages (`| json`,
 * `| logfmt`, `| line_format`…), none of which PromQL has. A Loki ruler file (Loki's rulefmt: Prometheus's groups, LogQL
 * expressions) and a Grafana panel on a Loki datasource hold such expressions. Read only where PromQL's parser failed:
 * an expression PromQL accepts is checked as PromQL (Loki's `rate({job="x"}[1m])` reads the same way in both).
 *
 * Without a pipeline, LogQL still differs from PromQL where PromQL's parser fails (Loki's syntax package, expr.y):
 * - the range functions PromQL has not (`bytes_rate`, `bytes_over_time`, `rate_counter`);
 * - a range on a parenthesised log selector, `count_over_time(({app="x"} |= "e")[5m])` or `(({job=~".+"})[30s])` as
 *   Canonical's Loki charms write it, which in PromQL is a subquery and needs `:`: read as LogQL only with a stream
 *   selector naming no metric (`{…}` after a parenthesis, a comma or a space), so PromQL's `(sum(x))[5m]` stays an error.
 */
const logPipeline = /\}\s*(?:\||!~|!>|!=\s*["`]|!=\s*ip\()/;
const logOnlyFunction = /\b(?:bytes_rate|bytes_over_time|rate_counter)\s*\(/;
const parenthesisedRange = /\)\s*\[[0-9a-z$_]+\]/;
const streamSelector = /(?:^|[(,\s])\{/;

/** Whether an expression PromQL rejected reads as LogQL: a stream selector with a log pipeline, or a form only LogQL has. */
export function readsAsLogQL(text: string): boolean {
  return logPipeline.test(text) || logOnlyFunction.test(text) || (parenthesisedRange.test(text) && streamSelector.test(text));
}
