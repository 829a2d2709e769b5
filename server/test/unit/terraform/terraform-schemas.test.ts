// Provider schemas: the bundled ones (schemas/terraform/, scripts/gen-terraform-schemas.mjs) check
// resources, data sources and providers; a lock file pinning the schema's version makes the findings
// errors, another version warnings that say so; the user's `terraform providers schema -json` wins.
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { admits, readProvidersSchemaJson } from '../../../src/terraform/model/providerSchemas';
import { covered, diagnose, loadParser } from '../../terraform';
import { schemasFor } from '../../../src/terraform/host';
import { repoRoot } from '../../helpers';

const versions = 'terraform {\n  required_providers {\n    random = {\n      source  = "hashicorp/random"\n      version = "~> 3.6"\n    }\n  }\n}\n';
const resource = 'resource "random_pasword" "a" {\n  length = 8\n}\nresource "random_password" "b" {\n  lenght = 8\n}\n';
const lock = (version: string) => `provider "registry.terraform.io/hashicorp/random" {\n  version     = "${version}"\n  constraints = "~> 3.6"\n}\n`;

describe('Terraform provider schemas', () => {
  before(loadParser);

  it('reads version constraints as Terraform does', () => {
    assert.equal(admits('~> 3.6', '3.7.2'), true);
    assert.equal(admits('~> 3.6.0', '3.7.2'), false);
    assert.equal(admits('>= 7.17.0, < 8', '6.50.0'), false);
    assert.equal(admits('>= 4.0', '6.66.0'), true);
    assert.equal(admits('latest', '1.0.0'), undefined);
  });

  it('unknown types, arguments and missing required arguments: errors when the lock file pins the schema\'s version', () => {
    const files = { 'm/versions.tf': versions, 'm/main.tf': resource, 'm/.terraform.lock.hcl': lock('3.7.2') };
    const found = diagnose(files, 'm/main.tf').filter((d) => /unknown|missing-required/.test(String(d.code)));
    assert.deepEqual(
      found.map((d) => [d.code, d.severity, covered(resource, d), d.message]),
      [
        ['terraform-unknown-type', DiagnosticSeverity.Error, 'random_pasword', 'Invalid resource type: the provider hashicorp/random has no resource type "random_pasword". Did you mean "random_password"?'],
        ['terraform-unknown-argument', DiagnosticSeverity.Error, 'lenght', 'Unsupported argument: the resource type random_password takes no argument "lenght". Did you mean "length"?'],
        ['terraform-missing-required', DiagnosticSeverity.Error, '"b"', 'Missing required argument: the resource type random_password requires "length".'],
      ],
    );
  });

  it("a module asking for helm 2 is judged against the bundled helm 2.17 schema, not 3.x's (#94)", () => {
    // helm 2.x takes `kubernetes` and `set` as blocks; 3.x made them attributes (the 27 warnings on one repository).
    const module = (constraint: string) => `terraform {\n  required_providers {\n    helm = {\n      source  = "hashicorp/helm"\n      version = "${constraint}"\n    }\n  }\n}\nprovider "helm" {\n  kubernetes {\n    config_path = "~/.kube/config"\n  }\n}\nresource "helm_release" "nginx" {\n  name  = "nginx"\n  chart = "nginx"\n  repository = "https://charts.bitnami.com/bitnami"\n  set {\n    name  = "replicaCount"\n    value = "2"\n  }\n}\n`;
    const schemaFindings = (constraint: string, lockVersion?: string) => {
      const files: Record<string, string> = { 'm/main.tf': module(constraint) };
      if (lockVersion) files['m/.terraform.lock.hcl'] = `provider "registry.terraform.io/hashicorp/helm" {\n  version     = "${lockVersion}"\n  constraints = "${constraint}"\n}\n`;
      return diagnose(files, 'm/main.tf').filter((d) => /^terraform-(unknown|missing|unsupported)/.test(String(d.code))).map((d) => `${String(d.code)} ${covered(module(constraint), d)}`);
    };
    assert.deepEqual(schemaFindings('~> 2.17'), []);
    assert.deepEqual(schemaFindings('>= 2.0, < 3.0', '2.17.0'), []);
    // Against helm 3 the blocks are what 3.x no longer takes.
    assert.deepEqual(schemaFindings('~> 3.0'), ['terraform-unknown-argument kubernetes']);
    assert.deepEqual(schemasFor(repoRoot)('/nowhere', []).sources().filter((source) => source.startsWith('hashicorp/helm')), ['hashicorp/helm']);
  });

  it('a module asking for aws 5 or google 6 is judged against that major, kept as what differs from the latest (#94)', () => {
    const module = (provider: string, constraint: string, body: string) => `terraform {\n  required_providers {\n    ${provider} = {\n      source  = "hashicorp/${provider}"\n      version = "${constraint}"\n    }\n  }\n}\n${body}`;
    const findings = (text: string) => diagnose({ 'm/main.tf': text }, 'm/main.tf').filter((d) => /^terraform-(unknown|missing)/.test(String(d.code))).map((d) => `${String(d.code)} ${covered(text, d)}`);
    // aws 6 removed cpu_core_count (now cpu_options) and OpsWorks; it added `region` to every resource.
    const instance = 'resource "aws_instance" "a" {\n  ami           = "ami-1"\n  instance_type = "t3.micro"\n  cpu_core_count = 2\n}\nresource "aws_opsworks_stack" "s" {\n  name = "s"\n  region = "eu-west-1"\n  service_role_arn = "arn"\n  default_instance_profile_arn = "arn"\n}\n';
    assert.deepEqual(findings(module('aws', '~> 5.0', instance)), []);
    assert.deepEqual(findings(module('aws', '~> 6.0', instance)), ['terraform-unknown-argument cpu_core_count', 'terraform-unknown-type aws_opsworks_stack']);
    const bucket = 'resource "aws_s3_bucket" "b" {\n  bucket = "b"\n  region = "eu-west-1"\n}\n';
    assert.deepEqual(findings(module('aws', '~> 5.0', bucket)), ['terraform-unknown-argument region']);
    // google 7 added secret_sync_config to google_container_cluster: under a 6.x constraint it is not there yet.
    const cluster = 'resource "google_container_cluster" "c" {\n  name     = "c"\n  location = "europe-west1"\n  secret_sync_config {\n    enabled = true\n  }\n}\n';
    assert.deepEqual(findings(module('google', '~> 7.0', cluster)), []);
    assert.deepEqual(findings(module('google', '>= 6.0, < 7.0', cluster)), ['terraform-unknown-argument secret_sync_config']);
  });

  it('warnings that name both versions when the module runs another version, or an unknown one', () => {
    const other = diagnose({ 'm/versions.tf': versions, 'm/main.tf': resource, 'm/.terraform.lock.hcl': lock('4.0.0') }, 'm/main.tf').filter((d) => /unknown|missing-required/.test(String(d.code)));
    assert.deepEqual(other.map((d) => d.severity), [DiagnosticSeverity.Warning, DiagnosticSeverity.Warning, DiagnosticSeverity.Warning]);
    assert.match(String(other[0].message), /Archipel's schema is hashicorp\/random 3\.7\.2; the lock file pins 4\.0\.0: the difference of versions may explain it\.$/);
    const unknown = diagnose({ 'm/versions.tf': versions, 'm/main.tf': resource }, 'm/main.tf').filter((d) => /unknown|missing-required/.test(String(d.code)));
    assert.match(String(unknown[0].message), /the version this module runs is not known \(no lock file\)/);
    assert.ok(unknown.every((d) => d.severity === DiagnosticSeverity.Warning));
  });

  it('the user\'s terraform providers schema -json output, read as the provider they run: types, flags, nesting, descriptions', () => {
    const json = {
      format_version: '1.0',
      provider_schemas: {
        'registry.terraform.io/hashicorp/random': {
          provider: { block: {} },
          resource_schemas: {
            random_password: {
              block: {
                description: 'A password.',
                attributes: { length: { type: 'number', required: true, description: 'The length.' }, result: { type: 'string', computed: true, sensitive: true }, keepers: { type: ['map', 'string'], optional: true }, value_wo: { type: 'string', optional: true, write_only: true } },
                block_types: { rule: { nesting_mode: 'set', min_items: 1, max_items: 3, block: { attributes: { x: { type: 'bool', optional: true } } } } },
              },
            },
          },
        },
      },
    };
    const [schema] = readProvidersSchemaJson(JSON.stringify(json))!;
    assert.deepEqual([schema.source, schema.user, schema.types('resource')], ['hashicorp/random', true, ['random_password']]);
    const block = schema.block('resource', 'random_password')!;
    assert.deepEqual(block.attributes.length, { type: 'number', required: true, optional: false, computed: false, sensitive: false, deprecated: false, writeOnly: false });
    assert.deepEqual([block.attributes.result.computed, block.attributes.result.sensitive, block.attributes.keepers.type, block.attributes.value_wo.writeOnly], [true, true, ['map', 'string'], true]);
    assert.deepEqual([block.blocks.rule.nesting, block.blocks.rule.minItems, block.blocks.rule.maxItems, Object.keys(block.blocks.rule.block!.attributes)], ['set', 1, 3, ['x']]);
    assert.deepEqual([schema.description('resource', 'random_password', ['length']), schema.description('resource', 'random_password', []), schema.description('resource', 'random_password', ['result'])], ['The length.', 'A password.', undefined]);
    assert.equal(readProvidersSchemaJson('not json'), undefined);
  });

  it('the bundled schemas: argument types, exported attributes, write-only arguments, nested blocks, descriptions; azurerm beside aws, google, kubernetes and helm', () => {
    const schemas = schemasFor(repoRoot)('/nowhere', []);
    assert.deepEqual(['hashicorp/aws', 'hashicorp/azurerm', 'hashicorp/google', 'hashicorp/kubernetes', 'hashicorp/helm'].map((s) => schemas.get(s)?.source), ['hashicorp/aws', 'hashicorp/azurerm', 'hashicorp/google', 'hashicorp/kubernetes', 'hashicorp/helm']);
    const aws = schemas.get('hashicorp/aws')!;
    const instance = aws.block('resource', 'aws_instance')!;
    assert.deepEqual([instance.attributes.ami.type, instance.attributes.ami.optional, instance.attributes.vpc_security_group_ids.type, instance.attributes.tags.type, instance.attributes.ebs_optimized.type], ['string', true, ['list', 'string'], ['map', 'string'], 'bool']);
    assert.deepEqual([instance.attributes.arn.computed, instance.attributes.arn.optional, instance.attributes.public_ip.computed], [true, false, true]);
    assert.deepEqual([instance.blocks.root_block_device.maxItems, instance.blocks.ebs_block_device.maxItems, instance.blocks.root_block_device.block!.attributes.volume_id.computed], [1, 0, true]);
    assert.equal(aws.block('resource', 'aws_db_instance')!.attributes.password_wo.writeOnly, true);
    assert.ok(aws.types('ephemeral').includes('aws_secretsmanager_secret_version'));
    const azurerm = schemas.get('hashicorp/azurerm')!;
    assert.match(azurerm.version, /^4\./);
    const aks = azurerm.block('resource', 'azurerm_kubernetes_cluster')!;
    assert.deepEqual([aks.attributes.fqdn.computed, aks.attributes.oidc_issuer_url.computed, aks.attributes.kube_config_raw.type], [true, true, 'string']);
    assert.deepEqual(aks.attributes.kube_config.type, ['list', ['object', { client_certificate: 'string', client_key: 'string', cluster_ca_certificate: 'string', host: 'string', password: 'string', username: 'string' }]]);
    assert.deepEqual([aks.blocks.default_node_pool.minItems, aks.blocks.default_node_pool.maxItems], [1, 1]);
    const group = azurerm.block('resource', 'azurerm_resource_group')!;
    assert.deepEqual([group.attributes.location.required, group.attributes.name.required], [true, true]);
    const google = schemas.get('hashicorp/google')!;
    assert.match(google.description('resource', 'google_container_cluster', ['name']) ?? '', /name of the cluster/i);
    assert.equal(google.description('resource', 'google_container_cluster', ['no_such_argument']), undefined);
  });

  it('azurerm: an unknown argument and a missing required one', () => {
    const text = 'resource "azurerm_resource_group" "rg" {\n  name    = "rg"\n  locaton = "westeurope"\n}\n';
    const found = diagnose({ 'm/main.tf': text }, 'm/main.tf').filter((d) => /unknown|missing-required/.test(String(d.code)));
    assert.deepEqual(found.map((d) => [d.code, covered(text, d), String(d.message).replace(/ Archipel's schema.*$/, '')]), [
      ['terraform-unknown-argument', 'locaton', 'Unsupported argument: the resource type azurerm_resource_group takes no argument "locaton". Did you mean "location"?'],
      ['terraform-missing-required', '"rg"', 'Missing required argument: the resource type azurerm_resource_group requires "location".'],
    ]);
  });

  it('an exported attribute set as an argument is refused as Terraform refuses it', () => {
    const text = 'resource "aws_instance" "a" {\n  ami = "ami-1"\n  arn = "x"\n}\n';
    const found = diagnose({ 'm/main.tf': text }, 'm/main.tf').filter((d) => d.code === 'terraform-unknown-argument');
    assert.deepEqual(found.map((d) => [covered(text, d), String(d.message).replace(/ Archipel's schema.*$/, '')]), [['arn', 'Value for unconfigurable attribute: can\'t configure a value for "arn": its value will be decided automatically based on the result of applying this configuration.']]);
  });

  it('dynamic blocks, nested blocks and object arguments of the schema', () => {
    const text = 'resource "aws_security_group" "a" {\n  name = "x"\n  dynamic "ingress" {\n    for_each = []\n    content {\n      from_port = 1\n      to_prt    = 2\n      protocol  = "tcp"\n    }\n  }\n}\n';
    const found = diagnose({ 'm/main.tf': text }, 'm/main.tf').filter((d) => String(d.code).startsWith('terraform-unknown')).map((d) => [d.code, covered(text, d)]);
    assert.deepEqual(found, [['terraform-unknown-argument', 'to_prt']]);
  });
});
