/**
 * What Archipel knows of Ansible's modules offline: ansible-core's builtin modules (their options,
 * aliases, types, choices, required-ness and constraints; schemas/ansible/ansible-core.json, generated
 * by scripts/gen-ansible-data.mjs), the short names ansible-core redirects to collections, and the
 * modules of collections whose documentation the workspace holds or the user pointed at
 * (collections.ts). A module nobody documents is unknown only when its name could be a builtin's.
 */

/** One option of a module, as its documentation declares it. */
export interface ModuleOption {
  readonly type: string;
  readonly elements?: string;
  readonly aliases?: readonly string[];
  readonly choices?: readonly unknown[];
  readonly required?: boolean;
  readonly default?: unknown;
  readonly suboptions?: Readonly<Record<string, ModuleOption>>;
}

/** A module's interface. */
export interface ModuleDoc {
  readonly options: Readonly<Record<string, ModuleOption>>;
  /** It takes free-form words (`_raw_params`): command, shell, script, raw, set_fact, include_*, meta… */
  readonly rawParams?: boolean;
  /** It needs arguments (command, shell, raw, script). */
  readonly requiresArgs?: boolean;
  /** Deprecated by ansible-core: the version it is removed in and what replaces it (2.14's task `include`). */
  readonly deprecated?: { readonly removed_in?: string; readonly alternative?: string };
  /**
   * How a task's arguments reach it: `only` — no module runs, its file documents an action plugin or what
   * the task parser does (debug, fetch, template, include_tasks…); `plugin` — an action plugin of that
   * name runs first and calls the module (copy, uri, command, service…). Absent: the module alone.
   */
  readonly action?: 'only' | 'plugin';
  readonly mutually_exclusive?: readonly (readonly string[])[];
  readonly required_one_of?: readonly (readonly string[])[];
  readonly required_together?: readonly (readonly string[])[];
  readonly required_by?: Readonly<Record<string, string | readonly string[]>>;
  readonly required_if?: readonly (readonly unknown[])[];
  /** Its options are not all known (a doc fragment of a collection the workspace does not hold): unknown arguments are not reported. */
  readonly openOptions?: boolean;
}

/** schemas/ansible/ansible-core.json. */
export interface AnsibleCoreData {
  readonly ansibleCore: string;
  readonly keywords: Readonly<Record<'play' | 'block' | 'task' | 'handler' | 'role' | 'import_playbook' | 'loop_control', Readonly<Record<string, string>>>>;
  readonly redirects: { readonly byCollection: Readonly<Record<string, string>>; readonly renamed: Readonly<Record<string, string>> };
  readonly modules: Readonly<Record<string, ModuleDoc>>;
  /** ansible-core's doc fragments' options (`files`, `action_core.import`). */
  readonly fragments: Readonly<Record<string, Readonly<Record<string, ModuleOption>>>>;
  /** ansible.cfg's keys by section (ansible-core's settings and its builtin plugins' options). */
  readonly config: Readonly<Record<string, readonly string[]>>;
}

/** A module name as a task writes it, resolved. */
export interface ResolvedModule {
  /** As written: `apt`, `ansible.builtin.apt`, `ini_file`, `community.general.ini_file`. */
  readonly written: string;
  /** Its fully qualified name when known (`ansible.builtin.apt`, `community.general.ini_file`). */
  readonly fqcn?: string;
  /** `builtin`: an ansible.builtin module; `collection`: documented by a collection the workspace knows; `redirect`: a short name ansible-core routes to a collection; `undocumented`: a collection's module Archipel has no documentation of; `unknown`: nothing answers to that name. */
  readonly source: 'builtin' | 'collection' | 'redirect' | 'undocumented' | 'unknown';
  readonly doc?: ModuleDoc;
}

const BUILTIN_PREFIXES = ['ansible.builtin.', 'ansible.legacy.'];

/** Modules by every name a task may give them. */
export class ModuleCatalog {
  private readonly redirects = new Map<string, string>();
  private readonly collections = new Map<string, ModuleDoc>();

  constructor(readonly core: AnsibleCoreData) {
    for (const [collection, names] of Object.entries(core.redirects.byCollection)) {
      for (const name of names.split(' ')) this.redirects.set(name, `${collection}.${name}`);
    }
    for (const [name, target] of Object.entries(core.redirects.renamed)) this.redirects.set(name, target);
  }

  private readonly library = new Set<string>();
  /** Documentation of an installed collection's module (a folder the user named), when the workspace has none. */
  private installed: ((fqcn: string) => ModuleDoc | undefined) | undefined;

  /** A catalogue that also asks `lookup` for collections' modules the workspace does not document. */
  withInstalled(lookup: ((fqcn: string) => ModuleDoc | undefined) | undefined): ModuleCatalog {
    if (!lookup) return this;
    const catalog = new ModuleCatalog(this.core);
    for (const [name, doc] of this.collections) catalog.collections.set(name, doc);
    for (const name of this.library) catalog.library.add(name);
    catalog.installed = lookup;
    return catalog;
  }

  /** A catalogue with the workspace's modules: collections' (FQCN → documentation) and library/ folders' (short names, undocumented). */
  withWorkspace(modules: ReadonlyMap<string, ModuleDoc>, library: ReadonlySet<string>): ModuleCatalog {
    if (modules.size === 0 && library.size === 0) return this;
    const catalog = new ModuleCatalog(this.core);
    for (const [name, doc] of this.collections) catalog.collections.set(name, doc);
    for (const [name, doc] of modules) catalog.collections.set(name, doc);
    for (const name of library) catalog.library.add(name);
    return catalog;
  }

  /** The builtin modules' short names. */
  builtinNames(): string[] {
    return Object.keys(this.core.modules);
  }

  /** The collections' documented modules (FQCNs). */
  collectionNames(): string[] {
    return [...this.collections.keys()];
  }

  /** Whether `name` could name an action: a builtin or routed short name, or any dotted name. */
  mayBeModule(name: string): boolean {
    return this.resolve(name).source !== 'unknown';
  }

  private installedDoc(fqcn: string): ModuleDoc | undefined {
    return this.installed && /^[a-z0-9_]+\.[a-z0-9_]+\.[a-z0-9_]+$/i.test(fqcn) ? this.installed(fqcn) : undefined;
  }

  /** Answers by name: a catalogue never changes once built (withWorkspace, withInstalled make new ones), and each task asks for its module several times. */
  private readonly resolved = new Map<string, ResolvedModule>();

  resolve(written: string): ResolvedModule {
    let resolved = this.resolved.get(written);
    if (!resolved) {
      // Bounded: the names typed in an editor over a long session would otherwise accumulate.
      if (this.resolved.size >= 10_000) this.resolved.clear();
      this.resolved.set(written, (resolved = this.resolveOnce(written)));
    }
    return resolved;
  }

  private resolveOnce(written: string): ResolvedModule {
    for (const prefix of BUILTIN_PREFIXES) {
      if (!written.startsWith(prefix)) continue;
      const short = written.slice(prefix.length);
      const doc = this.core.modules[short];
      if (doc) return { written, fqcn: `ansible.builtin.${short}`, source: 'builtin', doc };
      // ansible-core routes ansible.builtin.<name> of a module moved to a collection, as the short name.
      const routed = this.redirects.get(short);
      if (routed) return { written, fqcn: routed, source: 'redirect', ...(this.collections.has(routed) ? { doc: this.collections.get(routed)! } : {}) };
      // ansible.legacy.<name> also finds a module of the playbook's library/ folder: not known here, not unknown.
      return prefix === 'ansible.legacy.' ? { written, source: 'undocumented' } : { written, source: 'unknown' };
    }
    // A library/ module of the workspace answers to its short name before ansible-core's.
    if (this.library.has(written)) return { written, source: 'undocumented' };
    const doc = Object.prototype.hasOwnProperty.call(this.core.modules, written) ? this.core.modules[written] : undefined;
    if (doc) return { written, fqcn: `ansible.builtin.${written}`, source: 'builtin', doc };
    const collection = this.collections.get(written) ?? this.installedDoc(written);
    if (collection) return { written, fqcn: written, source: 'collection', doc: collection };
    const redirect = this.redirects.get(written);
    if (redirect) {
      const target = this.collections.get(redirect) ?? this.installedDoc(redirect);
      return { written, fqcn: redirect, source: 'redirect', ...(target ? { doc: target } : {}) };
    }
    // A collection's FQCN (namespace.collection.module): known to exist or not, never reported as unknown.
    if (/^[a-z0-9_]+\.[a-z0-9_]+\.[a-z0-9_.]+$/i.test(written)) return { written, fqcn: written, source: 'undocumented' };
    return { written, source: 'unknown' };
  }
}

/** The option a written argument names (by name or alias), with its canonical name. */
export function optionNamed(doc: ModuleDoc, name: string): { name: string; option: ModuleOption } | undefined {
  const own = Object.prototype.hasOwnProperty.call(doc.options, name) ? doc.options[name] : undefined;
  if (own) return { name, option: own };
  const canonical = aliasesOf(doc).get(name);
  return canonical === undefined ? undefined : { name: canonical, option: doc.options[canonical] };
}

const aliasIndex = new WeakMap<ModuleDoc, Map<string, string>>();

/** A module's aliases → their option, built once per module (a task's every argument and constraint looks names up: 7,500 tasks, 500 playbooks). */
function aliasesOf(doc: ModuleDoc): Map<string, string> {
  let aliases = aliasIndex.get(doc);
  if (!aliases) {
    aliases = new Map();
    for (const [canonical, option] of Object.entries(doc.options)) for (const alias of option.aliases ?? []) if (!aliases.has(alias)) aliases.set(alias, canonical);
    aliasIndex.set(doc, aliases);
  }
  return aliases;
}

const requiredIndex = new WeakMap<ModuleDoc, readonly string[]>();

/** The options a module requires, in the documentation's order, listed once per module (each of a project's tasks asks). */
export function requiredOptions(doc: ModuleDoc): readonly string[] {
  let required = requiredIndex.get(doc);
  if (!required) requiredIndex.set(doc, (required = Object.entries(doc.options).filter(([, option]) => option.required).map(([name]) => name)));
  return required;
}

/** Every name an argument may have: options and their aliases. */
export function argumentNames(doc: ModuleDoc): string[] {
  return Object.entries(doc.options).flatMap(([name, option]) => [name, ...(option.aliases ?? [])]);
}

/** The documentation page of a module (docs.ansible.com), for hovers. */
export function moduleDocUrl(fqcn: string): string {
  const [namespace, collection, ...rest] = fqcn.split('.');
  return `https://docs.ansible.com/ansible/latest/collections/${namespace}/${collection}/${rest.join('.')}_module.html`;
}
