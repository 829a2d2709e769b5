/** Prometheus's legacy name rules (model.IsValidLegacyMetricName, LabelName.IsValidLegacy). */
export const legacyMetricName = /^[a-zA-Z_:][a-zA-Z0-9_:]*$/;
export const legacyLabelName = /^[a-zA-Z_][a-zA-Z0-9_]*$/;

/** Suffixes of counter series (OpenMetrics and the client libraries' conventions). */
const counterSuffixes = ['_total', '_count', '_sum', '_bucket'];

export function looksLikeCounter(name: string): boolean {
  return counterSuffixes.some((suffix) => name.endsWith(suffix));
}
