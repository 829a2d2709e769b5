/**
 * The validate family on the job layer (engines/core): one item per validation (a data file and
 * its suite), run in the validate worker; a run that cannot be made (unreadable suite or data) is
 * that item's result with its message, as every family's.
 */
import { frValidate } from '../../validate/fr';
import path from 'node:path';
import type { ResultFormatName, ValidationResult } from '../../protocol/validate';
import { parseSuite } from '../../validate/suite';
import type { ItemResult, JobFamily } from '../core/job';
import type { ValidateLimits } from './limits';
import { validateData, type MissingValues } from './run';
import { spillFolderOf } from './spill';
import { READ_BOUNDS, readTextBounded } from '../../disk/readText';

export interface ValidateJob {
  /** Absolute paths. */
  data: string;
  suite: string;
  resultFormat?: ResultFormatName;
  /** Folders the data file must resolve into (the workspace folders). */
  roots?: string[];
  /** The folder whose `.archipel/` DuckDB may spill into. */
  stateRoot?: string;
  /** The bounds (archipel.validate.max…): the defaults for what is not given. */
  limits?: Partial<ValidateLimits>;
  /** DuckDB's memory limit in MB (archipel.validate.memoryLimit). */
  memoryMb?: number;
  /** How a CSV's missing cells are read (archipel.validate.missingValues). */
  missingValues?: MissingValues;
}

export interface ValidateItemResult extends ItemResult {
  data: string;
  suite: string;
  result?: ValidationResult;
}

export const validateFamily: JobFamily<ValidateJob, ValidateItemResult, Record<string, never>> = {
  name: 'validate',
  french: frValidate,
  label: (item) => path.basename(item.data),
  failed: (item, message) => ({ data: item.data, suite: item.suite, error: message }),
  run: async (item, context) => {
    const suite = parseSuite(await readTextBounded(item.suite, READ_BOUNDS.config), path.basename(item.suite));
    const spillFolder = item.stateRoot === undefined ? undefined : spillFolderOf(item.stateRoot);
    const result = await validateData(item.data, suite, { resultFormat: item.resultFormat ?? 'SUMMARY', signal: context.signal, dataLabel: item.data, suiteLabel: item.suite, roots: item.roots, spillFolder, limits: item.limits, memoryMb: item.memoryMb, defaultMissingValues: item.missingValues });
    return { data: item.data, suite: item.suite, result };
  },
};
