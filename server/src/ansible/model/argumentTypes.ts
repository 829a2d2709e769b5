/**
 * Whether Ansible converts a written value to an option's type, as ansible-core's
 * `module_utils/common/validation.py` (`check_type_*`, `boolean`) does before a module runs — in
 * 2.14 or in 2.19, a value either converts being accepted (the data unites both versions):
 *
 * - bool: a boolean, one of the strings y/yes/on/1/true/t, n/no/off/0/false/f (any case, spaces
 *   trimmed), or the numbers 0 and 1;
 * - int: an integer (a boolean too: Python's bool is an int), a string Python's `int()` reads
 *   (`"8080"`, `" 42 "`, `"1_000"`), or — 2.19 — a number or decimal string without a fractional part
 *   (`3.0`, `"1e3"`);
 * - float: a number or a string Python's `float()` reads (`"1.5"`, `"inf"`);
 * - list: anything but a mapping (a string is split on commas, a number is a one-item list);
 * - dict: a mapping, or a string that is JSON or Python (`{…}`) or `k=v` pairs;
 * - jsonarg, json: a string, a list or a mapping;
 * - str, path, raw and the others: anything (2.14 and 2.19 convert any value to a string).
 *
 * A template, a null and a tagged value (`!vault`, `!unsafe`) are never judged: Ansible sees them
 * only once rendered or decrypted.
 */
import { t } from '../../l10n/t';
import { hasJinja } from '../syntax/jinja';
import { isRecord } from './model';

const BOOLEANS = new Set(['y', 'yes', 'on', '1', 'true', 't', 'n', 'no', 'off', '0', 'false', 'f']);
/** Python's int() literal: a sign, digits with single underscores between them, spaces around. */
const INT_TEXT = /^\s*[+-]?\d(?:_?\d)*\s*$/;
/** Python's Decimal() literal (2.19's int conversion): digits, a point, an exponent. */
const DECIMAL_TEXT = /^\s*[+-]?(?:\d(?:_?\d)*(?:\.(?:\d(?:_?\d)*)?)?|\.\d(?:_?\d)*)(?:[eE][+-]?\d(?:_?\d)*)?\s*$/;
/** Python's float() literal: a decimal, or inf, infinity, nan. */
const FLOAT_TEXT = /^\s*[+-]?(?:inf|infinity|nan)\s*$/i;

const STRICT = new Set(['bool', 'boolean', 'int', 'integer', 'float', 'list', 'dict', 'jsonarg', 'json']);

/** Whether a type refuses some values (str, path, raw and the others take any). */
export function strictType(type: string | undefined): boolean {
  return type !== undefined && STRICT.has(type);
}

/** The Python type name of a YAML value, as Ansible's messages say it. */
export function pythonType(value: unknown): string {
  if (typeof value === 'string') return 'str';
  if (typeof value === 'boolean') return 'bool';
  if (typeof value === 'number') return Number.isInteger(value) ? 'int' : 'float';
  if (Array.isArray(value)) return 'list';
  return isRecord(value) ? 'dict' : 'NoneType';
}

/** Why `value` cannot be converted to `type`, or undefined when Ansible converts it (or cannot be judged). */
export function typeProblem(value: unknown, type: string): string | undefined {
  if (value === null || value === undefined || (typeof value === 'string' && hasJinja(value))) return undefined;
  switch (type) {
    case 'bool':
    case 'boolean':
      if (typeof value === 'boolean' || (typeof value === 'number' && (value === 0 || value === 1))) return undefined;
      if (typeof value === 'string' && BOOLEANS.has(value.trim().toLowerCase())) return undefined;
      return typeof value === 'string' || typeof value === 'number'
        ? t('The value \'{0}\' is not a valid boolean. Valid booleans include: {1}', String(value), [...BOOLEANS].join(', '))
        : t('{0} cannot be converted to a bool', pythonType(value));
    case 'int':
    case 'integer':
      if (typeof value === 'boolean' || (typeof value === 'number' && Number.isInteger(value))) return undefined;
      if (typeof value === 'string' && (INT_TEXT.test(value) || (DECIMAL_TEXT.test(value) && Number.isInteger(Number(value.replace(/_/g, '')))))) return undefined;
      return t('{0} cannot be converted to an int', typeof value === 'string' ? `'${value}'` : pythonType(value));
    case 'float':
      if (typeof value === 'number' || typeof value === 'boolean') return undefined;
      if (typeof value === 'string' && (DECIMAL_TEXT.test(value) || FLOAT_TEXT.test(value))) return undefined;
      return t('{0} cannot be converted to a float', typeof value === 'string' ? `'${value}'` : pythonType(value));
    case 'list':
      return isRecord(value) ? t('{0} cannot be converted to a list', pythonType(value)) : undefined;
    case 'dict':
      if (isRecord(value)) return undefined;
      if (typeof value === 'string') return value.trimStart().startsWith('{') || value.includes('=') ? undefined : t('dictionary requested, could not parse JSON or key=value');
      return t('{0} cannot be converted to a dict', pythonType(value));
    case 'jsonarg':
    case 'json':
      return typeof value === 'string' || Array.isArray(value) || isRecord(value) ? undefined : t('{0} cannot be converted to a json string', pythonType(value));
    default:
      return undefined;
  }
}

/** The items a list option holds once Ansible has converted it (a string split on commas, a scalar as one item). */
export function listItems(value: unknown): readonly unknown[] {
  if (Array.isArray(value)) return value;
  if (typeof value === 'string') return hasJinja(value) ? [] : value.split(',');
  return value === null || value === undefined || isRecord(value) ? [] : [String(value)];
}
