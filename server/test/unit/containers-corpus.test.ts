// Real Compose files and Dockerfiles nobody here wrote (server/test/fixtures/oss/compose/ and
// oss/dockerfile/, sources and licences in their README.md) check with no error, except the
// errors judged true and listed here by file, line and rule.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { composeFeature } from '../../src/compose/feature';
import type { ComposeReader } from '../../src/compose/model';
import { dockerfileFeature } from '../../src/dockerfile/feature';
import { isDockerfile } from '../../src/dockerfile/model';
import { isComposeFile } from '../../src/compose/model';
import { diagnoseFile, indexOptions } from '../../src/service';
import { defaultSettings } from '../../src/settings';
import { WorkspaceIndex } from '../../src/workspace/index';
import { fixturesDir } from '../helpers';
import { composeEngine } from './compose.test';

const oss = path.join(fixturesDir, 'oss');

/** Errors judged true, as `repository/path:line rule` (see the README's list). */
const trueErrors = new Set<string>([
  // `ADD . /app`: hadolint's DL3020 (an error in hadolint too): COPY does the same without ADD's URL and archive behaviour.
  'dockersamples+example-voting-app/result/tests/Dockerfile:10 DL3020',
  // `WORKDIR android/`: hadolint's DL3000 (an error in hadolint too): relative to the previous WORKDIR.
  'open-telemetry+opentelemetry-demo/src/react-native-app/android.Dockerfile:26 DL3000',
]);

/** A repository of the corpus as a workspace: its Compose files and Dockerfiles indexed, its other paths known to exist. */
export function corpusRepository(repo: string): { index: WorkspaceIndex; reader: ComposeReader; files: string[] } {
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
  const reader: ComposeReader = { exists: (p) => existing.has(p), readText: (p) => copies.get(p) };
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

describe('Containers: the corpus of real Compose files and Dockerfiles', () => {
  for (const repo of corpusRepositories) {
    it(`${repo}: no false error`, () => {
      const { index, reader, files } = corpusRepository(repo);
      const features = [composeFeature(composeEngine, reader), dockerfileFeature(reader)];
      const errors: string[] = [];
      let checked = 0;
      for (const uri of files) {
        const file = index.get(uri)!;
        checked++;
        for (const d of diagnoseFile(file, features, { index, settings: defaultSettings, isCancelled: () => false })) {
          const where = `${repo}/${uri.slice(`file:///corpus/${repo}/`.length)}:${d.range.start.line + 1} ${String(d.code)}`;
          if (d.severity === 1 && !trueErrors.has(where)) errors.push(`${where}: ${d.message}`);
        }
      }
      assert.ok(checked > 0);
      assert.deepEqual(errors, []);
    });
  }
});
