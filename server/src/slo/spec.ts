/**
 * Sloth's SLO specs read into one model: the `prometheus/v1` file (`version: prometheus/v1`,
 * snake_case keys) and the Kubernetes `PrometheusServiceLevel` custom resource
 * (`apiVersion: sloth.slok.dev/v1`, camelCase keys). The mapping follows Sloth's
 * (internal/storage/io/sloth.go, k8s_sloth.go): the SLO id is `<service>-<name>`, its labels are
 * the spec's merged with the SLO's, each alert's labels and annotations are the alerting block's
 * merged with the page or ticket alert's.
 */

export type SloSpecKind = 'prometheus/v1' | 'sloth.slok.dev/v1';
/** What rules are generated from: a Sloth spec, or an OpenSLO v1alpha SLO as Sloth reads it (opensloInput.ts). */
export type SloInputKind = SloSpecKind | 'openslo/v1alpha';

export interface SloAlertMeta {
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export type SloSli = { kind: 'events'; errorQuery: string; totalQuery: string } | { kind: 'raw'; errorRatioQuery: string };

export interface SloModel {
  id: string;
  name: string;
  service: string;
  description: string;
  objective: number;
  labels: Record<string, string>;
  sli: SloSli;
  page?: SloAlertMeta;
  ticket?: SloAlertMeta;
  /** The SLO's own period in milliseconds (an OpenSLO time window); the run's when absent. */
  period?: number;
}

export interface SloGroup {
  kind: SloInputKind;
  slos: SloModel[];
  /** The custom resource's metadata (Kubernetes spec only): the PrometheusRule generated takes it. */
  k8s?: { name: string; namespace?: string; labels: Record<string, string> };
}

/** A problem of a spec, at the path of the value it is about (YAML keys and list indexes). */
export interface SloSpecError {
  path: (string | number)[];
  message: string;
}

/** Sloth's names (conventions.NameRegexp): of a service and of an SLO. */
const NAME = /^[A-Za-z0-9][-A-Za-z0-9_.]*[A-Za-z0-9]$/;

export const PROMETHEUS_V1 = 'prometheus/v1';
export const SLOTH_K8S_API = 'sloth.slok.dev/v1';

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Whether a YAML document's value is a Sloth spec, and which. */
export function sloSpecKind(value: unknown): SloSpecKind | undefined {
  if (!isRecord(value)) return undefined;
  if (value.version === PROMETHEUS_V1) return 'prometheus/v1';
  if (value.apiVersion === SLOTH_K8S_API && value.kind === 'PrometheusServiceLevel') return 'sloth.slok.dev/v1';
  return undefined;
}

/** The keys that differ between the two specs. */
const KEYS = {
  'prometheus/v1': { errorQuery: 'error_query', totalQuery: 'total_query', errorRatioQuery: 'error_ratio_query', pageAlert: 'page_alert', ticketAlert: 'ticket_alert' },
  'sloth.slok.dev/v1': { errorQuery: 'errorQuery', totalQuery: 'totalQuery', errorRatioQuery: 'errorRatioQuery', pageAlert: 'pageAlert', ticketAlert: 'ticketAlert' },
} as const;

/**
 * Reads a spec document's value. Unsupported features (SLI plugins, SLO plugin chains) are errors,
 * never silently ignored: the rules would not be Sloth's.
 */
export function readSloSpec(value: unknown): { group?: SloGroup; errors: SloSpecError[] } {
  const errors: SloSpecError[] = [];
  const kind = sloSpecKind(value);
  if (!kind || !isRecord(value)) {
    return { errors: [{ path: [], message: `not a Sloth spec: expected "version: ${PROMETHEUS_V1}" or "apiVersion: ${SLOTH_K8S_API}" with "kind: PrometheusServiceLevel"` }] };
  }
  const keys = KEYS[kind];
  const base: (string | number)[] = kind === 'prometheus/v1' ? [] : ['spec'];
  const spec = kind === 'prometheus/v1' ? value : value.spec;
  if (!isRecord(spec)) return { errors: [{ path: base, message: 'spec is required' }] };

  const service = text(spec.service);
  if (!service) errors.push({ path: [...base, 'service'], message: 'service is required' });
  else if (!NAME.test(service)) errors.push({ path: [...base, 'service'], message: `service "${service}" must match ${NAME.source}` });
  const specLabels = labels(spec.labels, [...base, 'labels'], errors);
  const pluginsKey = kind === 'prometheus/v1' ? 'slo_plugins' : 'sloPlugins';
  if (spec[pluginsKey] !== undefined) pluginChain(spec[pluginsKey], [...base, pluginsKey], errors);

  const list = spec.slos;
  if (!Array.isArray(list) || list.length === 0) {
    errors.push({ path: [...base, 'slos'], message: 'at least one SLO is required' });
    return { errors };
  }
  const slos: SloModel[] = [];
  list.forEach((raw: unknown, index) => {
    const at = [...base, 'slos', index];
    if (!isRecord(raw)) {
      errors.push({ path: at, message: 'an SLO must be a mapping' });
      return;
    }
    const name = text(raw.name);
    if (!name) errors.push({ path: [...at, 'name'], message: 'name is required' });
    else if (!NAME.test(name)) errors.push({ path: [...at, 'name'], message: `name "${name}" must match ${NAME.source}` });
    const objective = raw.objective;
    if (typeof objective !== 'number' || !(objective > 0 && objective <= 100)) {
      errors.push({ path: [...at, 'objective'], message: 'objective must be a number greater than 0 and at most 100' });
    }
    if (raw.plugins !== undefined) pluginChain(raw.plugins, [...at, 'plugins'], errors);
    const sli = readSli(raw.sli, [...at, 'sli'], keys, errors);
    const sloLabels = { ...specLabels, ...labels(raw.labels, [...at, 'labels'], errors) };
    const alerting = isRecord(raw.alerting) ? raw.alerting : {};
    const page = alertMeta(alerting, keys.pageAlert, [...at, 'alerting'], errors);
    const ticket = alertMeta(alerting, keys.ticketAlert, [...at, 'alerting'], errors);
    if ((page || ticket) && !text(alerting.name)) errors.push({ path: [...at, 'alerting', 'name'], message: 'alerting.name is required unless both the page and the ticket alert are disabled' });
    // Sloth's validateSLOGroup: two SLOs of one id would record the same series.
    if (name && service && slos.some((slo) => slo.id === `${service}-${name}`)) errors.push({ path: [...at, 'name'], message: `SLO ID "${service}-${name}" is repeated` });
    else if (name && service && typeof objective === 'number' && sli) {
      slos.push({ id: `${service}-${name}`, name, service, description: text(raw.description) ?? '', objective, labels: sloLabels, sli, page, ticket });
    }
  });
  if (errors.length > 0) return { errors };
  const group: SloGroup = { kind, slos };
  if (kind === 'sloth.slok.dev/v1') {
    const metadata = isRecord(value.metadata) ? value.metadata : {};
    group.k8s = { name: text(metadata.name) ?? '', namespace: text(metadata.namespace), labels: labels(metadata.labels, ['metadata', 'labels'], errors) };
  }
  return { group, errors };
}

function readSli(raw: unknown, at: (string | number)[], keys: (typeof KEYS)[SloSpecKind], errors: SloSpecError[]): SloSli | undefined {
  if (!isRecord(raw)) {
    errors.push({ path: at, message: 'sli is required' });
    return undefined;
  }
  if (raw.plugin !== undefined) {
    errors.push({ path: [...at, 'plugin'], message: 'SLI plugins are not supported: their queries come from plugin code' });
    return undefined;
  }
  if (isRecord(raw.events) && isRecord(raw.raw)) {
    errors.push({ path: at, message: 'only one SLI type is allowed: events or raw' });
    return undefined;
  }
  if (isRecord(raw.events)) {
    const errorQuery = text(raw.events[keys.errorQuery]);
    const totalQuery = text(raw.events[keys.totalQuery]);
    if (!errorQuery) errors.push({ path: [...at, 'events', keys.errorQuery], message: `${keys.errorQuery} is required` });
    if (!totalQuery) errors.push({ path: [...at, 'events', keys.totalQuery], message: `${keys.totalQuery} is required` });
    templated(errorQuery, [...at, 'events', keys.errorQuery], errors);
    templated(totalQuery, [...at, 'events', keys.totalQuery], errors);
    if (errorQuery && errorQuery === totalQuery) errors.push({ path: [...at, 'events'], message: `${keys.errorQuery} and ${keys.totalQuery} must differ: the ratio would always be 1` });
    return errorQuery && totalQuery ? { kind: 'events', errorQuery, totalQuery } : undefined;
  }
  if (isRecord(raw.raw)) {
    const errorRatioQuery = text(raw.raw[keys.errorRatioQuery]);
    if (!errorRatioQuery) errors.push({ path: [...at, 'raw', keys.errorRatioQuery], message: `${keys.errorRatioQuery} is required` });
    templated(errorRatioQuery, [...at, 'raw', keys.errorRatioQuery], errors);
    return errorRatioQuery ? { kind: 'raw', errorRatioQuery } : undefined;
  }
  errors.push({ path: at, message: 'an SLI is required: events or raw' });
  return undefined;
}

function alertMeta(alerting: Record<string, unknown>, key: string, at: (string | number)[], errors: SloSpecError[]): SloAlertMeta | undefined {
  const alert = isRecord(alerting[key]) ? alerting[key] : {};
  if (alert.disable === true) return undefined;
  return {
    name: text(alerting.name) ?? '',
    labels: { ...labels(alerting.labels, [...at, 'labels'], errors), ...labels(alert.labels, [...at, key, 'labels'], errors) },
    annotations: { ...labels(alerting.annotations, [...at, 'annotations'], errors), ...labels(alert.annotations, [...at, key, 'annotations'], errors) },
  };
}

/** Sloth's core rule generators, and its plugins that validate without changing a rule. */
const CORE_GENERATORS = ['sloth.dev/core/sli_rules/v1', 'sloth.dev/core/metadata_rules/v1', 'sloth.dev/core/alert_rules/v1'];
const VALIDATORS = ['sloth.dev/core/validate/v1', 'sloth.dev/contrib/validate_victoria_metrics/v1'];

/**
 * A plugin chain whose rules are Sloth's default ones: `overridePrevious: true` with exactly the three core
 * generators, unconfigured, and validators beside them (Sloth's victoria-metrics example). Any other chain
 * changes the rules in plugin code: refused.
 */
function pluginChain(value: unknown, at: (string | number)[], errors: SloSpecError[]): void {
  const refuse = (): void => {
    errors.push({ path: at, message: 'SLO plugins are not supported (but a chain of the core generators and validators with overridePrevious: true): the rules would not be the ones Sloth generates with them' });
  };
  const chain: unknown[] = isRecord(value) && value.overridePrevious === true && Array.isArray(value.chain) ? value.chain : [];
  const ids = chain.map((plugin) => (isRecord(plugin) && typeof plugin.id === 'string' && plugin.config === undefined ? plugin.id : ''));
  const generators = ids.filter((id) => !VALIDATORS.includes(id));
  if (generators.length !== CORE_GENERATORS.length || !CORE_GENERATORS.every((id) => generators.includes(id))) refuse();
}

/** Sloth renders a query as a Go template with `window` alone defined: any other action would fail there or run. */
function templated(query: string | undefined, at: (string | number)[], errors: SloSpecError[]): void {
  if (query === undefined) return;
  const rest = query.replace(/\{\{ *\.window *\}\}/g, '');
  if (rest === query) errors.push({ path: at, message: 'the query must contain the {{.window}} variable (each window replaces it)' });
  else if (rest.includes('{{')) errors.push({ path: at, message: 'only {{.window}} may be templated in a query' });
}

function text(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** A string map (labels, annotations); a value that is not a string is an error, as in Sloth. */
function labels(value: unknown, at: (string | number)[], errors: SloSpecError[]): Record<string, string> {
  const out: Record<string, string> = {};
  if (value === undefined || value === null) return out;
  if (!isRecord(value)) {
    errors.push({ path: at, message: 'expected a mapping of strings' });
    return out;
  }
  for (const [key, item] of Object.entries(value)) {
    // Sloth reads an unquoted scalar as its text (`tier: 2` is "2", `generated: true` is "true").
    if (typeof item === 'string') out[key] = item;
    else if (typeof item === 'number' || typeof item === 'boolean') out[key] = String(item);
    else errors.push({ path: [...at, key], message: `value of "${key}" must be a string` });
  }
  return out;
}
