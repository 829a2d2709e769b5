/**
 * `archipel privacy init`'s manifest (issue #65): a Fides dataset describing one data file — its
 * collection (the file) and fields (the columns) with the categories the scan found — for a person
 * to review, complete (retention, a `synthetic` tag for made-up data) and commit.
 */
import { t } from '../l10n/t';
import type { ScannedFile } from './scan';

/** A YAML scalar: plain when it is safe so, else double-quoted (JSON's escaping is YAML's). */
function scalar(text: string): string {
  return /^[A-Za-z_][A-Za-z0-9_. -]*$/.test(text) && !/^(true|false|null|yes|no|on|off|~)$/i.test(text) && !/\s$/.test(text) ? text : JSON.stringify(text);
}

/** A fides_key from a file name: the characters fideslang allows (`^[a-zA-Z0-9_.<>-]+$`), others as `_`. */
export const fidesKeyOf = (name: string): string => name.replace(/\.[^.]+$/, '').replace(/[^a-zA-Z0-9_.<>-]/g, '_') || 'dataset';

export function fidesDatasetYaml(fileName: string, scan: ScannedFile): string {
  const key = fidesKeyOf(fileName);
  const personal = scan.fields.filter((f) => f.categories.length > 0).length;
  const lines = [
    `# ${t('Written by `archipel privacy init` from a sample of {0} ({1} rows): {2} of {3} fields hold personal data.', fileName, scan.rows, personal, scan.fields.length)}`,
    `# ${t('Review the categories, declare a retention, and tag made-up data `synthetic`.')}`,
    'dataset:',
    `  - fides_key: ${scalar(key)}`,
    `    name: ${scalar(key)}`,
    '    meta:',
    `      path: ${scalar(fileName)}`,
    '    collections:',
    `      - name: ${scalar(key)}`,
    '        fields:',
  ];
  for (const field of scan.fields) {
    lines.push(`          - name: ${scalar(field.name)}`);
    if (field.categories.length > 0) lines.push(`            data_categories: [${field.categories.map(scalar).join(', ')}]`);
  }
  if (scan.fields.length === 0) lines[lines.length - 1] = '        fields: []';
  return `${lines.join('\n')}\n`;
}
