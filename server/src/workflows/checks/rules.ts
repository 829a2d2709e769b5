import { defineRule } from '../../rules/registry';

// Every workflow rule, in one place: ids are stable (settings, `# archipel-ignore`, CLI output).

// Structure
export const unknownKeyRule = defineRule({
  id: 'gha-unknown-key',
  defaultSeverity: 'error',
  description: 'A workflow or action.yml key that GitHub does not accept at that place (with a "did you mean").',
});
export const missingKeyRule = defineRule({
  id: 'gha-missing-key',
  defaultSeverity: 'error',
  description: 'A required workflow or action.yml key is missing (on, jobs, runs-on, a step\'s run or uses, …).',
});
export const duplicateKeyRule = defineRule({
  id: 'gha-duplicate-key',
  defaultSeverity: 'error',
  description: 'Two keys differ only by case (job ids, env names, inputs), or needs names one job twice: GitHub compares them case-insensitively.',
});
export const typeRule = defineRule({
  id: 'gha-type',
  defaultSeverity: 'error',
  description: 'A value has the wrong type or is not one of the allowed values (a mapping where a string is expected, fail-fast: maybe, …).',
});
export const emptyStepsRule = defineRule({
  id: 'gha-empty-steps',
  defaultSeverity: 'error',
  description: 'A job (or composite action) that runs on a runner has no steps.',
});
export const usesAndRunRule = defineRule({
  id: 'gha-step-uses-and-run',
  defaultSeverity: 'error',
  description: 'A step has both uses and run; a step either runs an action or a script.',
});
export const duplicateStepIdRule = defineRule({
  id: 'gha-duplicate-step-id',
  defaultSeverity: 'error',
  description: 'Two steps of a job have the same id.',
});
export const idFormatRule = defineRule({
  id: 'gha-id-format',
  defaultSeverity: 'error',
  description: 'A job or step id does not start with a letter or _ or contains characters other than letters, digits, - and _.',
});

// Expressions
export const expressionSyntaxRule = defineRule({
  id: 'gha-expression-syntax',
  defaultSeverity: 'error',
  description: 'A ${{ }} expression is malformed: unclosed, a bad operator, an unterminated string, a missing operand.',
});
export const limitRule = defineRule({
  id: 'workflows-limit',
  defaultSeverity: 'warning',
  description: 'An expression nests deeper than Archipel checks (200 levels, each operator of a chain such as a == b == c counting one): it is not checked.',
});
export const unknownContextRule = defineRule({
  id: 'gha-unknown-context',
  defaultSeverity: 'error',
  description: 'An expression names a context that does not exist (githb.ref), or a property a fixed context does not have (github.refname).',
});
export const unknownFunctionRule = defineRule({
  id: 'gha-unknown-function',
  defaultSeverity: 'error',
  description: 'An expression calls a function that does not exist, or with the wrong number of arguments.',
});
export const contextAvailabilityRule = defineRule({
  id: 'gha-context-availability',
  defaultSeverity: 'error',
  description: 'A context or function is not available at that key (secrets in runs-on, success() outside if:, any expression in uses:).',
});
export const constantConditionRule = defineRule({
  id: 'gha-constant-condition',
  defaultSeverity: 'warning',
  description: 'An if: condition is always true or always false (a constant, or text around ${{ }} that makes it a non-empty string).',
});

// References
export const needsUnknownJobRule = defineRule({
  id: 'gha-needs-unknown-job',
  defaultSeverity: 'error',
  description: 'needs names a job that the workflow does not define.',
});
export const needsCycleRule = defineRule({
  id: 'gha-needs-cycle',
  defaultSeverity: 'error',
  description: 'Jobs need each other in a cycle, so none of them can start.',
});
export const needsContextRule = defineRule({
  id: 'gha-needs-context',
  defaultSeverity: 'error',
  description: 'needs.<job> refers to a job this job does not need, or needs.<job>.outputs.<name> to an output that job does not declare.',
});
export const stepsContextRule = defineRule({
  id: 'gha-steps-context',
  defaultSeverity: 'error',
  description: 'steps.<id> refers to no earlier step with that id, or to an output the step\'s action does not declare.',
});
export const matrixContextRule = defineRule({
  id: 'gha-matrix-context',
  defaultSeverity: 'error',
  description: 'matrix.<key> refers to a key the job\'s matrix does not define.',
});
export const inputsContextRule = defineRule({
  id: 'gha-inputs-context',
  defaultSeverity: 'error',
  description: 'inputs.<name> refers to an input not declared by workflow_dispatch / workflow_call (or by the action).',
});

// Triggers
export const eventRule = defineRule({
  id: 'gha-event',
  defaultSeverity: 'error',
  description: 'An on: trigger is not an event, an activity type is not one of the event\'s types, a filter does not apply to the event or is combined with its -ignore twin.',
});
export const globRule = defineRule({
  id: 'gha-glob',
  defaultSeverity: 'error',
  description: 'A branches/tags/paths filter pattern is malformed, or a filter has only ! patterns and so matches nothing.',
});
export const cronRule = defineRule({
  id: 'gha-cron',
  defaultSeverity: 'error',
  description: 'A schedule cron is not valid POSIX cron (five fields, ranges, steps, names); @daily and the like only in Gitea mode.',
});
export const cronIntervalRule = defineRule({
  id: 'gha-cron-interval',
  defaultSeverity: 'warning',
  description: 'A schedule runs more often than every 5 minutes, the shortest interval GitHub runs scheduled workflows.',
});

// Actions
export const usesFormatRule = defineRule({
  id: 'gha-uses-format',
  defaultSeverity: 'error',
  description: 'uses: is not owner/repo[/path]@ref, ./local/path, docker://image (or an https:// URL in Gitea mode).',
});
export const localActionRule = defineRule({
  id: 'gha-local-action',
  needsIndex: true,
  defaultSeverity: 'warning',
  description: 'uses: ./path names a local action or reusable workflow that is not in the workspace.',
});
export const unknownInputRule = defineRule({
  id: 'gha-action-input-unknown',
  defaultSeverity: 'warning',
  description: 'with: passes an input the action (bundled popular action or local action.yml) does not declare.',
});
export const requiredInputRule = defineRule({
  id: 'gha-action-input-required',
  defaultSeverity: 'error',
  description: 'with: omits an input the action requires.',
});
export const deprecatedInputRule = defineRule({
  id: 'gha-deprecated-input',
  defaultSeverity: 'warning',
  description: 'with: passes an input the action has deprecated.',
});
export const deprecatedActionRule = defineRule({
  id: 'gha-deprecated-action',
  defaultSeverity: 'warning',
  description: 'uses: pins a major version of a popular action that no longer works or runs on a retired Node.js runtime.',
});

// Runners, security, commands, Gitea
export const runnerLabelRule = defineRule({
  id: 'gha-runner-label',
  defaultSeverity: 'warning',
  description: 'runs-on names a label that is neither a GitHub-hosted runner nor in archipel.workflows.runnerLabels (and no self-hosted label).',
});
export const scriptInjectionRule = defineRule({
  id: 'gha-script-injection',
  defaultSeverity: 'warning',
  description: 'A value anyone can set (issue title, PR body, head branch, commit message) is expanded inside run: or a github-script script.',
});
export const permissionsRule = defineRule({
  id: 'gha-permissions',
  defaultSeverity: 'error',
  description: 'permissions: names a scope that does not exist or a level the scope does not take.',
});
export const deprecatedCommandRule = defineRule({
  id: 'gha-deprecated-command',
  defaultSeverity: 'warning',
  description: 'run: uses a disabled or deprecated workflow command (::set-output, ::save-state, ::set-env, ::add-path).',
});
export const giteaIgnoredRule = defineRule({
  id: 'gha-gitea-ignored',
  defaultSeverity: 'information',
  description: 'In Gitea mode: a key Gitea Actions ignores (concurrency, permissions, environment, timeout-minutes, complex runs-on…).',
});

// Checks actionlint makes that GitHub enforces only when the run starts (issue #19)
export const scheduleCronRule = defineRule({
  id: 'gha-schedule-cron',
  defaultSeverity: 'error',
  description: 'on: schedule without any cron entry (as a bare event name, or an empty list): the workflow never runs on a schedule.',
});
export const callInputDefaultRule = defineRule({
  id: 'gha-call-input-default',
  defaultSeverity: 'warning',
  description: 'A workflow_call input is required and has a default: every caller must pass it, so the default is never used.',
});
export const undeclaredSecretRule = defineRule({
  id: 'gha-secret-undeclared',
  defaultSeverity: 'error',
  description: 'A workflow only callable (on: workflow_call, declaring its secrets) reads secrets.X that workflow_call.secrets does not declare: it is always empty.',
});
export const dispatchInputRule = defineRule({
  id: 'gha-dispatch-input',
  defaultSeverity: 'error',
  description: 'A workflow_dispatch input is a choice without options, lists an option twice or a default that is not an option, has options without being a choice, or is a boolean whose default is not true or false.',
});
export const dispatchInputsRule = defineRule({
  id: 'gha-dispatch-inputs-limit',
  defaultSeverity: 'error',
  description: 'workflow_dispatch declares more than 25 inputs, the most GitHub accepts.',
});
export const matrixExcludeRule = defineRule({
  id: 'gha-matrix-exclude',
  defaultSeverity: 'error',
  description: 'A matrix exclude entry names a key the matrix does not have, or a value its dimension does not list, so it excludes nothing.',
});
export const matrixDuplicateRule = defineRule({
  id: 'gha-matrix-duplicate',
  defaultSeverity: 'warning',
  description: 'A matrix dimension lists the same value twice: the same job runs twice.',
});
export const shellRule = defineRule({
  id: 'gha-shell',
  defaultSeverity: 'error',
  description: 'shell: is neither a shell the runner knows (bash, sh, pwsh, powershell, python, cmd) nor a custom command with {0}.',
});
export const runScriptRule = defineRule({
  id: 'gha-run-script',
  defaultSeverity: 'error',
  description: 'A run: script written for another shell than the one that runs it (PowerShell\'s $env:NAME under bash or sh), or a python script with unbalanced brackets, an unterminated string or a name nothing defines.',
});
export const envNameRule = defineRule({
  id: 'gha-env-name',
  defaultSeverity: 'error',
  description: 'An env: name contains "=" (or is empty): no process can receive it.',
});
export const credentialsPasswordRule = defineRule({
  id: 'gha-credentials-password',
  defaultSeverity: 'error',
  description: 'A container or service credentials.password is written literally in the workflow instead of ${{ secrets.… }}.',
});
export const emptyWorkflowRule = defineRule({
  id: 'gha-empty-workflow',
  defaultSeverity: 'error',
  description: 'A workflow file holds nothing (only comments or blank lines): GitHub reports it as an invalid workflow.',
});
export const expressionTypeRule = defineRule({
  id: 'gha-expression-type',
  defaultSeverity: 'warning',
  description: 'An expression has the wrong type for what is done with it: an object or array compared (github.event == …, always false), a boolean or null ordered, a property read off a string (github.ref.name is null), an object or array written into text, a runs-on or env: of the wrong shape.',
});
export const recursiveAliasRule = defineRule({
  id: 'gha-recursive-alias',
  defaultSeverity: 'error',
  description: 'A YAML alias (*name) sits inside the value its anchor (&name) marks (the value would contain itself), or names no anchor defined before it.',
});
