/**
 * tflint-ruleset-terraform's twenty rules under their own names (`terraform_typed_variables` is
 * `terraform-typed-variables`), with tflint's messages, ranges and autofixes (quick fixes), its
 * recommended preset on (warnings) and the rest opt-in; `# tflint-ignore: <rule>[, <rule>]` (or
 * `all`) on a line or the line above, and `# tflint-ignore-file: <rule>` at the top of a file,
 * honoured as tflint honours them.
 */
import type { SeveritySetting } from '../../common/diagnostics';
import type { Finding } from '../../common/findings';
import { defineRule, type RuleInfo } from '../../rules/registry';
import type { Comment } from '../syntax/syntax';

const rule = (id: string, defaultSeverity: SeveritySetting, description: string): RuleInfo => defineRule({ id, defaultSeverity, description });

/** tflint-ruleset-terraform's rules: on (warning) when its `recommended` preset has them, else opt-in. */
export const tflintRules = {
  commentSyntax: rule('terraform-comment-syntax', 'off', 'Opt-in (off as in tflint\'s recommended preset): tflint terraform_comment_syntax: a // comment; Terraform\'s style is #.'),
  deprecatedIndex: rule('terraform-deprecated-index', 'warning', 'tflint terraform_deprecated_index: a list item read with the legacy dot syntax (list.0, list.*.id) instead of brackets.'),
  deprecatedInterpolation: rule('terraform-deprecated-interpolation', 'warning', 'tflint terraform_deprecated_interpolation: an interpolation-only string ("${var.x}") where the expression itself is meant.'),
  deprecatedLookup: rule('terraform-deprecated-lookup', 'warning', 'tflint terraform_deprecated_lookup: lookup() with two arguments, which is map[key].'),
  documentedOutputs: rule('terraform-documented-outputs', 'off', 'Opt-in (off as in tflint\'s recommended preset): tflint terraform_documented_outputs: an output without a description.'),
  documentedVariables: rule('terraform-documented-variables', 'off', 'Opt-in (off as in tflint\'s recommended preset): tflint terraform_documented_variables: a variable without a description.'),
  emptyListEquality: rule('terraform-empty-list-equality', 'warning', 'tflint terraform_empty_list_equality: a comparison with [], which is never true of a collection; check length() instead.'),
  jsonSyntax: rule('terraform-json-syntax', 'warning', 'tflint terraform_json_syntax: a *.tf.json file whose root is an array instead of an object.'),
  mapDuplicateKeys: rule('terraform-map-duplicate-keys', 'warning', 'tflint terraform_map_duplicate_keys: an object expression with the same key twice (the last wins).'),
  modulePinnedSource: rule('terraform-module-pinned-source', 'warning', 'tflint terraform_module_pinned_source: a git or Mercurial module source without a ref, or pinned to a default branch.'),
  moduleShallowClone: rule('terraform-module-shallow-clone', 'off', 'Opt-in (off as in tflint\'s recommended preset): tflint terraform_module_shallow_clone: a git module source pinned to a ref without depth=1.'),
  moduleVersion: rule('terraform-module-version', 'warning', 'tflint terraform_module_version: a registry module without a version.'),
  namingConvention: rule('terraform-naming-convention', 'off', 'Opt-in (off as in tflint\'s recommended preset): tflint terraform_naming_convention: a block name that is not snake_case.'),
  requiredProviders: rule('terraform-required-providers', 'warning', 'tflint terraform_required_providers: a provider used without a source and version constraint in required_providers, or a version in a provider block.'),
  requiredVersion: rule('terraform-required-version', 'warning', 'tflint terraform_required_version: a module without required_version in its terraform block.'),
  standardModuleStructure: rule('terraform-standard-module-structure', 'off', 'Opt-in (off as in tflint\'s recommended preset): tflint terraform_standard_module_structure: a module without main.tf, variables.tf and outputs.tf, or with variables and outputs elsewhere.'),
  typedVariables: rule('terraform-typed-variables', 'warning', 'tflint terraform_typed_variables: a variable without a type.'),
  unusedDeclarations: rule('terraform-unused-declarations', 'warning', 'tflint terraform_unused_declarations: a variable, local, data source or aliased provider the module never uses.'),
  unusedRequiredProviders: rule('terraform-unused-required-providers', 'off', 'Opt-in (off as in tflint\'s recommended preset): tflint terraform_unused_required_providers: a required provider no resource, data source or provider block uses.'),
  workspaceRemote: rule('terraform-workspace-remote', 'warning', "tflint terraform_workspace_remote: terraform.workspace used with a 'remote' backend, where it is always default."),
};

const TFLINT_IDS = new Set(Object.values(tflintRules).map((r) => r.id));

/** The Archipel id of a tflint rule name (`terraform_typed_variables` → `terraform-typed-variables`). */
export function archipelId(name: string): string {
  return name.trim().toLowerCase().replace(/_/g, '-');
}

/** The tflint rules silenced by `tflint-ignore` comments: by line (the comment's line and the next), and for the whole file. */
export function tflintIgnores(comments: readonly Comment[], lineOf: (offset: number) => number, endLineOf: (offset: number) => number): { lines: Map<number, Set<string>>; file: Set<string> } {
  const lines = new Map<number, Set<string>>();
  const file = new Set<string>();
  for (const comment of comments) {
    const match = /tflint-ignore(-file)?:\s*([\w\s,-]+)/.exec(comment.text);
    if (!match) continue;
    const ids = match[2].split(/[\s,]+/).filter(Boolean).map((name) => (name === 'all' ? 'all' : archipelId(name)));
    if (match[1]) {
      for (const id of ids) file.add(id);
      continue;
    }
    // The comment's own line and the line after it (tflint: the first line).
    const line = lineOf(comment.start);
    for (const at of [line, endLineOf(comment.end) + (comment.style === '/*' ? 1 : 1)]) {
      const set = lines.get(at) ?? new Set<string>();
      for (const id of ids) set.add(id);
      lines.set(at, set);
    }
  }
  return { lines, file };
}

/** Findings without those a tflint-ignore comment silences (tflint's rules only). */
export function withoutIgnored(findings: Finding[], comments: readonly Comment[], lineOf: (offset: number) => number): Finding[] {
  if (!comments.some((c) => c.text.includes('tflint-ignore'))) return findings;
  const { lines, file } = tflintIgnores(comments, lineOf, lineOf);
  return findings.filter((f) => {
    if (!TFLINT_IDS.has(f.code)) return true;
    if (file.has(f.code) || file.has('all')) return false;
    const here = lines.get(lineOf(f.start));
    return !(here && (here.has(f.code) || here.has('all')));
  });
}
