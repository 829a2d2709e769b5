import { configuredPathFinding } from '../rules/containment';
import type { Feature, FeatureContext, PlacedFinding } from '../features/feature';
import type { IndexedFile } from '../workspace/index';
import { adrCodeActions } from './actions';
import { adrCodeLenses, adrCompletion, adrDefinition, adrDocumentLinks, adrHover } from './assist';
import { fileFindings } from './checkFile';
import { folderFindings, indexFindings, linkFindings } from './checkFolder';
import { adrOf } from './document';
import { markdownOf } from '../markdown/markdown';
import { folderOfFile } from './folders';
import { markdownLimitRule } from '../markdown/limits';
import { fileNameOf, isDecisionFileName } from './paths';
import { t } from '../l10n/t';

/** The ADR under a file, when it is a decision of an ADR folder. */
export function adrContext(file: IndexedFile, context: FeatureContext) {
  const folder = folderOfFile(file, context.index, context.settings.adr);
  if (!folder || file.skipped || !isDecisionFileName(fileNameOf(file.uri))) return undefined;
  return { folder, adr: adrOf(file) };
}

/**
 * Architecture Decision Records: Markdown files of ADR folders (`.adr-dir`, docs/adr, doc/adr,
 * docs/decisions, archipel.adr.directories), in Nygard's or the MADR format, detected per file.
 */
export const adrFeature: Feature = {
  id: 'adr',
  findings(file, context) {
    if (fileNameOf(file.uri) === '.adr-dir') {
      // New ADRs are written where it points: only inside the workspace.
      const written = file.text.split(/\r?\n/, 1)[0].trim();
      const outside = written ? configuredPathFinding(file.uri, written, { start: 0, end: written.length }, context.roots, t('The ADR folder of .adr-dir')) : undefined;
      return outside ? [{ offset: 0, finding: outside }] : [];
    }
    const folder = folderOfFile(file, context.index, context.settings.adr);
    if (!folder) return [];
    const refused = markdownOf(file).refused;
    if (refused) return [{ offset: 0, finding: { start: refused.offset, end: refused.offset + 1, message: refused.message, code: markdownLimitRule.id } }];
    const findings = linkFindings(file.uri, markdownOf(file), context.index);
    if (folder.indexFile?.uri === file.uri) {
      findings.push(...indexFindings(file, folder));
    } else if (isDecisionFileName(fileNameOf(file.uri))) {
      const adr = adrOf(file);
      findings.push(...fileFindings(adr, context.settings.adr), ...folderFindings(adr, folder));
    }
    return findings.sort((a, b) => a.start - b.start).map((finding): PlacedFinding => ({ offset: 0, finding }));
  },
  completion(file, offset, context) {
    const at = adrContext(file, context);
    return at ? adrCompletion(at.adr, at.folder, offset, file.lines, context.settings.adr) : [];
  },
  hover(file, offset, context) {
    const at = adrContext(file, context);
    return at && adrHover(at.adr, at.folder, offset, file.lines);
  },
  definition(file, offset, context) {
    const at = adrContext(file, context);
    return at ? adrDefinition(at.adr, at.folder, offset) : [];
  },
  documentLinks(file, context) {
    const at = adrContext(file, context);
    return at ? adrDocumentLinks(at.adr, at.folder, file.lines) : [];
  },
  codeLenses(file, context) {
    const at = adrContext(file, context);
    return at ? adrCodeLenses(at.adr, at.folder, file.lines) : [];
  },
  codeActions(file, _range, diagnostics, context) {
    return folderOfFile(file, context.index, context.settings.adr) ? adrCodeActions(file.uri, diagnostics, context.index) : [];
  },
};
