import type { Diagnostic } from 'vscode-languageserver-types';
import { makeDiagnostic } from './common/diagnostics';
import type { Feature, FeatureContext, PlacedFinding } from './features/feature';
import { defineRule } from './rules/registry';
import { commentSyntaxOf, toDiagnostics } from './rules/finalize';
import type { ArchipelSettings } from './settings';
import type { IndexedFile, IndexOptions } from './workspace/index';

export const fileTooLargeRule = defineRule({
  id: 'file-too-large',
  defaultSeverity: 'information',
  description: 'The file is larger than archipel.validation.maxFileSizeKb and is not validated.',
});

/** Helm chart templates are Go templates that render to YAML; they are not YAML themselves. */
export function isTemplatedYaml(uri: string, text: string): boolean {
  return /\/templates\//.test(uri) && text.includes('{{');
}

/** The index options matching the settings, so the index and the checks agree on what is skipped. */
export function indexOptions(settings: ArchipelSettings): IndexOptions {
  return { maxBytes: settings.validation.maxFileSizeKb * 1024, isTemplate: isTemplatedYaml };
}

function tooLargeDiagnostic(file: IndexedFile, settings: ArchipelSettings): Diagnostic {
  const kb = Math.round(file.text.length / 1024);
  return makeDiagnostic(
    { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    `File not validated: ${kb} KB is over the ${settings.validation.maxFileSizeKb} KB limit (archipel.validation.maxFileSizeKb).`,
    fileTooLargeRule.id,
    fileTooLargeRule.defaultSeverity,
  );
}

/** Runs every feature's asynchronous preparation of a file (see `Feature.prepare`), each guarded. */
export async function prepareFile(file: IndexedFile, features: readonly Feature[], context: FeatureContext): Promise<void> {
  if (file.skipped || file.text.length > context.settings.validation.maxFileSizeKb * 1024) return;
  await Promise.all(features.map((feature) => feature.prepare?.(file, context).catch(() => undefined)));
}

/**
 * Diagnostics of one indexed file: every feature's findings, with the configured severity per
 * rule and `archipel-ignore` comments applied. The one entry point the server and the CLI share.
 */
export function diagnoseFile(file: IndexedFile, features: readonly Feature[], context: FeatureContext): Diagnostic[] {
  if (file.text.length > context.settings.validation.maxFileSizeKb * 1024) return [tooLargeDiagnostic(file, context.settings)];
  if (file.skipped) return [];
  const placed: PlacedFinding[] = [];
  for (const feature of features) {
    if (context.isCancelled()) break;
    if (feature.findings) placed.push(...feature.findings(file, context));
  }
  return toDiagnostics(placed, file.lines, context.settings, commentSyntaxOf(file.uri), file.uri);
}
