import { builtinFunctions, canonicalContext, fixedProperties, giteaAliases, knownContexts, restrictedFunctions } from '../model/contexts';
import { t } from '../../l10n/t';
import { report, type CheckContext } from '../model/data';
import type { Expr } from '../syntax/expression';
import { references, walkExpression } from '../syntax/expressionTree';
import { constantConditionRule, contextAvailabilityRule, expressionSyntaxRule, limitRule, unknownContextRule, unknownFunctionRule } from './rules';
import { spanOf } from '../syntax/scalar';
import { suggest } from './suggest';
import { describePath, type ExpressionSite } from './structure';

/** Chunk offsets of [start, end) within the expression text of a site. */
export function siteSpan(site: ExpressionSite, start: number, end: number): [number, number] {
  return spanOf(site.text, site.innerStart + start, site.innerStart + end);
}

function keyOf(site: ExpressionSite): string {
  return describePath(site.path);
}

/** GitHub's truthiness and loose equality, for constant conditions. */
type Value = string | number | boolean | null;
function truthy(value: Value): boolean {
  if (typeof value === 'number') return value !== 0 && !Number.isNaN(value);
  return value !== null && value !== false && value !== '';
}
function toNumber(value: Value): number {
  if (value === null) return 0;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return value;
  return value.trim() === '' ? 0 : Number(value);
}
function equal(a: Value, b: Value): boolean {
  if (typeof a === 'string' && typeof b === 'string') return a.toLowerCase() === b.toLowerCase();
  if (typeof a === typeof b) return a === b;
  return toNumber(a) === toNumber(b);
}

/** The value of an expression without context or function: undefined when it depends on the run. */
function constantValue(expr: Expr): Value | undefined {
  switch (expr.kind) {
    case 'literal':
      return expr.value;
    case 'group':
      return constantValue(expr.expr);
    case 'not': {
      const v = constantValue(expr.operand);
      return v === undefined ? undefined : !truthy(v);
    }
    case 'logical': {
      let last: Value | undefined;
      for (const arg of expr.args) {
        last = constantValue(arg);
        if (last === undefined) return undefined;
        if (expr.op === '&&' ? !truthy(last) : truthy(last)) return last;
      }
      return last;
    }
    case 'binary': {
      const l = constantValue(expr.left);
      const r = constantValue(expr.right);
      if (l === undefined || r === undefined) return undefined;
      switch (expr.op) {
        case '==':
          return equal(l, r);
        case '!=':
          return !equal(l, r);
        case '<':
          return toNumber(l) < toNumber(r);
        case '<=':
          return toNumber(l) <= toNumber(r);
        case '>':
          return toNumber(l) > toNumber(r);
        case '>=':
          return toNumber(l) >= toNumber(r);
      }
      return undefined;
    }
    default:
      return undefined;
  }
}

/**
 * Syntax, contexts, functions and constant conditions of every expression of the file, each
 * reported on the exact characters of the source.
 */
export function checkExpressions(check: CheckContext): void {
  const contexts = knownContexts(check.model.flavor);
  for (const site of check.model.structure.expressions) {
    if (!site.closed) {
      const [start] = spanOf(site.text, site.start, site.start + 3);
      report(check, expressionSyntaxRule.id, start, start + 3, t('The expression is not closed: add "}}" after it.'));
      continue;
    }
    const { expr, error } = site.parsed;
    if (error) {
      const [start, end] = siteSpan(site, error.start, Math.max(error.end, error.start + 1));
      if (error.limit) report(check, limitRule.id, start, Math.min(end, site.text.offsets[site.end] ?? end), error.message);
      else report(check, expressionSyntaxRule.id, start, Math.min(end, site.text.offsets[site.end] ?? end), t('Invalid expression: {0}', error.message));
      continue;
    }
    if (!expr) continue;
    checkFunctions(check, site, expr);
    checkContexts(check, site, expr, contexts);
    if (site.condition) checkCondition(check, site, expr);
  }
  const reported = new Set<unknown>();
  for (const site of check.model.structure.expressions) {
    if (site.condition && site.mixed && site.closed && !reported.has(site.text)) {
      reported.add(site.text);
      const [start, end] = spanOf(site.text, 0, site.text.value.length);
      report(
        check,
        constantConditionRule.id,
        start,
        end,
        t('This condition is always true: the text outside ${{ }} makes it a non-empty string. Write the whole condition inside one ${{ }}, or leave the braces out.'),
      );
    }
  }
}

function checkFunctions(check: CheckContext, site: ExpressionSite, expr: Expr): void {
  for (const node of walkExpression(expr)) {
    if (node.kind !== 'call') continue;
    const name = node.name.toLowerCase();
    const [start, end] = siteSpan(site, node.start, node.nameEnd);
    const builtin = builtinFunctions.get(name);
    const allowed = site.allowed.functions.get(name);
    const limits = builtin ?? allowed;
    if (!limits) {
      const restricted = restrictedFunctions.get(name);
      if (restricted) {
        report(check, contextAvailabilityRule.id, start, end, t('{0} is not available in {1}: it can be used in {2}.', restricted.signature, keyOf(site), restricted.where));
      } else {
        const candidates = [...[...builtinFunctions.values()].map((f) => f.name), ...[...site.allowed.functions.values()].map((f) => f.name)];
        const near = suggest(node.name, candidates);
        report(check, unknownFunctionRule.id, start, end, t('Unknown function "{0}".{1}', node.name, near.hint || t(' Functions: {0}.', candidates.join(', '))), near.data);
      }
      continue;
    }
    const count = node.args.length;
    if (count < limits.min || count > limits.max) {
      const display = builtin?.name ?? ('name' in limits ? limits.name : node.name);
      const message =
        limits.min === limits.max
          ? limits.min === 1
            ? t('{0}() takes 1 argument, not {1}.', display, count)
            : t('{0}() takes {1} arguments, not {2}.', display, limits.min, count)
          : limits.max >= Number.MAX_SAFE_INTEGER
            ? t('{0}() takes at least {1} arguments, not {2}.', display, limits.min, count)
            : t('{0}() takes {1} to {2} arguments, not {3}.', display, limits.min, limits.max, count);
      report(check, unknownFunctionRule.id, start, end, message);
      continue;
    }
    checkLiteralArguments(check, site, node);
  }
}

/** The placeholders `{N}` of a format string (`{{` and `}}` are literal braces). */
function placeholders(format: string): Set<number> {
  const found = new Set<number>();
  for (const match of format.replace(/\{\{|\}\}/g, '').matchAll(/\{(\d+)\}/g)) found.add(Number(match[1]));
  return found;
}

/** format() with a literal format string, fromJSON() with a literal JSON text: what GitHub fails on at run time. */
function checkLiteralArguments(check: CheckContext, site: ExpressionSite, node: Extract<Expr, { kind: 'call' }>): void {
  const first = node.args[0];
  if (first?.kind !== 'literal' || typeof first.value !== 'string') return;
  const [start, end] = siteSpan(site, first.start, first.end);
  const name = node.name.toLowerCase();
  if (name === 'format') {
    const used = placeholders(first.value);
    const given = node.args.length - 1;
    const beyond = [...used].filter((i) => i >= given).sort((a, b) => a - b);
    if (beyond.length > 0) {
      report(check, unknownFunctionRule.id, start, end, t('The format string uses {{0}} but format() is given {1} values after it: the run fails.', beyond[beyond.length - 1], given));
      return;
    }
    const unused = Array.from({ length: given }, (_, i) => i).filter((i) => !used.has(i));
    if (unused.length > 0) report(check, unknownFunctionRule.id, start, end, t('The format string has no {{0}}: the value given for it is never written.', unused[0]));
  } else if (name === 'fromjson') {
    try {
      JSON.parse(first.value);
    } catch (error) {
      report(check, unknownFunctionRule.id, start, end, t('fromJSON() is given text that is not JSON ({0}): the run fails.', (error as Error).message));
    }
  }
}

function checkContexts(check: CheckContext, site: ExpressionSite, expr: Expr, contexts: string[]): void {
  for (const ref of references(expr)) {
    const [head, property] = ref.segments;
    const name = head.name.toLowerCase();
    const [start, end] = siteSpan(site, head.start, head.end);
    if (!contexts.includes(name)) {
      if ((giteaAliases as readonly string[]).includes(name)) {
        report(check, unknownContextRule.id, start, end, t('"{0}" is Gitea\'s and Forgejo\'s name for the github context: GitHub does not know it. Use github, or check this file in Gitea mode (a .gitea/ or .forgejo/ folder, or archipel.workflows.flavor).', head.name));
        continue;
      }
      const near = suggest(head.name, contexts);
      report(check, unknownContextRule.id, start, end, t('Unknown context "{0}".{1}', head.name, near.hint || t(' Contexts: {0}.', contexts.join(', '))), near.data);
      continue;
    }
    const canonical = canonicalContext(name);
    if (!site.allowed.names.includes(canonical)) {
      const available = site.allowed.names.filter((n) => contexts.includes(n));
      report(
        check,
        contextAvailabilityRule.id,
        start,
        end,
        t('The {0} context is not available in {1}. {2}', head.name, keyOf(site), available.length > 0 ? t('Available here: {0}.', available.join(', ')) : t('No context is available here.')),
      );
      continue;
    }
    // github's properties are GitHub's; Gitea and Forgejo add their own.
    if (!property || property.name === '*' || (check.model.flavor === 'gitea' && canonical === 'github')) continue;
    const properties = fixedProperties(check.data.contexts, canonical);
    if (!properties || properties.some((p) => p.toLowerCase() === property.name.toLowerCase())) continue;
    const near = suggest(property.name, properties);
    const [pStart, pEnd] = siteSpan(site, property.start, property.end);
    report(check, unknownContextRule.id, pStart, pEnd, t('The {0} context has no property "{1}".{2}', canonical, property.name, near.hint), near.data);
  }
}

function checkCondition(check: CheckContext, site: ExpressionSite, expr: Expr): void {
  if (site.mixed) return;
  const value = constantValue(expr);
  if (value === undefined) return;
  const [start, end] = siteSpan(site, expr.start, expr.end);
  report(check, constantConditionRule.id, start, end, truthy(value) ? t('This condition is always true: it uses no context or status function.') : t('This condition is always false: it uses no context or status function.'));
}
