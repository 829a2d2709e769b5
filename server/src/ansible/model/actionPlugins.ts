/**
 * What ansible-core's action plugins do with a task's arguments beyond their module's documentation,
 * read from `lib/ansible/plugins/action/<name>.py` of 2.14 (Debian's) and 2.19 (the data's other
 * half). A module's documentation says which options exist; whether Ansible refuses the others, and
 * converts the given ones to their types, depends on what runs:
 *
 * - A plugin with `_VALID_ARGS` (debug, assert, fail, group_by, set_stats, reboot,
 *   wait_for_connection) or `validate_argument_spec` (pause, async_status) refuses other names; one
 *   handing the task's arguments to its module (command, uri, unarchive, copy…) lets the module's
 *   argument spec refuse them. Those are checked as documented.
 * - Some read the arguments they use and never look at the others (`ignores`): fetch reads src,
 *   dest, flat, fail_on_missing and validate_checksum, and gives slurp only src; raw reads
 *   executable and its free-form text; script reads its own in 2.14 (2.19 validates them: united,
 *   a 2.14 playbook stays valid). Another argument is accepted and does nothing.
 * - Some hand the arguments to a module chosen at run time (`backend`): service to the host's
 *   service manager (systemd, sysvinit, openrc…), package to its package manager (apt, dnf…),
 *   which take options of their own. Only when every argument given is the action's own does its
 *   own specification apply (service without `name`: every backend requires it).
 * - Some take any name (`any`): set_fact and add_host (variables), 2.14's `include` (variables of
 *   the included tasks), gather_facts (its fact modules' options), validate_argument_spec.
 *
 * Types are converted (argumentTypes.ts) only where a module's argument spec reads what the task
 * wrote: a module without an action plugin, or one of PASSED whose plugin hands it the arguments
 * unchanged but those it consumes (read leniently, `boolean(…, strict=False)`).
 */
import type { ModuleDoc } from './modules';

export type ArgumentHandling = 'checked' | 'ignores' | 'backend' | 'any';

const HANDLING: Readonly<Record<string, ArgumentHandling>> = {
  fetch: 'ignores',
  raw: 'ignores',
  script: 'ignores',
  service: 'backend',
  package: 'backend',
  set_fact: 'any',
  add_host: 'any',
  include: 'any',
  gather_facts: 'any',
  validate_argument_spec: 'any',
};

/** Plugins that hand their module the task's arguments, but the ones they consume themselves. */
const PASSED: Readonly<Record<string, readonly string[]>> = {
  command: [],
  uri: [],
  async_status: [],
  unarchive: ['decrypt', 'copy'],
};

/** How an ansible.builtin action (its short name) treats arguments its documentation does not name. */
export function argumentHandling(short: string): ArgumentHandling {
  return Object.prototype.hasOwnProperty.call(HANDLING, short) ? HANDLING[short] : 'checked';
}

/**
 * Whether Ansible converts the argument `name` of this builtin module to its documented type before
 * the module runs: the module has no action plugin (its spec reads the task's arguments), or its
 * plugin hands them over unchanged.
 */
export function typesChecked(short: string, doc: ModuleDoc, name: string): boolean {
  if (doc.action === undefined) return true;
  if (doc.action === 'only' || !Object.prototype.hasOwnProperty.call(PASSED, short)) return false;
  return !PASSED[short].includes(name);
}
