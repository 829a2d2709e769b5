// Cloud hardening (issue #95, after Threagile's missing-cloud-hardening): the Terraform settings that leave a resource
// open — an admin or database port open to any address, an RDS database public or unencrypted, a managed cluster's control
// plane public without CIDR restriction, an Azure storage account's public blobs — each a risk on its line. The provider's
// own two-tier example (SSH from anywhere: fixtures/oss/exposures/SOURCES.md, MPL-2.0) and its rds example
// (fixtures/oss/system), then each gap on planted blocks with its closed twin.
import assert from 'node:assert/strict';
import path from 'node:path';
import { FileLines } from '../../../src/threats/evidence';
import { terraformFileFacts } from '../../../src/threats/fileFacts';
import { runCli } from '../../cliRun';
import { fixturesDir } from '../../helpers';

interface Risk { rule: string; severity: string; title: string; elements: string[]; sources: { file: string; line: number }[] }

const gaps = (text: string) => terraformFileFacts('file:///w/infra/main.tf', new FileLines(text)).hardening.map((h) => `${h.finding.gap} ${h.finding.resource}${h.finding.detail ? ` ${h.finding.detail}` : ''} @${h.finding.source.range.start.line + 1}`);

describe('threats: missing cloud hardening from Terraform (issue #95)', function () {
  this.timeout(300_000);

  it("the provider's two-tier example: SSH open to 0.0.0.0/0 on its security group's CIDR line; the ELB's HTTP and the VPC's SSH are not; its rds example's store left to its own risks", async () => {
    const aws = path.join(fixturesDir, 'oss', 'exposures', 'hashicorp+terraform-provider-aws');
    const twoTier = (JSON.parse((await runCli(['threats', 'two-tier', '--format', 'json'], aws)).out) as { risks: Risk[] }).risks.filter((r) => r.rule === 'threat-cloud-hardening');
    // The security group is a node of the map, by its name: the risk is at it.
    const at = (r: Risk) => r.sources.map((s) => `${s.file.slice(s.file.lastIndexOf('/', s.file.lastIndexOf('/') - 1) + 1)}:${s.line}`);
    assert.deepEqual(twoTier.map((r) => [r.title, r.severity, at(r)]), [
      ['Cloud Hardening at terraform_example: an administration or database port open to any address', 'elevated', ['two-tier/main.tf:71']],
    ]);
    const rds = path.join(fixturesDir, 'oss', 'system', 'hashicorp+terraform-provider-aws', 'examples');
    const db = (JSON.parse((await runCli(['threats', 'rds', '--format', 'json'], rds)).out) as { risks: Risk[] }).risks.filter((r) => r.rule === 'threat-cloud-hardening');
    // The example's security group opens every TCP port, but to `var.cidr_blocks`: no literal says to whom, no risk. Its
    // database is a store of the map: unencrypted-asset says its missing encryption, not this rule a second time.
    assert.deepEqual(db.map((r) => r.title), []);
  });

  it('firewalls: AWS ingress blocks and rules, GCP firewalls, Azure NSG rules, on an admin or database port from any address; egress, a known range, another port: none', () => {
    assert.deepEqual(gaps('resource "aws_security_group_rule" "pg" {\n  type        = "ingress"\n  from_port   = 5000\n  to_port     = 5500\n  protocol    = "tcp"\n  cidr_blocks = ["0.0.0.0/0"]\n}\n'), ['admin-port-open aws_security_group_rule.pg PostgreSQL (5432) @6']);
    assert.deepEqual(gaps('resource "aws_security_group_rule" "out" {\n  type        = "egress"\n  from_port   = 0\n  to_port     = 0\n  protocol    = "-1"\n  cidr_blocks = ["0.0.0.0/0"]\n}\n'), []);
    assert.deepEqual(gaps('resource "aws_security_group" "all" {\n  ingress {\n    from_port        = 0\n    to_port          = 0\n    protocol         = "-1"\n    ipv6_cidr_blocks = ["::/0"]\n  }\n}\n'), ['admin-port-open aws_security_group.all SSH (22), RDP (3389), MySQL (3306), PostgreSQL (5432), SQL Server (1433), Oracle (1521), MongoDB (27017), Redis (6379), Elasticsearch (9200) @6']);
    assert.deepEqual(gaps('resource "aws_vpc_security_group_ingress_rule" "rdp" {\n  cidr_ipv4   = "10.0.0.0/8"\n  from_port   = 3389\n  to_port     = 3389\n  ip_protocol = "tcp"\n}\n'), []);
    assert.deepEqual(gaps('resource "google_compute_firewall" "ssh" {\n  name    = "allow-ssh"\n  network = google_compute_network.vpc.name\n  allow {\n    protocol = "tcp"\n    ports    = ["22", "8000-9000"]\n  }\n  source_ranges = ["0.0.0.0/0"]\n}\n'), ['admin-port-open google_compute_firewall.ssh SSH (22) @8']);
    assert.deepEqual(gaps('resource "google_compute_firewall" "web" {\n  allow {\n    protocol = "tcp"\n    ports    = ["80", "443"]\n  }\n  source_ranges = ["0.0.0.0/0"]\n}\n'), []);
    assert.deepEqual(gaps('resource "azurerm_network_security_rule" "rdp" {\n  direction                  = "Inbound"\n  access                     = "Allow"\n  protocol                   = "Tcp"\n  destination_port_range     = "3389"\n  source_address_prefix      = "*"\n}\n'), ['admin-port-open azurerm_network_security_rule.rdp RDP (3389) @6']);
    assert.deepEqual(gaps('resource "azurerm_network_security_rule" "rdp" {\n  direction                  = "Inbound"\n  access                     = "Deny"\n  destination_port_range     = "3389"\n  source_address_prefix      = "*"\n}\n'), []);
  });

  it('databases public or unencrypted (a replica inherits its source\'s), clusters\' public control planes, public blobs; each closed twin none', () => {
    assert.deepEqual(gaps('resource "aws_db_instance" "db" {\n  engine              = "postgres"\n  publicly_accessible = true\n  storage_encrypted   = false\n}\n'), ['database-public aws_db_instance.db @3', 'database-unencrypted aws_db_instance.db @4']);
    assert.deepEqual(gaps('resource "aws_db_instance" "db" {\n  storage_encrypted = true\n}\nresource "aws_db_instance" "replica" {\n  replicate_source_db = aws_db_instance.db.identifier\n}\n'), []);
    assert.deepEqual(gaps('resource "aws_eks_cluster" "main" {\n  name = "main"\n  vpc_config {\n    subnet_ids = var.subnets\n  }\n}\n'), ['control-plane-public aws_eks_cluster.main @3']);
    assert.deepEqual(gaps('resource "aws_eks_cluster" "main" {\n  vpc_config {\n    endpoint_public_access = true\n    public_access_cidrs    = ["203.0.113.0/24"]\n  }\n}\n'), []);
    assert.deepEqual(gaps('resource "google_container_cluster" "gke" {\n  name     = "gke"\n  location = "europe-west1"\n}\n'), ['control-plane-public google_container_cluster.gke @1']);
    assert.deepEqual(gaps('resource "google_container_cluster" "gke" {\n  master_authorized_networks_config {\n    cidr_blocks {\n      cidr_block = "10.0.0.0/8"\n    }\n  }\n}\n'), []);
    assert.deepEqual(gaps('resource "azurerm_storage_account" "sa" {\n  name                            = "sa"\n  allow_nested_items_to_be_public = true\n}\nresource "azurerm_storage_account" "closed" {\n  allow_nested_items_to_be_public = false\n}\n'), ['blob-public-access azurerm_storage_account.sa @3']);
  });
});
