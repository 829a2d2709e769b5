/**
 * What the Ansible family knows of the workspace, from the index (never the disk): roles and their
 * folders, modules of `library/` folders and of collections whose sources the workspace holds, the
 * roles and collections requirements.yml names, `.ansible-lint` configurations, inventories. Rebuilt
 * once per index generation from per-file models (each file read once per version).
 */
import { PerGeneration } from '../../workspace/perGeneration';
import type { IndexedFile, WorkspaceIndex } from '../../workspace/index';
import { parseYamlFile } from '../../yaml/model';
import { commentsOnly } from '../../yaml/commentsOnly';
import type { SourceNode } from '../../yaml/tree';
import { collectionModuleName, libraryModuleName, moduleDocFromPython } from '../syntax/collections';
import { readIniInventory, readYamlInventory, type Inventory } from './inventory';
import { kindOf, roleOf, sniffKind, type AnsibleKind } from './kind';
import { isRecord } from './model';
import type { ModuleDoc } from './modules';
import { ANSIBLE_LINT_YAML, yamllintConfig, type YamlStyleConfig } from './yamllintConfig';

export interface LintConfig {
  /** The folder holding the configuration (a file URI without the trailing slash). */
  readonly folder: string;
  readonly skip: readonly string[];
  readonly warn: readonly string[];
  readonly enable: readonly string[];
  readonly exclude: readonly string[];
}

export interface AnsibleWorkspace {
  /** Role name → the role folders (URIs) of that name. */
  readonly roles: Map<string, string[]>;
  readonly roleRoots: Set<string>;
  /** Short names of modules in library/ and action_plugins/ folders. */
  readonly libraryModules: Set<string>;
  /** Collections' modules documented by sources in the workspace. */
  readonly collectionModules: Map<string, ModuleDoc>;
  /** Roles and collections requirements.yml files name. */
  readonly requiredRoles: Set<string>;
  readonly requiredCollections: Set<string>;
  readonly lintConfigs: LintConfig[];
  /** Inventories by URI. */
  readonly inventories: Map<string, Inventory>;
  /** Files playbooks and task files include or import as tasks (include_tasks, import_tasks with a written path). */
  readonly includedTasks: Set<string>;
  /** The projects' `.yamllint` files: their folder and configuration. */
  readonly yamllint: { folder: string; config: YamlStyleConfig }[];
  /** The folders holding a playbook (where Ansible's base directory may be: task files are looked for there too). */
  readonly playbookFolders: Set<string>;
}

const cache = new PerGeneration<WorkspaceIndex, AnsibleWorkspace>();
const pythonKey = Symbol('ansible-python-doc');
const lintKey = Symbol('ansible-lint-config');
const inventoryKey = Symbol('ansible-inventory');
const yamllintKey = Symbol('ansible-yamllint');
const galaxyKey = Symbol('ansible-galaxy');

/** A YAML value of a file the index may not parse itself (no .yml ending: `.ansible-lint`, `group_vars/all`). */
export function plainYaml(file: IndexedFile): { value: unknown; tree: SourceNode | null } | undefined {
  const yaml = file.yaml ?? file.model(Symbol.for('ansible-plain-yaml'), () => parseYamlFile(file.text));
  const first = yaml.chunks[0]?.chunk;
  if (!first?.wellFormed) return undefined;
  return { value: first.value, tree: first.tree };
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
}

function lintConfigOf(file: IndexedFile): LintConfig | undefined {
  return file.model(lintKey, () => {
    const value = plainYaml(file)?.value;
    if (!isRecord(value)) return undefined;
    const path = file.uri.replace(/\/\.config\/ansible-lint\.ya?ml$/, '/.ansible-lint');
    return { folder: path.slice(0, path.lastIndexOf('/')), skip: strings(value.skip_list), warn: strings(value.warn_list), enable: strings(value.enable_list), exclude: strings(value.exclude_paths) };
  });
}

/** A file's inventory, if it is one (INI or YAML). */
export function inventoryOf(file: IndexedFile, kind: AnsibleKind | undefined): Inventory | undefined {
  if (kind !== 'inventory' && kind !== 'ini-inventory') return undefined;
  return file.model(inventoryKey, () => {
    if (kind === 'ini-inventory') return readIniInventory(file.text);
    const chunk = file.yaml?.chunks[0]?.chunk;
    return readYamlInventory(chunk?.wellFormed ? chunk.value : undefined, chunk?.tree ?? null);
  });
}

function galaxyOf(file: IndexedFile): { namespace: string; name: string } | undefined {
  return file.model(galaxyKey, () => {
    const value = plainYaml(file)?.value;
    return isRecord(value) && typeof value.namespace === 'string' && typeof value.name === 'string' ? { namespace: value.namespace, name: value.name } : undefined;
  });
}

function requirementNames(value: unknown, key: 'roles' | 'collections'): string[] {
  const list = Array.isArray(value) ? (key === 'roles' ? value : []) : isRecord(value) ? value[key] : undefined;
  if (!Array.isArray(list)) return [];
  return list.flatMap((entry): string[] => {
    if (typeof entry === 'string') return [entry];
    if (!isRecord(entry)) return [];
    const names = [entry.name, entry.src].filter((name): name is string => typeof name === 'string');
    // A role from a repository URL is installed under its name, else the URL's last path segment.
    return names.map((name) => name.replace(/\.git$/, '').replace(/^.*[/:]/, (prefix) => (prefix.includes('/') || prefix.includes(':') ? '' : prefix)));
  });
}

const metaKey = Symbol('ansible-galaxy-info');

/** A role's `galaxy_info` (its meta/main.yml), read once per version. */
function galaxyInfoOf(file: IndexedFile): Record<string, unknown> | undefined {
  return file.model(metaKey, () => {
    const value = plainYaml(file)?.value;
    return isRecord(value) && isRecord(value.galaxy_info) ? value.galaxy_info : undefined;
  });
}

/**
 * The name a role repository is installed under, as Molecule and ansible-lint install the role they test
 * (ansible-compat: its `namespace.role_name`, from meta/main.yml's galaxy_info — `namespace`, else the
 * `author` unless it reads as a person's name; `role_name`, else the folder's name without `ansible-role-`
 * or `ansible-`), so that a scenario's converge.yml naming `geerlingguy.docker` reaches the repository's role.
 */
export function galaxyRoleName(info: Record<string, unknown>, folder: string): string {
  const namespace = typeof info.namespace === 'string' && info.namespace !== '' ? info.namespace : typeof info.author === 'string' ? info.author : '';
  const name = typeof info.role_name === 'string' && info.role_name !== '' ? info.role_name : folder.replace(/^ansible-(role-)?/, '');
  return namespace === '' || /^\w+ \w+/.test(namespace) ? name : `${namespace}.${name}`;
}

/** Roles under their Galaxy names: a role repository's `namespace.role_name`, a collection's role as `namespace.collection.role`. */
function addGalaxyNames(index: WorkspaceIndex, workspace: AnsibleWorkspace, collections: ReadonlyMap<string, { namespace: string; name: string }>): void {
  const add = (name: string, root: string) => {
    const list = workspace.roles.get(name) ?? [];
    if (!list.includes(root)) list.push(root);
    workspace.roles.set(name, list);
  };
  for (const root of workspace.roleRoots) {
    const folder = root.slice(root.lastIndexOf('/') + 1);
    const collection = /^(.*)\/roles\/[^/]+$/.exec(root)?.[1];
    const galaxy = collection === undefined ? undefined : collections.get(collection);
    if (galaxy) add(`${galaxy.namespace}.${galaxy.name}.${folder}`, root);
    const meta = index.get(`${root}/meta/main.yml`) ?? index.get(`${root}/meta/main.yaml`);
    const info = meta && !meta.skipped ? galaxyInfoOf(meta) : undefined;
    if (info) add(galaxyRoleName(info, folder), root);
  }
}

/** The Ansible workspace of an index, rebuilt when the index changes. */
export function ansibleWorkspace(index: WorkspaceIndex): AnsibleWorkspace {
  return cache.get(index, index.generation, [], () => readWorkspace(index));
}

function readWorkspace(index: WorkspaceIndex): AnsibleWorkspace {
  const workspace: AnsibleWorkspace = { roles: new Map(), roleRoots: new Set(), libraryModules: new Set(), collectionModules: new Map(), requiredRoles: new Set(), requiredCollections: new Set(), lintConfigs: [], inventories: new Map(), includedTasks: new Set(), yamllint: [], playbookFolders: new Set() };
  const galaxies = new Map<string, { namespace: string; name: string }>();
  const python: IndexedFile[] = [];
  for (const file of index.files()) {
    if (file.skipped) continue;
    const uri = file.uri;
    const role = /\/roles\/(?:[^/]+\/)*?[^/]+\/(tasks|handlers|defaults|vars|meta)\//.test(uri) || /\/(tasks|meta)\/main\.ya?ml$/.test(uri) ? roleOf(uri) : undefined;
    if (role) {
      workspace.roleRoots.add(role.root);
      const list = workspace.roles.get(role.name) ?? [];
      if (!list.includes(role.root)) list.push(role.root);
      workspace.roles.set(role.name, list);
    }
    if (uri.endsWith('.py') || uri.endsWith('.ps1')) {
      python.push(file);
      continue;
    }
    if (/\/galaxy\.ya?ml$/.test(uri)) {
      const galaxy = galaxyOf(file);
      if (galaxy) galaxies.set(uri.slice(0, uri.lastIndexOf('/')), galaxy);
      continue;
    }
    if (/\/\.yamllint(\.ya?ml)?$/.test(uri)) {
      workspace.yamllint.push({ folder: uri.slice(0, uri.lastIndexOf('/')), config: file.model(yamllintKey, () => yamllintConfig(plainYaml(file)?.value)) });
      continue;
    }
    if (/\/(\.ansible-lint|\.config\/ansible-lint\.ya?ml)$/.test(uri)) {
      const config = lintConfigOf(file);
      if (config) workspace.lintConfigs.push(config);
      continue;
    }
    if (/\/requirements\.ya?ml$/.test(uri)) {
      const value = plainYaml(file)?.value;
      for (const name of requirementNames(value, 'roles')) workspace.requiredRoles.add(name);
      for (const name of requirementNames(value, 'collections')) workspace.requiredCollections.add(name);
    }
  }
  for (const file of python) {
    const library = libraryModuleName(file.uri);
    if (library) workspace.libraryModules.add(library);
    const root = [...galaxies.keys()].find((folder) => file.uri.startsWith(`${folder}/plugins/modules/`));
    const fqcn = collectionModuleName(file.uri, root ? galaxies.get(root) : undefined);
    if (!fqcn) continue;
    const doc = file.model(pythonKey, () => moduleDocFromPython(file.text));
    if (doc) workspace.collectionModules.set(fqcn, doc);
  }
  addGalaxyNames(index, workspace, galaxies);
  // Task files included by others, as far as three levels down (an included file may include more).
  for (let pass = 0; pass < 3; pass++) {
    const before = workspace.includedTasks.size;
    for (const file of index.files()) {
      if (file.skipped || !file.isYaml) continue;
      const kind = fileKind(file, workspace);
      if (kind === 'playbook') workspace.playbookFolders.add(file.uri.slice(0, file.uri.lastIndexOf('/')));
      if (kind === 'playbook' || kind === 'tasks' || kind === 'handlers') for (const uri of includedBy(file)) workspace.includedTasks.add(uri);
    }
    if (workspace.includedTasks.size === before) break;
  }
  for (const file of index.files()) {
    if (file.skipped || !/\/(inventory|inventories|hosts|[^/]*\.ini$)|\.ya?ml$/.test(file.uri)) continue;
    const kind = fileKind(file, workspace);
    const inventory = inventoryOf(file, kind);
    if (inventory) workspace.inventories.set(file.uri, inventory);
  }

  return workspace;
}

const kindKey = Symbol('ansible-kind');
/** Whether a file's kind does not depend on the workspace (kindDecided). */
const aloneKey = Symbol('ansible-kind-alone');
const includesKey = Symbol('ansible-includes');
const INCLUDE = /^(ansible\.(builtin|legacy)\.)?(include_tasks|import_tasks|include)$/;

/** The task files a playbook or task file includes by a written path (resolved beside it, or in its role's tasks/). */
function includedBy(file: IndexedFile): string[] {
  return file.model(includesKey, () => {
    const written: string[] = [];
    for (const { chunk } of file.yaml?.chunks ?? []) {
      if (!chunk.wellFormed) continue;
      // Two parallel stacks, and keys tried against INCLUDE only when they can match (they start
      // with `i`, or `a` for ansible.builtin./legacy.): every key of 500 playbooks is walked here.
      const values: unknown[] = [chunk.value];
      const depths: number[] = [0];
      while (values.length > 0) {
        const value = values.pop();
        const depth = depths.pop()!;
        if (depth > 64) continue;
        if (Array.isArray(value)) {
          for (const item of value) {
            values.push(item);
            depths.push(depth + 1);
          }
        } else if (isRecord(value)) {
          for (const key in value) {
            if (!Object.hasOwn(value, key)) continue;
            const inner = value[key];
            const first = key.charCodeAt(0);
            const path = (first === 0x69 || first === 0x61) && INCLUDE.test(key) ? includedPath(inner) : undefined;
            if (path !== undefined) written.push(path);
            else if (Array.isArray(inner) || isRecord(inner)) {
              values.push(inner);
              depths.push(depth + 1);
            }
          }
        }
      }
    }
    const folder = file.uri.slice(0, file.uri.lastIndexOf('/'));
    const role = roleOf(file.uri);
    return written.flatMap((path) => [resolveIn(folder, path), ...(role ? [resolveIn(`${role.root}/tasks`, path)] : [])]);
  });
}

/**
 * The task file an include_tasks, import_tasks or include names by a written path: its free-form
 * text (2.14's `include: file.yml x=1` gives the included tasks variables after the path) or `file:`.
 */
export function includedPath(value: unknown): string | undefined {
  const written = typeof value === 'string' ? value : isRecord(value) ? (value.file ?? value._raw_params) : undefined;
  if (typeof written !== 'string' || written.includes('{{') || written.includes('{%')) return undefined;
  const words = written.trim().split(/\s+/);
  // One path, then only k=v words (a path with spaces in it is not read).
  return words[0] !== '' && !words[0].includes('=') && words.slice(1).every((word) => /^\w+=/.test(word)) ? words[0] : undefined;
}

/** `relative` resolved against `folder` (a URI or a path, '/'-separated), its `.` and `..` segments removed. */
export function resolveIn(folder: string, relative: string): string {
  const parts: string[] = [];
  for (const part of `${folder}/${relative}`.split('/')) {
    if (part === '..') parts.pop();
    else if (part !== '.') parts.push(part);
  }
  return parts.join('/');
}

/** The value a file's kind is read from: its first document's plain value (null: by place only; undefined: none). */
function kindValue(file: IndexedFile): unknown {
  if (file.isYaml) {
    const chunk = file.yaml?.chunks.find((c) => c.chunk.text.trim() !== '' && !commentsOnly(c.chunk.text))?.chunk ?? file.yaml?.chunks[0]?.chunk;
    // A document Ansible could not read is still its kind by place; by content it says nothing.
    if (chunk && !chunk.wellFormed) return /\/(group_vars|host_vars|defaults|vars)\//.test(file.uri) ? null : undefined;
    return chunk?.value;
  }
  return /\/(group_vars|host_vars)\//.test(file.uri) ? (plainYaml(file)?.value ?? null) : undefined;
}

/** What a kind is decided with when the workspace cannot change it. */
const NO_WORKSPACE: Pick<AnsibleWorkspace, 'roleRoots' | 'includedTasks'> = { roleRoots: new Set(), includedTasks: new Set() };

/**
 * The Ansible kind of a file, the workspace built (`workspace`) only when the answer depends on it:
 * the role roots it knows matter to a file in a role's layout (kind.ts, roleOf), the task files
 * others include to a task list. Any other file — a Compose file, a rule file, a manifest — is
 * decided by its place and content alone, without reading every YAML file of the index.
 */
export function kindDecided(file: IndexedFile, workspace: () => Pick<AnsibleWorkspace, 'roleRoots' | 'includedTasks'>): AnsibleKind | undefined {
  // Decided once per version: this is asked on every request's features (`takes`).
  const alone = file.model(aloneKey, () => roleOf(file.uri) === undefined && !Array.isArray(kindValue(file)));
  return fileKind(file, alone ? NO_WORKSPACE : workspace());
}

/** The Ansible kind of a file (undefined: not Ansible's), decided once per version, role layout and included files. */
export function fileKind(file: IndexedFile, workspace: Pick<AnsibleWorkspace, 'roleRoots' | 'includedTasks'>): AnsibleKind | undefined {
  const byRoots = file.model(kindKey, () => new Map<string, AnsibleKind | undefined>());
  const key = `${workspace.roleRoots.size}:${workspace.includedTasks.size}`;
  if (byRoots.has(key)) return byRoots.get(key);
  const value = kindValue(file);
  let kind = kindOf(file.uri, value, (root) => workspace.roleRoots.has(root), (uri) => workspace.includedTasks.has(uri));
  // A document being typed is often not well-formed: its first lines still say what it is.
  if (kind === undefined && file.isYaml && value === undefined) kind = sniffKind(file.text.slice(0, 16_384));
  byRoots.set(key, kind);
  return kind;
}

/** The yamllint configuration of a file's `yaml[…]` rules: the nearest `.yamllint` above it, else ansible-lint's own. */
export function yamllintFor(uri: string, workspace: AnsibleWorkspace): YamlStyleConfig {
  let best: { folder: string; config: YamlStyleConfig } | undefined;
  for (const entry of workspace.yamllint) if (uri.startsWith(`${entry.folder}/`) && (!best || entry.folder.length > best.folder.length)) best = entry;
  return best?.config ?? ANSIBLE_LINT_YAML;
}

/** The `.ansible-lint` configuration governing a file: the nearest in its folder or above. */
export function lintConfigFor(uri: string, workspace: AnsibleWorkspace): LintConfig | undefined {
  let best: LintConfig | undefined;
  for (const config of workspace.lintConfigs) if (uri.startsWith(`${config.folder}/`) && (!best || config.folder.length > best.folder.length)) best = config;
  return best;
}
