import type { SourceNode } from '../yaml/sourceNode';
import { closestName } from '../common/suggest';
import { pairOf } from '../yaml/tree';
import { dottedKeys } from './paramsFile';
import { findMatches, interpolate, InterpolationError, isInterpolated, isRecord, MissingVariable, toStr, unclosedAt, type Variables } from './interpolate';
import { t } from '../l10n/t';
import type { Span, Stage } from './model';
import type { FileCache, Report } from './variables';

/** What expanding the stages of one pipeline file shares. */
export interface ExpandContext {
  report: Report;
  spanOf: (node: SourceNode | null | undefined, fallback?: Span) => Span;
  files: FileCache;
  stages: Stage[];
  text: string;
  budgetReported: boolean;
  /** A stage's variables with its own `vars`, per template and wdir: a generated stage's vars cannot depend on its item (vars are not interpolated). */
  stageVariables: WeakMap<object, Map<string, Variables>>;
}

/** What resolveValue returns when the value could not be interpolated (the problem is reported). */
export const unresolved = Symbol('unresolved');

/**
 * A value with every string interpolated (mapping keys too, as DVC's `recurse` does). A string
 * that cannot be is left as written (the problem reported at its `${…}`), except at the top, where
 * `unresolved` is returned. A name missing while some variables file could not be read here is no
 * problem: the file may define it.
 */
export function resolveValue(context: ExpandContext, value: unknown, src: SourceNode | null | undefined, variables: Variables, key: string, top = true): unknown {
  if (typeof value === 'string') {
    if (!value.includes('${')) return value;
    // Said once per value, however many there are (20,000 unclosed `${` are one warning).
    const unclosed = unclosedAt(value);
    if (unclosed >= 0) context.report({ code: 'pipeline-interpolation', severity: 'warning', message: t('\'{0}\' is not closed: DVC keeps it as written. Add the closing \'}\', or write \'\\${\' for a literal \'${\'.', value.slice(unclosed, unclosed + 40)), span: context.spanOf(src) });
    try {
      return interpolate(value, variables, key);
    } catch (error) {
      if (!(error instanceof InterpolationError)) throw error;
      if (!(error instanceof MissingVariable && variables.incomplete)) {
        const suggestion = error instanceof MissingVariable ? closestName(error.path, variableNames(variables), false) : undefined;
        context.report({ code: 'pipeline-interpolation', message: error.message, span: matchSpan(context, src, value, error), ...(suggestion ? { suggestion: `\${${suggestion}}` } : {}) });
      }
      return top ? unresolved : value;
    }
  }
  if (Array.isArray(value)) {
    const items = src?.kind === 'seq' ? (src.items ?? []) : [];
    return value.map((item, index) => resolveValue(context, item, items[index], variables, key, false));
  }
  if (isRecord(value)) {
    const resolved: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(value)) {
      const pair = pairOf(src, k);
      let name = k;
      if (isInterpolated(k)) {
        const r = resolveValue(context, k, pair?.keyNode, variables, key, false);
        name = typeof r === 'string' ? r : toStr(r);
      }
      resolved[name] = resolveValue(context, v, pair?.value, variables, key, false);
    }
    return resolved;
  }
  return value;
}

/** The span of the `${…}` to blame inside a scalar's source (the whole scalar when the text differs: escapes in quotes). */
function matchSpan(context: ExpandContext, src: SourceNode | null | undefined, template: string, error: InterpolationError): Span {
  const whole = context.spanOf(src);
  const match = error.match ?? findMatches(template)[0];
  if (!src || !match) return whole;
  const raw = context.text.slice(whole.start, whole.end);
  const at = raw.indexOf(template.slice(match.start, match.end));
  return at < 0 ? whole : { start: whole.start + at, end: whole.start + at + (match.end - match.start) };
}

/** Every name `${…}` may use here: `item`, `key` and their dotted keys, then the variables' (bounded). */
export function variableNames(variables: Variables): string[] {
  const names: string[] = [];
  for (const [name, value] of Object.entries(variables.locals)) {
    names.push(name);
    if (isRecord(value)) names.push(...dottedKeys(value, 500).map((k) => `${name}.${k}`));
  }
  let shared = sharedNames.get(variables.values);
  if (!shared) sharedNames.set(variables.values, (shared = dottedKeys(variables.values)));
  return [...names, ...shared];
}

/** The variables' names, once per set of variables: every generated stage of a group shares them. */
const sharedNames = new WeakMap<object, string[]>();
