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
import { stoppedWork, stopper, thrownInFile, WorkStopped } from './workspace/work';
import { t } from './l10n/t';
import { goTemplateAt } from './yaml/goTemplate';
import { mavenFilteredAt } from './yaml/mavenFiltered';
import { substitutedAt } from './yaml/substituted';

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
export const archipelLimitRule = defineRule({
  id: 'archipel-limit',
  defaultSeverity: 'warning',
  description: "Archipel's work on the file passed the per-file budget (archipel.validation.fileBudgetMs; the CLI: --file-budget) or its memory bound and was stopped: the file is not checked, and no other file's rule reads it, until it changes (docs/security.md).",
});

export const tooManyProblemsRule = defineRule({
  id: 'too-many-problems',
  defaultSeverity: 'information',
  description: `The editor shows the first 999 problems of a file; this says how many more \`archipel check\` lists.`,
});

/** Whether a rule says a file, or part of it, was not checked because it passes one of Archipel's limits (a family's are `<family>-limit`). */
export function isLimitRule(id: string): boolean {
  // A policy's violation (`policy:<policy>/<rule>`, #96) is named by the workspace: a policy called `replica-limit` is no limit.
  return id === 'file-too-large' || (!id.includes(':') && id.endsWith('-limit'));
}

/** Helm chart templates, and Go templates saved with a YAML name elsewhere (yaml/goTemplate.ts), render to YAML; Maven-filtered resources and substitution templates (yaml/substituted.ts) are filled into it: they are not YAML themselves. */
export function isTemplatedYaml(uri: string, text: string): boolean {
  return (text.includes('{{') && (/\/templates\//.test(uri) || (/\.ya?ml$/i.test(uri) && goTemplateAt(text) !== undefined))) || mavenFilteredAt(uri, text) !== undefined || substitutedAt(uri, text) !== undefined;
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

/**
 * What a file's work is doing: the feature (family) at work, read after a stop to name it (stopped code
 * runs no `finally`, so this says what was running when the stop came).
 */
const working = { feature: 'index' };

/** Says what a file's work does before any feature's (reading and indexing it: `index`): what a stop then names. */
export function workOn(what: string): void {
  working.feature = what;
}

/** Marks `feature` as the one at work. */
function atWork(feature: Feature): Feature {
  working.feature = feature.id;
  return feature;
}

/** A file's budget (ms) from its settings; Infinity: none (`archipel.validation.fileBudgetMs` 0). */
export function fileBudgetOf(settings: ArchipelSettings): number {
  const ms = settings.validation.fileBudgetMs;
  return ms > 0 ? ms : Infinity;
}

/**
 * Runs a file's work (`work`: synchronous) within `ms`; past it the work is stopped and laid at the file
 * whose work it was (settleStop): `stopped` says which. Without a preemptive stopper installed, or
 * without a budget, `work` just runs.
 */
export function withinBudget<T>(file: IndexedFile, context: FeatureContext, ms: number, work: () => T): { value: T } | { stopped: 'this' | 'other' } {
  const run = stopper();
  if (!run.preempts || ms === Infinity) return { value: work() };
  try {
    return { value: run.run(work, ms) };
  } catch (error) {
    if (!(error instanceof WorkStopped)) throw error;
    return { stopped: settleStop(file, context) };
  }
}

/**
 * After a stop of `file`'s work: sets aside the file whose work it was — another file whose model had
 * been building for half the budget or more (a rule of `file` reading it), else `file` itself — and
 * drops what the stopped code may have half written (workspace/work.ts, WorkspaceIndex.setAside).
 */
export function settleStop(file: IndexedFile, context: FeatureContext, reason: 'time' | 'memory' = 'time'): 'this' | 'other' {
  const budget = fileBudgetOf(context.settings);
  const { culprit, underWay } = stoppedWork(budget / 2);
  const other = culprit as IndexedFile | undefined;
  const blamed = other && other.uri !== file.uri ? other : file;
  context.index.setAside(blamed, { reason, feature: working.feature, bound: budget }, [file, ...(underWay as IndexedFile[])]);
  return blamed === file ? 'this' : 'other';
}

/** How many other files one feature's failure may set aside before it counts as the checked file's own. */
const MAX_SET_ASIDE = 8;

/**
 * Runs one feature's work on `file`, guarded: a failure thrown in the work of another file — a model
 * of that file a rule of this one was building (workspace/work.ts) — sets that file aside (its own
 * diagnostics say what failed; no other file reads it) and the feature runs again without it; a
 * failure of the file's own is `failed`'s answer.
 */
function guarded<T>(file: IndexedFile, feature: Feature, context: FeatureContext, work: () => T, failed: (error: unknown) => T): T {
  for (let attempt = 0; ; attempt++) {
    try {
      return work();
    } catch (error) {
      const culprit = thrownInFile(error) as IndexedFile | undefined;
      const message = error instanceof Error ? error.message : String(error);
      if (culprit && culprit.uri !== file.uri && attempt < MAX_SET_ASIDE && context.index.setAside(culprit, { reason: 'error', feature: feature.id, message })) continue;
      return failed(error);
    }
  }
}

/** Appends every item of `items` to `list`, however many (push(...items) overflows the stack past about 120,000). */
function appendAll<T>(list: T[], items: readonly T[]): void {
  for (const item of items) list.push(item);
}

function internalError(feature: Feature, error: unknown): PlacedFinding {
  return { offset: 0, finding: { start: 0, end: 0, message: t('The {0} checks failed on this file: {1}. Its other checks ran; please report this with the file.', feature.id, error instanceof Error ? error.message : String(error)), code: internalErrorRule.id } };
}

/** Whether the file goes to the feature (its family's selector: Feature.takes; a template only to features that read them). */
function takes(feature: Feature, file: IndexedFile, context: FeatureContext): boolean {
  return (file.skipped !== 'template' || feature.readsTemplates === true) && (!feature.takes || feature.takes(file, context));
}

/**
 * A file's work across its bounded calls: the part of its budget spent (its checks' turns and its
 * preparation's slices together), and whether a slice of its preparation was stopped — `this` when the file
 * was set aside, `other` when another file whose model it was building was (settleStop).
 */
export interface FileWork {
  spent: number;
  stopped?: 'this' | 'other';
}

/**
 * The bounded-slice hook given to one feature's preparation of a file (FeatureContext.inSlices): the steps run
 * in turns of turnMs, each a bounded call within what is left of the file's budget (`work.spent`), the event
 * loop given a turn before each; past the budget — a turn stopped, or the budget spent between turns — the
 * file whose work it was is set aside as a stopped check's is, and the steps are dropped.
 */
function slicesOf(file: IndexedFile, feature: Feature, context: FeatureContext, work: FileWork): (steps: Iterator<unknown>) => Promise<boolean> {
  const budget = fileBudgetOf(context.settings);
  return async (steps) => {
    for (;;) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (work.stopped || context.isCancelled()) return false;
      const left = budget - work.spent;
      if (left <= 0 && stopper().preempts) {
        workOn(feature.id);
        work.stopped = settleStop(file, context);
        return false;
      }
      const started = performance.now();
      const length = turnMs();
      let done = false;
      const turn = withinBudget(file, context, Math.max(1, left), () => {
        workOn(feature.id);
        do done = steps.next().done === true;
        while (!done && performance.now() - started < length);
      });
      work.spent += performance.now() - started;
      if ('stopped' in turn) {
        work.stopped = turn.stopped;
        return false;
      }
      if (done) return true;
    }
  };
}

/**
 * Starts every feature's asynchronous preparation of a file (see `Feature.prepare`), each guarded: synchronous, the
 * promises to await. Each preparation's slices after its first `await` (FeatureContext.inSlices) are charged to `work`.
 */
export function startPreparing(file: IndexedFile, features: readonly Feature[], context: FeatureContext, work: FileWork = { spent: 0 }): Promise<unknown>[] {
  if (skippedForAll(file) || file.text.length > context.settings.validation.maxFileSizeKb * 1024) return [];
  // The features that read the last good version (fileFindingsInTurns) prepare that one.
  const stable = file.stable;
  // A preparation that fails says nothing here: the feature's findings say what it lacks.
  const start = (feature: Feature, of: IndexedFile): Promise<unknown>[] => {
    try {
      const pending = feature.prepare && takes(atWork(feature), of, context) ? feature.prepare(of, { ...context, inSlices: slicesOf(file, feature, context, work) }) : undefined;
      return pending ? [pending.catch(() => undefined)] : [];
    } catch {
      return [];
    }
  };
  const prepare = (of: IndexedFile, which: readonly Feature[]) => which.flatMap((feature) => start(feature, of));
  return stable ? [...prepare(file, features.filter((f) => f.syntax)), ...prepare(stable, features.filter((f) => !f.syntax))] : prepare(file, features);
}


/**
 * Runs every feature's asynchronous preparation of a file, its synchronous part and its slices within the file's
 * budget (a caller that diagnoses with diagnoseFile); what is returned says whether it was stopped.
 */
export async function prepareFile(file: IndexedFile, features: readonly Feature[], context: FeatureContext): Promise<FileWork> {
  const work: FileWork = { spent: 0 };
  const started = withinBudget(file, context, fileBudgetOf(context.settings), () => startPreparing(file, features, context, work));
  if ('stopped' in started) work.stopped = started.stopped;
  else await Promise.all(started.value);
  return work;
}

/** Whether no feature looks at the file: too large, set aside, or a summary. A template goes to the features that read templates. */
export function skippedForAll(file: IndexedFile): boolean {
  return file.skipped !== undefined && file.skipped !== 'template';
}

/**
 * The findings of one file, a feature at a time, each guarded: a feature that throws is one
 * `internal-error` finding naming it, and the others still run. Yields after each feature that took
 * the file (the server answers other requests between turns: diagnoseFileInTurns).
 */
function* featureFindings(file: IndexedFile, features: readonly Feature[], context: FeatureContext, placed: PlacedFinding[]): Generator<void, void, void> {
  for (const feature of features) {
    if (context.isCancelled()) return;
    if (!feature.findings) continue;
    const found = guarded(file, feature, context, () => (takes(atWork(feature), file, context) ? feature.findings!(file, context) : undefined), (error) => [internalError(feature, error)]);
    if (!found) continue;
    // A loop, not push(...found): spread as arguments, past about 120,000 findings V8's stack overflows.
    appendAll(placed, found);
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
  appendAll(placed, movedOnto(kept, stable.text, file.text));
}

/** The one diagnostic of a file set aside for its budget (WorkspaceIndex.setAside); none for a file set aside for a failure, or not at all. */
export function setAsideDiagnostics(file: IndexedFile, context: FeatureContext): Diagnostic[] {
  const why = file.setAside;
  if (!why || why.reason === 'error') return [];
  const severity = effectiveSeverity(archipelLimitRule.id, context.settings);
  if (severity === 'off') return [];
  const message =
    why.reason === 'memory'
      ? t('Archipel stopped its work on this file: the {0} work needed more than {1} MB. The file is not checked, and no other file\'s rule reads it, until it changes.', why.feature, why.bound ?? 0)
      : t('Archipel stopped its work on this file: the {0} work took more than {1} ms (archipel.validation.fileBudgetMs; the CLI: --file-budget). The file is not checked, and no other file\'s rule reads it, until it changes.', why.feature, why.bound ?? 0);
  return [makeDiagnostic({ start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, message, archipelLimitRule.id, severity)];
}

/** What a file's diagnostics are without running any feature: too large, set aside for its budget; undefined: run the features (on `file` returned: a file set aside for a failure is checked as it was). */
function withoutFeatures(file: IndexedFile, context: FeatureContext): Diagnostic[] | IndexedFile {
  if (file.text.length > context.settings.validation.maxFileSizeKb * 1024) return tooLargeDiagnostics(file, context.settings);
  if (file.setAside?.original) return file.setAside.original;
  if (file.skipped === 'stopped') return setAsideDiagnostics(file, context);
  if (skippedForAll(file)) return [];
  return file;
}

/**
 * Diagnostics of one indexed file: every feature's findings, with the configured severity per
 * rule and `archipel-ignore` comments applied. The one entry point the server and the CLI share.
 * Synchronous and unbounded: the caller runs it within the file's budget (the CLI: platform/project.ts).
 */
export function diagnoseFile(file: IndexedFile, features: readonly Feature[], context: FeatureContext): Diagnostic[] {
  const checked = withoutFeatures(file, context);
  if (Array.isArray(checked)) return checked;
  const placed = fileFindings(checked);
  for (const _ of fileFindingsInTurns(checked, features, context, placed));
  return diagnosticsOf(checked, placed, context);
}

/**
 * How long a turn of a file's checks runs before the server answers other requests (a feature is never
 * cut for it): a few milliseconds, or ten times what a bounded call's watchdog costs now, whichever is
 * more — one watchdog per turn stays under a tenth of the work, on a loaded machine too (where waking
 * its thread takes milliseconds) — and at most a fifth of a second.
 */
function turnMs(): number {
  return Math.min(200, Math.max(8, 10 * stopper().costMs));
}

/**
 * Gives the event loop a few turns between two turns of a file's checks, enough for the messages that
 * came in meanwhile to be read and handled: the transport reads them in a poll phase and handles one per
 * immediate of its own, and a message read after this pause's first immediate was queued is handled only
 * in a later one — so another file's request is answered, and an edit of this file is seen by the next
 * turn (its stale work stops there), even when it came in during a long turn. Idle turns of the event
 * loop cost microseconds.
 */
function betweenTurns(): Promise<void> {
  return new Promise((resolve) => {
    let left = EVENT_LOOP_TURNS;
    const next = () => (--left > 0 ? setImmediate(next) : resolve());
    setImmediate(next);
  });
}

/** The event loop's turns between two turns of a file's checks (betweenTurns). */
const EVENT_LOOP_TURNS = 4;

/** How many times one diagnosis starts again after another file its rules read was set aside. */
const MAX_RESTARTS = 4;

/**
 * diagnoseFile, prepared (Feature.prepare) and in turns of a few features, giving the event loop a turn
 * between them: the language server's, so that a slow file does not hold the other requests. The file's
 * work — the start of its preparation and its turns together — runs within its budget
 * (archipel.validation.fileBudgetMs): past it, the work is stopped and laid at the file whose work it
 * was; when that was another file (its model, read by this file's rules), that one is set aside and this
 * file's checks start again without it. The preparation starts in the first turn, which goes on into the
 * checks when there is nothing to wait for (the usual case: one bounded call for a small file).
 */
export async function diagnoseFileInTurns(file: IndexedFile, features: readonly Feature[], context: FeatureContext): Promise<Diagnostic[]> {
  const checked = withoutFeatures(file, context);
  if (Array.isArray(checked)) return checked;
  const budget = fileBudgetOf(context.settings);
  // One budget for the file's work: its preparation's slices and its checks' turns together.
  const work: FileWork = { spent: 0 };
  for (let attempt = 0; ; attempt++) {
    // Checks started again without another file set aside have their budget afresh.
    work.spent = 0;
    const placed = fileFindings(checked);
    const turns = fileFindingsInTurns(checked, features, context, placed);
    const state: { done: boolean; waiting: Promise<unknown>[] } = { done: false, waiting: [] };
    let first = attempt === 0;
    let stopped: 'this' | 'other' | undefined;
    while (!state.done) {
      const started = performance.now();
      const length = turnMs();
      const turn = withinBudget(checked, context, Math.max(1, budget - work.spent), () => {
        if (first) {
          first = false;
          state.waiting = startPreparing(checked, features, context, work);
          if (state.waiting.length > 0) return;
        }
        do state.done = turns.next().done === true;
        while (!state.done && performance.now() - started < length);
      });
      work.spent += performance.now() - started;
      if ('stopped' in turn) stopped = turn.stopped;
      else if (state.waiting.length > 0) {
        await Promise.all(state.waiting);
        state.waiting = [];
        // A slice of the preparation passed the budget (FeatureContext.inSlices): as a stopped turn.
        stopped = work.stopped;
        work.stopped = undefined;
      } else if (!state.done) await betweenTurns();
      if (stopped) {
        if (stopped === 'other' && attempt < MAX_RESTARTS) break;
        // Set aside (or, a version the editor has left behind, nothing: its answer is dropped).
        const now = context.index.current(checked.uri);
        return now?.skipped === 'stopped' ? setAsideDiagnostics(now, context) : [];
      }
    }
    if (state.done) return diagnosticsOf(checked, placed, context);
  }
}

/**
 * Every answer the features that take the file give to one question of the editor (`ask`: undefined
 * when a feature has none), in the features' order, each guarded: a feature that throws is `failed`'s
 * and the others still answer. Synchronous: the server runs it within the file's budget (withinBudget).
 */
export function askFeatures<T>(file: IndexedFile, features: readonly Feature[], context: FeatureContext, ask: (feature: Feature) => T[] | T | undefined, failed: (feature: string, error: unknown) => void): T[] {
  const answers: T[] = [];
  for (const feature of features) {
    if (context.isCancelled()) break;
    const answer = guarded(file, feature, context, () => (takes(atWork(feature), file, context) ? ask(feature) : undefined), (error): T[] | T | undefined => (failed(feature.id, error), undefined));
    if (Array.isArray(answer)) appendAll(answers, answer);
    else if (answer !== undefined) answers.push(answer);
  }
  return answers;
}

/**
 * The code actions of a range: every feature's (each guarded: `failed` hears of one that throws),
 * then a quick fix for each diagnostic that names its replacement and that no feature's action
 * fixes (common/fixes.ts, suggestionFixes). The server's code actions and the tests' are these.
 */
export function codeActionsFor(file: IndexedFile, range: Range, diagnostics: readonly Diagnostic[], features: readonly Feature[], context: FeatureContext, failed?: (feature: string, error: unknown) => void): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const feature of features) {
    if (context.isCancelled()) break;
    if (!feature.codeActions) continue;
    appendAll(actions, guarded(file, feature, context, () => (takes(atWork(feature), file, context) ? (feature.codeActions?.(file, range, [...diagnostics], context) ?? []) : []), (error) => (failed?.(feature.id, error), [])));
  }
  return [...actions, ...suggestionFixes(file.uri, diagnostics, actions)];
}
