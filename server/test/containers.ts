// What the containers tests share: the compose-spec schema, a fake disk, the corpus as workspaces.
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import type { SideText } from '../src/common/sideFile';
import type { ComposeReader } from '../src/compose/model';
import { isComposeFile } from '../src/compose/files';
import { isDockerfile } from '../src/dockerfile/model';
import { SchemaEngine, type SchemaBundle } from '../src/schema/engine';
import { indexOptions } from '../src/service';
import { defaultSettings } from '../src/settings';
import { WorkspaceIndex } from '../src/workspace/index';
import { fixturesDir, repoRoot } from './helpers';

const oss = path.join(fixturesDir, 'oss');

/** schemas/compose/compose-spec.json. */
export const composeEngine = new SchemaEngine([JSON.parse(readFileSync(path.join(repoRoot, 'schemas', 'compose', 'compose-spec.json'), 'utf8')) as SchemaBundle]);

/** A fake disk's answer: the text, or missing. */
export function sideText(text: string | undefined): SideText {
  return text === undefined ? { refused: 'missing' } : { text };
}

/** A disk of a few files under /p. */
export function fakeDisk(files: Record<string, string>): ComposeReader {
  const all = new Map(Object.entries(files).map(([k, v]) => [path.resolve('/p', k), v]));
  const folders = new Set<string>();
  for (const file of all.keys()) for (let d = path.dirname(file); d !== '/'; d = path.dirname(d)) folders.add(d);
  return { read: (p) => sideText(all.get(p)), exists: (p) => all.has(p) || folders.has(p) };
}

/** A repository of the corpus as a workspace: its Compose files and Dockerfiles indexed, its other paths known to exist. */
export function corpusRepository(repo: string): { index: WorkspaceIndex; reader: ComposeReader & { list(): string[] }; files: string[] } {
  const root = `/corpus/${repo}`;
  const listed = readFileSync(path.join(oss, 'compose', `${repo}.files.txt`), 'utf8').split('\n').filter(Boolean);
  const existing = new Set<string>([root]);
  for (const file of listed) {
    existing.add(path.posix.join(root, file));
    for (let dir = path.posix.dirname(file); dir !== '.'; dir = path.posix.dirname(dir)) existing.add(path.posix.join(root, dir));
  }
  const copies = new Map<string, string>();
  for (const kind of ['compose', 'dockerfile']) {
    const base = path.join(oss, kind, repo);
    for (const entry of readdirSync(base, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile()) continue;
      const full = path.join(entry.parentPath, entry.name);
      copies.set(path.posix.join(root, path.relative(base, full).split(path.sep).join('/')), readFileSync(full, 'utf8'));
    }
  }
  const reader = { exists: (p: string) => existing.has(p), read: (p: string) => sideText(copies.get(p) ?? (existing.has(p) ? '' : undefined)), list: () => listed.map((file) => path.posix.join(root, file)) };
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  const files: string[] = [];
  for (const [file, text] of copies) {
    const uri = `file://${file}`;
    if (!isComposeFile(uri) && !isDockerfile(uri)) continue;
    index.update(uri, text);
    files.push(uri);
  }
  return { index, reader, files: files.sort() };
}

export const corpusRepositories = readdirSync(path.join(oss, 'compose')).filter((name) => name.endsWith('.files.txt')).map((name) => name.slice(0, -'.files.txt'.length));

