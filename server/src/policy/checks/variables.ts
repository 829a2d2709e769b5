/**
 * Kyverno's `{{ }}` variables: each a JMESPath expression on the rule's context (`request.object`, `element`, `images`, the
 * rule's context entries). A string that is one variable takes the variable's value (an object stays an object), else
 * the values are written into the text (JSON for non-strings). `\{{` is a literal. Variables are found by a linear scan.
 */
import type { Budget } from './budget';
import { evaluateJmesPath } from './jmespath';

/** A variable that names what only a cluster knows (an API call, a ConfigMap) and the run was not given. */
export class NotEvaluated extends Error {}

/** A variable that could not be resolved (Kyverno's substitution error: the rule errors). */
export class VariableError extends Error {}

/** What a rule's variables are evaluated against. */
export interface VariableScope {
  /** The JSON the expressions read (request, element, images, context entries). */
  readonly data: Record<string, unknown>;
  /** Context entry names that need a cluster: a variable naming one is not evaluated. */
  readonly unavailable: ReadonlySet<string>;
  readonly now: () => Date;
  readonly budget: Budget;
}

interface Piece {
  readonly text?: string;
  readonly expression?: string;
}

/**
 * The pieces of a string: literal text and its innermost `{{ expression }}`s (an expression holds no `{{`; single braces
 * inside are allowed), as Kyverno's `\{\{(\{[^{}]*\}|[^{}])*\}\}` finds them: a variable inside another's text
 * (`{{ divide('{{ a }}', '{{ b }}') }}`) is substituted first, then the outer one (substituteString repeats).
 */
function pieces(text: string): Piece[] | undefined {
  if (!text.includes('{{')) return undefined;
  const result: Piece[] = [];
  let literal = '';
  let at = 0;
  while (at < text.length) {
    let open = text.indexOf('{{', at);
    if (open < 0) break;
    if (open > 0 && text[open - 1] === '\\') {
      literal += text.slice(at, open - 1) + '{{';
      at = open + 2;
      continue;
    }
    let close = -1;
    for (let i = open + 2; i < text.length; i++) {
      if (text.startsWith('{{', i) && text[i - 1] !== '\\') {
        // A variable inside this one: the inner one first.
        open = i;
        i++;
        continue;
      }
      if (text.startsWith('}}', i)) {
        close = i;
        break;
      }
    }
    if (close < 0) break;
    literal += text.slice(at, open);
    if (literal) result.push({ text: literal });
    literal = '';
    result.push({ expression: text.slice(open + 2, close).trim() });
    at = close + 2;
  }
  literal += text.slice(at);
  if (literal) result.push({ text: literal });
  return result.some((piece) => piece.expression !== undefined) ? result : undefined;
}

/** The `{{ }}` expressions of a text, innermost first as Kyverno substitutes them (one holding another's `{{` is left out: its text is known only once the inner one is substituted). */
export function variableExpressions(text: string): string[] {
  return (pieces(text) ?? []).flatMap((piece) => (piece.expression !== undefined && !piece.expression.includes('{{') ? [piece.expression] : []));
}

function rootName(expression: string): string {
  return /^[A-Za-z_][\w-]*/.exec(expression)?.[0] ?? '';
}

/** One expression's value in the scope. */
export function resolveVariable(expression: string, scope: VariableScope): unknown {
  scope.budget.step(10);
  const root = rootName(expression);
  if (scope.unavailable.has(root)) throw new NotEvaluated(`the variable "${root}" needs a cluster (an API call or a ConfigMap): not evaluated offline`);
  if (expression === '@') return scope.data['@'] ?? null;
  return evaluateJmesPath(expression, scope.data, scope.now);
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value;
  return JSON.stringify(value) ?? 'null';
}

/** The most rounds of nested substitution (a variable in a variable's text): each round removes one level. */
const MAX_ROUNDS = 8;

/** A string with its variables substituted (a lone variable keeps its value's type). */
export function substituteString(text: string, scope: VariableScope): unknown {
  let current = text;
  for (let round = 0; round < MAX_ROUNDS; round++) {
    const parts = pieces(current);
    if (!parts) return current.includes('\\{{') ? current.replace(/\\\{\{/g, '{{') : current;
    if (parts.length === 1 && parts[0]?.expression !== undefined) {
      const value = resolveVariable(parts[0].expression, scope);
      if (typeof value !== 'string' || !value.includes('{{')) return value;
      current = value;
      continue;
    }
    current = parts.map((piece) => (piece.expression !== undefined ? asText(resolveVariable(piece.expression, scope)) : piece.text)).join('');
  }
  throw new VariableError(`variables nested deeper than ${MAX_ROUNDS} levels in "${text.slice(0, 80)}"`);
}

/** A JSON value with every string's (and key's) variables substituted. */
export function substituteAll(value: unknown, scope: VariableScope, depth = 0): unknown {
  scope.budget.depth(depth);
  scope.budget.step();
  if (typeof value === 'string') return substituteString(value, scope);
  if (Array.isArray(value)) return value.map((item) => substituteAll(item, scope, depth + 1));
  if (value !== null && typeof value === 'object') {
    const result: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) {
      const name = key.includes('{{') ? asText(substituteString(key, scope)) : key;
      result[name] = substituteAll(item, scope, depth + 1);
    }
    return result;
  }
  return value;
}
