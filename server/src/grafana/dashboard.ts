import type { Finding } from '../common/findings';
import { t } from '../l10n/t';
import { metricReferences } from '../promql/analysis';
import { readsAsLogQL } from '../promql/logql';
import { parsePromQL } from '../promql/parse';
import { field, isRecord, items, keySpan, type Located, promLimit, rateOfNonCounter, ruleRateCounter, ruleUnknownServeMetric, scalarOffsets, spanOf, suggestionData, unknownServeMetric } from '../prometheus/api';
import type { SourceNode } from '../yaml/tree';
import * as ids from './rules';
import type { DatasourceFlavour } from './settings';
import { isBuiltin, substituteVariables, variableUses } from './variables';

/** A query of a panel: its PromQL and where it is. */
interface DashboardQuery {
  expr: Located;
  datasource?: Located;
}

interface DashboardPanel {
  at: Located;
  id?: Located;
  datasource?: Located;
  queries: DashboardQuery[];
}

/** A dashboard, classic (`panels`, `schemaVersion`) or v2 (`dashboard.grafana.app`), reduced to what the checks read. */
export interface DashboardModel {
  root: Located;
  panels: DashboardPanel[];
  /** Template variable names, and `__inputs` names (`DS_PROMETHEUS`). */
  variables: Set<string>;
  /** Datasource variables (type `datasource`) and inputs of type datasource. */
  datasourceVariables: Set<string>;
  /** The plugin type each datasource variable or input chooses among (`prometheus`, `loki`: a variable's `query`, an input's `pluginId`). */
  datasourceTypes: Map<string, string>;
  /**
   * A classic dashboard with neither `templating` nor `__inputs`: not one Grafana saved or exported (its save model
   * always writes `templating`), but the input of a program that adds its variables (a mixin's JSON a `.libsonnet`
   * imports and extends with grafonnet templates). Its variables and datasource variables are not judged.
   */
  source: boolean;
}

/** Whether a parsed JSON/YAML value is a Grafana dashboard (the export wrapper `{dashboard: …}` included). */
export function dashboardRoot(value: unknown, tree: SourceNode | null): Located | undefined {
  if (!isRecord(value)) return undefined;
  const root: Located = { value, node: tree };
  if (typeof value.apiVersion === 'string' && value.apiVersion.startsWith('dashboard.grafana.app/') && value.kind === 'Dashboard') return root;
  if (Array.isArray(value.panels) && ('schemaVersion' in value || 'templating' in value)) return root;
  const inner = field(root, 'dashboard');
  if (inner && isRecord(inner.value) && Array.isArray(inner.value.panels)) return inner;
  return undefined;
}

function classicPanels(list: Located | undefined, out: DashboardPanel[]): void {
  for (const panel of items(list)) {
    if (!isRecord(panel.value)) continue;
    const queries = items(field(panel, 'targets')).flatMap((target): DashboardQuery[] => {
      const expr = field(target, 'expr');
      const datasource = field(target, 'datasource');
      return expr && typeof expr.value === 'string' ? [{ expr, ...(datasource ? { datasource } : {}) }] : [];
    });
    const id = field(panel, 'id');
    const datasource = field(panel, 'datasource');
    out.push({ at: panel, queries, ...(id ? { id } : {}), ...(datasource ? { datasource } : {}) });
    // Rows hold their collapsed panels.
    classicPanels(field(panel, 'panels'), out);
  }
}

/** v2: `spec.elements.<key>.spec` panels with `data.spec.queries[].spec.query.spec.expr`. */
function v2Panels(root: Located, out: DashboardPanel[]): void {
  const elements = field(field(root, 'spec') ?? { value: undefined, node: null }, 'elements');
  if (!elements || !isRecord(elements.value)) return;
  for (const key of Object.keys(elements.value)) {
    const element = field(elements, key)!;
    const spec = field(element, 'spec');
    if (!spec) continue;
    const queries: DashboardQuery[] = [];
    const group = field(field(spec, 'data') ?? { value: undefined, node: null }, 'spec');
    for (const query of items(group && field(group, 'queries'))) {
      const querySpec = field(query, 'spec');
      const inner = querySpec && field(querySpec, 'query');
      const innerSpec = inner && field(inner, 'spec');
      const expr = innerSpec && field(innerSpec, 'expr');
      const datasource = (inner && field(inner, 'datasource')) ?? (querySpec && field(querySpec, 'datasource'));
      if (expr && typeof expr.value === 'string') queries.push({ expr, ...(datasource ? { datasource } : {}) });
    }
    const id = field(spec, 'id');
    out.push({ at: spec, queries, ...(id ? { id } : {}) });
  }
}

export function dashboardModel(root: Located): DashboardModel {
  const panels: DashboardPanel[] = [];
  const variables = new Set<string>();
  const datasourceVariables = new Set<string>();
  const datasourceTypes = new Map<string, string>();
  const typed = (name: string, type: unknown) => {
    datasourceVariables.add(name);
    if (typeof type === 'string' && type !== '') datasourceTypes.set(name, type);
  };
  const isV2 = isRecord(root.value) && root.value.kind === 'Dashboard' && 'spec' in root.value;
  const source = !isV2 && isRecord(root.value) && !('templating' in root.value) && !('__inputs' in root.value);
  if (isV2) {
    v2Panels(root, panels);
    for (const variable of items(field(field(root, 'spec')!, 'variables'))) {
      const spec = isRecord(variable.value) && isRecord(variable.value.spec) ? variable.value.spec : undefined;
      if (spec && typeof spec.name === 'string') {
        variables.add(spec.name);
        if ((variable.value as { kind?: unknown }).kind === 'DatasourceVariable') typed(spec.name, spec.pluginId);
      }
    }
  } else {
    classicPanels(field(root, 'panels'), panels);
    const templating = field(root, 'templating');
    for (const variable of items(templating && field(templating, 'list'))) {
      if (!isRecord(variable.value) || typeof variable.value.name !== 'string') continue;
      variables.add(variable.value.name);
      if (variable.value.type === 'datasource') typed(variable.value.name, variable.value.query);
    }
    for (const input of items(field(root, '__inputs'))) {
      if (!isRecord(input.value) || typeof input.value.name !== 'string') continue;
      variables.add(input.value.name);
      if (input.value.type === 'datasource') typed(input.value.name, input.value.pluginId);
    }
  }
  return { root, panels, variables, datasourceVariables, datasourceTypes, source };
}

/** What a dashboard's checks need from the workspace. */
export interface DashboardContext {
  chunkText: string;
  /** Names and uids of the datasources provisioned in the workspace → their type (none: references are not checked). */
  datasources: ReadonlyMap<string, string>;
  /** The user's declared flavours (`archipel.grafana.datasources`): name or uid, or `default`, → flavour. */
  flavours: Readonly<Record<string, DatasourceFlavour>>;
}

function finding(code: string, span: { start: number; end: number }, message: string): Finding {
  return { start: span.start, end: span.end, code, message };
}

const specialDatasources = new Set(['-- Grafana --', '-- Mixed --', '-- Dashboard --', 'grafana', 'default']);

/** The flavour of a datasource plugin type. */
function flavourOfType(type: string): DatasourceFlavour {
  if (type === 'prometheus' || type === 'loki') return type;
  return /victoriametrics/i.test(type) ? 'metricsql' : 'other';
}

/**
 * The flavour of a datasource reference (`{type, uid}` or a name), when the dashboard or the
 * workspace tells it: the user's declaration of that name, uid or variable as written, the type of the variable or input
 * it names (`${datasource}` with `query: loki`), the reference's own type, a provisioned datasource's
 * type, else a name that says it (`Loki`, `victoriametrics`). Undefined: the panel's or the default.
 */
function referenceFlavour(at: Located | undefined, model: DashboardModel, context: DashboardContext): DatasourceFlavour | undefined {
  const value = at?.value;
  if (value === null || value === undefined) return undefined;
  const uid = isRecord(value) ? (typeof value.uid === 'string' ? value.uid : undefined) : typeof value === 'string' ? value : undefined;
  const type = isRecord(value) && typeof value.type === 'string' ? value.type : undefined;
  // `-- Mixed --` lets each query name its own; `default` is the default datasource's.
  if (uid === '-- Mixed --' || uid === 'default') return undefined;
  if (uid && specialDatasources.has(uid)) return 'other';
  if (uid && Object.prototype.hasOwnProperty.call(context.flavours, uid)) return context.flavours[uid];
  const uses = uid ? variableUses(uid) : [];
  const variableType = uses.length === 1 ? model.datasourceTypes.get(uses[0].name) : undefined;
  if (variableType) return flavourOfType(variableType);
  if (type && type !== 'datasource') return flavourOfType(type);
  if (!uid || uses.length > 0) return type === 'datasource' ? 'other' : undefined;
  const provisioned = context.datasources.get(uid);
  if (provisioned) return flavourOfType(provisioned);
  if (/loki/i.test(uid)) return 'loki';
  return /victoria/i.test(uid) ? 'metricsql' : undefined;
}

/** The flavour of a query: its own datasource's, else its panel's, else the declared default's, else Prometheus. */
function queryFlavour(query: DashboardQuery, panel: DashboardPanel, model: DashboardModel, context: DashboardContext): { flavour: DatasourceFlavour; told: boolean } {
  const told = referenceFlavour(query.datasource, model, context) ?? referenceFlavour(panel.datasource, model, context) ?? context.flavours.default;
  return { flavour: told ?? 'prometheus', told: told !== undefined };
}

function checkDatasource(at: Located | undefined, model: DashboardModel, context: DashboardContext, out: Finding[]): void {
  if (!at || at.value === null || at.value === undefined) return;
  const reference = isRecord(at.value) ? (typeof at.value.uid === 'string' ? at.value.uid : undefined) : typeof at.value === 'string' ? at.value : undefined;
  if (!reference || specialDatasources.has(reference)) return;
  const place = isRecord(at.value) ? (field(at, 'uid') ?? at) : at;
  const uses = variableUses(reference);
  if (uses.length > 0) {
    if (model.source) return;
    for (const use of uses) {
      if (!isBuiltin(use.name) && !model.variables.has(use.name)) out.push(finding(ids.dashboardDatasource.id, spanOf(place, null), t('datasource {0} names no variable or input of the dashboard', reference)));
    }
    return;
  }
  if (context.datasources.size > 0 && !context.datasources.has(reference) && !Object.prototype.hasOwnProperty.call(context.flavours, reference)) {
    out.push(finding(ids.dashboardDatasource.id, spanOf(place, null), t('datasource {0} is not provisioned in the workspace (known: {1})', reference, [...context.datasources.keys()].sort().join(', '))));
  }
}

function checkQuery(query: DashboardQuery, { flavour, told }: { flavour: DatasourceFlavour; told: boolean }, model: DashboardModel, context: DashboardContext, out: Finding[]): void {
  const text = query.expr.value as string;
  if (text.trim() === '' || flavour === 'other') return;
  const uses = variableUses(text);
  const map = scalarOffsets(context.chunkText, query.expr.node, text);
  const span = (from: number, to: number) => (map ? { start: map(from), end: map(to) } : spanOf(query.expr, null));
  for (const use of model.source ? [] : uses) {
    // `\\$SYS` in a PromQL regex is an escaped dollar, a literal `$SYS` (monitoring-mixins' ibm-mq `topic!~"\\$SYS.*"`):
    // Grafana replaces only a variable the dashboard defines, so an undefined name after a backslash is left as written.
    if (text[use.from - 1] === '\\') continue;
    if (!isBuiltin(use.name) && !model.variables.has(use.name)) out.push(finding(ids.dashboardVariable.id, span(use.from, use.to), t('variable {0} is not defined by the dashboard (templating or __inputs)', use.name)));
  }
  // LogQL and MetricsQL are not PromQL: only their variables are checked.
  if (flavour !== 'prometheus') return;
  const expression = parsePromQL(uses.length > 0 ? substituteVariables(text) : text, uses.length > 0);
  // A query on a datasource neither the dashboard nor the workspace types (a variable a jsonnet program defines) that
  // PromQL rejects and that has a log pipeline is Loki's: only its variables are checked, as for a Loki datasource.
  if (!told && expression.problems.length > 0 && readsAsLogQL(text)) return;
  for (const problem of expression.problems) {
    const at = uses.length > 0 ? spanOf(query.expr, null) : span(problem.from, Math.max(problem.to, problem.from + 1));
    out.push(problem.limit ? finding(promLimit.id, at, problem.message) : finding(ids.dashboardPromql.id, at, t('could not parse expression: {0}', problem.message)));
  }
  if (expression.problems.length === 0) {
    for (const reference of metricReferences(expression)) {
      const unknown = unknownServeMetric(reference.name);
      const at = uses.length > 0 ? spanOf(query.expr, null) : span(reference.from, reference.to);
      if (unknown) out.push({ ...finding(ruleUnknownServeMetric.id, at, unknown.message), ...suggestionData(at, reference.name, unknown.suggestion) });
      const rate = rateOfNonCounter(reference);
      if (rate) out.push(finding(ruleRateCounter.id, at, rate));
    }
  }
  // dashboard-linter's panel-rate-interval-rule, read on the query as written.
  for (const match of text.matchAll(/\b(rate|irate)\s*\([^()]*\[(\$__interval|\$\{__interval\}|\d+[smhdwy])\]/g)) {
    out.push(finding(ids.dashboardRateInterval.id, span(match.index, match.index + match[0].length), t('{0}() over [{1}]: use [$__rate_interval], never shorter than four scrape intervals', match[1] ?? '', match[2] ?? '')));
  }
}

/** Every check of one dashboard. Offsets are relative to the document (chunk) it was read from. */
export function dashboardFindings(model: DashboardModel, context: DashboardContext): Finding[] {
  const out: Finding[] = [];
  if (model.source && model.panels.some((panel) => panel.queries.some((query) => variableUses(query.expr.value as string).length > 0))) {
    const panels = field(model.root, 'panels');
    const at = panels ? keySpan(panels, model.root.node) : spanOf(model.root, null);
    out.push({ ...finding(ids.dashboardVariable.id, at, t('a dashboard source without templating (the input of a jsonnet program, a mixin\'s JSON): the program defines its variables; they are not checked here')), severity: 'information' });
  }
  const ids_ = new Map<number, Located>();
  for (const panel of model.panels) {
    const id = panel.id;
    if (id && typeof id.value === 'number') {
      if (ids_.has(id.value)) out.push(finding(ids.dashboardPanelId.id, spanOf(id, null), t('panel id {0} is used by another panel of the dashboard', id.value)));
      else ids_.set(id.value, id);
    }
    checkDatasource(panel.datasource, model, context, out);
    for (const query of panel.queries) {
      checkDatasource(query.datasource, model, context, out);
      checkQuery(query, queryFlavour(query, panel, model, context), model, context, out);
    }
  }
  return out;
}
