import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver-types';
import { replacementFixes } from '../common/fixes';
import type { Feature } from '../features/feature';
import { isPipelineFile, pipelineOf, type PipelineDependencies } from './document';
import type { Pipeline } from './model';
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
    findings(file, context) {
      const pipeline = pipelineOf(file, context.index, deps);
      const first = file.yaml?.chunks[0];
      if (!pipeline || !first) return [];
      const others: Pipeline[] = [];
      for (const other of context.index.files()) {
        const parsed = other !== file && isPipelineFile(other.uri) ? pipelineOf(other, context.index, deps) : undefined;
        if (parsed) others.push(parsed);
      }
      return pipelineFindings(pipeline, { index: context.index, schema: deps.schema, exists: deps.exists, read: deps.readText, chunk: first.chunk, chunkOffset: first.offset, others });
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
      return pipelineOf(file, context.index, deps) ? [...replacementFixes(file.uri, diagnostics, fixableCodes), ...copyFixes(diagnostics)] : [];
    },
  };
}

/** The client command that puts a text on the clipboard (a command to run in a terminal: `dvc pull …`). */
export const copyTextCommand = 'archipel.copyText';

/** Quick fixes copying the command a finding names (`data.copy`): Archipel does not run DVC itself. */
function copyFixes(diagnostics: readonly Diagnostic[]): CodeAction[] {
  return diagnostics.flatMap((diagnostic) => {
    const data = diagnostic.data as { copy?: unknown; title?: unknown } | undefined;
    if (typeof data?.copy !== 'string') return [];
    const title = typeof data.title === 'string' ? data.title : data.copy;
    return [{ title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], command: { title, command: copyTextCommand, arguments: [data.copy] } }];
  });
}
