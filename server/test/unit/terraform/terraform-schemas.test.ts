// Provider schemas: the bundled ones (schemas/terraform/, scripts/gen-terraform-schemas.mjs) check
// resources, data sources and providers; a lock file pinning the schema's version makes the findings
// errors, another version warnings that say so; the user's `terraform providers schema -json` wins.
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { admits, readProvidersSchemaJson } from '../../../src/terraform/model/providerSchemas';
import { covered, diagnose, loadParser } from '../../terraform';

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

  it('warnings that name both versions when the module runs another version, or an unknown one', () => {
    const other = diagnose({ 'm/versions.tf': versions, 'm/main.tf': resource, 'm/.terraform.lock.hcl': lock('4.0.0') }, 'm/main.tf').filter((d) => /unknown|missing-required/.test(String(d.code)));
    assert.deepEqual(other.map((d) => d.severity), [DiagnosticSeverity.Warning, DiagnosticSeverity.Warning, DiagnosticSeverity.Warning]);
    assert.match(String(other[0].message), /Archipel's schema is hashicorp\/random 3\.7\.2; the lock file pins 4\.0\.0: the difference of versions may explain it\.$/);
    const unknown = diagnose({ 'm/versions.tf': versions, 'm/main.tf': resource }, 'm/main.tf').filter((d) => /unknown|missing-required/.test(String(d.code)));
    assert.match(String(unknown[0].message), /the version this module runs is not known \(no lock file\)/);
    assert.ok(unknown.every((d) => d.severity === DiagnosticSeverity.Warning));
  });

  it('the user\'s terraform providers schema -json output, read as the provider they run', () => {
    const [schema] = readProvidersSchemaJson(JSON.stringify({ format_version: '1.0', provider_schemas: { 'registry.terraform.io/hashicorp/random': { provider: { block: {} }, resource_schemas: { random_password: { block: { attributes: { length: { type: 'number', required: true }, result: { type: 'string', computed: true } } } } } } } }))!;
    assert.deepEqual([schema.source, schema.user, schema.resources.random_password], ['hashicorp/random', true, { a: { length: 1 }, b: {} }]);
    assert.equal(readProvidersSchemaJson('not json'), undefined);
  });

  it('dynamic blocks, nested blocks and object arguments of the schema', () => {
    const text = 'resource "aws_security_group" "a" {\n  name = "x"\n  dynamic "ingress" {\n    for_each = []\n    content {\n      from_port = 1\n      to_prt    = 2\n      protocol  = "tcp"\n    }\n  }\n}\n';
    const found = diagnose({ 'm/main.tf': text }, 'm/main.tf').filter((d) => String(d.code).startsWith('terraform-unknown')).map((d) => [d.code, covered(text, d)]);
    assert.deepEqual(found, [['terraform-unknown-argument', 'to_prt']]);
  });
});
