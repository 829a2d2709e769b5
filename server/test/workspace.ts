import type { CodeAction, CompletionItem, Diagnostic, Hover, InlayHint } from 'vscode-languageserver-types';
import type { FeatureContext } from '../src/features/feature';
import { diagnoseFile, indexOptions } from '../src/service';
import { defaultSettings, type ArchipelSettings } from '../src/settings';
import { WorkspaceIndex, type IndexedFile } from '../src/workspace/index';
import { allFeatures, cursor, type TextDiagnostic } from './helpers';

/**
 * An in-memory workspace of several files, for cross-file rules and editing features: every call
 * goes through all features, as the server does. `|` in a text passed to `at` marks the cursor.
 */
export class TestWorkspace {
  readonly index: WorkspaceIndex;
  readonly settings: ArchipelSettings;

  constructor(files: Record<string, string>, settings: Partial<ArchipelSettings> = {}) {
    this.settings = { ...defaultSettings, ...settings };
    this.index = new WorkspaceIndex(indexOptions(this.settings));
    for (const [uri, text] of Object.entries(files)) this.index.update(uri, text);
  }

  get context(): FeatureContext {
    return { index: this.index, settings: this.settings, isCancelled: () => false };
  }

  file(uri: string): IndexedFile {
    const file = this.index.get(uri);
    if (!file) throw new Error(`no ${uri} in the test workspace`);
    return file;
  }

  update(uri: string, text: string): void {
    this.index.update(uri, text);
  }

  diagnose(uri: string): TextDiagnostic[] {
    return diagnoseFile(this.file(uri), allFeatures(), this.context) as TextDiagnostic[];
  }

  /** Puts `marked` (with a `|` cursor) at `uri` and returns the cursor offset. */
  at(uri: string, marked: string): number {
    const { text, offset } = cursor(marked);
    this.update(uri, text);
    return offset;
  }

  completion(uri: string, offset: number): CompletionItem[] {
    return allFeatures().flatMap((f) => f.completion?.(this.file(uri), offset, this.context) ?? []);
  }

  hover(uri: string, offset: number): Hover | undefined {
    for (const feature of allFeatures()) {
      const hover = feature.hover?.(this.file(uri), offset, this.context);
      if (hover) return hover;
    }
    return undefined;
  }

  inlayHints(uri: string): InlayHint[] {
    const file = this.file(uri);
    const range = { start: { line: 0, character: 0 }, end: file.lines.positionAt(file.text.length) };
    return allFeatures().flatMap((f) => f.inlayHints?.(file, range, this.context) ?? []);
  }

  codeActions(uri: string, diagnostics: Diagnostic[]): CodeAction[] {
    const file = this.file(uri);
    const range = diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
    return allFeatures().flatMap((f) => f.codeActions?.(file, range, diagnostics, this.context) ?? []);
  }

  /** The text after applying a code action's edit to `uri`. */
  apply(uri: string, action: CodeAction): string {
    const file = this.file(uri);
    const edits = [...(action.edit?.changes?.[uri] ?? [])].sort((a, b) => file.lines.offsetAt(b.range.start) - file.lines.offsetAt(a.range.start));
    let text = file.text;
    for (const edit of edits) text = text.slice(0, file.lines.offsetAt(edit.range.start)) + edit.newText + text.slice(file.lines.offsetAt(edit.range.end));
    return text;
  }
}

/** The text a diagnostic's range covers. */
export function covered(text: string, d: Diagnostic): string {
  const lines = text.split('\n');
  const { start, end } = d.range;
  if (start.line === end.line) return lines[start.line].slice(start.character, end.character);
  return [lines[start.line].slice(start.character), ...lines.slice(start.line + 1, end.line), lines[end.line].slice(0, end.character)].join('\n');
}
