/**
 * The runs of pipelines in this window: one pseudoterminal per run, fed by the server's
 * `archipel/pipelineEvent` notifications (lines prefixed by their stage, a colour per stage), and
 * the events passed on to whoever listens (the pipeline panels). Closing a run's terminal while it
 * runs cancels its request: the server then kills the commands' process trees.
 */
import * as vscode from 'vscode';
import type { PipelineEvent, StageRunResult } from '../../../server/src/protocol/pipeline';

/** ANSI colours for stage prefixes (the terminal's theme maps them). */
const COLOURS = [36, 35, 33, 32, 34, 96, 95, 93, 92, 94];
const RESET = '\x1b[0m';
const BOLD = '\x1b[1m';
const RED = '\x1b[31m';
const GREEN = '\x1b[32m';
const DIM = '\x1b[2m';

/** A stage's prefix is padded to the longest name of the run, up to this width. */
const MAX_PREFIX = 24;
/** A stage's unfinished line is held up to this many characters (whole lines when stages interleave), then written as it is. */
const HOLD = 8192;

export function fileKey(file: string): string {
  return vscode.Uri.file(file).fsPath;
}

/** One run's terminal: it shows what the run prints, and its closing cancels the run. */
export class RunTerminal implements vscode.Disposable {
  private readonly writeEmitter = new vscode.EventEmitter<string>();
  private readonly closeEmitter = new vscode.EventEmitter<number | void>();
  /** What was written before VS Code opened the terminal (it shows nothing written earlier). */
  private pending: string[] | undefined = [];
  private readonly partial = new Map<string, string>();
  private readonly colours = new Map<string, number>();
  private width = 8;
  private finished = false;
  readonly terminal: vscode.Terminal;
  /** Stages this run has started: their log is this terminal. */
  readonly stages = new Set<string>();
  runId: string | undefined;

  constructor(
    readonly file: string,
    name: string,
    private readonly cancellation: vscode.CancellationTokenSource,
  ) {
    const pty: vscode.Pseudoterminal = {
      onDidWrite: this.writeEmitter.event,
      onDidClose: this.closeEmitter.event,
      open: () => {
        const pending = this.pending ?? [];
        this.pending = undefined;
        for (const text of pending) this.writeEmitter.fire(text);
      },
      close: () => {
        // The user closed the terminal: a run still going is cancelled.
        if (!this.finished) this.cancellation.cancel();
      },
    };
    this.terminal = vscode.window.createTerminal({ name, pty, iconPath: new vscode.ThemeIcon('run-all') });
  }

  private write(text: string): void {
    // A lone `\r` stays one (a progress bar's redraw); a line end becomes the terminal's `\r\n`.
    const crlf = text.replace(/\n/g, '\r\n');
    if (this.pending) this.pending.push(crlf);
    else this.writeEmitter.fire(crlf);
  }

  private prefix(stage: string): string {
    let colour = this.colours.get(stage);
    if (colour === undefined) this.colours.set(stage, (colour = COLOURS[this.colours.size % COLOURS.length]));
    const label = stage.length > MAX_PREFIX ? `${stage.slice(0, MAX_PREFIX - 1)}…` : stage.padEnd(this.width);
    return `\x1b[${colour}m${label} |${RESET} `;
  }

  /** Writes a line of the run itself (not of a stage). */
  note(text: string): void {
    this.write(`${DIM}${text}${RESET}\n`);
  }

  handle(event: PipelineEvent): void {
    const stage = event.stage;
    switch (event.kind) {
      case 'run-start': {
        const plan = event.plan ?? [];
        this.width = Math.min(MAX_PREFIX, Math.max(8, ...plan.map((s) => s.length)));
        for (const note of event.notes ?? []) this.note(note);
        this.note(plan.length ? vscode.l10n.t('Running {0} stage(s): {1}', plan.length, plan.join(', ')) : vscode.l10n.t('Nothing to run: every stage is up to date.'));
        return;
      }
      case 'stage-start':
        if (stage === undefined) return;
        this.stages.add(stage);
        this.write(`${this.prefix(stage)}${BOLD}${vscode.l10n.t('started')}${RESET}${event.log ? ` ${DIM}${vscode.l10n.t('(whole log: {0})', event.log)}${RESET}` : ''}\n`);
        return;
      case 'stage-output': {
        if (stage === undefined || !event.text) return;
        this.output(stage, event.text);
        return;
      }
      case 'stage-end':
        if (stage === undefined) return;
        this.flush(stage);
        if (event.result) this.write(`${this.prefix(stage)}${outcomeText(event.result)}\n`);
        return;
      case 'run-end':
        for (const s of [...this.partial.keys()]) this.flush(s);
        return;
    }
  }

  /**
   * A chunk of a stage's output, in time linear in its size: only the chunk is split (never the
   * held line again), a `\r` redraws the line in place with its prefix (a progress bar), and an
   * unfinished line longer than HOLD is written as it is rather than held.
   */
  private output(stage: string, text: string): void {
    const last = Math.max(text.lastIndexOf('\n'), text.lastIndexOf('\r'));
    const held = this.partial.get(stage) ?? '';
    if (last === -1) {
      if (held.length + text.length <= HOLD) this.partial.set(stage, held + text);
      else {
        this.partial.delete(stage);
        this.write(`${this.prefix(stage)}${held}${text}\n`);
      }
      return;
    }
    const complete = held + text.slice(0, last + 1);
    const rest = text.slice(last + 1);
    if (rest) this.partial.set(stage, rest);
    else this.partial.delete(stage);
    const prefix = this.prefix(stage);
    let out = '';
    for (const piece of complete.split(/(\r\n|\n|\r)/)) {
      if (piece === '\r\n' || piece === '\n') out += '\n';
      else if (piece === '\r') out += '\r';
      else if (piece) out += prefix + piece;
    }
    this.write(out);
  }

  private flush(stage: string): void {
    const rest = this.partial.get(stage);
    this.partial.delete(stage);
    if (rest) this.write(`${this.prefix(stage)}${rest}\n`);
  }

  /** The run answered (or failed): the terminal stays, to be read, until the user closes it. */
  finish(summary: string, failed: boolean): void {
    this.finished = true;
    for (const s of [...this.partial.keys()]) this.flush(s);
    this.write(`\n${failed ? RED : GREEN}${BOLD}${summary}${RESET}\n`);
  }

  get done(): boolean {
    return this.finished;
  }

  dispose(): void {
    this.finished = true;
    this.terminal.dispose();
    this.writeEmitter.dispose();
    this.closeEmitter.dispose();
  }
}

function outcomeText(result: StageRunResult): string {
  const time = result.durationMs !== undefined ? ` (${(result.durationMs / 1000).toFixed(1)} s)` : '';
  switch (result.outcome) {
    case 'ran':
      return `${GREEN}✓ ${vscode.l10n.t('done')}${time}${RESET}`;
    case 'skipped':
      return `${DIM}${vscode.l10n.t('up to date, skipped')}${RESET}`;
    case 'failed':
      return `${RED}${BOLD}✗ ${vscode.l10n.t('failed')}${time}${result.reason ? `: ${result.reason}` : ''}${RESET}`;
    case 'cancelled':
      return `${RED}${vscode.l10n.t('cancelled')}${RESET}`;
    case 'not-run':
      return `${DIM}${vscode.l10n.t('not run')}${result.reason ? `: ${result.reason}` : ''}${RESET}`;
  }
}

/**
 * The window's runs. A run's events carry its id, known once its `run-start` arrives: the terminal
 * made for a run of a file takes the first new run id of that file.
 */
export class PipelineRuns implements vscode.Disposable {
  private readonly byRun = new Map<string, RunTerminal>();
  /** Terminals whose run has not announced itself yet, per file (in order of start). */
  private readonly waiting = new Map<string, RunTerminal[]>();
  /** Runs whose request has answered. */
  private readonly finished = new Set<string>();
  /** The last run of each file that ran each stage: where its log is. */
  private readonly logs = new Map<string, Map<string, RunTerminal>>();
  private readonly eventEmitter = new vscode.EventEmitter<PipelineEvent>();
  readonly onEvent = this.eventEmitter.event;
  private readonly disposables: vscode.Disposable[] = [this.eventEmitter];

  constructor() {
    this.disposables.push(
      vscode.window.onDidCloseTerminal((closed) => {
        for (const [file, stages] of this.logs) {
          for (const [stage, run] of stages) if (run.terminal === closed) stages.delete(stage);
          if (stages.size === 0) this.logs.delete(file);
        }
      }),
    );
  }

  /** A terminal for a run of `file` about to be requested. */
  start(file: string, cancellation: vscode.CancellationTokenSource): RunTerminal {
    const key = fileKey(file);
    const name = vscode.l10n.t('Pipeline: {0}', vscode.workspace.asRelativePath(key));
    const run = new RunTerminal(key, name, cancellation);
    this.waiting.set(key, [...(this.waiting.get(key) ?? []), run]);
    return run;
  }

  /** The run's request has answered: a terminal still waiting for its run-start stops waiting. */
  settle(run: RunTerminal): void {
    const queue = this.waiting.get(run.file)?.filter((r) => r !== run);
    if (queue?.length) this.waiting.set(run.file, queue);
    else this.waiting.delete(run.file);
    if (run.runId !== undefined) {
      this.byRun.delete(run.runId);
      // A late event of this run must not be taken for the start of the next one.
      this.finished.add(run.runId);
      if (this.finished.size > 1000) this.finished.delete(this.finished.values().next().value!);
    }
  }

  /** A server event: to its run's terminal, then to the listeners. */
  handle(event: PipelineEvent): void {
    const key = fileKey(event.file);
    let run = this.byRun.get(event.runId);
    if (!run && !this.finished.has(event.runId)) {
      const queue = this.waiting.get(key);
      run = queue?.shift();
      if (run) {
        run.runId = event.runId;
        this.byRun.set(event.runId, run);
        if (queue?.length === 0) this.waiting.delete(key);
      }
    }
    if (run) {
      run.handle(event);
      if (event.kind === 'stage-start' && event.stage !== undefined) {
        const stages = this.logs.get(key) ?? new Map<string, RunTerminal>();
        stages.set(event.stage, run);
        this.logs.set(key, stages);
      }
      if (event.kind === 'run-end') this.byRun.delete(event.runId);
    }
    this.eventEmitter.fire(event);
  }

  /** Stages of `file` whose log (a run's terminal) is open in this window. */
  stagesWithLogs(file: string): string[] {
    return [...(this.logs.get(fileKey(file))?.keys() ?? [])];
  }

  /** Shows the terminal of the last run of `file` that ran `stage`; false when there is none. */
  showLog(file: string, stage: string): boolean {
    const run = this.logs.get(fileKey(file))?.get(stage);
    if (!run) return false;
    run.terminal.show(true);
    return true;
  }

  dispose(): void {
    while (this.disposables.length > 0) this.disposables.pop()?.dispose();
  }
}
