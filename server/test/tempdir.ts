import { cpSync, mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
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
