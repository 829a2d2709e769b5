// Issue #84's Terraform inputs that held Archipel, scaled to test size: the work is counted (never
// timed) and must grow linearly with the input.
import assert from 'node:assert/strict';
import { parseHcl, forgetHcl } from '../../../src/terraform/syntax/parse';
import type { HclFile } from '../../../src/terraform/syntax/syntax';
import { mapModules } from '../../../src/terraform/systemModules';
import { terraformSystem } from '../../../src/terraform/system';
import { systemModel } from '../../../src/system/model';
import type { Attribute } from '../../../src/terraform/syntax/syntax';
import { prepareModuleFindings, terraformFindings, type ModuleCheck } from '../../../src/terraform/checks/diagnostics';
import { moduleAt } from '../../../src/terraform/model/model';
import { contextOf, diagnose, indexOf, loadParser } from '../../terraform';

/** Makes every attribute of the block count the reads of its name. */
function countNameReads(attributes: Attribute[]): { reads: number } {
  const counter = { reads: 0 };
  for (const a of attributes) {
    const name = a.name;
    Object.defineProperty(a, 'name', {
      get: () => {
        counter.reads++;
        return name;
      },
    });
  }
  return counter;
}

describe('terraform bounds (issue #84)', () => {
  before(loadParser);

  it('a locals block of 5,000 attributes: the checks read each name a bounded number of times (was quadratic: 25 M reads)', () => {
    const n = 5000;
    const text = `locals {\n${Array.from({ length: n }, (_, i) => `  a${i} = "v${i}"\n`).join('')}}\n`;
    const uri = 'file:///w/main.tf';
    forgetHcl(uri);
    const file = parseHcl(text, uri);
    const counter = countNameReads(file.body.blocks[0].body.attributes);
    const found = diagnose({ 'main.tf': text }, 'main.tf');
    forgetHcl(uri);
    assert.equal(found.filter((d) => d.code === 'terraform-unused-declarations').length, n);
    assert.ok(counter.reads <= 40 * n, `${counter.reads} reads of attribute names for ${n} attributes`);
  });
});

describe('terraform module findings prepared once (issue #84)', () => {
  before(loadParser);

  it('the 8 files of one module prepared at the same time compute its findings once (was once per file: 100,000 resources in 50 files, 50 times)', async () => {
    const files: Record<string, string> = {};
    for (let f = 0; f < 8; f++) files[`f${f}.tf`] = Array.from({ length: 50 }, (_, i) => `resource "aws_instance" "r${f}_${i}" {\n  ami = "ami-1"\n}\n`).join('');
    const index = indexOf(files);
    let runs = 0;
    const counting: ModuleCheck = (module) => {
      runs++;
      return [{ uri: module.files[0].file.uri, finding: { start: 0, end: 8, code: 'terraform-test', message: `${module.declarations.length} declarations` } }];
    };
    const checks = [counting];
    await Promise.all(Object.keys(files).map((name) => prepareModuleFindings(index.get(`file:///w/${name}`)!, contextOf(index), checks)));
    assert.equal(runs, 1);
    const first = terraformFindings(index.get('file:///w/f0.tf')!, contextOf(index), checks).filter((f) => f.code === 'terraform-test');
    assert.deepEqual(first.map((f) => f.message), ['400 declarations']);
    assert.equal(runs, 1);
  });
});

/** The parser's module as the compiled code calls it (CommonJS: each call reads the export), so a test can count its parses. */
// eslint-disable-next-line @typescript-eslint/no-require-imports
const parse = require('../../../src/terraform/syntax/parse') as { parseHcl: (text: string, uri?: string) => HclFile };

describe('terraform module text bound (issue #84)', () => {
  before(loadParser);

  it('a module of 5 files of 0.9 MB of chained resources: the fifth is not read, one limit finding on it, the module not checked (was: every file read and checked, 100,000 resources in 17 MB held 1-2 GB)', () => {
    const files: Record<string, string> = {};
    let k = 0;
    for (let f = 0; f < 5; f++) {
      let text = '';
      while (text.length < 900_000) {
        text += `resource "aws_instance" "r${k}" {\n  ami = "ami-1"\n${k > 0 ? `  subnet_id = aws_instance.r${k - 1}.id\n` : ''}}\n`;
        k++;
      }
      files[`f${f}.tf`] = text;
    }
    files['f0.tf'] += 'output "o" {\n  value = aws_instance.missing.id\n}\n';
    const index = indexOf(files);
    const module = moduleAt(index, 'file:///w');
    assert.deepEqual(module.files.map((f) => f.file.uri), ['file:///w/f0.tf', 'file:///w/f1.tf', 'file:///w/f2.tf', 'file:///w/f3.tf']);
    assert.deepEqual([...(module.limit?.unread ?? [])], ['file:///w/f4.tf']);
    const fifth = diagnose(files, 'f4.tf');
    assert.deepEqual(fifth.map((d) => [d.code, d.range.start.line, d.message]), [
      ['terraform-limit', 0, 'The module of this folder passes 4.0 MB of configuration (4.5 MB in 5 files): this file and the next ones in name order are not read, and the module is neither checked nor drawn on the system map (a limit of Archipel).'],
    ]);
    // The reference to an undeclared resource is not said: the module is not checked.
    assert.deepEqual(diagnose(files, 'f0.tf').map((d) => d.code), []);
  });

  it('no file past the bound is parsed, by the checks of every file of the module nor by the system map; the map reads the module under the bound beside it, not the one past it (issue #84: drawing the 22,000 resources read of 100,000 set the peak, 285 MB)', () => {
    const files: Record<string, string> = {};
    let k = 0;
    for (let f = 0; f < 5; f++) {
      let text = '';
      while (text.length < 900_000) {
        text += `resource "aws_instance" "r${k}" {\n  ami = "ami-1"\n${k > 0 ? `  subnet_id = aws_instance.r${k - 1}.id\n` : ''}}\n`;
        k++;
      }
      files[`big/f${f}.tf`] = text;
    }
    files['small/main.tf'] = 'resource "aws_db_instance" "db" {\n  engine = "postgres"\n}\n';
    const parsed: string[] = [];
    const original = parse.parseHcl;
    parse.parseHcl = (text, uri) => {
      parsed.push(uri ?? '');
      return original(text, uri);
    };
    try {
      for (const uri of Object.keys(files).map((name) => `file:///w/${name}`)) forgetHcl(uri);
      const index = indexOf(files);
      const context = contextOf(index);
      for (const name of Object.keys(files)) terraformFindings(index.get(`file:///w/${name}`)!, context);
      assert.deepEqual(mapModules(index).map(({ module }) => module.folder), ['file:///w/small']);
      const model = systemModel(index, [{ family: 'terraform', contributor: terraformSystem }]);
      assert.deepEqual(model.nodes.filter((n) => n.family === 'terraform').map((n) => n.id), ['terraform:aws_db_instance:file:///w/small/main.tf#aws_db_instance.db']);
      assert.deepEqual([...new Set(parsed)].sort(), ['file:///w/big/f0.tf', 'file:///w/big/f1.tf', 'file:///w/big/f2.tf', 'file:///w/big/f3.tf', 'file:///w/small/main.tf']);
      assert.equal(parsed.length, 5);
    } finally {
      parse.parseHcl = original;
    }
  });

  it('a module under the bound is read and checked whole', () => {
    const files = { 'main.tf': 'output "o" {\n  value = aws_instance.missing.id\n}\n' };
    const module = moduleAt(indexOf(files), 'file:///w');
    assert.equal(module.limit, undefined);
    assert.deepEqual(diagnose(files, 'main.tf').map((d) => d.code), ['terraform-undeclared', 'terraform-required-version']);
  });
});
