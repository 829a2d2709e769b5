// Extension files run with `docker compose -f docker-compose.yml -f extensions/<x>/<x>-compose.yml` (issue #95, held out:
// deviantony/docker-elk, a reduction under server/test/fixtures/oss/docker-elk, MIT, SOURCES.md there). Each extension's
// `depends_on` names the root file's services and its paths are relative to the root folder: read as its own project, its
// components floated alone and its check flagged every name and path. A folder whose missing names all resolve in exactly
// one Compose file of an enclosing folder joins that project; independent projects stay apart.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { composeFace } from '../../../src/compose/api';
import { composeFeature } from '../../../src/compose/feature';
import { joinedFolders } from '../../../src/compose/project';
import { knownPinWith } from '../../../src/dockerfile/pins';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { composeEngine, fakeDisk } from '../../containers';
import { fixturesDir } from '../../helpers';
import { calls, repository, treeContainers } from '../system/repositories';

const corpus = path.join(fixturesDir, 'oss', 'docker-elk');
const elk = 'deviantony+docker-elk';
const read = (relative: string) => readFileSync(path.join(corpus, elk, relative), 'utf8');

function indexOf(files: Record<string, string>): WorkspaceIndex {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [name, text] of Object.entries(files)) index.update(`file:///p/${name}`, text);
  return index;
}

/** The findings (`file:line code`) of the named Compose files, every file on the fake disk too. */
function findings(files: Record<string, string>, names: readonly string[]): string[] {
  const index = indexOf(files);
  const disk = fakeDisk(files);
  return names.flatMap((name) =>
    diagnoseFile(index.current(`file:///p/${name}`)!, [composeFeature(composeEngine, disk, knownPinWith(composeFace))], { index, settings: defaultSettings, isCancelled: () => false }).map((d) => `${name}:${d.range.start.line + 1} ${String(d.code)}`),
  );
}

/** The joined folders of a workspace, relative. */
/** The Compose projects of a view's components (`compose:<folder>` of each member). */
function projects(graph: { nodes: readonly { members: readonly string[] }[] }): string[] {
  return [...new Set(graph.nodes.flatMap((n) => n.members).filter((id) => id.startsWith('compose:')).map((id) => id.slice(0, id.lastIndexOf(':'))))];
}

function joins(files: Record<string, string>): string[] {
  return [...joinedFolders(indexOf(files))].map(([folder, into]) => `${folder.slice('file:///p/'.length)} → ${into.slice('file:///p'.length) || '/'}`).sort();
}

const extensions = ['extensions/curator/curator-compose.yml', 'extensions/fleet/fleet-compose.yml', 'extensions/fleet/agent-apmserver-compose.yml'];

describe('Compose extension files run with -f (issue #95)', () => {
  it('checks docker-elk\'s extension files in the root project: its services, networks and paths', () => {
    const files = {
      'docker-compose.yml': read('docker-compose.yml'),
      // The root project's .env (the real one sets the passwords too): an extension reads it as the root file does.
      '.env': 'ELASTIC_VERSION=9.5.1\n',
      ...Object.fromEntries(extensions.map((name) => [name, read(name)])),
      'extensions/curator/Dockerfile': 'FROM untergeek/curator:8.0.21\n',
      'extensions/curator/config/curator.yml': 'client:\n  hosts: [ http://elasticsearch:9200 ]\n',
      'extensions/curator/config/delete_log_files_curator.yml': 'actions: {}\n',
      'extensions/fleet/Dockerfile': 'FROM docker.elastic.co/elastic-agent/elastic-agent:9.5.1\n',
    };
    assert.deepEqual(joins(files), ['extensions/curator → /', 'extensions/fleet → /']);
    assert.deepEqual(findings(files, extensions), []);
  });

  it('maps docker-elk\'s extensions in the root project: curator calls elasticsearch, fleet-server and apm-server depend on it', async () => {
    const { view } = await repository(elk, corpus);
    const containers = view('containers');
    const dependencies = calls(containers, 'depends-on');
    for (const edge of ['fleet-server → elasticsearch', 'fleet-server → kibana', 'apm-server → elasticsearch']) assert.ok(dependencies.includes(edge), `${edge} in ${dependencies.join(', ')}`);
    // Curator's configuration, mounted from the root folder (`./extensions/curator/config/curator.yml`), names elasticsearch.
    for (const edge of ['apm-server → fleet-server', 'curator → elasticsearch']) assert.ok(calls(containers).includes(edge), `${edge} in ${calls(containers).join(', ')}`);
    // One environment: the extensions' components are the root project's.
    assert.equal(projects(containers).length, 1, projects(containers).join(', '));
  });

  it('joins no independent project: one naming nothing it lacks, one two files above could complete, one beside another', async () => {
    const web = 'services:\n  web:\n    image: nginx:1.27\n    depends_on: [db]\n  db:\n    image: postgres:16\n';
    // Samples under one folder, as awesome-compose's, each complete: none joins.
    assert.deepEqual(joins({ 'a/compose.yaml': web, 'b/compose.yaml': web }), []);
    // A sample that names a service of no file above stays alone (its finding stays).
    const lacking = 'services:\n  api:\n    image: example/api:1\n    depends_on: [cache]\n';
    assert.deepEqual(joins({ 'compose.yaml': web, 'x/compose.yaml': lacking }), []);
    // Two files above define the missing name: which project it belongs to is not known.
    const curator = 'services:\n  curator:\n    image: example/curator:1\n    depends_on: [db]\n';
    assert.deepEqual(joins({ 'compose.yaml': web, 'compose.prod.yaml': web, 'ext/curator-compose.yml': curator }), []);
    // A folder beside, not above, is no project to join.
    assert.deepEqual(joins({ 'a/compose.yaml': web, 'b/curator-compose.yml': curator }), []);
    assert.deepEqual(joins({ 'compose.yaml': web, 'ext/curator-compose.yml': curator }), ['ext → /']);
    const containers = await treeContainers({ 'a/compose.yaml': web, 'b/compose.yaml': web });
    assert.equal(projects(containers).length, 2, projects(containers).join(', '));
  });

  it("joins a folder whose build context holds its Dockerfile only from the folder above (docker-elk's apm-server, alone); one at home stays", () => {
    const web = 'services:\n  web:\n    image: nginx:1.27\n';
    // Without its `depends_on` (which joins it by name already): only its build context tells.
    const agent = read('extensions/fleet/agent-apmserver-compose.yml').replace(/\n {4}depends_on:[^\n]*(\n {6}[^\n]*)*/g, '');
    assert.ok(!/depends_on/.test(agent), agent);
    // Written for `-f` from the root: `context: extensions/fleet/` finds extensions/fleet/Dockerfile from there only.
    assert.deepEqual(joins({ 'docker-compose.yml': web, 'extensions/fleet/agent-apmserver-compose.yml': agent, 'extensions/fleet/Dockerfile': 'FROM docker.elastic.co/elastic-agent/elastic-agent:9.5.1\n' }), ['extensions/fleet → /']);
    // A context that resolves at home, or nowhere, or from two folders above: its own project.
    const own = 'services:\n  api:\n    build: ./api\n';
    assert.deepEqual(joins({ 'compose.yaml': web, 'x/compose.yaml': own, 'x/api/Dockerfile': 'FROM alpine\n', 'x/x/api/Dockerfile': 'FROM alpine\n' }), []);
    assert.deepEqual(joins({ 'compose.yaml': web, 'x/compose.yaml': own }), []);
    // A stack of its own built from the root (appwrite's tests/resources/docker, BSD-3-Clause: its own traefik and appwrite,
    // `context: .`), defining the root project's services again: beside it, not joined.
    const root = 'services:\n  appwrite:\n    build: .\n  traefik:\n    image: traefik:3.6\n';
    const stack = 'services:\n  traefik:\n    image: traefik:3.6\n  appwrite:\n    build:\n      context: .\n';
    assert.deepEqual(joins({ 'docker-compose.yml': root, Dockerfile: 'FROM php:8.3\n', 'tests/resources/docker/docker-compose.yml': stack }), []);
    const deep = 'services:\n  api:\n    build: api\n';
    assert.deepEqual(joins({ 'compose.yaml': web, 'a/compose.yaml': web, 'a/b/compose.yaml': deep, 'api/Dockerfile': 'FROM alpine\n', 'a/api/Dockerfile': 'FROM alpine\n' }), []);
  });
});
