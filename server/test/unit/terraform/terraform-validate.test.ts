// terraform validate's type, instance-key and attribute checks (issue #66): the ten defects planted in
// three real modules (fixtures/terraform/planted-validate, expected.json: Terraform's summary and
// detail for each), each reported on its line in Terraform's words; go-cty's conversion rules and
// messages on inline cases. The unplanted copies give none of these (terraform-oss.test.ts).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { collectFiles, checkFiles } from '../../../src/platform/project';
import { familyFiles, families } from '../../../src/families/index';
import { defaultSettings } from '../../../src/settings';
import { terraformFeature } from '../../../src/terraform/feature';
import { installedModulesReader, probePath, schemasFor } from '../../../src/terraform/host';
import { conversionError } from '../../../src/terraform/model/valueTypes';
import { fixturesDir, repoRoot } from '../../helpers';
import { covered, diagnose, loadParser } from '../../terraform';

const planted = path.join(fixturesDir, 'terraform', 'planted-validate');

interface Expected {
  file: string;
  line: number;
  kind: string;
  summary: string;
  detail: string;
}

const CODES: Record<string, string> = { type: 'terraform-attribute-type', 'instance-key': 'terraform-instance-key', 'module-instance-key': 'terraform-instance-key', attribute: 'terraform-unsupported-attribute' };

describe('terraform validate: value types, instance keys, attributes', () => {
  before(loadParser);

  it('the ten defects planted in three real modules, each on its line with Terraform\'s summary and detail', async () => {
    const { expected } = JSON.parse(readFileSync(path.join(planted, 'expected.json'), 'utf8')) as { expected: Expected[] };
    const found: string[] = [];
    for (const module of ['rds-db-instance', 'aws-vpc', 'google-network']) {
      const terraform = families.filter((f) => f.id === 'terraform');
      const { files } = await collectFiles([path.join(planted, module)], defaultSettings, familyFiles(defaultSettings, terraform));
      const results = await checkFiles(files, [terraformFeature({ schemas: schemasFor(repoRoot), probe: probePath, installed: installedModulesReader })], defaultSettings);
      for (const result of results) {
        const relative = path.relative(planted, result.path).split(path.sep).join('/');
        for (const d of result.diagnostics) {
          if (!Object.values(CODES).includes(String(d.code))) continue;
          // The message: Terraform's summary and detail, then (a warning) why the schema's version may differ.
          found.push(`${relative}:${d.range.start.line + 1} ${String(d.code)} ${d.message}`);
        }
      }
    }
    assert.equal(found.length, expected.length, found.join('\n'));
    for (const e of expected) {
      const prefix = `${e.file}:${e.line} ${CODES[e.kind]} ${e.summary}: ${e.detail}`;
      assert.ok(found.some((f) => f === prefix || f.startsWith(`${prefix} `)), `${prefix}\n--- found:\n${found.join('\n')}`);
    }
  });

  it('go-cty\'s conversions: "5" to a number, a number or a bool to a string, "1"/"0"/"true"/"false" to a bool; a tuple to a list element by element', () => {
    assert.equal(conversionError({ kind: 'string', value: '5' }, 'number'), undefined);
    assert.equal(conversionError({ kind: 'string', value: '1.5e3' }, 'number'), undefined);
    assert.equal(conversionError({ kind: 'string', value: 'one hour' }, 'number'), 'a number is required');
    assert.equal(conversionError({ kind: 'number' }, 'string'), undefined);
    assert.equal(conversionError({ kind: 'bool' }, 'string'), undefined);
    assert.equal(conversionError({ kind: 'string', value: '1' }, 'bool'), undefined);
    assert.equal(conversionError({ kind: 'string', value: 'TRUE' }, 'bool'), 'a bool is required; to convert from string, use lowercase "true"');
    assert.equal(conversionError({ kind: 'string', value: 'yes' }, 'bool'), 'a bool is required');
    assert.equal(conversionError({ kind: 'number' }, 'bool'), 'bool required, but have number');
    assert.equal(conversionError({ kind: 'tuple', items: [{ kind: 'string' }] }, 'string'), 'string required, but have tuple');
    assert.equal(conversionError({ kind: 'string' }, ['list', 'string']), 'list of string required, but have string');
    assert.equal(conversionError({ kind: 'tuple', items: [{ kind: 'number' }, { kind: 'string', value: 'x' }] }, ['list', 'string']), undefined);
    assert.equal(conversionError({ kind: 'tuple', items: [{ kind: 'tuple', items: [] }] }, ['list', 'string']), 'element 0: string required, but have tuple');
    assert.equal(conversionError({ kind: 'tuple', items: [{ kind: 'string', value: 'x' }] }, ['list', 'number']), 'a number is required');
    assert.equal(conversionError({ kind: 'object', attributes: new Map([['a', { kind: 'string' }]]) }, ['map', 'string']), undefined);
    assert.equal(conversionError({ kind: 'tuple', items: [] }, ['map', 'string']), 'map of string required');
    assert.equal(conversionError({ kind: 'null' }, 'number'), undefined);
    assert.equal(conversionError(undefined, 'number'), undefined);
  });

  it('known expressions: typed variables, operators, a resource\'s typed attribute; a template whose text is not known (local.name for a bool) is not judged, as terraform validate does not', () => {
    const text = [
      'variable "ports" {',
      '  type = list(number)',
      '}',
      'variable "anything" {}',
      'locals {',
      '  name = "a-${var.anything}"',
      '}',
      'resource "aws_vpc" "a" {',
      '  cidr_block = "10.0.0.0/16"',
      '}',
      'resource "aws_security_group" "a" {',
      '  name   = var.ports',
      '  vpc_id = aws_vpc.a.id',
      '  description = 1 + 2',
      '  revoke_rules_on_delete = local.name',
      '  tags = { Name = local.name }',
      '}',
      'resource "aws_instance" "a" {',
      '  ami                         = var.anything',
      '  associate_public_ip_address = length(var.ports) > 0',
      '  ipv6_address_count          = "${length(var.ports)}"',
      '  vpc_security_group_ids      = aws_vpc.a.id',
      '  count                       = 2',
      '}',
      '',
    ].join('\n');
    const found = diagnose({ 'm/main.tf': text }, 'm/main.tf').filter((d) => d.code === 'terraform-attribute-type');
    assert.deepEqual(
      found.map((d) => [covered(text, d), String(d.message).replace(/ Archipel's schema.*$/, '')]),
      [
        ['var.ports', 'Incorrect attribute value type: Inappropriate value for attribute "name": string required, but have list of number.'],
        ['aws_vpc.a.id', 'Incorrect attribute value type: Inappropriate value for attribute "vpc_security_group_ids": list of string required, but have string.'],
      ],
    );
    assert.ok(found.every((d) => d.severity === DiagnosticSeverity.Warning));
  });

  it('instance keys: count, for_each, data sources, splats and indexes, module calls', () => {
    const text = [
      'resource "aws_vpc" "a" {',
      '  count      = 2',
      '  cidr_block = "10.0.0.0/16"',
      '}',
      'data "aws_subnet" "b" {',
      '  for_each = toset(["x"])',
      '}',
      'module "m" {',
      '  source   = "./m"',
      '  for_each = toset(["x"])',
      '}',
      'output "ok" {',
      '  value = [aws_vpc.a[0].id, aws_vpc.a[*].id, aws_vpc.a.*.id, length(aws_vpc.a), data.aws_subnet.b["x"].id, module.m["x"].out]',
      '}',
      'output "bad" {',
      '  value = [aws_vpc.a.id, data.aws_subnet.b.id, module.m.out]',
      '}',
      '',
    ].join('\n');
    const found = diagnose({ 'm/main.tf': text, 'm/m/main.tf': 'output "out" {\n  value = 1\n}\n' }, 'm/main.tf').filter((d) => d.code === 'terraform-instance-key').sort((a, b) => a.range.start.character - b.range.start.character);
    assert.deepEqual(found.map((d) => [covered(text, d), d.severity, String(d.message).split('\n')[0]]), [
      ['aws_vpc.a.id', DiagnosticSeverity.Error, 'Missing resource instance key: Because aws_vpc.a has "count" set, its attributes must be accessed on specific instances.'],
      ['data.aws_subnet.b.id', DiagnosticSeverity.Error, 'Missing resource instance key: Because data.aws_subnet.b has "for_each" set, its attributes must be accessed on specific instances.'],
      ['module.m.out', DiagnosticSeverity.Error, 'Unsupported attribute: Can\'t access attributes on a map of objects. Did you mean to access attribute "out" for a specific element of the map, or across all elements of the map?'],
    ]);
  });

  it('attributes: arguments, nested blocks and exported attributes are read; a misspelt one with Terraform\'s suggestion', () => {
    const text = 'resource "aws_instance" "a" {\n  ami = "x"\n}\noutput "o" {\n  value = [aws_instance.a.arn, aws_instance.a.ami, aws_instance.a.root_block_device, aws_instance.a.public_ipp, aws_instance.a.nothing_like_it]\n}\n';
    const found = diagnose({ 'm/main.tf': text }, 'm/main.tf').filter((d) => d.code === 'terraform-unsupported-attribute').sort((a, b) => a.range.start.character - b.range.start.character);
    assert.deepEqual(found.map((d) => [covered(text, d), String(d.message).replace(/ Archipel's schema.*$/, '')]), [
      ['public_ipp', 'Unsupported attribute: This object has no argument, nested block, or exported attribute named "public_ipp". Did you mean "public_ip"?'],
      ['nothing_like_it', 'Unsupported attribute: This object has no argument, nested block, or exported attribute named "nothing_like_it".'],
    ]);
  });
});
