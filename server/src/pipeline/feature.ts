import { replacementFixes } from '../common/fixes';
import type { Feature } from '../features/feature';
import { pipelineOf, type PipelineDependencies } from './document';
import { pipelineCodeLenses, pipelineCompletion, pipelineDefinition, pipelineHover, pipelineSymbols } from './editing';
import { fixableCodes, pipelineFindings } from './rules';

export type { PipelineDependencies } from './document';

/**
 * Pipeline files (`dvc.yaml` anywhere, `*.pipeline.yaml`), issue #18: DVC 3's format checked as
 * you type (schema, vars and `${…}`, foreach/matrix, the DAG, params keys, deps that exist
 * nowhere), completion of paths, params keys and variables, hover and code lenses with the
 * runner's status, go to the stage writing a dep, one symbol per stage.
 */
export function pipelineFeature(deps: PipelineDependencies = {}): Feature {
  return {
    id: 'pipeline',
    extensions: ['.yaml', '.yml'],
    findings(file, context) {
      const pipeline = pipelineOf(file, context.index, deps);
      const first = file.yaml?.chunks[0];
      if (!pipeline || !first) return [];
      return pipelineFindings(pipeline, { index: context.index, schema: deps.schema, exists: deps.exists, chunk: first.chunk, chunkOffset: first.offset });
    },
    completion(file, offset, context) {
      const pipeline = pipelineOf(file, context.index, deps);
      return pipeline ? pipelineCompletion(file, pipeline, offset, context.index, deps) : [];
    },
    hover(file, offset, context) {
      const pipeline = pipelineOf(file, context.index, deps);
      return pipeline ? pipelineHover(file, pipeline, offset, deps) : undefined;
    },
    definition(file, offset, context) {
      const pipeline = pipelineOf(file, context.index, deps);
      return pipeline ? pipelineDefinition(file, pipeline, offset) : [];
    },
    codeLenses(file, context) {
      const pipeline = pipelineOf(file, context.index, deps);
      return pipeline ? pipelineCodeLenses(file, pipeline, deps) : [];
    },
    documentSymbols(file, context) {
      const pipeline = pipelineOf(file, context.index, deps);
      return pipeline ? pipelineSymbols(file, pipeline) : [];
    },
    codeActions(file, _range, diagnostics, context) {
      return pipelineOf(file, context.index, deps) ? replacementFixes(file.uri, diagnostics, fixableCodes) : [];
    },
  };
}
