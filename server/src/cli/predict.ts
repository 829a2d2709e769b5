/**
 * `archipel predict` and `archipel features` (issue #17): the predict engine on the CLI's own
 * thread (the user ran it: trusted). Exit 0 on success, 1 when the run failed (model, CSV or
 * output refused), 2 on usage errors.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { parseOptions } from './didYouMean';
import { parseShard } from '../engines/core/inputs';
import { readFeatureRows, ShardError } from '../engines/predict/features';
import { gatherPredictions } from '../engines/predict/gather';
import { predictFileBounded } from '../engines/predict/bounded';
import { CsvOutput, csvCell } from '../engines/predict/writer';
import { driftText } from '../predict/driftText';
import { t } from '../l10n/t';
import { checkThreshold, ThresholdError } from '../predict/decision';
import { OHLCV22_FEATURES } from '../predict/ohlcv22';
import type { PredictResponse, PredictResult } from '../protocol/predict';
import { predictUsage, PredictUsageError } from './predictUsage';
import { amount, progressLine } from './progress';

type Print = (text: string) => void;

function relative(file: string): string {
  return path.relative(process.cwd(), file) || path.basename(file);
}

function recipeOf(value: string | undefined): 'ohlcv-22' | undefined {
  if (value === undefined) return undefined;
  if (value !== 'ohlcv-22') throw new PredictUsageError(t('unknown recipe "{0}" (expected ohlcv-22)', value));
  return value;
}

/** The `--format json` object: exactly the contract's keys, in its order. */
export function predictJson(r: PredictResponse): PredictResult {
  return {
    model: relative(r.model), input: relative(r.input), output: relative(r.output), rows: r.rows, skipped: r.skipped, classes: r.classes,
    ...(r.metrics ? { metrics: r.metrics } : {}), ...(r.drift ? { drift: r.drift } : {}), ms: r.ms,
  };
}

const pct = (x: number | undefined) => (x === undefined ? '–' : `${(x * 100).toFixed(1)} %`);

function textReport(r: PredictResponse): string[] {
  const lines = [t('{0}: {1} of {2} rows predicted ({3} skipped) → {4}', relative(r.input), r.rows.predicted, r.rows.read, r.rows.skipped, relative(r.output))];
  const classes = Object.entries(r.classes).map(([c, n]) => `${c} ${n}`).join(', ');
  if (classes) lines.push(t('classes: {0}', classes));
  if (r.metrics) {
    const m = r.metrics;
    lines.push(t('accuracy {0}, macro F1 {1}, ROC AUC {2}, log loss {3}', pct(m.accuracy), pct(m.macro.f1), m.rocAuc === undefined ? '–' : m.rocAuc.toFixed(3), m.logLoss.toFixed(4)));
    for (const [name, c] of Object.entries(m.perClass)) lines.push(`  ${name}: precision ${pct(c.precision)}, recall ${pct(c.recall)}, F1 ${pct(c.f1)}, support ${c.support}`);
  }
  if (r.drift) {
    const d = r.drift;
    lines.push(t('drift: {0} of {1} features drifted{2}', d.drifted, d.features.length, d.datasetDrift ? t(' (dataset drift)') : ''));
    for (const f of d.features.filter((x) => x.drift)) lines.push(`  ${f.feature}: ${driftText(f)}`);
  }
  for (const s of r.skipped.slice(0, 10)) lines.push(t('  skipped line {0}: {1}', s.line, s.reason));
  if (r.skipped.length > 10) lines.push(t('  … {0} more skipped rows', r.rows.skipped - 10));
  lines.push(t('{0} ms reading, {1} ms features, {2} ms inference, {3} ms writing', r.ms.read, r.ms.features, r.ms.inference, r.ms.write));
  return lines;
}

export async function predictCommand(args: string[], out: Print, err: Print): Promise<number> {
  const { values, positionals } = parseOptions('predict', {
    args, allowPositionals: true, strict: true,
    options: {
      recipe: { type: 'string' }, out: { type: 'string' }, threshold: { type: 'string' }, reference: { type: 'string' },
      format: { type: 'string', default: 'text' }, force: { type: 'boolean', default: false }, psi: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' },
      gather: { type: 'boolean', default: false },
    },
  });
  if (values.help) {
    out(`Usage: archipel predict MODEL INPUT.csv [options]\n       archipel predict --gather PART.csv|FOLDER... --out FILE [--force]\n\n${predictUsage}`);
    return 0;
  }
  if (values.gather) return gatherCommand(positionals, values, out, err);
  if (positionals.length !== 2) throw new PredictUsageError(t('predict takes a model and a CSV file (got {0} arguments)', positionals.length));
  const format = values.format;
  if (format !== 'text' && format !== 'json') throw new PredictUsageError(t('unknown format "{0}" (expected text or json)', String(format)));
  let threshold: number | undefined;
  if (values.threshold !== undefined) {
    try {
      threshold = checkThreshold(values.threshold.trim() === '' ? NaN : Number(values.threshold));
    } catch (error) {
      if (error instanceof ThresholdError) throw new PredictUsageError(error.message);
      throw error;
    }
  }
  const [model, input] = positionals;
  // A pod of a sharded Argo task predicts its slice (archipel export argo --shard).
  let shard;
  try {
    shard = parseShard(process.env.ARCHIPEL_SHARD);
  } catch (error) {
    throw new PredictUsageError((error as Error).message);
  }
  let result: PredictResponse;
  // Ctrl-C or SIGTERM: the run is cancelled and gives its temporary output up before the exit.
  const controller = new AbortController();
  const stop = () => controller.abort();
  process.once('SIGINT', stop).once('SIGTERM', stop);
  // On a terminal: the bytes of the input read of its size, and its rows.
  const progress = progressLine(`predict ${path.basename(input)}`, { unit: 'bytes' });
  const size = progress.active ? await fs.stat(input).then((s) => s.size, () => undefined) : undefined;
  progress.update(0, size);
  try {
    result = await predictFileBounded({
      model, input, recipe: recipeOf(values.recipe), force: values.force, ...(shard ? { shard } : {}),
      ...(values.out ? { out: values.out } : {}), ...(threshold !== undefined ? { threshold } : {}), ...(values.reference ? { reference: values.reference } : {}),
      ...(values.psi ? { drift: { psi: true } } : {}),
    }, controller.signal, progress.active ? (bytes, rows) => progress.update(bytes, size, t('{0} rows', amount(rows, 'rows'))) : undefined);
  } catch (error) {
    progress.end();
    if (error instanceof PredictUsageError) throw error;
    if (error instanceof ShardError || (error as Error).name === 'ShardError') throw new PredictUsageError((error as Error).message);
    err(`archipel predict: ${(error as Error).message}`);
    return controller.signal.aborted ? 130 : 1;
  } finally {
    progress.end();
    process.off('SIGINT', stop).off('SIGTERM', stop);
  }
  if (format === 'json') out(JSON.stringify(predictJson(result), null, 2));
  else for (const line of textReport(result)) out(line);
  return 0;
}

/** `--gather`: the parts of a sharded run (ARCHIPEL_SHARD) as one predictions CSV. */
async function gatherCommand(parts: string[], values: { out?: string; force: boolean; recipe?: string; threshold?: string; reference?: string; psi: boolean }, out: Print, err: Print): Promise<number> {
  if (values.recipe !== undefined || values.threshold !== undefined || values.reference !== undefined || values.psi) {
    throw new PredictUsageError(t('--gather takes only the parts, --out and --force'));
  }
  if (!values.out) throw new PredictUsageError(t('--gather needs --out FILE'));
  if (parts.length === 0) throw new PredictUsageError(t('--gather needs the parts to gather (files or folders)'));
  try {
    const result = await gatherPredictions(parts, values.out, values.force);
    out(t('{0} parts gathered: {1} rows → {2}', result.parts, result.rows, relative(result.output)));
    return 0;
  } catch (error) {
    err(`archipel predict: ${(error as Error).message}`);
    return 1;
  }
}

export async function featuresCommand(args: string[], out: Print, err: Print): Promise<number> {
  const { values, positionals } = parseOptions('features', {
    args, allowPositionals: true, strict: true,
    options: { recipe: { type: 'string' }, out: { type: 'string' }, force: { type: 'boolean', default: false }, help: { type: 'boolean', short: 'h' } },
  });
  if (values.help) {
    out(`Usage: archipel features INPUT.csv --recipe ohlcv-22 [--out FILE]\n\n${predictUsage}`);
    return 0;
  }
  if (positionals.length !== 1) throw new PredictUsageError(t('features takes one CSV file (got {0} arguments)', positionals.length));
  const recipe = recipeOf(values.recipe);
  if (!recipe) throw new PredictUsageError(t('features needs --recipe ohlcv-22'));
  const file = values.out ? await CsvOutput.open(path.resolve(values.out), values.force).catch((error: Error) => error) : undefined;
  if (file instanceof Error) {
    err(`archipel features: ${file.message}`);
    return 1;
  }
  let chunk = '';
  const write = async (text: string) => {
    chunk += text;
    if (chunk.length < 1 << 16) return;
    if (file) await file.write(chunk);
    else out(chunk.replace(/\n$/, ''));
    chunk = '';
  };
  try {
    let ticker = false;
    const summary = await readFeatureRows(positionals[0], { recipe, features: OHLCV22_FEATURES }, async (row) => {
      let line = csvCell(row.date) + (ticker ? ',' + csvCell(row.ticker) : '');
      for (let k = 0; k < row.features.length; k++) line += ',' + row.features[k];
      await write(line + '\n');
    }, { targets: false, onKeys: async (keys) => { ticker = keys.ticker; await write(['Date', ...(ticker ? ['Ticker'] : []), ...OHLCV22_FEATURES].join(',') + '\n'); } });
    if (file) {
      await file.write(chunk);
      await file.commit();
    } else if (chunk) out(chunk.replace(/\n$/, ''));
    err(t('{0} rows read, {1} skipped{2}', summary.csv.read, summary.skippedCount, file ? ` → ${relative(file.target)}` : ''));
    return 0;
  } catch (error) {
    await file?.abort();
    err(`archipel features: ${(error as Error).message}`);
    return 1;
  }
}
