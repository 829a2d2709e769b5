import { parseUses, actionKey } from '../model/actions';
import { locate, report, type CheckContext } from '../model/data';
import { references } from '../syntax/expressionTree';
import { deprecatedCommandRule, scriptInjectionRule } from './rules';
import type { ExpressionSite } from './structure';
import { siteSpan } from './expressions';
import { t } from '../../l10n/t';

/**
 * Values an outsider controls (GitHub Security Lab's list of untrusted inputs): titles, bodies,
 * branch names, commit messages and author fields of the triggering event.
 */
const untrusted: RegExp[] = [
  /^github\.head_ref$/,
  /^github\.event\.(issue|pull_request|discussion)\.(title|body)$/,
  /^github\.event\.(comment|review|review_comment)\.body$/,
  /^github\.event\.pages\.\*\.page_name$/,
  /^github\.event\.commits\.\*\.(message|author\.(email|name)|committer\.(email|name))$/,
  /^github\.event\.head_commit\.(message|author\.(email|name)|committer\.(email|name))$/,
  /^github\.event\.pull_request\.head\.(ref|label|repo\.default_branch|repo\.description|repo\.homepage)$/,
  /^github\.event\.workflow_run\.(head_branch|display_title|head_commit\.(message|author\.(email|name)|committer\.(email|name))|pull_requests\.\*\.head\.ref)$/,
  /^github\.event\.(issue|pull_request|discussion)$/,
  /^github\.event$/,
];

// Reasons are functions: the language is chosen after this module loads.
const why: [RegExp, () => string][] = [
  [/head_ref|head\.ref|head\.label|head_branch|default_branch/, () => t('a branch name the author of the pull request chooses')],
  [/title|body|display_title|page_name/, () => t('text anyone who can open an issue, pull request or comment writes')],
  [/message|author|committer/, () => t('commit metadata the committer writes')],
  [/.*/, () => t('the raw event payload, which outsiders fill')],
];

function isScript(check: CheckContext, site: ExpressionSite): boolean {
  const path = site.path;
  const last = path[path.length - 1];
  if (last === 'run' && path.includes('steps')) return true;
  // actions/github-script runs its script input as JavaScript.
  if (last === 'script' && path[path.length - 2] === 'with') {
    const { step } = locate(check.model, path);
    if (!step?.uses) return false;
    const uses = parseUses(step.uses.value, check.model.flavor);
    return uses.kind === 'remote' && actionKey(uses) === 'actions/github-script';
  }
  return false;
}

/** Untrusted event values expanded into run: scripts (and github-script), where they become code. */
export function checkScriptInjection(check: CheckContext): void {
  for (const site of check.model.structure.expressions) {
    if (!site.parsed.expr || !isScript(check, site)) continue;
    for (const ref of references(site.parsed.expr)) {
      const path = ref.segments.map((s) => (s.name === '*' ? '*' : s.name.toLowerCase())).join('.');
      const canonical = path.replace(/^(gitea|forge|forgejo)\./, 'github.');
      if (!untrusted.some((p) => p.test(canonical))) continue;
      const reason = why.find(([p]) => p.test(canonical))![1]();
      const [start, end] = siteSpan(site, ref.node.start, ref.node.end);
      const variable = (ref.segments[ref.segments.length - 1].name.replace(/[^A-Za-z0-9]+/g, '_').toUpperCase() || 'VALUE').replace(/^(\d)/, '_$1');
      const lang = site.path[site.path.length - 1] === 'script' ? 'script' : 'shell';
      report(
        check,
        scriptInjectionRule.id,
        start,
        end,
        lang === 'script'
          ? t('{0} is {1}; expanded inside this script it becomes JavaScript they control. Pass it through env: ({2}: ${{ {0} }}) and use {3}.', path, reason, variable, `process.env.${variable}`)
          : t('{0} is {1}; expanded inside this run: script it becomes shell code they control. Pass it through env: ({2}: ${{ {0} }}) and use {3}.', path, reason, variable, `"$${variable}"`),
      );
    }
  }
}

const commands: Record<string, { replacement: () => string; disabled: boolean }> = {
  'set-output': { replacement: () => t('write name=value to $GITHUB_OUTPUT: echo "name=value" >> "$GITHUB_OUTPUT"'), disabled: false },
  'save-state': { replacement: () => t('write name=value to $GITHUB_STATE: echo "name=value" >> "$GITHUB_STATE"'), disabled: false },
  'set-env': { replacement: () => t('write NAME=value to $GITHUB_ENV: echo "NAME=value" >> "$GITHUB_ENV"'), disabled: true },
  'add-path': { replacement: () => t('append the folder to $GITHUB_PATH: echo "/path/to/bin" >> "$GITHUB_PATH"'), disabled: true },
};

/** ::set-output and friends in run: scripts. */
export function checkDeprecatedCommands(check: CheckContext): void {
  const { model } = check;
  const steps = model.kind === 'action' ? model.actionSteps : model.jobs.flatMap((j) => j.steps);
  const pattern = /::(set-output|save-state|set-env|add-path)\b/g;
  for (const step of steps) {
    const run = step.run;
    if (!run) continue;
    for (let m = pattern.exec(run.value); m; m = pattern.exec(run.value)) {
      const command = commands[m[1]];
      const start = run.offsets[m.index];
      const end = run.offsets[m.index + m[0].length - 1] + 1;
      check.findings.push({
        start,
        end,
        code: deprecatedCommandRule.id,
        message: command.disabled
          ? t('::{0} is disabled on GitHub (it is ignored, and the step fails unless ACTIONS_ALLOW_UNSECURE_COMMANDS is set): {1}.', m[1], command.replacement())
          : t('::{0} is deprecated and will stop working: {1}.', m[1], command.replacement()),
        ...(command.disabled ? { severity: 'error' as const } : {}),
      });
    }
  }
}
