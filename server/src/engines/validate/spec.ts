/**
 * The editor's validate request as a job (engines/core/host.ts): one item, the data file and the
 * suite (the data from the request, else the suite's binding). Validation reads data and runs no
 * workspace code: it runs in an untrusted workspace too.
 */
import path from 'node:path';
import type { ValidateParams } from '../../protocol/validate';
import { t } from '../../l10n/t';
import type { JobSpec } from '../core/host';
import type { ValidateItemResult, ValidateJob } from './job';

/** The run a request asks for, paths resolved; throws when the suite names no data and none is given. */
export type ValidateSource = (params: ValidateParams) => ValidateJob | Promise<ValidateJob>;

export function validateJobSpec(resolve: ValidateSource): JobSpec<ValidateParams, ValidateJob, ValidateItemResult> {
  return {
    family: 'validate',
    title: (params) => t('Validating {0}', path.basename(params.data ?? params.suite)),
    executes: () => undefined,
    plan: async (params) => ({ items: [await resolve(params)], results: [] }),
    options: () => ({}),
  };
}
