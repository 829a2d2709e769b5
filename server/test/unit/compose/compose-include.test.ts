// An included Compose file's relative paths resolve against the include's project directory, as
// compose-go resolves them (loader/include.go): `project_directory` when the entry gives one
// (relative to the including file's folder), else the folder of the entry's first file.
import { composeFace } from '../../../src/compose/api';
import assert from 'node:assert/strict';
import { composeFeature } from '../../../src/compose/feature';
import { composeBuilds } from '../../../src/compose/project';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { composeEngine, fakeDisk } from '../../containers';
import { knownPinWith } from '../../../src/dockerfile/pins';

const included = [
  'services:',
  '  db:',
  '    build: ./db',
  '    image: example/db:1.0',
  '    env_file: db.env',
  '    volumes:',
  '      - ./data:/var/lib/data',
  '',
].join('\n');

/** The path findings of each file of a workspace (every file on the fake disk too). */
function pathFindings(files: Record<string, string>): string[] {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [name, text] of Object.entries(files)) index.update(`file:///p/${name}`, text);
  const disk = fakeDisk(files);
  const out: string[] = [];
  for (const name of Object.keys(files).filter((n) => n.endsWith('compose.yaml'))) {
    const file = index.current(`file:///p/${name}`)!;
    for (const d of diagnoseFile(file, [composeFeature(composeEngine, disk, knownPinWith(composeFace))], { index, settings: defaultSettings, isCancelled: () => false })) {
      if (d.code === 'compose-missing-path') out.push(`${name}:${d.range.start.line + 1} ${d.message}`);
    }
  }
  return out;
}

describe('Compose: an included file\'s project directory', () => {
  it('resolves the included file\'s build context, env_file and bind mounts against `project_directory`', () => {
    const files = {
      'compose.yaml': 'include:\n  - path: infra/compose.yaml\n    project_directory: .\nservices:\n  web:\n    image: nginx:1.27\n',
      'infra/compose.yaml': included,
      'db/Dockerfile': 'FROM postgres:16\n',
      'db.env': 'A=1\n',
      'data/keep': '',
    };
    assert.deepEqual(pathFindings(files), []);
    // The same file included without a project directory resolves from its own folder, where none of them is.
    const own = { ...files, 'compose.yaml': 'include:\n  - infra/compose.yaml\nservices:\n  web:\n    image: nginx:1.27\n' };
    assert.deepEqual(pathFindings(own), [
      'infra/compose.yaml:5 env_file "db.env" does not exist: Compose refuses to start "db" (mark it `required: false` if it is optional).',
      'infra/compose.yaml:3 Build context "./db" of service "db" does not exist.',
      'infra/compose.yaml:7 Bind-mount source "./data" does not exist: Docker creates an empty folder in its place.',
    ]);
  });
  it('defaults to the folder of the entry\'s first file, for the overrides of that entry too', () => {
    const files = {
      'compose.yaml': 'include:\n  - path: [infra/compose.yaml, overrides/compose.yaml]\n',
      'infra/compose.yaml': 'services:\n  api:\n    image: nginx:1.27\n',
      'overrides/compose.yaml': 'services:\n  api:\n    env_file: api.env\n',
      'infra/api.env': 'A=1\n',
    };
    assert.deepEqual(pathFindings(files), []);
  });
  it('links the included service\'s Dockerfile to the build the project directory names', () => {
    const files = {
      'compose.yaml': 'include:\n  - path: infra/compose.yaml\n    project_directory: .\n',
      'infra/compose.yaml': included,
    };
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    for (const [name, text] of Object.entries(files)) index.update(`file:///p/${name}`, text);
    assert.deepEqual(composeBuilds(index, fakeDisk(files)).map((b) => [b.service, b.context, b.dockerfile]), [['db', '/p/db', '/p/db/Dockerfile']]);
  });
  it('keeps the file\'s own folder when the files including it disagree', () => {
    const files = {
      'a/compose.yaml': 'include:\n  - path: ../infra/compose.yaml\n    project_directory: ..\n',
      'b/compose.yaml': 'include:\n  - path: ../infra/compose.yaml\n    project_directory: .\n',
      'infra/compose.yaml': 'services:\n  api:\n    image: nginx:1.27\n    env_file: api.env\n',
      'infra/api.env': 'A=1\n',
    };
    assert.deepEqual(pathFindings(files), []);
  });
});
