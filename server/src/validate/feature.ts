/**
 * Expectation suites in the editor (issue #29): GX suites (JSON 0.x/1.x, `*.expectations.yaml`)
 * checked as you type against the catalogue of expectations Archipel runs — the type (with "did
 * you mean" and its quick fix), required, unknown and unsupported kwargs, kwarg types, `mostly` in
 * [0, 1], min ≤ max — and, when the suite is bound to a data file, its column names against that
 * file's header. Completion of types, kwargs and columns; hover gives each expectation's sentence.
 *
 * Binding (the first that applies): the suite's `data:` key (YAML form; relative to the suite), or
 * a dvc.yaml stage whose command runs `archipel validate DATA --suite SUITE` on this suite (DATA
 * relative to the dvc.yaml's folder). The header is read through the injected `header` (the first
 * line of a CSV file), never by the feature itself.
 */
import path from 'node:path';
import { CompletionItemKind, MarkupKind, type CompletionItem, type Hover } from 'vscode-languageserver-types';
import { fsPathOf } from '../common/containment';
import type { Finding } from '../common/findings';
import { replacementFixes } from '../common/fixes';
import { closestName } from '../common/suggest';
import type { Feature, FeatureContext, PlacedFinding } from '../features/feature';
import { t } from '../l10n/t';
import { defineRule } from '../rules/registry';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import { cursorContext } from '../yaml/cursor';
import { parseYamlFile } from '../yaml/model';
import { EXPECTATIONS, KNOWN_UNSUPPORTED, RESULT_FORMATS, UNSUPPORTED_KWARGS, expectationSpec, hasRange, kwargsOf, vacuousNull, type KwargSpec } from './catalogue';
import { isSuiteFile, readSuite, type Suite, type SuiteExpectation } from './suite';
import { isParameter } from './parameters';

export const suiteStructureRule = defineRule({ id: 'suite-structure', defaultSeverity: 'error', description: 'An expectation suite\'s structure is wrong: expectations is not a list, an item has no type, kwargs is not a mapping.' });
export const suiteTypeRule = defineRule({ id: 'suite-expectation-type', defaultSeverity: 'error', description: 'An expectation type Archipel does not know or run (a misspelling is offered its correction).' });
export const suiteKwargsRule = defineRule({ id: 'suite-kwargs', defaultSeverity: 'error', description: 'An expectation\'s keyword arguments are wrong: a required one missing, an unknown or unsupported one, a value of the wrong type, mostly outside [0, 1], min_value above max_value.' });
export const suiteColumnRule = defineRule({ id: 'suite-column', defaultSeverity: 'error', description: 'A column an expectation names is not in the header of the data file the suite is bound to.' });

export interface ValidateDependencies {
  /** The column names of a data file (absolute path): a CSV's header line; undefined when it cannot be read. */
  header(file: string, roots?: readonly string[]): readonly string[] | undefined;
}

const SUITE_MODEL = Symbol('suite');

function suiteOf(file: IndexedFile): Suite | undefined {
  return file.model(SUITE_MODEL, (f) => (isSuiteFile(f.uri) ? readSuite(f.text) : undefined));
}

/** The data file a suite is bound to (absolute path), by its `data:` key or a dvc.yaml stage that validates it. */
export function boundData(file: IndexedFile, suite: Suite, index: WorkspaceIndex): string | undefined {
  const suitePath = fsPathOf(file.uri);
  if (!suitePath) return undefined;
  if (suite.data) return path.resolve(path.dirname(suitePath), suite.data.path);
  for (const other of index.files()) {
    if (!/(^|\/)dvc\.ya?ml$/.test(other.uri)) continue;
    const otherPath = fsPathOf(other.uri);
    if (!otherPath) continue;
    const folder = path.dirname(otherPath);
    const value = other.yaml?.chunks[0]?.chunk.value as { stages?: Record<string, { cmd?: unknown }> } | undefined;
    for (const stage of Object.values(value?.stages ?? {})) {
      const commands = Array.isArray(stage?.cmd) ? stage.cmd : [stage?.cmd];
      for (const cmd of commands) {
        if (typeof cmd !== 'string' || !/\bvalidate\b/.test(cmd)) continue;
        const words = cmd.split(/\s+/);
        const at = words.indexOf('validate');
        const suiteArg = words[words.indexOf('--suite') + 1];
        if (words.indexOf('--suite') < 0 || !suiteArg || path.resolve(folder, suiteArg) !== suitePath) continue;
        const data = words.slice(at + 1).find((w, i, rest) => !w.startsWith('-') && rest[i - 1] !== '--suite' && rest[i - 1] !== '--result-format' && rest[i - 1] !== '--format' && /\.(csv|parquet)$/i.test(w));
        if (data) return path.resolve(folder, data);
      }
    }
  }
  return undefined;
}

const isInt = (v: unknown) => typeof v === 'number' && Number.isInteger(v);
const isStrings = (v: unknown) => Array.isArray(v) && v.every((x) => typeof x === 'string');

/** Whether a kwarg's value has the type the catalogue says (null stands for GX's None: an absent optional kwarg). */
/** The expectations whose both bounds left out GX refuses (a ValueError); elsewhere they are vacuously true. */
const BOUNDS_REQUIRED = new Set(['expect_column_values_to_be_between', 'expect_column_value_lengths_to_be_between']);

function typeOk(spec: KwargSpec, value: unknown): boolean {
  // A suite parameter takes its value at run time (validate/parameters.ts).
  if (isParameter(value)) return typeof value.$PARAMETER === 'string';
  if (value === null) return !spec.required;
  switch (spec.type) {
    case 'column': case 'string': return typeof value === 'string';
    case 'columns': case 'strings': return isStrings(value);
    case 'number': return typeof value === 'number';
    case 'integer': return isInt(value);
    case 'boolean': return typeof value === 'boolean';
    case 'list': return Array.isArray(value);
    case 'pairs': return Array.isArray(value) && value.every((p) => Array.isArray(p) && p.length === 2);
    case 'comparable': return typeof value === 'number' || typeof value === 'string';
    case 'quantileRanges': {
      const q = value as { quantiles?: unknown; value_ranges?: unknown };
      return typeof value === 'object' && Array.isArray(q.quantiles) && Array.isArray(q.value_ranges) && q.quantiles.length === q.value_ranges.length;
    }
    case 'resultFormat':
      return (typeof value === 'string' && (RESULT_FORMATS as readonly string[]).includes(value))
        || (typeof value === 'object' && typeof (value as { result_format?: unknown }).result_format === 'string' && (RESULT_FORMATS as readonly string[]).includes((value as { result_format: string }).result_format));
    case 'enum': return typeof value === 'string' && (spec.values ?? []).includes(value);
    case 'any': return true;
  }
}

function expectedType(spec: KwargSpec): string {
  switch (spec.type) {
    case 'column': return t('a column name');
    case 'columns': case 'strings': return t('a list of strings');
    case 'number': return t('a number');
    case 'integer': return t('an integer');
    case 'boolean': return t('true or false');
    case 'string': return t('a string');
    case 'list': return t('a list');
    case 'pairs': return t('a list of [A, B] pairs');
    case 'comparable': return t('a number or a date');
    case 'quantileRanges': return t('{0} with as many value_ranges as quantiles', '{quantiles, value_ranges}');
    case 'resultFormat': return RESULT_FORMATS.join(', ');
    case 'enum': return (spec.values ?? []).join(', ');
    case 'any': return '';
  }
}

function expectationFindings(e: SuiteExpectation, columns: readonly string[] | undefined, data: string | undefined): Finding[] {
  const findings: Finding[] = [];
  const spec = expectationSpec(e.type);
  if (!spec) {
    const known = KNOWN_UNSUPPORTED.includes(e.type);
    const guess = known ? undefined : closestName(e.type, EXPECTATIONS.map((x) => x.type));
    findings.push({
      ...e.typeSpan, code: suiteTypeRule.id,
      message: guess ? t('unknown expectation type {0}: did you mean {1}?', e.type, guess)
        : known ? t('expectation type {0} is not supported by Archipel (see docs/data-quality.md for the supported ones)', e.type)
          : t('unknown expectation type {0}', e.type),
      ...(guess ? { data: { replacement: guess, title: t('Replace with "{0}"', guess) } } : {}),
    });
    return findings;
  }
  const accepted = kwargsOf(spec);
  const at = (name: string) => e.kwargSpans.get(name);
  // A misspelt kwarg is one mistake: reported once, as unknown with its correction, not also as the missing one.
  const guessed = new Set([...e.kwargSpans.keys()].filter((n) => !accepted.some((k) => k.name === n)).map((n) => closestName(n, accepted.map((k) => k.name))).filter((g): g is string => g !== undefined));
  for (const k of spec.kwargs) {
    if (!k.required || guessed.has(k.name) || vacuousNull(e.type, k.name, e.kwargs[k.name])) continue;
    const where = at(k.name);
    if (where && (where.value === null || (where.value === '' && k.type === 'column'))) {
      // The key is there with no value (`column:`): say so on it.
      findings.push({ ...where.key, code: suiteKwargsRule.id, message: t('{0} is empty: it needs {1}', k.name, expectedType(k)) });
    } else if (e.kwargs[k.name] === undefined || e.kwargs[k.name] === null) {
      findings.push({ ...(e.kwargsSpan ?? e.typeSpan), code: suiteKwargsRule.id, message: t('{0} needs the keyword argument {1}', e.type, k.name) });
    }
  }
  for (const [name, where] of e.kwargSpans) {
    const kwarg = accepted.find((k) => k.name === name);
    if (!kwarg) {
      if (UNSUPPORTED_KWARGS.includes(name)) {
        // Valid for GX, not run by Archipel (its result is an exception, never a pass): a warning, not an error in a suite GX accepts.
        findings.push({ ...where.key, code: suiteKwargsRule.id, severity: 'warning', message: t('{0} is not supported by Archipel: this expectation would not be run as written', name) });
        continue;
      }
      const guess = closestName(name, accepted.map((k) => k.name));
      findings.push({
        ...where.key, code: suiteKwargsRule.id,
        message: guess ? t('unknown keyword argument {0} of {1}: did you mean {2}?', name, e.type, guess) : t('unknown keyword argument {0} of {1} (accepted: {2})', name, e.type, accepted.map((k) => k.name).join(', ')),
        ...(guess ? { data: { replacement: guess } } : {}),
      });
      continue;
    }
    if (kwarg.required && (where.value === null || (where.value === '' && kwarg.type === 'column'))) continue;
    if (!typeOk(kwarg, where.value)) {
      findings.push({ ...where.span, code: suiteKwargsRule.id, message: t('{0} must be {1}', name, expectedType(kwarg)) });
      continue;
    }
    if (name === 'mostly' && typeof where.value === 'number' && !(where.value >= 0 && where.value <= 1)) {
      findings.push({ ...where.span, code: suiteKwargsRule.id, message: t('mostly must be between 0 and 1 (the share of values that must meet the expectation)') });
    }
  }
  if (hasRange(spec)) {
    const min = e.kwargs.min_value ?? null, max = e.kwargs.max_value ?? null;
    // GX refuses both bounds left out only for the map checks; its aggregates and table counts read them as vacuously true.
    if (min === null && max === null && BOUNDS_REQUIRED.has(spec.type)) {
      findings.push({ ...(e.kwargsSpan ?? e.typeSpan), code: suiteKwargsRule.id, message: t('give min_value, max_value or both (GX refuses both left out)') });
    } else if (min !== null && max !== null && !isParameter(min) && !isParameter(max) && typeof min === typeof max && (min as number | string) > (max as number | string)) {
      // GX runs it (and fails): a warning.
      findings.push({ ...(at('min_value')?.span ?? e.typeSpan), code: suiteKwargsRule.id, severity: 'warning', message: t('min_value {0} is above max_value {1}: no value can meet this expectation', String(min), String(max)), related: at('max_value') ? [{ ...at('max_value')!.span, message: t('max_value') }] : undefined });
    }
  }
  if (columns && data) {
    const names: { name: string; span: { start: number; end: number } }[] = [];
    for (const key of ['column', 'column_A', 'column_B']) {
      const where = at(key);
      if (where && typeof where.value === 'string' && e.type !== 'expect_column_to_exist') names.push({ name: where.value, span: where.span });
    }
    const list = at('column_list');
    if (list && isStrings(list.value) && spec.kind === 'multicolumn') (list.value).forEach((name) => names.push({ name, span: list.span }));
    for (const { name, span } of names) {
      if (columns.includes(name)) continue;
      const guess = closestName(name, columns);
      findings.push({
        ...span, code: suiteColumnRule.id,
        message: guess ? t('column {0} is not in {1}: did you mean {2}?', name, path.basename(data), guess) : t('column {0} is not in {1} (columns: {2})', name, path.basename(data), columns.join(', ')),
        ...(guess && span === at('column')?.span ? { data: { replacement: guess } } : {}),
      });
    }
  }
  return findings;
}

function findingsOf(file: IndexedFile, context: FeatureContext, deps: ValidateDependencies | undefined): Finding[] {
  const suite = suiteOf(file);
  if (!suite) return [];
  const findings: Finding[] = suite.problems.map((p) => ({ ...p.span, message: p.message, code: suiteStructureRule.id }));
  const data = deps ? boundData(file, suite, context.index) : undefined;
  const columns = data ? deps?.header(data, context.roots) : undefined;
  for (const e of suite.expectations) {
    if (context.isCancelled()) break;
    findings.push(...expectationFindings(e, columns, data));
  }
  return findings;
}

/** The expectation item of a path inside `expectations`. */
function expectationAt(suite: Suite | undefined, p: readonly (string | number)[]): SuiteExpectation | undefined {
  return p[0] === 'expectations' && typeof p[1] === 'number' ? suite?.expectations.find((e) => e.index === p[1]) : undefined;
}

function completion(file: IndexedFile, offset: number, context: FeatureContext, deps: ValidateDependencies | undefined): CompletionItem[] {
  const yaml = file.yaml ?? parseYamlFile(file.text, undefined, true);
  const at = cursorContext(yaml, offset);
  if (!at) return [];
  const range = file.lines.range(at.token.start, at.token.end);
  const p = at.path;
  const suite = readSuite(file.text) ?? suiteOf(file);
  const last = p[p.length - 1];
  if (at.kind === 'value' && p.length === 3 && p[0] === 'expectations' && (last === 'expectation_type' || last === 'type')) {
    return EXPECTATIONS.map((e) => ({ label: e.type, kind: CompletionItemKind.Function, detail: e.kind, documentation: e.doc, textEdit: { range, newText: e.type } }));
  }
  const e = expectationAt(suite, p);
  const spec = e && expectationSpec(e.type);
  if (at.kind === 'key' && p.length === 3 && p[2] === 'kwargs' && spec) {
    return kwargsOf(spec).filter((k) => !e.kwargSpans.has(k.name)).map((k, i) => ({
      label: k.name, kind: CompletionItemKind.Property, detail: k.required ? t('required') : expectedType(k), sortText: `${k.required ? 0 : 1}${String(i).padStart(2, '0')}`,
      textEdit: { range, newText: `${k.name}: ` },
    }));
  }
  const isColumnValue = at.kind === 'value' && p.length === 4 && p[2] === 'kwargs' && ['column', 'column_A', 'column_B'].includes(String(last));
  const isColumnItem = p.length >= 4 && p[2] === 'kwargs' && ['column_list', 'column_set'].includes(String(p[3]));
  if ((isColumnValue || isColumnItem) && deps && suite) {
    const data = boundData(file, suite, context.index);
    const columns = data ? deps.header(data, context.roots) : undefined;
    return (columns ?? []).map((c) => ({ label: c, kind: CompletionItemKind.Field, detail: data ? path.basename(data) : undefined, textEdit: { range, newText: c } }));
  }
  if (at.kind === 'value' && p.length === 4 && p[2] === 'kwargs' && spec) {
    const kwarg = kwargsOf(spec).find((k) => k.name === last);
    const values = kwarg?.type === 'enum' ? kwarg.values ?? [] : kwarg?.type === 'boolean' ? ['true', 'false'] : kwarg?.type === 'resultFormat' ? RESULT_FORMATS : [];
    return values.map((v) => ({ label: v, kind: CompletionItemKind.EnumMember, textEdit: { range, newText: v } }));
  }
  return [];
}

function hover(file: IndexedFile, offset: number): Hover | undefined {
  const suite = suiteOf(file);
  for (const e of suite?.expectations ?? []) {
    if (offset >= e.typeSpan.start && offset <= e.typeSpan.end) {
      const spec = expectationSpec(e.type);
      if (!spec) return undefined;
      const kwargs = spec.kwargs.map((k) => (k.required ? `\`${k.name}\`` : `\`${k.name}\`?`)).join(', ');
      return { contents: { kind: MarkupKind.Markdown, value: `**${spec.type}** — ${t(spec.doc)}\n\n${t('Keyword arguments: {0}', kwargs)}` }, range: file.lines.range(e.typeSpan.start, e.typeSpan.end) };
    }
    for (const [name, where] of e.kwargSpans) {
      if (offset >= where.key.start && offset <= where.key.end && name === 'mostly') {
        return { contents: { kind: MarkupKind.Markdown, value: t('`mostly`: the share (0 to 1) of the non-null values that must meet the expectation for it to succeed.') } };
      }
    }
  }
  return undefined;
}

const RULES = new Set([suiteTypeRule.id, suiteKwargsRule.id, suiteColumnRule.id]);

/** Expectation suites: findings, quick fixes, completion and hover. */
export function suiteFeature(deps?: ValidateDependencies): Feature {
  return {
    id: 'expectation-suite',
    findings: (file, context): PlacedFinding[] => (isSuiteFile(file.uri) && !file.skipped ? findingsOf(file, context, deps).map((finding) => ({ offset: 0, finding })) : []),
    codeActions: (file, _range, diagnostics) => (isSuiteFile(file.uri) ? replacementFixes(file.uri, diagnostics, RULES) : []),
    completion: (file, offset, context) => (isSuiteFile(file.uri) ? completion(file, offset, context, deps) : []),
    hover: (file, offset) => (isSuiteFile(file.uri) ? hover(file, offset) : undefined),
  };
}
