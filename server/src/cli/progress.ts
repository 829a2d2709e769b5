import { progressMessage, type JobProgress } from '../engines/core/job';
import type { ProgressSink } from '../engines/core/host';

/**
 * A job's progress on the CLI: one line on the terminal, rewritten as items finish and erased at
 * the end. Nothing when stderr is not a terminal (a pipe, a log, a test): output stays clean.
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): ProgressSink {
  if (!stream.isTTY) return { begin: () => undefined, report: () => undefined, end: () => undefined };
  let title = '';
  const width = () => Math.max(20, (stream.columns || 80) - 1);
  return {
    begin: (value) => (title = value),
    report: (progress: JobProgress) => void stream.write(`\r\x1b[2K${`${title}: ${progressMessage(progress)}`.slice(0, width())}`),
    end: () => void stream.write('\r\x1b[2K'),
  };
}
