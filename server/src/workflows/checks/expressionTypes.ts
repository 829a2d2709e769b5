import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { report, type CheckContext } from '../model/data';
import { parseExpression, type Expr } from '../syntax/expression';
import { referenceOf, walkExpression } from '../syntax/expressionTree';
import { get, pairs, type JobModel } from '../model/model';
import { expressionTypeRule } from './rules';
import type { ExpressionSite } from './structure';
import { siteSpan } from './expressions';
import { t } from '../../l10n/t';

type Kind = 'object' | 'array' | 'string' | 'number' | 'boolean' | 'null' | 'unknown';

/** Contexts that are objects as a whole (`github`, `steps`, …). */
const objectContexts = new Set(['github', 'env', 'vars', 'secrets', 'steps', 'needs', 'jobs', 'matrix', 'inputs', 'job', 'runner', 'strategy']);
/** Properties of `github` and `runner` that are strings (GitHub's context reference). */
const stringProperties: Record<string, Set<string>> = {
  github: new Set(['ref', 'ref_name', 'ref_type', 'sha', 'repository', 'repository_owner', 'actor', 'triggering_actor', 'event_name', 'workflow', 'workflow_ref', 'head_ref', 'base_ref', 'server_url', 'api_url', 'graphql_url', 'run_id', 'run_number', 'run_attempt', 'retention_days', 'job', 'action', 'workspace']),
  runner: new Set(['os', 'arch', 'name', 'temp', 'tool_cache', 'environment']),
  job: new Set(['status']),
};
/** Contexts every property of which is a string (variables, secrets, environment variables). */
const stringMaps = new Set(['vars', 'secrets', 'env']);

/** The literal matrix of a job (undefined when an expression computes it). */
function literalMatrix(job: JobModel | undefined): Node | undefined {
  const matrix = get(get(job?.node, 'strategy')?.value, 'matrix')?.value;
  return isMap(matrix) ? matrix : undefined;
}

/** The values matrix.<name> takes: the dimension's items and the include entries' (undefined when unknown). */
function matrixValues(job: JobModel | undefined, name: string): Node[] | undefined {
  const matrix = literalMatrix(job);
  if (!matrix) return undefined;
  const values: Node[] = [];
  for (const entry of pairs(matrix)) {
    if (entry.name.includes('${{')) return undefined;
    if (entry.name === 'exclude') continue;
    if (entry.name === 'include') {
      if (!isSeq(entry.value)) return undefined;
      for (const item of entry.value.items as Node[]) {
        if (!isMap(item)) return undefined;
        const value = get(item, name)?.value;
        if (value) values.push(value);
      }
    } else if (entry.name === name) {
      if (!isSeq(entry.value)) return undefined;
      values.push(...(entry.value.items as Node[]));
    }
  }
  return values.length > 0 ? values : undefined;
}

/** The one kind of several values (unknown when they differ). */
function merged(kinds: Kind[]): Kind {
  return kinds.length > 0 && kinds.every((k) => k === kinds[0]) ? kinds[0] : 'unknown';
}

/** The kind of a YAML value written in a matrix (an expression alone in it: the expression's kind). */
function nodeKind(node: Node | null | undefined): Kind {
  if (isMap(node)) return 'object';
  if (isSeq(node)) return 'array';
  if (!isScalar(node)) return 'unknown';
  const value = node.value;
  if (value === null) return 'null';
  if (typeof value === 'number') return 'number';
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value !== 'string') return 'unknown';
  const lone = /^\s*\$\{\{([\s\S]*)\}\}\s*$/.exec(value);
  if (lone && !lone[1].includes('${{')) {
    const parsed = parseExpression(lone[1]);
    return parsed.expr ? kindOf(parsed.expr) : 'unknown';
  }
  return 'string';
}

/** What an expression evaluates to, as far as the contexts' documented shapes and the job's literal matrix say. */
function kindOf(expr: Expr, job?: JobModel): Kind {
  if (expr.kind === 'literal') return expr.value === null ? 'null' : (typeof expr.value as Kind);
  if (expr.kind === 'group') return kindOf(expr.expr, job);
  const ref = referenceOf(expr);
  if (!ref || ref.segments.some((s) => s.name === '*')) return 'unknown';
  const names = ref.segments.map((s) => s.name.toLowerCase());
  const [context, first, second] = names;
  if (names.length === 1) return objectContexts.has(context) ? 'object' : 'unknown';
  if (context === 'matrix') {
    const values = matrixValues(job, ref.segments[1].name);
    if (!values) return 'unknown';
    if (names.length === 2) return merged(values.map(nodeKind));
    // matrix.<name>.<property>: the property of every (object) value.
    if (names.length === 3 && values.every(isMap)) return merged(values.map((v) => (get(v, ref.segments[2].name) ? nodeKind(get(v, ref.segments[2].name)!.value) : 'unknown')));
    return 'unknown';
  }
  if (names.length === 2 && stringMaps.has(context)) return 'string';
  if (context === 'github' && first === 'event' && names.length === 2) return 'object';
  if (names.length === 2 && stringProperties[context]?.has(first)) return 'string';
  if ((context === 'steps' || context === 'needs') && names.length === 2) return 'object';
  if (context === 'steps' && names.length === 3) return second === 'outputs' ? 'object' : second === 'outcome' || second === 'conclusion' ? 'string' : 'unknown';
  if (context === 'needs' && names.length === 3) return second === 'outputs' ? 'object' : second === 'result' ? 'string' : 'unknown';
  return 'unknown';
}

const scalarKinds = new Set<Kind>(['string', 'number', 'boolean', 'null']);

/** The job a site lies in (`jobs.<id>. …`). */
function jobOf(check: CheckContext, site: ExpressionSite): JobModel | undefined {
  return site.path[0] === 'jobs' ? check.model.jobs.find((j) => j.id === site.path[1]) : undefined;
}

/** The site is the whole value (`key: ${{ … }}`), not text around an expression. */
function alone(site: ExpressionSite): boolean {
  return !site.condition && site.text.value.slice(0, site.start).trim() === '' && site.text.value.slice(site.end).trim() === '';
}

/** `env:` of the workflow, a job, a step or a container: a mapping of variables. */
function isEnvPlace(path: readonly (string | number)[]): boolean {
  return path[path.length - 1] === 'env' && (path.length === 1 || path[0] === 'jobs');
}

/**
 * Types of expressions: comparisons of an object or array (always by identity), ordering of
 * booleans and null, properties read off a string or number, an object or array written into
 * text, a runs-on that is neither a label nor a list, an env: that is not a mapping.
 */
export function checkExpressionTypes(check: CheckContext): void {
  for (const site of check.model.structure.expressions) {
    if (!site.parsed.expr) continue;
    const job = jobOf(check, site);
    for (const node of walkExpression(site.parsed.expr)) {
      if (node.kind === 'binary') {
        const ordering = node.op !== '==' && node.op !== '!=';
        for (const side of [node.left, node.right]) {
          const kind = kindOf(side, job);
          const text = site.inner.slice(side.start, side.end);
          const [start, end] = siteSpan(site, side.start, side.end);
          if (kind === 'object' || kind === 'array') {
            report(check, expressionTypeRule.id, start, end, t('{0} is an object: "{1}" compares objects by identity, so this is never what it looks like. Compare one of its properties, or use toJSON({0}).', text, node.op));
            break;
          }
          if (ordering && (kind === 'boolean' || kind === 'null')) {
            report(check, expressionTypeRule.id, start, end, t('{0} is {1}: "{2}" orders numbers and strings; with {1} it converts to a number first, which is rarely what is meant.', text, kind, node.op));
            break;
          }
        }
      } else if (node.kind === 'property' || node.kind === 'index') {
        const kind = kindOf(node.object, job);
        if (!scalarKinds.has(kind)) continue;
        const [start, end] = siteSpan(site, node.object.end, node.end);
        const receiver = site.inner.slice(node.object.start, node.object.end);
        report(check, expressionTypeRule.id, start, end, kind === 'string' ? t('{0} is a string: reading a property of it always gives null.', receiver) : t('{0} is a {1} value: reading a property of it always gives null.', receiver, kind));
      }
    }
    const whole = kindOf(site.parsed.expr, job);
    const [start, end] = siteSpan(site, site.parsed.expr.start, site.parsed.expr.end);
    const last = site.path[site.path.length - 1];
    const inText = !site.condition && (!alone(site) || last === 'run');
    if (inText && (whole === 'object' || whole === 'array')) {
      // In text (a script, a name), an object or array is written as "Object" or "Array".
      report(check, expressionTypeRule.id, start, end, t('{0} is an {1}: in text it is written "{2}", not its content. Use toJSON({0}) or one of its properties.', site.inner.trim(), whole, whole === 'object' ? 'Object' : 'Array'));
    } else if (alone(site)) {
      if (last === 'runs-on' && site.path.length === 3 && whole === 'object' && !labelled(site.parsed.expr, job)) {
        report(check, expressionTypeRule.id, start, end, t('runs-on takes a label, a list of labels or {group, labels}; {0} is an object without labels.', site.inner.trim()));
      } else if (isEnvPlace(site.path) && (scalarKinds.has(whole) || whole === 'array')) {
        report(check, expressionTypeRule.id, start, end, t('env: takes a mapping of variables; {0} is a {1}.', site.inner.trim(), whole));
      }
    }
  }
}

/** A runs-on object from the matrix gives labels (or a runner group) when every value has one. */
function labelled(expr: Expr, job: JobModel | undefined): boolean {
  const ref = referenceOf(expr);
  if (!ref || ref.segments[0].name.toLowerCase() !== 'matrix' || ref.segments.length !== 2) return true;
  const values = matrixValues(job, ref.segments[1].name) ?? [];
  return values.some((v) => isMap(v) && (get(v, 'labels') || get(v, 'group')));
}
