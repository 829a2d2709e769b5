/**
 * A pipeline file read from disk for the runner and the CLI: parsed by the language server's parser
 * (pipeline/parse.ts), with its params and vars files read here, bounded as the parser bounds them.
 */
import { promises as fs, statSync } from 'node:fs';
import path from 'node:path';
import { parsePipeline } from '../../pipeline/parse';
import { maxParamsBytes } from '../../pipeline/paramsFile';
import type { Pipeline } from '../../pipeline/model';
import { t } from '../../l10n/t';
import { cachedParse, parseCacheFile, readDigest, type ReadRecord } from './parseCache';
import { READ_BOUNDS, readTextBounded, readWorkspaceBytes } from '../../disk/readText';

/** The pipeline file is too large, missing or has errors: the message says which and where. */
export class PipelineLoadError extends Error {
  override readonly name = 'PipelineLoadError';
}

const MAX_PIPELINE_BYTES = 4 << 20;

/** Reads a params or vars file for the parser: undefined when missing, its first bytes past the bound (the parser reports it). */
export function readBounded(file: string): string | undefined | null {
  // Confined as every side file is (a params.yaml linked outside the repository is not read).
  const bytes = readWorkspaceBytes(file, maxParamsBytes);
  if (bytes === 'too-large') return ' '.repeat(maxParamsBytes + 1);
  return typeof bytes === 'string' ? (bytes === 'missing' ? undefined : null) : bytes.toString('utf8');
}

/** The line and column (1-based) of an offset, for messages. */
function position(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return `${line}:${offset - before.lastIndexOf('\n')}`;
}

/** Reads and parses a pipeline file; a runner refuses one with errors (`strict`), listing them. */
export async function loadPipeline(file: string, strict = true, onReads?: (reads: readonly ReadRecord[]) => void): Promise<Pipeline> {
  const absolute = path.resolve(file);
  const stats = await fs.stat(absolute).catch(() => undefined);
  if (!stats?.isFile()) throw new PipelineLoadError(t('no pipeline file at {0}', absolute));
  if (stats.size > MAX_PIPELINE_BYTES) throw new PipelineLoadError(t('{0} is larger than {1} MB: not read', absolute, MAX_PIPELINE_BYTES >> 20));
  const text = await readTextBounded(absolute, READ_BOUNDS.config);
  // Parsed once per content of the file and of the params and vars files it read (parseCache.ts).
  const pipeline = await cachedParse(
    parseCacheFile(absolute, 'parsed'),
    text,
    (record) =>
      parsePipeline(text, absolute, (read) => {
        const found = readBounded(read);
        record(read, readDigest(found));
        return found;
      }),
    (read) => readDigest(readBounded(read)),
    onReads,
  );
  const errors = pipeline.problems.filter((p) => p.severity === 'error');
  if (strict && errors.length) {
    const lines = errors.map((p) => `${absolute}:${position(text, p.span.start)}: ${p.message} [${p.code}]`);
    throw new PipelineLoadError([t('{0} has errors: fix them before running it', absolute), ...lines].join('\n'));
  }
  return pipeline;
}

/** The pipeline file a command means: the one named, or `dvc.yaml` in the current folder. */
export function pipelineFileOf(named: string | undefined, cwd = process.cwd()): string {
  if (!named) return path.join(cwd, 'dvc.yaml');
  const absolute = path.resolve(cwd, named);
  try {
    if (statSync(absolute).isDirectory()) return path.join(absolute, 'dvc.yaml');
  } catch {
    // Not there: loadPipeline says so.
  }
  return absolute;
}
