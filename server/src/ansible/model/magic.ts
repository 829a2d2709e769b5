/**
 * The variables Ansible itself defines (its "special variables": magic variables, connection and
 * play variables), the names Jinja defines in a template, and the prefixes of facts. A template may
 * read them without any definition in the workspace.
 */

/** Read-only variables a play may not set (ansible-lint's var-naming[read-only]). */
export const READ_ONLY_VARIABLES: ReadonlySet<string> = new Set([
  'ansible_check_mode', 'ansible_collection_name', 'ansible_config_file', 'ansible_dependent_role_names', 'ansible_diff_mode', 'ansible_forks',
  'ansible_index_var', 'ansible_inventory_sources', 'ansible_limit', 'ansible_loop', 'ansible_loop_var', 'ansible_parent_role_names',
  'ansible_parent_role_paths', 'ansible_play_batch', 'ansible_play_hosts', 'ansible_play_hosts_all', 'ansible_play_name', 'ansible_play_role_names',
  'ansible_playbook_python', 'ansible_role_name', 'ansible_role_names', 'ansible_run_tags', 'ansible_search_path', 'ansible_skip_tags',
  'ansible_verbosity', 'ansible_version', 'group_names', 'groups', 'hostvars', 'inventory_dir', 'inventory_file', 'inventory_hostname',
  'inventory_hostname_short', 'omit', 'play_hosts', 'playbook_dir', 'role_name', 'role_names', 'role_path',
]);

/** Ansible's special variables (docs: reference_appendices/special_variables): the read-only ones and those a play may set. */
export const MAGIC_VARIABLES: ReadonlySet<string> = new Set([
  ...READ_ONLY_VARIABLES, 'ansible_facts', 'ansible_local', 'environment', 'vars', 'item', 'ansible_failed_task', 'ansible_failed_result', 'ansible_eval_task',
]);

/** What Jinja and Ansible's templating define in every template: globals, tests' and filters' helpers, literals. */
export const JINJA_GLOBALS: ReadonlySet<string> = new Set([
  'range', 'dict', 'lipsum', 'cycler', 'joiner', 'namespace', 'lookup', 'query', 'q', 'now', 'undef', 'finalize',
  'true', 'false', 'none', 'True', 'False', 'None', 'loop', 'self', 'varargs', 'kwargs', 'caller', 'super',
]);

/** Python's keywords (a variable named after one cannot be read in a template). */
export const PYTHON_KEYWORDS: ReadonlySet<string> = new Set([
  'False', 'None', 'True', 'and', 'as', 'assert', 'async', 'await', 'break', 'class', 'continue', 'def', 'del', 'elif', 'else', 'except',
  'finally', 'for', 'from', 'global', 'if', 'import', 'in', 'is', 'lambda', 'nonlocal', 'not', 'or', 'pass', 'raise', 'return', 'try', 'while', 'with', 'yield',
]);

/** Whether a name is one Ansible or Jinja defines: special variables, facts and connection variables (`ansible_*`), Jinja's globals. */
export function isBuiltinVariable(name: string): boolean {
  return MAGIC_VARIABLES.has(name) || JINJA_GLOBALS.has(name) || name.startsWith('ansible_');
}
