/**
 * The modules `terraform init` installed: a root module's `.terraform/modules/modules.json` lists
 * each module call by key (`gke`, and `gke.node_pool` for a call inside it) with the folder its
 * source was downloaded to (`Dir`, relative to the root module). A registry or git call listed there
 * is read from that folder as a local module is read from the repository; one not listed (no init,
 * or the source changed since) stays unknown and gives no finding. The folder's files are not the
 * workspace's (`.terraform/` is not indexed): the family's descriptor reads them, bounded and
 * confined to the workspace (a `Dir` leading out of it, even through a link, is never read).
 */
import { PerGeneration } from '../../workspace/perGeneration';
import path from 'node:path';
import type { Finding } from '../../common/findings';
import type { NotRead, SideText } from '../../common/sideFile';
import { t } from '../../l10n/t';
import { IndexedFile, type WorkspaceIndex } from '../../workspace/index';
import { buildModule, declared, type Declaration, type TerraformModule } from './model';
import { terraformRules } from '../checks/rules';
import { attribute, staticString } from '../syntax/syntax';

/** What the descriptor reads for this file's services (URIs in, texts out): nothing here touches the disk. */
export interface InstalledModulesReader {
  /** A root module folder's `.terraform/modules/modules.json`: undefined when there is none. */
  manifest(folder: string, roots: readonly string[]): SideText | undefined;
  /**
   * The Terraform configuration files (`*.tf`, `*.tf.json`) of an installed module's folder, by
   * URI; undefined when the folder is missing, not a folder, or outside the workspace's folders
   * (links resolved).
   */
  moduleFiles(folder: string, roots: readonly string[]): { uri: string; text: string }[] | undefined;
}

/** The manifest's file, from its root module's folder. */
export const MANIFEST = '.terraform/modules/modules.json';

interface Entry {
  source: string;
  dir: string;
}

/** A manifest read: its entries by key, or why it cannot be used. */
type Manifest = { entries: Map<string, Entry> } | { problem: string };

const bindings = new WeakMap<WorkspaceIndex, { reader: InstalledModulesReader; roots: readonly string[] }>();

/** Makes the descriptor's reader the one the index's module calls use (the feature does it on each request). */
export function bindInstalledModules(index: WorkspaceIndex, reader: InstalledModulesReader, roots: readonly string[]): void {
  const bound = bindings.get(index);
  if (bound?.reader === reader && bound.roots.length === roots.length && bound.roots.every((root, i) => root === roots[i])) return;
  // A new binding is a new key of the manifests read (manifestOf): other folders may see other files.
  bindings.set(index, { reader, roots });
}

const parsed = new Map<string, Manifest>();

function notRead(reason: Exclude<NotRead, 'missing'>): string {
  if (reason === 'outside') return t('it leads outside the workspace');
  if (reason === 'not-a-file') return t('it is not a regular file');
  if (reason === 'too-large') return t('it is larger than the side-file bound (archipel.validation.maxSideFileKb)');
  return t('it cannot be read');
}

/** Terraform's manifest format: {"Modules": [{"Key", "Source", "Version", "Dir"}]}; an entry of another shape is left out. */
function parseManifest(text: string): Manifest {
  const known = parsed.get(text);
  if (known) return known;
  let manifest: Manifest;
  try {
    const json = JSON.parse(text) as unknown;
    const modules = json !== null && typeof json === 'object' ? (json as { Modules?: unknown }).Modules : undefined;
    if (!Array.isArray(modules)) manifest = { problem: t('it has no "Modules" list') };
    else {
      const entries = new Map<string, Entry>();
      for (const item of modules as unknown[]) {
        if (item === null || typeof item !== 'object') continue;
        const { Key: key, Source: source, Dir: dir } = item as Record<string, unknown>;
        if (typeof key === 'string' && typeof dir === 'string' && typeof source === 'string' && !entries.has(key)) entries.set(key, { source, dir });
      }
      manifest = { entries };
    }
  } catch (error) {
    manifest = { problem: t('it is not JSON ({0})', error instanceof Error ? error.message : String(error)) };
  }
  // One manifest per root module is read at a time: keep the last few texts only.
  if (parsed.size >= 64) parsed.clear();
  parsed.set(text, manifest);
  return manifest;
}

const manifests = new PerGeneration<WorkspaceIndex, Map<string, Manifest | undefined>>();

/** A root module folder's manifest, undefined when it has none (or no reader is bound): read once per index generation. */
function manifestOf(index: WorkspaceIndex, folder: string): Manifest | undefined {
  const bound = bindings.get(index);
  if (!bound) return undefined;
  const byFolder = manifests.get(index, index.generation, [bound], () => new Map());
  if (byFolder.has(folder)) return byFolder.get(folder);
  const read = bound.reader.manifest(folder, bound.roots);
  const manifest = !read ? undefined : 'refused' in read ? (read.refused === 'missing' ? undefined : { problem: notRead(read.refused) }) : parseManifest(read.text);
  byFolder.set(folder, manifest);
  return manifest;
}

/** A source as written and as the manifest keeps it, alike: registry host, `git::`, scheme and `.git` left out. */
function sourceKey(source: string): string {
  return source
    .trim()
    .toLowerCase()
    .replace(/^git::/, '')
    .replace(/^[a-z+]+:\/\//, '')
    .replace(/^registry\.terraform\.io\//, '')
    .replace(/\.git(?=$|[/?])/, '');
}

/** The folder URI a manifest's `Dir` names from its root module's folder; undefined for an absolute one. */
function dirUri(root: string, dir: string): string | undefined {
  const written = dir.replace(/\\/g, '/');
  if (written === '' || written.startsWith('/') || /^[a-zA-Z]:/.test(written)) return undefined;
  const base = new URL(`${root}/`);
  const joined = path.posix.normalize(path.posix.join(base.pathname, written)).replace(/(?<!\/)\/+$/, '');
  return `${base.protocol}//${base.host}${joined}`;
}

/** Installed modules read, per index: their files' texts are the key. */
const built = new WeakMap<WorkspaceIndex, Map<string, { texts: string[]; module: TerraformModule }>>();

function installedModuleAt(index: WorkspaceIndex, folder: string, key: { root: string; key: string }): TerraformModule | undefined {
  const bound = bindings.get(index);
  const files = bound?.reader.moduleFiles(folder, bound.roots);
  if (!files || files.length === 0) return undefined;
  let byFolder = built.get(index);
  if (!byFolder) built.set(index, (byFolder = new Map<string, { texts: string[]; module: TerraformModule }>()));
  const cached = byFolder.get(folder);
  if (cached && cached.texts.length === files.length && cached.texts.every((text, i) => text === files[i].text) && cached.module.installed?.key === key.key) return cached.module;
  const module = buildModule(
    folder,
    files.map(({ uri, text }) => new IndexedFile(uri, text, undefined, undefined)),
  );
  module.installed = key;
  byFolder.set(folder, { texts: files.map((f) => f.text), module });
  return module;
}

/**
 * Where a module call is recorded in a manifest: the module's own folder's, the key the call's
 * name; a module itself installed from a manifest, that manifest with its key before the name. A
 * local module of the repository is not followed up to its callers' manifests.
 */
function manifestPlace(index: WorkspaceIndex, module: TerraformModule, call: Declaration): { root: string; key: string; manifest: Manifest } | undefined {
  if (module.installed) {
    const manifest = manifestOf(index, module.installed.root);
    return manifest && { root: module.installed.root, key: `${module.installed.key}.${call.key}`, manifest };
  }
  const manifest = manifestOf(index, module.folder);
  return manifest && { root: module.folder, key: call.key, manifest };
}

/** The installed module a registry or git call names, when the manifest lists it with the source the call says. */
export function installedModule(index: WorkspaceIndex, module: TerraformModule, call: Declaration): TerraformModule | undefined {
  const source = staticString(attribute(call.block.body, 'source')?.expr);
  if (source === undefined) return undefined;
  const place = manifestPlace(index, module, call);
  if (!place || !('entries' in place.manifest)) return undefined;
  const entry = place.manifest.entries.get(place.key);
  // A source changed since `terraform init` is another module: Terraform itself asks for init again.
  if (!entry || sourceKey(entry.source) !== sourceKey(source)) return undefined;
  const folder = dirUri(place.root, entry.dir);
  return folder && folder !== module.folder ? installedModuleAt(index, folder, { root: place.root, key: place.key }) : undefined;
}

/** A manifest that cannot be used: one finding, on the source of the module's first call that would read it. */
export function manifestFindings(index: WorkspaceIndex, module: TerraformModule, isLocal: (source: string) => boolean): { uri: string; finding: Finding }[] {
  if (module.installed || !bindings.has(index)) return [];
  const first = [...declared(module, 'module').values()]
    .flat()
    .map((call) => attribute(call.block.body, 'source'))
    .find((source) => {
      const written = source && staticString(source.expr);
      return written !== undefined && !isLocal(written);
    });
  if (!first) return [];
  const manifest = manifestOf(index, module.folder);
  if (!manifest || !('problem' in manifest)) return [];
  const uri = module.declarations.find((d) => d.kind === 'module' && d.block.body.attributes.includes(first))?.uri;
  if (!uri) return [];
  return [{ uri, finding: { start: first.expr.start, end: first.expr.end, code: terraformRules.modulesManifest.id, message: t('The modules terraform init installed are not read: {0} cannot be used ({1}); registry and git modules stay unknown until it is fixed (terraform init writes it again).', MANIFEST, manifest.problem) } }];
}
