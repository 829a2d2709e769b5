/**
 * Loki's query language shares PromQL's selectors and functions but not its log pipeline: after a stream selector
 * `{…}` come line filters (`|=`, `!=`, `|~`, `!~` with a string) and stages (`| json`, `| logfmt`, `| line_format`…),
 * none of which PromQL has. A Loki ruler file (Loki's rulefmt: Prometheus's groups, LogQL expressions) and a Grafana
 * panel on a Loki datasource hold such expressions. Read only where PromQL's parser failed: an expression PromQL accepts
 * is checked as PromQL (Loki's `rate({job="x"}[1m])` reads the same way in both).
 */
const logPipeline = /\}\s*(?:\||!~|!=\s*["`])/;

/** Whether an expression PromQL rejected reads as LogQL: a stream selector followed by a log pipeline. */
export function readsAsLogQL(text: string): boolean {
  return logPipeline.test(text);
}
