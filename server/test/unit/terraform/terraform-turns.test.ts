// A large module checked ahead in slices (issue #67's 100,000 resources: the language server held
// another file's request for the whole module check): the feature's `prepare` parses the module's
// files, builds it and runs its checks a part at a time with turns of the event loop between them,
// and what it keeps is exactly what the checks give when asked without it; an edit meanwhile stops
// it, and the findings then read the edited text.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { diagnoseFile, prepareFile } from '../../../src/service';
import { terraformFeature } from '../../../src/terraform/feature';
import { schemasFor } from '../../../src/terraform/host';
import { fixturesDir, repoRoot } from '../../helpers';
import { contextOf, indexOf, loadParser } from '../../terraform';

/** `count` aws_s3_bucket resources in files of 1,000, one in 500 with a misspelt argument, one in 700 reading an undeclared variable. */
function manyResources(count: number): Record<string, string> {
  const files: Record<string, string> = {};
  for (let f = 0; f * 1000 < count; f++) {
    const blocks: string[] = [];
    for (let i = f * 1000; i < Math.min(count, (f + 1) * 1000); i++) {
      const argument = i % 500 === 0 ? 'buckt' : 'bucket';
      const value = i % 700 === 0 ? 'var.missing' : `"b-${i}"`;
      blocks.push(`resource "aws_s3_bucket" "b${i}" {\n  ${argument} = ${value}\n  tags = {\n    n = "${i}"\n  }\n}\n`);
    }
    files[`big/r${f}.tf`] = blocks.join('\n');
  }
  files['big/versions.tf'] = 'terraform {\n  required_version = ">= 1.6.0"\n  required_providers {\n    aws = {\n      source  = "hashicorp/aws"\n      version = "~> 6.0"\n    }\n  }\n}\n';
  return files;
}

const schemas = schemasFor(repoRoot);
const feature = () => terraformFeature({ schemas });

/** Every file's diagnostics (code, line, message), each file's prepared first when `prepared`. */
async function allDiagnostics(files: Record<string, string>, prepared: boolean): Promise<string[]> {
  const index = indexOf(files);
  const features = [feature()];
  const context = contextOf(index);
  const out: string[] = [];
  for (const name of Object.keys(files).sort()) {
    const file = index.get(`file:///w/${name}`)!;
    if (prepared) await prepareFile(file, features, context);
    for (const d of diagnoseFile(file, features, context)) out.push(`${name}:${d.range.start.line} ${String(d.code)} ${d.message}`);
  }
  return out;
}

describe('Terraform: a module checked ahead, a slice at a time', () => {
  before(loadParser);

  it('5,000 resources: the event loop gets turns while the module is checked, and the findings are those computed without preparing', async () => {
    const files = manyResources(5_000);
    const index = indexOf(files);
    const features = [feature()];
    const context = contextOf(index);
    let turns = 0;
    let running = true;
    const spin = () => {
      if (!running) return;
      turns++;
      setImmediate(spin);
    };
    setImmediate(spin);
    await prepareFile(index.get('file:///w/big/r3.tf')!, features, context);
    running = false;
    assert.ok(turns > 1, `the event loop had ${turns} turn(s) during the check`);
    const prepared = await allDiagnostics(files, true);
    assert.deepEqual(prepared, await allDiagnostics(files, false));
    // The planted defects are found: 10 misspelt arguments, 8 undeclared variables.
    assert.equal(prepared.filter((d) => / terraform-unknown-argument /.test(d)).length, 10);
    assert.equal(prepared.filter((d) => / terraform-undeclared /.test(d)).length, 8);
  });

  it('the GKE module: every file\'s findings the same, prepared or not', async () => {
    const gke = path.join(fixturesDir, 'oss', 'terraform', 'terraform-google-kubernetes-engine');
    const files: Record<string, string> = {};
    for (const name of readdirSync(gke).filter((n) => n.endsWith('.tf'))) files[name] = readFileSync(path.join(gke, name), 'utf8');
    const prepared = await allDiagnostics(files, true);
    assert.ok(prepared.length > 0);
    assert.deepEqual(prepared, await allDiagnostics(files, false));
  });

  it('an edit while the module is prepared stops the preparation; the findings read the edited text', async () => {
    const files = manyResources(5_000);
    const index = indexOf(files);
    const features = [feature()];
    const context = contextOf(index);
    const file = index.get('file:///w/big/r0.tf')!;
    // Edited at the preparation's first turn: bucket b1's argument misspelt too.
    const edited = files['big/r0.tf'].replace('resource "aws_s3_bucket" "b1" {\n  bucket =', 'resource "aws_s3_bucket" "b1" {\n  buckt =');
    assert.notEqual(edited, files['big/r0.tf']);
    setImmediate(() => index.update('file:///w/big/r0.tf', edited));
    await prepareFile(file, features, context);
    const after = diagnoseFile(index.get('file:///w/big/r0.tf')!, features, context).filter((d) => d.code === 'terraform-unknown-argument');
    assert.deepEqual(after.map((d) => d.range.start.line), [1, 8, 3501]);
  });
});
