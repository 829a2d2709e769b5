/**
 * The Data Docs panel's messages (host ↔ page) and the run-time schema of GX's validation result
 * (server/src/protocol/validate.ts) as the page accepts it: bounded lists, kwargs and result values
 * kept as data (every string is escaped when drawn). DOM-free: the host imports it too.
 */
import * as v from 'valibot';
import { commonToHost, UriSchema } from '../shared/messages';

const text = v.pipe(v.string(), v.maxLength(100_000));
const num = v.union([v.number(), v.null()]);
const record = v.record(v.pipe(v.string(), v.maxLength(1_000)), v.unknown());

const ResultSchema = v.object({
  success: v.boolean(),
  expectation_config: v.object({ expectation_type: text, kwargs: record, meta: record }),
  result: record,
  exception_info: v.object({ raised_exception: v.boolean(), exception_message: v.nullable(text), exception_traceback: v.nullable(text) }),
  meta: record,
});

export const ValidationResultSchema = v.object({
  success: v.boolean(),
  statistics: v.object({ evaluated_expectations: v.number(), successful_expectations: v.number(), unsuccessful_expectations: v.number(), success_percent: num }),
  results: v.pipe(v.array(ResultSchema), v.maxLength(10_000)),
  meta: v.object({ expectation_suite_name: text, data: text, suite: text, engine: text, row_count: v.number(), columns: v.pipe(v.array(text), v.maxLength(100_000)),
    run_id: v.object({ run_name: v.nullable(text), run_time: text }), validation_time: text }),
});
export type ShownValidation = v.InferOutput<typeof ValidationResultSchema>;

/** What the page shows: the result, and the data file's URI (rows open it at their line). */
export const DataDocsView = v.object({ result: ValidationResultSchema, data: UriSchema });
export type DataDocsView = v.InferOutput<typeof DataDocsView>;

/** Host → page: a validation to show, or none yet. */
export const DataDocsToPage = v.variant('type', [
  v.object({ type: v.literal('validation'), view: DataDocsView }),
  v.object({ type: v.literal('empty') }),
]);
export type DataDocsToPage = v.InferOutput<typeof DataDocsToPage>;

/** Page → host: the common messages (a row's link is a `reveal` of the data file). */
export const DataDocsToHost = v.variant('type', [...commonToHost]);
export type DataDocsToHost = v.InferOutput<typeof DataDocsToHost>;

/** What VS Code keeps for the panel: the validation shown, so a reload shows it again. */
export const DataDocsState = v.object({ view: DataDocsView });
export type DataDocsState = v.InferOutput<typeof DataDocsState>;
