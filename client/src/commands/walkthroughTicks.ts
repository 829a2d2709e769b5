/**
 * The walkthrough's steps whose action is seen rather than run by a command of the step (#98): each ticked when it
 * succeeded, never on opening the step or on a command's invocation — a problem fixed in an open file, a map drawn,
 * the Security view drawn, the Continuity view drawn, a comparison drawn, a sweep's experiments shown, a policy violation fixed (#96). The panels' "rendered" reports say what
 * they drew (panels/base.ts panelEvents); the diagnostics say a problem went.
 */
import * as vscode from 'vscode';
import { panelEvents, type RenderedEvent } from '../panels/base';

/** The steps ticked here (walkthrough.ts's WalkthroughStep has them: it passes its `walkthroughStepDone`, so that this file imports none of it). */
export type TickedStep = 'problemFixed' | 'systemMapShown' | 'securityShown' | 'continuityShown' | 'compared' | 'experimentsSwept' | 'rulesHeld';

const MAP_VIEWS = new Set(['containers', 'context', 'deployment', 'delivery']);

/** The steps a panel's report shows done: its map drawn with boxes, its Security view drawn, a comparison drawn, experiments shown. */
function stepsRendered(event: RenderedEvent): TickedStep[] {
  const summary = (typeof event.summary === 'object' && event.summary !== null ? event.summary : {}) as Record<string, unknown>;
  if (event.viewType === 'archipel.systemMap') {
    if (summary.view === 'security') return typeof summary.boundaries === 'number' ? ['securityShown'] : [];
    if (summary.view === 'continuity') return Number(summary.components) > 0 ? ['continuityShown'] : [];
    if (typeof summary.view !== 'string' || !MAP_VIEWS.has(summary.view) || !(Number(summary.nodes) > 0)) return [];
    return typeof summary.differences === 'number' ? ['systemMapShown', 'compared'] : ['systemMapShown'];
  }
  if (event.viewType === 'archipel.experiments' && Number(summary.experiments) > 0) return ['experimentsSwept'];
  return [];
}

/** Archipel's problems (errors and warnings) of a file. */
const problemsOf = (uri: vscode.Uri) => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'archipel' && d.severity <= vscode.DiagnosticSeverity.Warning).length;

/** Whether a diagnostic is a violation of one of the workspace's policies (the policy family's `policy:<policy>/<rule>`, #96). */
const isViolation = (d: vscode.Diagnostic) => d.source === 'archipel' && String(typeof d.code === 'object' ? d.code.value : d.code).startsWith('policy:');

/** Ticks the steps as their actions succeed: `done` sets a step's context key. */
export function registerWalkthroughTicks(done: (step: TickedStep) => Promise<void>): vscode.Disposable {
  // The open files with a problem of Archipel's: one that has none any more, still open, was fixed (a file deleted or closed was not).
  const withProblems = new Set<string>();
  // The open files breaking one of the team's policies: one that breaks none any more, still open, holds the rules again.
  const withViolations = new Set<string>();
  const isOpen = (uri: vscode.Uri) => vscode.workspace.textDocuments.some((d) => !d.isClosed && d.uri.toString() === uri.toString());
  return vscode.Disposable.from(
    panelEvents.onDidRender((event) => {
      for (const step of stepsRendered(event)) void done(step);
    }),
    vscode.languages.onDidChangeDiagnostics((event) => {
      for (const uri of event.uris) {
        const key = uri.toString();
        if (!isOpen(uri)) {
          withProblems.delete(key);
          withViolations.delete(key);
          continue;
        }
        if (vscode.languages.getDiagnostics(uri).some(isViolation)) withViolations.add(key);
        else if (withViolations.delete(key)) void done('rulesHeld');
        if (problemsOf(uri) > 0) withProblems.add(key);
        else if (withProblems.delete(key)) void done('problemFixed');
      }
    }),
  );
}
