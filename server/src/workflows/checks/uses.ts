import type { Node, Scalar } from 'yaml';
import { actionKey, inputsKnownFor, localActionUris, localWorkflowUri, parseUses, pinnedMajor, type ActionInfo } from '../model/actions';
import { callableInputs, report, resolveAction, workflowModel, type CheckContext } from '../model/data';
import type { Named, StepModel } from '../model/model';
import { suggest } from './suggest';
import { deprecatedActionRule, deprecatedInputRule, localActionRule, requiredInputRule, unknownInputRule, usesFormatRule } from './rules';
import { t } from '../../l10n/t';

function range(node: Node): [number, number] {
  const [start, end] = node.range!;
  return [start, end];
}



/** with: against the inputs an action (or reusable workflow) declares. */
function checkWith(check: CheckContext, what: string, info: Pick<ActionInfo, 'inputs'>, entries: Named[] | undefined, anchor: Scalar): void {
  const declared = Object.keys(info.inputs);
  const given = new Set((entries ?? []).map((e) => e.name.toLowerCase()));
  for (const entry of entries ?? []) {
    const [start, end] = range(entry.key);
    const input = Object.entries(info.inputs).find(([name]) => name.toLowerCase() === entry.name.toLowerCase())?.[1];
    if (!input) {
      const near = suggest(entry.name, declared);
      const hint = declared.length === 0 ? t(' It takes no inputs.') : near.hint || t(' Its inputs: {0}.', declared.join(', '));
      report(check, unknownInputRule.id, start, end, t('{0} has no input "{1}".{2}', what, entry.name, hint), near.data);
    } else if (input.deprecationMessage) {
      report(check, deprecatedInputRule.id, start, end, t('Input "{0}" of {1} is deprecated: {2}', entry.name, what, input.deprecationMessage));
    }
  }
  const missing = Object.entries(info.inputs).filter(([name, input]) => input.required && input.default === undefined && !given.has(name.toLowerCase()));
  if (missing.length > 0) {
    const [start, end] = range(anchor);
    const names = missing.map(([name]) => `"${name}"`).join(', ');
    report(check, requiredInputRule.id, start, end, missing.length > 1 ? t('{0} requires inputs {1} under with:.', what, names) : t('{0} requires input {1} under with:.', what, names), { missingInputs: missing.map(([name]) => name) });
  }
}

/** An earlier step checks out another repository into the workspace: local paths are that repository's. */
function checksOutAnotherRepository(check: CheckContext, step: StepModel): boolean {
  const steps = check.model.kind === 'action' ? check.model.actionSteps : check.model.jobs.find((j) => j.steps.includes(step))?.steps ?? [];
  return steps.some((s) => {
    if (s.index >= step.index || !s.uses) return false;
    const uses = parseUses(s.uses.value, check.model.flavor);
    return uses.kind === 'remote' && actionKey(uses) === 'actions/checkout' && !!s.with?.entries.some((e) => e.name === 'repository');
  });
}

function checkStep(check: CheckContext, step: StepModel): void {
  if (!step.uses || step.uses.value.includes('${{')) return;
  const node = step.uses.node;
  const [start, end] = range(node);
  const uses = parseUses(step.uses.value, check.model.flavor);
  if (uses.kind === 'invalid') {
    report(check, usesFormatRule.id, start, end, uses.message);
    return;
  }
  if (uses.kind === 'local') {
    if (!check.model.uri.startsWith('file:') || localActionUris(check.model.uri, uses.path).length === 0) return;
    const action = resolveAction(check, uses);
    if (!action) {
      if (checksOutAnotherRepository(check, step)) return;
      report(check, localActionRule.id, start, end, t('No action.yml (or action.yaml) at {0} in this workspace. Local actions are read from the checked-out repository: check the path (and that actions/checkout runs before).', uses.path));
      return;
    }
    checkWith(check, t('Action {0}', uses.path), action, step.with?.entries, node);
    return;
  }
  if (uses.kind !== 'remote') return;
  const action = resolveAction(check, uses);
  if (!action) return;
  const major = /^(v\d+)(\.|$)/.exec(uses.ref)?.[1];
  const deprecated = major ? action.deprecatedVersions?.[major] : undefined;
  if (deprecated) {
    const refStart = start + step.uses.value.lastIndexOf('@') + (node.type === 'PLAIN' ? 1 : 2);
    report(check, deprecatedActionRule.id, Math.min(refStart, end), end, `${uses.owner}/${uses.repo}${uses.path ? `/${uses.path}` : ''}@${major} ${deprecated}.`);
  }
  // Inputs change between majors (setup-java@v1 has no "distribution"): check only against the pinned major's.
  if (action.anyInputs || !inputsKnownFor(action, pinnedMajor(uses.ref, node.comment))) return;
  checkWith(check, `${uses.owner}/${uses.repo}${uses.path ? `/${uses.path}` : ''}`, action, step.with?.entries, node);
}

/** Step and job `uses:` formats, local actions and reusable workflows, and with: inputs. */
export function checkUses(check: CheckContext): void {
  const { model } = check;
  const allSteps = model.kind === 'action' ? model.actionSteps : model.jobs.flatMap((j) => j.steps);
  for (const step of allSteps) checkStep(check, step);
  for (const job of model.jobs) {
    if (!job.uses || job.uses.value.includes('${{')) continue;
    const node = job.uses.node;
    const [start, end] = range(node);
    const uses = parseUses(job.uses.value, model.flavor, true);
    if (uses.kind === 'invalid') {
      report(check, usesFormatRule.id, start, end, uses.message);
      continue;
    }
    if (uses.kind !== 'local' || !model.uri.startsWith('file:')) continue;
    const uri = localWorkflowUri(model.uri, uses.path);
    const file = uri ? check.index.get(uri) : undefined;
    if (!uri) continue;
    if (!file) {
      report(check, localActionRule.id, start, end, t('No reusable workflow {0} in this workspace.', uses.path));
      continue;
    }
    const callee = workflowModel(file, check.data, model.flavor);
    if (!callee) continue;
    if (!callee.events.some((e) => e.name === 'workflow_call')) {
      report(check, localActionRule.id, start, end, t('{0} cannot be called: it has no "on: workflow_call" trigger.', uses.path));
      continue;
    }
    checkWith(check, t('Workflow {0}', uses.path), { inputs: callableInputs(callee) }, job.with?.entries, node);
  }
}
