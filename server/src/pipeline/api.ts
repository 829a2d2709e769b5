/**
 * What other families ask of the pipeline family (the privacy family's flows and rules): a pipeline
 * file's model — its stages with their deps and outs, each with its span — parsed once per version
 * of the workspace.
 */
export { isPipelineFile, pipelineOf } from './document';
export type { Pipeline, Stage, StageDep } from './model';
