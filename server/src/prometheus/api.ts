/**
 * What other families ask of the Prometheus family: its checks of PromQL rates and of the metrics `archipel serve`
 * exposes, the rules they report under, the stack checks' findings, and its located YAML values (Grafana's dashboards and
 * provisioning files are checked as Prometheus's). Everything else in prometheus/ is private to it.
 */
export { type ConfigCheckContext, stackFinding, stackProblem } from './configChecks';
import { unknownServeMetric } from './ruleChecks';

export { rateOfNonCounter, unknownServeMetric } from './ruleChecks';
export { promLimit, ruleRateCounter, ruleUnknownServeMetric } from './rules';
import { recordedLabels } from './recordedLabels';
import { scrapeLabels } from './scrapeLabels';
import { serveMetricLabels, servesMetric } from './serveMetrics';

export { field, isRecord, items, keySpan, type Located, scalarOffsets, spanOf, suggestionData } from './yamlValues';

/**
 * What another family reads of Prometheus's files and knowledge, as a value (Family.faces): the SLO family (#82), the labels
 * of each static target, the labels each recording rule keeps, and the metrics `archipel serve` exposes (a name under its
 * prefix it does not, with the nearest).
 */
export const prometheusFace = { recordedLabels, scrapeLabels, serveMetricLabels, servesMetric, unknownServeMetric };
export type PrometheusFace = typeof prometheusFace;
