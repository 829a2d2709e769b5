/**
 * The module model: a folder's `*.tf` and `*.tf.json` files read together, as Terraform reads a
 * module, with what each declares (variables, locals, outputs, resources, data sources, ephemeral
 * resources, module calls, provider configurations, required providers, checks). Each file's syntax
 * is built once per version (IndexedFile.model); the module is assembled again only when one of
 * its files changed (its files' versions are its key).
 */
import { PerGeneration } from '../../workspace/perGeneration';
import { FileMatcher, type FileSelector } from '../../common/fileSelector';
import { currentLanguage } from '../../l10n/t';
import { IndexedFile, type WorkspaceIndex } from '../../workspace/index';
import { linkedFilesOf } from './linkedFiles';
import { parseTerraformJson } from '../syntax/json';
import { parseHcl } from '../syntax/parse';
import { attribute, blocksOf, staticString, type Attribute, type Block, type HclFile, type Span } from '../syntax/syntax';

/** The Terraform family's files: configuration, variable values, the dependency lock file, tests and their mocks (Terraform ≥ 1.6/1.7), query files (≥ 1.14). */
export const terraformFiles: FileSelector = { names: ['.terraform.lock.hcl'], extensions: ['.tf', '.tf.json', '.tfvars', '.tfvars.json', '.tftest.hcl', '.tfmock.hcl', '.tfquery.hcl'] };
const matcher = new FileMatcher([terraformFiles]);

/** `query`: a `.tfquery.hcl` file, read with its module's configuration; `test` and `mock`: `.tftest.hcl` and `.tfmock.hcl`, read on their own. */
export type TerraformFileKind = 'config' | 'vars' | 'lock' | 'test' | 'mock' | 'query';

/** What a Terraform file is by its name, or undefined for another file. */
export function terraformFileKind(uri: string): TerraformFileKind | undefined {
  if (matcher.match(uri) !== 'yes') return undefined;
  const lower = uri.toLowerCase();
  if (lower.endsWith('/.terraform.lock.hcl')) return 'lock';
  if (lower.endsWith('.tfvars') || lower.endsWith('.tfvars.json')) return 'vars';
  // What `terraform init` downloads (.terraform/) is not the user's configuration.
  if (lower.includes('/.terraform/')) return undefined;
  if (lower.endsWith('.tftest.hcl')) return 'test';
  if (lower.endsWith('.tfmock.hcl')) return 'mock';
  if (lower.endsWith('.tfquery.hcl')) return 'query';
  return 'config';
}

/** Whether a file is read as part of its folder's module: its configuration files and query files. */
export function isModuleFile(uri: string): boolean {
  const kind = terraformFileKind(uri);
  return kind === 'config' || kind === 'query';
}

/** Whether a configuration file is an override file (merged into the others, declaring nothing new). */
export function isOverride(uri: string): boolean {
  return /\/(override|[^/]*_override)\.tf(\.json)?$/i.test(uri);
}

const syntaxKey = Symbol('terraform-syntax');

/** A Terraform file's syntax, read once per version. */
export function syntaxOf(file: IndexedFile): HclFile {
  return file.model(syntaxKey, () => (/\.json$/i.test(file.uri) ? parseTerraformJson(file.text, /\.tfvars\.json$/i.test(file.uri)) : parseHcl(file.text, file.uri)));
}

const tolerantKey = Symbol('terraform-tolerant-syntax');

/** How many lines the editor's tolerant reading blanks at most (each tried twice: a parse per try). */
const MAX_BLANKED_LINES = 3;

/**
 * The syntax the editor's hover reads: the file's own, or, when it has a syntax error (a line being
 * typed), the file with the line of the error blanked (spaces: offsets stay), again up to
 * MAX_BLANKED_LINES times — the rest of the block being typed stays readable, as completion reads it
 * from its tokens (issue #83). Never for the checks: they say the error.
 */
export function tolerantSyntaxOf(file: IndexedFile): HclFile {
  const own = syntaxOf(file);
  // Past a megabyte the re-parses would hold other requests: the file's own tree.
  if (own.errors.length === 0 || own.json || file.text.length > 1_000_000) return own;
  return file.model(tolerantKey, () => {
    let text = file.text;
    let syntax = own;
    for (let i = 0; i < MAX_BLANKED_LINES && syntax.errors.length > 0; i++) {
      // The line of the error, or the one before it (`force_destroy =` reads the next line as its value).
      const at = Math.min(syntax.errors[0].start, text.length);
      const line = text.lastIndexOf('\n', at - 1) + 1;
      let best: { text: string; syntax: HclFile } | undefined;
      for (const start of [line, line > 0 ? text.lastIndexOf('\n', line - 2) + 1 : -1]) {
        if (start < 0) continue;
        const newline = text.indexOf('\n', start);
        const end = newline === -1 ? text.length : newline;
        if (end <= start) continue;
        const blanked = text.slice(0, start) + ' '.repeat(end - start) + text.slice(end);
        const tried = parseHcl(blanked);
        const reach = (f: HclFile) => (f.errors.length === 0 ? Infinity : f.errors[0].start);
        if (!best || reach(tried) > reach(best.syntax)) best = { text: blanked, syntax: tried };
      }
      if (!best) break;
      ({ text, syntax } = best);
    }
    return syntax.errors.length === 0 ? syntax : own;
  });
}

export type DeclarationKind = 'variable' | 'local' | 'output' | 'resource' | 'data' | 'ephemeral' | 'action' | 'list' | 'run' | 'module' | 'provider' | 'check';

/** Something a module declares, where it is declared. */
export interface Declaration {
  kind: DeclarationKind;
  /** Its name (a resource's `type.name`, a provider configuration's `name` or `name.alias`). */
  key: string;
  /** The name alone (a resource's second label, a local's name). */
  name: string;
  /** A resource's, data source's, ephemeral resource's, action's or list's type. */
  type?: string;
  uri: string;
  /** The block declaring it; a local's is its `locals` block. */
  block: Block;
  /** A local's attribute. */
  attribute?: Attribute;
  /** The span of its name: the label, or the local's name. */
  nameSpan: Span;
  /** Declared in an override file. */
  override: boolean;
  /** A data source declared inside a `check` block (scoped to it). */
  scoped?: boolean;
}

export interface ModuleFile {
  file: IndexedFile;
  syntax: HclFile;
  override: boolean;
}

/** A module: the configuration files of one folder. */
export interface TerraformModule {
  /** The folder's URI (no trailing slash). */
  folder: string;
  files: ModuleFile[];
  /** Every declaration, overrides included, in file order. */
  declarations: Declaration[];
  /** Declarations of the base files (not overrides), by kind then key. */
  byKind: Map<DeclarationKind, Map<string, Declaration[]>>;
  /** Whether a file of the module has a syntax error: what it declares may be missing. */
  incomplete: boolean;
  /** The `required_providers` entries: local name → source and version, where declared. */
  requiredProviders: Map<string, { source?: string; version?: string; attribute: Attribute; uri: string }>;
  /** Files past MAX_MODULE_TEXT, not read: the module's checks are not run (moduleFilesRead). */
  limit?: ModuleLimit;
  /** A module `terraform init` installed (installedModules.ts): its root module's folder and its key in that root's manifest. */
  installed?: { root: string; key: string };
}

/** The folder of a URI (no trailing slash). */
export function folderOf(uri: string): string {
  return uri.slice(0, uri.lastIndexOf('/'));
}

const folders = new PerGeneration<WorkspaceIndex, Map<string, string[]>>();

/** The Terraform files of the index by folder URI, rebuilt when the set of files changes. */
export function terraformFilesByFolder(index: WorkspaceIndex): Map<string, string[]> {
  return folders.get(index, index.fileSetGeneration, [], () => filesByFolder(index));
}

function filesByFolder(index: WorkspaceIndex): Map<string, string[]> {
  const byFolder = new Map<string, string[]>();
  for (const file of index.files()) {
    if (!terraformFileKind(file.uri)) continue;
    const folder = folderOf(file.uri);
    const list = byFolder.get(folder) ?? [];
    list.push(file.uri);
    byFolder.set(folder, list);
  }
  for (const list of byFolder.values()) list.sort();
  return byFolder;
}

const modules = new WeakMap<WorkspaceIndex, Map<string, { files: IndexedFile[]; linked: string[]; module: TerraformModule }>>();

/**
 * The configuration text of one module Archipel reads: the 4 MB file bound's, for a module's files
 * together (issue #84: 100,000 resources in 50 files of 17 MB held 1 GB). The GKE module's 536 files
 * are 2 MB.
 */
export const MAX_MODULE_TEXT = 4_000_000;

/** A module past MAX_MODULE_TEXT: its files from the one that passes it on (name order), not read. */
export interface ModuleLimit {
  unread: Set<string>;
  /** The module's configuration text (characters) and files, all of them. */
  text: number;
  files: number;
}

/** A folder's configuration files (not skipped) read within MAX_MODULE_TEXT, in name order, and the limit when some are not. */
export function moduleFilesRead(index: WorkspaceIndex, folder: string): { files: IndexedFile[]; limit?: ModuleLimit } {
  const uris = (terraformFilesByFolder(index).get(folder) ?? []).filter(isModuleFile);
  const all = uris.flatMap((uri) => {
    const file = index.get(uri);
    return file && !file.skipped ? [file] : [];
  });
  let text = 0;
  let within = all.length;
  for (let i = 0; i < all.length; i++) {
    text += all[i].text.length;
    if (text > MAX_MODULE_TEXT && within === all.length) within = i;
  }
  if (within === all.length) return { files: all };
  return { files: all.slice(0, within), limit: { unread: new Set(all.slice(within).map((f) => f.uri)), text, files: all.length } };
}

/** The module of a folder (its configuration files as the index holds them now). */
export function moduleAt(index: WorkspaceIndex, folder: string): TerraformModule {
  const { files, limit } = moduleFilesRead(index, folder);
  let byFolder = modules.get(index);
  if (!byFolder) modules.set(index, (byFolder = new Map<string, { files: IndexedFile[]; linked: string[]; module: TerraformModule }>()));
  const cached = byFolder.get(folder);
  // Files that are links, read by the descriptor (a module of only links has no file in the index: not a module here).
  const linked = files.length > 0 ? linkedFilesOf(index, folder) : [];
  const same = cached && cached.files.length === files.length && cached.files.every((f, i) => f === files[i]) && cached.linked.length === linked.length && cached.linked.every((text, i) => text === linked[i].text);
  if (same) return cached.module;
  const all = linked.length === 0 ? files : [...files, ...linked.map(({ uri, text }) => new IndexedFile(uri, text, undefined, undefined))];
  const module = buildModule(folder, all);
  if (limit) {
    module.limit = limit;
    module.incomplete = true;
  }
  byFolder.set(folder, { files, linked: linked.map((f) => f.text), module });
  return module;
}

/** The module a file belongs to. */
export function moduleOf(index: WorkspaceIndex, file: IndexedFile): TerraformModule {
  return moduleAt(index, folderOf(file.uri));
}

const tolerantModules = new WeakMap<HclFile, { base: TerraformModule; module: TerraformModule }>();

/**
 * The module a file belongs to as the editor's navigation reads it: when the file has a syntax error
 * (a line being typed), its tolerant syntax (tolerantSyntaxOf) in place of its own, so what the rest
 * of the block declares and references stays readable (issue #83); else the module itself.
 */
export function editorModuleOf(index: WorkspaceIndex, file: IndexedFile): TerraformModule {
  const base = moduleOf(index, file);
  const tolerant = tolerantSyntaxOf(file);
  if (tolerant === syntaxOf(file) || !base.files.some((f) => f.file === file)) return base;
  const cached = tolerantModules.get(tolerant);
  if (cached?.base === base) return cached.module;
  const module = buildModule(base.folder, base.files.map((f) => f.file), (f) => (f === file ? tolerant : syntaxOf(f)));
  tolerantModules.set(tolerant, { base, module });
  return module;
}

function labelled(kind: DeclarationKind, block: Block, uri: string, override: boolean, scoped = false): Declaration | undefined {
  const labels = block.labels;
  if (kind === 'resource' || kind === 'data' || kind === 'ephemeral' || kind === 'action' || kind === 'list') {
    if (labels.length < 2) return undefined;
    return { kind, key: `${labels[0].value}.${labels[1].value}`, name: labels[1].value, type: labels[0].value, uri, block, nameSpan: labels[1], override, ...(scoped ? { scoped } : {}) };
  }
  if (labels.length < 1) return undefined;
  if (kind === 'provider') {
    const alias = staticString(attribute(block.body, 'alias')?.expr);
    return { kind, key: alias ? `${labels[0].value}.${alias}` : labels[0].value, name: labels[0].value, uri, block, nameSpan: labels[0], override };
  }
  return { kind, key: labels[0].value, name: labels[0].value, uri, block, nameSpan: labels[0], override };
}

const TOP_KINDS: Record<string, DeclarationKind> = { variable: 'variable', output: 'output', resource: 'resource', data: 'data', ephemeral: 'ephemeral', action: 'action', list: 'list', module: 'module', provider: 'provider', check: 'check' };

/**
 * A function of one module file computed once per version of its syntax: after an edit, the
 * module's checks take the other files' results as they were and compute the edited file's alone.
 * The result must depend on nothing but the file (its syntax, URI and text) and the language of
 * its messages; it is shared, never changed.
 */
export function perFile<T>(compute: (file: ModuleFile) => T): (file: ModuleFile) => T {
  const cache = new WeakMap<HclFile, { uri: string; language: string; value: T }>();
  return (file) => {
    const hit = cache.get(file.syntax);
    const language = currentLanguage();
    if (hit && hit.uri === file.file.uri && hit.language === language) return hit.value;
    const value = compute(file);
    cache.set(file.syntax, { uri: file.file.uri, language, value });
    return value;
  };
}

/** What one file declares (once per version of the file). */
export const fileDeclarations = perFile(declarationsOf);

function declarationsOf(file: ModuleFile): Declaration[] {
  const out: Declaration[] = [];
  const { uri } = file.file;
  for (const block of file.syntax.body.blocks) {
    if (block.type === 'locals') {
      for (const a of block.body.attributes) out.push({ kind: 'local', key: a.name, name: a.name, uri, block, attribute: a, nameSpan: a.nameSpan, override: file.override });
      continue;
    }
    const kind = TOP_KINDS[block.type];
    if (!kind) continue;
    const declaration = labelled(kind, block, uri, file.override);
    if (declaration) out.push(declaration);
    if (kind === 'check') for (const data of blocksOf(block.body, 'data')) {
      const scoped = labelled('data', data, uri, file.override, true);
      if (scoped) out.push(scoped);
    }
  }
  return out;
}

/** A module of these files (the index's, or an installed module's read by the descriptor); `syntaxFor` reads a file (the editor's tolerant reading of the file being typed). */
export function buildModule(folder: string, files: IndexedFile[], syntaxFor: (file: IndexedFile) => HclFile = syntaxOf): TerraformModule {
  const moduleFiles: ModuleFile[] = files.map((file) => ({ file, syntax: syntaxFor(file), override: isOverride(file.uri) }));
  // Terraform reads the base files, then the override files, each set in name order.
  moduleFiles.sort((a, b) => Number(a.override) - Number(b.override) || (a.file.uri < b.file.uri ? -1 : 1));
  const declarations = moduleFiles.flatMap(fileDeclarations);
  const byKind = new Map<DeclarationKind, Map<string, Declaration[]>>();
  for (const d of declarations) {
    if (d.override || d.scoped) continue;
    let map = byKind.get(d.kind);
    if (!map) byKind.set(d.kind, (map = new Map<string, Declaration[]>()));
    const list = map.get(d.key) ?? [];
    list.push(d);
    map.set(d.key, list);
  }
  const requiredProviders = new Map<string, { source?: string; version?: string; attribute: Attribute; uri: string }>();
  for (const { file, syntax } of moduleFiles) {
    for (const terraform of blocksOf(syntax.body, 'terraform')) {
      for (const required of blocksOf(terraform.body, 'required_providers')) {
        for (const entry of required.body.attributes) {
          let source: string | undefined;
          let version: string | undefined;
          if (entry.expr.kind === 'object') {
            for (const item of entry.expr.items) {
              const key = objectKey(item.key);
              if (key === 'source') source = staticString(item.value);
              else if (key === 'version') version = staticString(item.value);
            }
          } else version = staticString(entry.expr);
          if (!requiredProviders.has(entry.name)) requiredProviders.set(entry.name, { source, version, attribute: entry, uri: file.uri });
        }
      }
    }
  }
  return { folder, files: moduleFiles, declarations, byKind, incomplete: moduleFiles.some((f) => f.syntax.errors.length > 0 || f.syntax.limits.length > 0), requiredProviders };
}

/** An object's key as a name: a bare name (`source = …`) or a static string (`"source" = …`). */
export function objectKey(key: import('../syntax/syntax').Expr): string | undefined {
  if (key.kind === 'traversal' && key.steps.length === 0) return key.root.name;
  if (key.kind === 'paren') return undefined;
  return staticString(key);
}

/** The declarations of a kind by key. */
export function declared(module: TerraformModule, kind: DeclarationKind): Map<string, Declaration[]> {
  return module.byKind.get(kind) ?? new Map<string, Declaration[]>();
}
