import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { t } from '../../l10n/t';
import { report, type CheckContext } from '../model/data';
import { get, pairs } from '../model/model';
import { callInputDefaultRule, dispatchInputRule, dispatchInputsRule, eventRule, expressionTypeRule, inputsContextRule, scheduleCronRule } from './rules';

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
  for (const input of declared) checkDispatchInput(check, input.name, input.key, input.value);
  checkCallDefaults(check, pairs(get(get(on, 'workflow_call')?.value, 'inputs')?.value));
  // image_version: names and versions are lists GitHub requires non-empty.
  for (const key of ['names', 'versions']) {
    const list = get(get(on, 'image_version')?.value, key);
    if (list && isSeq(list.value) && list.value.items.length === 0) report(check, eventRule.id, ...span(list.value), t('image_version: {0} is empty: list at least one, or the event never fires.', key));
  }
}

/** A workflow_dispatch input's type, options and default, as GitHub's form needs them. */
function checkDispatchInput(check: CheckContext, name: string, key: Node, value: Node | null): void {
  const type = get(value, 'type')?.value;
  const typeName = isScalar(type) ? String(type.value) : undefined;
  const options = get(value, 'options');
  const defaultValue = get(value, 'default')?.value;
  if (typeName === 'choice') {
    const items = isSeq(options?.value) ? (options.value.items as Node[]) : [];
    if (!options || (isSeq(options.value) && items.length === 0)) {
      report(check, dispatchInputRule.id, ...span(options?.key ?? key), t('Input "{0}" is a choice but lists no options: the form offers nothing to choose.', name));
    }
    const seen = new Set<string>();
    for (const item of items) {
      if (!isScalar(item)) continue;
      const text = String(item.value ?? '');
      if (seen.has(text)) report(check, dispatchInputRule.id, ...span(item), t('Option "{0}" of input "{1}" is listed twice.', text, name));
      seen.add(text);
    }
    if (isScalar(defaultValue) && !isExpression(defaultValue) && items.length > 0 && !seen.has(String(defaultValue.value))) {
      report(check, dispatchInputRule.id, ...span(defaultValue), t('The default "{0}" of input "{1}" is none of its options ({2}).', String(defaultValue.value), name, [...seen].join(', ')));
    }
  } else if (options) {
    report(check, dispatchInputRule.id, ...span(options.key), t('Input "{0}" is not a choice (type: {1}): GitHub ignores its options. Use type: choice.', name, typeName ?? 'string'));
  }
  if (typeName === 'boolean' && isScalar(defaultValue) && !isExpression(defaultValue) && !['true', 'false'].includes(String(defaultValue.value))) {
    report(check, dispatchInputRule.id, ...span(defaultValue), t('Input "{0}" is a boolean: its default is true or false, not "{1}".', name, String(defaultValue.value)));
  }
}

/**
 * workflow_call defaults written as `${{ inputs.x }}`: x must be an input declared above (not this
 * one), and a boolean or number input cannot take a string input's value.
 */
function checkCallDefaults(check: CheckContext, inputs: { name: string; key: Node; value: Node | null }[]): void {
  const types = new Map<string, string>();
  for (const input of inputs) {
    const type = get(input.value, 'type')?.value;
    const typeName = isScalar(type) ? String(type.value) : 'string';
    const value = get(input.value, 'default')?.value;
    const referenced = isScalar(value) && typeof value.value === 'string' ? /^\s*\$\{\{\s*inputs\.([\w-]+)\s*\}\}\s*$/.exec(value.value)?.[1] : undefined;
    if (referenced && value) {
      const known = types.get(referenced.toLowerCase());
      if (known === undefined) {
        report(check, inputsContextRule.id, ...span(value), referenced.toLowerCase() === input.name.toLowerCase() ? t('The default of input "{0}" refers to itself.', input.name) : t('The default of input "{0}" reads inputs.{1}, which is not declared above it.', input.name, referenced));
      } else if (known !== typeName && (typeName === 'boolean' || typeName === 'number')) {
        report(check, expressionTypeRule.id, ...span(value), t('Input "{0}" is a {1}, but its default is the {2} input "{3}".', input.name, typeName, known, referenced));
      }
    }
    types.set(input.name.toLowerCase(), typeName);
  }
}

/** Whether a value is written as an expression (`${{ … }}`) rather than literally. */
export function isExpression(node: Node | null | undefined): boolean {
  return isScalar(node) && typeof node.value === 'string' && node.value.includes('${{');
}
