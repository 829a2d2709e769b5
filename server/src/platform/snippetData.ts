import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../disk/packageRoot';
import { parseSnippetFile, type Snippet } from '../snippets/catalogue';

/** The snippets of snippets/ (the files VS Code's snippet format describes), with their places. */
export function loadSnippets(root: string = packageRoot()): Snippet[] {
  const folder = path.join(root, 'snippets');
  return readdirSync(folder)
    .filter((f) => f.endsWith('.json') || f.endsWith('.code-snippets'))
    .sort()
    .flatMap((file) => parseSnippetFile(file, readFileSync(path.join(folder, file), 'utf8')));
}
