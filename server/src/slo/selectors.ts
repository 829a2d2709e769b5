/**
 * The metric selectors of an SLO's query (`sum(rate(http_requests_total{job="api",code=~"5.."}[{{.window}}]))`): each
 * metric's name and its label matchers, with their offsets in the query, read with Archipel's PromQL parser
 * (promql/parse.ts). Sloth's `{{.window}}` is read as a duration of the same length, so that offsets stay the query's.
 */
import { parsePromQL, unquote, type SyntaxNode } from '../promql/parse';

export interface LabelMatcher {
  label: string;
  op: '=' | '!=' | '=~' | '!~';
  value: string;
  from: number;
  to: number;
}

export interface QuerySelector {
  /** The metric's name; empty when the selector has none (`{job="a"}`). */
  name: string;
  from: number;
  to: number;
  matchers: LabelMatcher[];
}

/** `{{.window}}` and a duration of its length (1e9 seconds): the parser sees a range, the offsets do not move. */
const WINDOW = '{{.window}}';
const SAME_LENGTH_DURATION = '1000000000s';

const OPS: Record<string, LabelMatcher['op']> = { EqlSingle: '=', Neq: '!=', EqlRegex: '=~', NeqRegex: '!~' };

function labelName(node: SyntaxNode, text: string): string {
  const raw = text.slice(node.from, node.to);
  return node.name === 'QuotedLabelName' ? unquote(raw) : raw;
}

function readSelector(selector: SyntaxNode, text: string): QuerySelector {
  const identifier = selector.getChild('Identifier');
  const result: QuerySelector = { name: identifier ? text.slice(identifier.from, identifier.to) : '', from: selector.from, to: selector.to, matchers: [] };
  for (let m = selector.getChild('LabelMatchers')?.firstChild ?? null; m; m = m.nextSibling) {
    if (m.name === 'QuotedLabelName') {
      result.name = unquote(text.slice(m.from, m.to));
      continue;
    }
    const label = m.getChild('LabelName') ?? m.getChild('QuotedLabelName');
    const op = OPS[m.getChild('MatchOp')?.firstChild?.name ?? ''];
    const value = m.getChild('StringLiteral');
    if (!label || !op || !value) continue;
    const matcher = { label: labelName(label, text), op, value: unquote(text.slice(value.from, value.to)), from: m.from, to: m.to };
    if (matcher.label === '__name__' && op === '=') result.name = matcher.value;
    else result.matchers.push(matcher);
  }
  return result;
}

/** The selectors of a query in source order; none when it does not parse (its syntax is the generator's and promtool's to report). */
export function querySelectors(query: string): QuerySelector[] {
  const text = query.split(WINDOW).join(SAME_LENGTH_DURATION);
  const expression = parsePromQL(text, true);
  if (expression.problems.length > 0) return [];
  const selectors: QuerySelector[] = [];
  if (expression.selectors) for (const node of expression.selectors) selectors.push(readSelector(node, text));
  else {
    expression.tree.iterate({
      enter(ref) {
        if (ref.name !== 'VectorSelector') return undefined;
        selectors.push(readSelector(ref.node, text));
        return false;
      },
    });
  }
  return selectors;
}
