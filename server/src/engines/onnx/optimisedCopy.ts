/**
 * onnxruntime's optimised copy of a model on the kept layer (disk/kept.ts, issue #92). onnxruntime writes the copy
 * itself and would read it back itself, so a damaged copy it still accepts (a byte flipped in a weight) would go
 * unnoticed: beside each copy a record, framed and tied to the build by kept.ts, gives the copy's size and checksum,
 * the checksum of the model it was made from and onnxruntime's version. The copy is used only when its record holds
 * and its bytes match it — read here, checked, and handed to onnxruntime in memory, so what it loads is what was
 * checked; otherwise the copy and its record are dropped and the model is optimised again.
 */
import { promises as fs } from 'node:fs';
import path from 'node:path';
import { contentChecksum, dropKept, readKept, writeKept, type KeptKind } from '../../disk/kept';
import { READ_BOUNDS, readFileBounded } from '../../disk/readText';
import { putInPlace } from '../core/output';

/**
 * The record beside an optimised copy (`<copy>.kept`): one small record, keyed by the copy's name (which says the model,
 * its stamp, onnxruntime's version and the CPU: cacheFolder.ts derivedCachePath).
 */
const RECORD: KeptKind = { folder: 'onnx', suffix: '.kept', format: 1, maxBytes: 4096 };

/** What a record says of its copy. */
interface CopyRecord {
  /** The copy's size and checksum (contentChecksum). */
  copy: string;
  /** The checksum of the model file it was made from. */
  source: string;
  /** onnxruntime's version (ort().env.versions.common). */
  runtime: string;
}

/** The record file of an optimised copy. */
export function recordOf(copy: string): string {
  return `${copy}${RECORD.suffix}`;
}

/** Removes a copy and its record (one that cannot be removed is refused again by the next read). */
export async function dropCopy(copy: string): Promise<void> {
  await fs.rm(copy, { force: true }).catch(() => undefined);
  dropKept(recordOf(copy));
}

/**
 * The bytes of the optimised copy `copy` of the model whose bytes are `source`, made by onnxruntime `runtime`:
 * 'missing' when there is none, 'rejected' (copy and record dropped) when its record is missing, damaged, of another
 * build or runtime or model, or its bytes are not those the record gives.
 */
export async function readCopy(copy: string, source: Uint8Array, runtime: string): Promise<Buffer | 'missing' | 'rejected'> {
  if (!(await fs.stat(copy).then((s) => s.isFile(), () => false))) {
    dropKept(recordOf(copy));
    return 'missing';
  }
  const record = readKept(RECORD, recordOf(copy), path.basename(copy)) as Partial<CopyRecord> | undefined;
  if (record?.runtime === runtime && record.source === contentChecksum(source)) {
    const bytes = await readFileBounded(copy, READ_BOUNDS.model).catch(() => undefined);
    if (bytes && contentChecksum(bytes) === record.copy) return bytes;
  }
  await dropCopy(copy);
  return 'rejected';
}

/**
 * Puts the copy onnxruntime wrote as `temporary` at `copy`, then its record. The first run to put its copy there keeps
 * it (putInPlace without replace: a hard link, or an exclusive copy, never over an existing file): a run that finds a
 * copy already there drops its own and writes no record, so two runs at once leave one copy under its own record. (A
 * reader drops a copy and its record before optimising again, so a copy there is another run's.) A run killed between
 * the copy and its record leaves a copy without a record, dropped by the next read. Throws when either cannot be
 * written (the copy is then removed).
 */
export async function keepCopy(temporary: string, copy: string, source: Uint8Array, runtime: string): Promise<void> {
  const bytes = await readFileBounded(temporary, READ_BOUNDS.model);
  try {
    await putInPlace(temporary, copy, false);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return;
    throw error;
  }
  const record: CopyRecord = { copy: contentChecksum(bytes), source: contentChecksum(source), runtime };
  if (!writeKept(RECORD, recordOf(copy), path.basename(copy), record)) {
    await dropCopy(copy);
    throw new Error(`cannot write ${recordOf(copy)}`);
  }
}
