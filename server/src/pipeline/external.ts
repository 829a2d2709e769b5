/**
 * Deps and outs that are not files the pipeline writes: URLs (DVC's remote file systems and
 * `remote://name/path`), and paths tracked by a `.dvc` file (`dvc add`, `dvc import`), which
 * `dvc pull` restores. Pure: files come through a reader.
 */
import path from 'node:path';
import { parseYamlFile } from '../yaml/model';

/**
 * The schemes DVC reads a dep or out from (dvc-objects' and the dvc-* plugins' file systems;
 * `remote://` names a remote of `.dvc/config`, `ds://` a dataset of dvc.yaml).
 */
export const dvcSchemes = new Set(['s3', 'gs', 'gcs', 'azure', 'az', 'abfs', 'abfss', 'adl', 'hdfs', 'webhdfs', 'webhdfss', 'http', 'https', 'ssh', 'sftp', 'oss', 'webdav', 'webdavs', 'remote', 'ds', 'hf', 'gdrive']);

/**
 * The scheme of a URL path (`s3` of `s3://bucket/key`), lower case; undefined for a path of the
 * workspace. One letter is a Windows drive (`C:\data`), not a scheme.
 */
export function urlScheme(p: string): string | undefined {
  const match = /^([A-Za-z][A-Za-z0-9+.-]+):\/\//.exec(p);
  return match ? match[1].toLowerCase() : undefined;
}

/** What is wrong with a URL's shape (undefined: DVC can read it). */
export function urlShapeProblem(p: string): 'scheme' | 'empty' | undefined {
  const scheme = urlScheme(p);
  if (!scheme) return undefined;
  if (!dvcSchemes.has(scheme)) return 'scheme';
  const rest = p.slice(scheme.length + 3);
  // `remote://name/path`, `s3://bucket/key`: something after the scheme (a bucket alone is a folder, as DVC reads it).
  return rest.replace(/(?<!\/)\/+$/, '') === '' ? 'empty' : undefined;
}

/** Reads a file by absolute path: its text, or undefined when it does not exist (null: cannot tell). */
export type TextReader = (absolutePath: string) => string | undefined | null;

/** The outs of a `.dvc` file (their paths relative to its folder, '/' separators), [] when unreadable. */
export function dvcFileOuts(text: string): string[] {
  const chunk = parseYamlFile(text, undefined, false).chunks[0]?.chunk;
  const value = chunk && !chunk.beyondLimits && chunk.wellFormed ? (chunk.value as { outs?: unknown } | null) : undefined;
  const outs = value && typeof value === 'object' && Array.isArray(value.outs) ? (value.outs as unknown[]) : [];
  return outs.flatMap((o) => (o && typeof o === 'object' && typeof (o as { path?: unknown }).path === 'string' ? [(o as { path: string }).path.replace(/\\/g, '/')] : []));
}

/**
 * The `.dvc` file tracking a path, absolute, or undefined: `<path>.dvc`, or `<folder>.dvc` of a
 * folder holding it (`dvc add data` tracks `data/` with `data.dvc`), whose outs name it. `stop`:
 * the folder above which nothing is looked for (the repository's or the pipeline's).
 */
export function dvcTrackedBy(absolute: string, stop: string, read: TextReader): string | undefined {
  for (let target = path.resolve(absolute); ; ) {
    const candidate = `${target}.dvc`;
    const text = read(candidate);
    if (typeof text === 'string' && dvcFileOuts(text).some((o) => path.resolve(path.dirname(candidate), o) === target)) return candidate;
    const parent = path.dirname(target);
    if (parent === target || target === stop || !parent.startsWith(stop)) return undefined;
    target = parent;
  }
}
