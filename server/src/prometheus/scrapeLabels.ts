/**
 * The labels Prometheus gives the series it scrapes from a static target of a configuration (issue #82: an SLO's
 * label matchers are checked against them): `job` (the job's name) and the target's `labels:`, unless the job's
 * `relabel_configs`, or a `metric_relabel_configs` rule doing more than dropping or keeping series, may change them
 * (then unknown). What the SLO family reads of a configuration, through its face.
 */
import type { IndexedFile } from '../workspace/index';
import { isPrometheusConfig } from './knowledge';
import { field, isRecord, items } from './yamlValues';

/** A static target's labels, by the 0-based line of the target in its file. */
export type ScrapeLabels = ReadonlyMap<number, Readonly<Record<string, string>> | 'relabelled'>;

const LABELS = Symbol('prometheus: the labels of each static target');

function read(file: IndexedFile): ScrapeLabels {
  const byLine = new Map<number, Readonly<Record<string, string>> | 'relabelled'>();
  for (const { chunk, offset } of file.yaml?.chunks ?? []) {
    const value = chunk.wellFormed ? chunk.value : undefined;
    if (!isRecord(value) || !isPrometheusConfig(file.uri, value)) continue;
    for (const job of items(field({ value, node: chunk.tree }, 'scrape_configs'))) {
      const name = field(job, 'job_name')?.value;
      if (typeof name !== 'string') continue;
      const relabel = field(job, 'relabel_configs')?.value;
      // A metric relabelling that only drops or keeps series leaves their labels; any other action may rewrite them.
      const metricRelabel = field(job, 'metric_relabel_configs')?.value;
      const rewrites = Array.isArray(metricRelabel) && metricRelabel.some((rule) => !isRecord(rule) || !['drop', 'keep', 'dropequal', 'keepequal'].includes(String(rule.action ?? 'replace')));
      const relabelled = (Array.isArray(relabel) && relabel.length > 0) || rewrites;
      for (const config of items(field(job, 'static_configs'))) {
        const given = field(config, 'labels')?.value;
        const labels: Record<string, string> = { job: name };
        if (isRecord(given)) for (const [key, label] of Object.entries(given)) if (typeof label === 'string' || typeof label === 'number') labels[key] = String(label);
        for (const target of items(field(config, 'targets'))) {
          if (!target.node) continue;
          byLine.set(file.lines.positionAt(offset + target.node.start).line, relabelled ? 'relabelled' : labels);
        }
      }
    }
  }
  return byLine;
}

/** The labels of the static targets of a Prometheus configuration, kept with the file's version; empty for any other file. */
export function scrapeLabels(file: IndexedFile): ScrapeLabels {
  if (file.skipped || !file.isYaml || !/scrape_configs/.test(file.text)) return new Map();
  return file.model(LABELS, read);
}
