/**
 * `archipel/pipelineOutputs`: the metrics and plots files a pipeline's stages declare, read from
 * disk for the pipeline panel. Metrics values are kept across runs in
 * `.archipel/pipeline-metrics.json` beside the pipeline file (with the runner's other state,
 * git-ignored): a file whose values changed since they were last read gets a new column.
 */
import { promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ComputeRegistry } from '../core/requests';
import { t } from '../../l10n/t';
import { assertWithin } from '../../disk/containment';
import { writeReplacing } from '../core/output';
import { maxOutputBytes, metricsHistoryOf, metricsTable, metricValues, plotSeries, recordMetrics, type MetricsHistory } from '../../pipeline/outputs';
import { maxParamsBytes } from '../../pipeline/paramsFile';
import { parsePipeline } from '../../pipeline/parse';
import { type MetricsTable, type PipelineOutputs, type PlotSeries } from '../../protocol/pipelineOutputs';
import { READ_BOUNDS, readTextBounded, readTextBoundedSync } from '../../disk/readText';

/** What a file of the workspace holds, when it is a file inside the workspace and not too large. */
async function readBounded(file: string, roots: readonly string[]): Promise<{ text: string } | { error: string }> {
  try {
    assertWithin(file, roots, 'the file');
    const stat = await fs.stat(file);
    if (stat.isDirectory()) return { error: t('a folder: not shown') };
    if (stat.size > maxOutputBytes) return { error: t('larger than {0} MB: not read', maxOutputBytes / 1024 / 1024) };
    return { text: await readTextBounded(file, READ_BOUNDS.config) };
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { error: code === 'ENOENT' ? t('not there yet (its stage has not run)') : error instanceof Error ? error.message : String(error) };
  }
}

/** The answer to `archipel/pipelineOutputs` for a pipeline file's URI (registered with the family's other requests, register.ts). */
export function pipelineOutputsAnswer(services: ComputeRegistry): (uri: string) => Promise<PipelineOutputs> {
  /** One update of a history file at a time (two panels of one folder). */
  const updates = new Map<string, Promise<unknown>>();
  const answer = async (uri: string): Promise<PipelineOutputs> => {
    const roots = services.workspaceFolders();
    const file = fileURLToPath(uri);
    assertWithin(file, roots, 'the pipeline file');
    const text = services.openText(uri) ?? (await readTextBounded(file, READ_BOUNDS.config));
    // Params and vars files the pipeline names, read as the language server's parse reads them.
    const readParams = (absolute: string) => {
      try {
        assertWithin(absolute, roots, 'a params file');
        return statSync(absolute).size > maxParamsBytes ? undefined : readTextBoundedSync(absolute, READ_BOUNDS.config);
      } catch {
        return undefined;
      }
    };
    const pipeline = parsePipeline(text, file, readParams);
    const declared = (kind: 'metrics' | 'plots') => [...new Set(pipeline.stages.flatMap((s) => s.outs.filter((o) => o.kind === kind).map((o) => o.resolved)))].sort();
    const historyFile = path.join(pipeline.root, '.archipel', 'pipeline-metrics.json');
    const metrics = async (): Promise<MetricsTable[]> => {
      let history: MetricsHistory = {};
      try {
        history = metricsHistoryOf(JSON.parse(await readTextBounded(historyFile, READ_BOUNDS.config)));
      } catch {
        // None yet (or unreadable: started again).
      }
      let changed = false;
      const at = new Date().toISOString();
      const tables: MetricsTable[] = [];
      for (const relative of declared('metrics')) {
        const read = await readBounded(path.join(pipeline.root, relative), roots);
        const values = 'text' in read ? metricValues(read.text, relative) : read;
        if ('error' in values) {
          tables.push({ ...metricsTable(relative, history[relative] ?? []), error: values.error });
          continue;
        }
        const recorded = recordMetrics(history, relative, values.values, at);
        history = recorded.history;
        changed ||= recorded.changed;
        tables.push(metricsTable(relative, history[relative]));
      }
      if (changed) await fs.mkdir(path.dirname(historyFile), { recursive: true }).then(() => writeReplacing(historyFile, JSON.stringify(history, null, 1))).catch((error: unknown) => services.log(`pipeline metrics history: ${String(error)}`));
      return tables;
    };
    const previous = updates.get(historyFile) ?? Promise.resolve();
    const pending = previous.then(metrics, metrics);
    updates.set(historyFile, pending);
    const plots: PlotSeries[] = [];
    for (const relative of declared('plots')) {
      const read = await readBounded(path.join(pipeline.root, relative), roots);
      plots.push('text' in read ? plotSeries(read.text, relative) : { file: relative, x: 'step', xs: [], series: [], error: read.error });
    }
    const tables = await pending;
    if (updates.get(historyFile) === pending) updates.delete(historyFile);
    return { metrics: tables, plots };
  };
  return answer;
}
