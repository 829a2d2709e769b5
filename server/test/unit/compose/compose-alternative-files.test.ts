// Alternative Compose files of one folder (issue #95, held out: quarkusio/quarkus-super-heroes, a reduction under
// server/test/fixtures/oss/quarkus-super-heroes, Apache-2.0, SOURCES.md there). `deploy/docker-compose/java25.yml` and
// `native.yml` are each a complete deployment of the same services, run one at a time with `-f`; read as one project,
// native.yml's `rest-heroes:8083` (an alias both files give) resolved to java25's service. An alternative is a project of
// its own; the main project's ids stay; a file run with either (`monitoring.yml`) still answers both.
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { addOnFiles, alternativeFiles } from '../../../src/compose/project';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { fixturesDir } from '../../helpers';
import { calls, repository } from '../system/repositories';

const corpus = path.join(fixturesDir, 'oss', 'quarkus-super-heroes');
const heroes = 'quarkusio+quarkus-super-heroes';
const folder = pathToFileURL(path.join(corpus, heroes, 'deploy', 'docker-compose')).href;

function indexOf(files: Record<string, string>): WorkspaceIndex {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [name, text] of Object.entries(files)) index.update(`file:///p/${name}`, text);
  return index;
}

/** The alternatives and the add-ons of a workspace, by file name. */
function roles(files: Record<string, string>): { alternatives: string[]; addOns: string[] } {
  const index = indexOf(files);
  const names = (uris: ReadonlySet<string>) => [...uris].map((uri) => uri.slice('file:///p/'.length)).sort();
  return { alternatives: names(alternativeFiles(index)), addOns: names(addOnFiles(index)) };
}

describe('Alternative Compose files of one folder (issue #95)', () => {
  it('maps quarkus-super-heroes\' native.yml as its own project: its rest-fights calls its own services', async () => {
    const { view } = await repository(heroes, corpus);
    const containers = view('containers');
    const drawn = calls(containers);
    for (const edge of ['rest-fights-native → rest-heroes-native', 'rest-fights-native → rest-villains-native', 'rest-fights-java25 → rest-heroes-java25', 'rest-fights-java25 → rest-villains-java25', 'rest-fights-java25 → rest-narration-java25']) {
      assert.ok(drawn.includes(edge), `${edge} in ${drawn.join(', ')}`);
    }
    // native.yml runs no rest-narration: its `rest-narration:8087` is java25.yml's in no run.
    for (const edge of ['rest-fights-native → rest-heroes-java25', 'rest-fights-native → rest-villains-java25', 'rest-fights-native → rest-narration-java25']) {
      assert.ok(!drawn.includes(edge), `${edge} in ${drawn.join(', ')}`);
    }
    // monitoring.yml is run with either: both export to its otel-lgtm.
    for (const edge of ['rest-fights-native → otel-lgtm', 'rest-fights-java25 → otel-lgtm']) assert.ok(drawn.includes(edge), `${edge} in ${drawn.join(', ')}`);
  });

  it('keeps the main project\'s ids; the alternative\'s services are keyed by its file, its shared stores drawn as the main project\'s', async () => {
    const { view } = await repository(heroes, corpus);
    const containers = view('containers');
    const ids = containers.nodes.map((n) => n.id);
    for (const name of ['fights-db', 'heroes-db', 'fights-kafka', 'rest-fights-java25', 'otel-lgtm']) assert.ok(ids.includes(`compose:${folder}:${name}`), `${name} in ${ids.join(', ')}`);
    for (const name of ['rest-fights-native', 'rest-heroes-native']) assert.ok(ids.includes(`compose:${folder}/native.yml:${name}`), `${name} in ${ids.join(', ')}`);
    // One fights-db box, both deployments its members.
    const db = containers.nodes.find((n) => n.id === `compose:${folder}:fights-db`);
    assert.deepEqual([...(db?.members ?? [])].sort(), [`compose:${folder}/native.yml:fights-db`, `compose:${folder}:fights-db`]);
    const edges = containers.edges.filter((e) => e.from === `compose:${folder}/native.yml:rest-fights-native` && e.kind === 'calls').map((e) => e.to);
    assert.ok(edges.includes(`compose:${folder}:fights-db`), edges.join(', '));
  });

  it('keeps an override by another name, an add-on, an extends base and a folder\'s main file merged', () => {
    const web = 'services:\n  web:\n    image: nginx:1.27\n    ports: ["8080:80"]\n    depends_on: [db]\n  db:\n    image: postgres:16\n';
    const ci = 'services:\n  web-ci:\n    image: nginx:1.27-alpine\n    ports: ["8080:80"]\n  db:\n    image: postgres:16\n';
    // Partial services (no image, no build): an override run with the main file.
    assert.deepEqual(roles({ 'compose.yaml': web, 'compose.prod.yml': 'services:\n  web:\n    restart: always\n' }), { alternatives: [], addOns: [] });
    // Complete services, one the main file defines too, one that cannot run with the main file's (the same host port): an
    // alternative; a file of services nobody else defines: an add-on.
    assert.deepEqual(roles({ 'compose.yaml': web, 'compose.ci.yml': ci, 'compose.monitoring.yml': 'services:\n  grafana:\n    image: grafana/grafana:11.0.0\n' }), {
      alternatives: ['compose.ci.yml'], addOns: ['compose.monitoring.yml'],
    });
    // The same when the clash is a name on the network (an alias both answer).
    assert.deepEqual(roles({ 'compose.yaml': web, 'compose.ci.yml': ci.replace('    ports: ["8080:80"]\n', '    networks:\n      default:\n        aliases: [web]\n') }).alternatives, ['compose.ci.yml']);
    // Feature files repeating a service (apache/skywalking-showcase's monitors, each with its otel-collector, run together
    // with -f): nothing clashes, they stay merged.
    const monitor = (name: string) => `services:\n  ${name}:\n    image: mysql:8.0.30\n  otel-collector:\n    image: otel/opentelemetry-collector:0.50.0\n`;
    assert.deepEqual(roles({ 'docker-compose.mysql-monitor.yaml': monitor('mysql'), 'docker-compose.nginx-monitor.yaml': monitor('nginx') }).alternatives, []);
    // A complete file with one partial service stays merged.
    assert.deepEqual(roles({ 'compose.yaml': web, 'compose.dev.yml': 'services:\n  web:\n    image: nginx:1.27\n  db:\n    ports: ["5432:5432"]\n' }).alternatives, []);
    // The base another file extends from is read with it, whatever it defines.
    assert.deepEqual(roles({ 'compose.yaml': 'services:\n  web:\n    extends:\n      file: common.yml\n      service: web\n    build: .\n', 'common.yml': 'services:\n  web:\n    build: .\n' }).alternatives, []);
    // The main file and its override are never alternatives.
    assert.deepEqual(roles({ 'docker-compose.yml': web, 'docker-compose.override.yml': web }).alternatives, []);
  });
});
