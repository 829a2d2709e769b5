/**
 * A Go binary's code is its own package and what it imports (issue #95: ebosas/microservices, each `cmd/<name>` built by its
 * own Dockerfile copying only that folder and the shared `internal/`). Its own package: what its Dockerfile's `go build`
 * names (`go build -o x ./cmd/x`), else the folders its Dockerfile copies that no other binary's of the same context does.
 * A shared package reading every variable into a struct (`PostgresURL: getEnv("POSTGRES_URL", …)` in `internal/config`)
 * names a variable for a binary only when the binary's own package, or a module-local package it imports, selects that field
 * (`conf.PostgresURL`). Not sure, as before: a binary with no own package found or no `go.mod` at its context, a variable
 * named otherwise (`os.Getenv` in a call). Bounded: MAX_PACKAGES packages a binary reaches, MAX_GO_BYTES of their files,
 * each read by the one bounded, confined side read. Pure but for that reader.
 */
import type { SystemNode } from '../features/system/contributor';
import { textCopies, textInstructions } from '../dockerfile/api';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import { folderOf } from './files';
import type { MountReader } from './mounted';

const MAX_PACKAGES = 64;
const MAX_GO_BYTES = 4_000_000;

// The exported field a line assigns or tags: `Field: …`, `x.Field = …`, `Field string \`env:"…"\``.
const FIELD_LINE = /^\s*(?:[A-Za-z_]\w*\.)?([A-Z]\w*)(?:\s*:[^=]|\s*=[^=]|\s+[\w.*[\]]+\s+`)/;

const isGo = (uri: string) => uri.endsWith('.go') && !uri.endsWith('_test.go');

/** A folder as written in a Dockerfile, relative to its context (`./cmd/x/...` → `cmd/x`); undefined for the context itself or a pattern. */
function relativeFolder(written: string): string | undefined {
  const folder = written.replace(/^\.\//, '').replace(/\/\.\.\.$/, '').replace(/\/$/, '');
  return folder === '' || folder === '.' || folder.startsWith('..') || folder.startsWith('/') || /[*?[$]/.test(folder) ? undefined : folder;
}

/** The package folders a Dockerfile's `go build` or `go install` names (`./cmd/x`). */
function builtPackages(text: string): string[] {
  return textInstructions(text).flatMap(({ name, rest }) => {
    if (name !== 'RUN' || !/\bgo\s+(?:build|install)\b/.test(rest)) return [];
    return rest.split(/\s+/).filter((word) => word.startsWith('./')).flatMap((word) => relativeFolder(word) ?? []);
  });
}

/** Whether `text` selects `.field` (not the start of a longer name). */
function selects(text: string, field: string): boolean {
  const needle = `.${field}`;
  for (let at = text.indexOf(needle); at >= 0; at = text.indexOf(needle, at + needle.length)) if (!/\w/.test(text.charAt(at + needle.length))) return true;
  return false;
}

/** Each binary's own Go files, by its build context, for the owners whose one Dockerfile says its own package. */
function ownPackages(index: WorkspaceIndex, owners: ReadonlySet<SystemNode>, dockerfiles: ReadonlyMap<SystemNode, ReadonlySet<string>>): Map<SystemNode, { context: string; folders: string[] }> {
  const builds = new Map<SystemNode, { context: string; built: string[]; copied: string[] }>();
  for (const owner of owners) {
    const [dockerfile, ...more] = [...(dockerfiles.get(owner) ?? [])];
    const text = more.length === 0 && dockerfile !== undefined ? index.get(dockerfile)?.text : undefined;
    if (text === undefined) continue;
    const copied = textCopies(text).flatMap((copy) => copy.sources.flatMap((source) => relativeFolder(source) ?? []));
    builds.set(owner, { context: folderOf(dockerfile), built: builtPackages(text), copied });
  }
  const own = new Map<SystemNode, { context: string; folders: string[] }>();
  for (const [owner, { context, built, copied }] of builds) {
    const others = [...builds].filter(([other, build]) => other !== owner && build.context === context).flatMap(([, build]) => build.copied);
    const folders = built.length > 0 ? built : copied.filter((folder) => !others.includes(folder) && !folder.includes('.'));
    if (folders.length > 0) own.set(owner, { context, folders });
  }
  return own;
}

/** The texts of a package folder's Go files (not its tests), by the bounded side read; none where it cannot be listed. */
function packageTexts(reader: MountReader, folder: string): string[] {
  let listed: string[] = [];
  try {
    listed = reader.list?.(folder) ?? [];
  } catch {
    listed = [];
  }
  return listed.filter(isGo).flatMap((file) => {
    const read = reader.read(file);
    return 'text' in read ? [read.text] : [];
  });
}

/** The module-local packages a text imports (`"github.com/x/y/internal/config"` of module `github.com/x/y`), as folders of the module. */
function localImports(text: string, module: string): string[] {
  const found: string[] = [];
  const prefix = `"${module}/`;
  for (let at = text.indexOf(prefix); at >= 0 && found.length < MAX_PACKAGES; at = text.indexOf(prefix, at + prefix.length)) {
    const end = text.indexOf('"', at + prefix.length);
    const folder = end > 0 && end - at < 300 ? relativeFolder(text.slice(at + prefix.length, end)) : undefined;
    if (folder !== undefined) found.push(folder);
  }
  return found;
}

/**
 * The texts of a binary's own packages and the module-local packages they import, breadth first, at most MAX_PACKAGES
 * packages and MAX_GO_BYTES; undefined without a `go.mod` at its context, a folder listing (a git revision's files) or any
 * Go file of its own (not sure: as before).
 */
function binaryTexts(reader: MountReader, context: string, folders: readonly string[]): string[] | undefined {
  if (!reader.list) return undefined;
  const root = fileURLToPath(context);
  const goMod = reader.read(path.join(root, 'go.mod'));
  const module = 'text' in goMod ? /^module\s+"?([\w./~-]{1,200})/m.exec(goMod.text)?.[1] : undefined;
  if (module === undefined) return undefined;
  const seen = new Set(folders);
  const queue = [...folders];
  const texts: string[] = [];
  let bytes = 0;
  for (let i = 0; i < queue.length && i < MAX_PACKAGES && bytes <= MAX_GO_BYTES; i++) {
    for (const text of packageTexts(reader, path.join(root, queue[i]))) {
      texts.push(text);
      bytes += text.length;
      for (const folder of localImports(text, module)) {
        if (seen.has(folder)) continue;
        seen.add(folder);
        queue.push(folder);
      }
    }
  }
  // Its own package not found (a folder of no Go file): not sure.
  return texts.length > 0 ? texts : undefined;
}

/**
 * A filter of the owners a variable named at `offset` of `file` counts for: every owner, except, when `file` is a Go file
 * of a package the owners share naming it as an exported field, those of them with an own package (ownPackages) whose code
 * and module-local imports select that field nowhere.
 */
export function goKeyOwners(index: WorkspaceIndex, dockerfiles: ReadonlyMap<SystemNode, ReadonlySet<string>>, reader: MountReader | undefined): (file: IndexedFile, offset: number, owners: readonly SystemNode[]) => readonly SystemNode[] {
  let own: Map<SystemNode, { context: string; folders: string[] }> | undefined;
  const texts = new Map<SystemNode, string[] | undefined>();
  const textsOf = (owner: SystemNode, context: string, folders: readonly string[]) => {
    if (!texts.has(owner)) texts.set(owner, reader ? binaryTexts(reader, context, folders) : undefined);
    return texts.get(owner);
  };
  const inside = (uri: string, context: string, folders: readonly string[]) => folders.some((folder) => uri.startsWith(`${context}/${folder}/`));
  return (file, offset, owners) => {
    if (owners.length < 2 || !isGo(file.uri) || !file.uri.startsWith('file:')) return owners;
    const start = file.text.lastIndexOf('\n', offset - 1) + 1;
    const field = FIELD_LINE.exec(file.text.slice(start, Math.min(start + 300, offset)))?.[1];
    if (field === undefined) return owners;
    own ??= ownPackages(index, new Set(dockerfiles.keys()), dockerfiles);
    return owners.filter((owner) => {
      const package_ = own?.get(owner);
      if (package_ === undefined || inside(file.uri, package_.context, package_.folders)) return true;
      const reached = textsOf(owner, package_.context, package_.folders);
      return reached === undefined || reached.some((text) => selects(text, field));
    });
  };
}
