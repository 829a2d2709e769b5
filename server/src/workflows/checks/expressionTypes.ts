import { report, type CheckContext } from '../data';
import type { Expr } from '../expression';
import { referenceOf, walkExpression } from '../expressionTree';
import { expressionTypeRule } from '../rules';
import { siteSpan } from './expressions';
import { t } from '../../l10n/t';

type Kind = 'object' | 'string' | 'unknown';

/** Contexts that are objects as a whole (`github`, `steps`, …). */
const objectContexts = new Set(['github', 'env', 'vars', 'secrets', 'steps', 'needs', 'jobs', 'matrix', 'inputs', 'job', 'runner', 'strategy']);
/** Properties of `github` and `runner` that are strings (GitHub's context reference). */
const stringProperties: Record<string, Set<string>> = {
  github: new Set(['ref', 'ref_name', 'ref_type', 'sha', 'repository', 'repository_owner', 'actor', 'triggering_actor', 'event_name', 'workflow', 'workflow_ref', 'head_ref', 'base_ref', 'server_url', 'api_url', 'graphql_url', 'run_id', 'job', 'action', 'workspace']),
  runner: new Set(['os', 'arch', 'name', 'temp', 'tool_cache', 'environment']),
  job: new Set(['status']),
};

/** What a reference evaluates to, as far as the contexts' documented shapes say. */
function kindOf(expr: Expr): Kind {
  const ref = referenceOf(expr);
  if (!ref || ref.segments.some((s) => s.name === '*')) return 'unknown';
  const names = ref.segments.map((s) => s.name.toLowerCase());
  const [context, first, second] = names;
  if (names.length === 1) return objectContexts.has(context) ? 'object' : 'unknown';
  if (context === 'github' && first === 'event' && names.length === 2) return 'object';
  if (names.length === 2 && stringProperties[context]?.has(first)) return 'string';
  if ((context === 'steps' || context === 'needs') && names.length === 2) return 'object';
  if (context === 'steps' && names.length === 3) return second === 'outputs' ? 'object' : second === 'outcome' || second === 'conclusion' ? 'string' : 'unknown';
  if (context === 'needs' && names.length === 3) return second === 'outputs' ? 'object' : second === 'result' ? 'string' : 'unknown';
  return 'unknown';
}

/** Comparisons of an object (always false: objects compare by identity) and properties read off a string (always null). */
export function checkExpressionTypes(check: CheckContext): void {
  for (const site of check.model.structure.expressions) {
    if (!site.parsed.expr) continue;
    for (const node of walkExpression(site.parsed.expr)) {
      if (node.kind === 'binary') {
        for (const side of [node.left, node.right]) {
          if (kindOf(side) !== 'object') continue;
          const [start, end] = siteSpan(site, side.start, side.end);
          const text = site.inner.slice(side.start, side.end);
          report(check, expressionTypeRule.id, start, end, t('{0} is an object: "{1}" compares objects by identity, so this is never what it looks like. Compare one of its properties, or use toJSON({0}).', text, node.op));
        }
      } else if ((node.kind === 'property' || node.kind === 'index') && kindOf(node.object) === 'string') {
        const [start, end] = siteSpan(site, node.object.end, node.end);
        report(check, expressionTypeRule.id, start, end, t('{0} is a string: reading a property of it always gives null.', site.inner.slice(node.object.start, node.object.end)));
      }
    }
  }
}
