import type { Diagnostic } from 'vscode-languageserver-types';
import type { Finding } from './common/findings';
import { makeDiagnostic } from './common/diagnostics';
import type { KubernetesValidator } from './kubernetes/validate';
import { defineRule } from './rules/registry';
import { toDiagnostics } from './rules/finalize';
import type { ArchipelSettings } from './settings';
import type { YamlFile } from './yaml/model';
import { syntaxFindings } from './yaml/syntax';
import type { IndexedFile, IndexOptions } from './workspace/index';

export const fileTooLargeRule = defineRule({
  id: 'file-too-large',
  defaultSeverity: 'information',
  description: 'The file is larger than archipel.validation.maxFileSizeKb and is not validated.',
});

/** Everything a document check needs, injected: no transport, no file system. */
export interface CheckContext {
  kubernetes: KubernetesValidator;
  settings: ArchipelSettings;
  /** Polled between documents; a cancelled check returns what it has so far. */
  isCancelled?: () => boolean;
}

/** Helm chart templates are Go templates that render to YAML; they are not YAML themselves. */
export function isTemplatedYaml(uri: string, text: string): boolean {
  return /\/templates\//.test(uri) && text.includes('{{');
}

/** Whether a file is too large to validate under the settings (checked before parsing). */
export function exceedsSizeLimit(text: string, settings: ArchipelSettings): boolean {
  return text.length > settings.validation.maxFileSizeKb * 1024;
}

export function tooLargeDiagnostic(text: string, settings: ArchipelSettings): Diagnostic {
  const kb = Math.round(text.length / 1024);
  return makeDiagnostic(
    { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    `File not validated: ${kb} KB is over the ${settings.validation.maxFileSizeKb} KB limit (archipel.validation.maxFileSizeKb).`,
    fileTooLargeRule.id,
    fileTooLargeRule.defaultSeverity,
  );
}

/** Diagnostics of a parsed YAML file: syntax, then each family's rules for each document. */
export function diagnoseYamlFile(file: YamlFile, context: CheckContext): Diagnostic[] {
  const collected: { offset: number; finding: Finding }[] = [];
  // Identical documents in one file share a parsed chunk; relative findings apply at each offset.
  for (const { offset, chunk } of file.chunks) {
    if (context.isCancelled?.()) break;
    for (const finding of syntaxFindings(chunk)) collected.push({ offset, finding });
    for (const finding of context.kubernetes.findings(chunk)) collected.push({ offset, finding });
  }
  return toDiagnostics(collected, file.lines, context.settings);
}

/** Diagnostics of an indexed file: the one entry point the server and the CLI share. */
export function diagnoseIndexedFile(entry: IndexedFile, context: CheckContext): Diagnostic[] {
  if (exceedsSizeLimit(entry.text, context.settings)) return [tooLargeDiagnostic(entry.text, context.settings)];
  if (!entry.yaml) return [];
  return diagnoseYamlFile(entry.yaml, context);
}

/** The index options matching the settings, so the index and the checks agree on what is skipped. */
export function indexOptions(settings: ArchipelSettings): IndexOptions {
  return { maxBytes: settings.validation.maxFileSizeKb * 1024, isTemplate: isTemplatedYaml };
}
