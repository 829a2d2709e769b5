import { PerGeneration } from '../workspace/perGeneration';
import { FileMatcher } from '../common/fileSelector';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import { parseDuration } from './duration';
import { lokiRuleDirectory, lokiRuleDirectoryOfTemplate, mayNameLokiRules } from './lokiRuler';
import { ruleGroupsHolder } from './ruleFile';
import { isRecord } from './yamlValues';

/** What Prometheus's files of the workspace tell each other, read once per index generation. */
export interface MonitoringKnowledge {
  /** Recording rule names → the files recording them. */
  recorded: ReadonlyMap<string, readonly string[]>;
  /** The smallest scrape interval of the workspace's Prometheus configurations (global or per job), in ms. */
  scrapeIntervalMs?: number;
  /** `rule_files` patterns of every configuration, with the configuration's URI. */
  ruleFilePatterns: readonly { pattern: string; configUri: string }[];
  /** Loki rulers' local rule directories (lokiRuler.ts), with the configuration's URI: the rule files there are LogQL. */
  lokiRulers: readonly { directory: string; configUri: string }[];
}

const matchers = new Map<string, FileMatcher>();

/** Whether the user's `archipel.prometheus.files` globs name the file. */
function namedByUser(uri: string, globs: readonly string[]): boolean {
  if (globs.length === 0) return false;
  const key = globs.join('\n');
  let matcher = matchers.get(key);
  if (!matcher) {
    if (matchers.size > 16) matchers.clear();
    matchers.set(key, (matcher = new FileMatcher([], globs)));
  }
  return matcher.match(decodeURIComponent(uri.replace(/^file:\/\//, ''))) === 'yes';
}

/**
 * A Prometheus configuration by content: a mapping with scrape_configs, or global/rule_files/alerting/remote_write
 * and no rule groups or tests in a file named as Prometheus's (`prometheus*.yml`, `prometheus/*.yml`, or the
 * user's `archipel.prometheus.files` globs).
 */
export function isPrometheusConfig(uri: string, value: unknown, globs: readonly string[] = []): boolean {
  if (!isRecord(value) || 'groups' in value || 'tests' in value || 'apiVersion' in value) return false;
  if (promtailSections.some((key) => key in value)) return false;
  if (Array.isArray(value.scrape_configs) || value.scrape_configs === null) return true;
  const keys = Object.keys(value);
  // A Helm chart's values file (values.yaml of a chart in a `prometheus/` folder, prometheus-values.yaml) is named for the chart, not as Prometheus's.
  const named = (/(^|\/)prometheus(\/[^/]*|[^/]*)\.ya?ml$/i.test(uri) && !/values[^/]*$/i.test(uri)) || namedByUser(uri, globs);
  if (named) return keys.some((key) => configSections.includes(key));
  // Recognised by content: every top-level key a section of prometheus.yml, one of them beyond `global` (which other tools' files have too).
  return keys.length > 0 && keys.every((key) => configSections.includes(key)) && keys.some((key) => key !== 'global');
}

/**
 * Top-level sections of a Promtail configuration (clients/pkg/promtail/config's Config) that prometheus.yml never has:
 * Promtail's `scrape_configs` (with `pipeline_stages`, `__path__`) are Promtail's, checked by Promtail, not Prometheus.
 */
const promtailSections = ['server', 'client', 'clients', 'positions', 'target_config', 'limits_config', 'options', 'wal'];

/** The top-level sections of prometheus.yml (config.plain) that say a file is one, when its name does not. */
const configSections = ['global', 'runtime', 'alerting', 'rule_files', 'scrape_config_files', 'storage', 'tracing', 'remote_write', 'remote_read', 'otlp'];

/** A promtool unit-test file: `tests`, with `rule_files` or tests that read as promtool's (input series, alert or PromQL tests). */
export function isRuleTestFile(value: unknown): boolean {
  if (!isRecord(value) || !Array.isArray(value.tests)) return false;
  const tests: unknown[] = value.tests;
  return 'rule_files' in value || tests.some((test) => isRecord(test) && ('input_series' in test || 'alert_rule_test' in test || 'promql_expr_test' in test));
}

const cache = new PerGeneration<WorkspaceIndex, MonitoringKnowledge>();

function firstValue(file: IndexedFile): unknown[] {
  const yaml = file.yaml;
  if (!yaml) return [];
  return yaml.chunks.map(({ chunk }) => (chunk.wellFormed ? chunk.value : undefined));
}

/** What one file version tells the others (read once per version, cached on the file). */
interface FileFacts {
  records: string[];
  scrapeIntervals: number[];
  ruleFiles: string[];
  lokiRuleDirectories?: string[];
}

const factsKey = Symbol('prometheus-facts');
const noFacts: FileFacts = { records: [], scrapeIntervals: [], ruleFiles: [] };

/**
 * The keys one of which a file must hold to tell the others anything: a recording rule's `record`,
 * a configuration's `scrape_configs` or sections (isPrometheusConfig). As keys: the word, maybe
 * quoted, then a colon on the same line (a YAML implicit key is one line), or the word under an
 * anchor (an alias may then be the key). Words alone ("storage", "global", "alerting" are common in
 * alert descriptions) made 17 of awesome-prometheus-alerts' 112 files parsed at the check of any one;
 * as keys, one (the one with a recording rule). The first check of one rule file in a folder of
 * alerting rules does not read the YAML of the others.
 */
const keyWords = `(?:record|scrape_configs|${configSections.join('|')})`;
const tellingKey = new RegExp(`\\b${keyWords}["']?[ \\t]*:|&[^\\s&]+[ \\t]+["']?${keyWords}`);
/**
 * Escapes that can spell a key's letters in a quoted key (`"\x72ecord"`, JSON's `\u`), or join two
 * lines of one; an explicit key (`? record`, whose colon may be on the next line).
 */
const spelledKey = /\\(?:[Uux]|\r?\n)|^[\t -]*\?(?:[\t ]|$)|[,[{][\t ]*\?[\t ]/m;

/**
 * Whether the file may hold a rule group with a recording rule, or a configuration: a conservative
 * test of its text (an alias's or a merge key's anchor holds the key's word too).
 */
function mayTellOthers(text: string): boolean {
  return /groups|scrape_configs|rule_files|PrometheusRule/.test(text) && (tellingKey.test(text) || spelledKey.test(text));
}

function readFacts(file: IndexedFile, globs: readonly string[]): FileFacts {
  // Only files that may be Prometheus's or a Loki ruler's configuration, and tell something, are parsed here.
  const loki = mayNameLokiRules(file.text);
  if (file.skipped === 'template') {
    // A template tells only its Loki ruler's directory (a Nomad job's Loki configuration): the rest waits for its render.
    const directory = loki ? lokiRuleDirectoryOfTemplate(file.text) : undefined;
    return directory !== undefined ? { ...noFacts, lokiRuleDirectories: [directory] } : noFacts;
  }
  if (!loki && !mayTellOthers(file.text)) return noFacts;
  const facts: FileFacts = { records: [], scrapeIntervals: [], ruleFiles: [] };
  for (const value of firstValue(file)) {
    const lokiDirectory = loki ? lokiRuleDirectory(value) : undefined;
    if (lokiDirectory !== undefined) (facts.lokiRuleDirectories ??= []).push(lokiDirectory);
    else if (ruleGroupsHolder(value, null)) {
      const holder = (value as { kind?: unknown; spec?: unknown }).kind === 'PrometheusRule' ? (value as { spec: unknown }).spec : value;
      const groups = isRecord(holder) && Array.isArray(holder.groups) ? holder.groups : [];
      for (const group of groups) {
        const rules = isRecord(group) && Array.isArray(group.rules) ? group.rules : [];
        for (const rule of rules) if (isRecord(rule) && typeof rule.record === 'string') facts.records.push(rule.record);
      }
    } else if (isPrometheusConfig(file.uri, value, globs) && isRecord(value)) {
      const global = isRecord(value.global) ? value.global : {};
      const globalInterval = (typeof global.scrape_interval === 'string' ? parseDuration(global.scrape_interval) : undefined) ?? 60_000;
      const jobs = Array.isArray(value.scrape_configs) ? value.scrape_configs : [];
      if (jobs.length === 0) facts.scrapeIntervals.push(globalInterval);
      for (const job of jobs) facts.scrapeIntervals.push((isRecord(job) && typeof job.scrape_interval === 'string' ? parseDuration(job.scrape_interval) : undefined) ?? globalInterval);
      const patterns = Array.isArray(value.rule_files) ? value.rule_files : [];
      for (const pattern of patterns) if (typeof pattern === 'string') facts.ruleFiles.push(pattern);
    }
  }
  return facts;
}

export function monitoringKnowledge(index: WorkspaceIndex, globs: readonly string[] = []): MonitoringKnowledge {
  const globsKey = globs.join('\n');
  return cache.get(index, index.generation, [globsKey], () => readKnowledge(index, globs, globsKey));
}

function readKnowledge(index: WorkspaceIndex, globs: readonly string[], globsKey: string): MonitoringKnowledge {
  const recorded = new Map<string, string[]>();
  const ruleFilePatterns: { pattern: string; configUri: string }[] = [];
  const lokiRulers: { directory: string; configUri: string }[] = [];
  let scrapeIntervalMs: number | undefined;
  for (const file of index.files()) {
    if (!file.isYaml || (file.skipped !== undefined && file.skipped !== 'template')) continue;
    const byGlobs = file.model(factsKey, () => new Map<string, FileFacts>());
    let facts = byGlobs.get(globsKey);
    if (!facts) byGlobs.set(globsKey, (facts = readFacts(file, globs)));
    for (const record of facts.records) {
      const list = recorded.get(record) ?? [];
      if (!list.includes(file.uri)) list.push(file.uri);
      recorded.set(record, list);
    }
    for (const ms of facts.scrapeIntervals) if (ms > 0) scrapeIntervalMs = Math.min(scrapeIntervalMs ?? ms, ms);
    for (const pattern of facts.ruleFiles) ruleFilePatterns.push({ pattern, configUri: file.uri });
    for (const directory of facts.lokiRuleDirectories ?? []) lokiRulers.push({ directory, configUri: file.uri });
  }
  return { recorded, ruleFilePatterns, lokiRulers, ...(scrapeIntervalMs !== undefined ? { scrapeIntervalMs } : {}) };
}
