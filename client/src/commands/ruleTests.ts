// Archipel: Run Rule Tests (issue #39), also the command of the "Run rule tests" code lens the
// server puts on promtool unit-test files (`rule_files` + `tests:`) when promtool is on the PATH:
// `promtool test rules FILE` as a VS Code task — a process with an argument array, no shell —
// on a file inside a workspace folder, and its result (passed, or failed with the exit code) told
// when the process ends. promtool reads the rule files the test names: refused in an untrusted workspace.
import * as path from 'node:path';
import * as vscode from 'vscode';

const TASK_TYPE = 'archipel-promtool';

interface RuleTestsDefinition extends vscode.TaskDefinition {
  file: string;
}

/** The test file: the lens's `{uri}`, a URI from the explorer, or the active editor's document. */
function targetOf(arg: unknown): vscode.Uri | undefined {
  if (arg instanceof vscode.Uri) return arg;
  if (typeof arg === 'object' && arg !== null && typeof (arg as { uri?: unknown }).uri === 'string') {
    try {
      return vscode.Uri.parse((arg as { uri: string }).uri, true);
    } catch {
      return undefined;
    }
  }
  return vscode.window.activeTextEditor?.document.uri;
}

/** The task running promtool on `file` (absolute: never read as an option), from the file's folder. */
function taskFor(file: string, folder: vscode.WorkspaceFolder): vscode.Task {
  const definition: RuleTestsDefinition = { type: TASK_TYPE, file };
  const execution = new vscode.ProcessExecution('promtool', ['test', 'rules', file], { cwd: path.dirname(file) });
  const task = new vscode.Task(definition, folder, vscode.l10n.t('Rule tests {0}', path.basename(file)), 'archipel', execution);
  task.presentationOptions = { reveal: vscode.TaskRevealKind.Always, panel: vscode.TaskPanelKind.Dedicated, clear: true };
  return task;
}

/** Runs the rule tests of a file; resolves with promtool's exit code (undefined: not run). */
async function runRuleTests(arg: unknown): Promise<number | undefined> {
  if (!vscode.workspace.isTrusted) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Archipel: rule tests run promtool on the workspace files; trust this workspace first.'));
    return undefined;
  }
  const uri = targetOf(arg);
  const folder = uri && uri.scheme === 'file' ? vscode.workspace.getWorkspaceFolder(uri) : undefined;
  // Confined to the workspace: a file of an open folder, resolved without `..` leaving it.
  const file = uri && folder ? path.resolve(uri.fsPath) : undefined;
  const relative = file && folder ? path.relative(folder.uri.fsPath, file) : undefined;
  if (!file || !folder || relative === undefined || relative === '' || relative.startsWith('..') || path.isAbsolute(relative)) {
    void vscode.window.showWarningMessage(vscode.l10n.t('Archipel: open a promtool test file (rule_files and tests) of the workspace to run its rule tests.'));
    return undefined;
  }
  const document = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri!.toString());
  if (document?.isDirty) await document.save();
  const execution = await vscode.tasks.executeTask(taskFor(file, folder));
  const exitCode = await new Promise<number | undefined>((resolve) => {
    // The process's end gives its exit code; the task's end (after it, or alone when promtool could not start) settles the rest.
    const settle = (code: number | undefined) => {
      for (const listener of listeners) listener.dispose();
      resolve(code);
    };
    const listeners: vscode.Disposable[] = [
      vscode.tasks.onDidEndTaskProcess((event) => {
        if (event.execution !== execution) return;
        settle(event.exitCode);
      }),
      vscode.tasks.onDidEndTask((event) => {
        if (event.execution !== execution) return;
        settle(undefined);
      }),
    ];
  });
  const name = path.basename(file);
  if (exitCode === 0) void vscode.window.showInformationMessage(vscode.l10n.t('Rule tests of {0} passed.', name));
  else void vscode.window.showErrorMessage(vscode.l10n.t('Rule tests of {0} failed (promtool exit code {1}): see the terminal.', name, String(exitCode ?? '?')));
  return exitCode;
}

export function register(context: vscode.ExtensionContext): void {
  context.subscriptions.push(vscode.commands.registerCommand('archipel.runRuleTests', runRuleTests));
}
