/**
 * One build run in several roles chosen by a variable (issue #95): moleculerjs/moleculer-examples' conduit runs its one image
 * six times, `SERVICES: api` … `SERVICES: users` (beside the same env_file) each loading `services/<name>.service.js`. The
 * build's code is every one's, but a module only other roles load is not a role's: `api`, the gateway, opens no MongoDB
 * though `mixins/db.mixin.js`, which the five others import, reads `MONGO_URI`.
 *
 * A variable every service of the build is given, with values that differ, each value's names (a comma list) each naming a
 * module file of the build (the file's name up to its first dot: `api` ↔ `api.service.js`, `worker` ↔ `worker.py`), chooses
 * the roles. A role's code is its modules and what they import by relative path (JS/TS `require`/`import`, Python's relative
 * imports), to a bounded depth and count. Code outside every role's stays shared (compose/sharedPrograms.ts's rule applies to it).
 * Files are found among the indexed ones and their folders' listings; read through the index or the bounded side-file read.
 */
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { WorkspaceIndex } from '../workspace/index';
import type { BuildRoles } from '../compose/api';
import { codeExtensions, isTestFile } from './files';
import type { MountReader } from './mounted';

/** The most folders listed, files followed and files read per build; the depth of imports followed; the text looked at. */
const MAX_FOLDERS = 32;
const MAX_FILES = 256;
const MAX_READS = 512;
const MAX_DEPTH = 8;
const MAX_CHARS = 256 * 1024;

const jsImport = /(?:\brequire\(|\bfrom|\bimport\(?)\s{0,4}["'](\.{1,2}\/[^"'\n]{1,200})["']/g;
const pythonImport = /^[ \t]{0,16}from[ \t]{1,4}(\.{1,4})(\w[\w.]{0,200})?[ \t]{1,4}import[ \t]{1,4}\(?([\w, \t]{1,400})/gm;
const jsEndings = ['', '.js', '.ts', '.mjs', '.cjs', '.jsx', '.tsx', '/index.js', '/index.ts'];

const stem = (file: string) => path.basename(file).split('.')[0];
const isCode = (file: string) => codeExtensions.some((extension) => file.endsWith(extension)) || /\.[jt]sx$/.test(file);
/** A test's file below the build's context (isTestFile reads `/`-separated paths). */
const isTest = (file: string, context: string) => isTestFile(file.slice(context.length).split(path.sep).join('/'));

/** A service's role: the variable choosing it, the first module it names (a URI), the code files (URIs) only other roles load. */
export interface Role {
  variable: string;
  module: string;
  /** Every module the variable's value names (URIs), in its order (`SERVICES=articles,comments`). */
  modules: readonly string[];
  foreign: ReadonlySet<string>;
}

/** By service id (`compose:<project>:<name>`), the role of each service of a build run in roles; a service absent loads all its build's code. */
export function roles(index: WorkspaceIndex, builds: readonly BuildRoles[], reader: MountReader | undefined): Map<string, Role> {
  const found = new Map<string, Role>();
  for (const build of builds) {
    const chosen = roleModules(index, build, reader);
    if (!chosen) continue;
    const texts = new Map<string, string | undefined>();
    const text = (file: string): string | undefined => {
      if (texts.has(file)) return texts.get(file);
      const indexed = index.get(pathToFileURL(file).href);
      const read = indexed || !reader || texts.size >= MAX_READS ? undefined : reader.read(file);
      const found = indexed ? (indexed.skipped ? undefined : indexed.text) : read && 'text' in read ? read.text : undefined;
      texts.set(file, found);
      return found;
    };
    const code = new Map([...chosen.modules].map(([id, modules]) => [id, closure(modules, build.context, text)]));
    for (const [id, own] of code) {
      const foreign = new Set<string>();
      for (const [other, files] of code) if (other !== id) for (const file of files) if (!own.has(file)) foreign.add(pathToFileURL(file).href);
      const modules = chosen.modules.get(id)!.map((file) => pathToFileURL(file).href);
      found.set(id, { variable: chosen.variable, module: modules[0], modules, foreign });
    }
  }
  return found;
}

/** Each service's role modules (paths), when one variable chooses them all; undefined when none does. */
function roleModules(index: WorkspaceIndex, build: BuildRoles, reader: MountReader | undefined): { variable: string; modules: Map<string, string[]> } | undefined {
  // The variables each service is given, with values that differ, each a list of names (read first: most builds have none).
  const candidates: { variable: string; names: string[][] }[] = [];
  for (const variable of [...build.services[0].variables.keys()].sort()) {
    const values = build.services.map((service) => service.variables.get(variable));
    if (values.some((value) => value === undefined || value.includes('$')) || new Set(values).size < 2) continue;
    const names = values.map((value) => value!.split(',').map((name) => name.trim()));
    if (names.every((list) => list.every((name) => /^[\w-]{1,64}$/.test(name)))) candidates.push({ variable, names });
  }
  if (candidates.length === 0) return undefined;
  const prefix = `${build.context}${path.sep}`;
  const indexed: string[] = [];
  for (const file of index.files()) {
    if (!file.uri.startsWith('file:')) continue;
    const at = fileURLToPath(file.uri);
    if (at.startsWith(prefix) && isCode(at) && !isTest(at, build.context)) indexed.push(at);
  }
  if (indexed.length === 0) return undefined;
  const files = new Set(indexed);
  const folders = [...new Set([build.context, ...indexed.map((file) => path.dirname(file))])].slice(0, MAX_FOLDERS);
  for (const folder of folders) {
    let listed: string[] = [];
    try {
      listed = reader?.list?.(folder) ?? [];
    } catch {
      listed = [];
    }
    for (const file of listed) if (isCode(file) && !isTest(file, build.context)) files.add(file);
  }
  const byStem = new Map<string, string[]>();
  for (const file of files) byStem.set(stem(file), [...(byStem.get(stem(file)) ?? []), file]);
  for (const { variable, names } of candidates) {
    if (!names.every((list) => list.every((name) => byStem.has(name)))) continue;
    return { variable, modules: new Map(build.services.map((service, i) => [service.id, names[i].flatMap((name) => byStem.get(name)!.sort())])) };
  }
  return undefined;
}

/** The files a role's modules are and import by relative path, inside the build, breadth first to MAX_DEPTH, at most MAX_FILES. */
function closure(modules: readonly string[], context: string, text: (file: string) => string | undefined): Set<string> {
  const found = new Set(modules);
  let layer = [...modules];
  for (let depth = 0; depth < MAX_DEPTH && layer.length > 0 && found.size < MAX_FILES; depth++) {
    const next: string[] = [];
    for (const file of layer) {
      const written = text(file)?.slice(0, MAX_CHARS);
      if (written === undefined) continue;
      for (const candidates of importsOf(file, written)) {
        const hit = candidates.find((candidate) => candidate.startsWith(`${context}${path.sep}`) && isCode(candidate) && (found.has(candidate) || text(candidate) !== undefined));
        if (hit === undefined || found.has(hit) || found.size >= MAX_FILES) continue;
        found.add(hit);
        next.push(hit);
      }
    }
    layer = next;
  }
  return found;
}

/** What a file imports by relative path: for each import, the paths it may be, in resolution order. */
function importsOf(file: string, text: string): string[][] {
  const folder = path.dirname(file);
  const found: string[][] = [];
  if (file.endsWith('.py')) {
    for (const match of text.matchAll(pythonImport)) {
      const base = path.resolve(folder, ...Array<string>(match[1].length - 1).fill('..'));
      const module = match[2] === undefined ? [] : match[2].split('.').filter((part) => part !== '');
      const named = match[2] === undefined ? match[3].split(',').map((name) => name.trim().split(/\s/)[0]).filter((name) => /^\w+$/.test(name)) : [''];
      for (const name of named) {
        const at = path.join(base, ...module, name);
        found.push([`${at}.py`, path.join(at, '__init__.py')]);
      }
    }
    return found;
  }
  for (const match of text.matchAll(jsImport)) {
    const at = path.resolve(folder, match[1]);
    found.push(jsEndings.map((ending) => `${at}${ending}`));
  }
  return found;
}
