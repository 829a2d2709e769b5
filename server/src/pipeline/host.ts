/**
 * What the Pipeline family reads from the host (its descriptor, families/pipeline.ts, hands it to
 * the feature and the requests): the disk, by the one bounded read, and the runner's statuses of a
 * run (a server), which the feature's hovers and code lenses show.
 */
import { existsSync } from 'node:fs';
import { confinementRefusal, readSideTextQuietly } from '../disk/readText';
import type { PipelineStatusProvider } from '../engines/pipeline/register';
import type { SchemaEngine } from '../schema/engine';
import type { PipelineDependencies } from './feature';

/** The runner's statuses, by run (the host object a family's features and requests share). */
const providers = new WeakMap<object, PipelineStatusProvider>();

/** The feature's dependencies in a run: the schema, the disk, and the statuses the run's requests keep. */
export function pipelineDependencies(run: object, schema: SchemaEngine): PipelineDependencies {
  return { schema, exists: existsSync, readText: readSideTextQuietly, refusal: (file) => confinementRefusal(file, 'read'), status: (file, stage) => providers.get(run)?.stageStatus(file, stage) };
}

/** Keeps the statuses of a run's runner (its requests, engines/pipeline/register.ts), which the run's feature then shows. */
export function keepStatuses(run: object, provider: PipelineStatusProvider): void {
  providers.set(run, provider);
}
