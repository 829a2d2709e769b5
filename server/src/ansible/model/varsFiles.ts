/**
 * The vars files a playbook or task file loads — `vars_files` and `include_vars` — as the files of the
 * workspace they may be: a written path beside the file or in its role's `vars/`; a templated one
 * (`vars/{{ ansible_os_family }}.yml`, `{{ item }}` over `with_first_found`'s files) as every file of
 * those folders its template could render to, each `{{ … }}` standing for any name. Ansible's
 * include_vars (its action plugin's `_find_needle('vars', …)`) looks in the role's `vars/`, the role, the
 * including file's folder and its `vars/`; `{{ role_path }}` and `{{ playbook_dir }}` are the role's and
 * the playbook's folders.
 */
import { roleOf } from './kind';
import { isRecord, type TaskNode } from './model';
import { resolveIn } from './workspace';

/** The URIs a vars file written `written` (no template) in `uri` may be: beside it, or in its role's vars/. */
export function loadedUris(uri: string, written: string): string[] {
  if (/^[/~]/.test(written)) return [];
  const folder = uri.slice(0, uri.lastIndexOf('/'));
  const role = /^(.*\/roles\/[^/]+)\//.exec(uri)?.[1];
  return [resolveIn(folder, written), ...(role ? [resolveIn(`${role}/vars`, written)] : [])];
}

const ITEM = /\{\{\s*item\s*\}\}/;

/** A loop's items as strings, with with_first_found's `files` × `paths` (a lookup's terms Archipel cannot know: none). */
function loopItems(task: TaskNode): string[] {
  const loop: unknown = task.value.with_first_found ?? task.value.loop ?? task.value.with_items;
  const items: string[] = [];
  for (const item of Array.isArray(loop) ? loop : [loop]) {
    if (typeof item === 'string' && !/^\s*\{\{[^}]*\}\}\s*$/.test(item)) items.push(item);
    else if (isRecord(item)) {
      const files = [item.files].flat().filter((file): file is string => typeof file === 'string');
      const paths = [item.paths].flat().filter((path): path is string => typeof path === 'string');
      for (const file of files) for (const path of paths.length > 0 ? paths : ['']) items.push(path === '' ? file : `${path.replace(/(?<!\/)\/+$/, '')}/${file}`);
    }
  }
  return items;
}

/** The paths a templated include_vars or vars_files entry may name: `{{ item }}` replaced by each of the task's loop items. */
export function templatedPaths(written: string, task: TaskNode | undefined): string[] {
  if (!task || !ITEM.test(written)) return [written];
  const items = loopItems(task);
  return items.length > 0 ? items.map((item) => written.replace(new RegExp(ITEM.source, 'g'), item)) : [written];
}

/**
 * A path's literal pieces around its templates (`{{ … }}`, `{% … %}`), each with where it starts, read left to
 * right once (an unclosed opening is text, and so is every later one of its kind).
 */
function literalPieces(text: string): { text: string; start: number }[] {
  const pieces: { text: string; start: number }[] = [];
  const unclosed = new Set<string>();
  let from = 0;
  let at = 0;
  while (at < text.length - 1) {
    const close = text.startsWith('{{', at) ? '}}' : text.startsWith('{%', at) ? '%}' : undefined;
    const end = close && !unclosed.has(close) ? text.indexOf(close, at + 2) : -1;
    if (close && end === -1) unclosed.add(close);
    if (end === -1) {
      at++;
      continue;
    }
    pieces.push({ text: text.slice(from, at), start: from });
    at = from = end + 2;
  }
  pieces.push({ text: text.slice(from), start: from });
  return pieces;
}

/** The files a templated path may name: in one of `folders`, a name holding `pieces` in order (each template any characters). */
export interface VarsCandidates {
  readonly folders: ReadonlySet<string>;
  readonly pieces: readonly string[];
}

/** Whether the file `uri` is one of the candidates: its folder, and its name matched piece by piece (leftmost first: linear). */
export function isCandidate(candidates: VarsCandidates, uri: string): boolean {
  const slash = uri.lastIndexOf('/');
  if (!candidates.folders.has(uri.slice(0, slash))) return false;
  const name = uri.slice(slash + 1);
  const { pieces } = candidates;
  const first = pieces[0];
  const last = pieces[pieces.length - 1];
  if (pieces.length === 1) return name === first;
  if (name.length < first.length + last.length || !name.startsWith(first) || !name.endsWith(last)) return false;
  const end = name.length - last.length;
  let at = first.length;
  for (let i = 1; i < pieces.length - 1; i++) {
    const found = name.indexOf(pieces[i], at);
    if (found === -1 || found + pieces[i].length > end) return false;
    at = found + pieces[i].length;
  }
  return true;
}

/**
 * The files a templated path written in `uri` may name: each template in the file's name any characters
 * (but '/'), in the role's `vars/` or folder, the file's folder or its `vars/`; a bare template (`{{ x }}`,
 * `{{ x }}.yml`: no written folder or name) only in a `vars/` folder. Undefined when it could be anywhere:
 * an absolute path, a folder given by a template.
 */
export function candidatesOf(uri: string, written: string): VarsCandidates | undefined {
  const folder = uri.slice(0, uri.lastIndexOf('/'));
  const role = roleOf(uri);
  const roleRoot = role && /^(tasks|handlers|vars|defaults|meta)$/.test(role.folder) ? role.root : undefined;
  let path = written.trim();
  // A path, not a document: a longer one is not read.
  if (path.length > 1024) return undefined;
  const root = /^\{\{\s*(role_path|playbook_dir)\s*\}\}\/?/.exec(path);
  let bases: string[];
  if (root) {
    // role_path is the role's folder; playbook_dir the playbook's (a role's file does not know it).
    const base = root[1] === 'role_path' ? roleRoot : roleRoot ? undefined : folder;
    if (base === undefined) return undefined;
    bases = [base];
    path = path.slice(root[0].length);
  } else {
    if (path.startsWith('/') || path.startsWith('~')) return undefined;
    const bare = !path.includes('/') && literalPieces(path).every((piece) => piece.text === '' || /^\.(ya?ml|json)$/.test(piece.text));
    bases = bare ? [`${folder}/vars`, ...(roleRoot ? [`${roleRoot}/vars`] : [])] : [folder, `${folder}/vars`, ...(roleRoot ? [`${roleRoot}/vars`, roleRoot] : [])];
  }
  // The folder ends at the last '/' outside a template (`replace('/', '_')` inside one is not a folder).
  const pieces = literalPieces(path);
  let slash = -1;
  for (const piece of pieces) {
    const inPiece = piece.text.lastIndexOf('/');
    if (inPiece !== -1) slash = piece.start + inPiece;
  }
  const dir = slash < 0 ? '' : path.slice(0, slash);
  if (dir.includes('{{') || dir.includes('{%')) return undefined;
  const folders = new Set(bases.map((base) => (dir === '' ? base : resolveIn(base, dir))));
  return { folders, pieces: literalPieces(path.slice(slash + 1)).map((piece) => piece.text) };
}
