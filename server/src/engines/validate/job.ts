/**
 * The validate family on the job layer (engines/core): one item per validation (a data file and
 * its suite), run in the validate worker; a run that cannot be made (unreadable suite or data) is
 * that item's result with its message, as every family's.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ResultFormatName, ValidationResult } from '../../protocol/validate';
import { parseSuite } from '../../validate/suite';
import type { ItemResult, JobFamily } from '../core/job';
import { validateData } from './run';

export interface ValidateJob {
  /** Absolute paths. */
  data: string;
  suite: string;
  resultFormat?: ResultFormatName;
}

export interface ValidateItemResult extends ItemResult {
  data: string;
  suite: string;
  result?: ValidationResult;
}

export const validateFamily: JobFamily<ValidateJob, ValidateItemResult, Record<string, never>> = {
  name: 'validate',
  label: (item) => path.basename(item.data),
  failed: (item, message) => ({ data: item.data, suite: item.suite, error: message }),
  run: async (item, context) => {
    const suite = parseSuite(await readFile(item.suite, 'utf8'), path.basename(item.suite));
    const result = await validateData(item.data, suite, { resultFormat: item.resultFormat ?? 'SUMMARY', signal: context.signal, dataLabel: item.data, suiteLabel: item.suite });
    return { data: item.data, suite: item.suite, result };
  },
};
