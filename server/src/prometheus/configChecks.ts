import { minimatch } from 'minimatch';
import type { ComposeFace } from '../compose/api';
import type { Finding } from '../common/findings';
import { closestName } from '../common/suggest';
import { t } from '../l10n/t';
import type { WorkspaceIndex } from '../workspace/index';
import { configKeys, sdConfigs } from './configKeys';
import { durationValue } from './duration';
import { checkRelabelConfigs } from './relabel';
import { checkNameSchemes, checkOtlp, checkProtobufMessage, checkScrapeProtocols, checkServiceDiscovery, checkTracing, checkTsdb } from './sdChecks';
import { composeStackOf, composeTargetProblem, splitTarget } from './stack';
import { kubernetesTargetProblem } from './targets';
import * as ids from './rules';
import { entriesOf, field, isRecord, items, keySpan, spanOf, suggestionData, type Located } from './yamlValues';

export interface ConfigCheckContext {
  uri: string;
  index: WorkspaceIndex;
  /** The Compose family's face (Family.faces), when the run has that family: the Compose project beside the configuration is read through it. */
  compose?: ComposeFace;
  /** The user's `archipel.compose.files` globs (the Compose project of the configuration is read with them). */
  composeGlobs?: readonly string[];
}

function finding(code: string, span: { start: number; end: number }, message: string, severity?: Finding['severity']): Finding {
  return { start: span.start, end: span.end, code, message, ...(severity ? { severity } : {}) };
}

function unknownFields(at: Located | undefined, type: string, out: Finding[]): void {
  const known = configKeys[type] ?? [];
  // Go names the type its decoder was given: sections decode through a local `plain` type.
  const shown = type.startsWith('config.') ? 'config.plain' : type;
  for (const { name, at: entry } of entriesOf(at)) {
    if (known.includes(name)) continue;
    const suggestion = closestName(name, known, false);
    const span = keySpan(entry, at?.node ?? null);
    out.push({ ...finding(ids.configStructure.id, span, suggestion ? t('field {0} not found in type {1}; did you mean {2}?', name, shown, suggestion) : t('field {0} not found in type {1}', name, shown)), ...suggestionData(span, name, suggestion) });
  }
}

function durationOf(at: Located | undefined, out: Finding[]): number | undefined {
  if (!at || at.value === null || at.value === undefined) return undefined;
  const ms = durationValue(at.value);
  if (ms === undefined) out.push(finding(ids.configStructure.id, spanOf(at, null), t('not a valid duration string: {0}', JSON.stringify(at.value))));
  return ms;
}

/** A list whose items must be mappings: a null or empty item is Go's "empty or null …" error. */
function sectionItems(at: Located | undefined, emptyMessage: string, out: Finding[]): Located[] {
  const list = items(at);
  for (const item of list) if (!isRecord(item.value)) out.push(finding(ids.configStructure.id, spanOf(item, at?.node ?? null), emptyMessage));
  return list.filter((item) => isRecord(item.value));
}

/** common/config's exclusive authentication fields. */
function checkAuth(at: Located, out: Finding[]): void {
  const has = (name: string) => {
    const value = isRecord(at.value) ? at.value[name] : undefined;
    return value !== undefined && value !== null && value !== '';
  };
  const span = keySpan(field(at, 'bearer_token_file') ?? field(at, 'bearer_token') ?? field(at, 'authorization') ?? field(at, 'basic_auth'), at.node);
  if (has('bearer_token') && has('bearer_token_file')) out.push(finding(ids.configStructure.id, span, t('at most one of bearer_token & bearer_token_file must be configured')));
  const count = ['basic_auth', 'oauth2'].filter(has).length + (has('bearer_token') || has('bearer_token_file') ? 1 : 0);
  if (count > 1) out.push(finding(ids.configStructure.id, span, t('at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured')));
  if (has('authorization') && ['basic_auth', 'oauth2'].some(has)) out.push(finding(ids.configStructure.id, span, t('at most one of basic_auth, oauth2 & authorization must be configured')));
  if (has('authorization') && (has('bearer_token') || has('bearer_token_file'))) out.push(finding(ids.configStructure.id, span, t('authorization is not compatible with bearer_token & bearer_token_file')));
}

/** What is wrong with a target of the stack: the message, and the Compose service meant for a misspelt host. */
export interface StackProblem {
  message: string;
  /** The host as written and the service it most likely meant ("did you mean"). */
  misspelt?: { host: string; suggestion: string };
}

/**
 * A target (`host:port`) that names no service of the stack: a Kubernetes Service's cluster name no
 * Service of the workspace answers (or on a port it does not expose), or a host no service of the
 * Compose project beside `context.uri` answers (or on a port it does not declare).
 */
export function stackProblem(address: string, context: ConfigCheckContext): StackProblem | undefined {
  const service = kubernetesTargetProblem(address, context.index);
  if (service?.kind === 'service') return { message: t('no Kubernetes Service {0} in the workspace answers "{1}"', service.service, address) };
  if (service?.kind === 'port') return { message: t('Service {0} exposes port(s) {1}, not the port of "{2}"', service.service, (service.ports ?? []).join(', '), address) };
  const { host, port } = splitTarget(address);
  const problem = composeTargetProblem(host, port, composeStackOf(context.uri, context.index, context.compose, context.composeGlobs));
  if (problem?.kind === 'host') {
    return problem.suggestion
      ? { message: t('no service {0} in the Compose project ({1}) answers "{2}"; did you mean {3}?', problem.host, problem.file, address, problem.suggestion), misspelt: { host: problem.host, suggestion: problem.suggestion } }
      : { message: t('no service {0} in the Compose project ({1}) answers "{2}"', problem.host, problem.file, address) };
  }
  if (problem?.kind === 'port') return { message: t('Compose service {0} declares port(s) {1}, not {2} ("{3}")', problem.service, problem.ports, String(problem.port), address) };
  return undefined;
}

/**
 * The finding of a stack problem of the scalar `at` (`written` is its value): on the whole value,
 * or on the misspelt host alone with the service meant as its quick fix when the value is written
 * plain and holds the host once.
 */
export function stackFinding(code: string, at: Located, written: string, problem: StackProblem): Finding {
  const whole = spanOf(at, null);
  const host = problem.misspelt?.host;
  const from = host ? written.indexOf(host) : -1;
  if (!problem.misspelt || from < 0 || written.indexOf(host!, from + 1) >= 0 || whole.end - whole.start !== written.length) return finding(code, whole, problem.message);
  const span = { start: whole.start + from, end: whole.start + from + host!.length };
  return { ...finding(code, span, problem.message), ...suggestionData(span, host!, problem.misspelt.suggestion) };
}

/** Static targets: `host` or `host:port`, never a URL (Prometheus: "… is not a valid hostname"). */
function checkStaticConfigs(at: Located | undefined, context: ConfigCheckContext, out: Finding[]): void {
  for (const group of sectionItems(at, 'empty or null section in static_configs', out)) {
    unknownFields(group, 'targetgroup.Group', out);
    for (const target of items(field(group, 'targets'))) {
      if (typeof target.value !== 'string') continue;
      const address = target.value;
      if (address.includes('/')) {
        out.push(finding(ids.configStructure.id, spanOf(target, null), t('"{0}" is not a valid hostname', address)));
        continue;
      }
      const problem = stackProblem(address, context);
      if (problem) out.push(stackFinding(ids.configTarget.id, target, address, problem));
      const port = /^(?:\[[^\]]*\]|[^:]*):(.*)$/.exec(address)?.[1];
      if (port !== undefined && !/^\d{1,5}$/.test(port) && !address.includes('${')) out.push(finding(ids.configStructure.id, spanOf(target, null), t('"{0}" is not host:port: the port {1} is not a number', address, JSON.stringify(port)), 'warning'));
      else if (port !== undefined && Number(port) > 65535) out.push(finding(ids.configStructure.id, spanOf(target, null), t('"{0}" is not host:port: the port {1} is not a number', address, port), 'warning'));
    }
  }
}

function checkScrapeConfigs(root: Located, globalInterval: number, globalTimeout: number, context: ConfigCheckContext, out: Finding[]): void {
  const seen = new Map<string, Located>();
  for (const job of sectionItems(field(root, 'scrape_configs'), 'empty or null scrape config section', out)) {
    unknownFields(job, 'config.ScrapeConfig', out);
    const nameAt = field(job, 'job_name');
    const name = typeof nameAt?.value === 'string' ? nameAt.value : nameAt?.value == null ? '' : String(nameAt.value);
    if (name === '') out.push(finding(ids.configStructure.id, nameAt ? spanOf(nameAt, null) : keySpan(job, job.node), t('job_name is empty')));
    else if (seen.has(name)) out.push(finding(ids.configStructure.id, spanOf(nameAt, null), t('found multiple scrape configs with job name "{0}"', name)));
    else seen.set(name, job);
    const interval = durationOf(field(job, 'scrape_interval'), out) ?? globalInterval;
    const ownTimeout = durationOf(field(job, 'scrape_timeout'), out);
    const timeout = ownTimeout ?? (globalTimeout > interval ? interval : globalTimeout);
    if (timeout > interval) out.push(finding(ids.configStructure.id, spanOf(field(job, 'scrape_timeout'), job.node), t('scrape timeout greater than scrape interval for scrape config with job name "{0}"', name)));
    checkAuth(job, out);
    checkStaticConfigs(field(job, 'static_configs'), context, out);
    checkServiceDiscovery(job, sdConfigs, checkAuth, out);
    checkNameSchemes(job, out);
    checkScrapeProtocols(job, name, out);
    checkRelabelConfigs(field(job, 'relabel_configs'), 'empty or null target relabeling rule', out);
    checkRelabelConfigs(field(job, 'metric_relabel_configs'), 'empty or null metric relabeling rule', out);
  }
}

function checkAlerting(root: Located, context: ConfigCheckContext, out: Finding[]): void {
  const alerting = field(root, 'alerting');
  if (!alerting || !isRecord(alerting.value)) return;
  unknownFields(alerting, 'config.AlertingConfig', out);
  checkRelabelConfigs(field(alerting, 'alert_relabel_configs'), 'empty or null alert relabeling rule', out);
  for (const manager of sectionItems(field(alerting, 'alertmanagers'), 'empty or null alertmanager config', out)) {
    unknownFields(manager, 'config.AlertmanagerConfig', out);
    checkServiceDiscovery(manager, sdConfigs, checkAuth, out);
    durationOf(field(manager, 'timeout'), out);
    const version = field(manager, 'api_version');
    if (version && version.value !== null && !['v1', 'v2'].includes(String(version.value))) out.push(finding(ids.configStructure.id, spanOf(version, null), t('expected Alertmanager api version to be one of [v1 v2] but got {0}', String(version.value))));
    const scheme = field(manager, 'scheme');
    if (scheme && typeof scheme.value === 'string' && !['http', 'https'].includes(scheme.value)) out.push(finding(ids.configStructure.id, spanOf(scheme, null), t('URL scheme must be \'http\' or \'https\'')));
    checkAuth(manager, out);
    checkStaticConfigs(field(manager, 'static_configs'), context, out);
    checkRelabelConfigs(field(manager, 'relabel_configs'), 'empty or null Alertmanager target relabeling rule', out);
    checkRelabelConfigs(field(manager, 'alert_relabel_configs'), 'empty or null alert relabeling rule', out);
  }
}

const reservedHeaders = ['authorization', 'host', 'content-encoding', 'content-length', 'content-type', 'user-agent', 'connection', 'keep-alive', 'proxy-authenticate', 'proxy-authorization', 'www-authenticate', 'retry-after', 'x-prometheus-remote-write-version', 'x-prometheus-remote-read-version'];

function checkRemote(root: Located, key: 'remote_write' | 'remote_read', out: Finding[]): void {
  const names = new Set<string>();
  const kind = key === 'remote_write' ? 'write' : 'read';
  for (const remote of sectionItems(field(root, key), key === 'remote_write' ? 'empty or null remote write config section' : 'empty or null remote read config section', out)) {
    unknownFields(remote, key === 'remote_write' ? 'config.RemoteWriteConfig' : 'config.RemoteReadConfig', out);
    if (key === 'remote_write') checkProtobufMessage(remote, out);
    const url = field(remote, 'url');
    if (!url || typeof url.value !== 'string' || url.value === '') out.push(finding(ids.configStructure.id, url ? spanOf(url, null) : keySpan(remote, remote.node), t('url for {0} is empty', key)));
    const name = field(remote, 'name');
    if (name && typeof name.value === 'string' && name.value !== '') {
      if (names.has(name.value)) out.push(finding(ids.configStructure.id, spanOf(name, null), t('found multiple remote {0} configs with job name "{1}"', kind, name.value)));
      names.add(name.value);
    }
    durationOf(field(remote, 'remote_timeout'), out);
    for (const { name: header, at } of entriesOf(field(remote, 'headers'))) {
      const lower = header.toLowerCase();
      if (lower === 'authorization') out.push(finding(ids.configStructure.id, keySpan(at, null), t('authorization header must be changed via the basic_auth, authorization, oauth2, sigv4, azuread or google_iam parameter')));
      else if (reservedHeaders.includes(lower)) out.push(finding(ids.configStructure.id, keySpan(at, null), t('{0} is a reserved header. It must not be changed', header)));
    }
    checkAuth(remote, out);
    if (key === 'remote_write') {
      checkRelabelConfigs(field(remote, 'write_relabel_configs'), 'empty or null relabeling rule in remote write config', out);
      checkQueue(field(remote, 'queue_config'), out);
      unknownFields(field(remote, 'metadata_config'), 'config.MetadataConfig', out);
    }
  }
}

function checkQueue(queue: Located | undefined, out: Finding[]): void {
  if (!queue || !isRecord(queue.value)) return;
  unknownFields(queue, 'config.QueueConfig', out);
  const number = (name: string) => (typeof (queue.value as Record<string, unknown>)[name] === 'number' ? ((queue.value as Record<string, unknown>)[name] as number) : undefined);
  for (const name of ['max_samples_per_send', 'max_shards', 'min_shards', 'capacity']) {
    const value = number(name);
    if (value !== undefined && value <= 0) out.push(finding(ids.configStructure.id, spanOf(field(queue, name), null), t('remote write queue {0} must be positive', name)));
  }
  const [min, max] = [number('min_shards'), number('max_shards')];
  if (min !== undefined && max !== undefined && min > max) out.push(finding(ids.configStructure.id, spanOf(field(queue, 'min_shards'), null), t('remote write queue min_shards must not be greater than max_shards')));
  const [minBackoff, maxBackoff] = [durationOf(field(queue, 'min_backoff'), out), durationOf(field(queue, 'max_backoff'), out)];
  if (minBackoff !== undefined && maxBackoff !== undefined && maxBackoff < minBackoff) out.push(finding(ids.configStructure.id, spanOf(field(queue, 'max_backoff'), null), t('remote write queue max_backoff must not be less than min_backoff')));
}

function dirOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/') + 1);
}

/** `rule_files`: Go's filepath.Match patterns, relative to the configuration's folder, each matching a file of the workspace. */
function checkRuleFiles(root: Located, context: ConfigCheckContext, out: Finding[]): void {
  const base = dirOf(context.uri);
  const uris = [...context.index.files()].map((f) => f.uri).filter((uri) => uri.startsWith(base));
  for (const entry of [...items(field(root, 'rule_files')), ...items(field(root, 'scrape_config_files'))]) {
    if (typeof entry.value !== 'string') continue;
    const pattern = entry.value;
    // config.go's patRulePath: a wildcard in the last path element only.
    if (!/^[^*]*(\*[^/]*)?$/.test(pattern)) {
      out.push(finding(ids.configStructure.id, spanOf(entry, null), t('invalid rule file path "{0}"', pattern)));
      continue;
    }
    // Absolute paths name the machine Prometheus runs on (a container's /etc/prometheus): not checked.
    if (pattern.startsWith('/') || pattern.includes('${')) continue;
    const relative = (uri: string) => decodeURIComponent(uri.slice(base.length));
    // A pattern longer than a path (4,096 bytes on Linux) matches nothing; minimatch refuses one over 64 kB.
    if (pattern.length > 4096 || !uris.some((uri) => minimatch(relative(uri), pattern.replace(/^\.\//, ''), { dot: true }))) {
      out.push(finding(ids.configRuleFiles.id, spanOf(entry, null), t('"{0}" matches no file of the workspace (relative to {1})', pattern, decodeURIComponent(base.replace(/^file:\/\//, '')) || '.')));
    }
  }
}

/** promtool check config's checks of one prometheus.yml document. Offsets are relative to the document's chunk. */
export function configFindings(root: Located, context: ConfigCheckContext): Finding[] {
  const out: Finding[] = [];
  if (!isRecord(root.value)) return out;
  unknownFields(root, 'config.plain', out);
  const global = field(root, 'global');
  if (global && isRecord(global.value)) unknownFields(global, 'config.GlobalConfig', out);
  const globalInterval = durationOf(global && field(global, 'scrape_interval'), out) ?? 60_000;
  const globalTimeout = durationOf(global && field(global, 'scrape_timeout'), out) ?? Math.min(10_000, globalInterval);
  durationOf(global && field(global, 'evaluation_interval'), out);
  if (globalTimeout > globalInterval) out.push(finding(ids.configStructure.id, spanOf(global && field(global, 'scrape_timeout'), null), t('global scrape timeout greater than scrape interval')));
  for (const section of ['storage', 'runtime', 'tracing'] as const) {
    const at = field(root, section);
    if (at && isRecord(at.value)) unknownFields(at, `config.${section === 'storage' ? 'StorageConfig' : section === 'runtime' ? 'RuntimeConfig' : 'TracingConfig'}`, out);
  }
  checkScrapeConfigs(root, globalInterval, globalTimeout, context, out);
  checkAlerting(root, context, out);
  checkRemote(root, 'remote_write', out);
  checkRemote(root, 'remote_read', out);
  checkRuleFiles(root, context, out);
  checkTracing(root, out);
  checkTsdb(root, out);
  checkOtlp(root, out);
  if (global) checkNameSchemes(global, out);
  if (global) checkScrapeProtocols(global, undefined, out);
  return out;
}
