import path from 'node:path';
import { t } from '../../l10n/t';
import type { JobSummary } from '../../protocol/compute';
import type { JobOutcome } from './host';
import type { ItemResult } from './job';

/** What a family adds to a job's summary: its words for what was done, and each item's line. */
export interface SummaryWords<Result> {
  /** The first part of the message, over the items that did not fail ("Blurred 2 images: 4 regions"). */
  done(ok: readonly Result[]): string;
  /** The message when the job found nothing to do. */
  nothing: string;
  /** The output channel's line for an item that did not fail. */
  detail(result: Result): string;
}

/**
 * A job's summary: `<done>; N failed; cancelled after X of Y.` (when every item failed:
 * `N failed: <first file>: <its reason>`) (or the `nothing` message), and one
 * line per item, failures as `<file>: failed: <reason>` (the client shows those as errors).
 */
export function summarizeJob<Result extends ItemResult & { file: string }>(outcome: Omit<JobOutcome<Result>, 'summary'>, words: SummaryWords<Result>): JobSummary {
  const ok = outcome.results.filter((r) => !r.error);
  const failed = outcome.results.length - ok.length;
  const parts = [words.done(ok)];
  if (failed > 0) {
    // Nothing came out: the message itself says why (the first failure), not only the details.
    const first = outcome.results.find((r) => r.error)!;
    parts.push(ok.length === 0 ? t('{0} failed: {1}: {2}', failed, path.basename(first.file), first.error ?? '') : t('{0} failed', failed));
  }
  if (outcome.cancelled) parts.push(t('cancelled after {0} of {1}', outcome.results.length, outcome.total));
  const message = outcome.total === 0 ? words.nothing : `${parts.join('; ')}.`;
  const details = outcome.results.map((r) => (r.error ? `${r.file}: failed: ${r.error}` : words.detail(r)));
  return { message, details, failed };
}
