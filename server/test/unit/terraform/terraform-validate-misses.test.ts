// Issue #83: two of the three terraform validate misses: two import blocks into one address, and a
// template inside depends_on.
import assert from 'node:assert/strict';
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
});
