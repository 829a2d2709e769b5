/**
 * The last run of each stage (`.archipel/pipeline-runs.json` beside the pipeline file): whether it
 * succeeded, how long it took, when it ended and, after a failure, the last lines of its log. The
 * hover and the panel show it; `dvc.lock` has no place for it.
 */
import path from 'node:path';
import { limiter } from '../../common/limiter';
import type { Pipeline } from '../../pipeline/model';
import { writeReplacing } from '../core/output';
import { ensureStateFolder } from './stateFolder';
import { READ_BOUNDS, readTextBounded } from '../../disk/readText';

export interface StageRun {
  ok: boolean;
  durationMs: number;
  finishedAt: string;
  logTail?: string[];
}

type Runs = Record<string, Record<string, StageRun>>;

export class RunLog {
  private readonly oneAtATime = limiter(1);

  constructor(
    readonly file: string,
    /** The pipeline file's name: one log serves every pipeline of a folder. */
    readonly key: string,
  ) {}

  static forPipeline(pipeline: Pipeline): RunLog {
    return new RunLog(path.join(pipeline.root, '.archipel', 'pipeline-runs.json'), path.basename(pipeline.file));
  }

  private async readAll(): Promise<Runs> {
    try {
      const data = JSON.parse(await readTextBounded(this.file, READ_BOUNDS.state)) as unknown;
      return data && typeof data === 'object' ? (data as Runs) : {};
    } catch {
      return {};
    }
  }

  async read(): Promise<Record<string, StageRun>> {
    return (await this.readAll())[this.key] ?? {};
  }

  record(stage: string, run: StageRun): Promise<void> {
    return this.oneAtATime(async () => {
      const all = await this.readAll();
      all[this.key] = { ...(all[this.key] ?? {}), [stage]: run };
      await ensureStateFolder(path.dirname(this.file));
      await writeReplacing(this.file, JSON.stringify(all, null, 1));
    });
  }
}
