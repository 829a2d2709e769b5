// Buckets made public the current Terraform way (issue #95): a resource of their own beside the bucket —
// `aws_s3_bucket_acl` with `acl = "public-read"`, `aws_s3_bucket_public_access_block` with its blocks off, a GCS
// `google_storage_bucket_iam_member`/`_binding` to `allUsers` — opens that bucket to the Internet: the public store's
// risks on those lines, the path Internet → bucket. The AWS provider documentation's own examples (public-read, and
// private as the twin: fixtures/oss/exposures/SOURCES.md, MPL-2.0); the GCS case planted, with a private twin beside it.
import assert from 'node:assert/strict';
import path from 'node:path';
import { terraformFileFacts } from '../../../src/threats/fileFacts';
import { FileLines } from '../../../src/threats/evidence';
import { runCli } from '../../cliRun';
import { fixturesDir } from '../../helpers';
import { makeTree } from '../../tempdir';

interface Risk { rule: string; elements: string[]; sources: { file: string; line: number }[] }

async function described(folder: string, cwd: string): Promise<string[]> {
  const { out } = await runCli(['threats', folder, '--format', 'json'], cwd);
  return (JSON.parse(out) as { risks: Risk[] }).risks.filter((r) => r.elements[0] === 'internet' && r.rule !== 'threat-missing-vault')
    .map((r) => `${r.rule.slice('threat-'.length)} ${r.elements.map((e) => e.split(':').pop()).join('>')} @${r.sources.map((s) => s.line).join(',')}`).sort();
}

describe('threats: buckets made public by a resource of their own (issue #95)', function () {
  this.timeout(300_000);
  const aws = path.join(fixturesDir, 'oss', 'exposures', 'hashicorp+terraform-provider-aws');

  it("the grant's lines, keyed by the bucket's module and address; a private ACL or a named member, none", () => {
    const facts = (text: string) => terraformFileFacts('file:///w/site/main.tf', new FileLines(text)).publicGrants.map((g) => `${g.target} @${g.sources.map((s) => s.range.start.line + 1).join(',')}`);
    assert.deepEqual(facts('resource "aws_s3_bucket_acl" "site" {\n  bucket = aws_s3_bucket.site.id\n  acl    = "public-read-write"\n}\n'), ['file:///w/site|aws_s3_bucket.site @3']);
    assert.deepEqual(facts('resource "aws_s3_bucket_acl" "site" {\n  bucket = aws_s3_bucket.site.bucket\n  acl    = "private"\n}\n'), []);
    // A grant to the AllUsers group in an access control policy.
    assert.deepEqual(facts('resource "aws_s3_bucket_acl" "site" {\n  bucket = aws_s3_bucket.site[0].id\n  access_control_policy {\n    grant {\n      grantee {\n        type = "Group"\n        uri  = "http://acs.amazonaws.com/groups/global/AllUsers"\n      }\n      permission = "READ"\n    }\n  }\n}\n'), ['file:///w/site|aws_s3_bucket.site @7']);
    assert.deepEqual(facts('resource "google_storage_bucket_iam_binding" "b" {\n  bucket  = google_storage_bucket.media.name\n  role    = "roles/storage.objectViewer"\n  members = ["allAuthenticatedUsers", "group:ops@example.com"]\n}\n'), ['file:///w/site|google_storage_bucket.media @4']);
    assert.deepEqual(facts('resource "google_storage_bucket_iam_member" "b" {\n  bucket = google_storage_bucket.media.name\n  role   = "roles/storage.objectViewer"\n  member = "group:ops@example.com"\n}\n'), []);
  });

  it("the provider's public-read example: the bucket's public risks on the access block's and the ACL's lines; its private example, none", async () => {
    assert.deepEqual(await described('s3-bucket-acl-public-read', aws), [
      'missing-authentication internet>my-tf-example-bucket @15,16,17,18,28',
      'unencrypted-communication internet>my-tf-example-bucket @15,16,17,18,28',
      'unguarded-access-from-internet internet>my-tf-example-bucket @15,16,17,18,28',
    ]);
    assert.deepEqual(await described('s3-bucket-acl-private', aws), []);
  });

  it('a GCS bucket with an allUsers member: its risks on the member line; the bucket beside it read by a group, none', async () => {
    const { root, remove } = makeTree({
      'cms/main.tf': [
        'resource "google_storage_bucket" "assets" {', '  name     = "cms-assets"', '  location = "ASIA"', '}', '',
        'resource "google_storage_bucket" "private" {', '  name     = "cms-private"', '  location = "ASIA"', '}', '',
        'resource "google_storage_bucket_iam_member" "all_users_can_object_view_assets" {', '  bucket = google_storage_bucket.assets.name', '  role   = "roles/storage.objectViewer"', '  member = "allUsers"', '}', '',
        'resource "google_storage_bucket_iam_binding" "private_readers" {', '  bucket  = google_storage_bucket.private.name', '  role    = "roles/storage.objectViewer"', '  members = ["group:readers@example.com"]', '}', '',
      ].join('\n'),
    });
    try {
      assert.deepEqual(await described('cms', root), [
        'missing-authentication internet>cms-assets @14',
        'unencrypted-communication internet>cms-assets @14',
        'unguarded-access-from-internet internet>cms-assets @14',
      ]);
    } finally {
      remove();
    }
  });
});
