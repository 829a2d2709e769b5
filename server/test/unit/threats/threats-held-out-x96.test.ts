// Classes the fourth held-out round found (issue #95, x96m1–x96m3), each on a reduction of the real file with its variant:
// - mehdihadeli/food-delivery-microservices (78bbbed2, MIT) deployments/docker-compose/docker-compose.yaml: the
//   OpenTelemetry collector's own metrics, health, pprof and zPages ports, and EventStoreDB run with `EVENTSTORE_MEM_DB=true`;
// - mattermost/docker (7d9d7bff, Apache-2.0) docker-compose.yml: the watchtower service left commented out, its Docker
//   socket with it.
import assert from 'node:assert/strict';
import { described, risksOfFiles } from '../../threatRisks';

const collector = [
  'services:',
  '  otel-collector:',
  '    image: otel/opentelemetry-collector-contrib-dev:latest',
  '    command: ["--config=/etc/otel-collector-config.yaml", ""]',
  '    ports:',
  '      - "1888:1888" # pprof extension',
  '      - "8888:8888" # Prometheus metrics exposed by the collector',
  '      - "8889:8889" # Prometheus exporter metrics',
  '      - "13133:13133" # health_check extension',
  '      - "4317:4317" # OTLP gRPC receiver',
  '      - "55679:55679" # zpages extension',
  '',
].join('\n');

const eventstore = (memory: boolean) => [
  'services:',
  '  eventstore:',
  '    image: eventstore/eventstore:latest',
  '    environment:',
  '      - EVENTSTORE_CLUSTER_SIZE=1',
  '      - EVENTSTORE_INSECURE=true',
  ...(memory ? ['      - EVENTSTORE_MEM_DB=true'] : []),
  '    ports:',
  '      - "2113:2113"',
  '',
].join('\n');

const mattermost = (commented: boolean) => [
  'services:',
  '  mattermost:',
  '    image: mattermost/mattermost-team-edition:10.5',
  '    ports:',
  '      - "8065:8065"',
  '',
  '# Please keep in mind watchtower will have access on the docker socket. This can be a security risk.',
  '#',
  ...['  watchtower:', '    container_name: watchtower', '    image: containrrr/watchtower:latest', '    volumes:', '      - /var/run/docker.sock:/var/run/docker.sock'].map((l) => (commented ? `#${l}` : l)),
  '',
].join('\n');

describe('threats: the fourth held-out round\'s classes (issue #95, x96m)', function () {
  this.timeout(120_000);

  it('the OpenTelemetry collector\'s own metrics, health, pprof and zPages ports carry no user data; its Prometheus exporter and OTLP intake still do', async () => {
    const plaintext = described(await risksOfFiles({ 'docker-compose.yaml': collector })).filter((r) => r.startsWith('unencrypted-communication internet>'));
    // Before: 1888, 8888, 13133 and 55679 too (judged false: no login, token or session crosses them).
    assert.deepEqual(plaintext.map((r) => r.split(' @')[0]), ['unencrypted-communication internet>otel-collector', 'unencrypted-communication internet>otel-collector']);
    assert.deepEqual(plaintext.map((r) => r.split(' @')[1]).sort(), ['docker-compose.yaml:10', 'docker-compose.yaml:8']);
  });

  it('EventStoreDB run with EVENTSTORE_MEM_DB=true keeps nothing at rest; without it, its unencrypted disk is a risk', async () => {
    const atRest = async (memory: boolean) => described(await risksOfFiles({ 'docker-compose.yml': eventstore(memory) })).filter((r) => r.startsWith('unencrypted-asset '));
    assert.deepEqual(await atRest(true), []);
    assert.deepEqual(await atRest(false), ['unencrypted-asset internet>eventstore @docker-compose.yml:2']);
  });

  it('a Docker socket in a commented-out service is no escape; the same lines live are', async () => {
    const escape = async (commented: boolean) => described(await risksOfFiles({ 'docker-compose.yml': mattermost(commented) })).filter((r) => r.startsWith('container-platform-escape '));
    assert.deepEqual(await escape(true), []);
    assert.equal((await escape(false)).length, 1);
  });
});
