// One reading of a service's build (compose/project.ts writtenBuild) for the builds the Dockerfile checks ask
// (composeBuilds) and for the folders an extension folder's builds were written for (joinedFolders). The second read the
// build again and missed two forms: the Compose specification's long syntax without `context` (it builds `.`) and version
// 1's `dockerfile:` beside `build: <context>` (cer/event-sourcing-examples, server/test/fixtures/oss/event-sourcing).
import assert from 'node:assert/strict';
import type { Json } from '../../../src/compose/model';
import { composeBuilds, joinedFolders, writtenBuild } from '../../../src/compose/project';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { fakeDisk } from '../../containers';

function indexOf(files: Record<string, string>): WorkspaceIndex {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [name, text] of Object.entries(files)) index.update(`file:///p/${name}`, text);
  return index;
}

/** The joined folders of a workspace, relative. */
function joins(files: Record<string, string>): string[] {
  return [...joinedFolders(indexOf(files))].map(([folder, into]) => `${folder.slice('file:///p/'.length)} → ${into.slice('file:///p'.length) || '/'}`).sort();
}

/** Each build of a workspace: its service, context and Dockerfile. */
function builds(files: Record<string, string>): string[][] {
  return composeBuilds(indexOf(files), fakeDisk(files)).map((b) => [b.service, b.context, b.dockerfile]);
}

const web = 'services:\n  web:\n    image: nginx:1.27\n';

describe('A Compose service\'s build, read once (writtenBuild)', () => {
  it('reads the context and Dockerfile of every form of `build`', () => {
    assert.deepEqual(writtenBuild({ build: './api' }), { context: './api', dockerfile: 'Dockerfile' });
    assert.deepEqual(writtenBuild({ build: { context: 'api', dockerfile: 'Dockerfile.prod' } }), { context: 'api', dockerfile: 'Dockerfile.prod' });
    // The long syntax without `context` builds the project directory.
    assert.deepEqual(writtenBuild({ build: { dockerfile: 'docker/api.Dockerfile' } }), { context: '.', dockerfile: 'docker/api.Dockerfile' });
    // Version 1: `dockerfile:` beside `build: <context>`; an empty one is the default.
    assert.deepEqual(writtenBuild({ build: 'api', dockerfile: 'Dockerfile.v1' }), { context: 'api', dockerfile: 'Dockerfile.v1' });
    assert.deepEqual(writtenBuild({ build: { context: 'api', dockerfile: '' } }), { context: 'api', dockerfile: 'Dockerfile' });
    // No build, a remote context, a context a variable names.
    const none: { [key: string]: Json }[] = [{ image: 'nginx:1.27' }, { build: 'https://github.com/docker/app.git#main' }, { build: 'git@github.com:docker/app.git' }, { build: { context: '${CONTEXT}' } }];
    for (const service of none) assert.equal(writtenBuild(service), undefined);
  });

  it('joins a folder whose long-syntax build without context, or whose version 1 Dockerfile, is found only from the folder above', () => {
    // Written for `-f docker-compose.yml -f extensions/tool/tool-compose.yml` from the root: `.` is the root folder.
    const longSyntax = 'services:\n  tool:\n    build:\n      dockerfile: extensions/tool/Dockerfile\n';
    assert.deepEqual(joins({ 'docker-compose.yml': web, 'extensions/tool/tool-compose.yml': longSyntax, 'extensions/tool/Dockerfile': 'FROM alpine:3.20\n' }), ['extensions/tool → /']);
    const version1 = 'tool:\n  build: extensions/tool\n  dockerfile: Dockerfile.tool\n';
    assert.deepEqual(joins({ 'docker-compose.yml': web, 'extensions/tool/docker-compose.yml': version1, 'extensions/tool/Dockerfile.tool': 'FROM alpine:3.20\n' }), ['extensions/tool → /']);
    // Found at home: its own project.
    assert.deepEqual(joins({ 'docker-compose.yml': web, 'extensions/tool/docker-compose.yml': 'tool:\n  build: .\n  dockerfile: Dockerfile.tool\n', 'extensions/tool/Dockerfile.tool': 'FROM alpine:3.20\n' }), []);
  });

  it('gives the Dockerfile checks the same builds', () => {
    const files = { 'compose.yaml': 'services:\n  api:\n    build:\n      dockerfile: docker/api.Dockerfile\n  worker:\n    build:\n      context: worker\n      dockerfile: ""\n' };
    assert.deepEqual(builds(files), [['api', '/p', '/p/docker/api.Dockerfile'], ['worker', '/p/worker', '/p/worker/Dockerfile']]);
    assert.deepEqual(builds({ 'docker-compose.yml': 'api:\n  build: api\n  dockerfile: Dockerfile.v1\n' }), [['api', '/p/api', '/p/api/Dockerfile.v1']]);
  });
});
