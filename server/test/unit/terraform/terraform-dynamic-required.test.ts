// Issue #83: a `dynamic` block counts for its own block type only. terraform-aws-eks's root module and
// terraform-google-kubernetes-engine's private-cluster (fixtures/oss/terraform, SOURCES.md),
// each with the central resource's required argument removed beside its dynamic blocks: found (was
// not: any dynamic block turned the check off for the whole resource); as published: not reported.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { fixturesDir } from '../../helpers';
import { covered, diagnose, loadParser } from '../../terraform';

const oss = path.join(fixturesDir, 'oss', 'terraform');

/** The `.tf` files of a fixture folder, `file` changed by `edit`. */
function module(folder: string, file: string, edit: (text: string) => string = (text) => text): Record<string, string> {
  const files: Record<string, string> = {};
  for (const name of readdirSync(path.join(oss, folder)).filter((n) => n.endsWith('.tf'))) {
    const text = readFileSync(path.join(oss, folder, name), 'utf8');
    files[`m/${name}`] = name === file ? edit(text) : text;
  }
  return files;
}

function removeLine(text: string, line: string): string {
  assert.ok(text.includes(`${line}\n`), line);
  return text.replace(`${line}\n`, '');
}

const cases = [
  { folder: 'terraform-aws-eks', file: 'main.tf', line: '  role_arn                      = local.role_arn', label: '"this"', message: 'Missing required argument: the resource type aws_eks_cluster requires "role_arn".' },
  { folder: 'terraform-google-kubernetes-engine/modules/private-cluster', file: 'cluster.tf', line: '  name            = var.name', label: '"primary"', message: 'Missing required argument: the resource type google_container_cluster requires "name".' },
];

describe('terraform required arguments beside dynamic blocks (issue #83)', () => {
  before(loadParser);

  for (const { folder, file, line, label, message } of cases) {
    it(`${folder}: without ${line.trim().split(' ')[0]}, reported on the resource; as published, not`, () => {
      const files = module(folder, file, (text) => removeLine(text, line));
      const found = diagnose(files, `m/${file}`).filter((d) => d.code === 'terraform-missing-required');
      assert.deepEqual(found.map((d) => [covered(files[`m/${file}`], d), String(d.message).replace(/ Archipel's schema is .*$/s, '')]), [[label, message]]);
      assert.deepEqual(diagnose(module(folder, file), `m/${file}`).filter((d) => d.code === 'terraform-missing-required'), []);
    });
  }
});
