/**
 * The rules Pyrra generates for a ServiceLevelObjective (pyrra-dev/pyrra slo/rules.go: `IncreaseRules` and `Burnrates`,
 * the two groups its Kubernetes controller and its filesystem mode write), byte for byte: the expressions printed as
 * Prometheus' parser prints the ASTs Pyrra builds (matchers sorted and joined by `,`, `sum by (a, b) (…)`), the labels,
 * windows, `for` and annotations as Pyrra sets them. Supported: the ratio, latency, native-histogram latency and
 * bool-gauge indicators, with or without performanceOverAccuracy; not Pyrra's optional generic rules (off by default)
 * nor its Prometheus 3 `le` migration (off by default).
 */
import { goFloatF, goFloatG, promDuration } from './goFormat';
import { goQuote } from './generate';
import { goDuration, pyrraAbsentDuration, pyrraBurnrates, pyrraExhausts, pyrraIncreaseInterval, pyrraTotal, pyrraWindows, type PyrraMatcher, type PyrraMetric, type PyrraObjective } from './pyrraModel';

export interface PyrraRule {
  record?: string;
  alert?: string;
  expr: string;
  for?: string;
  labels: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface PyrraRuleGroup {
  name: string;
  interval: string;
  rules: PyrraRule[];
}

export interface PyrraGenerateOptions {
  /** Pyrra's `--external-url`: each burn-rate alert links to the objective's page. */
  externalUrl?: string;
}

const NAME_LABEL = '__name__';
const PROPAGATION_PREFIX = 'pyrra.dev/';
const FIVE_MINUTES = 300_000;

// --- PromQL as Prometheus' parser prints it ---------------------------------------------------------------------------

const matcherText = (m: PyrraMatcher): string => `${m.name}${m.type}${goQuote(m.value)}`;

/** `VectorSelector.String()`: the name, then the matchers (less the name's own) sorted and joined by `,`. */
function selector(name: string, matchers: readonly PyrraMatcher[]): string {
  const texts = matchers.filter((m) => !(m.name === NAME_LABEL && m.type === '=' && m.value === name && m.value !== '')).map(matcherText);
  return texts.length === 0 ? name : `${name}{${texts.sort(byCodeUnit).join(',')}}`;
}

/** Go's `sort.Strings`: by bytes, as the label texts are ASCII. */
function byCodeUnit(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

const sum = (grouping: readonly string[], inner: string): string => (grouping.length > 0 ? `sum by (${grouping.join(', ')}) (${inner})` : `sum(${inner})`);
const range = (metric: PyrraMetric, window: number): string => `${selector(metric.name, metric.matchers)}[${promDuration(window)}]`;

// --- names and labels ---------------------------------------------------------------------------------------------------

function trimSuffixes(metric: string, suffixes: readonly string[]): string {
  let out = metric;
  for (const suffix of suffixes) if (out.endsWith(suffix)) out = out.slice(0, -suffix.length);
  return out;
}

const burnrateName = (o: PyrraObjective, window: number) => `${trimSuffixes(pyrraTotal(o.indicator).name, ['_total', '_count'])}:burnrate${promDuration(window)}`;
const increaseName = (metric: string, window: number) => `${trimSuffixes(metric, ['_total', '_count', '_bucket'])}:increase${promDuration(window)}`;

/** `commonRuleLabels`: the SLO's name and its labels prefixed `pyrra.dev/`, unprefixed. */
function commonLabels(o: PyrraObjective): Record<string, string> {
  const labels: Record<string, string> = { slo: o.name };
  for (const [name, value] of Object.entries(o.labels)) if (name.startsWith(PROPAGATION_PREFIX)) labels[name.slice(PROPAGATION_PREFIX.length)] = value;
  return labels;
}

/** Go's `url.QueryEscape`: all but letters, digits and `-_.~` escaped, a space as `+`. */
function queryEscape(text: string): string {
  return Array.from(new TextEncoder().encode(text), (byte) => {
    const c = String.fromCharCode(byte);
    if (/[A-Za-z0-9\-_.~]/.test(c)) return c;
    return c === ' ' ? '+' : `%${byte.toString(16).toUpperCase().padStart(2, '0')}`;
  }).join('');
}

/** `commonRuleAnnotations`: the annotations prefixed `pyrra.dev/`, and the objective's page when Pyrra has an external URL. */
function commonAnnotations(o: PyrraObjective, externalUrl: string | undefined): Record<string, string> | undefined {
  let annotations: Record<string, string> | undefined;
  for (const [name, value] of Object.entries(o.annotations)) {
    if (name.startsWith(PROPAGATION_PREFIX)) (annotations ??= {})[name.slice(PROPAGATION_PREFIX.length)] = value;
  }
  if (!externalUrl || !o.name) return annotations;
  let url: URL;
  try {
    url = new URL(externalUrl);
  } catch {
    return annotations;
  }
  // url.Values.Encode: keys sorted (expr, from, to).
  const query = `expr=${queryEscape(`{__name__="${o.name}"}`)}&from=${queryEscape('now-1h')}&to=${queryEscape('now')}`;
  let link = `${url.protocol}//${url.host}/objectives?${query}`;
  const grouping = o.indicator.grouping;
  if (grouping.length > 0) {
    let param = queryEscape(`{${grouping.map((l) => `${l}="__TPL_${l}__"`).join(',')}}`);
    for (const l of grouping) param = param.split(`__TPL_${l}__`).join(`{{$labels.${l}}}`);
    link += `&grouping=${param}`;
  }
  return { ...annotations, pyrra_url: link };
}

const sortedUnique = (names: Iterable<string>): string[] => [...new Set(names)].sort(byCodeUnit);
const isRegex = (m: PyrraMatcher) => m.type === '=~' || m.type === '!~';

/** `groupingLabels`: the labels the errors (or success) selector matches and the total does not, less `le`. */
function extraLabels(errors: readonly PyrraMatcher[], total: readonly PyrraMatcher[]): string[] {
  const totals = new Set(total.map((m) => m.name));
  return errors.map((m) => m.name).filter((name) => !totals.has(name) && name !== 'le');
}

/** The equal matchers of the total (less the name's) as labels, less the grouped ones. */
function ruleLabels(o: PyrraObjective, matchers: readonly PyrraMatcher[], grouped: ReadonlySet<string>): Record<string, string> {
  const labels = commonLabels(o);
  for (const m of matchers) if (m.type === '=' && m.name !== NAME_LABEL) labels[m.name] = m.value;
  for (const g of grouped) delete labels[g];
  return labels;
}

// --- the burn-rate group ----------------------------------------------------------------------------------------------

/** `Burnrate`: the error ratio of one window. */
function burnrateExpr(o: PyrraObjective, window: number): string {
  const indicator = o.indicator;
  const grouping = sortedUnique(indicator.grouping);
  switch (indicator.kind) {
    case 'ratio':
      return `${sum(grouping, `rate(${range(indicator.errors, window)})`)} / ${sum(grouping, `rate(${range(indicator.total, window)})`)}`;
    case 'latency': {
      const total = sum(grouping, `rate(${range(indicator.total, window)})`);
      return `(${total} - ${sum(grouping, `rate(${range(indicator.success, window)})`)}) / ${total}`;
    }
    case 'latencyNative':
      return `1 - histogram_fraction(0, ${goFloatF(indicator.latency / 1000)}, ${sum(grouping, `rate(${range(indicator.total, window)})`)})`;
    case 'boolGauge': {
      const count = sum(grouping, `count_over_time(${range(indicator.metric, window)})`);
      return `(${count} - ${sum(grouping, `sum_over_time(${range(indicator.metric, window)})`)}) / ${count}`;
    }
  }
}

const severityOf = (o: PyrraObjective, index: number, fallback: string): string =>
  [o.alerting.severities.fastBurn, o.alerting.severities.mediumBurn, o.alerting.severities.slowBurn, o.alerting.severities.longTermBurn][index] || fallback;

/** `Burnrates`: a recording rule per window, then the four multi-window alerts (unless burn-rate alerting is off). */
export function pyrraBurnrateGroup(o: PyrraObjective, options: PyrraGenerateOptions = {}): PyrraRuleGroup {
  const windows = pyrraWindows(o.window);
  const grouped = new Set(o.indicator.grouping);
  const matchers = pyrraTotal(o.indicator).matchers;
  const labels = ruleLabels(o, matchers, grouped);
  const rules: PyrraRule[] = pyrraBurnrates(windows).map((w) => ({ record: burnrateName(o, w), expr: burnrateExpr(o, w), labels: { ...labels } }));
  const group = { name: o.name, interval: '30s', rules };
  if (o.alerting.disabled || !o.alerting.burnrates) return group;
  const alertMatchers = matchers.filter((m) => m.name !== NAME_LABEL && (grouped.has(m.name) || !isRegex(m))).map(matcherText);
  alertMatchers.push(`slo="${o.name}"`);
  const filter = alertMatchers.sort(byCodeUnit).join(',');
  const target = goFloatF(o.target);
  windows.forEach((w, index) => {
    const alertLabels = commonLabels(o);
    for (const m of matchers) if (m.type === '=' && m.name !== NAME_LABEL && !grouped.has(m.name)) alertLabels[m.name] = m.value;
    alertLabels.short = promDuration(w.short);
    alertLabels.long = promDuration(w.long);
    alertLabels.severity = severityOf(o, index, w.severity);
    alertLabels.exhaustion = promDuration(pyrraExhausts(o, w.factor));
    const factor = String(w.factor);
    const annotations = commonAnnotations(o, options.externalUrl);
    rules.push({
      alert: o.alerting.name || 'ErrorBudgetBurn',
      expr: `${burnrateName(o, w.short)}{${filter}} > (${factor} * (1-${target})) and ${burnrateName(o, w.long)}{${filter}} > (${factor} * (1-${target}))`,
      // Pyrra writes a ratio's `for` with Go's Duration.String (2m0s), the other indicators' with Prometheus' (2m).
      for: o.indicator.kind === 'ratio' ? goDuration(w.for) : promDuration(w.for),
      labels: alertLabels,
      ...(annotations ? { annotations } : {}),
    });
  });
  return group;
}

// --- the increase group -----------------------------------------------------------------------------------------------

/** The increase rules, short ones (5 minutes, performanceOverAccuracy) first, as `IncreaseRules` joins them. */
export function pyrraIncreaseGroup(o: PyrraObjective): PyrraRuleGroup {
  const short: PyrraRule[] = [];
  const long: PyrraRule[] = [];
  const indicator = o.indicator;
  const fast = o.performanceOverAccuracy;
  const absentRule = (metric: PyrraMetric, labels: Record<string, string>): PyrraRule => {
    const annotations = commonAnnotations(o, undefined);
    return {
      alert: o.alerting.absentName || 'SLOMetricAbsent',
      expr: `absent(${selector(metric.name, metric.matchers)}) == 1`,
      for: promDuration(pyrraAbsentDuration(o)),
      labels: { ...labels, severity: o.alerting.severities.absent || 'critical' },
      ...(annotations ? { annotations } : {}),
    };
  };
  // performanceOverAccuracy: 5-minute increases on Prometheus, summed over the window by a subquery.
  const over = (metric: PyrraMetric, fn: string, grouping: string[], fiveMinuteName: string, windowName: string, labels: Record<string, string>, extra: PyrraMatcher[] = []) => {
    if (!fast) {
      long.push({ record: windowName, expr: sum(grouping, `${fn}(${range(metric, o.window)})`), labels: { ...labels } });
      return;
    }
    short.push({ record: fiveMinuteName, expr: sum(grouping, `${fn}(${range(metric, FIVE_MINUTES)})`), labels: { ...labels } });
    const renamed = [...metric.matchers.map((m) => (m.name === NAME_LABEL ? { ...m, value: fiveMinuteName } : m)), ...extra];
    long.push({ record: windowName, expr: sum(grouping, `sum_over_time(${selector(fiveMinuteName, renamed)}[${promDuration(o.window)}:5m])`), labels: { ...labels } });
  };
  const absentTo = (rule: PyrraRule) => (fast ? short : long).push(rule);

  if (indicator.kind === 'latencyNative') {
    // increaseRuleLatencyNative: its grouping as given (not sorted), nothing grouped away, no absent alert, no 5-minute rules.
    const labels = ruleLabels(o, indicator.total.matchers, new Set());
    const record = increaseName(indicator.total.name, o.window);
    const increase = sum(indicator.grouping, `increase(${range(indicator.total, o.window)})`);
    long.push({ record, expr: `histogram_count(${increase})`, labels: { ...labels } });
    const seconds = indicator.latency / 1000;
    long.push({ record, expr: `histogram_fraction(0, ${goFloatF(seconds)}, ${increase}) * histogram_count(${increase})`, labels: { ...labels, le: goFloatG(seconds) } });
    return { name: `${o.name}-increase`, interval: promDuration(pyrraIncreaseInterval(o.window)), rules: long };
  }

  if (indicator.kind === 'ratio' || indicator.kind === 'latency') {
    const other = indicator.kind === 'ratio' ? indicator.errors : indicator.success;
    const grouped = new Set([...indicator.grouping, ...extraLabels(other.matchers, indicator.total.matchers), ...indicator.total.matchers.filter(isRegex).map((m) => m.name)]);
    const grouping = sortedUnique(grouped);
    const labels = ruleLabels(o, indicator.total.matchers, grouped);
    const name = (metric: PyrraMetric, window: number) => increaseName(metric.name, window);
    if (indicator.kind === 'ratio') {
      over(indicator.total, 'increase', grouping, name(indicator.total, FIVE_MINUTES), name(indicator.total, o.window), labels);
      if (o.alerting.absent) absentTo(absentRule(indicator.total, labels));
      if (indicator.total.name !== indicator.errors.name) {
        over(indicator.errors, 'increase', grouping, name(indicator.errors, FIVE_MINUTES), name(indicator.errors, o.window), labels);
        if (o.alerting.absent) absentTo(absentRule(indicator.errors, labels));
      }
    } else {
      const le = indicator.success.matchers.find((m) => m.name === 'le')?.value ?? '';
      const labelsLe = { le, ...labels };
      over(indicator.total, 'increase', grouping, name(indicator.total, FIVE_MINUTES), name(indicator.total, o.window), labels, [{ name: 'le', type: '=', value: '' }]);
      over(indicator.success, 'increase', grouping, name(indicator.success, FIVE_MINUTES), name(indicator.success, o.window), labelsLe);
      if (o.alerting.absent) {
        absentTo(absentRule(indicator.total, labels));
        absentTo(absentRule(indicator.success, labelsLe));
      }
    }
  } else {
    const metric = indicator.metric;
    const grouped = new Set([...indicator.grouping, ...metric.matchers.map((m) => m.name)]);
    const grouping = sortedUnique(grouped);
    const labels = ruleLabels(o, metric.matchers, grouped);
    const base = metric.name;
    const fiveCount = `${base}:count${promDuration(FIVE_MINUTES)}`;
    const fiveSum = `${base}:sum${promDuration(FIVE_MINUTES)}`;
    if (fast) {
      short.push({ record: fiveCount, expr: sum(grouping, `count_over_time(${range(metric, FIVE_MINUTES)})`), labels: { ...labels } });
      short.push({ record: fiveSum, expr: sum(grouping, `sum_over_time(${range(metric, FIVE_MINUTES)})`), labels: { ...labels } });
      for (const [five, kind] of [[fiveCount, 'count'], [fiveSum, 'sum']] as const) {
        const renamed = metric.matchers.map((m) => (m.name === NAME_LABEL ? { ...m, value: five } : m));
        long.push({ record: `${base}:${kind}${promDuration(o.window)}`, expr: sum(grouping, `sum_over_time(${selector(five, renamed)}[${promDuration(o.window)}:5m])`), labels: { ...labels } });
      }
    } else {
      long.push({ record: `${base}:count${promDuration(o.window)}`, expr: sum(grouping, `count_over_time(${range(metric, o.window)})`), labels: { ...labels } });
      long.push({ record: `${base}:sum${promDuration(o.window)}`, expr: sum(grouping, `sum_over_time(${range(metric, o.window)})`), labels: { ...labels } });
    }
    if (o.alerting.absent) absentTo(absentRule(metric, labels));
  }
  return { name: `${o.name}-increase`, interval: promDuration(pyrraIncreaseInterval(o.window)), rules: [...short, ...long] };
}

/** The groups Pyrra's controller writes in the PrometheusRule of an SLO: the increases, then the burn rates. */
export function pyrraRuleGroups(o: PyrraObjective, options: PyrraGenerateOptions = {}): PyrraRuleGroup[] {
  return [pyrraIncreaseGroup(o), pyrraBurnrateGroup(o, options)];
}

/**
 * The PrometheusRule Pyrra's controller writes for an SLO (kubernetes/controllers makePrometheusRule): named and
 * labelled as the objective, in its namespace; each group with the SLO's partial_response_strategy when it has one.
 */
export function pyrraOutput(o: PyrraObjective, groups: readonly PyrraRuleGroup[], namespace: string | undefined, labels: Record<string, string>): Record<string, unknown> {
  const metadata: Record<string, unknown> = { name: o.name, ...(namespace ? { namespace } : {}), ...(Object.keys(labels).length > 0 ? { labels } : {}) };
  const rule = (r: PyrraRule) => ({
    ...(r.record !== undefined ? { record: r.record } : {}),
    ...(r.alert !== undefined ? { alert: r.alert } : {}),
    expr: r.expr,
    ...(r.for !== undefined ? { for: r.for } : {}),
    labels: r.labels,
    ...(r.annotations ? { annotations: r.annotations } : {}),
  });
  return {
    apiVersion: 'monitoring.coreos.com/v1',
    kind: 'PrometheusRule',
    metadata,
    spec: {
      groups: groups.map((g) => ({ name: g.name, interval: g.interval, rules: g.rules.map(rule), ...(o.partialResponseStrategy ? { partial_response_strategy: o.partialResponseStrategy } : {}) })),
    },
  };
}
