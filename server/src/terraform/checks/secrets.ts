/**
 * Hard-coded secrets: an argument named like a credential (password, secret_key, token…) holding a
 * literal string, a variable named so with a literal default, and any string of the file holding an
 * AWS access key id or a PEM private key (where checkov's and trivy's secret scanners look).
 * A value an expression computes (a variable, random_password, file()) is never a finding.
 */
import { t } from '../../l10n/t';
import { perFile, type ModuleFile } from '../model/model';
import { idsText, securityRules as r, type Hit } from './securityRules';
import { allBlocks, attribute, staticString, subExpressions, type Attribute, type Block, type Expr } from '../syntax/syntax';

/** A credential's name: the whole name or its last words (`master_password`, `aws_secret_key`). */
const SECRET_NAME = /(?:^|_)(?:password|passwd|secret|secret_key|access_key|secret_access_key|private_key|api_key|client_secret|token|auth_token)$/i;
const ACCESS_KEY = /\b(?:AKIA|ASIA)[0-9A-Z]{16}\b/;
const PRIVATE_KEY = /-----BEGIN (?:[A-Z]+ )?PRIVATE KEY-----/;

const isString = (e: Expr) => e.kind === 'template' || (e.kind === 'literal' && e.type === 'string');

function idsFor(top: Block, attr: Attribute): string[] {
  if (top.type === 'provider' && (attr.name === 'access_key' || attr.name === 'secret_key')) return ['CKV_AWS_41'];
  return ['CKV_SECRET_6'];
}

/** The hits of a file, each with the top-level block it is in (for checkov's skip comments). */
export const hardcodedSecretHits = perFile(secretHitsOf);

function secretHitsOf(file: ModuleFile): { blocks: Block[]; hits: Hit[] } {
  const blocks: Block[] = [];
  const hits: Hit[] = [];
  const add = (block: Block, hit: Hit) => {
    blocks.push(block);
    hits.push(hit);
  };
  for (const { block, parents } of allBlocks(file.syntax.body)) {
    const top = parents[0] ?? block;
    if (block.type === 'variable' && SECRET_NAME.test(block.labels[0]?.value ?? '')) {
      const fallback = attribute(block.body, 'default');
      const value = staticString(fallback?.expr);
      if (fallback && isString(fallback.expr) && value) {
        const ids = ['CKV_SECRET_6'];
        add(top, { rule: r.hardcodedSecret, at: fallback.expr, message: t('The variable "{0}" has a secret as its default: remove the default and pass the value at apply time, or generate it ({1}).', block.labels[0].value, idsText(ids)), ids });
      }
      continue;
    }
    for (const attr of block.body.attributes) {
      const value = staticString(attr.expr);
      if (isString(attr.expr) && value && SECRET_NAME.test(attr.name)) {
        const ids = idsFor(top, attr);
        add(top, { rule: r.hardcodedSecret, at: attr.expr, message: t('"{0}" is written in the configuration: pass it through a sensitive variable, a secret manager or a generated value ({1}).', attr.name, idsText(ids)), ids });
        continue;
      }
      for (const e of subExpressions(attr.expr)) {
        const text = e.kind === 'literal' && e.type === 'string' ? String(e.value) : e.kind === 'template' ? e.parts.map((p) => (p.kind === 'text' ? p.value : '')).join('') : undefined;
        if (!text) continue;
        const userData = attr.name === 'user_data' ? ['AVD-AWS-0029', 'aws-0029', 'aws-ec2-no-secrets-in-user-data', 'CKV_AWS_46'] : [];
        if (ACCESS_KEY.test(text)) {
          const ids = [...userData, 'CKV_SECRET_2', 'aws-access-key-id'];
          add(top, { rule: r.hardcodedSecret, at: e, message: t('The string holds an AWS access key id: keep credentials out of the configuration ({0}).', idsText(ids)), ids });
          break;
        }
        if (PRIVATE_KEY.test(text)) {
          const ids = [...userData, 'CKV_SECRET_13', 'private-key'];
          add(top, { rule: r.hardcodedSecret, at: e, message: t('The string holds a private key: read it from a secret store, not the configuration ({0}).', idsText(ids)), ids });
          break;
        }
      }
    }
  }
  return { blocks, hits };
}
