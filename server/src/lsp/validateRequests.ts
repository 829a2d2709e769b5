/**
 * The validate family's request (issue #29): `archipel/validate`, a job on the job layer run in
 * the validate process; the answer carries GX's validation result and the failures as diagnostics
 * of the suite (the client shows them and the Data Docs panel).
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { LSPErrorCodes, ResponseError, type Connection } from 'vscode-languageserver/node';
import { JobWorker } from '../engines/core/host';
import { processWorker } from '../engines/core/workers';
import { validateJobSpec } from '../engines/validate/spec';
import { t } from '../l10n/t';
import { ValidateRequest, type ValidateParams, type ValidateResponse } from '../protocol/validate';
import { boundData } from '../validate/feature';
import { validationDiagnostics } from '../validate/diagnostics';
import { readSuite } from '../validate/suite';
import type { WorkspaceIndex } from '../workspace/index';
import { answerJob, disposedAtExit, type WorkspaceTrust } from './jobs';

export interface ValidateServices {
  index: WorkspaceIndex;
  trust: WorkspaceTrust;
  /** The validate process's script (dist/server/validateWorker.js). */
  workerScript: string;
  log(message: string): void;
}

const IDLE_MS = 60_000;
const CANCEL_GRACE_MS = 5_000;

/** Registers archipel/validate; `dispose` ends the validate process (at shutdown). */
export function registerValidateRequests(connection: Connection, services: ValidateServices): { dispose(): void } {
  const worker = new JobWorker({ name: 'the validate process', start: processWorker(services.workerScript, { name: 'validate process', log: services.log }), idleMs: IDLE_MS, cancelGraceMs: CANCEL_GRACE_MS, log: services.log });
  /** The suite as indexed (the editor's text when open), else as on disk (a file the index has not heard of yet). */
  const suiteFile = (uri: string) => {
    const indexed = services.index.get(uri);
    if (indexed) return indexed;
    try {
      return services.index.update(uri, readFileSync(fileURLToPath(uri), 'utf8'), { context: true });
    } catch {
      return undefined;
    }
  };
  const spec = validateJobSpec((params) => {
    const file = suiteFile(params.suite);
    const suite = file && readSuite(file.text);
    if (!file || !suite) throw new ResponseError(LSPErrorCodes.RequestFailed, t('{0} is not an expectation suite: expected a JSON or YAML mapping with an expectations list', params.suite));
    const data = params.data ? fileURLToPath(params.data) : boundData(file, suite, services.index);
    if (!data) throw new ResponseError(LSPErrorCodes.RequestFailed, t('the suite names no data file: give one, or add data: to the suite'), { missingData: true });
    return { data, suite: fileURLToPath(params.suite), ...(params.resultFormat ? { resultFormat: params.resultFormat } : {}) };
  });
  connection.onRequest(ValidateRequest, async (params: ValidateParams, token): Promise<ValidateResponse> => {
    const outcome = await answerJob(connection, spec, params, token, { trusted: services.trust.trusted, worker });
    const [item] = outcome.results;
    if (!item || outcome.cancelled) throw new ResponseError(LSPErrorCodes.RequestCancelled, t('validation cancelled'));
    const data = pathToFileURL(item.data).href;
    if (item.error !== undefined || !item.result) return { data, error: item.error ?? t('the validation gave no result') };
    const file = suiteFile(params.suite);
    const suite = file && readSuite(file.text);
    const diagnostics = suite && file ? validationDiagnostics(suite, item.result, file.lines, data) : [];
    return { data, result: item.result, diagnostics };
  });
  return disposedAtExit(worker);
}
