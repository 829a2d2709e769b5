/**
 * Which Ansible file a file is, by its place in the layout Ansible reads (a role's `tasks/`,
 * `handlers/`, `defaults/`, `vars/`, `meta/`; `group_vars/`, `host_vars/`; inventories, `ansible.cfg`,
 * `requirements.yml`) and by its content (a sequence of plays is a playbook wherever it lives, a
 * sequence of tasks naming Ansible's modules is a task file). Nothing else is Ansible's: a YAML
 * sequence of mappings with a `name` is not a playbook.
 */
import type { FileSelector } from '../../common/fileSelector';

export type AnsibleKind = 'playbook' | 'tasks' | 'handlers' | 'vars' | 'meta' | 'inventory' | 'ini-inventory' | 'requirements' | 'config' | 'lint-config';

// headClaims holds both inline (it must stay self-contained): ansible.test.ts checks they agree.
const PLAY_KEYS = /^(hosts|import_playbook|ansible\.(builtin|legacy)\.import_playbook)$/;
/** Keys only a task (or block) has: the include/import actions, blocks, and any module written with its builtin FQCN. */
const TASK_MARKERS = /^(block|include_tasks|import_tasks|include_role|import_role|include_vars|set_fact|ansible\.(builtin|legacy)\.[a-z_]+)$/;

/** The selector of the family (families/ansible.ts): what the layout names, and YAML whose head reads as plays or tasks. */
export const ansibleFiles: FileSelector = {
  names: ['ansible.cfg', '.ansible-lint', '.yamllint', 'hosts', 'inventory', 'hosts.ini', 'inventory.ini', 'requirements.yml', 'requirements.yaml'],
  globs: [
    'roles/*/{tasks,handlers,defaults,vars,meta}/**/*.{yml,yaml}',
    '{group_vars,host_vars}/**',
    '{inventory,inventories}/**',
    '.config/ansible-lint.{yml,yaml}',
  ],
  sniff: {
    candidates: { extensions: ['.yml', '.yaml'] },
    claims: headClaims,
  },
};

/**
 * Whether a YAML file's first bytes read as Ansible's: a top-level sequence whose first item holds `hosts:` or
 * `import_playbook:` (a playbook), or a key only tasks have — the include/import actions, blocks, any module
 * written with its builtin FQCN — (a task file). Cheap: it runs on every YAML candidate of a scan. Self-contained
 * (it names nothing but its argument, its keys inline: PLAY_KEYS and TASK_MARKERS): the light entry
 * (families/lazy.generated.ts) copies it, so choosing the families asks it without loading Ansible (issue #84).
 */
function headClaims(head: string): boolean {
  if (!/^-[ \t]/m.test(head) && !/^-$/m.test(head)) return false;
  let sequence = false;
  for (const line of head.split('\n', 200)) {
    if (/^\s*(#.*)?$/.test(line) || /^(---|%)/.test(line)) continue;
    if (!sequence) {
      if (!line.startsWith('-')) return false;
      sequence = true;
    }
    const key = /^(?:-\s+|\s+(?:-\s+)?)([A-Za-z_][\w.]*)\s*:(?:\s|$)/.exec(line)?.[1];
    if (key && /^(hosts|import_playbook|ansible\.(builtin|legacy)\.import_playbook|block|include_tasks|import_tasks|include_role|import_role|include_vars|set_fact|ansible\.(builtin|legacy)\.[a-z_]+)$/.test(key)) return true;
  }
  return false;
}

/** What a YAML file's first bytes say: nothing of Ansible's unless headClaims takes them, else the kind of the first key it took. */
export function sniffKind(head: string): 'playbook' | 'tasks' | undefined {
  if (!headClaims(head)) return undefined;
  for (const line of head.split('\n', 200)) {
    const key = /^(?:-\s+|\s+(?:-\s+)?)([A-Za-z_][\w.]*)\s*:(?:\s|$)/.exec(line)?.[1];
    if (key && PLAY_KEYS.test(key)) return 'playbook';
    if (key && TASK_MARKERS.test(key)) return 'tasks';
  }
  return undefined;
}

/** The path's segments (a file URI's or a path's, '/'-separated). */
function segments(uri: string): string[] {
  return uri.replace(/\\/g, '/').split('/');
}

/** The role folder holding a file of a role's layout (`…/roles/web/tasks/main.yml` → `…/roles/web`), and the layout folder. */
export function roleOf(uri: string): { root: string; name: string; folder: string } | undefined {
  const parts = segments(uri);
  for (let i = parts.length - 2; i >= 1; i--) {
    const folder = parts[i];
    if (!/^(tasks|handlers|defaults|vars|meta|templates|files|library)$/.test(folder)) continue;
    // Under `roles/<name>/`, or a role repository's root (`<repo>/tasks/main.yml`) the index knows as one.
    if (parts[i - 2] === 'roles' || parts[i - 1] !== undefined) return { root: parts.slice(0, i).join('/'), name: parts[i - 1], folder };
  }
  return undefined;
}

/** Whether the path is under a `roles/<name>/` folder. */
function inRolesFolder(uri: string): boolean {
  return /\/roles\/(?:[^/]+\/)*?[^/]+\/(tasks|handlers|defaults|vars|meta)\//.test(uri.replace(/\\/g, '/'));
}

/**
 * The kind of a file from its path, and for YAML its value (the first document's plain value).
 * `roleRoots`: folders known to be roles (they hold tasks/main.yml or meta/main.yml), for a role
 * repository whose root is not under `roles/`.
 */
export function kindOf(uri: string, value: unknown, isRoleRoot: (root: string) => boolean = () => false, isIncluded: (uri: string) => boolean = () => false): AnsibleKind | undefined {
  const path = uri.replace(/\\/g, '/');
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (base === 'ansible.cfg') return 'config';
  if (base === '.ansible-lint' || /\/\.config\/ansible-lint\.ya?ml$/.test(path)) return 'lint-config';
  if (/^\.yamllint(\.ya?ml)?$/.test(base)) return undefined;
  const yaml = /\.ya?ml$/i.test(base);
  if (/\/(group_vars|host_vars)\//.test(path)) return isMapping(value) || value == null ? 'vars' : undefined;
  const role = roleOf(path);
  if (role && (inRolesFolder(path) || isRoleRoot(role.root))) {
    if (!yaml) return undefined;
    switch (role.folder) {
      case 'tasks':
        return Array.isArray(value) || value == null ? 'tasks' : undefined;
      case 'handlers':
        return Array.isArray(value) || value == null ? 'handlers' : undefined;
      case 'defaults':
      case 'vars':
        return isMapping(value) || value == null ? 'vars' : undefined;
      case 'meta':
        return isMapping(value) && (base === 'main.yml' || base === 'main.yaml') ? 'meta' : undefined;
      default:
        return undefined;
    }
  }
  if (/^requirements\.ya?ml$/.test(base) && (Array.isArray(value) || (isMapping(value) && ('roles' in value || 'collections' in value)))) return 'requirements';
  if (!yaml) return isIniInventoryPath(path) ? 'ini-inventory' : undefined;
  if (Array.isArray(value)) {
    const kind = sequenceKind(value, path);
    if (kind) return kind;
    // A list of mappings in a tasks/ or handlers/ folder (as ansible-lint's kinds read them), or a file a playbook or
    // task file includes (include_tasks, import_tasks) is a task list whatever its keys.
    if (!value.every(isMapping) || value.some((item) => 'apiVersion' in item || 'kind' in item)) return undefined;
    if (/\/handlers\/(.*\/)?[^/]+$/.test(path)) return 'handlers';
    if (/\/tasks\/(.*\/)?[^/]+$/.test(path) || isIncluded(uri)) return 'tasks';
    return undefined;
  }
  if (isMapping(value) && /\/(vars|defaults)\/(.*\/)?[^/]+\.ya?ml$/i.test(path)) return 'vars';
  if (isMapping(value) && isInventoryValue(value, path)) return 'inventory';
  return undefined;
}

function isMapping(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A sequence's kind: plays, or tasks that name Ansible's actions. */
function sequenceKind(items: readonly unknown[], path: string): AnsibleKind | undefined {
  let tasks = false;
  for (const item of items) {
    if (!isMapping(item)) return undefined;
    const keys = Object.keys(item);
    if (keys.some((key) => PLAY_KEYS.test(key))) return 'playbook';
    if (keys.some((key) => TASK_MARKERS.test(key))) tasks = true;
  }
  if (tasks) return /\/handlers\/[^/]+$/.test(path) ? 'handlers' : 'tasks';
  return undefined;
}

/** A YAML inventory: under an inventory folder or named like one, with groups of `hosts`/`children`/`vars`. */
function isInventoryValue(value: Record<string, unknown>, path: string): boolean {
  const named = /\/(inventory|inventories)\//.test(path) || /\/(hosts|inventory)(\.[\w-]+)?\.ya?ml$/i.test(path);
  const groups = Object.values(value);
  if (groups.length === 0) return false;
  const groupLike = groups.every((group) => group == null || (isMapping(group) && Object.keys(group).every((key) => key === 'hosts' || key === 'children' || key === 'vars')));
  // `all:` with hosts or children is an inventory anywhere; other group names need the place.
  const all = value.all;
  return groupLike && (named || (isMapping(all) && ('hosts' in all || 'children' in all)));
}

/** An INI inventory's usual places: `hosts`, `inventory`, `*.ini` of an inventory folder, files of `inventory/` without an extension. */
export function isIniInventoryPath(path: string): boolean {
  const base = path.slice(path.lastIndexOf('/') + 1).toLowerCase();
  if (base === 'hosts' || base === 'inventory' || base === 'hosts.ini' || base === 'inventory.ini') return true;
  return /\/(inventory|inventories)\/(.*\/)?[^/.]+(\.ini)?$/i.test(path) && !/\/(group_vars|host_vars)\//.test(path);
}
