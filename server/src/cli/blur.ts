import path from 'node:path';
import { parseOptions } from './didYouMean';
import { ConfigError, resolveConfig, type ConfigLayer } from '../engines/blur/config';
import { ConfigFiles } from '../engines/blur/configFiles';
import { collectImages, planJob } from '../engines/blur/files';
import { blurFamily, type FileResult } from '../engines/blur/job';
import { byFile } from '../engines/blur/spec';
import { shardOf } from '../engines/core/inputs';
import { runItems } from '../engines/core/job';
import { contextRoot } from '../disk/contextRoot';
import { embeddedFaceModel, loadArchipelSchema } from '../platform/archipelResources';
import { blurUsage, BlurUsageError } from './blurUsage';
import { terminalProgress } from './progress';
import { t } from '../l10n/t';

/** One element of `archipel blur --format json`: a stable contract, exactly these keys. */
export interface BlurJsonResult {
  file: string;
  /** Absent with --detect-only and when the file failed. */
  output?: string;
  /** null when the image could not be read. */
  width: number | null;
  height: number | null;
  detections: { class: string; score: number; box: [number, number, number, number] }[];
  ms: number;
  /** Only when this file failed. */
  error?: string;
}



function relative(file: string): string {
  return path.relative(process.cwd(), file) || path.basename(file);
}

export function toJson(result: FileResult, detectOnly: boolean): BlurJsonResult {
  const json: BlurJsonResult = {
    file: relative(result.file),
    width: result.width ?? null,
    height: result.height ?? null,
    detections: result.regions.map((d) => ({ class: d.class, score: d.score, box: d.box })),
    ms: Math.round(result.ms),
  };
  const ordered: BlurJsonResult = { file: json.file } as BlurJsonResult;
  if (!detectOnly && result.output) ordered.output = relative(result.output);
  Object.assign(ordered, { width: json.width, height: json.height, detections: json.detections, ms: json.ms });
  if (result.error) ordered.error = result.error;
  return ordered;
}

function perClass(results: readonly FileResult[]): string {
  const counts = new Map<string, number>();
  for (const r of results) for (const d of r.regions) counts.set(d.class, (counts.get(d.class) ?? 0) + 1);
  return [...counts].map(([c, n]) => `${c} ${n}`).join(', ');
}

function textLine(result: FileResult, detectOnly: boolean): string {
  const file = relative(result.file);
  if (result.error) return `${file}: error: ${result.error}`;
  const counts = perClass([result]);
  const found = `${result.regions.length} region(s)${counts ? ` (${counts})` : ''}`;
  const target = !detectOnly && result.output ? ` → ${relative(result.output)}` : '';
  const boxes = detectOnly ? result.regions.map((d) => `\n  ${d.class} ${d.score.toFixed(2)} [${d.box.join(', ')}]`).join('') : '';
  return `${file}: ${found}${target} (${Math.round(result.ms)} ms)${boxes}`;
}

/** `archipel blur`: exit 0 when every file was processed, 1 when any failed (after all the others), 2 on usage errors. */
export async function blurCommand(args: string[], out: (text: string) => void, err: (text: string) => void): Promise<number> {
  const { values, positionals } = parseOptions('blur', {
    args, allowPositionals: true, strict: true,
    options: {
      'detect-only': { type: 'boolean', default: false },
      config: { type: 'string' },
      'face-model': { type: 'string' },
      'plate-model': { type: 'string' },
      out: { type: 'string' },
      format: { type: 'string', default: 'text' },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    out(`Usage: archipel blur [PATH...] [options]\n\n${blurUsage}`);
    return 0;
  }
  const format = values.format;
  if (format !== 'text' && format !== 'json') throw new BlurUsageError(t('unknown format "{0}" (expected text or json)', format));
  const detectOnly = values['detect-only'] ?? false;
  const cwd = process.cwd();
  const cliLayer: ConfigLayer = {
    origin: 'command line',
    baseDir: cwd,
    explicit: true,
    values: {
      ...(values['face-model'] ? { faceModel: values['face-model'] } : {}),
      ...(values['plate-model'] ? { plateModel: values['plate-model'] } : {}),
      ...(values.out ? { outputFolder: values.out } : {}),
    },
  };
  const configs = new ConfigFiles(loadArchipelSchema(), values.config);
  if (values.config) {
    try {
      await configs.layerFor(cwd);
    } catch (error) {
      if (error instanceof ConfigError) throw new BlurUsageError(error.message);
      throw error;
    }
  }
  const collected = await collectImages(positionals.length > 0 ? positionals : ['.']);
  if (collected.missing.length > 0) throw new BlurUsageError(t('no such file or folder: {0}', collected.missing.join(', ')));
  // A pod of a sharded Argo task takes its slice (archipel export argo --shard).
  let images: typeof collected.images;
  try {
    images = shardOf(collected.images, process.env.ARCHIPEL_SHARD);
  } catch (error) {
    throw new BlurUsageError((error as Error).message);
  }
  // The face model shipped with Archipel is the bottom layer: faces are found with no configuration.
  const shipped = embeddedFaceModel();
  const defaultLayer: ConfigLayer[] = shipped ? [{ origin: 'default face model', values: { faceModel: shipped }, baseDir: path.dirname(shipped) }] : [];
  const { items, failed: configErrors } = await planJob(images, async (file) => {
    const layer = await configs.layerFor(file);
    // Configuration files write only inside the current project (its repository, else the
    // current folder) or below themselves; --out anywhere.
    return resolveConfig([...defaultLayer, ...(layer ? [layer] : []), cliLayer], [contextRoot(cwd, true)]);
  });
  // The CLI runs the job on its own thread (no worker to start): it is trusted, the user ran it.
  const progress = terminalProgress();
  progress.begin(detectOnly ? 'Detecting' : 'Blurring');
  const { results } = await runItems(blurFamily, items, { mode: detectOnly ? 'detect' : 'blur', source: 'model', writeSidecar: false }, {
    onResult: (result, done) => {
      if (result.notes.length > 0) progress.end(); // the line is cleared before the notes, then drawn again
      for (const note of result.notes) err(`archipel: ${relative(result.file)}: ${note}`);
      progress.report(done);
    },
  }).finally(() => progress.end());
  const all = [...results, ...configErrors].sort(byFile);
  const failed = all.filter((r) => r.error).length;
  if (format === 'json') {
    out(JSON.stringify(all.map((r) => toJson(r, detectOnly)), null, 2));
  } else {
    for (const r of all) out(textLine(r, detectOnly));
    const ok = all.filter((r) => !r.error);
    const mean = ok.length > 0 ? Math.round(ok.reduce((s, r) => s + r.ms, 0) / ok.length) : 0;
    const classes = perClass(ok);
    const regions = ok.reduce((s, r) => s + r.regions.length, 0);
    err(classes ? t('{0} image(s), {1} region(s) ({2}), {3} ms per image, {4} failed.', all.length, regions, classes, mean, failed) : t('{0} image(s), {1} region(s), {2} ms per image, {3} failed.', all.length, regions, mean, failed));
  }
  return failed > 0 ? 1 : 0;
}
