/**
 * The host side of compute jobs (the language server, the CLI): a job is planned here (pure: from
 * the request, the settings and the workspace index), refused if it would execute workspace content
 * in an untrusted workspace, then run by a JobRunner that streams each item's result and each event
 * back: a worker process or thread (JobWorker: blur, predict), or this thread (InThreadWorker:
 * pipelines, whose items are child processes already). Progress and cancellation go through a
 * ProgressSink and an AbortSignal, which the editor maps to $/progress and its Cancel button
 * (lsp/jobs.ts), and the CLI to a progress line (cli/progress.ts).
 */
import { RequestAbandonedError, WorkerChannel, type WorkerChannelOptions } from './channel';
import { runItems, type ItemResult, type JobProgress } from './job';
import { JOB_EVENT, JOB_RESULT, RUN_JOB, type AnyFamily, type JobDone, type JobEventParams, type JobResultParams, type RunJobParams } from './serve';
import { t } from '../../l10n/t';

/** Where a job's progress goes: $/progress in the editor, a line on the CLI's terminal. */
export interface ProgressSink {
  begin(title: string): void;
  report(progress: JobProgress): void;
  /** A percentage alone, for work that is not items (a download's bytes). */
  percentage?(value: number): void;
  end(message?: string): void;
}

export interface JobHooks<Result> {
  signal?: AbortSignal;
  onResult?: (result: Result, progress: JobProgress) => void;
  /** The events the job's items emit while they run (a pipeline's stages, a command's output). */
  onEvent?: (event: unknown) => void;
}

/** What runs a family's job, in a worker or on this thread: the one run interface of every family. */
export interface JobRunner {
  /**
   * Runs a job. Resolves once every item has a result, or once a cancellation has been honoured.
   * Rejects when the worker crashes: the next job starts a fresh one.
   */
  run<Result extends ItemResult>(family: string, items: readonly unknown[], options: unknown, hooks?: JobHooks<Result>): Promise<JobDone>;
  dispose(): void;
}

/**
 * A worker that runs jobs (a script calling serveWorker): started on the first job, kept a while
 * for the next (it skips starting Node and loading native libraries), restarted after a crash.
 */
export class JobWorker implements JobRunner {
  private readonly channel: WorkerChannel;

  constructor(options: WorkerChannelOptions) {
    this.channel = new WorkerChannel(options);
  }

  /** Whether the worker process or thread is running now. */
  get running(): boolean {
    return this.channel.running;
  }

  /** Workers started so far. */
  get started(): number {
    return this.channel.started;
  }

  /**
   * Runs a job in the worker. Resolves once every item has a result, or once a cancellation has
   * been honoured (a worker that does not stop within the channel's grace period is ended, which
   * counts as cancelled). Rejects when the worker crashes: the next job starts a fresh one.
   */
  async run<Result extends ItemResult>(family: string, items: readonly unknown[], options: unknown, hooks: JobHooks<Result> = {}): Promise<JobDone> {
    if (items.length === 0) return { cancelled: false };
    if (hooks.signal?.aborted) return { cancelled: true };
    try {
      return await this.channel.request<JobDone>(RUN_JOB, { family, items: [...items], options } satisfies RunJobParams, {
        signal: hooks.signal,
        onNotification: (method, params) => {
          if (method === JOB_EVENT) hooks.onEvent?.((params as JobEventParams).event);
          if (method !== JOB_RESULT) return;
          const { result, progress } = params as JobResultParams;
          hooks.onResult?.(result as Result, progress);
        },
      });
    } catch (error) {
      if (error instanceof RequestAbandonedError && error.reason === 'cancelled') return { cancelled: true };
      throw error;
    }
  }

  dispose(): void {
    this.channel.dispose();
  }
}

/**
 * The job runner of families that run on the calling thread (pipelines: their items are child
 * processes already, and hashing reads in chunks): the same run interface and the same streamed
 * results and events as a JobWorker, one job at a time per family as in a worker.
 */
export class InThreadWorker implements JobRunner {
  private readonly families: Map<string, AnyFamily>;

  constructor(families: readonly AnyFamily[]) {
    this.families = new Map(families.map((family) => [family.name, family]));
  }

  async run<Result extends ItemResult>(family: string, items: readonly unknown[], options: unknown, hooks: JobHooks<Result> = {}): Promise<JobDone> {
    const runner = this.families.get(family);
    if (!runner) throw new Error(`this thread runs ${[...this.families.keys()].join(', ')} jobs, not ${family}`);
    if (items.length === 0) return { cancelled: false };
    const { cancelled } = await runItems(runner, items as never[], options as never, {
      signal: hooks.signal,
      onResult: (result, progress) => hooks.onResult?.(result as Result, progress),
      onEvent: hooks.onEvent,
    });
    return { cancelled };
  }

  dispose(): void {
    // Nothing kept between jobs.
  }
}

/** The workspace is not trusted and the job would execute what it holds. */
export class UntrustedWorkspaceError extends Error {
  override readonly name = 'UntrustedWorkspaceError';
}

/** What a job does before running: the items to run, and results already known (a file that cannot be configured). */
export interface JobPlan<Item, Result> {
  items: Item[];
  results: Result[];
}

/** A job's answer: every result (planned ones and run ones), whether it was cancelled, and how many items it had. */
export interface JobOutcome<Result> {
  results: Result[];
  cancelled: boolean;
  total: number;
}

/** How a family's request becomes a job: its planning, its trust needs, its progress title. */
export interface JobSpec<Params, Item, Result extends ItemResult> {
  /** The family's name in the worker. */
  family: string;
  /** The progress title ("Blurring faces and plates"). */
  title(params: Params): string;
  /**
   * What the job would execute from the workspace ("runs the detection models (.onnx files) the
   * workspace configures"), or undefined when it executes nothing: then it runs untrusted too.
   */
  executes(params: Params): string | undefined;
  plan(params: Params, signal: AbortSignal): Promise<JobPlan<Item, Result>>;
  /** The options every item of the job shares, as the worker's family takes them. */
  options(params: Params): unknown;
  /** The order of the answer's results (default: planned first, then in the order run). */
  compare?(a: Result, b: Result): number;
  /** The progress an event of the items says (a pipeline's stage that ended), reported as it comes. */
  progressOf?(event: unknown): JobProgress | undefined;
}

export interface JobEnvironment {
  /** Whether the workspace is trusted (the editor says; the CLI is trusted). */
  trusted: boolean;
  worker: JobRunner;
  progress?: ProgressSink;
  signal?: AbortSignal;
  /** Each event the job's items emit, as it comes (the editor notifies it; the CLI prints it). */
  onEvent?: (event: unknown) => void;
}

/** The refusal of a job that would execute workspace content in an untrusted workspace, saying why. */
export function refusalOf(title: string, executes: string): string {
  return t('{0} refused: this workspace is not trusted, and the job {1}. Trust the workspace (Workspaces: Manage Workspace Trust) to run it.', title, executes);
}

/** Plans and runs a job for a request, with trust, progress and cancellation. */
export async function runJobRequest<Params, Item, Result extends ItemResult>(spec: JobSpec<Params, Item, Result>, params: Params, env: JobEnvironment): Promise<JobOutcome<Result>> {
  const executes = spec.executes(params);
  if (executes !== undefined && !env.trusted) throw new UntrustedWorkspaceError(refusalOf(spec.title(params), executes));
  const signal = env.signal ?? new AbortController().signal;
  env.progress?.begin(spec.title(params));
  try {
    const plan = await spec.plan(params, signal);
    const results = [...plan.results];
    const { cancelled } = await env.worker.run<Result>(spec.family, plan.items, spec.options(params), {
      signal,
      onResult: (result, progress) => {
        results.push(result);
        if (!spec.progressOf) env.progress?.report(progress);
      },
      onEvent: (event) => {
        env.onEvent?.(event);
        const progress = spec.progressOf?.(event);
        if (progress) env.progress?.report(progress);
      },
    });
    if (spec.compare) results.sort((a, b) => spec.compare!(a, b));
    return { results, cancelled, total: plan.items.length + plan.results.length };
  } finally {
    env.progress?.end();
  }
}
