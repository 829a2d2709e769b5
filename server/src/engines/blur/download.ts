import { createHash } from 'node:crypto';
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { t } from '../../l10n/t';
import { writeReplacing } from '../core/output';
import { READ_BOUNDS, readFileBounded } from '../../disk/readText';

/** Far above the model's 323 kB: a guard against a wrong URL serving something huge. */
const MAX_BYTES = 50 * 1024 * 1024;

export class DownloadError extends Error {}

export interface DownloadOptions {
  url: string;
  sha256: string;
  /** Where the file goes; written through a temporary file and renamed once verified. */
  target: string;
  timeoutMs?: number;
  onProgress?: (received: number, total: number | undefined) => void;
}

function cause(error: unknown): string {
  const e = error as { message?: string; cause?: { code?: string; message?: string } };
  const inner = e.cause?.code ?? e.cause?.message;
  return inner ? `${e.message ?? 'failed'} (${inner})` : (e.message ?? String(error));
}

export async function sha256File(file: string): Promise<string> {
  return createHash('sha256').update(await readFileBounded(file, READ_BOUNDS.model)).digest('hex');
}

/**
 * Downloads a file and keeps it only if its SHA-256 matches: nothing is written at the target
 * otherwise. Returns `already` when a file with the right hash is there.
 */
export async function downloadVerified(options: DownloadOptions): Promise<'downloaded' | 'already'> {
  try {
    if ((await sha256File(options.target)) === options.sha256) return 'already';
  } catch {
    // Not there yet.
  }
  let response: Response;
  try {
    response = await fetch(options.url, { redirect: 'follow', signal: AbortSignal.timeout(options.timeoutMs ?? 60_000) });
  } catch (error) {
    throw new DownloadError(t('could not download {0}: {1}. This machine may have no access to the internet.', options.url, cause(error)));
  }
  if (!response.ok || !response.body) throw new DownloadError(t('could not download {0}: HTTP {1}', options.url, `${response.status} ${response.statusText}`.trim()));
  const total = Number(response.headers.get('content-length')) || undefined;
  if (total !== undefined && total > MAX_BYTES) throw new DownloadError(t('refused {0}: {1} bytes is more than a face model should be', options.url, total));
  const chunks: Buffer[] = [];
  let received = 0;
  const hash = createHash('sha256');
  try {
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      received += chunk.length;
      if (received > MAX_BYTES) throw new DownloadError(t('refused {0}: more than {1} bytes', options.url, MAX_BYTES));
      hash.update(chunk);
      chunks.push(Buffer.from(chunk));
      options.onProgress?.(received, total);
    }
  } catch (error) {
    if (error instanceof DownloadError) throw error;
    throw new DownloadError(t('the download of {0} broke off after {1} bytes: {2}', options.url, received, cause(error)));
  }
  const digest = hash.digest('hex');
  if (digest !== options.sha256) {
    throw new DownloadError(t('the file from {0} is not the expected one: sha256 {1}, expected {2}. Nothing was saved.', options.url, digest, options.sha256));
  }
  await fs.mkdir(path.dirname(options.target), { recursive: true });
  await writeReplacing(options.target, Buffer.concat(chunks));
  return 'downloaded';
}
