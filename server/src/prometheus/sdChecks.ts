import type { Finding } from '../common/findings';
import { t } from '../l10n/t';
import { durationValue } from './duration';
import * as ids from './rules';
import { field, isRecord, items, keySpan, spanOf, type Located } from './yamlValues';

// The checks Prometheus's service discovery configurations make when they are decoded
// (discovery/<name>/*.go: each config's UnmarshalYAML and Validate), and those of the storage and
// tracing sections (config/config.go). Messages are Prometheus's own.

function finding(span: { start: number; end: number }, message: string): Finding {
  return { start: span.start, end: span.end, code: ids.configStructure.id, message };
}

/** A field set to something (Go's zero values, empty strings and null count as unset). */
function has(at: Located, name: string): boolean {
  const value = isRecord(at.value) ? at.value[name] : undefined;
  return value !== undefined && value !== null && value !== '' && !(Array.isArray(value) && value.length === 0);
}

const httpClientFields = ['basic_auth', 'authorization', 'oauth2', 'bearer_token', 'bearer_token_file', 'tls_config', 'proxy_url'];
const kubernetesSelectorRoles: Record<string, readonly string[]> = {
  endpoints: ['pod', 'service', 'endpoints'],
  endpointslice: ['pod', 'service', 'endpointslice'],
  pod: ['pod', 'node'],
  node: ['node'],
  service: ['service'],
  ingress: ['ingress'],
};

function kubernetes(sd: Located, out: Finding[]): void {
  const here = (name: string) => keySpan(field(sd, name), sd.node);
  const role = field(sd, 'role');
  const roleName = typeof role?.value === 'string' ? role.value : '';
  if (role && !Object.hasOwn(kubernetesSelectorRoles, roleName)) out.push(finding(spanOf(role, null), t('unknown Kubernetes SD role {0}', JSON.stringify(roleName))));
  const namespaces = field(sd, 'namespaces');
  const ownNamespace = namespaces && isRecord(namespaces.value) && namespaces.value.own_namespace === true;
  const customHttp = httpClientFields.find((name) => has(sd, name));
  if (has(sd, 'kubeconfig_file') && has(sd, 'api_server')) out.push(finding(here('kubeconfig_file'), t('cannot use \'kubeconfig_file\' and \'api_server\' simultaneously')));
  else if (has(sd, 'kubeconfig_file') && customHttp) out.push(finding(here(customHttp), t('cannot use a custom HTTP client configuration together with \'kubeconfig_file\'')));
  else if (!has(sd, 'kubeconfig_file') && !has(sd, 'api_server') && customHttp) out.push(finding(here(customHttp), t('to use custom HTTP client configuration please provide the \'api_server\' URL explicitly')));
  if (ownNamespace && has(sd, 'api_server')) out.push(finding(here('namespaces'), t('cannot use \'api_server\' and \'namespaces.own_namespace\' simultaneously')));
  if (ownNamespace && has(sd, 'kubeconfig_file')) out.push(finding(here('namespaces'), t('cannot use \'kubeconfig_file\' and \'namespaces.own_namespace\' simultaneously')));
  const seen = new Set<string>();
  for (const selector of items(field(sd, 'selectors'))) {
    if (!isRecord(selector.value)) continue;
    const selectorRole = field(selector, 'role');
    const name = typeof selectorRole?.value === 'string' ? selectorRole.value : '';
    if (seen.has(name)) out.push(finding(spanOf(selectorRole, selector.node), t('duplicated selector role: {0}', name)));
    seen.add(name);
    const allowed = kubernetesSelectorRoles[roleName];
    if (allowed && !allowed.includes(name)) out.push(finding(spanOf(selectorRole, selector.node), t('{0} role supports only {1} selectors', roleName, allowed.join(', '))));
    for (const kind of ['label', 'field']) {
      const at = field(selector, kind);
      if (typeof at?.value !== 'string' || at.value === '') continue;
      // k8s.io/apimachinery's selector syntax: comma-separated requirements, each with an operator.
      // Split at the commas outside `in (…)` lists (a comma whose next bracket is not `)`), read from the end:
      // /,(?![^(]*\))/ scanned to the end from each comma.
      const parts: string[] = [];
      let next = '';
      let end = at.value.length;
      for (let i = at.value.length - 1; i >= 0; i--) {
        const c = at.value[i];
        if (c === '(' || c === ')') next = c;
        else if (c === ',' && next !== ')') {
          parts.push(at.value.slice(i + 1, end));
          end = i;
        }
      }
      parts.push(at.value.slice(0, end));
      const bad = parts.reverse().find((part) => !/^\s*!?[\w./-]+(?:\s*(?:==?|!=)(?:\s*[\w./-]+)?|\s+(?:in|notin)\s+\(.*\))?\s*$/.test(part) || (kind === 'field' && !part.includes('=')));
      if (bad !== undefined) out.push(finding(spanOf(at, null), t('invalid selector: \'{0}\'; can\'t understand \'{1}\'', at.value, bad.trim())));
    }
  }
}

function marathon(sd: Located, out: Finding[]): void {
  if (!has(sd, 'servers')) out.push(finding(keySpan(field(sd, 'servers'), sd.node), t('marathon_sd: must contain at least one Marathon server')));
  const token = has(sd, 'auth_token') || has(sd, 'auth_token_file');
  const at = keySpan(field(sd, 'auth_token') ?? field(sd, 'auth_token_file'), sd.node);
  if (has(sd, 'auth_token') && has(sd, 'auth_token_file')) out.push(finding(at, t('marathon_sd: at most one of auth_token & auth_token_file must be configured')));
  if (token && has(sd, 'basic_auth')) out.push(finding(at, t('marathon_sd: at most one of basic_auth, auth_token & auth_token_file must be configured')));
  if (token && (has(sd, 'bearer_token') || has(sd, 'bearer_token_file'))) out.push(finding(at, t('marathon_sd: at most one of bearer_token, bearer_token_file, auth_token & auth_token_file must be configured')));
  if (token && has(sd, 'authorization')) out.push(finding(at, t('marathon_sd: at most one of auth_token, auth_token_file & authorization must be configured')));
}

const azureMethods = ['OAuth', 'ManagedIdentity', 'SDK', 'WorkloadIdentity'];

function azure(sd: Located, out: Finding[]): void {
  const method = isRecord(sd.value) && typeof sd.value.authentication_method === 'string' ? sd.value.authentication_method : 'OAuth';
  if (!azureMethods.includes(method)) {
    out.push(finding(spanOf(field(sd, 'authentication_method'), null), t('unknown authentication_type "{0}". Supported types are "OAuth", "ManagedIdentity", "SDK" or "WorkloadIdentity"', method)));
    return;
  }
  const required = method === 'OAuth' ? ['subscription_id', 'tenant_id', 'client_id', 'client_secret'] : ['subscription_id'];
  for (const name of required) if (!has(sd, name)) out.push(finding(keySpan(field(sd, name), sd.node), t('azure SD configuration requires a {0}', name)));
}

function eureka(sd: Located, out: Finding[]): void {
  const server = field(sd, 'server');
  if (!has(sd, 'server')) out.push(finding(keySpan(server, sd.node), t('empty or null eureka server')));
  else if (typeof server?.value === 'string' && !/^[a-z][a-z0-9+.-]*:\/\/[^/]/i.test(server.value)) out.push(finding(spanOf(server, null), t('invalid eureka server URL')));
}

/** discovery/stackit's Validate: an endpoint Go's url.Parse reads (a scheme before the first colon; the region has a default). */
function stackit(sd: Located, out: Finding[]): void {
  const endpoint = field(sd, 'endpoint');
  if (typeof endpoint?.value === 'string') {
    const colon = endpoint.value.search(/[:/?#]/);
    if (colon >= 0 && endpoint.value[colon] === ':' && !/^[a-z][a-z0-9+.-]*$/i.test(endpoint.value.slice(0, colon))) out.push(finding(spanOf(endpoint, null), t('stackit_sd: invalid endpoint {0}: missing protocol scheme', JSON.stringify(endpoint.value))));
  }
}

function outscale(sd: Located, out: Finding[]): void {
  if (!has(sd, 'region')) out.push(finding(keySpan(field(sd, 'region'), sd.node), t('outscale SD configuration requires a region')));
  if (has(sd, 'secret_key') && has(sd, 'secret_key_file')) out.push(finding(keySpan(field(sd, 'secret_key_file'), sd.node), t('at most one of secret_key & secret_key_file must be configured')));
  else if (!has(sd, 'secret_key') && !has(sd, 'secret_key_file')) out.push(finding(keySpan(sd, sd.node), t('one of secret_key & secret_key_file must be configured')));
}

function ec2(sd: Located, out: Finding[]): void {
  for (const filter of items(field(sd, 'filters'))) {
    if (isRecord(filter.value) && !has(filter, 'values')) out.push(finding(keySpan(field(filter, 'values'), filter.node), t('EC2 SD configuration filter values cannot be empty')));
  }
}

const sdChecks: Record<string, (sd: Located, out: Finding[]) => void> = {
  kubernetes_sd_configs: kubernetes,
  marathon_sd_configs: marathon,
  azure_sd_configs: azure,
  eureka_sd_configs: eureka,
  stackit_sd_configs: stackit,
  outscale_sd_configs: outscale,
  ec2_sd_configs: ec2,
  uyuni_sd_configs: (sd, out) => {
    if (!has(sd, 'server')) out.push(finding(keySpan(field(sd, 'server'), sd.node), t('Uyuni SD configuration requires server host')));
  },
};

/** Every service discovery section of a scrape or Alertmanager config: its own checks, and the HTTP client's (`checkAuth`) where it has one. */
export function checkServiceDiscovery(at: Located, sections: readonly string[], checkAuth: (sd: Located, out: Finding[]) => void, out: Finding[]): void {
  for (const section of sections) {
    for (const sd of items(field(at, section))) {
      if (!isRecord(sd.value)) continue;
      checkAuth(sd, out);
      sdChecks[section]?.(sd, out);
    }
  }
}

const reservedTracingHeaders = ['x-prometheus-remote-write-version', 'content-type', 'content-encoding', 'user-agent', 'x-prometheus-remote-read-version'];

/** config.TracingConfig's Validate. */
export function checkTracing(root: Located, out: Finding[]): void {
  const tracing = field(root, 'tracing');
  if (!tracing || !isRecord(tracing.value) || Object.keys(tracing.value).length === 0) return;
  if (!has(tracing, 'endpoint')) out.push(finding(keySpan(tracing, tracing.node), t('tracing endpoint must be set')));
  const compression = field(tracing, 'compression');
  if (compression && has(tracing, 'compression') && compression.value !== 'gzip') out.push(finding(spanOf(compression, null), t('invalid compression type {0} provided, valid options: gzip', String(compression.value))));
  const headers = field(tracing, 'headers');
  for (const name of isRecord(headers?.value) ? Object.keys(headers.value) : []) {
    const at = keySpan(field(headers!, name), headers!.node);
    if (name.toLowerCase() === 'authorization') out.push(finding(at, t('authorization header configuration is not yet supported')));
    else if (reservedTracingHeaders.includes(name.toLowerCase())) out.push(finding(at, t('{0} is a reserved header. It must not be changed', name)));
  }
}

/** config.TSDBConfig's decoding: retention and chunk encoding. */
export function checkTsdb(root: Located, out: Finding[]): void {
  const storage = field(root, 'storage');
  const tsdb = storage && field(storage, 'tsdb');
  if (!tsdb || !isRecord(tsdb.value)) return;
  const retention = field(tsdb, 'retention');
  if (retention && isRecord(retention.value)) {
    const time = field(retention, 'time');
    if (time && time.value !== null && durationValue(time.value) === undefined) out.push(finding(spanOf(time, null), t('not a valid duration string: {0}', JSON.stringify(time.value))));
    const size = field(retention, 'size');
    if (size && typeof size.value === 'string' && size.value.trim().startsWith('-')) out.push(finding(spanOf(size, null), t('\'storage.tsdb.retention.size\' must be greater than or equal to 0')));
    const percentage = field(retention, 'percentage');
    if (percentage && typeof percentage.value === 'number' && (percentage.value < 0 || percentage.value > 100)) out.push(finding(spanOf(percentage, null), t('\'storage.tsdb.retention.percentage\' must be in the range [0, 100]')));
  }
  const encoding = field(tsdb, 'chunk_encoding');
  const floats = encoding && field(encoding, 'floats');
  if (floats && floats.value !== null && floats.value !== 'xor' && floats.value !== 'xor2') {
    out.push(finding(spanOf(floats, null), t('\'storage.tsdb.chunk_encoding.floats\' must be \'xor\' or \'xor2\', or the field must be omitted entirely, got {0}', JSON.stringify(floats.value))));
  }
}

const translationStrategies = ['UnderscoreEscapingWithSuffixes', 'UnderscoreEscapingWithoutSuffixes', 'NoUTF8EscapingWithSuffixes', 'NoTranslation'];

/** Trimmed attributes, empty or repeated (config.sanitizeAttributes). */
function attributeProblem(at: Located | undefined, adjective: string): string | undefined {
  const seen = new Set<string>();
  for (const item of items(at)) {
    const attribute = String(item.value ?? '').trim();
    if (attribute === '') return t('empty {0} OTel resource attribute', adjective);
    if (seen.has(attribute)) return t('duplicated {0} OTel resource attribute {1}', adjective, JSON.stringify(attribute));
    seen.add(attribute);
  }
  return undefined;
}

/** config.OTLPConfig's decoding, and its translation strategy against the global validation scheme (config.Load). */
export function checkOtlp(root: Located, out: Finding[]): void {
  const otlp = field(root, 'otlp');
  if (!otlp || !isRecord(otlp.value)) return;
  const here = (name: string) => keySpan(field(otlp, name), otlp.node);
  if (otlp.value.promote_all_resource_attributes === true) {
    if (has(otlp, 'promote_resource_attributes')) out.push(finding(here('promote_resource_attributes'), t('\'promote_all_resource_attributes\' and \'promote_resource_attributes\' cannot be configured simultaneously')));
    else {
      const problem = attributeProblem(field(otlp, 'ignore_resource_attributes'), 'ignored');
      if (problem) out.push(finding(here('ignore_resource_attributes'), t('invalid \'ignore_resource_attributes\': {0}', problem)));
    }
  } else if (has(otlp, 'ignore_resource_attributes')) {
    out.push(finding(here('ignore_resource_attributes'), t('\'ignore_resource_attributes\' cannot be configured unless \'promote_all_resource_attributes\' is true')));
  } else {
    const problem = attributeProblem(field(otlp, 'promote_resource_attributes'), 'promoted');
    if (problem) out.push(finding(here('promote_resource_attributes'), t('invalid \'promote_resource_attributes\': {0}', problem)));
  }
  const strategy = field(otlp, 'translation_strategy');
  if (typeof strategy?.value === 'string' && strategy.value !== '' && !translationStrategies.includes(strategy.value)) {
    out.push(finding(spanOf(strategy, null), t('unsupported OTLP translation strategy {0}', JSON.stringify(strategy.value))));
  } else if (typeof strategy?.value === 'string' && strategy.value.startsWith('No')) {
    const global = field(root, 'global');
    if (global && isRecord(global.value) && global.value.metric_name_validation_scheme === 'legacy') out.push(finding(spanOf(strategy, null), t('OTLP translation strategy {0} is not allowed when UTF8 is disabled', JSON.stringify(strategy.value))));
  }
}

const escapingSchemes = ['allow-utf-8', 'underscores', 'dots', 'values'];

/** The metric name validation and escaping schemes of `global` or a scrape config (config.GlobalConfig, ScrapeConfig.Validate). */
export function checkNameSchemes(at: Located, out: Finding[]): void {
  const validation = field(at, 'metric_name_validation_scheme');
  const escaping = field(at, 'metric_name_escaping_scheme');
  if (validation && typeof validation.value === 'string' && !['', 'legacy', 'utf8'].includes(validation.value)) {
    out.push(finding(spanOf(validation, null), t('unknown name validation method specified, must be either \'\', \'legacy\' or \'utf8\', got {0}', validation.value)));
  }
  if (escaping && typeof escaping.value === 'string' && escaping.value !== '' && !escapingSchemes.includes(escaping.value)) {
    out.push(finding(spanOf(escaping, null), t('unknown name escaping method specified, must be one of \'allow-utf-8\', \'underscores\', \'dots\', or \'values\', got {0}', JSON.stringify(escaping.value))));
  } else if (validation?.value === 'legacy' && escaping?.value === 'allow-utf-8') {
    out.push(finding(spanOf(escaping, null), t('utf8 metric names requested but validation scheme is not set to UTF8')));
  }
}

const scrapeProtocols = ['OpenMetricsText0.0.1', 'OpenMetricsText1.0.0', 'PrometheusProto', 'PrometheusText0.0.4', 'PrometheusText1.0.0'];
const unknownProtocol = (name: string) => t('unknown scrape protocol {0}, supported: [{1}]', name, scrapeProtocols.join(' '));

/** `scrape_protocols` and `fallback_scrape_protocol` of `global` or a scrape config (validateAcceptScrapeProtocols), and `body_size_limit`'s unit. */
export function checkScrapeProtocols(at: Located, job: string | undefined, out: Finding[]): void {
  const list = field(at, 'scrape_protocols');
  const seen = new Set<string>();
  for (const item of items(list)) {
    const name = String(item.value);
    if (seen.has(name.toLowerCase())) {
      out.push(finding(spanOf(item, null), t('duplicated protocol in scrape_protocols, got [{0}]', items(list).map((i) => String(i.value)).join(' '))));
      break;
    }
    seen.add(name.toLowerCase());
    if (!scrapeProtocols.includes(name)) {
      out.push(finding(spanOf(item, null), t('scrape_protocols: {0}', unknownProtocol(name))));
      break;
    }
  }
  const fallback = field(at, 'fallback_scrape_protocol');
  if (job !== undefined && typeof fallback?.value === 'string' && fallback.value !== '' && !scrapeProtocols.includes(fallback.value)) {
    out.push(finding(spanOf(fallback, null), t('invalid fallback_scrape_protocol for scrape config with job name "{0}": {1}', job, unknownProtocol(fallback.value))));
  }
  // units.ParseBase2Bytes: a size needs its unit (`100MB`), a bare number other than 0 has none.
  const limit = field(at, 'body_size_limit');
  if (limit && (typeof limit.value === 'number' || (typeof limit.value === 'string' && /^\d+(\.\d+)?$/.test(limit.value))) && Number(limit.value) !== 0) {
    out.push(finding(spanOf(limit, null), t('units: unknown unit  in {0}', String(limit.value))));
  }
}

const protobufMessages = ['prometheus.WriteRequest', 'io.prometheus.write.v2.Request'];

/** A remote write's `protobuf_message` (config.RemoteWriteProtoMsg.Validate). */
export function checkProtobufMessage(at: Located, out: Finding[]): void {
  const message = field(at, 'protobuf_message');
  if (typeof message?.value === 'string' && message.value !== '' && !protobufMessages.includes(message.value)) {
    out.push(finding(spanOf(message, null), t('invalid protobuf_message value: unknown type for remote write protobuf message {0}, supported: {1}', message.value, protobufMessages.join(', '))));
  }
}
