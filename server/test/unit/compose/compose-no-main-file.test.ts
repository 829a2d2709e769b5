// A folder of alternative Compose files with no main file (issue #95, held out: kafbat/kafka-ui, a reduction under
// server/test/fixtures/oss/kafka-ui, Apache-2.0, SOURCES.md there). `documentation/compose` holds 16 files, each a whole
// stack running kafbat-ui with its own Kafka, run alone with `-f`; none is `compose.yaml`. The first file by name was read
// as the folder's base and every file redefining the same services with the same ports merged into it: traefik-proxy.yaml's
// kafbat-ui, whose `kafka:9092` no service of its file answers, called auth-context.yaml's kafka, and the risks of one file
// were said of the others. Each whole file of such a folder is its own project.
import assert from 'node:assert/strict';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { alternativeFiles } from '../../../src/compose/project';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { fixturesDir } from '../../helpers';
import { repository } from '../system/repositories';

const corpus = path.join(fixturesDir, 'oss', 'kafka-ui');
const kafkaUi = 'kafbat+kafka-ui';
const folder = pathToFileURL(path.join(corpus, kafkaUi, 'documentation', 'compose')).href;

/** The alternatives of a workspace of Compose files, by file name. */
function alternatives(files: Record<string, string>): string[] {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [name, text] of Object.entries(files)) index.update(`file:///p/${name}`, text);
  return [...alternativeFiles(index)].map((uri) => uri.slice('file:///p/'.length)).sort();
}

describe('Alternative Compose files of a folder with no main file (issue #95)', () => {
  it('makes each of kafka-ui\'s whole stacks its own project: every call stays inside its file', async () => {
    const { index, model } = await repository(kafkaUi, corpus);
    // The first file by name keeps the folder's project (its services' ids `compose:<folder>:<name>`), the others are their own.
    const files = ['traefik-proxy.yaml', 'ui-sasl.yaml', 'ui-with-jmx-exporter.yaml'];
    assert.deepEqual([...alternativeFiles(index)].sort(), files.map((file) => `${folder}/${file}`));
    const calls = model.edges.filter((e) => e.kind === 'calls' && e.from.startsWith('compose:') && e.to.startsWith('compose:'));
    const projectOf = (id: string) => id.slice(0, id.lastIndexOf(':'));
    const across = calls.filter((e) => projectOf(e.from) !== projectOf(e.to)).map((e) => `${e.from} → ${e.to}`);
    assert.deepEqual(across, []);
    const drawn = calls.map((e) => `${e.from.slice(`compose:${folder}`.length).replace(/^\//, '')} → ${e.to.slice(`compose:${folder}`.length).replace(/^\//, '')}`);
    for (const edge of ['ui-sasl.yaml:kafbat-ui → ui-sasl.yaml:kafka', ':kafbat-ui → :kafka', 'ui-with-jmx-exporter.yaml:kafbat-ui → ui-with-jmx-exporter.yaml:kafka0']) {
      assert.ok(drawn.includes(edge), `${edge} in ${drawn.join(', ')}`);
    }
    // traefik-proxy.yaml runs no Kafka: its kafbat-ui's `kafka:9092` is no service of its run.
    assert.ok(!drawn.some((edge) => edge.startsWith('traefik-proxy.yaml:kafbat-ui → ')), drawn.join(', '));
  });

  it('draws an alternative\'s service written otherwise than the folder project\'s as its own deployment, not a variant', async () => {
    const { model } = await repository(kafkaUi, corpus);
    const variant = (id: string) => model.nodes.find((n) => n.id === `compose:${folder}${id}`)?.deployment?.variant === true;
    // Published on 8082 (traefik-proxy.yaml) or pointed at kafka0 (ui-with-jmx-exporter.yaml): not auth-context.yaml's kafbat-ui.
    for (const id of ['/traefik-proxy.yaml:kafbat-ui', '/ui-with-jmx-exporter.yaml:kafbat-ui', '/ui-sasl.yaml:kafka']) assert.ok(!variant(id), id);
    assert.ok(model.nodes.some((n) => n.id === `compose:${folder}/traefik-proxy.yaml:kafbat-ui`));
  });

  it('keeps files that are no whole stack, or that share no service, or that can run together, merged', () => {
    const ui = (kafka: string, port: number) => `services:\n  ui:\n    image: ghcr.io/kafbat/kafka-ui:v1.0.0\n    depends_on: [${kafka}]\n  ${kafka}:\n    image: confluentinc/cp-kafka:7.8.0\n    ports: ["${port}:9092"]\n`;
    // Two whole stacks of one folder, each running `ui` with a broker the other's port clashes with: alternatives.
    assert.deepEqual(alternatives({ 'sasl.yaml': ui('kafka', 9092), 'ssl.yaml': ui('kafka0', 9092), 'zk.yaml': ui('kafka1', 9092) }), ['ssl.yaml', 'zk.yaml']);
    // Files redefining every service of another (kafka-ui's auth-context.yaml and ui-sasl.yaml): alternatives too, with a file
    // sharing one of their services (a folder with no main file has no base to override).
    const proxy = 'services:\n  ui:\n    image: ghcr.io/kafbat/kafka-ui:v1.0.0\n  traefik:\n    image: traefik:v2.4\n    ports: ["80:80"]\n';
    assert.deepEqual(alternatives({ 'sasl.yaml': ui('kafka', 9092), 'ssl.yaml': ui('kafka', 9092), 'proxy.yaml': proxy }), ['sasl.yaml', 'ssl.yaml']);
    // Feature files each repeating a sidecar and naming a service of another file (skywalking-showcase's monitors, their
    // otel-collector's `depends_on: [oap]`, run together with -f): merged.
    const oap = 'services:\n  oap:\n    image: apache/skywalking-oap-server:10.0.0\n    ports: ["11800:11800"]\n';
    const monitor = (name: string) => `services:\n  collector:\n    image: otel/opentelemetry-collector:0.50.0\n    depends_on: [oap]\n  ${name}:\n    image: ${name}:1\n    ports: ["3306"]\n`;
    assert.deepEqual(alternatives({ 'docker-compose.single-node.yaml': oap, 'docker-compose.mysql-monitor.yaml': monitor('mysql'), 'docker-compose.nginx-monitor.yaml': monitor('nginx') }), []);
    // An override by another name (partial services) and two stacks sharing no service stay merged.
    assert.deepEqual(alternatives({ 'stack.yaml': ui('kafka', 9092), 'stack.debug.yaml': 'services:\n  ui:\n    environment:\n      LOGGING_LEVEL_ROOT: debug\n' }), []);
    assert.deepEqual(alternatives({ 'kafka.yaml': ui('kafka', 9092), 'other.yaml': 'services:\n  web:\n    image: nginx:1.27\n    ports: ["9092:80"]\n' }), []);
  });
});
