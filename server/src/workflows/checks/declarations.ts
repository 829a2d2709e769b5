import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { t } from '../../l10n/t';
import { report, type CheckContext } from '../data';
import { get, pairs } from '../model';
import { callInputDefaultRule, dispatchInputsRule, scheduleCronRule } from '../rules';

/** GitHub's limit on workflow_dispatch inputs (10 until December 2025, 25 since). */
export const maxDispatchInputs = 25;

function span(node: Node): [number, number] {
  const [start, end] = node.range!;
  return [start, end];
}

/**
 * What `on:` declares that GitHub only rejects when a run starts: a schedule without cron, a
 * required workflow_call input with a default, too many workflow_dispatch inputs.
 */
export function checkDeclarations(check: CheckContext): void {
  const { model } = check;
  if (model.kind !== 'workflow') return;
  const on = get(model.doc.contents, 'on')?.value;
  // `on: schedule` / `on: [schedule]`: the event is named, but no cron says when.
  for (const event of model.events) {
    if (event.name !== 'schedule') continue;
    const value = isMap(on) ? get(on, 'schedule')?.value : undefined;
    const bare = !isMap(on) || value === null || value === undefined || (isSeq(value) && value.items.length === 0);
    if (bare) report(check, scheduleCronRule.id, ...span(event.node), t('on: schedule needs a list of cron entries (schedule: [{ cron: "0 3 * * 1" }]); without one the workflow never runs on a schedule.'));
  }
  for (const input of model.inputs.values()) {
    if (input.source !== 'workflow_call' || !input.required || !input.hasDefault) continue;
    const defaultKey = get(input.value, 'default')?.key ?? input.key;
    report(check, callInputDefaultRule.id, ...span(defaultKey), t('Input "{0}" is required, so every caller passes it and this default is never used: drop "required: true" or the default.', input.name));
  }
  const dispatch = get(get(on, 'workflow_dispatch')?.value, 'inputs');
  const declared = pairs(dispatch?.value);
  if (dispatch && declared.length > maxDispatchInputs) {
    report(check, dispatchInputsRule.id, ...span(dispatch.key), t('workflow_dispatch declares {0} inputs; GitHub accepts at most {1}.', declared.length, maxDispatchInputs));
  }
}

/** Whether a value is written as an expression (`${{ … }}`) rather than literally. */
export function isExpression(node: Node | null | undefined): boolean {
  return isScalar(node) && typeof node.value === 'string' && node.value.includes('${{');
}
