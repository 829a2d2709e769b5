/**
 * ansible.cfg, read as Python's configparser reads it (sections, `key = value` or `key: value`,
 * `#`/`;` comments, indented continuation lines): a key one or two letters from one ansible-core
 * reads in its section is a misspelling; other unknown keys may be a collection plugin's own.
 */
import { closestName } from '../../common/suggest';
import { t } from '../../l10n/t';
import { iniLines } from '../model/inventory';
import type { AnsibleCoreData } from '../model/modules';
import { rules } from './rules';
import type { AnsibleFinding } from './structure';

export function configFindings(text: string, core: AnsibleCoreData): AnsibleFinding[] {
  const findings: AnsibleFinding[] = [];
  let section: string | undefined;
  for (const { start, line, content } of iniLines(text)) {
    // A continuation of the previous value.
    if (/^\s/.test(line) && section !== undefined) continue;
    const header = /^\[([^\]]+)\]/.exec(content);
    if (header) {
      section = header[1].trim();
      continue;
    }
    const pair = /^(\s*[^=:\s]+(?:\s+[^=:\s]+)*)\s*[=:]/.exec(line);
    if (!pair) {
      findings.push({ start, end: start + line.length, code: rules.config.id, message: t('ansible.cfg: a line that is not [section], key = value nor a comment: {0}', content) });
      continue;
    }
    const key = pair[1].trim();
    const known = section !== undefined ? core.config[section] : undefined;
    if (!known || known.includes(key)) continue;
    const suggestion = closestName(key, [...known], false);
    if (suggestion && suggestion !== key) findings.push({ start, end: start + pair[1].length, code: rules.config.id, message: t('ansible.cfg: [{0}] has no key {1}; did you mean {2}?', section!, key, suggestion), data: { replacement: suggestion, title: t('Use {0}', suggestion) } });
  }
  return findings;
}
