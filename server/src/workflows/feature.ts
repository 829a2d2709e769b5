import { CodeActionKind, MarkupKind, type CodeAction, type Diagnostic } from 'vscode-languageserver-types';
import type { Feature, FeatureContext, PlacedFinding } from '../features/feature';
import type { ArchipelSettings } from '../settings';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import { workflowCompletion } from './editor/completion';
import { flavorOf, workflowModel, type WorkflowData } from './model/data';
import { workflowKind } from './model/files';
import { workflowFindings } from './checks/findings';
import { workflowJobs } from './model/graph';
import { workflowHover } from './editor/hover';
import { workflowDefinition, workflowSymbols } from './editor/navigation';
import type { Vocabulary } from './model/vocabulary';
import { t } from '../l10n/t';

function vocabularyOf(file: IndexedFile, data: WorkflowData, index: WorkspaceIndex, settings: ArchipelSettings): Vocabulary | undefined {
  const model = workflowModel(file, data, flavorOf(file.uri, settings));
  return model ? { model, data, index } : undefined;
}

/** The jobs of a workflow file and their needs (see `workflowJobs`); null for a file that is not a workflow. */
export function workflowJobsOf(file: IndexedFile, data: WorkflowData, settings: ArchipelSettings): ReturnType<typeof workflowJobs> {
  const model = workflowModel(file, data, flavorOf(file.uri, settings));
  return model ? workflowJobs(model, file.lines) : null;
}

/** Quick fixes of the findings whose fix is unambiguous: a misspelt name with one close candidate. */
export function workflowQuickFixes(uri: string, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    const data = diagnostic.data as { replacement?: unknown } | undefined;
    if (diagnostic.source !== 'archipel' || !String(diagnostic.code).startsWith('gha-') || typeof data?.replacement !== 'string') continue;
    actions.push({
      title: t('Change to "{0}"', data.replacement),
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: true,
      edit: { changes: { [uri]: [{ range: diagnostic.range, newText: data.replacement }] } },
    });
  }
  return actions;
}

/** GitHub Actions and Gitea/Forgejo Actions workflows, and action.yml files, recognised by path. */
export function workflowFeature(data: WorkflowData): Feature {
  const with_ = <T>(file: IndexedFile, context: FeatureContext, fallback: T, run: (v: Vocabulary) => T): T => {
    const vocabulary = vocabularyOf(file, data, context.index, context.settings);
    return vocabulary ? run(vocabulary) : fallback;
  };
  return {
    id: 'workflows',
    findings(file, context) {
      const result = workflowFindings(file, data, context);
      if (!result) return [];
      return result.findings.map((finding): PlacedFinding => ({ offset: result.offset, finding }));
    },
    completion(file, offset, context) {
      return with_(file, context, [], (v) => workflowCompletion(v, file, offset, context.settings));
    },
    hover(file, offset, context) {
      return with_(file, context, undefined, (v) => {
        const found = workflowHover(v, offset - v.model.offset);
        if (!found) return undefined;
        return { contents: { kind: MarkupKind.Markdown, value: found.text }, range: file.lines.range(v.model.offset + found.start, v.model.offset + found.end) };
      });
    },
    documentSymbols(file, context) {
      return with_(file, context, [], (v) => workflowSymbols(v.model, file.lines));
    },
    codeActions(file, _range, diagnostics) {
      return workflowKind(file.uri) ? workflowQuickFixes(file.uri, diagnostics) : [];
    },
    definition(file, offset, context) {
      return with_(file, context, [], (v) => workflowDefinition(v, file.lines, offset - v.model.offset));
    },
  };
}
