import { performance } from 'node:perf_hooks';
import type { CodeAction, Diagnostic, Range } from 'vscode-languageserver-types';
import { makeDiagnostic } from './common/diagnostics';
import { suggestionFixes } from './common/fixes';
import { movedOnto } from './common/staleness';
import type { Feature, FeatureContext, PlacedFinding } from './features/feature';
import { defineRule, needsIndex } from './rules/registry';
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

export const internalErrorRule = defineRule({
  id: 'internal-error',
  defaultSeverity: 'error',
  description: "One of Archipel's checks failed on this file (a bug: please report it with the file); the file's other checks and the other files were checked.",
});
export const fileTimeBudgetRule = defineRule({
  id: 'file-time-budget',
  defaultSeverity: 'warning',
  description: 'Checking the file took longer than archipel.validation.timeBudgetMs: the checks not started by then were skipped.',
});

export const tooManyProblemsRule = defineRule({
  id: 'too-many-problems',
  defaultSeverity: 'information',
  description: `The editor shows the first 999 problems of a file; this says how many more \`archipel check\` lists.`,
});

/** Whether a rule says a file, or part of it, was not checked because it passes one of Archipel's limits (a family's are `<family>-limit`). */
export function isLimitRule(id: string): boolean {
  return id === 'file-too-large' || id === 'file-time-budget' || id.endsWith('-limit');
}

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
  if (skippedForAll(file) || file.text.length > context.settings.validation.maxFileSizeKb * 1024) return;
  // The features that read the last good version (fileFindingsInTurns) prepare that one.
  const stable = file.stable;
  const prepare = (of: IndexedFile, which: readonly Feature[]) => featuresFor(of, which, context).flatMap((feature) => (feature.prepare ? [feature.prepare(of, context).catch(() => undefined)] : []));
  await Promise.all(stable ? [...prepare(file, features.filter((f) => f.syntax)), ...prepare(stable, features.filter((f) => !f.syntax))] : prepare(file, features));
}

/** The features a file goes to: those whose family's selector takes it (Feature.takes), in their order; a template only to those that read templates. */
export function featuresFor(file: IndexedFile, features: readonly Feature[], context: FeatureContext): readonly Feature[] {
  const template = file.skipped === 'template';
  return features.filter((feature) => (!template || feature.readsTemplates === true) && (!feature.takes || feature.takes(file, context)));
}

/** Whether no feature looks at the file: too large, or a summary. A template goes to the features that read templates. */
export function skippedForAll(file: IndexedFile): boolean {
  return file.skipped !== undefined && file.skipped !== 'template';
}

/**
 * The findings of one file, a feature at a time, each guarded: a feature that throws is one
 * `internal-error` finding naming it, and the others still run; once the file's checks have taken
 * longer than `archipel.validation.timeBudgetMs`, the features not started are skipped with one
 * `file-time-budget` finding. Yields after each feature (the server answers other requests there).
 */
function* featureFindings(file: IndexedFile, features: readonly Feature[], context: FeatureContext, placed: PlacedFinding[]): Generator<void, void, void> {
  const started = performance.now();
  const budget = context.settings.validation.timeBudgetMs;
  const taken = featuresFor(file, features, context);
  for (const [i, feature] of taken.entries()) {
    if (context.isCancelled()) return;
    if (i > 0 && performance.now() - started > budget) {
      const skipped = taken.slice(i).filter((f) => f.findings !== undefined).map((f) => f.id);
      if (skipped.length > 0) placed.push({ offset: 0, finding: { start: 0, end: 0, message: t('Checking this file took more than {0} ms (archipel.validation.timeBudgetMs): {1} not run.', budget, skipped.join(', ')), code: fileTimeBudgetRule.id } });
      return;
    }
    if (!feature.findings) continue;
    try {
      placed.push(...feature.findings(file, context));
    } catch (error) {
      placed.push({ offset: 0, finding: { start: 0, end: 0, message: t('The {0} checks failed on this file: {1}. Its other checks ran; please report this with the file.', feature.id, error instanceof Error ? error.message : String(error)), code: internalErrorRule.id } });
    }
    yield;
  }
}

function diagnosticsOf(file: IndexedFile, placed: PlacedFinding[], context: FeatureContext): Diagnostic[] {
  // Before the index holds the whole workspace, what other files lack is not known: those findings
  // wait for the diagnostics that follow the first scan, instead of a false answer corrected later.
  const known = context.indexComplete === false ? placed.filter((p) => !needsIndex(p.finding.code)) : placed;
  return toDiagnostics(known, file.lines, context.settings, commentSyntaxOf(file.uri), file.uri);
}

/** The findings that come before any feature's: the file's own problems (too large, not UTF-8). */
function fileFindings(file: IndexedFile): PlacedFinding[] {
  const problem = file.textProblem;
  return problem ? [{ offset: 0, finding: { start: problem.offset, end: problem.offset + 1, message: problem.message, code: fileEncodingRule.id } }] : [];
}

/**
 * The findings of one file, gathered a feature at a time (featureFindings). While the file has a
 * YAML syntax error and an earlier version had none (IndexedFile.stable), the syntax features
 * read the current text and the others that last good version, their findings placed on the
 * current text (staleness.ts): the rest of the file's problems stay while a line is half typed.
 */
function* fileFindingsInTurns(file: IndexedFile, features: readonly Feature[], context: FeatureContext, placed: PlacedFinding[]): Generator<void, void, void> {
  const stable = file.stable;
  if (!stable) {
    yield* featureFindings(file, features, context, placed);
    return;
  }
  yield* featureFindings(file, features.filter((f) => f.syntax), context, placed);
  const kept: PlacedFinding[] = [];
  yield* featureFindings(stable, features.filter((f) => !f.syntax), context, kept);
  placed.push(...movedOnto(kept, stable.text, file.text));
}

/**
 * Diagnostics of one indexed file: every feature's findings, with the configured severity per
 * rule and `archipel-ignore` comments applied. The one entry point the server and the CLI share.
 */
export function diagnoseFile(file: IndexedFile, features: readonly Feature[], context: FeatureContext): Diagnostic[] {
  if (file.text.length > context.settings.validation.maxFileSizeKb * 1024) return tooLargeDiagnostics(file, context.settings);
  if (skippedForAll(file)) return [];
  const placed = fileFindings(file);
  for (const _ of fileFindingsInTurns(file, features, context, placed));
  return diagnosticsOf(file, placed, context);
}

/** diagnoseFile, giving the event loop a turn after each feature: the language server's, so that a slow file does not hold the other requests. */
export async function diagnoseFileInTurns(file: IndexedFile, features: readonly Feature[], context: FeatureContext): Promise<Diagnostic[]> {
  if (file.text.length > context.settings.validation.maxFileSizeKb * 1024) return tooLargeDiagnostics(file, context.settings);
  if (skippedForAll(file)) return [];
  const placed = fileFindings(file);
  for (const _ of fileFindingsInTurns(file, features, context, placed)) await new Promise<void>((resolve) => setImmediate(resolve));
  return diagnosticsOf(file, placed, context);
}

/**
 * The code actions of a range: every feature's (each guarded: `failed` hears of one that throws),
 * then a quick fix for each diagnostic that names its replacement and that no feature's action
 * fixes (common/fixes.ts, suggestionFixes). The server's code actions and the tests' are these.
 */
export function codeActionsFor(file: IndexedFile, range: Range, diagnostics: readonly Diagnostic[], features: readonly Feature[], context: FeatureContext, failed?: (feature: string, error: unknown) => void): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const feature of featuresFor(file, features, context)) {
    if (context.isCancelled()) break;
    try {
      actions.push(...(feature.codeActions?.(file, range, [...diagnostics], context) ?? []));
    } catch (error) {
      failed?.(feature.id, error);
    }
  }
  return [...actions, ...suggestionFixes(file.uri, diagnostics, actions)];
}
