/**
 * `archipel predict --gather`: the parts that the pods of a sharded predict stage wrote
 * (ARCHIPEL_SHARD, `archipel export argo --shard`) as one predictions CSV. Every part must have the
 * first part's header; the rows are copied as they are, part after part (so grouped by shard: the
 * Date and Ticker keys identify them), streamed, into a temporary file put in place at the end
 * (an existing output refused unless forced), like the predict writer.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { t } from '../../l10n/t';
import { expandPaths } from '../core/inputs';
import { CsvOutput } from './writer';
import { openRegularFile } from '../../disk/readText';

export class GatherError extends Error {
  override readonly name = 'GatherError';
}

/** A header longer than this is not a predictions CSV's (bounds what is held before the first line break). */
const MAX_HEADER = 1 << 20;

/** Where the header ends: the first line break outside quotes, or -1 when `text` holds none. */
function headerEnd(text: string): number {
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 34) quoted = !quoted;
    else if (c === 10 && !quoted) return i;
  }
  return -1;
}

/** The parts named (files, and folders for their .csv files, each folder's sorted), in the order given. */
async function partsOf(paths: readonly string[]): Promise<string[]> {
  const files: string[] = [];
  for (const given of paths) {
    const { found, missing } = await expandPaths([given], async (folder) => (await fs.readdir(folder, { withFileTypes: true }))
      .filter((e) => e.isFile() && e.name.toLowerCase().endsWith('.csv')).map((e) => path.join(folder, e.name)));
    if (missing.length) throw new GatherError(t('no such file or folder: {0}', missing.join(', ')));
    for (const f of found) if (!files.includes(f.file)) files.push(f.file);
  }
  return files;
}

export interface GatherResult {
  output: string;
  parts: number;
  rows: number;
}

export async function gatherPredictions(paths: readonly string[], out: string, force: boolean): Promise<GatherResult> {
  const parts = await partsOf(paths);
  if (parts.length === 0) throw new GatherError(t('no part to gather: no .csv file in {0}', paths.join(', ')));
  const output = path.resolve(out);
  if (parts.includes(output)) throw new GatherError(t('the output {0} would replace the input', output));
  const file = await CsvOutput.open(output, force);
  let header: string | undefined;
  let rows = 0;
  /** The first part's header is written; every other part's must be the same. */
  const accept = async (part: string, found: string) => {
    if (header === undefined) {
      header = found;
      await file.write(found + '\n');
    } else if (found !== header) {
      throw new GatherError(t('{0}: its header "{1}" differs from the first part\'s "{2}"', part, found, header));
    }
  };
  try {
    for (const part of parts) {
      let head = '';
      let inBody = false;
      let last = '\n';
      for await (const chunk of (await openRegularFile(part)).createReadStream({ encoding: 'utf8' })) {
        let text = chunk as string;
        if (!inBody) {
          head += text;
          const end = headerEnd(head);
          if (end < 0) {
            if (head.length > MAX_HEADER) throw new GatherError(t('{0}: no header line in its first {1} bytes', part, MAX_HEADER));
            continue;
          }
          await accept(part, head.slice(0, end).replace(/\r$/, ''));
          inBody = true;
          text = head.slice(end + 1);
        }
        if (!text) continue;
        for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) rows++;
        last = text[text.length - 1];
        await file.write(text);
      }
      if (!inBody) {
        // A part that is a header without a line break (a shard with no row).
        const found = head.replace(/\r$/, '');
        if (!found) throw new GatherError(t('{0} is empty: a part has at least the header line', part));
        await accept(part, found);
      } else if (last !== '\n') {
        rows++;
        await file.write('\n');
      }
    }
    await file.commit();
  } catch (error) {
    await file.abort();
    throw error;
  }
  return { output, parts: parts.length, rows };
}
