/**
 * The Ansible family's rules. ansible-lint's rules keep their ids, as Archipel writes ids: kebab-case
 * under the family's prefix, a sub-rule's brackets as one more word — `fqcn[action-core]` is
 * `ansible-fqcn-action-core`, `no-changed-when` is `ansible-no-changed-when` — so that
 * `# archipel-ignore ansible-fqcn-action-core`, `archipel.rules` and the CLI's output take them like any
 * other id, while `# noqa: fqcn[action-core]` (or `# noqa: fqcn`, the whole rule) and `.ansible-lint`'s
 * skip_list, warn_list and enable_list name them as ansible-lint does (docs/ansible.md, "Rule ids").
 */
import type { SeveritySetting } from '../../common/diagnostics';
import { defineRule, type RuleInfo } from '../../rules/registry';

export interface AnsibleRule extends RuleInfo {
  /** ansible-lint's id (`name[casing]`), for rules ansible-lint has. */
  readonly lint?: string;
}

/** The Archipel id of an ansible-lint id: `name[casing]` → `ansible-name-casing`. */
export function archipelId(lintId: string): string {
  return `ansible-${lintId.replace(/(?<!\[)\[([^\]]+)\]$/, '-$1')}`;
}

const byLint = new Map<string, AnsibleRule>();
const lintById = new Map<string, string>();

function lint(id: string, defaultSeverity: SeveritySetting, description: string, options: { needsIndex?: true } = {}): AnsibleRule {
  const rule = defineRule<AnsibleRule>({ id: archipelId(id), defaultSeverity, description, lint: id, ...options });
  byLint.set(id, rule);
  lintById.set(rule.id, id);
  return rule;
}

/** ansible-lint's id of an Archipel rule id (`ansible-name-casing` → `name[casing]`), for rules ansible-lint has. */
export function lintIdOf(code: string): string | undefined {
  return lintById.get(code);
}

function own(id: string, defaultSeverity: SeveritySetting, description: string, options: { needsIndex?: true } = {}): AnsibleRule {
  return defineRule<AnsibleRule>({ id, defaultSeverity, description, ...options });
}

/** Every ansible-lint id Archipel implements. */
export function lintIds(): string[] {
  return [...byLint.keys()];
}

export const rules = {
  schemaPlaybook: lint('schema[playbook]', 'error', 'A playbook Ansible refuses: a play without hosts, a keyword unknown to plays, blocks or loop_control, a keyword of the wrong type (a mapping where a list or a string belongs).'),
  schemaTasks: lint('schema[tasks]', 'error', 'A task or handler file Ansible refuses: not a list of tasks, a block keyword unknown, a keyword of the wrong type.'),
  schemaVars: lint('schema[vars]', 'error', 'A vars file (defaults/, vars/, group_vars/, host_vars/) that is not a mapping of variables.'),
  schemaMeta: lint('schema[meta]', 'error', "A role's meta/main.yml Ansible Galaxy refuses: galaxy_info, dependencies, allow_duplicates, collections of the wrong shape."),
  schemaRequirements: lint('schema[requirements]', 'error', 'A requirements.yml ansible-galaxy refuses: roles and collections entries without a name or src, unknown keys.'),
  schemaInventory: lint('schema[inventory]', 'error', 'A YAML inventory Ansible refuses: a group holding something else than hosts, children and vars.'),
  unknownModule: lint('syntax-check[unknown-module]', 'error', "A task's action no module answers: neither an ansible.builtin module, nor a name ansible-core routes to a collection, nor a module of a collection the workspace documents (a collection's module Archipel has no documentation of is never reported)."),
  syntax: lint('syntax-check[specific]', 'error', "A task Ansible cannot load: several actions (\"conflicting action statements\"), none, free-form words given to a module that takes none, a keyword that is not a task's."),
  missingFile: lint('syntax-check[missing-file]', 'error', 'An include_tasks, import_tasks or include of a task file (a written path) that exists nowhere Ansible looks for it: beside the including file, in its role, in a playbook\'s folder.', { needsIndex: true }),
  args: lint('args[module]', 'error', "A module's arguments its documentation refuses: an unknown argument, a required one missing, a value outside its choices or of a type Ansible cannot convert to the option's (with Ansible's leniency: \"yes\" for a boolean, \"8080\" for an integer, \"a,b\" for a list), arguments that exclude each other or that need another."),
  deprecatedModule: lint('deprecated-module', 'warning', 'A module ansible-core deprecates: the task `include` (removed in ansible-core 2.16: use include_tasks or import_tasks).'),
  fqcnActionCore: lint('fqcn[action-core]', 'warning', 'A builtin action written without its FQCN: use ansible.builtin.<name> (or ansible.legacy.<name>).'),
  fqcnAction: lint('fqcn[action]', 'warning', "A collection's action written by its short name: use its FQCN."),
  fqcnCanonical: lint('fqcn[canonical]', 'warning', 'A module named by an alias or a redirect instead of its canonical FQCN.'),
  fqcnKeyword: lint('fqcn[keyword]', 'warning', 'A play using the `collections` keyword: use FQCNs instead.'),
  nameMissing: lint('name[missing]', 'warning', 'A task without a name.'),
  nameCasing: lint('name[casing]', 'warning', 'A task or play name that starts with a lowercase letter.'),
  namePlay: lint('name[play]', 'warning', 'A play without a name.'),
  nameTemplate: lint('name[template]', 'warning', 'A Jinja template anywhere but at the end of a name.'),
  namePrefix: lint('name[prefix]', 'off', 'Opt-in (as in ansible-lint): a task of an included task file (not main.yml) whose name does not start with the file\'s stem and a vertical bar.'),
  noChangedWhen: lint('no-changed-when', 'warning', 'A command, shell or raw task without changed_when, creates or removes: it reports a change every time.'),
  noHandler: lint('no-handler', 'warning', 'A task run `when: result.changed`: it acts as a handler; notify one instead.'),
  riskyFilePermissions: lint('risky-file-permissions', 'warning', 'A module that may create a file without an explicit mode (or with `preserve` where it is not supported).'),
  riskyOctal: lint('risky-octal', 'warning', 'A numeric file mode without a leading zero (644 is decimal: 0o1204): quote it with a leading zero.'),
  riskyShellPipe: lint('risky-shell-pipe', 'warning', 'A shell command with a pipe and no `set -o pipefail`: a failing stage does not fail the task.'),
  commandInsteadOfModule: lint('command-instead-of-module', 'warning', 'A command or shell task running a tool a module does better (apt-get, systemctl, git, curl, tar…).'),
  commandInsteadOfShell: lint('command-instead-of-shell', 'warning', 'shell used where command suffices (no pipe, redirection, variable, glob or chaining).'),
  packageLatest: lint('package-latest', 'warning', 'A package installed with state: latest: the result depends on the day it runs.'),
  partialBecome: lint('partial-become', 'warning', 'become_user without become: the user does not change.'),
  literalCompare: lint('literal-compare', 'warning', 'A condition compared to a literal True or False: write `when: var` or `when: not var`.'),
  emptyStringCompare: lint('empty-string-compare', 'off', 'Opt-in (as in ansible-lint): a condition compared to an empty string; test the length instead.'),
  noFreeForm: lint('no-free-form', 'warning', 'A module called with free-form k=v arguments: write them as a mapping.'),
  noFreeFormRaw: lint('no-free-form[raw]', 'warning', 'executable= embedded in a raw command: use the args mapping.'),
  noFreeFormRawNonString: lint('no-free-form[raw-non-string]', 'warning', 'raw given something else than a string.'),
  deprecatedLocalAction: lint('deprecated-local-action', 'warning', 'local_action: use delegate_to: localhost.'),
  noTabs: lint('no-tabs', 'warning', "A tab in a task's key or string value, outside Jinja (lineinfile's line, regexp, insertafter and insertbefore may hold one): tabs display unpredictably."),
  noRelativePaths: lint('no-relative-paths', 'warning', "copy's src through ../files, template's through ../templates: Ansible's search path finds them without the relative path."),
  runOnceTask: lint('run-once[task]', 'warning', 'A task with run_once in a playbook: under strategy: free it runs once per host that reaches it first, not once.'),
  runOncePlay: lint('run-once[play]', 'warning', 'A play with strategy: free: its tasks with run_once behave differently.'),
  avoidImplicitCopyContent: lint('avoid-implicit[copy-content]', 'warning', "copy's content given a mapping or a list: Ansible writes it as JSON implicitly; template it to a string (to_json, to_nice_yaml)."),
  schemaMoves: lint('schema[moves]', 'warning', 'A with_ lookup that moved to community.general in Ansible 2.10 (with_flattened, with_cartesian, with_filetree): use its FQCN, or loop.'),
  roleNamePath: lint('role-name[path]', 'warning', 'A role named by a path (subfolder/role): name it, and let roles_path find it.'),
  deprecatedBareVars: lint('deprecated-bare-vars', 'warning', 'A with_ loop over a bare variable name: write {{ var }}.'),
  noJinjaWhen: lint('no-jinja-when', 'warning', 'when is already an expression: remove the {{ }}.'),
  keyOrder: lint('key-order[task]', 'warning', 'A task whose keys are not in the order ansible-lint asks: name first, block/rescue/always last.'),
  varNamingPattern: lint('var-naming[pattern]', 'warning', 'A variable name that is not lower-case snake_case (^[a-z_][a-z0-9_]*$).'),
  varNamingReserved: lint('var-naming[no-reserved]', 'warning', 'A variable named after a Python keyword or an Ansible reserved name.'),
  varNamingReadOnly: lint('var-naming[read-only]', 'warning', 'A variable that sets one of Ansible\'s read-only magic variables.'),
  varNamingRolePrefix: lint('var-naming[no-role-prefix]', 'off', "Opt-in (ansible-lint 6 does not have it): a role's variable not prefixed with the role's name."),
  jinjaInvalid: lint('jinja[invalid]', 'error', "A Jinja template Jinja's parser refuses."),
  jinjaSpacing: lint('jinja[spacing]', 'warning', 'A Jinja expression not spaced as ansible-lint asks: one space inside the braces, around operators and filters, after commas.'),
  yamlTruthy: lint('yaml[truthy]', 'warning', 'A truthy value other than true or false (yes, no, on, True…).'),
  yamlLineLength: lint('yaml[line-length]', 'warning', 'A line longer than 160 characters.'),
  yamlTrailingSpaces: lint('yaml[trailing-spaces]', 'warning', 'Spaces at the end of a line.'),
  yamlEmptyLines: lint('yaml[empty-lines]', 'warning', 'More than two blank lines, or blank lines at the start or end of the file.'),
  yamlNewLine: lint('yaml[new-line-at-end-of-file]', 'warning', 'No new line at the end of the file.'),
  yamlComments: lint('yaml[comments]', 'warning', 'A comment without a space after # or not separated from the content.'),
  yamlOctal: lint('yaml[octal-values]', 'warning', 'An unquoted octal value (0644, 0o644): quote it.'),
  yamlColons: lint('yaml[colons]', 'warning', 'Spaces before a colon, or more than one after it.'),
  yamlCommas: lint('yaml[commas]', 'warning', 'Spaces before a comma, or none after it.'),
  yamlBrackets: lint('yaml[brackets]', 'warning', 'Spaces inside flow sequence brackets.'),
  yamlBraces: lint('yaml[braces]', 'warning', 'More than one space inside flow mapping braces.'),
  yamlDocumentStart: lint('yaml[document-start]', 'warning', 'A document without its --- start, where the project\'s .yamllint asks for one (ansible-lint\'s own configuration does not).'),
  yamlHyphens: lint('yaml[hyphens]', 'warning', 'More than one space after a list hyphen.'),
  yamlIndentation: lint('yaml[indentation]', 'warning', "Indentation that is not consistent (yamllint's indentation rule: consistent spaces, sequences indented or not consistently)."),
  ignoredArgument: own('ansible-ignored-argument', 'warning', "An argument the action plugin never reads (fetch's `mode`, raw's anything but executable): Ansible accepts it and it does nothing."),
  undefinedVariable: own('ansible-undefined-variable', 'warning', "A variable read in a template that nothing defines: not the role's defaults or vars, the play's vars or vars_files, a register or set_fact, the inventory's group_vars and host_vars, a loop variable, nor Ansible's magic variables and facts."),
  roleNotFound: own('ansible-role-not-found', 'warning', 'A role named by a play, include_role or import_role that no roles/ folder of the workspace, requirements.yml or documented collection provides.'),
  handlerNotFound: own('ansible-handler-not-found', 'warning', 'A notify naming no handler (name or listen) of the play, its roles or the role.'),
  config: own('ansible-config', 'warning', "An ansible.cfg key unknown to its section that is one or two letters from a key ansible-core or its builtin plugins read there (a collection's plugins may add keys of their own: only near misses are said), or a line that is neither a section, a key = value nor a comment."),
  inventorySyntax: own('ansible-inventory', 'error', 'An INI inventory line Ansible cannot read: a section header that is not [group], [group:vars] or [group:children], a variable that is not key=value.'),
  inventoryCompose: own('ansible-inventory-compose', 'warning', 'An inventory host reached through a Docker connection (ansible_connection docker or community.docker.docker) whose container no Compose service of the workspace provides (service name, container_name, or <project>-<service>-<n>).'),
} as const;
