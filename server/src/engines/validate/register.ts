/**
 * The validate family's request (issue #29): `archipel/validate`, a job on the job layer run in
 * the validate process; the answer carries GX's validation result and the failures as diagnostics
 * of the suite (the client shows them and the Data Docs panel).
 */
import path from 'node:path';
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
import type { ValidateSettings } from '../../validate/settings';
import type { ValidateLimits } from './limits';
import { READ_BOUNDS, readTextBoundedSync } from '../../disk/readText';

/** The bounds the settings give (archipel.validate.max…). */
export function limitsOfSettings(settings: ValidateSettings): ValidateLimits {
  return {
    expectations: settings.maxExpectations, values: settings.maxValues, patterns: settings.maxPatterns,
    patternLength: settings.maxPatternLength, unexpected: settings.maxUnexpected, unexpectedTotal: settings.maxUnexpectedTotal,
  };
}


/** Registers archipel/validate; the validate process ends at shutdown. */
export function registerValidateRequests(registry: ComputeRegistry): void {
  const worker = startFamilyWorker(registry, { bundle: 'validateWorker', name: 'validate process', idleMs: 60_000 });
  /** The suite as indexed (the editor's text when open), else as on disk (a file the index has not heard of yet). */
  const suiteFile = (uri: string) => {
    const indexed = registry.index.get(uri);
    if (indexed) return indexed;
    try {
      return registry.index.update(uri, readTextBoundedSync(fileURLToPath(uri), READ_BOUNDS.config), { context: true });
    } catch {
      return undefined;
    }
  };
  const spec = validateJobSpec(async (params) => {
    const file = suiteFile(params.suite);
    const suite = file && readSuite(file.text);
    if (!file || !suite) throw new RequestFailure(t('{0} is not an expectation suite: expected a JSON or YAML mapping with an expectations list', params.suite));
    const data = params.data ? fileURLToPath(params.data) : boundData(file, suite, registry.index);
    if (!data) throw new RequestFailure(t('the suite names no data file: give one, or add data: to the suite'), { missingData: true });
    // The data file (the request's or the suite's data:) is read only inside the workspace folders (#37).
    const suitePath = fileURLToPath(params.suite);
    const folders = registry.workspaceFolders();
    const roots = folders.length > 0 ? [...folders] : [path.dirname(suitePath)];
    // The bounds and the reading of missing values: the suite's folder's settings (archipel.validate.*).
    const settings = (await registry.settingsFor(params.suite)).validate;
    return {
      data, suite: suitePath, roots, stateRoot: roots[0], ...(params.resultFormat ? { resultFormat: params.resultFormat } : {}),
      limits: limitsOfSettings(settings), memoryMb: settings.memoryLimit, missingValues: settings.missingValues,
    };
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
