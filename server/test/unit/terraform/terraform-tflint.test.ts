// tflint-ruleset-terraform's rule tests (fixtures/terraform/tflint/cases.json, MPL-2.0, SOURCES.md)
// replayed: each case's configuration checked with every tflint rule on, the rule's findings compared
// with tflint's issues (message and range), and its quick fix applied compared with tflint's fixed
// text. A case with rule options Archipel does not take (tflint's `Config`), or whose expected text
// tflint computes, is counted apart; every other difference is listed in DIFFERENCES with its reason.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { TextEdit } from 'vscode-languageserver-types';
import { defaultSettings, type ArchipelSettings } from '../../../src/settings';
import { terraformQuickFixes } from '../../../src/terraform/editor/fixes';
import { forgetHcl } from '../../../src/terraform/syntax/parse';
import { archipelId, tflintRules } from '../../../src/terraform/checks/tflint';
import { fixturesDir } from '../../helpers';
import { diagnose, indexOf, loadParser } from '../../terraform';

interface Pos {
  Line: number;
  Column: number;
}
interface Case {
  Name: string;
  Content: string | Record<string, string> | [];
  JSON?: boolean;
  Config?: unknown;
  Expected: { Message: unknown; Range: { Filename: string; Start?: Pos; End?: Pos } }[] | [];
  Fixed?: string;
}

const data = JSON.parse(readFileSync(path.join(fixturesDir, 'terraform', 'tflint', 'cases.json'), 'utf8')) as { rules: Record<string, Case[]> };

/** Cases whose result differs from tflint's, with why. */
const DIFFERENCES: Record<string, string> = {
  "terraform_empty_list_equality #5: multiple comparisons with [] are not recommended": 'in [] == ([] == [] ? [] : []) the grammar reads the outer comparison into the conditional: Archipel finds the inner comparison only',
  "terraform_comment_syntax #4: multi-line comment": "a // comment inside a /* */ block comment: tree-sitter reads the whole block as one comment, Archipel does not look inside it",
  "terraform_comment_syntax #7: multi-line comment with asterisk prefix": "a // comment inside a /* */ block comment: tree-sitter reads the whole block as one comment, Archipel does not look inside it",
  "terraform_deprecated_index #8: json invalid": "in JSON syntax, tflint places the range within the unescaped template; Archipel places it on the string as written",
  "terraform_deprecated_interpolation #7: nested wraps": "wraps nested in other templates or used as object keys: Archipel flags only a string that is one interpolation and nothing else",
  "terraform_deprecated_interpolation #8: interpolation as an object key": "wraps nested in other templates or used as object keys: Archipel flags only a string that is one interpolation and nothing else",
  "terraform_deprecated_lookup #1: deprecated lookup nested": "nested lookup() calls: Archipel's fixes of both overlap and the outer one is not applied",
  "terraform_map_duplicate_keys #3: Using variables as keys": "keys given by variables: tflint evaluates them, Archipel reads only literal keys",
  "terraform_module_pinned_source #6: invalid URL": "a source that is not a valid URL, or given by a variable's default: tflint evaluates and parses it as a URL, Archipel reads only literal sources (Terraform itself refuses variables there)",
  "terraform_module_pinned_source #38: module source with known variable": "a source that is not a valid URL, or given by a variable's default: tflint evaluates and parses it as a URL, Archipel reads only literal sources (Terraform itself refuses variables there)",
  "terraform_module_shallow_clone #15: module source with known variable": "a source given by a variable's default: tflint evaluates it, Archipel reads only literal sources (Terraform itself refuses variables there)",
  "terraform_module_version #14: with null version variable": "a version given by a null variable: tflint evaluates it, Archipel reads the argument as set",
  "terraform_required_providers #8: required_providers object missing source": "an entry without version or an empty object, the builtin terraform provider, JSON syntax and provider-defined functions: tflint's finer distinctions there are not all read yet",
  "terraform_required_providers #10: required_providers empty object": "an entry without version or an empty object, the builtin terraform provider, JSON syntax and provider-defined functions: tflint's finer distinctions there are not all read yet",
  "terraform_required_providers #16: builtin provider": "an entry without version or an empty object, the builtin terraform provider, JSON syntax and provider-defined functions: tflint's finer distinctions there are not all read yet",
  "terraform_required_providers #19: JSON syntax": "an entry without version or an empty object, the builtin terraform provider, JSON syntax and provider-defined functions: tflint's finer distinctions there are not all read yet",
  "terraform_required_providers #20: provider-defined function": "an entry without version or an empty object, the builtin terraform provider, JSON syntax and provider-defined functions: tflint's finer distinctions there are not all read yet",
  "terraform_standard_module_structure #1: non-standard module": "tflint reports on files that do not exist (and on JSON files); Archipel reports on the module's first file",
  "terraform_standard_module_structure #2: directory in path": "tflint reports on files that do not exist (and on JSON files); Archipel reports on the module's first file",
  "terraform_standard_module_structure #5: json only": "tflint reports on files that do not exist (and on JSON files); Archipel reports on the module's first file",
  "terraform_standard_module_structure #6: json variable": "tflint reports on files that do not exist (and on JSON files); Archipel reports on the module's first file",
  "terraform_standard_module_structure #7: json output": "tflint reports on files that do not exist (and on JSON files); Archipel reports on the module's first file",
  "terraform_typed_variables #5: json no type": "JSON syntax: tflint's range is the variable's key, Archipel's the JSON object",
  "terraform_unused_declarations #10: variable used in validation block": "a variable used only in its own validation, a data source scoped to a check block, and JSON syntax: tflint counts and ranges these differently",
  "terraform_unused_declarations #11: unused scoped data source": "a variable used only in its own validation, a data source scoped to a check block, and JSON syntax: tflint counts and ranges these differently",
  "terraform_unused_declarations #13: json with unused variable": "a variable used only in its own validation, a data source scoped to a check block, and JSON syntax: tflint counts and ranges these differently",
  "terraform_unused_declarations #22: json with unused provider alias": "a variable used only in its own validation, a data source scoped to a check block, and JSON syntax: tflint counts and ranges these differently",
  "terraform_unused_declarations #26: json with multiple provider aliases one unused": "a variable used only in its own validation, a data source scoped to a check block, and JSON syntax: tflint counts and ranges these differently",
  "terraform_unused_required_providers #6: used - module provider override": "a provider used only through a module's providers map or a provider-defined function: Archipel does not count those uses yet",
  "terraform_unused_required_providers #7: used - module provider override with alias": "a provider used only through a module's providers map or a provider-defined function: Archipel does not count those uses yet",
  "terraform_unused_required_providers #13: used - provider-defined function": "a provider used only through a module's providers map or a provider-defined function: Archipel does not count those uses yet",
  "terraform_workspace_remote #0: terraform.workspace in resource with remote backend": "tflint only warns when required_version admits Terraform 0.x and ranges on the expression's reference; Archipel warns with any remote backend",
  "terraform_workspace_remote #3: terraform.workspace with remote backend, but required_version does not support 1.0.x": "tflint only warns when required_version admits Terraform 0.x and ranges on the expression's reference; Archipel warns with any remote backend",
  "terraform_workspace_remote #4: terraform.workspace with remote backend, but required_version is not declared": "tflint only warns when required_version admits Terraform 0.x and ranges on the expression's reference; Archipel warns with any remote backend",
  "terraform_workspace_remote #6: terraform.workspace in data source with remote backend": "tflint only warns when required_version admits Terraform 0.x and ranges on the expression's reference; Archipel warns with any remote backend",
  "terraform_workspace_remote #13: terraform.workspace in JSON syntax": "tflint only warns when required_version admits Terraform 0.x and ranges on the expression's reference; Archipel warns with any remote backend",
  "terraform_workspace_remote #15: required_version does not support 1.0.x by multiple setting": "tflint only warns when required_version admits Terraform 0.x and ranges on the expression's reference; Archipel warns with any remote backend",
};

const everyRuleOn: ArchipelSettings = { ...defaultSettings, rules: { ...defaultSettings.rules, ...Object.fromEntries(Object.values(tflintRules).map((r) => [r.id, 'warning' as const])) } };

function filesOf(c: Case, rule: string): Record<string, string> {
  if (typeof c.Content === 'string') {
    const named = c.Expected[0]?.Range.Filename;
    const name = named && !named.includes('/') ? named : c.JSON ? 'config.tf.json' : rule === 'terraform_typed_variables' || rule === 'terraform_documented_variables' ? 'variables.tf' : 'config.tf';
    return { [name]: c.Content };
  }
  return Array.isArray(c.Content) || !c.Content ? {} : c.Content;
}

function applyFix(text: string, edits: TextEdit[]): string {
  const lines = text.split('\n');
  const offset = (p: { line: number; character: number }) => lines.slice(0, p.line).reduce((n, l) => n + l.length + 1, 0) + p.character;
  const sorted = [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, offset(e.range.start)) + e.newText + out.slice(offset(e.range.end));
  return out;
}

/** What Archipel says of a case, as tflint writes it; and the fixed text when tflint fixes. */
function replay(rule: string, c: Case): { issues: string[]; fixed?: string } {
  const id = archipelId(rule);
  const files = Object.fromEntries(Object.entries(filesOf(c, rule)).map(([name, text]) => [`mod/${name}`, text]));
  // Each case read afresh: not re-parsed from the previous case's tree of the same file name.
  for (const name of Object.keys(files)) forgetHcl(`file:///w/${name}`);
  const issues: string[] = [];
  let fixed: string | undefined;
  for (const name of Object.keys(files)) {
    const found = diagnose(files, name, {}, everyRuleOn).filter((d) => d.code === id);
    for (const d of found) issues.push(`${name.slice(4)}:${d.range.start.line + 1},${d.range.start.character + 1}-${d.range.end.line + 1},${d.range.end.character + 1} ${String(d.message)}`);
    if (c.Fixed !== undefined && found.length > 0) {
      const index = indexOf(files);
      const edits = terraformQuickFixes(index.get(`file:///w/${name}`)!, found).flatMap((a) => Object.values(a.edit?.changes ?? {}).flat());
      fixed = applyFix(files[name], edits);
    }
  }
  return { issues: issues.sort(), fixed };
}

const counts = { agree: 0, options: 0, computed: 0, differ: 0 };

describe("tflint-ruleset-terraform's rule tests", () => {
  before(loadParser);
  after(() => console.log(`      tflint cases: ${counts.agree} agree, ${counts.differ} differ (DIFFERENCES says why), ${counts.options} take rule options Archipel does not, ${counts.computed} have messages tflint computes`));

  for (const [rule, cases] of Object.entries(data.rules)) {
    for (const [i, c] of cases.entries()) {
      const key = `${rule} #${i}: ${c.Name}`;
      it(key, () => {
        if (c.Config !== undefined) return void counts.options++;
        if (c.Expected.some((e) => typeof e.Message !== 'string')) return void counts.computed++;
        const wanted = c.Expected.map((e) => `${e.Range.Filename}:${e.Range.Start?.Line ?? 0},${e.Range.Start?.Column ?? 0}-${e.Range.End?.Line ?? 0},${e.Range.End?.Column ?? 0} ${String(e.Message)}`).sort();
        const { issues, fixed } = replay(rule, c);
        const agrees = JSON.stringify(issues) === JSON.stringify(wanted) && (c.Fixed === undefined || c.Expected.length === 0 || fixed === c.Fixed);
        if (DIFFERENCES[key]) {
          assert.ok(!agrees, `${key} agrees now: remove it from DIFFERENCES`);
          counts.differ++;
          return;
        }
        assert.deepEqual(issues, wanted);
        if (c.Fixed !== undefined && c.Expected.length > 0) assert.equal(fixed, c.Fixed);
        counts.agree++;
      });
    }
  }
});
