/**
 * The message protocol between a panel's host (extension) and its page (webview). Each panel
 * declares its two unions with valibot schemas in `webviews/<panel>/messages.ts`, from the pieces
 * here; the TypeScript types are inferred from the same schemas, so what is checked at run time is
 * what is typed at compile time. Both sides validate what they receive (`receive`): a message that
 * does not match is dropped and reported, never half-used. DOM-free: the host imports it too.
 */
import * as v from 'valibot';

export const PositionSchema = v.object({ line: v.pipe(v.number(), v.integer(), v.minValue(0)), character: v.pipe(v.number(), v.integer(), v.minValue(0)) });
export const RangeSchema = v.object({ start: PositionSchema, end: PositionSchema });
export type WireRange = v.InferOutput<typeof RangeSchema>;

/** A file URI as the host hands them out (`file:`, `untitled:`, `vscode-remote:` …), never script. */
export const UriSchema = v.pipe(v.string(), v.regex(/^[a-z][a-z0-9+.-]*:/i), v.check((s) => !/^(javascript|data|vbscript):/i.test(s), 'not a document URI'), v.maxLength(4096));

/** Page → host: the page has loaded and listens (the host sends its first data then). */
export const ReadyMessage = v.object({ type: v.literal('ready') });
/** Page → host: open a document and select a range (a click on a cell, a row, a node). */
export const RevealMessage = v.object({ type: v.literal('reveal'), uri: UriSchema, range: RangeSchema });
/** Page → host: something failed in the page; the host logs it to the Archipel output. */
export const PageErrorMessage = v.object({ type: v.literal('pageError'), message: v.pipe(v.string(), v.maxLength(10_000)) });

/** Page → host: what the page has drawn (counts, timings), for the extension's tests and logs. */
export const RenderedMessage = v.object({ type: v.literal('rendered'), summary: v.record(v.string(), v.union([v.string(), v.number(), v.boolean(), v.null()])) });

/** The messages every page may send. */
export const commonToHost = [ReadyMessage, RevealMessage, PageErrorMessage, RenderedMessage] as const;

export type Issue = { path: string; message: string };

/** Why a value does not match, in a few words per problem (for logs). */
function issuesOf(issues: readonly v.BaseIssue<unknown>[]): Issue[] {
  return issues.slice(0, 5).map((issue) => ({
    path: issue.path?.map((p) => String((p as { key?: unknown }).key)).join('.') ?? '',
    message: issue.message,
  }));
}

export type Received<T> = { ok: true; message: T } | { ok: false; issues: Issue[] };

/** Validates one received message against a panel's union. */
export function receive<S extends v.GenericSchema>(schema: S, data: unknown): Received<v.InferOutput<S>> {
  const result = v.safeParse(schema, data);
  return result.success ? { ok: true, message: result.output } : { ok: false, issues: issuesOf(result.issues) };
}

/** A one-line description of a rejected message for a log. */
export function describeRejection(data: unknown, issues: readonly Issue[]): string {
  const type = typeof data === 'object' && data !== null && typeof (data as { type?: unknown }).type === 'string' ? (data as { type: string }).type : typeof data;
  return `message "${type}" rejected: ${issues.map((i) => (i.path ? `${i.path}: ${i.message}` : i.message)).join('; ')}`;
}
