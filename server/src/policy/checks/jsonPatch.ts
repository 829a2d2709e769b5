/**
 * RFC 6902 JSON Patch as Kyverno applies `patchesJson6902` (evanphx/json-patch with its options): `add` creates the
 * missing parents of its path (EnsurePathExistsOnAdd), `remove` of a missing path is no error (AllowMissingPathOnRemove),
 * negative array indices count from the end. The document is copied, never changed in place.
 */
import type { Budget } from './budget';

export class PatchError extends Error {}

type Container = Record<string, unknown> | unknown[];

function isMap(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** A JSON pointer's tokens (`~1` is `/`, `~0` is `~`). */
function tokens(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new PatchError(`a JSON patch path must start with '/': ${pointer}`);
  return pointer.slice(1).split('/').map((token) => token.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function index(list: unknown[], token: string, forAdd: boolean): number {
  if (token === '-' && forAdd) return list.length;
  if (!/^-?\d+$/.test(token)) throw new PatchError(`${token} is not an array index`);
  let at = Number(token);
  if (at < 0) at += list.length;
  if (at < 0 || at > list.length || (!forAdd && at === list.length)) throw new PatchError(`index ${token} is out of the array's range`);
  return at;
}

/** The container of a path's last token (created on the way when `create`), or undefined when a parent is missing. */
function parentOf(doc: unknown, path: readonly string[], create: boolean): Container | undefined {
  let at: unknown = doc;
  for (let i = 0; i < path.length - 1; i++) {
    const token = path[i] ?? '';
    const nextToken = path[i + 1] ?? '';
    if (Array.isArray(at)) {
      const position = index(at, token, create);
      if (at[position] === undefined && create) at.splice(position, 0, /^(\d+|-)$/.test(nextToken) ? [] : {});
      at = at[position];
    } else if (isMap(at)) {
      if ((at[token] === undefined || at[token] === null) && create) at[token] = /^(\d+|-)$/.test(nextToken) ? [] : {};
      at = at[token];
    } else return undefined;
  }
  return Array.isArray(at) || isMap(at) ? at : undefined;
}

function get(doc: unknown, path: readonly string[]): unknown {
  let at: unknown = doc;
  for (const token of path) {
    if (Array.isArray(at)) at = at[index(at, token, false)];
    else if (isMap(at) && Object.prototype.hasOwnProperty.call(at, token)) at = at[token];
    else throw new PatchError(`path /${path.join('/')} not found`);
  }
  return at;
}

function add(doc: { root: unknown }, path: readonly string[], value: unknown): void {
  if (path.length === 0) {
    doc.root = value;
    return;
  }
  const parent = parentOf(doc.root, path, true);
  const last = path[path.length - 1] ?? '';
  if (Array.isArray(parent)) parent.splice(index(parent, last, true), 0, value);
  else if (parent) parent[last] = value;
  else throw new PatchError(`the parent of /${path.join('/')} is not an object or array`);
}

function remove(doc: { root: unknown }, path: readonly string[], missingOk: boolean): unknown {
  const parent = parentOf(doc.root, path, false);
  const last = path[path.length - 1] ?? '';
  if (Array.isArray(parent)) {
    if (missingOk && !/^-?\d+$/.test(last)) return undefined;
    const at = Number(last) < 0 ? Number(last) + parent.length : Number(last);
    if (at < 0 || at >= parent.length) {
      if (missingOk) return undefined;
      throw new PatchError(`index ${last} is out of the array's range`);
    }
    return parent.splice(at, 1)[0];
  }
  if (parent && Object.prototype.hasOwnProperty.call(parent, last)) {
    const value = parent[last];
    delete parent[last];
    return value;
  }
  if (missingOk) return undefined;
  throw new PatchError(`path /${path.join('/')} not found`);
}

const clone = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

/** The document with the operations applied, in order (a PatchError names the failing operation). */
export function applyJsonPatch(document: unknown, operations: unknown, budget: Budget): unknown {
  if (!Array.isArray(operations)) throw new PatchError('patchesJson6902 must be a list of operations');
  const doc = { root: clone(document) };
  for (const operation of operations) {
    budget.step();
    if (!isMap(operation) || typeof operation.op !== 'string' || typeof operation.path !== 'string') throw new PatchError('a JSON patch operation needs op and path');
    const path = tokens(operation.path);
    switch (operation.op) {
      case 'add':
        add(doc, path, clone(operation.value));
        break;
      case 'remove':
        remove(doc, path, true);
        break;
      case 'replace':
        get(doc.root, path);
        remove(doc, path, false);
        add(doc, path, clone(operation.value));
        break;
      case 'move':
      case 'copy': {
        if (typeof operation.from !== 'string') throw new PatchError(`${operation.op} needs from`);
        const from = tokens(operation.from);
        const value = operation.op === 'move' ? remove(doc, from, false) : clone(get(doc.root, from));
        add(doc, path, value);
        break;
      }
      case 'test':
        if (JSON.stringify(get(doc.root, path)) !== JSON.stringify(operation.value)) throw new PatchError(`test operation at ${operation.path} failed`);
        break;
      default:
        throw new PatchError(`unknown JSON patch operation ${operation.op}`);
    }
  }
  return doc.root;
}
