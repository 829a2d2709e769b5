/**
 * The validate family's request (issue #29): `archipel/validate`, a job on the job layer run in
 * the validate process; the answer carries GX's validation result and the failures as diagnostics
 * of the suite (the client shows them and the Data Docs panel).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { ComputeRegistry } from '../core/requests';
import { startFamilyWorker } from '../core/familyWorker';
import { validateJobSpec } from './spec';
import { RequestFailure } from '../../features/requests';
import { t } from '../../l10n/t';
import { ValidateRequest, type ValidateParams, type ValidateResponse } from '../../protocol/validate';
import { boundData } from '../../validate/feature';
import { validationDiagnostics } from '../../validate/diagnostics';
import { readSuite } from '../../validate/suite';


/** Registers archipel/validate; the validate process ends at shutdown. */
export function registerValidateRequests(registry: ComputeRegistry): void {
  const worker = startFamilyWorker(registry, { bundle: 'validateWorker', name: 'validate process', idleMs: 60_000 });
  /** The suite as indexed (the editor's text when open), else as on disk (a file the index has not heard of yet). */
  const suiteFile = (uri: string) => {
    const indexed = registry.index.get(uri);
    if (indexed) return indexed;
    try {
      return registry.index.update(uri, readFileSync(fileURLToPath(uri), 'utf8'), { context: true });
    } catch {
      return undefined;
    }
  };
  const spec = validateJobSpec((params) => {
    const file = suiteFile(params.suite);
    const suite = file && readSuite(file.text);
    if (!file || !suite) throw new RequestFailure(t('{0} is not an expectation suite: expected a JSON or YAML mapping with an expectations list', params.suite));
    const data = params.data ? fileURLToPath(params.data) : boundData(file, suite, registry.index);
    if (!data) throw new RequestFailure(t('the suite names no data file: give one, or add data: to the suite'), { missingData: true });
    return { data, suite: fileURLToPath(params.suite), ...(params.resultFormat ? { resultFormat: params.resultFormat } : {}) };
  });
  registry.onRequest(ValidateRequest, async (params: ValidateParams, context): Promise<ValidateResponse> => {
    const outcome = await registry.runJob(spec, params, worker, context);
    const [item] = outcome.results;
    if (!item || outcome.cancelled) throw new RequestFailure(t('validation cancelled'), undefined, true);
    const data = pathToFileURL(item.data).href;
    if (item.error !== undefined || !item.result) return { data, error: item.error ?? t('the validation gave no result') };
    const file = suiteFile(params.suite);
    const suite = file && readSuite(file.text);
    const diagnostics = suite && file ? validationDiagnostics(suite, item.result, file.lines, data) : [];
    return { data, result: item.result, diagnostics };
  });
}
