/**
 * A stage's output, in time linear in its size and memory bounded whatever it prints (a `\r`
 * progress bar updated 500,000 times, a 1 GB line without a newline, binary bytes):
 * - the whole of it goes to the stage's log on disk (`.archipel/logs/<pipeline file>/<stage>.log`,
 *   the last run's), written as it comes;
 * - its last bytes are kept for the run log's tail (runLog.ts);
 * - it is passed on as bytes (the CLI) or as text (events: the language server, the tests);
 * - `boundedEvents` bounds what goes on to the editor: at most one message per stage per interval,
 *   holding at most the tail of what came meanwhile, and a line saying how much was left out and
 *   where the whole log is.
 */
import type { WriteStream } from 'node:fs';
import path from 'node:path';
import { StringDecoder } from 'node:string_decoder';
import type { Pipeline } from '../../pipeline/model';
import type { PipelineEvent } from '../../protocol/pipeline';
import { drained } from '../core/output';
import { t } from '../../l10n/t';
import type { OutputSink } from './command';
import { killPoint } from './faults';
import { LinkRefusedError, mkdirState, openState } from '../core/safeWrite';

/**
 * A stage's log keeps at most this many bytes by default (`--log-max` / RunOptions.logMaxBytes):
 * the first half of the cap as it comes, the last half at the end, and a line between saying how
 * many bytes were left out (#37: a 1 GB output no longer makes a 1 GB log).
 */
export const DEFAULT_LOG_MAX_BYTES = 32 << 20;

/** Bytes of output kept for the tail of a failed stage's log. */
const TAIL_BYTES = 8192;

/** Where a stage's whole output of its last run is. */
export function stageLogFile(pipeline: Pipeline, stage: string): string {
  return path.join(pipeline.root, '.archipel', 'logs', path.basename(pipeline.file), `${stage.replace(/[^\w@.+-]/g, '_')}.log`);
}

export interface StageOutputTargets {
  /** The bytes as they come (the CLI); when set, `text` is not called. */
  raw?: (chunk: Buffer) => void | Promise<void>;
  /** The output decoded as UTF-8 (a character split between chunks is whole in the next). */
  text?: (text: string) => void;
}

export class StageOutput {
  private log: WriteStream | undefined;
  private tail = Buffer.alloc(0);
  private readonly decoder = new StringDecoder('utf8');
  private started = false;
  /** Bytes written to the log so far (the head), and the bytes after the head (their last half-cap kept in `logTail`). */
  private logged = 0;
  private past = 0;
  private logTail: Buffer[] = [];
  private logTailBytes = 0;

  constructor(
    readonly file: string,
    private readonly targets: StageOutputTargets,
    private readonly maxLogBytes = DEFAULT_LOG_MAX_BYTES,
  ) {}

  async open(): Promise<void> {
    try {
      // Never through a link committed under .archipel/ (engines/core/safeWrite.ts).
      await mkdirState(path.dirname(this.file));
      const handle = await openState(this.file, 'w');
      // A large buffer: a command printing fast is paused for the disk only when 4 MB are waiting.
      const log = handle.createWriteStream({ highWaterMark: 4 << 20 });
      // A log that cannot be written (a full disk) stops being written; the run goes on.
      log.on('error', () => {
        if (this.log === log) this.log = undefined;
      });
      this.log = log;
    } catch (error) {
      this.log = undefined;
      // A link on the log's path fails the stage with the message naming it; other failures only lose the log.
      if (error instanceof LinkRefusedError) throw error;
    }
  }

  /** Takes a chunk of the command's output (an OutputSink). */
  readonly write: OutputSink = (chunk) => {
    if (!this.started) {
      this.started = true;
      killPoint('command');
    }
    this.tail = chunk.length >= TAIL_BYTES ? Buffer.from(chunk.subarray(chunk.length - TAIL_BYTES)) : Buffer.concat([this.tail, chunk]).subarray(-TAIL_BYTES);
    const waits: Promise<void>[] = [];
    const head = this.headOf(chunk);
    if (this.log && head.length > 0 && !this.log.write(head)) {
      waits.push(drained(this.log));
    }
    if (this.targets.raw) {
      const wait = this.targets.raw(chunk);
      if (wait) waits.push(wait);
    } else if (this.targets.text) {
      const text = this.decoder.write(chunk);
      if (text) this.targets.text(text);
    }
    return waits.length ? Promise.all(waits).then(() => undefined) : undefined;
  };

  /** The last `count` lines of the output (a `\r` ends a line too: a progress bar's last state). */
  tailLines(count: number): string[] {
    const lines = this.tail.toString('utf8').split(/\r\n|\r|\n/).filter((l) => l.length);
    return lines.slice(-count).map((l) => (l.length > 500 ? `${l.slice(0, 500)}…` : l));
  }

  /** The part of `chunk` that goes to the log now (the head); the rest is kept for the log's tail. */
  private headOf(chunk: Buffer): Buffer {
    const room = Math.max(0, Math.floor(this.maxLogBytes / 2) - this.logged);
    const head = chunk.length <= room ? chunk : chunk.subarray(0, room);
    this.logged += head.length;
    if (head.length < chunk.length) {
      const rest = chunk.subarray(head.length);
      this.past += rest.length;
      const keep = Math.ceil(this.maxLogBytes / 2);
      this.logTail.push(rest.length > keep ? Buffer.from(rest.subarray(rest.length - keep)) : Buffer.from(rest));
      this.logTailBytes += Math.min(rest.length, keep);
      while (this.logTail.length > 1 && this.logTailBytes - this.logTail[0].length >= keep) this.logTailBytes -= this.logTail.shift()?.length ?? 0;
    }
    return head;
  }

  async close(): Promise<void> {
    const rest = this.decoder.end();
    if (rest && !this.targets.raw) this.targets.text?.(rest);
    const log = this.log;
    this.log = undefined;
    if (log && this.past > 0) {
      const keep = Math.ceil(this.maxLogBytes / 2);
      const tail = Buffer.concat(this.logTail);
      const kept = tail.subarray(Math.max(0, tail.length - keep));
      // Nothing left out (the output fit in the cap): the log is the whole output.
      if (this.past > kept.length) log.write(`\n${t('[… {0} bytes of output left out of this log (it keeps {1} bytes: the first and the last half); raise the cap with --log-max]', this.past - kept.length, this.maxLogBytes)}\n`);
      log.write(kept);
      this.logTail = [];
    }
    if (log) await new Promise<void>((resolve) => log.end(resolve));
  }
}

export interface BoundedEventsOptions {
  /** At most one output message per stage per interval. */
  intervalMs?: number;
  /** At most this many characters per message: the end of what came meanwhile. */
  tailChars?: number;
}

/**
 * Wraps an event sender so that a stage's output reaches it at a bounded rate and size: chunks are
 * gathered per stage and sent once per interval, only the last `tailChars` of them, prefixed with
 * how much was left out and where the whole log is (the stage-start event's `log`). Every other
 * event passes at once, after the output of its stage that came before it.
 */
export function boundedEvents(send: (event: PipelineEvent) => void, options: BoundedEventsOptions = {}): (event: PipelineEvent) => void {
  const intervalMs = options.intervalMs ?? 200;
  const tailChars = options.tailChars ?? 32_768;
  const pending = new Map<string, { template: PipelineEvent; chunks: string[]; size: number; dropped: number }>();
  const logs = new Map<string, string>();
  let timer: NodeJS.Timeout | undefined;

  const flush = (stage: string) => {
    const p = pending.get(stage);
    if (!p) return;
    pending.delete(stage);
    const notice = p.dropped ? t('[… {0} characters of output not shown here; the whole log: {1}]', p.dropped, logs.get(stage) ?? '?') + '\n' : '';
    send({ ...p.template, text: notice + p.chunks.join('') });
  };
  const flushAll = () => {
    for (const stage of [...pending.keys()]) flush(stage);
    if (timer) clearInterval(timer);
    timer = undefined;
  };

  return (event) => {
    const stage = event.stage;
    if (event.kind === 'stage-start' && stage !== undefined && event.log) logs.set(stage, event.log);
    if (event.kind !== 'stage-output' || stage === undefined || !event.text) {
      if (event.kind === 'run-end') flushAll();
      else if (stage !== undefined) flush(stage);
      send(event);
      return;
    }
    const p = pending.get(stage) ?? { template: event, chunks: [], size: 0, dropped: 0 };
    pending.set(stage, p);
    p.chunks.push(event.text);
    p.size += event.text.length;
    if (p.chunks.length > 256) p.chunks = [p.chunks.join('')];
    while (p.size > tailChars) {
      const over = p.size - tailChars;
      const first = p.chunks[0];
      if (first.length <= over) {
        p.chunks.shift();
        p.size -= first.length;
        p.dropped += first.length;
      } else {
        p.chunks[0] = first.slice(over);
        p.size -= over;
        p.dropped += over;
      }
    }
    timer ??= setInterval(() => {
      for (const s of [...pending.keys()]) flush(s);
      if (pending.size === 0 && timer) {
        clearInterval(timer);
        timer = undefined;
      }
    }, intervalMs);
  };
}
