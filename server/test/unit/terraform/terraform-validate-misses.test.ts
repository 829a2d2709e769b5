// Issue #83: the three terraform validate misses: two import blocks into one address, a template
// inside depends_on, and a for_each key read from an attribute the iterated objects lack.
import assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { covered, diagnose, loadParser } from '../../terraform';

const resource = 'resource "aws_s3_bucket" "logs" {\n  bucket = "logs"\n}\n\n';

function found(files: Record<string, string>, name: string, code: string): string[] {
  return diagnose(files, name)
    .filter((d) => d.code === code)
    .map((d) => `${d.range.start.line}:${covered(files[name], d)} ${String(d.message)}`);
}

describe('terraform validate misses (issue #83)', () => {
  before(loadParser);

  it('two import blocks into one address: the later in the files\' order reported, naming the first; for_each imports and distinct keys are not', () => {
    const main = `${resource}import {\n  to = aws_s3_bucket.logs\n  id = "logs"\n}\n`;
    const other = 'import {\n  to = aws_s3_bucket.logs\n  id = "logs-2"\n}\n\nimport {\n  for_each = toset(["a"])\n  to       = aws_s3_bucket.logs\n  id       = each.value\n}\n';
    const files = { 'm/main.tf': main, 'm/imports.tf': other };
    // In the files' order, as Terraform reads them: imports.tf before main.tf.
    assert.deepEqual(found(files, 'm/main.tf', 'terraform-duplicate'), ['5:aws_s3_bucket.logs Duplicate import configuration: an import block into "aws_s3_bucket.logs" is already declared at imports.tf:2; a resource instance is imported by one import block.']);
    assert.deepEqual(found(files, 'm/imports.tf', 'terraform-duplicate'), []);
    const keyed = { 'm/main.tf': `${resource}import {\n  to = aws_s3_bucket.logs["a"]\n  id = "a"\n}\n\nimport {\n  to = aws_s3_bucket.logs["b"]\n  id = "b"\n}\n` };
    assert.deepEqual(found(keyed, 'm/main.tf', 'terraform-duplicate'), []);
  });

  it('a template inside depends_on: an error on it; a reference beside it is not', () => {
    const main = `${resource}resource "aws_s3_bucket" "copy" {\n  bucket     = "copy"\n  depends_on = ["\${aws_s3_bucket.logs.id}", aws_s3_bucket.logs]\n}\n`;
    assert.deepEqual(found({ 'm/main.tf': main }, 'm/main.tf', 'terraform-invalid-reference'), [
      '6:"${aws_s3_bucket.logs.id}" Invalid expression: depends_on takes references only (aws_instance.web, module.net); a template ("${…}") is not one: write the reference without quotes.',
    ]);
  });

  it('a for_each key read from an attribute the objects\' type lacks: an error on the attribute, with the near name and its fix; declared, shadowed and untyped ones are not', () => {
    const variables = 'variable "objs" {\n  type = list(object({\n    name = string\n    size = optional(number, 1)\n  }))\n}\n\nvariable "loose" {\n  type = any\n}\n';
    const main = `${variables}\nresource "aws_s3_bucket" "each" {\n  for_each = { for o in var.objs : o.nme => o }\n  bucket   = each.key\n}\n\nresource "aws_s3_bucket" "fine" {\n  for_each = { for i, o in var.objs : o.name => [for o in var.loose : o.key] if o.size > 0 }\n  bucket   = each.key\n}\n\nresource "aws_s3_bucket" "loose" {\n  for_each = { for o in var.loose : o.nme => o }\n  bucket   = each.key\n}\n\nresource "aws_s3_bucket" "dyn" {\n  bucket = "dyn"\n  dynamic "grant" {\n    for_each = { for o in var.objs : o.id => o }\n    content {\n      type = "CanonicalUser"\n    }\n  }\n}\n`;
    const files = { 'm/main.tf': main };
    assert.deepEqual(found(files, 'm/main.tf', 'terraform-unsupported-attribute'), [
      '12:nme Unsupported attribute: This object does not have an attribute named "nme". Did you mean "name"?',
      '29:id Unsupported attribute: This object does not have an attribute named "id".',
    ]);
    assert.deepEqual(diagnose(files, 'm/main.tf').filter((d) => d.code === 'terraform-unsupported-attribute').map((d) => d.severity), [DiagnosticSeverity.Error, DiagnosticSeverity.Error]);
  });
});
