import { cycleEdges } from '../../common/graph';
import { parseUses } from '../model/actions';
import { locate, report, resolveAction, type CheckContext } from '../model/data';
import { references, type Reference } from '../syntax/expressionTree';
import type { JobModel, StepModel } from '../model/model';
import { duplicateKeyRule, inputsContextRule, matrixContextRule, needsContextRule, needsCycleRule, needsUnknownJobRule, stepsContextRule, undeclaredSecretRule } from './rules';
import { get } from '../model/model';
import { isMap, isScalar } from 'yaml';
import type { ExpressionSite } from './structure';
import { suggest } from './suggest';
import { siteSpan } from './expressions';
import { t } from '../../l10n/t';

function list(names: readonly string[]): string {
  return names.length > 0 ? names.join(', ') : t('none');
}

/** `needs` entries point at jobs of the workflow, and jobs do not need each other in a cycle. */
export function checkNeeds(check: CheckContext): void {
  const { model } = check;
  const ids = model.jobs.map((j) => j.id);
  for (const job of model.jobs) {
    checkNeedsDuplicates(check, job);
    for (const need of job.needs) {
      if (!model.jobsById.has(need.name.toLowerCase())) {
        const [start, end] = need.node.range!;
        const near = suggest(need.name, ids.filter((i) => i !== job.id));
        report(check, needsUnknownJobRule.id, start, end, t('Job "{0}" needs "{1}", which this workflow does not define.{2}', job.id, need.name, near.hint), near.data);
      }
    }
  }
  // Each cycle once (common/graph.ts: the needs edge that closes it), on the key of the job it
  // starts from, as actionlint places it; the closing needs entry is its related place.
  for (const { edge, path } of cycleEdges(model.jobs, (job) => job.needs, (need) => model.jobsById.get(need.name.toLowerCase()))) {
    const [start, end] = path[0].key.range!;
    const [edgeStart, edgeEnd] = edge.node.range!;
    check.findings.push({
      start,
      end,
      code: needsCycleRule.id,
      message: t('These jobs need each other in a cycle, so none can start: {0}.', path.map((j) => j.id).join(' → ')),
      related: [{ start: edgeStart, end: edgeEnd, message: t('This needs entry closes the cycle.') }],
    });
  }
}

/** A job named twice in one needs list (job ids are compared without case). */
function checkNeedsDuplicates(check: CheckContext, job: JobModel): void {
  const seen = new Map<string, string>();
  for (const need of job.needs) {
    const first = seen.get(need.name.toLowerCase());
    if (first === undefined) {
      seen.set(need.name.toLowerCase(), need.name);
      continue;
    }
    const [start, end] = need.node.range!;
    report(check, duplicateKeyRule.id, start, end, t('Job "{0}" already lists "{1}" in needs: job ids are compared without case, so "{2}" is the same job.', job.id, first, need.name));
  }
}

/** Outputs declared by the action a step runs, when known. */
function stepOutputs(check: CheckContext, step: StepModel): string[] | undefined {
  if (!step.uses) return undefined;
  const action = resolveAction(check, parseUses(step.uses.value, check.model.flavor));
  return action && !action.anyOutputs ? Object.keys(action.outputs) : undefined;
}

function checkNeedsReference(check: CheckContext, site: ExpressionSite, ref: Reference, job: JobModel | undefined): void {
  const [, target, property, output] = ref.segments;
  if (!target || target.name === '*' || !job) return;
  const [start, end] = siteSpan(site, target.start, target.end);
  const needed = job.needs.map((n) => n.name);
  if (!needed.some((n) => n.toLowerCase() === target.name.toLowerCase())) {
    const exists = check.model.jobsById.has(target.name.toLowerCase());
    const near = suggest(target.name, needed);
    report(
      check,
      needsContextRule.id,
      start,
      end,
      exists
        ? t('needs.{0} is empty here: job "{1}" does not list "{0}" in needs (it needs: {2}).', target.name, job.id, list(needed))
        : t('needs.{0}: there is no job "{0}" in this workflow, and job "{1}" needs: {2}.{3}', target.name, job.id, list(needed), near.hint),
      exists ? undefined : near.data,
    );
    return;
  }
  if (!property) return;
  const [pStart, pEnd] = siteSpan(site, property.start, property.end);
  if (!['outputs', 'result'].includes(property.name.toLowerCase())) {
    report(check, needsContextRule.id, pStart, pEnd, t('needs.{0} has "outputs" and "result", not "{1}".', target.name, property.name));
    return;
  }
  const needed_ = check.model.jobsById.get(target.name.toLowerCase());
  if (!output || output.name === '*' || property.name.toLowerCase() !== 'outputs' || !needed_ || needed_.uses) return;
  const outputs = needed_.outputs.map((o) => o.name);
  if (!outputs.some((o) => o.toLowerCase() === output.name.toLowerCase())) {
    const [oStart, oEnd] = siteSpan(site, output.start, output.end);
    const near = suggest(output.name, outputs);
    report(check, needsContextRule.id, oStart, oEnd, t('Job "{0}" has no output "{1}" (its outputs: {2}).{3}', needed_.id, output.name, list(outputs), near.hint), near.data);
  }
}

/** `jobs.<id>.outputs.<name>` in a reusable workflow's on.workflow_call.outputs. */
function checkJobsReference(check: CheckContext, site: ExpressionSite, ref: Reference): void {
  const [, target, property, output] = ref.segments;
  if (!target || target.name === '*') return;
  const job = check.model.jobsById.get(target.name.toLowerCase());
  if (!job) {
    const [start, end] = siteSpan(site, target.start, target.end);
    const near = suggest(target.name, check.model.jobs.map((j) => j.id));
    report(check, needsContextRule.id, start, end, t('jobs.{0}: this workflow has no job "{0}".{1}', target.name, near.hint), near.data);
    return;
  }
  if (!property || property.name.toLowerCase() !== 'outputs' || !output || output.name === '*' || job.uses) return;
  const outputs = job.outputs.map((o) => o.name);
  if (!outputs.some((o) => o.toLowerCase() === output.name.toLowerCase())) {
    const [start, end] = siteSpan(site, output.start, output.end);
    const near = suggest(output.name, outputs);
    report(check, needsContextRule.id, start, end, t('Job "{0}" has no output "{1}" (its outputs: {2}).{3}', job.id, output.name, list(outputs), near.hint), near.data);
  }
}

function checkStepsReference(check: CheckContext, site: ExpressionSite, ref: Reference, steps: StepModel[], step: StepModel | undefined): void {
  const [, target, property, output] = ref.segments;
  if (!target || target.name === '*') return;
  const [start, end] = siteSpan(site, target.start, target.end);
  // Inside a step: earlier steps only. In job (or action) outputs: every step of the job.
  const visible = step ? steps.filter((s) => s.index < step.index) : steps;
  const match = (s: StepModel) => s.id?.name.toLowerCase() === target.name.toLowerCase();
  const found = visible.find(match);
  if (!found) {
    const later = steps.find(match);
    const ids = visible.map((s) => s.id?.name).filter((n): n is string => !!n);
    const near = later ? { hint: '', data: undefined } : suggest(target.name, ids);
    report(
      check,
      stepsContextRule.id,
      start,
      end,
      later && step && later.index === step.index
        ? t('steps.{0} is this step itself: its outputs exist only after it ran; read them in a later step.', target.name)
        : later
          ? t('steps.{0} is a later step (step {1}): steps run in order, so it has not run yet here.', target.name, later.index + 1)
          : t('No earlier step has id "{0}" (ids before this point: {1}).{2}', target.name, list(ids), near.hint),
      near.data,
    );
    return;
  }
  if (!property) return;
  const [pStart, pEnd] = siteSpan(site, property.start, property.end);
  if (!['outputs', 'outcome', 'conclusion'].includes(property.name.toLowerCase())) {
    report(check, stepsContextRule.id, pStart, pEnd, t('steps.{0} has "outputs", "outcome" and "conclusion", not "{1}".', target.name, property.name));
    return;
  }
  if (!output || output.name === '*' || property.name.toLowerCase() !== 'outputs') return;
  const outputs = stepOutputs(check, found);
  if (!outputs || outputs.some((o) => o.toLowerCase() === output.name.toLowerCase())) return;
  const [oStart, oEnd] = siteSpan(site, output.start, output.end);
  const near = suggest(output.name, outputs);
  report(check, stepsContextRule.id, oStart, oEnd, t('The action of step "{0}" ({1}) has no output "{2}" (its outputs: {3}).{4}', target.name, found.uses!.value, output.name, list(outputs), near.hint), near.data);
}

function checkMatrixReference(check: CheckContext, site: ExpressionSite, ref: Reference, job: JobModel | undefined): void {
  const [, key] = ref.segments;
  if (!key || key.name === '*' || !job) return;
  const [start, end] = siteSpan(site, key.start, key.end);
  if (!job.matrix) {
    report(check, matrixContextRule.id, start, end, t('matrix.{0} is empty: job "{1}" has no strategy.matrix.', key.name, job.id));
    return;
  }
  if (job.matrix.dynamic) return;
  const keys = [...job.matrix.keys.keys()];
  if (!keys.some((k) => k.toLowerCase() === key.name.toLowerCase())) {
    const near = suggest(key.name, keys);
    report(check, matrixContextRule.id, start, end, t('The matrix of job "{0}" has no key "{1}" (its keys: {2}).{3}', job.id, key.name, list(keys), near.hint), near.data);
  }
}

function checkInputsReference(check: CheckContext, site: ExpressionSite, ref: Reference): void {
  const [, input] = ref.segments;
  if (!input || input.name === '*') return;
  const names = [...check.model.inputs.keys()];
  if (names.some((n) => n.toLowerCase() === input.name.toLowerCase())) return;
  const [start, end] = siteSpan(site, input.start, input.end);
  const near = suggest(input.name, names);
  const message =
    check.model.kind === 'action'
      ? t('inputs.{0}: this action declares no such input under inputs: (inputs: {1}).{2}', input.name, list(names), near.hint)
      : t('inputs.{0}: no such input under on.workflow_dispatch.inputs or on.workflow_call.inputs (inputs: {1}).{2}', input.name, list(names), near.hint);
  report(check, inputsContextRule.id, start, end, message, near.data);
}

/**
 * secrets.X in a workflow only callable (on: workflow_call alone) that declares its secrets: only
 * those (and GITHUB_TOKEN) reach it, whatever the caller has.
 */
function checkSecretsReference(check: CheckContext, site: ExpressionSite, ref: Reference): void {
  const [, secret] = ref.segments;
  const { model } = check;
  if (!secret || secret.name === '*' || model.kind !== 'workflow' || secret.name.toUpperCase() === 'GITHUB_TOKEN') return;
  if (model.events.length !== 1 || model.events[0].name !== 'workflow_call') return;
  const declared = get(get(get(model.doc.contents, 'on')?.value, 'workflow_call')?.value, 'secrets');
  // `secrets:` left empty declares none (actionlint reads it so): only GITHUB_TOKEN reaches the workflow.
  if (!declared || !(isMap(declared.value) || declared.value === null || (isScalar(declared.value) && declared.value.value === null))) return;
  const names = model.secrets.map((s) => s.name);
  if (names.some((n) => n.toLowerCase() === secret.name.toLowerCase())) return;
  const [start, end] = siteSpan(site, secret.start, secret.end);
  const near = suggest(secret.name, names);
  report(check, undeclaredSecretRule.id, start, end, t('secrets.{0} is not declared under on.workflow_call.secrets (declared: {1}), so it is always empty.{2}', secret.name, list(names), near.hint), near.data);
}

/** needs, jobs, steps, matrix and inputs references of every expression, against what the file declares. */
export function checkReferences(check: CheckContext): void {
  for (const site of check.model.structure.expressions) {
    if (!site.parsed.expr) continue;
    const { job, step, steps } = locate(check.model, site.path);
    for (const ref of references(site.parsed.expr)) {
      const context = ref.segments[0].name.toLowerCase();
      // Availability is reported by the expression checks; only check where the context exists.
      if (!site.allowed.names.includes(context)) continue;
      switch (context) {
        case 'needs':
          checkNeedsReference(check, site, ref, job);
          break;
        case 'jobs':
          checkJobsReference(check, site, ref);
          break;
        case 'steps':
          checkStepsReference(check, site, ref, steps, step);
          break;
        case 'matrix':
          if (check.model.kind === 'workflow') checkMatrixReference(check, site, ref, job);
          break;
        case 'inputs':
          checkInputsReference(check, site, ref);
          break;
        case 'secrets':
          checkSecretsReference(check, site, ref);
          break;
        default:
          break;
      }
    }
  }
}
