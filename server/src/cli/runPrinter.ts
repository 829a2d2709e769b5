/**
 * `archipel run`'s text output: each stage's output prefixed with its name, in time linear in its
 * size and bounded memory, bytes passed through as they are (binary output included).
 *
 * A line is prefixed when its first byte comes. A `\r` (a progress bar redrawing itself) starts a
 * line too, so a bar shows as `[train] 45%|####` redrawn in place. A stage's unfinished line is held
 * up to HOLD bytes so that stages running at once print whole lines; beyond that it is written as
 * it comes (a 1 GB line goes through in 64 KB pieces), and if another stage then prints, a newline
 * first ends the open line.
 */
const NL = 0x0a;
const CR = 0x0d;
const HOLD = 8192;

/** Where the bytes go: `false` or a promise when the reader is behind (the caller then waits). */
export type ByteSink = (bytes: Buffer) => boolean | Promise<void>;

interface StageState {
  prefix: Buffer;
  held?: Buffer;
  /** The next byte starts a line (gets the prefix). */
  atLineStart: boolean;
  /** The last byte written was a `\r` (a following `\n` is the same line end). */
  afterCR: boolean;
}

export class RunPrinter {
  private readonly stages = new Map<string, StageState>();
  /** The stage whose line is open (no newline written yet), if any. */
  private open: string | undefined;
  private width = 0;

  constructor(private readonly sink: ByteSink) {}

  /** The prefixes' width: the longest stage name of the run (up to 24). */
  plan(stages: readonly string[]): void {
    this.width = Math.min(24, Math.max(0, ...stages.map((s) => s.length)));
  }

  private state(stage: string): StageState {
    let state = this.stages.get(stage);
    if (!state) this.stages.set(stage, (state = { prefix: Buffer.from(`[${stage.padEnd(this.width)}] `), atLineStart: true, afterCR: false }));
    return state;
  }

  /** A whole line of the run's own (`[stage] running`, `done in 1.2 s`). */
  line(stage: string, text: string): boolean | Promise<void> {
    const parts: Buffer[] = [];
    this.endOpenLine(parts, undefined);
    parts.push(Buffer.from(`[${stage.padEnd(this.width)}] ${text}\n`));
    return this.sink(Buffer.concat(parts));
  }

  private endOpenLine(parts: Buffer[], except: string | undefined): void {
    if (this.open === undefined || this.open === except) return;
    const other = this.stages.get(this.open);
    if (other) {
      other.atLineStart = true;
      other.afterCR = false;
    }
    parts.push(Buffer.from('\n'));
    this.open = undefined;
  }

  /** A chunk of a stage's output. */
  output(stage: string, chunk: Buffer): boolean | Promise<void> {
    const state = this.state(stage);
    const data = state.held ? Buffer.concat([state.held, chunk]) : chunk;
    state.held = undefined;
    const last = Math.max(data.lastIndexOf(NL), data.lastIndexOf(CR));
    const parts: Buffer[] = [];
    if (last >= 0) this.lines(stage, state, data.subarray(0, last + 1), parts);
    const rest = data.subarray(last + 1);
    if (rest.length > HOLD) this.piece(stage, state, rest, parts);
    else if (rest.length) state.held = Buffer.from(rest);
    return parts.length ? this.sink(parts.length === 1 ? parts[0] : Buffer.concat(parts)) : true;
  }

  /** The stage ended: its held line is written, and its open line ended. */
  end(stage: string): boolean | Promise<void> {
    const state = this.stages.get(stage);
    const parts: Buffer[] = [];
    if (state?.held) {
      this.piece(stage, state, state.held, parts);
      state.held = undefined;
    }
    if (this.open === stage) this.endOpenLine(parts, undefined);
    return parts.length ? this.sink(Buffer.concat(parts)) : true;
  }

  /** Bytes of a line not ended yet. */
  private piece(stage: string, state: StageState, bytes: Buffer, parts: Buffer[]): void {
    this.endOpenLine(parts, stage);
    if (state.atLineStart) parts.push(state.prefix);
    parts.push(bytes);
    state.atLineStart = false;
    state.afterCR = false;
    this.open = stage;
  }

  /** Line ends of the chunk being printed (reused: no allocation per chunk). */
  private readonly ends: number[] = [];

  /**
   * Whole lines: `bytes` ends with `\n` or `\r`. Copied once into one buffer with their prefixes:
   * binary output (a line end every 128 bytes on average) costs a copy, not an object per line.
   */
  private lines(stage: string, state: StageState, bytes: Buffer, parts: Buffer[]): void {
    this.endOpenLine(parts, stage);
    const ends = this.ends;
    ends.length = 0;
    // Each of `\n` and `\r` found by a native scan, looked for again only once passed.
    let nl = bytes.indexOf(NL);
    let cr = bytes.indexOf(CR);
    while (nl !== -1 || cr !== -1) {
      const end = nl === -1 ? cr : cr === -1 ? nl : Math.min(nl, cr);
      ends.push(end);
      if (end === nl) nl = bytes.indexOf(NL, end + 1);
      else cr = bytes.indexOf(CR, end + 1);
    }
    const prefix = state.prefix;
    const out = Buffer.allocUnsafe(bytes.length + ends.length * prefix.length);
    let at = 0;
    let from = 0;
    for (const end of ends) {
      const boundary = bytes[end];
      // An empty line gets its prefix; nothing before a `\r`, nor between `\r` and `\n` (one line end).
      if (state.atLineStart && (end > from || (boundary === NL && !state.afterCR))) at += prefix.copy(out, at);
      at += bytes.copy(out, at, from, end + 1);
      state.atLineStart = true;
      state.afterCR = boundary === CR;
      from = end + 1;
    }
    this.open = state.afterCR ? stage : undefined;
    parts.push(out.subarray(0, at));
  }
}
