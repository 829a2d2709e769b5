import { CodeActionKind, type CodeAction, type Diagnostic } from 'vscode-languageserver-types';
import type { WorkspaceIndex } from '../workspace/index';
import type { RenameData, ReplaceData } from './checkFile';
import type { SupersessionFixData } from './checkFolder';
import { adrOf } from './document';
import { supersedeEdits, toTextEdits } from './edits';
import { fileNameOf, folderOf, joinUri } from './paths';
import { t } from '../l10n/t';
import { adrRules } from './rules';

const titles: Record<string, (replacement: string) => string> = {
  [adrRules.date.id]: (r) => t('Write the date as {0}', r),
  [adrRules.status.id]: (r) => t('Change the status to "{0}"', r),
  [adrRules.titleNumber.id]: (r) => t('Use the file\'s number {0} in the title', r),
  [adrRules.indexOutdated.id]: () => t('Regenerate the ADR index'),
};

function isReplace(data: unknown): data is ReplaceData {
  return typeof data === 'object' && data !== null && typeof (data as ReplaceData).replacement === 'string';
}

function isRename(data: unknown): data is RenameData {
  return typeof data === 'object' && data !== null && typeof (data as RenameData).rename === 'string' && /^[^/\\]+\.md$/.test((data as RenameData).rename);
}

function isSupersession(data: unknown): data is SupersessionFixData {
  const d = data as SupersessionFixData | null;
  return typeof d === 'object' && d !== null && (d.fix === 'add-supersedes' || d.fix === 'set-superseded-by') && typeof d.uri === 'string' && typeof d.other === 'string';
}

/** The other side of a one-sided supersession, written into the other file. */
function supersessionFix(index: WorkspaceIndex, diagnostic: Diagnostic, data: SupersessionFixData): CodeAction | undefined {
  const file = index.get(data.uri);
  const other = index.get(data.other);
  if (!file || !other) return undefined;
  const changed = adrOf(file);
  const named = adrOf(other);
  const edits = data.fix === 'add-supersedes' ? supersedeEdits(named, changed).by : supersedeEdits(changed, named).target;
  if (edits.length === 0) return undefined;
  const title = data.fix === 'add-supersedes' ? t('Add "Supersedes {0}" to {1}', fileNameOf(data.other), fileNameOf(data.uri)) : t('Mark {0} as superseded by {1}', fileNameOf(data.uri), fileNameOf(data.other));
  return { title, kind: CodeActionKind.QuickFix, diagnostics: [diagnostic], isPreferred: true, edit: { changes: { [data.uri]: toTextEdits(file.text, edits) } } };
}

/** Quick fixes for the ADR diagnostics that carry an unambiguous fix. */
export function adrCodeActions(uri: string, diagnostics: readonly Diagnostic[], index: WorkspaceIndex): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    const code = String(diagnostic.code ?? '');
    if (diagnostic.source !== 'archipel' || !code.startsWith('adr-')) continue;
    if (isReplace(diagnostic.data) && titles[code]) {
      const replacement = diagnostic.data.replacement;
      actions.push({
        title: titles[code](replacement),
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: true,
        edit: { changes: { [uri]: [{ range: diagnostic.range, newText: replacement }] } },
      });
    } else if (isRename(diagnostic.data)) {
      const newUri = joinUri(folderOf(uri), diagnostic.data.rename);
      if (index.get(newUri)) continue;
      actions.push({
        title: t('Rename the file to {0}', diagnostic.data.rename),
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: { documentChanges: [{ kind: 'rename', oldUri: uri, newUri, options: { overwrite: false } }] },
      });
    } else if (isSupersession(diagnostic.data)) {
      const action = supersessionFix(index, diagnostic, diagnostic.data);
      if (action) actions.push(action);
    }
  }
  return actions;
}
