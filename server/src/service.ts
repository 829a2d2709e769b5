import type { Diagnostic } from 'vscode-languageserver-types';
import { makeDiagnostic } from './common/diagnostics';
import type { Feature, FeatureContext, PlacedFinding } from './features/feature';
import { defineRule } from './rules/registry';
import { commentSyntaxOf, effectiveSeverity, toDiagnostics } from './rules/finalize';
import type { ArchipelSettings } from './settings';
import type { IndexedFile, IndexOptions } from './workspace/index';
import { t } from './l10n/t';

export const fileTooLargeRule = defineRule({
  id: 'file-too-large',
  defaultSeverity: 'warning',
  description: 'The file is larger than archipel.validation.maxFileSizeKb (the CLI: --max-file-size-kb) and is not validated.',
});
export const fileEncodingRule = defineRule({
  id: 'file-encoding',
  defaultSeverity: 'warning',
  description: 'The file is not valid UTF-8 (UTF-16 with a byte-order mark is read); bytes that are not were read as U+FFFD.',
});

export const tooManyProblemsRule = defineRule({
  id: 'too-many-problems',
  defaultSeverity: 'information',
  description: `The editor shows the first 999 problems of a file; this says how many more \`archipel check\` lists.`,
});

/** The rules that say a file, or part of it, was not checked because it passes one of Archipel's limits. */
export const limitRules: ReadonlySet<string> = new Set(['file-too-large', 'yaml-limit', 'markdown-limit', 'yaml-alias-limit']);

/** Helm chart templates are Go templates that render to YAML; they are not YAML themselves. */
export function isTemplatedYaml(uri: string, text: string): boolean {
  return /\/templates\//.test(uri) && text.includes('{{');
}

/** The index options matching the settings, so the index and the checks agree on what is skipped. */
export function indexOptions(settings: ArchipelSettings): IndexOptions {
  return { maxBytes: settings.validation.maxFileSizeKb * 1024, isTemplate: isTemplatedYaml };
}

function tooLargeDiagnostics(file: IndexedFile, settings: ArchipelSettings): Diagnostic[] {
  const kb = Math.round(file.text.length / 1024);
  const severity = effectiveSeverity(fileTooLargeRule.id, settings);
  if (severity === 'off') return [];
  return [
    makeDiagnostic(
      { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
      t('File not validated: {0} KB is over the {1} KB limit (archipel.validation.maxFileSizeKb; the CLI: --max-file-size-kb).', kb, settings.validation.maxFileSizeKb),
      fileTooLargeRule.id,
      severity,
    ),
  ];
}

/**
 * The most diagnostics the editor gets for one file. Past them, more say nothing new (40,000
 * duplicate keys), and sending them again on every refresh of the open documents kept the server
 * busy for seconds; the CLI still lists every problem.
 */
export const MAX_EDITOR_DIAGNOSTICS = 1000;

/** The first MAX_EDITOR_DIAGNOSTICS - 1 diagnostics, then one that says how many more there are. */
export function capDiagnostics(diagnostics: Diagnostic[], max = MAX_EDITOR_DIAGNOSTICS): Diagnostic[] {
  if (diagnostics.length <= max) return diagnostics;
  const kept = diagnostics.slice(0, max - 1);
  const more = diagnostics.length - kept.length;
  kept.push(
    makeDiagnostic(
      kept[kept.length - 1].range,
      t('{0} more problems in this file are not shown: the editor gets the first {1} (`archipel check` lists them all).', more, max - 1),
      tooManyProblemsRule.id,
      tooManyProblemsRule.defaultSeverity,
    ),
  );
  return kept;
}

/** Runs every feature's asynchronous preparation of a file (see `Feature.prepare`), each guarded. */
export async function prepareFile(file: IndexedFile, features: readonly Feature[], context: FeatureContext): Promise<void> {
  if (file.skipped || file.text.length > context.settings.validation.maxFileSizeKb * 1024) return;
  await Promise.all(featuresFor(file, features, context).flatMap((feature) => (feature.prepare ? [feature.prepare(file, context).catch(() => undefined)] : [])));
}

/** The features a file goes to: those whose family's selector takes it (Feature.takes), in their order. */
export function featuresFor(file: IndexedFile, features: readonly Feature[], context: FeatureContext): readonly Feature[] {
  return features.filter((feature) => !feature.takes || feature.takes(file, context));
}

/**
 * Diagnostics of one indexed file: every feature's findings, with the configured severity per
 * rule and `archipel-ignore` comments applied. The one entry point the server and the CLI share.
 */
export function diagnoseFile(file: IndexedFile, features: readonly Feature[], context: FeatureContext): Diagnostic[] {
  if (file.text.length > context.settings.validation.maxFileSizeKb * 1024) return tooLargeDiagnostics(file, context.settings);
  if (file.skipped) return [];
  const placed: PlacedFinding[] = [];
  const problem = file.textProblem;
  if (problem) placed.push({ offset: 0, finding: { start: problem.offset, end: problem.offset + 1, message: problem.message, code: fileEncodingRule.id } });
  for (const feature of featuresFor(file, features, context)) {
    if (context.isCancelled()) break;
    if (feature.findings) placed.push(...feature.findings(file, context));
  }
  return toDiagnostics(placed, file.lines, context.settings, commentSyntaxOf(file.uri), file.uri);
}
