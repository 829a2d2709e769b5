import { isSeq, isScalar } from 'yaml';
import { report, type CheckContext } from '../model/data';
import { get, stringOf, type StepModel } from '../model/model';
import { duplicateStepIdRule, emptyStepsRule, idFormatRule } from './rules';
import { t } from '../../l10n/t';

const idPattern = /^[A-Za-z_][A-Za-z0-9_-]*$/;

/** `jobId`: the job holding the steps; undefined for a composite action's. */
function checkStepIds(check: CheckContext, steps: StepModel[], jobId: string | undefined): void {
  const seen = new Map<string, StepModel>();
  for (const step of steps) {
    if (!step.id || !isScalar(step.id.value) || !step.id.value.range) continue;
    const [start, end] = step.id.value.range;
    const id = step.id.name;
    if (id.includes('${{')) continue;
    if (!idPattern.test(id)) {
      report(check, idFormatRule.id, start, end, t('Step id "{0}" must start with a letter or _ and contain only letters, digits, - and _.', id));
    }
    const first = seen.get(id.toLowerCase());
    if (first) {
      report(check, duplicateStepIdRule.id, start, end, jobId === undefined
          ? t('This action already has a step with id "{0}" (step {1}); step ids must be unique.', first.id!.name, first.index + 1)
          : t('Job "{0}" already has a step with id "{1}" (step {2}); step ids must be unique.', jobId, first.id!.name, first.index + 1));
    } else {
      seen.set(id.toLowerCase(), step);
    }
  }
}

/** Job ids, step ids, and jobs (or composite actions) that have nothing to run. */
export function checkJobs(check: CheckContext): void {
  const { model } = check;
  if (model.kind === 'action') {
    const runs = get(model.doc.contents, 'runs');
    const using = stringOf(get(runs?.value, 'using')?.value);
    const steps = get(runs?.value, 'steps');
    if (using === 'composite' && steps && isSeq(steps.value) && steps.value.items.length === 0) {
      const [start, end] = steps.key.range!;
      report(check, emptyStepsRule.id, start, end, t('This composite action has no steps: add at least one run or uses step.'));
    }
    checkStepIds(check, model.actionSteps, undefined);
    return;
  }
  for (const job of model.jobs) {
    const [keyStart, keyEnd] = job.key.range!;
    if (!idPattern.test(job.id)) {
      report(check, idFormatRule.id, keyStart, keyEnd, t('Job id "{0}" must start with a letter or _ and contain only letters, digits, - and _.', job.id));
    }
    if (!job.node || job.uses || get(job.node, 'uses')) continue;
    if (!job.stepsKey) {
      // A job with runs-on but no steps fails to start; missing runs-on is the schema's to report.
      if (get(job.node, 'runs-on')) report(check, emptyStepsRule.id, keyStart, keyEnd, t('Job "{0}" has no steps: add steps (or uses: to call a reusable workflow).', job.id));
    } else if (isSeq(job.stepsValue) && job.stepsValue.items.length === 0) {
      const [start, end] = job.stepsKey.range!;
      report(check, emptyStepsRule.id, start, end, t('Job "{0}" has an empty steps list: add at least one step.', job.id));
    }
    checkStepIds(check, job.steps, job.id);
  }
}
