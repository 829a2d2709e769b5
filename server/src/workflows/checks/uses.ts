import type { Node, Scalar } from 'yaml';
import { actionKey, inputsKnownFor, localActionUris, localWorkflowUri, parseUses, pinnedMajor, type ActionInfo } from '../actions';
import { callableInputs, report, resolveAction, workflowModel, type CheckContext } from '../data';
import type { Named, StepModel } from '../model';
import { suggest } from '../suggest';
import { deprecatedActionRule, deprecatedInputRule, localActionRule, requiredInputRule, unknownInputRule, usesFormatRule } from '../rules';

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
      const hint = declared.length === 0 ? ' It takes no inputs.' : near.hint || ` Its inputs: ${declared.join(', ')}.`;
      report(check, unknownInputRule.id, start, end, `${what} has no input "${entry.name}".${hint}`, near.data);
    } else if (input.deprecationMessage) {
      report(check, deprecatedInputRule.id, start, end, `Input "${entry.name}" of ${what} is deprecated: ${input.deprecationMessage}`);
    }
  }
  const missing = Object.entries(info.inputs).filter(([name, input]) => input.required && input.default === undefined && !given.has(name.toLowerCase()));
  if (missing.length > 0) {
    const [start, end] = range(anchor);
    const names = missing.map(([name]) => `"${name}"`).join(', ');
    report(check, requiredInputRule.id, start, end, `${what} requires ${missing.length > 1 ? 'inputs' : 'input'} ${names} under with:.`, { missingInputs: missing.map(([name]) => name) });
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
      report(check, localActionRule.id, start, end, `No action.yml (or action.yaml) at ${uses.path} in this workspace. Local actions are read from the checked-out repository: check the path (and that actions/checkout runs before).`);
      return;
    }
    checkWith(check, `Action ${uses.path}`, action, step.with?.entries, node);
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
  if (!inputsKnownFor(action, pinnedMajor(uses.ref, node.comment))) return;
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
      report(check, localActionRule.id, start, end, `No reusable workflow ${uses.path} in this workspace.`);
      continue;
    }
    const callee = workflowModel(file, check.data, model.flavor);
    if (!callee) continue;
    if (!callee.events.some((e) => e.name === 'workflow_call')) {
      report(check, localActionRule.id, start, end, `${uses.path} cannot be called: it has no "on: workflow_call" trigger.`);
      continue;
    }
    checkWith(check, `Workflow ${uses.path}`, { inputs: callableInputs(callee) }, job.with?.entries, node);
  }
}
