/**
 * A policy's own text checked (#96): its JMESPath (`{{ }}` variables, foreach lists, context `jmesPath`) and CEL
 * expressions parse (policy-syntax), its required fields are there and its conditions name operators Kyverno has
 * (policy-schema), each finding on the key or value at fault. Cached on the document's parse.
 */
import type { Finding } from '../../common/findings';
import { t } from '../../l10n/t';
import { locate, type KubernetesObject } from '../../kubernetes/api';
import { isObject, type Json } from '../model/kyverno';
import { policyRules } from '../rules';
import { celSyntaxError } from './cel';
import { CONDITION_OPERATORS } from './conditions';
import { jmesPathSyntaxError } from './jmespath';
import { variableExpressions } from './variables';

type Path = (string | number)[];

const KYVERNO = /^kyverno\.io\/v(1|2beta1|2)$/;
const KYVERNO_CEL = /^policies\.kyverno\.io\/v1(beta1|alpha1)?$/;
const ADMISSION = /^admissionregistration\.k8s\.io\/v1(beta1|alpha1)?$/;

/** At most this many strings of one policy are read for their expressions (a policy is a page or two). */
const MAX_STRINGS = 5_000;
/** A policy nested deeper than this is not walked further (its evaluation cuts it too: budget.ts). */
const MAX_DEPTH = 64;

class Checker {
  readonly findings: Finding[] = [];
  private strings = 0;
  constructor(private readonly object: KubernetesObject) {}

  private at(path: Path, code: string, message: string, part: 'key' | 'value' = 'value'): void {
    const [start, end] = locate(this.object, path, part);
    this.findings.push({ start, end, code, message });
  }

  schema(path: Path, message: string, part: 'key' | 'value' = 'key'): void {
    this.at(path, policyRules.schema.id, message, part);
  }

  jmesPath(path: Path, expression: string): void {
    const error = jmesPathSyntaxError(expression);
    if (error !== undefined) this.at(path, policyRules.syntax.id, t('JMESPath syntax error: {0}', error));
  }

  cel(path: Path, expression: unknown): void {
    if (typeof expression !== 'string') return;
    const error = celSyntaxError(expression);
    // CEL's optional syntax parses in the API server; the evaluator here does not read it: not the policy's error.
    if (error !== undefined && !error.startsWith('CEL optional syntax')) this.at(path, policyRules.syntax.id, error);
  }

  /** Every `{{ }}` variable of the strings under `value` (keys too). */
  variables(value: Json | undefined, path: Path, depth = 0): void {
    if (depth > MAX_DEPTH || this.strings > MAX_STRINGS) return;
    if (typeof value === 'string') {
      this.strings++;
      if (value.includes('{{')) for (const expression of variableExpressions(value)) this.jmesPath(path, expression);
    } else if (Array.isArray(value)) value.forEach((item, index) => this.variables(item, [...path, index], depth + 1));
    else if (isObject(value))
      for (const [key, item] of Object.entries(value)) {
        if (key.includes('{{')) for (const expression of variableExpressions(key)) this.jmesPath([...path, key], expression);
        this.variables(item, [...path, key], depth + 1);
      }
  }

  /** A conditions block (`any`/`all`, or a list): each names a known operator. */
  conditions(block: Json | undefined, path: Path): void {
    const lists: [Json[], Path][] = Array.isArray(block) ? [[block, path]] : isObject(block) ? (['any', 'all'] as const).flatMap((key) => (Array.isArray(block[key]) ? [[block[key], [...path, key]] as [Json[], Path]] : [])) : [];
    for (const [list, at] of lists)
      list.forEach((condition, index) => {
        if (!isObject(condition)) return;
        const operator = condition.operator;
        if (typeof operator !== 'string') this.schema([...at, index], t('A condition needs an operator.'));
        else if (!CONDITION_OPERATORS.has(operator)) this.schema([...at, index, 'operator'], t('Unknown operator "{0}" (expected one of {1}).', operator, [...CONDITION_OPERATORS].join(', ')), 'value');
      });
  }
}

function kyvernoPolicy(checker: Checker, spec: Json | undefined): void {
  const rules = isObject(spec) ? spec.rules : undefined;
  if (!Array.isArray(rules) || rules.length === 0) {
    checker.schema(isObject(spec) ? ['spec'] : ['kind'], t('A Kyverno policy needs spec.rules (a list of rules).'));
    return;
  }
  rules.forEach((rule, index) => {
    const path: Path = ['spec', 'rules', index];
    if (!isObject(rule)) return;
    if (typeof rule.name !== 'string' || rule.name === '') checker.schema(path, t('A rule needs a name.'));
    if (!isObject(rule.match)) checker.schema(path, t('A rule needs a match block (the resources it applies to).'));
    if (!['validate', 'mutate', 'generate', 'verifyImages'].some((key) => rule[key] !== undefined)) checker.schema(path, t('A rule needs validate, mutate, generate or verifyImages.'));
    checker.variables(rule, path);
    checker.conditions(rule.preconditions, [...path, 'preconditions']);
    if (Array.isArray(rule.context))
      rule.context.forEach((entry, at) => {
        if (isObject(entry) && isObject(entry.variable) && typeof entry.variable.jmesPath === 'string' && !entry.variable.jmesPath.includes('{{')) checker.jmesPath([...path, 'context', at, 'variable', 'jmesPath'], entry.variable.jmesPath);
      });
    const validate = rule.validate;
    if (isObject(validate)) {
      const kinds = ['pattern', 'anyPattern', 'deny', 'foreach', 'cel', 'podSecurity', 'manifests', 'assert'];
      if (!kinds.some((key) => validate[key] !== undefined)) checker.schema([...path, 'validate'], t('A validate rule needs pattern, anyPattern, deny, foreach, cel or podSecurity.'));
      if (isObject(validate.deny)) checker.conditions(validate.deny.conditions, [...path, 'validate', 'deny', 'conditions']);
      if (isObject(validate.cel) && Array.isArray(validate.cel.expressions)) validate.cel.expressions.forEach((item, at) => isObject(item) && checker.cel([...path, 'validate', 'cel', 'expressions', at, 'expression'], item.expression));
    }
    for (const block of [validate, rule.mutate]) foreachEntries(checker, isObject(block) ? block.foreach : undefined, [...path, isObject(validate) && block === validate ? 'validate' : 'mutate', 'foreach'], 0);
  });
}

/** A foreach's entries: each `list` a JMESPath expression, its conditions, its nested foreach. */
function foreachEntries(checker: Checker, entries: Json | undefined, path: Path, depth: number): void {
  if (!Array.isArray(entries) || depth > 8) return;
  entries.forEach((entry, index) => {
    if (!isObject(entry)) return;
    const at: Path = [...path, index];
    if (typeof entry.list !== 'string') checker.schema(at, t('A foreach entry needs a list (a JMESPath expression).'));
    else if (!entry.list.includes('{{')) checker.jmesPath([...at, 'list'], entry.list);
    checker.conditions(entry.preconditions, [...at, 'preconditions']);
    if (isObject(entry.deny)) checker.conditions(entry.deny.conditions, [...at, 'deny', 'conditions']);
    foreachEntries(checker, entry.foreach, [...at, 'foreach'], depth + 1);
  });
}

/** A ValidatingAdmissionPolicy's or ValidatingPolicy's expressions (matchConditions, variables, validations). */
function admissionPolicy(checker: Checker, spec: Json | undefined): void {
  if (!isObject(spec) || !Array.isArray(spec.validations) || spec.validations.length === 0) {
    checker.schema(isObject(spec) ? ['spec'] : ['kind'], t('An admission policy needs spec.validations (CEL expressions).'));
  }
  if (!isObject(spec)) return;
  for (const field of ['matchConditions', 'variables', 'validations'] as const) {
    const list = spec[field];
    if (!Array.isArray(list)) continue;
    list.forEach((item, index) => {
      if (!isObject(item)) return;
      if (typeof item.expression !== 'string') checker.schema(['spec', field, index], t('An entry of {0} needs an expression.', field));
      else checker.cel(['spec', field, index, 'expression'], item.expression);
      if (field !== 'validations' && typeof item.name !== 'string') checker.schema(['spec', field, index], t('An entry of {0} needs a name.', field));
      if (field === 'validations') checker.cel(['spec', field, index, 'messageExpression'], item.messageExpression);
    });
  }
}

const syntaxKey = Symbol('policy-syntax');

/** The findings of a policy document (none for another object). */
export function policySyntaxFindings(object: KubernetesObject): Finding[] {
  const cached = object.chunk.cache.get(syntaxKey) as Finding[] | undefined;
  if (cached) return cached;
  const checker = new Checker(object);
  const value = object.value;
  const kind = object.kind;
  if (KYVERNO.test(object.apiVersion) && (kind === 'ClusterPolicy' || kind === 'Policy')) kyvernoPolicy(checker, value.spec);
  else if ((ADMISSION.test(object.apiVersion) && kind === 'ValidatingAdmissionPolicy') || (KYVERNO_CEL.test(object.apiVersion) && kind === 'ValidatingPolicy')) admissionPolicy(checker, value.spec);
  else if (ADMISSION.test(object.apiVersion) && kind === 'ValidatingAdmissionPolicyBinding') {
    if (!isObject(value.spec) || typeof value.spec.policyName !== 'string' || value.spec.policyName === '') checker.schema(isObject(value.spec) ? ['spec'] : ['kind'], t('A binding needs spec.policyName.'));
  } else return [];
  if (object.name === undefined) checker.schema(['metadata'], t('A policy needs metadata.name.'));
  object.chunk.cache.set(syntaxKey, checker.findings);
  return checker.findings;
}
