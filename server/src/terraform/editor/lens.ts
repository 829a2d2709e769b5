/**
 * The references code lens, as terraform-ls shows it: above each variable, local, output, resource,
 * data source and module call of the file that something references, "1 reference" or "N references"
 * (across the module, and for a variable or an output, the module blocks that call it); clicking
 * shows them (the client's `archipel.showReferences`).
 */
import type { CodeLens } from 'vscode-languageserver-types';
import type { IndexedFile, WorkspaceIndex } from '../../workspace/index';
import { moduleOf, type DeclarationKind } from '../model/model';
import { usesOf } from './navigation';
import { t } from '../../l10n/t';

const COUNTED: ReadonlySet<DeclarationKind> = new Set(['variable', 'local', 'output', 'resource', 'data', 'ephemeral', 'module']);

/** The command the client registers to show a list of locations (client/src/commands/server.ts). */
export const SHOW_REFERENCES = 'archipel.showReferences';

export function terraformCodeLenses(index: WorkspaceIndex, file: IndexedFile): CodeLens[] {
  const module = moduleOf(index, file);
  const lenses: CodeLens[] = [];
  for (const declaration of module.declarations) {
    if (declaration.uri !== file.uri || !COUNTED.has(declaration.kind) || declaration.override) continue;
    const uses = usesOf(index, module, declaration).filter((use) => !use.definition);
    if (uses.length === 0) continue;
    const locations = uses.flatMap((use) => {
      const inFile = index.get(use.uri) ?? module.files.find((f) => f.file.uri === use.uri)?.file;
      return inFile ? [{ uri: use.uri, range: inFile.lines.range(use.span.start, use.span.end) }] : [];
    });
    const start = declaration.kind === 'local' ? declaration.nameSpan.start : declaration.block.start;
    const range = file.lines.range(start, start);
    const position = file.lines.positionAt(declaration.nameSpan.start);
    lenses.push({ range, command: { title: locations.length === 1 ? t('1 reference') : t('{0} references', locations.length), command: SHOW_REFERENCES, arguments: [file.uri, position, locations] } });
  }
  return lenses;
}
