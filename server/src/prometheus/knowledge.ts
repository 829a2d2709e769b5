import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import { parseDuration } from './duration';
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
}

/** A Prometheus configuration by content: a mapping with scrape_configs, or global/rule_files/alerting/remote_write and no rule groups or tests. */
export function isPrometheusConfig(uri: string, value: unknown): boolean {
  if (!isRecord(value) || 'groups' in value || 'tests' in value || 'apiVersion' in value) return false;
  if (Array.isArray(value.scrape_configs) || value.scrape_configs === null) return true;
  const configKeys = ['global', 'rule_files', 'alerting', 'remote_write', 'remote_read', 'scrape_config_files'];
  const named = /(^|\/)prometheus(\/[^/]*|[^/]*)\.ya?ml$/i.test(uri);
  return named && Object.keys(value).some((key) => configKeys.includes(key));
}

/** A promtool unit-test file: `rule_files` and `tests`. */
export function isRuleTestFile(value: unknown): boolean {
  return isRecord(value) && Array.isArray(value.tests) && 'rule_files' in value;
}

const cache = new WeakMap<WorkspaceIndex, { generation: number; knowledge: MonitoringKnowledge }>();

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
}

const factsKey = Symbol('prometheus-facts');
const noFacts: FileFacts = { records: [], scrapeIntervals: [], ruleFiles: [] };

function readFacts(file: IndexedFile): FileFacts {
  // Only files that may be Prometheus's are parsed here.
  if (!/groups|scrape_configs|rule_files|PrometheusRule/.test(file.text)) return noFacts;
  const facts: FileFacts = { records: [], scrapeIntervals: [], ruleFiles: [] };
  for (const value of firstValue(file)) {
    if (ruleGroupsHolder(value, null)) {
      const holder = (value as { kind?: unknown; spec?: unknown }).kind === 'PrometheusRule' ? (value as { spec: unknown }).spec : value;
      const groups = isRecord(holder) && Array.isArray(holder.groups) ? holder.groups : [];
      for (const group of groups) {
        const rules = isRecord(group) && Array.isArray(group.rules) ? group.rules : [];
        for (const rule of rules) if (isRecord(rule) && typeof rule.record === 'string') facts.records.push(rule.record);
      }
    } else if (isPrometheusConfig(file.uri, value) && isRecord(value)) {
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

export function monitoringKnowledge(index: WorkspaceIndex): MonitoringKnowledge {
  const cached = cache.get(index);
  if (cached && cached.generation === index.generation) return cached.knowledge;
  const recorded = new Map<string, string[]>();
  const ruleFilePatterns: { pattern: string; configUri: string }[] = [];
  let scrapeIntervalMs: number | undefined;
  for (const file of index.files()) {
    if (!file.isYaml || file.skipped) continue;
    const facts = file.model(factsKey, readFacts);
    for (const record of facts.records) {
      const list = recorded.get(record) ?? [];
      if (!list.includes(file.uri)) list.push(file.uri);
      recorded.set(record, list);
    }
    for (const ms of facts.scrapeIntervals) if (ms > 0) scrapeIntervalMs = Math.min(scrapeIntervalMs ?? ms, ms);
    for (const pattern of facts.ruleFiles) ruleFilePatterns.push({ pattern, configUri: file.uri });
  }
  const knowledge: MonitoringKnowledge = { recorded, ruleFilePatterns, ...(scrapeIntervalMs !== undefined ? { scrapeIntervalMs } : {}) };
  cache.set(index, { generation: index.generation, knowledge });
  return knowledge;
}
