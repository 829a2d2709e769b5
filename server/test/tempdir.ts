import { cpSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** Creates a fresh temporary folder tree from a map of relative path → content; removed by the returned function. */
export function makeTree(files: Record<string, string>): { root: string; remove: () => void } {
  const root = mkdtempSync(path.join(os.tmpdir(), 'archipel-test-'));
  for (const [relative, content] of Object.entries(files)) {
    const file = path.join(root, relative);
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, content);
  }
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** A fixture folder's files by relative path (`/`-separated), its LICENSE aside: what makeTree takes back, changed or not. */
export function readTree(root: string): Record<string, string> {
  const files: Record<string, string> = {};
  const walk = (folder: string) => {
    for (const name of readdirSync(folder)) {
      const full = path.join(folder, name);
      if (statSync(full).isDirectory()) walk(full);
      else if (name !== 'LICENSE') files[path.relative(root, full).split(path.sep).join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return files;
}

/** Within a describe: makes trees (makeTree) removed after its tests; returns each tree's root. */
export function suiteTrees(): (files: Record<string, string>) => string {
  const removes: (() => void)[] = [];
  after(() => removes.forEach((remove) => remove()));
  return (files) => {
    const made = makeTree(files);
    removes.push(made.remove);
    return made.root;
  };
}

/** A fresh temporary copy of a folder (an example workspace a test may change); removed by the returned function. */
export function copyTree(source: string): { root: string; remove: () => void } {
  const tree = makeTree({});
  cpSync(source, tree.root, { recursive: true });
  return tree;
}

/**
 * A temporary copy of part of a repository (`entries`: its folders and files, without node_modules,
 * out or dist), its node_modules linked, with `files` (relative path → content) written over it: a
 * test runs a script of the repository on a tree it changed.
 */
export function copyRepository(repository: string, entries: readonly string[], files: Record<string, string> = {}): { root: string; remove: () => void } {
  const tree = makeTree({});
  const skip = (source: string) => !/[\\/](node_modules|out|dist)([\\/]|$)/.test(path.relative(repository, source));
  for (const entry of entries) cpSync(path.join(repository, entry), path.join(tree.root, entry), { recursive: true, filter: skip });
  symlinkSync(path.join(repository, 'node_modules'), path.join(tree.root, 'node_modules'), 'dir');
  for (const [relative, content] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(tree.root, relative)), { recursive: true });
    writeFileSync(path.join(tree.root, relative), content);
  }
  return tree;
}
