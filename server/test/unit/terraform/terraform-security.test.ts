// The security rules (securityRules.ts): trivy's own Terraform examples replayed (fixtures/terraform/
// security/trivy-examples.json, MIT, SOURCES.md) — each bad example must get the matching rule's
// finding and each good one none, but for the differences listed with their reason — then inline
// cases asserting exact ranges and messages, the ignore comments of trivy and checkov, and secrets.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixturesDir } from '../../helpers';
import { covered, diagnose, loadParser } from '../../terraform';

interface Example {
  check: string;
  avd: string;
  rule: string;
  good: string[];
  bad: string[];
}

const data = JSON.parse(readFileSync(path.join(fixturesDir, 'terraform', 'security', 'trivy-examples.json'), 'utf8')) as { checks: Example[] };

/** Examples whose result differs from trivy's, with why (`<check> good|bad #n`). */
const DIFFERENCES: Record<string, string> = {
  'checks/cloud/google/compute/no_public_ingress bad #1': 'ICMP from any address: Archipel\'s rule is about the admin ports (SSH, RDP), not every public ingress',
  'checks/cloud/google/compute/no_open_rdp_access good #3': 'the TCP range 3380-3390 holds 3389: Archipel reports it (trivy reads this example, with target tags, as good)',
  'checks/cloud/google/compute/no_open_rdp_access good #4': 'UDP 3389 from any address: Archipel counts UDP as trivy\'s AWS check does (RDP also runs over UDP 3389); trivy\'s Google check reads TCP only',
  'checks/cloud/aws/rds/encrypt_cluster_storage_data bad #2': 'storage_encrypted = true without kms_key_id: trivy also wants a customer key; Archipel asks for encryption itself',
  'checks/cloud/aws/s3/enable_bucket_encryption bad #2': 'an encryption configuration resource with an empty rule {}: Archipel counts the resource as the bucket\'s encryption (the provider\'s schema requires the rule\'s contents)',
  'checks/cloud/aws/iam/no_policy_wildcards bad #1': 'actions = ["s3:*"]: a wildcard within one service; Archipel reports only "*" (every action of every service)',
  'checks/cloud/aws/eks/encrypt_secrets bad #2': 'an encryption_config without its provider block (key_arn): the provider\'s schema requires it, Archipel\'s schema check reports that',
  'checks/cloud/google/gke/node_metadata_security good #1': 'the cluster itself has no workload_identity_config: Archipel reports that under the same ids (checkov CKV_GCP_69 fails the cluster too)',
};

/** Whether the rule reports the example under trivy's id (a rule covers several checks: its message names the one it matched). */
function reports(text: string, example: Example): boolean {
  return diagnose({ 'main.tf': text }, 'main.tf').some((d) => d.code === example.rule && typeof d.message === 'string' && d.message.includes(example.avd));
}

describe('Terraform security rules', () => {
  before(loadParser);

  describe("trivy's examples", () => {
    const counts = { bad: 0, good: 0, differ: 0 };
    after(() => console.log(`      trivy examples: ${counts.bad} bad found, ${counts.good} good clean, ${counts.differ} listed differences`));
    for (const example of data.checks) {
      it(`${example.avd} ${example.check.split('/').slice(-2).join('/')} → ${example.rule}`, () => {
        const cases = [...example.bad.map((text, i) => ({ text, bad: true, key: `${example.check} bad #${i + 1}` })), ...example.good.map((text, i) => ({ text, bad: false, key: `${example.check} good #${i + 1}` }))];
        for (const { text, bad, key } of cases) {
          const found = reports(text, example);
          if (found !== bad) {
            assert.ok(key in DIFFERENCES, `${key}: ${bad ? 'not found' : 'found'}\n${text}`);
            counts.differ++;
            continue;
          }
          assert.ok(!(key in DIFFERENCES), `${key} agrees now: remove it from DIFFERENCES`);
          if (bad) counts.bad++;
          else counts.good++;
        }
      });
    }
  });

  it('names the place, what is wrong, what is expected and the ids', () => {
    const text = 'resource "aws_db_instance" "db" {\n  storage_encrypted   = false\n  publicly_accessible = true\n  backup_retention_period = 7\n  deletion_protection = true\n}\n';
    const found = diagnose({ 'main.tf': text }, 'main.tf').filter((d) => String(d.code).startsWith('terraform-database'));
    assert.deepEqual(found.map((d) => [d.code, covered(text, d), d.message]), [
      ['terraform-database-unencrypted', 'false', "The database's storage is not encrypted: set storage_encrypted = true (trivy AVD-AWS-0080, checkov CKV_AWS_16)."],
      ['terraform-database-public', 'true', 'The database is reachable from the internet: set publicly_accessible = false and reach it from inside the VPC (trivy AVD-AWS-0180, checkov CKV_AWS_17).'],
    ]);
    assert.equal(found[0].severity, 2);
  });

  it('judges what is stated or left to the default, never what a variable decides', () => {
    const text = 'variable "encrypted" {\n  type = bool\n}\nresource "aws_ebs_volume" "a" {\n  availability_zone = "eu-west-1a"\n  encrypted = var.encrypted\n}\nresource "aws_ebs_volume" "b" {\n  availability_zone = "eu-west-1a"\n}\n';
    const found = diagnose({ 'main.tf': text }, 'main.tf').filter((d) => d.code === 'terraform-volume-unencrypted');
    assert.deepEqual(found.map((d) => covered(text, d)), ['resource "aws_ebs_volume" "b"']);
  });

  it('reads dynamic blocks as unknown, and the module\'s companion resources', () => {
    const text = [
      'resource "google_container_cluster" "c" {',
      '  name = "c"',
      '  dynamic "private_cluster_config" {',
      '    for_each = var.private ? [1] : []',
      '    content {',
      '      enable_private_nodes = true',
      '    }',
      '  }',
      '  network_policy {',
      '    enabled = true',
      '  }',
      '  workload_identity_config {',
      '    workload_pool = "p.svc.id.goog"',
      '  }',
      '}',
      'resource "aws_s3_bucket" "b" {',
      '  bucket = "b"',
      '}',
      'resource "aws_s3_bucket_server_side_encryption_configuration" "b" {',
      '  bucket = aws_s3_bucket.b.id',
      '  rule {',
      '    apply_server_side_encryption_by_default {',
      '      sse_algorithm = "aws:kms"',
      '    }',
      '  }',
      '}',
      'resource "aws_s3_bucket_public_access_block" "b" {',
      '  bucket                  = aws_s3_bucket.b.id',
      '  block_public_acls       = true',
      '  block_public_policy     = true',
      '  ignore_public_acls      = true',
      '  restrict_public_buckets = false',
      '}',
      '',
    ].join('\n');
    const found = diagnose({ 'main.tf': text, 'variables.tf': 'variable "private" {\n  type = bool\n}\n' }, 'main.tf').filter((d) => /^terraform-(gke|bucket|public)/.test(String(d.code)));
    assert.deepEqual(found.map((d) => [d.code, covered(text, d)]), [['terraform-public-access-block', 'false']]);
  });

  it("honours trivy's and checkov's ignore comments", () => {
    const text = [
      '#trivy:ignore:AVD-AWS-0107',
      'resource "aws_security_group_rule" "a" {',
      '  type        = "ingress"',
      '  from_port   = 22',
      '  to_port     = 22',
      '  protocol    = "tcp"',
      '  cidr_blocks = ["0.0.0.0/0"]',
      '}',
      'resource "aws_security_group_rule" "b" {',
      '  type        = "ingress"',
      '  from_port   = 3389',
      '  to_port     = 3389',
      '  protocol    = "tcp"',
      '  # tfsec:ignore:aws-ec2-no-public-ingress-sgr',
      '  cidr_blocks = ["0.0.0.0/0"]',
      '}',
      'resource "aws_security_group_rule" "c" {',
      '  #checkov:skip=CKV_AWS_24:the bastion',
      '  type        = "ingress"',
      '  from_port   = 22',
      '  to_port     = 22',
      '  protocol    = "tcp"',
      '  cidr_blocks = ["0.0.0.0/0"]',
      '}',
      'resource "aws_security_group_rule" "d" {',
      '  #checkov:skip=CKV_AWS_24:not this port',
      '  type        = "ingress"',
      '  from_port   = 3389',
      '  to_port     = 3389',
      '  protocol    = "tcp"',
      '  cidr_blocks = ["::/0"]',
      '}',
      '',
    ].join('\n');
    const found = diagnose({ 'main.tf': text }, 'main.tf').filter((d) => d.code === 'terraform-open-admin-port');
    assert.deepEqual(found.map((d) => [d.range.start.line + 1, d.message]), [
      [31, 'Ingress from any address (::/0) to RDP (3389): restrict the source to known ranges or use a bastion or IAP (trivy AVD-AWS-0107, checkov CKV_AWS_25).'],
    ]);
  });

  it('finds hard-coded secrets, not computed ones', () => {
    const text = [
      'variable "db_password" {',
      '  default = "hunter2hunter2"',
      '}',
      'variable "password_length" {',
      '  default = "32"',
      '}',
      'provider "aws" {',
      '  region     = "eu-west-1"',
      '  access_key = "AKIAIOSFODNN7EXAMPLE"',
      '}',
      'resource "aws_db_instance" "a" {',
      '  password = random_password.p.result',
      '  username = "admin"',
      '}',
      'resource "aws_instance" "b" {',
      '  user_data = "export KEY=AKIAIOSFODNN7EXAMPLE"',
      '}',
      'resource "random_password" "p" {',
      '  length = 32',
      '}',
      '',
    ].join('\n');
    const found = diagnose({ 'main.tf': text }, 'main.tf').filter((d) => d.code === 'terraform-hardcoded-secret');
    assert.deepEqual(found.map((d) => [d.range.start.line + 1, covered(text, d)]), [
      [2, '"hunter2hunter2"'],
      [9, '"AKIAIOSFODNN7EXAMPLE"'],
      [16, '"export KEY=AKIAIOSFODNN7EXAMPLE"'],
    ]);
    assert.match(String(found[2].message), /AVD-AWS-0029.*CKV_AWS_46/);
  });
});
