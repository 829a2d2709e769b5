import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
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
