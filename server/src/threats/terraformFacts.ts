/**
 * What a Terraform file says of resources elsewhere (issue #78, #95), read once per file version (workspace.ts): the
 * resources an AWS WAF web ACL is associated with, and the buckets a resource of their own makes public.
 */
import type { SystemSource } from '../features/system/contributor';
import { HARDENING_TYPES, hardeningOf, type HardeningFinding } from './cloudHardening';
import { publicLines, sourceOfLine, type FileLines } from './evidence';

export interface TerraformFacts {
  /** Web application firewalls associated with a resource elsewhere (a Terraform `aws_wafv2_web_acl_association`): its address (`aws_lb.main`), the association's line. */
  wafs: { target: string; source: SystemSource }[];
  /** A bucket made public by a resource of its own (`aws_s3_bucket_acl`, `aws_s3_bucket_public_access_block`, a GCS IAM member or binding): the bucket's module folder and address (`file:///…/site|aws_s3_bucket.site`), the lines that open it. */
  publicGrants: { target: string; sources: SystemSource[] }[];
  /** The hardening gaps of its resources (cloudHardening.ts), each with the resource's module folder and address (`file:///…/net|aws_security_group.ssh`). */
  hardening: { target: string; finding: HardeningFinding }[];
}

/** An AWS WAF web ACL association (WAFv2, WAF Regional): the resource it filters is its `resource_arn`'s address. */
const WAF_ASSOCIATION = /^resource\s+"(aws_wafv2_web_acl_association|aws_wafregional_web_acl_association)"\s+"[A-Za-z0-9_-]+"\s*\{\s*$/;

/**
 * A resource that opens a bucket it names to anyone, the current Terraform way (AWS provider 4+, the bucket's own `acl`
 * deprecated): an `aws_s3_bucket_acl` (`acl = "public-read"`, a grant to AllUsers), an `aws_s3_bucket_public_access_block`
 * turning a block off, a `google_storage_bucket_iam_member`/`_binding` to `allUsers`/`allAuthenticatedUsers`.
 */
const PUBLIC_GRANT = /^resource\s+"(aws_s3_bucket_acl|aws_s3_bucket_public_access_block|google_storage_bucket_iam_(?:member|binding))"\s+"[A-Za-z0-9_-]+"\s*\{\s*$/;

/** A Terraform file's module: its folder. */
export const moduleOf = (uri: string) => uri.slice(0, uri.lastIndexOf('/'));

/** Terraform files worth reading for these facts (workspace.ts reads no other). */
export const TERRAFORM_FACTS = new RegExp(`web_acl_association|aws_s3_bucket_acl|aws_s3_bucket_public_access_block|google_storage_bucket_iam_|${HARDENING_TYPES.source}`);

/**
 * A Terraform file's facts: the resources an AWS WAF web ACL is associated with (`resource_arn = aws_lb.main.arn`, or its
 * `id`, which is the load balancer's ARN too), on that line; the buckets a resource of their own makes public (`bucket = aws_s3_bucket.site.id`), on the lines that do.
 */
export function terraformFacts(uri: string, file: FileLines): TerraformFacts {
  const facts: TerraformFacts = { wafs: [], publicGrants: [], hardening: [] };
  const all = file.all;
  for (let i = 0; i < all.length; i++) {
    if (all[i].startsWith('resource') && HARDENING_TYPES.test(all[i])) {
      for (const finding of hardeningOf(uri, file, i)) facts.hardening.push({ target: `${moduleOf(uri)}|${finding.resource}`, finding });
      continue;
    }
    if (PUBLIC_GRANT.test(all[i])) {
      const block = file.block(i);
      const target = block.lines.map((l) => /^\s*bucket\s*=\s*((?:aws_s3_bucket|google_storage_bucket)\.[A-Za-z0-9_-]+)(?:\[[^\]]*\])?\.(?:id|bucket|name)\s*$/.exec(l)?.[1]).find((t) => t !== undefined);
      const open = publicLines(block.lines);
      // Keyed by the module's folder too: `aws_s3_bucket.this` of one module is not another's.
      if (target !== undefined && open.length > 0) facts.publicGrants.push({ target: `${moduleOf(uri)}|${target}`, sources: open.map((j) => sourceOfLine(uri, block.first + j, block.lines[j])) });
      continue;
    }
    if (!WAF_ASSOCIATION.test(all[i])) continue;
    const block = file.block(i);
    for (let j = 0; j < block.lines.length; j++) {
      const target = /^\s*resource_arn\s*=\s*([a-z][a-z0-9_]*\.[A-Za-z0-9_-]+)(?:\[[^\]]*\])?\.(?:arn|id)\s*$/.exec(block.lines[j])?.[1];
      if (target !== undefined) facts.wafs.push({ target, source: sourceOfLine(uri, block.first + j, block.lines[j]) });
    }
  }
  return facts;
}

/** A Terraform block's address (`resource "aws_lb" "main" {` → `aws_lb.main`). */
export const addressOf = (line: string) => {
  const m = /^resource\s+"([a-z][a-z0-9_]*)"\s+"([A-Za-z0-9_-]+)"/.exec(line);
  return m ? `${m[1]}.${m[2]}` : undefined;
};
