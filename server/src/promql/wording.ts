import { t } from '../l10n/t';
import { goQuote } from './lex';
import type * as Vendor from './vendor.lazy';

/** The grammar's tree and a problem, as parse.ts has them (parse.ts calls this module: no import back). */
type Tree = ReturnType<typeof Vendor.parser.parse>;
type SyntaxNode = Tree['topNode'];
interface PromQLProblem {
  from: number;
  to: number;
  message: string;
}

/**
 * The checker of Prometheus's UI words some of its findings unlike Prometheus's parser, which
 * promtool and the server answer with ("vector" for "instant vector", the set operator unnamed, the
 * whole binary expression where Prometheus points at its operator). These are its findings in
 * Prometheus's words and at Prometheus's positions (promql/parser/parse.go's checkAST).
 */

/** The operator of the binary expression spanning exactly from..to (its second child in the grammar's tree). */
function binaryOperator(tree: Tree, from: number, to: number): SyntaxNode | undefined {
  for (let node: SyntaxNode | null = tree.resolveInner(from, 1); node; node = node.parent) {
    if (node.name === 'BinaryExpr' && node.from === from && node.to === to) return node.firstChild?.nextSibling ?? undefined;
    if (node.from < from) break;
  }
  return undefined;
}

/** Prometheus's names of value types: the checker's `vector`, `matrix` are instant and range vectors. */
function typeName(name: string): string {
  if (name === 'vector') return 'instant vector';
  if (name === 'matrix') return 'range vector';
  return name;
}

/** A finding of the checker as Prometheus's parser reports it; undefined for one Prometheus does not report apart. */
export function inPrometheusWords(problem: PromQLProblem, tree: Tree, text: string): PromQLProblem | undefined {
  const { from, to, message } = problem;
  const operator = () => binaryOperator(tree, from, to);
  const opText = () => {
    const op = operator();
    return op ? text.slice(op.from, op.to).toLowerCase() : '';
  };
  const atOperator = (wording: string): PromQLProblem => {
    const op = operator();
    return op ? { from: op.from, to: op.to, message: wording } : { from, to, message: wording };
  };
  let m: RegExpMatchArray | null;
  if (message === 'set operator not allowed in binary scalar expression') return { from, to, message: t('set operator {0} not allowed in binary scalar expression', goQuote(opText())) };
  if (message === 'no grouping allowed for set operations') return { from, to, message: t('no grouping allowed for {0} operation', goQuote(opText())) };
  // With group_left/group_right, the only way a set operation is not many-to-many: said above.
  if (message === 'set operations must always be many-to-many') return undefined;
  if (message === 'comparisons between scalars must use BOOL modifier' || message === 'bool modifier can only be used on comparison operators' || /^label ".*" must not occur in ON and GROUP clause at once$/.test(message)) return atOperator(message);
  if (message === 'unable to find the parameter for the expression') return { from, to, message: t('no arguments for aggregate expression provided') };
  if ((m = /^expected type (\w+) in (.*), got (\w+)$/.exec(message))) return { from, to, message: t('expected type {0} in {1}, got {2}', typeName(m[1]), m[2], typeName(m[3])) };
  if ((m = /^unary expression only allowed on expressions of type scalar or instant vector, got (\w+)$/.exec(message))) return { from, to, message: t('unary expression only allowed on expressions of type scalar or instant vector, got {0}', goQuote(typeName(m[1]))) };
  if ((m = /^subquery is only allowed on instant vector, got (\w+) in \w+ instead$/.exec(message))) return { from, to, message: t('subquery is only allowed on instant vector, got {0} instead', m[1]) };
  if ((m = /^metric name must not be set twice: (.*) or (.*)$/.exec(message))) return { from, to, message: t('metric name must not be set twice: {0} or {1}', goQuote(m[1]), goQuote(m[2])) };
  return problem;
}
