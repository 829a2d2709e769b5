import type * as Re2js from './re2.lazy';
import type { Finding } from '../common/findings';
import { closestName } from '../common/suggest';
import { t } from '../l10n/t';
import { configKeys, relabelActions } from './configKeys';
import { legacyLabelName } from './names';
import * as ids from './rules';
import { entriesOf, field, isRecord, items, keySpan, spanOf, suggestionData, type Located } from './yamlValues';

/**
 * Relabel target labels may use $1 / ${1} references: the language of Prometheus's relabelTarget,
 * /^(?:(?:[a-zA-Z_]|\$(?:\{\w+\}|\w+))+\w*)+$/, written so that each character has one reading (that
 * one took 2^N steps on N letters followed by a character outside it).
 */
const relabelTarget = /^(?:[a-zA-Z_]|\$(?:\{\w+\}|\w))(?:\w|\$(?:\{\w+\}|\w))*$/;

/** Longer regexes are not compiled (each compiles in linear time, but a budget holds per file). */
const maxRegexLength = 4096;

let re2js: typeof Re2js.RE2JS | undefined;
/** re2js, loaded with the first regex checked: the language server's start does not pay for it. */
function re2(): typeof Re2js.RE2JS {
  return (re2js ??= (require('./re2.lazy') as typeof Re2js).RE2JS);
}

/**
 * Prometheus compiles relabel regexes with Go's regexp (RE2: no lookaround, no backreferences),
 * anchored as `^(?s:…)$`; re2js is RE2's JavaScript port and reports Go's messages.
 */
export function re2Problem(regex: string): string | undefined {
  if (regex.length > maxRegexLength) return undefined;
  try {
    re2().compile(`^(?s:${regex})$`);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

function finding(span: { start: number; end: number }, message: string): Finding {
  return { start: span.start, end: span.end, code: ids.configRelabel.id, message };
}

/** relabel.Config.Validate and its YAML decoding, for every item of a relabel_configs list. */
export function checkRelabelConfigs(at: Located | undefined, emptyMessage: string, out: Finding[]): void {
  for (const item of items(at)) {
    if (!isRecord(item.value)) {
      out.push({ ...finding(spanOf(item, at?.node ?? null), emptyMessage), code: ids.configStructure.id });
      continue;
    }
    const known = configKeys['relabel.Config'];
    for (const { name, at: entry } of entriesOf(item)) {
      if (known.includes(name)) continue;
      const suggestion = closestName(name, known, false);
      const span = keySpan(entry, item.node);
      out.push({ ...finding(span, suggestion ? t('field {0} not found in type {1}; did you mean {2}?', name, 'relabel.plain', suggestion) : t('field {0} not found in type {1}', name, 'relabel.plain')), code: ids.configStructure.id, ...suggestionData(span, name, suggestion) });
    }
    const value = item.value;
    const actionAt = field(item, 'action');
    const action = typeof value.action === 'string' ? value.action.toLowerCase() : 'replace';
    const anchor = keySpan(actionAt, item.node);
    if (actionAt && value.action !== null && !relabelActions.includes(action)) {
      const suggestion = closestName(String(value.action), relabelActions);
      const span = spanOf(actionAt, null);
      out.push({ ...finding(span, suggestion ? t('unknown relabel action "{0}"; did you mean {1}?', String(value.action), suggestion) : t('unknown relabel action "{0}"', String(value.action))), ...suggestionData(span, String(value.action), suggestion) });
      continue;
    }
    const regexAt = field(item, 'regex');
    if (regexAt && typeof regexAt.value === 'string') {
      const problem = re2Problem(regexAt.value);
      if (problem) out.push(finding(spanOf(regexAt, null), problem));
    }
    for (const label of items(field(item, 'source_labels'))) {
      if (typeof label.value === 'string' && label.value !== '' && !legacyLabelName.test(label.value)) out.push({ ...finding(spanOf(label, null), t('"{0}" is not a valid label name', label.value)), severity: 'warning' });
    }
    const target = typeof value.target_label === 'string' ? value.target_label : '';
    const replacement = value.replacement === undefined ? '$1' : String(value.replacement);
    const separator = value.separator === undefined ? ';' : String(value.separator);
    const regex = value.regex === undefined ? '(.*)' : String(value.regex);
    const modulus = typeof value.modulus === 'number' ? value.modulus : 0;
    if (action === 'hashmod' && modulus === 0) out.push(finding(anchor, t('relabel configuration for hashmod requires non-zero modulus')));
    if (['replace', 'hashmod', 'lowercase', 'uppercase', 'keepequal', 'dropequal'].includes(action) && target === '') {
      out.push(finding(anchor, t('relabel configuration for {0} action requires \'target_label\' value', action)));
    } else if (['replace', 'lowercase', 'uppercase', 'keepequal', 'dropequal', 'hashmod'].includes(action) && target !== '' && !(action === 'replace' ? relabelTarget.test(target) : legacyLabelName.test(target))) {
      out.push(finding(spanOf(field(item, 'target_label'), null), t('"{0}" is invalid \'target_label\' for {1} action', target, action)));
    }
    if (['lowercase', 'uppercase', 'keepequal', 'dropequal'].includes(action) && replacement !== '$1' && !['keepequal', 'dropequal'].includes(action)) {
      out.push(finding(spanOf(field(item, 'replacement'), null), t('\'replacement\' can not be set for {0} action', action)));
    }
    if (action === 'labelmap' && !relabelTarget.test(replacement)) out.push(finding(spanOf(field(item, 'replacement'), null), t('"{0}" is invalid \'replacement\' for {1} action', replacement, action)));
    if ((action === 'keepequal' || action === 'dropequal') && (regex !== '(.*)' || modulus !== 0 || separator !== ';' || replacement !== '$1')) {
      out.push(finding(anchor, t('{0} action requires only \'source_labels\' and `target_label`, and no other fields', action)));
    }
    if ((action === 'labeldrop' || action === 'labelkeep') && (value.source_labels !== undefined || target !== '' || modulus !== 0 || separator !== ';' || replacement !== '$1')) {
      out.push(finding(anchor, t('{0} action requires only \'regex\', and no other fields', action)));
    }
  }
}
