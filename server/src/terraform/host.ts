/**
 * What the Terraform family reads from the host (its descriptor, families/terraform.ts, hands it to
 * the feature): the provider schemas (bundled, and the user's
 * `terraform providers schema -json` output, read once per modification), what is at a module's
 * path (confined to the workspace's folders), and the modules `terraform init` installed (bounded,
 * confined reads, kept across checks).
 */
import { existsSync, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { fsPathOf, isWithin } from '../common/containment';
import { textOf } from '../common/sideFile';
import { confinedPath } from '../disk/containment';
import { READ_BOUNDS, readRegularFileSync, readSideText, readTextBoundedSync } from '../disk/readText';
import { MANIFEST, type InstalledModulesReader } from './model/installedModules';
import type { LinkedFilesReader } from './model/linkedFiles';
import type { FunctionTable } from './editor/functions';
import type { PathKind } from './checks/paths';
import { overRaw, providerSchema, readProvidersSchemaJson, schemaSet, type ProviderSchema, type ProviderSchemas, type RawDescriptions, type RawProviderSchema } from './model/providerSchemas';

/**
 * The bundled provider schemas (schemas/terraform/<name>.json, source `hashicorp/<name>`), each read
 * when a module first uses its provider; its descriptions (<name>.docs.json) when hover first asks.
 */
function bundledSchemas(root: string): () => ReadonlyMap<string, () => ProviderSchema | undefined> {
  let loaders: Map<string, () => ProviderSchema | undefined> | undefined;
  return () => {
    if (!loaders) {
      loaders = new Map();
      const folder = path.join(root, 'schemas', 'terraform');
      for (const name of readdirSync(folder).filter((f) => f.endsWith('.json') && !f.endsWith('.docs.json'))) {
        const file = path.join(folder, name);
        const docs = file.replace(/\.json$/, '.docs.json');
        let schema: ProviderSchema | undefined | null = null;
        loaders.set(`hashicorp/${name.replace(/\.json$/, '')}`, () => {
          if (schema === null) {
            let raw = JSON.parse(readTextBoundedSync(file, READ_BOUNDS.config)) as RawProviderSchema;
            // Another major (google@6.json) is what differs from the latest: laid over it, with the latest's descriptions (#94).
            const over = raw.over !== undefined && /^[a-z0-9-]+$/.test(raw.over) ? path.join(folder, `${raw.over}.json`) : undefined;
            if (over) raw = overRaw(JSON.parse(readTextBoundedSync(over, READ_BOUNDS.config)) as RawProviderSchema, raw);
            const docsFile = existsSync(docs) ? docs : over?.replace(/\.json$/, '.docs.json');
            schema = providerSchema(raw, () => (docsFile && existsSync(docsFile) ? (JSON.parse(readTextBoundedSync(docsFile, READ_BOUNDS.config)) as RawDescriptions) : undefined));
          }
          return schema;
        });
      }
    }
    return loaders;
  };
}

/** The names of a `terraform providers schema -json` output a user keeps beside a module or above it. */
const USER_SCHEMA_FILES = ['providers-schema.json', path.join('.terraform', 'providers-schema.json')];
/** A provider schema output is large (the AWS provider's is tens of MB): read up to this. */
const MAX_USER_SCHEMA_BYTES = 256 * 1024 * 1024;
const userSchemaCache = new Map<string, { mtime: number; schemas: ProviderSchema[] }>();

/** The user's schema file nearest a module's folder (up to 8 folders above, inside the workspace), read once per modification. */
function userSchemas(folder: string, roots: readonly string[]): ProviderSchema[] {
  let current = folder;
  for (let depth = 0; depth < 8 && (roots.length === 0 || roots.some((root) => isWithin(current, root))); depth++) {
    for (const name of USER_SCHEMA_FILES) {
      const file = path.join(current, name);
      let mtime: number;
      try {
        mtime = statSync(file).mtimeMs;
      } catch {
        continue;
      }
      const cached = userSchemaCache.get(file);
      if (cached?.mtime === mtime) return cached.schemas;
      const bytes = readRegularFileSync(file, MAX_USER_SCHEMA_BYTES);
      const schemas = typeof bytes === 'string' ? [] : (readProvidersSchemaJson(bytes.toString('utf8')) ?? []);
      userSchemaCache.set(file, { mtime, schemas });
      return schemas;
    }
    const parent = path.dirname(current);
    if (parent === current) break;
    current = parent;
  }
  return [];
}

/** A module's schemas: the bundled ones with the user's over them. */
export function schemasFor(root: string): (folder: string, roots: readonly string[]) => ProviderSchemas {
  const bundled = bundledSchemas(root);
  let plain: ProviderSchemas | undefined;
  const merged = new WeakMap<readonly ProviderSchema[], ProviderSchemas>();
  return (folder, roots) => {
    const own = userSchemas(folder, roots);
    if (own.length === 0) return (plain ??= schemaSet(bundled()));
    let set = merged.get(own);
    if (!set) merged.set(own, (set = schemaSet(bundled(), own)));
    return set;
  };
}

/**
 * What is at a path, for the module checks: `unknown` when it is outside the workspace's folders or
 * goes through a link leading outside them (disk/containment.ts confinedPath) — whether anything is
 * there is not looked at, so a finding never tells whether a file outside exists (issue #67).
 */
export function probePath(fsPath: string, roots: readonly string[]): PathKind {
  const where = confinedPath(fsPath, roots);
  if ('refused' in where) return 'unknown';
  try {
    return statSync(where.path).isDirectory() ? 'folder' : 'file';
  } catch {
    return 'missing';
  }
}

/** The workspace's folders with their links resolved (a folder of the workspace seldom moves: kept, bounded). */
const realRoots = new Map<string, string>();

function realRoot(root: string): string {
  let real = realRoots.get(root);
  if (real === undefined) {
    real = realpathSafe(root);
    if (realRoots.size > 256) realRoots.clear();
    realRoots.set(root, real);
  }
  return real;
}

/** Whether a real path (links resolved) is inside one of the workspace's folders, theirs resolved too; any path when there are none. */
function withinRoots(real: string, roots: readonly string[]): boolean {
  return roots.length === 0 || roots.some((root) => isWithin(real, realRoot(root)));
}

function realpathSafe(folder: string): string {
  try {
    return realpathSync(folder);
  } catch {
    return folder;
  }
}

/** The most files an installed module's folder gives (the largest public modules hold a few dozen). */
const MAX_INSTALLED_FILES = 1000;

/** A folder's real path when it is a folder inside the workspace's folders (links resolved), else undefined. */
function confinedFolder(uri: string, roots: readonly string[]): string | undefined {
  const folder = fsPathOf(uri);
  if (!folder) return undefined;
  let real: string;
  try {
    real = realpathSync(folder);
    if (!statSync(real).isDirectory()) return undefined;
  } catch {
    return undefined;
  }
  return withinRoots(real, roots) ? real : undefined;
}

/**
 * A file a module renders (`file()`, `templatefile()`, `data "template_file"`: a task definition's JSON) when it is a regular
 * file inside the workspace's folders, bounded (readSideText); never read without the workspace's folders.
 */
export function readTemplateFile(uri: string, roots: readonly string[]): string | undefined {
  const file = fsPathOf(uri);
  if (!file || roots.length === 0) return undefined;
  let real: string;
  try {
    real = realpathSync(file);
  } catch {
    return undefined;
  }
  return withinRoots(real, roots) ? textOf(readSideText(real)) : undefined;
}

function lstatExists(file: string): boolean {
  try {
    lstatSync(file);
    return true;
  } catch {
    return false;
  }
}

/**
 * Installed modules' folder listings and files, kept across checks — bounded: a server open on many
 * `terraform init`ed roots keeps the most recently read, not every file it ever read.
 */
const listings = new Map<string, { mtime: number; names: string[] }>();
const texts = new Map<string, { mtime: number; size: number; text: string | undefined }>();
const KEPT_LISTINGS = 2_000;
const KEPT_TEXTS = 10_000;

/** Sets a key as the most recent, forgetting the least recent past `max`. */
function keep<V>(map: Map<string, V>, key: string, value: V, max: number): void {
  map.delete(key);
  map.set(key, value);
  if (map.size > max) map.delete(map.keys().next().value as string);
}

/** An installed module's file, read again only when it changed: the same text keeps the module built from it. */
function installedText(file: string): string | undefined {
  let stats;
  try {
    stats = lstatSync(file);
  } catch {
    return undefined;
  }
  // A link is read (and confined) each time: where it leads may change, and so may the run's folders.
  if (!stats.isFile()) return textOf(readSideText(file));
  const known = texts.get(file);
  if (known?.mtime === stats.mtimeMs && known.size === stats.size) {
    keep(texts, file, known, KEPT_TEXTS);
    return known.text;
  }
  const text = textOf(readSideText(file));
  keep(texts, file, { mtime: stats.mtimeMs, size: stats.size, text }, KEPT_TEXTS);
  return text;
}

/**
 * What terraform init installed, read as side files (disk/readText.ts: bounded, regular files,
 * confined to the run's folders): a root module's modules.json, an installed module's `*.tf` and
 * `*.tf.json` files (its folder listed again when it changes).
 */
/** A folder's links to Terraform configuration files: its listing's, kept while the folder's modification time is the same. */
const links = new Map<string, { mtime: number; names: string[] }>();

/**
 * The `*.tf` and `*.tf.json` links of a folder (inside the workspace's folders), read as Terraform
 * reads them — through the link —, the link's target a regular file inside the workspace's folders
 * (readSideText: bounded, confined; a link out of the workspace is not read).
 */
function linkedFiles(folder: string, roots: readonly string[]): { uri: string; text: string }[] {
  const real = confinedFolder(folder, roots);
  if (!real) return [];
  let listing = links.get(real);
  try {
    const mtime = statSync(real).mtimeMs;
    if (listing?.mtime !== mtime) {
      const names = readdirSync(real, { withFileTypes: true })
        .filter((entry) => entry.isSymbolicLink() && /\.tf(\.json)?$/i.test(entry.name))
        .map((entry) => entry.name)
        .sort()
        .slice(0, MAX_INSTALLED_FILES);
      listing = { mtime, names };
      keep(links, real, listing, KEPT_LISTINGS);
    }
  } catch {
    return [];
  }
  return listing.names.flatMap((name) => {
    // Where the link leads, inside the workspace's folders (the run's confinement checks it again on reading).
    const target = realpathSafe(path.join(real, name));
    if (!withinRoots(target, roots)) return [];
    const text = textOf(readSideText(target));
    return text === undefined ? [] : [{ uri: `${folder}/${encodeURIComponent(name)}`, text }];
  });
}

/**
 * The folder a linked module folder leads to, named under the workspace folder it is in (as the index
 * names its files): confined like every read (a link out of the workspace leads nowhere here).
 */
function linkedFolder(folder: string, roots: readonly string[]): string | undefined {
  const real = confinedFolder(folder, roots);
  if (!real) return undefined;
  for (const root of roots) {
    const base = realRoot(root);
    if (!isWithin(real, base)) continue;
    const uri = pathToFileURL(path.join(root, path.relative(base, real))).href.replace(/\/$/, '');
    return uri === folder ? undefined : uri;
  }
  return undefined;
}

export const installedModulesReader: InstalledModulesReader & LinkedFilesReader = {
  linkedFiles,
  linkedFolder,
  manifest: (folder, roots) => {
    // Most modules were never initialised: one system call says so.
    const written = fsPathOf(folder);
    if (!written || !lstatExists(path.join(written, MANIFEST))) return undefined;
    const real = confinedFolder(folder, roots);
    if (!real) return undefined;
    const read = readSideText(path.join(real, MANIFEST));
    return 'refused' in read && read.refused === 'missing' ? undefined : read;
  },
  moduleFiles: (folder, roots) => {
    const real = confinedFolder(folder, roots);
    if (!real) return undefined;
    let listing = listings.get(real);
    try {
      const mtime = statSync(real).mtimeMs;
      if (listing?.mtime !== mtime) {
        listing = { mtime, names: readdirSync(real).filter((name) => /\.tf(\.json)?$/i.test(name)).sort().slice(0, MAX_INSTALLED_FILES) };
        keep(listings, real, listing, KEPT_LISTINGS);
      }
    } catch {
      return undefined;
    }
    return listing.names.flatMap((name) => {
      const text = installedText(path.join(real, name));
      return text === undefined ? [] : [{ uri: `${folder}/${encodeURIComponent(name)}`, text }];
    });
  },
};

/** Terraform's built-in functions' signatures (schemas/terraform-functions/functions.json), read on the first expression that needs them. */
export function functionsFor(root: string): () => FunctionTable | undefined {
  let table: FunctionTable | undefined | null = null;
  return () => {
    if (table === null) {
      try {
        table = JSON.parse(readTextBoundedSync(path.join(root, 'schemas', 'terraform-functions', 'functions.json'), READ_BOUNDS.config)) as FunctionTable;
      } catch {
        table = undefined;
      }
    }
    return table;
  };
}
