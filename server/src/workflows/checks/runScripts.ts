import { isScalar, isSeq, type Node } from 'yaml';
import { report, type CheckContext } from '../model/data';
import { get, stringOf, type JobModel, type StepModel } from '../model/model';
import { runScriptRule } from './rules';
import { spanOf, type ScalarText } from '../syntax/scalar';
import { pythonProblems } from '../syntax/python';
import { t } from '../../l10n/t';

/** The language a runner hands a run: script to, from the shell that runs it. */
type ScriptLanguage = 'sh' | 'pwsh' | 'python' | 'other';

function languageOf(shell: string): ScriptLanguage {
  const command = (shell.trim().split(/\s+/)[0] ?? '').toLowerCase();
  if (command === 'bash' || command === 'sh') return 'sh';
  if (command === 'pwsh' || command === 'powershell') return 'pwsh';
  if (/^python[0-9.]*$/.test(command)) return 'python';
  return 'other';
}

function shellAt(node: Node | null | undefined): string | undefined {
  const shell = stringOf(get(get(get(node, 'defaults')?.value, 'run')?.value, 'shell')?.value);
  return shell !== undefined && !shell.includes('${{') ? shell : undefined;
}

/**
 * The shell a step without shell: runs in, from the job's runner: pwsh on Windows, bash on Linux
 * and macOS; undefined when the labels do not say (an expression, a self-hosted runner's own names).
 */
function runnerShell(job: JobModel | undefined): string | undefined {
  const value = job?.runsOn?.value;
  const labels = (isSeq(value) ? value.items : [value]).map((label) => (isScalar(label) && typeof label.value === 'string' ? label.value : undefined));
  if (labels.some((label) => label !== undefined && /windows/i.test(label))) return 'pwsh';
  const known = (label: string | undefined) => label !== undefined && !label.includes('${{') && /^(ubuntu|macos|linux|self-hosted|x64|arm64)/i.test(label);
  return labels.length > 0 && labels.every(known) && labels.some((label) => /^(ubuntu|macos|linux)/i.test(label!)) ? 'bash' : undefined;
}

/**
 * The shell of a step as the runner picks it (GitHub's docs, "defaults.run"): the step's shell:,
 * then the job's defaults.run.shell, the workflow's, then the runner's default (runnerShell).
 * Undefined when it is an expression, a composite step says none or the runner is not known.
 */
function stepShell(check: CheckContext, step: StepModel, job: JobModel | undefined): string | undefined {
  const own = get(step.node, 'shell');
  if (own) {
    const shell = stringOf(own.value);
    return shell !== undefined && !shell.includes('${{') ? shell : undefined;
  }
  if (check.model.kind === 'action') return undefined;
  return shellAt(job?.node) ?? shellAt(check.model.doc.contents) ?? runnerShell(job);
}

/**
 * PowerShell's `$env:NAME` in a script bash or sh runs: there it expands `$env` (empty) followed
 * by the text ":NAME", the mistake of a step copied from a Windows job. Single-quoted text and
 * comments are left alone (a PowerShell command written out on purpose).
 */
function checkPowerShellVariables(check: CheckContext, run: ScalarText, shell: string): void {
  const text = run.value;
  let quote: '' | "'" | '"' = '';
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '\\' && quote !== "'") {
      i++;
    } else if (quote === '' && c === '#' && (i === 0 || /\s/.test(text[i - 1]))) {
      while (i < text.length && text[i] !== '\n') i++;
    } else if ((c === "'" || c === '"') && (quote === '' || quote === c)) {
      quote = quote === '' ? c : '';
    } else if (c === '$' && quote !== "'") {
      const m = /^\$env:([A-Z_][A-Z0-9_]*)/i.exec(text.slice(i, i + 260));
      if (!m) continue;
      const [start, end] = spanOf(run, i, i + m[0].length);
      report(
        check,
        runScriptRule.id,
        start,
        end,
        t('{0} is how PowerShell reads an environment variable, but this script runs in {1}, where it is the empty $env followed by ":{2}". Write "${2}", or set shell: pwsh.', m[0], shell.trim().split(/\s+/)[0], m[1]),
        // The message names the fix: a quick fix writes it (common/fixes.ts).
        { replacement: `$${m[1]}` },
      );
      i += m[0].length - 1;
    }
  }
}

/** Each run: script, read in the language of the shell that runs it. */
export function checkRunScripts(check: CheckContext): void {
  const { model } = check;
  const steps = model.kind === 'action' ? model.actionSteps.map((step) => ({ step, job: undefined })) : model.jobs.flatMap((job) => job.steps.map((step) => ({ step, job })));
  for (const { step, job } of steps) {
    if (!step.run) continue;
    const shell = stepShell(check, step, job);
    const language = shell === undefined ? 'other' : languageOf(shell);
    if (language === 'sh') checkPowerShellVariables(check, step.run, shell!);
    if (language !== 'python') continue;
    for (const problem of pythonProblems(step.run.value)) {
      const [start, end] = spanOf(step.run, problem.from, problem.to);
      report(check, runScriptRule.id, start, end, problem.message);
    }
  }
}
