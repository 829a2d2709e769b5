// Terraform's own configuration test data (hashicorp/terraform internal/configs/testdata, v1.5.7,
// MPL-2.0: fixtures/terraform/configs/SOURCES.md) replayed as Terraform's tests read it: each file of
// valid-files/ alone gives no error, each of invalid-files/ at least one, error-files/ and
// warning-files/ give on each line marked `# ERROR: <summary>` / `# WARNING: <summary>` a finding
// whose message starts with that summary; each folder of valid-modules/ and invalid-modules/ read
// as a module. Where Archipel says more than Terraform's loader, DIFFERENCES lists it with why.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { DiagnosticSeverity, type Diagnostic } from 'vscode-languageserver-types';
import { fixturesDir } from '../../helpers';
import { tflintRules } from '../../../src/terraform/checks/tflint';
import { diagnose, loadParser } from '../../terraform';

const root = path.join(fixturesDir, 'terraform', 'configs');

/**
 * Findings Terraform's file and folder loader does not give but `terraform validate` (or `init`)
 * does, by file: `line:code`, and why.
 */
const DIFFERENCES: Record<string, { found: string[]; why: string }> = {
  'valid-files/outputs.tf': { found: ['7:terraform-undeclared', '23:terraform-undeclared'], why: 'read alone, the file refers to local.bar and pizza.cheese, declared nowhere: terraform validate says so too; the loader does not resolve references' },
  'invalid-files/triggered-invalid-each.tf': { found: ['2:terraform-undeclared', '5:terraform-undeclared'], why: 'var.input and test_resource.b are declared nowhere (validate-time errors), besides the each.val the file is about' },
  'error-files/destroy-provisioners.tf': { found: ['13:terraform-invalid-reference', '14:terraform-invalid-reference', '34:terraform-duplicate'], why: 'count.index and each.key in a resource without count or for_each, and null_resource.b declared twice: validate-time and module-level errors the file loader does not check' },
  'valid-modules/override-module': { found: ['primary.tf:3:terraform-module-source'], why: 'the local source ./example2 names a folder the test data does not have; Terraform\'s loader does not load child modules' },
  'invalid-files/variable-validation-condition-badref.tf': { found: [], why: 'Terraform 1.9 and later allow a validation condition to refer to other objects (v1.5.7 refused it): Archipel follows current Terraform, so this file gives no error' },
};

function filesOf(folder: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (dir: string, prefix: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      if (statSync(full).isDirectory()) walk(full, `${prefix}${name}/`);
      else files[`${prefix}${name}`] = readFileSync(full, 'utf8');
    }
  };
  walk(folder, '');
  return files;
}

const key = (d: Diagnostic) => `${d.range.start.line + 1}:${String(d.code)}`;
/** Terraform's own checks: tflint's rules (terraform-tflint.test.ts replays their tests) are left out. */
const tflintIds = new Set(Object.values(tflintRules).map((r) => r.id));
const terraformOwn = (list: Diagnostic[]) => list.filter((d) => !tflintIds.has(String(d.code)));
const isError = (d: Diagnostic) => d.severity === DiagnosticSeverity.Error;

function fileAlone(set: string, name: string): Diagnostic[] {
  return terraformOwn(diagnose({ [`mod/${name}`]: readFileSync(path.join(root, set, name), 'utf8') }, `mod/${name}`));
}

function moduleFindings(set: string, name: string): string[] {
  const files = Object.fromEntries(Object.entries(filesOf(path.join(root, set, name))).map(([f, text]) => [`mod/${f}`, text]));
  return Object.keys(files)
    .filter((f) => /\.tf(\.json)?$/.test(f))
    .flatMap((f) => terraformOwn(diagnose(files, f)).filter(isError).map((d) => `${f.slice(4)}:${key(d)}`));
}

/** The marked lines of a file: line → summaries expected there. */
function markers(text: string, marker: string): Map<number, string> {
  const found = new Map<number, string>();
  text.split('\n').forEach((line, i) => {
    const at = line.indexOf(`${marker}: `);
    if (at >= 0) found.set(i + 1, line.slice(at + marker.length + 2).trim());
  });
  return found;
}

const counts = { agree: 0, differ: 0 };

describe('Terraform configs testdata (hashicorp/terraform v1.5.7)', () => {
  before(loadParser);
  after(() => console.log(`      configs testdata: ${counts.agree} files and modules agree with Terraform, ${counts.differ} differ (DIFFERENCES says why)`));

  for (const name of readdirSync(path.join(root, 'valid-files'))) {
    it(`valid-files/${name}: no error`, () => {
      const found = fileAlone('valid-files', name).filter(isError).map(key);
      const expected = DIFFERENCES[`valid-files/${name}`]?.found ?? [];
      assert.deepEqual(found.sort(), [...expected].sort());
      counts[expected.length > 0 ? 'differ' : 'agree']++;
    });
  }

  for (const name of readdirSync(path.join(root, 'invalid-files'))) {
    it(`invalid-files/${name}: at least one error`, () => {
      const found = fileAlone('invalid-files', name).filter(isError);
      const difference = DIFFERENCES[`invalid-files/${name}`];
      if (difference && difference.found.length === 0) {
        assert.deepEqual(found.map(key), []);
        counts.differ++;
        return;
      }
      assert.ok(found.length > 0, 'no error');
      for (const extra of difference?.found ?? []) assert.ok(found.map(key).includes(extra), `expected ${extra}`);
      counts[difference ? 'differ' : 'agree']++;
    });
  }

  for (const [set, marker, severity] of [['error-files', 'ERROR', DiagnosticSeverity.Error], ['warning-files', 'WARNING', DiagnosticSeverity.Warning]] as const) {
    for (const name of readdirSync(path.join(root, set))) {
      it(`${set}/${name}: each marked line's ${marker.toLowerCase()}, with Terraform's summary`, () => {
        const text = readFileSync(path.join(root, set, name), 'utf8');
        const wanted = markers(text, marker);
        const found = fileAlone(set, name).filter((d) => d.severity === severity || isError(d));
        for (const [line, summary] of wanted) {
          const here = found.filter((d) => d.range.start.line + 1 === line);
          assert.ok(here.some((d) => String(d.message).startsWith(summary)), `line ${line}: wanted "${summary}", found ${JSON.stringify(here.map((d) => d.message))}`);
        }
        const unmarked = found.filter((d) => !wanted.has(d.range.start.line + 1)).map(key);
        const expected = DIFFERENCES[`${set}/${name}`]?.found ?? [];
        assert.deepEqual(unmarked.sort(), [...expected].sort());
        counts[expected.length > 0 ? 'differ' : 'agree']++;
      });
    }
  }

  it('the seven files whose one error Terraform names (TestParserLoadConfigFileFailureMessages)', () => {
    const cases: [string, string][] = [
      ['data-resource-lifecycle.tf', 'Invalid data resource lifecycle argument'],
      ['variable-type-unknown.tf', 'Invalid type specification'],
      ['unexpected-attr.tf', 'Unsupported argument'],
      ['unexpected-block.tf', 'Unsupported block type'],
      ['resource-count-and-for_each.tf', 'Invalid combination of "count" and "for_each"'],
      ['data-count-and-for_each.tf', 'Invalid combination of "count" and "for_each"'],
      ['resource-lifecycle-badbool.tf', 'Unsuitable value type'],
    ];
    for (const [name, summary] of cases) {
      const found = fileAlone('invalid-files', name);
      assert.equal(found.length, 1, `${name}: ${JSON.stringify(found.map((d) => d.message))}`);
      assert.ok(String(found[0].message).startsWith(summary), `${name}: ${found[0].message}`);
    }
  });

  for (const name of readdirSync(path.join(root, 'valid-modules'))) {
    it(`valid-modules/${name}: no error`, () => {
      const expected = DIFFERENCES[`valid-modules/${name}`]?.found ?? [];
      assert.deepEqual(moduleFindings('valid-modules', name).sort(), [...expected].sort());
      counts[expected.length > 0 ? 'differ' : 'agree']++;
    });
  }

  for (const name of readdirSync(path.join(root, 'invalid-modules'))) {
    it(`invalid-modules/${name}: at least one error`, () => {
      assert.ok(moduleFindings('invalid-modules', name).length > 0);
      counts.agree++;
    });
  }
});
