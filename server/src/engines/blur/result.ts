import type { BlurFileReport } from '../../protocol';

/**
 * One image's result: the same shape from the engine to the editor's panel (the protocol's
 * BlurFileReport); the CLI's JSON (cli/blur.ts) is a documented projection of it. Kept apart from
 * job.ts so that planning (the language server) does not load the imaging and model code.
 */
export type FileResult = BlurFileReport;

/** The result of an image that could not be processed. */
export function failedResult(file: string, error: string): FileResult {
  return { file, regions: [], ms: 0, stages: { decode: 0, detect: 0, render: 0, encode: 0 }, notes: [], models: [], error };
}
