/**
 * ansible-lint's rules on tasks (each under its id, rules.ts), read from the same task model as
 * Ansible's load: the action as written and its arguments, the task's keywords. Their quick fixes
 * are ansible-lint's autofixes where it has one (fixes.ts builds the edits).
 */
import { t } from '../../l10n/t';
import { pairOf, type SourceNode } from '../../yaml/tree';
import { hasJinja } from '../syntax/jinja';
import { argument, isRecord, shortModule, type Action, type TaskNode } from '../model/model';
import type { ModuleCatalog } from '../model/modules';
import { rules } from './rules';
import type { AnsibleFinding } from './structure';

type Span = { start: number; end: number };

export interface TaskLintContext {
  readonly catalog: ModuleCatalog;
  readonly text: string;
  readonly kind: 'playbook' | 'tasks' | 'handlers';
  /** The file's name without its extension (name[prefix]). */
  readonly stem: string;
}

const COMMANDS = new Set(['command', 'shell', 'raw', 'ansible.legacy.command', 'ansible.legacy.shell', 'ansible.legacy.raw']);
const FILE_MODULES = new Set(['archive', 'community.general.archive', 'assemble', 'copy', 'file', 'get_url', 'replace', 'template']);
const WITH_PRESERVE = new Set(['copy', 'template']);
const FILE_MODULES_WITH_CREATE: Record<string, boolean> = { blockinfile: false, htpasswd: true, 'community.general.htpasswd': true, ini_file: true, 'community.general.ini_file': true, lineinfile: false };
const OCTAL_MODULES = new Set(['assemble', 'copy', 'file', 'ini_file', 'lineinfile', 'replace', 'synchronize', 'template', 'unarchive']);
const PACKAGE_MANAGERS = new Set(['apk', 'apt', 'bower', 'bundler', 'dnf', 'easy_install', 'gem', 'homebrew', 'jenkins_plugin', 'npm', 'openbsd_package', 'openbsd_pkg', 'package', 'pacman', 'pear', 'pip', 'pkg5', 'pkgutil', 'portage', 'slackpkg', 'sorcery', 'swdepot', 'win_chocolatey', 'yarn', 'yum', 'zypper']);
/** Tools a module does better, and the module (ansible-lint's command-instead-of-module list). */
const TOOL_MODULES: Record<string, string> = { 'apt-get': 'apt-get', chkconfig: 'service', curl: 'get_url or uri', git: 'git', hg: 'hg', letsencrypt: 'acme_certificate', mktemp: 'tempfile', mount: 'mount', patch: 'patch', rpm: 'yum or rpm_key', rsync: 'synchronize', sed: 'template, replace or lineinfile', service: 'service', supervisorctl: 'supervisorctl', svn: 'subversion', systemctl: 'systemd', tar: 'unarchive', unzip: 'unarchive', wget: 'get_url or uri', yum: 'yum' };
/** Sub-commands for which no module exists. */
const TOOL_EXCEPTIONS: Record<string, readonly string[]> = {
  git: ['branch', 'log', 'lfs', 'rev-parse', 'clean'],
  systemctl: ['--version', 'get-default', 'kill', 'set-default', 'set-property', 'set-environment', 'unset-environment', 'show-environment', 'status', 'reset-failed'],
  yum: ['clean', 'history', 'info'],
  rpm: ['--nodeps'],
};
const INCLUSIONS = /^(ansible\.(builtin|legacy)\.)?(include|include_tasks|import_tasks|import_playbook|include_role|import_role)$/;
const FREE_FORM_COMMANDS = /^(ansible\.(builtin|legacy)\.)?(command|shell)$|^(ansible\.windows\.)?win_(command|shell)$/;

/** ansible-lint's unjinja: templates replaced by placeholders, so that their pipes and braces are not the shell's. */
export function unjinja(text: string): string {
  // As /\{\{.+?\}\}/gs would replace, in one pass: the regular expression scanned to the end from each
  // `{{` of a text without `}}` (quadratic on a line of `{`).
  const replaced = (from: string, open: string, close: string, placeholder: string): string => {
    let out = '';
    let at = 0;
    for (let start = from.indexOf(open); start >= 0; start = from.indexOf(open, at)) {
      const end = from.indexOf(close, start + open.length + 1);
      if (end < 0) break;
      out += from.slice(at, start) + placeholder;
      at = end + close.length;
    }
    return out + from.slice(at);
  };
  return replaced(replaced(replaced(text, '{{', '}}', 'JINJA_EXPRESSION'), '{%', '%}', 'JINJA_STATEMENT'), '{#', '#}', 'JINJA_COMMENT');
}

function keySpan(task: TaskNode, key: string): Span | undefined {
  const node = pairOf(task.map, key)?.keyNode;
  return node ? { start: node.start, end: node.end } : undefined;
}

function valueNode(task: TaskNode, key: string): SourceNode | null {
  return pairOf(task.map, key)?.value ?? null;
}

function moduleSpan(action: Action): Span {
  return { start: action.moduleStart, end: action.moduleEnd };
}

/** The command a command/shell task runs: `cmd`, the free-form text or argv (ansible-lint's __ansible_arguments__). */
export function commandText(action: Action): string | undefined {
  const cmd = argument(action, 'cmd')?.value;
  if (typeof cmd === 'string') return cmd;
  if (action.freeForm !== undefined) return action.freeForm;
  const argv = argument(action, 'argv')?.value;
  return Array.isArray(argv) ? argv.map(String).join(' ') : undefined;
}

function truthy(value: unknown): boolean {
  if (typeof value === 'string') return ['yes', 'on', 'true', '1', 'y'].includes(value.toLowerCase());
  return value === true || value === 1;
}

/** The module as ansible-lint's rules key it: builtins by short name, others as written. */
function lintModule(action: Action): string {
  return action.module.replace(/^ansible\.builtin\./, '');
}

/** ansible-lint's rules on one task (or block, for those that read blocks too). */
export function lintTask(task: TaskNode, context: TaskLintContext): AnsibleFinding[] {
  const findings: AnsibleFinding[] = [];
  const scope = { start: task.map.start, end: task.map.end };
  const add = (span: Span | undefined, code: string, message: string, data?: unknown) => {
    if (span) findings.push({ ...span, code, message, scope, ...(data !== undefined ? { data } : {}) });
  };
  const value = task.value;
  // ansible-lint skips every rule for a task tagged skip_ansible_lint.
  const tags = value.tags;
  if (tags === 'skip_ansible_lint' || (Array.isArray(tags) && tags.includes('skip_ansible_lint'))) return findings;
  lintName(task, context, add);
  lintWhen(task, add);
  lintKeyOrder(task, context.text, add);
  const action = task.action;
  if (task.kind === 'block' || !action) return findings;
  const module = lintModule(action);
  const short = shortModule(action.module);
  lintFqcn(action, context.catalog, add);
  // `args: "{{ x }}"`: the arguments are not known, nor anything the rules below read of them.
  if (typeof value.args === 'string' && hasJinja(value.args)) return findings;
  if (COMMANDS.has(module) && task.kind === 'task' && !('changed_when' in value) && !argument(action, 'creates') && !argument(action, 'removes')) {
    add(moduleSpan(action), rules.noChangedWhen.id, t('Commands should not change things if nothing needs doing: add changed_when, creates or removes.'));
  }
  lintFilePermissions(action, module, context, add);
  lintCommands(task, action, short, add);
  if (PACKAGE_MANAGERS.has(module) && !argument(action, 'version')?.value && !truthy(argument(action, 'update_only')?.value) && argument(action, 'state')?.value === 'latest') {
    const state = argument(action, 'state')!;
    add(state.valueNode && !state.inline ? { start: state.valueNode.start, end: state.valueNode.end } : moduleSpan(action), rules.packageLatest.id, t('Package installs should not use latest: use state: present, with a version if it matters.'));
  }
  lintFreeForm(action, add);
  lintTabs(task, add);
  lintImplicit(task, action, module, context, add);
  if ('local_action' in value) add(keySpan(task, 'local_action'), rules.deprecatedLocalAction.id, t('Do not use \'local_action\', use \'delegate_to: localhost\'.'), { fix: 'local-action' });
  lintBareVars(task, add);
  return findings;
}

/** The keys of lineinfile (and its Windows twin) whose values may hold a tab (ansible-lint's allow list: any module's key of that name). */
const TAB_KEYS = new Set(['insertafter', 'insertbefore', 'regexp', 'line']);
/** with_ lookups that moved to community.general (ansible-lint's schema[moves]). */
const MOVED_LOOKUPS = new Set(['with_cartesian', 'with_filetree', 'with_flattened']);
/** Where a module's src finds its file without a relative path (no-relative-paths). */
const SEARCH_FOLDERS: Record<string, string> = { copy: 'files', win_copy: 'files', template: 'templates', win_template: 'win_templates' };

/** no-tabs: every key and string value of the task (not its block's tasks: each is its own), as ansible-lint's nested_items_path walks it. */
function lintTabs(task: TaskNode, add: Add): void {
  const work: { value: unknown; node: SourceNode | null }[] = [{ value: task.value, node: task.map }];
  for (let guard = 0; work.length > 0 && guard < 10_000; guard++) {
    const { value, node } = work.pop()!;
    if (Array.isArray(value)) {
      value.forEach((item, i) => work.push({ value: item, node: node?.items?.[i] ?? null }));
      continue;
    }
    if (!isRecord(value)) continue;
    for (const pair of node?.pairs ?? []) {
      const key = pair.key;
      if (key === undefined || (node === task.map && ['block', 'rescue', 'always'].includes(key))) continue;
      const inner = value[key];
      if (key.includes('\t') && !hasJinja(key) && pair.keyNode) add({ start: pair.keyNode.start, end: pair.keyNode.end }, rules.noTabs.id, t('Most files should not contain tabs.'));
      if (typeof inner === 'string') {
        if (inner.includes('\t') && !hasJinja(inner) && !TAB_KEYS.has(key) && pair.value) add({ start: pair.value.start, end: pair.value.end }, rules.noTabs.id, t('Most files should not contain tabs.'));
      } else work.push({ value: inner, node: pair.value });
    }
  }
}

/** no-relative-paths, avoid-implicit[copy-content], run-once[task], schema[moves], role-name[path] of include_role/import_role. */
function lintImplicit(task: TaskNode, action: Action, module: string, context: TaskLintContext, add: Add): void {
  const short = shortModule(action.module);
  const folder = Object.prototype.hasOwnProperty.call(SEARCH_FOLDERS, short) ? SEARCH_FOLDERS[short] : undefined;
  const src = argument(action, 'src');
  if (folder && typeof src?.value === 'string' && src.value.includes(`../${folder}`)) {
    add(src.valueNode && !src.inline ? { start: src.valueNode.start, end: src.valueNode.end } : moduleSpan(action), rules.noRelativePaths.id, t('Avoid using relative paths: {0} finds its file in {1}/ through the search path.', short, folder));
  }
  const content = argument(action, 'content');
  if (module === 'copy' && content && content.value !== null && typeof content.value === 'object') {
    add(content.valueNode ? { start: content.valueNode.start, end: content.valueNode.end } : moduleSpan(action), rules.avoidImplicitCopyContent.id, t("Avoid implicit behaviors: copy's content is a string; template the data (to_json, to_nice_yaml)."));
  }
  if (context.kind === 'playbook' && task.kind === 'task' && truthy(task.value.run_once)) add(keySpan(task, 'run_once'), rules.runOnceTask.id, t('Using run_once may behave differently if strategy is set to free.'));
  for (const key of Object.keys(task.value)) if (MOVED_LOOKUPS.has(key)) add(keySpan(task, key), rules.schemaMoves.id, t('{0} moved to community.general in Ansible 2.10: use loop, or its FQCN.', key));
  if (short === 'include_role' || short === 'import_role') {
    const name = argument(action, 'name');
    if (typeof name?.value === 'string' && name.value.includes('/') && !hasJinja(name.value)) add(name.valueNode && !name.inline ? { start: name.valueNode.start, end: name.valueNode.end } : moduleSpan(action), rules.roleNamePath.id, t('Avoid using paths when importing roles. ({0})', name.value));
  }
}

type Add = (span: Span | undefined, code: string, message: string, data?: unknown) => void;

function lintName(task: TaskNode, context: TaskLintContext, add: Add): void {
  const name = task.value.name;
  if (!name) {
    add(firstKeySpan(task.map), rules.nameMissing.id, t('All tasks should be named.'));
    return;
  }
  if (typeof name !== 'string') return;
  const node = valueNode(task, 'name');
  // name[prefix] (opt-in): a task of an included file, not main.yml, named "<stem> | …"; the casing is the rest's.
  const prefix = `${context.stem} | `;
  if (context.kind === 'tasks' && context.stem !== 'main') {
    if (!name.startsWith(prefix)) add(node ? { start: node.start, end: node.end } : undefined, rules.namePrefix.id, t('Task name should start with \'{0}\'.', prefix));
    else return checkName(name.slice(prefix.length), node, add, name);
  }
  checkName(name, node, add);
}

function firstKeySpan(map: SourceNode): Span | undefined {
  const key = map.pairs?.[0]?.keyNode;
  return key ? { start: key.start, end: key.end } : undefined;
}

/** name[casing] and name[template] on a task's or a play's name. */
export function checkName(name: string, node: SourceNode | null, add: Add, whole: string = name): void {
  const span = node ? { start: node.start, end: node.end } : undefined;
  const first = name[0] ?? '';
  if (/\p{L}/u.test(first) && first === first.toLowerCase() && first !== first.toUpperCase()) {
    add(span, rules.nameCasing.id, t('All names should start with an uppercase letter.'), { fix: 'capitalize' });
  }
  // One line holding `{{`, then `}}`, then a word character (what /^.*\{\{.*\}\}.*\w.*$/ said, in
  // linear time: the first `}}` after the first `{{` leaves the most room for the word).
  const line = whole.replace(/\n$/, '');
  const open = line.indexOf('{{');
  const close = open < 0 ? -1 : line.indexOf('}}', open + 2);
  if (close >= 0 && !/[\n\r\u2028\u2029]/.test(line) && /\w/.test(line.slice(close + 2))) {
    add(span, rules.nameTemplate.id, t('Jinja templates should only be at the end of \'name\''));
  }
}

/** no-handler, literal-compare, empty-string-compare, no-jinja-when, on the task's when. */
function lintWhen(task: TaskNode, add: Add): void {
  const when = task.value.when;
  if (when === undefined) return;
  const node = valueNode(task, 'when');
  const span = node ? { start: node.start, end: node.end } : keySpan(task, 'when');
  const items = Array.isArray(when) ? when : [when];
  if (task.kind === 'task') {
    const first: unknown = items[0];
    if (typeof first === 'string' && changedInWhen(first)) add(span, rules.noHandler.id, t('Tasks that run when changed should likely be handlers: notify a handler instead.'));
  }
  if (items.some((item) => typeof item === 'string' && /[=!]= ?(True|true|False|false)/.test(item))) add(span, rules.literalCompare.id, t('Don\'t compare to literal True/False: use `when: var` or `when: not var`.'));
  if (items.some((item) => typeof item === 'string' && /[=!]= ?(""|'')/.test(item))) add(span, rules.emptyStringCompare.id, t('Don\'t compare to empty string: use `var | length > 0` or `var | length == 0`.'));
  if (items.some((item) => typeof item === 'string' && item.includes('{{') && item.includes('}}'))) {
    add(span, rules.noJinjaWhen.id, t('No Jinja2 in when: it is already an expression, remove the {{ }}.'), { fix: 'unjinja-when' });
  }
}

/** ansible-lint's _changed_in_when: a lone condition on a registered result's change. */
export function changedInWhen(item: string): boolean {
  if (item.split(/\s+/).includes('and')) return false;
  return ['.changed', '|changed', '["changed"]', "['changed']", 'is changed'].some((changed) => item.includes(changed));
}

/** key-order[task]: name first, block/rescue/always last, the rest in its order. */
export function keyOrderOf(keys: readonly string[]): string[] {
  const rank = (key: string) => (key === 'name' ? 0 : key === 'block' ? 2 : key === 'rescue' ? 3 : key === 'always' ? 4 : 1);
  return keys.map((key, i) => ({ key, i })).sort((a, b) => rank(a.key) - rank(b.key) || a.i - b.i).map((entry) => entry.key);
}

const KEY_RANK: Readonly<Record<string, number>> = { name: 0, block: 2, rescue: 3, always: 4 };

function inKeyOrder(keys: readonly string[]): boolean {
  let last = -1;
  for (const key of keys) {
    const rank = Object.prototype.hasOwnProperty.call(KEY_RANK, key) ? KEY_RANK[key] : 1;
    if (rank < last) return false;
    last = rank;
  }
  return true;
}

function lintKeyOrder(task: TaskNode, text: string, add: Add): void {
  const keys: string[] = [];
  for (const pair of task.map.pairs ?? []) if (pair.key !== undefined && !pair.key.startsWith('_')) keys.push(pair.key);
  // Most tasks are in order (ranks never decreasing: the stable sort keeps them): known without sorting.
  if (inKeyOrder(keys)) return;
  const sorted = keyOrderOf(keys);
  // The fix moves whole lines: only when the task is a block mapping (not a flow one).
  const flow = text[task.map.start] === '{';
  add(firstKeySpan(task.map), rules.keyOrder.id, t('You can improve the task key order to: {0}', sorted.join(', ')), flow ? undefined : { fix: 'key-order' });
}

function lintFqcn(action: Action, catalog: ModuleCatalog, add: Add): void {
  const written = action.module;
  if (hasJinja(written)) return;
  const resolved = catalog.resolve(written);
  const span = moduleSpan(action);
  if (resolved.source === 'builtin' && !written.includes('.')) {
    add(span, rules.fqcnActionCore.id, t('Use FQCN for builtin module actions ({0}): ansible.builtin.{0} or ansible.legacy.{0}.', written), { replacement: `ansible.builtin.${written}`, title: t('Use ansible.builtin.{0}', written) });
  } else if (resolved.source === 'redirect' && resolved.fqcn) {
    if (written.split('.').length < 3) add(span, rules.fqcnAction.id, t('Use FQCN for module actions, such `{0}`.', resolved.fqcn), { replacement: resolved.fqcn, title: t('Use {0}', resolved.fqcn) });
    else if (!written.startsWith('community.general.') || written.startsWith('community.network.')) add(span, rules.fqcnCanonical.id, t('You should use canonical module name `{0}` instead of `{1}`.', resolved.fqcn, written), { replacement: resolved.fqcn, title: t('Use {0}', resolved.fqcn) });
  }
}

/** risky-file-permissions and risky-octal. */
function lintFilePermissions(action: Action, module: string, context: TaskLintContext, add: Add): void {
  const modeArg = argument(action, 'mode');
  const mode = modeArg?.value;
  const span = moduleSpan(action);
  if (FILE_MODULES.has(module) || module in FILE_MODULES_WITH_CREATE) {
    let risky: boolean;
    if (mode === 'preserve' && !WITH_PRESERVE.has(module)) risky = true;
    else if (module in FILE_MODULES_WITH_CREATE) {
      const create = argument(action, 'create');
      risky = (create ? truthy(create.value) : FILE_MODULES_WITH_CREATE[module]) && mode === undefined;
    } else {
      const state = argument(action, 'state')?.value;
      risky = !(state === 'absent' || state === 'link' || truthy(argument(action, 'recurse')?.value) || (module === 'file' && (state ?? 'file') === 'file') || (module === 'replace' && mode === undefined)) && mode === undefined;
    }
    if (risky) add(span, rules.riskyFilePermissions.id, t('File permissions unset or incorrect: set mode explicitly (mode: "0644").'));
  }
  const modeNode = modeArg && !modeArg.inline ? modeArg.valueNode : null;
  if (OCTAL_MODULES.has(module) && modeNode?.kind === 'scalar') {
    // Ansible reads YAML 1.1: an unquoted 0644 is octal there, 0o644 a string; so the value is read from the text.
    const written = context.text.slice(modeNode.start, modeNode.end);
    const value = yaml11Integer(written);
    if (value !== undefined && invalidPermission(value)) {
      const intended = /^[0-7]{3,4}$/.test(written) ? `"0${written}"` : undefined;
      add({ start: modeNode.start, end: modeNode.end }, rules.riskyOctal.id, t('`mode: {0}` should have a string value with leading zero `mode: "0{1}"` or use symbolic mode.', written, value.toString(8)), intended ? { replacement: intended, title: t('Write mode: {0}', intended) } : undefined);
    }
  }
}

/** The integer Ansible (YAML 1.1) reads from a plain scalar: octal when it starts with 0, none for 0o… (a string there). */
export function yaml11Integer(text: string): number | undefined {
  if (/^0[0-7]+$/.test(text)) return parseInt(text, 8);
  if (/^[-+]?(0|[1-9][0-9_]*)$/.test(text)) return Number(text.replace(/_/g, ''));
  return undefined;
}

/** ansible-lint's risky-octal test: permissions no one means (write without read, others more than the owner…). */
export function invalidPermission(mode: number): boolean {
  const other = mode % 8;
  const group = Math.floor(mode / 8) % 8;
  const user = Math.floor(mode / 64) % 8;
  const otherWriteWithoutRead = other > 0 && other < 4 && !(other === 1 && user % 2 === 1);
  const groupWriteWithoutRead = group > 0 && group < 4 && !(group === 1 && user % 2 === 1);
  const userWriteWithoutRead = user > 0 && user < 4 && user !== 1;
  return otherWriteWithoutRead || groupWriteWithoutRead || userWriteWithoutRead || other > group || other > user || group > user;
}

/** risky-shell-pipe, command-instead-of-module, command-instead-of-shell. */
function lintCommands(task: TaskNode, action: Action, short: string, add: Add): void {
  if (short !== 'shell' && short !== 'command') return;
  const span = moduleSpan(action);
  const text = commandText(action);
  if (text === undefined) return;
  const executable = argument(action, 'executable')?.value;
  if (short === 'shell' && task.kind === 'task' && !truthy(task.value.ignore_errors) && !(typeof executable === 'string' && executable.includes('pwsh'))) {
    const command = unjinja(text);
    if (/(?<!\|)\|(?!\|)/.test(command) && !/^[^\S\n\r\u2028\u2029]*set.*[+-][A-Za-z]*o\s*pipefail/m.test(command)) {
      add(span, rules.riskyShellPipe.id, t('Shells that use pipes should set the pipefail option (set -o pipefail &&).'));
    }
  }
  const words = text.trim().split(/\s+/);
  const tool = words[0] ? words[0].slice(words[0].lastIndexOf('/') + 1) : '';
  const second = words[1];
  const excepted = second !== undefined && (TOOL_EXCEPTIONS[tool] ?? []).includes(second);
  if (Object.prototype.hasOwnProperty.call(TOOL_MODULES, tool) && !excepted && truthy(argument(action, 'warn')?.value ?? true)) {
    add(span, rules.commandInsteadOfModule.id, t('{0} used in place of {1} module', tool, TOOL_MODULES[tool]));
  }
  if (short === 'shell' && !argument(action, 'executable')) {
    const command = unjinja(text);
    if (![...'&|<>;$\n*[]{}?`!'].some((char) => command.includes(char))) {
      add(span, rules.commandInsteadOfShell.id, t('Use shell only when shell functionality is required: command suffices here.'), action.via === 'key' ? { replacement: action.module.replace(/shell$/, 'command'), title: t('Use {0}', action.module.replace(/shell$/, 'command')) } : undefined);
    }
  }
}

/** no-free-form (and its raw sub-rules). */
function lintFreeForm(action: Action, add: Add): void {
  if (action.via !== 'key' || INCLUSIONS.test(action.module)) return;
  const raw = action.raw;
  const span = moduleSpan(action);
  if (shortModule(action.module) === 'raw') {
    if (typeof raw === 'string') {
      if (raw.includes('executable=')) add(span, rules.noFreeFormRaw.id, t('Avoid embedding `executable=` inside raw calls, use explicit args dictionary instead.'));
    } else {
      add(span, rules.noFreeFormRawNonString.id, t('Passing a non string value to `raw` module is neither documented or supported.'));
    }
    return;
  }
  if (typeof raw !== 'string' || !raw.includes('=')) return;
  const fail = FREE_FORM_COMMANDS.test(action.module) ? /^(chdir|creates|executable|removes|stdin|stdin_add_newline|warn)=/.test(raw) : true;
  if (fail) add(span, rules.noFreeForm.id, t('Avoid using free-form when calling module actions. ({0})', action.module), { fix: 'free-form' });
}

/** deprecated-bare-vars: a with_ loop over what reads as a bare variable. */
function lintBareVars(task: TaskNode, add: Add): void {
  const loop = Object.keys(task.value).find((key) => key.startsWith('with_'));
  if (!loop) return;
  const items = task.value[loop];
  let varstring: unknown;
  if (['with_nested', 'with_together', 'with_flattened', 'with_filetree', 'with_community.general.filetree'].includes(loop)) varstring = Array.isArray(items) ? items[0] : items;
  else if (loop === 'with_subelements') varstring = Array.isArray(items) ? items[0] : undefined;
  else if (['with_sequence', 'with_ini', 'with_inventory_hostnames'].includes(loop)) return;
  else varstring = items;
  if (typeof varstring !== 'string' || hasJinja(varstring)) return;
  if (loop === 'with_fileglob' && /[[\]*?]/.test(varstring)) return;
  if ((loop === 'with_filetree' || loop === 'with_community.general.filetree') && varstring.endsWith('/')) return;
  const node = valueNode(task, loop);
  add(node ? { start: node.start, end: node.end } : keySpan(task, loop), rules.deprecatedBareVars.id, t('Possible bare variable \'{0}\' used in a \'{1}\' loop. You should use the full variable syntax (\'{{ {0} }}\') or convert it to a list if that is not really a variable.', String(items), loop));
}

export { isRecord };
