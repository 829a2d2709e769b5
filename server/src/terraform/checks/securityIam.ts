/**
 * IAM statements allowing every action: in an `aws_iam_policy_document` data source's statements,
 * and in the `policy` of the IAM policy resources, written with jsonencode({...}) or as a JSON
 * string (a heredoc). Only `*` (or `*:*`) is judged: `s3:*` is a choice about one service.
 */
import { t } from '../../l10n/t';
import type { Declaration } from '../model/model';
import { objectKey } from '../model/model';
import { idsText, securityRules as r, type Hit } from './securityRules';
import { listStrings, nestedBlocks, valueAt } from './securityValues';
import { attribute, staticString, type Expr, type Span } from '../syntax/syntax';

const POLICY_RESOURCES = new Set(['aws_iam_policy', 'aws_iam_role_policy', 'aws_iam_user_policy', 'aws_iam_group_policy']);
const IDS = ['AVD-AWS-0057', 'aws-0057', 'aws-iam-no-policy-wildcards', 'CKV_AWS_1', 'CKV_AWS_62', 'CKV_AWS_63'];
/** A policy written as a JSON string is read up to this size (AWS caps a managed policy at 6,144 characters). */
const MAX_POLICY_CHARS = 64 * 1024;

const isStar = (action: unknown) => action === '*' || action === '*:*';

function hit(at: Span): Hit {
  return { rule: r.iamWildcard, at, message: t('The statement allows every action ("*"): list the actions the principal needs ({0}).', idsText(IDS)), ids: IDS };
}

/** The value of a key of an object expression. */
function member(expr: Expr, key: string): Expr | undefined {
  return expr.kind === 'object' ? expr.items.find((item) => objectKey(item.key) === key)?.value : undefined;
}

/** jsonencode({ Statement = [{ Effect = "Allow", Action = "*" }] }): the wildcard actions' spans. */
function encodedStatements(policy: Expr): Span[] {
  const document = policy.kind === 'call' && policy.name.name === 'jsonencode' ? policy.args[0] : undefined;
  const statements = document && member(document, 'Statement');
  if (!statements) return [];
  const list = statements.kind === 'tuple' ? statements.items : [statements];
  return list.flatMap((statement) => {
    const effect = staticString(member(statement, 'Effect'));
    if (effect !== undefined && effect !== 'Allow') return [];
    return listStrings(member(statement, 'Action')).filter((a) => isStar(a.value)).map((a) => a.at);
  });
}

/** A JSON policy string: whether a statement allows every action. */
function jsonAllowsAll(text: string): boolean {
  if (text.length > MAX_POLICY_CHARS) return false;
  let document: unknown;
  try {
    document = JSON.parse(text);
  } catch {
    return false;
  }
  const statements = (document as { Statement?: unknown } | null)?.Statement;
  const list = Array.isArray(statements) ? statements : [statements];
  return list.some((s) => {
    const statement = s as { Effect?: unknown; Action?: unknown } | null;
    if (!statement || statement.Effect !== 'Allow') return false;
    return (Array.isArray(statement.Action) ? statement.Action : [statement.Action]).some(isStar);
  });
}

function policyHits(policy: Expr | undefined): Hit[] {
  if (!policy) return [];
  const encoded = encodedStatements(policy);
  if (encoded.length > 0) return encoded.map(hit);
  const text = staticString(policy);
  return text !== undefined && jsonAllowsAll(text) ? [hit(policy)] : [];
}

/** The wildcard statements of a resource or data source. */
export function iamWildcardHits(d: Declaration): Hit[] {
  const body = d.block.body;
  if (d.kind === 'data' && d.type === 'aws_iam_policy_document') {
    const statements = nestedBlocks(body, 'statement');
    if (statements === 'unknown') return [];
    return statements.flatMap((statement) => {
      const effect = valueAt(statement.body, ['effect']);
      if (effect.state === 'unknown' || (effect.state === 'known' && effect.value !== 'Allow')) return [];
      return listStrings(attribute(statement.body, 'actions')?.expr).filter((a) => isStar(a.value)).map((a) => hit(a.at));
    });
  }
  if (d.kind !== 'resource') return [];
  if (POLICY_RESOURCES.has(d.type ?? '')) return policyHits(attribute(body, 'policy')?.expr);
  if (d.type === 'aws_iam_role') {
    const inline = nestedBlocks(body, 'inline_policy');
    return inline === 'unknown' ? [] : inline.flatMap((b) => policyHits(attribute(b.body, 'policy')?.expr));
  }
  return [];
}
