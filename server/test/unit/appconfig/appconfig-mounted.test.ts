// A container's mounted configuration names its peers (issue #95): apache/skywalking-showcase's OpenTelemetry collector,
// fluent-bit and APISIX configurations, DeathStarBench's shared service-config.json (server/test/fixtures/oss/appconfig,
// SOURCES.md there), and each form of value inline.
import assert from 'node:assert/strict';
import path from 'node:path';
import { configAddresses } from '../../../src/appconfig/mountedValues';
import { fixturesDir } from '../../helpers';
import { readTree } from '../../tempdir';
import { treeContainers } from '../system/repositories';

type Graph = { nodes: { id: string; name: string }[]; edges: { from: string; to: string; kind: string; label: string; sources: { uri: string; range: { start: { line: number } } }[] }[] };

/** The calls of the containers view (users' aside) as `from → to [label] file:line…`. */
function calls(graph: Graph): string[] {
  const name = new Map(graph.nodes.map((n) => [n.id, n.name]));
  return [...new Set(graph.edges.filter((e) => e.kind === 'calls' && name.get(e.from) !== 'Users').map((e) => `${name.get(e.from)} → ${name.get(e.to)} [${e.label}] ${e.sources.map((s) => `${s.uri.slice(s.uri.lastIndexOf('/') + 1)}:${s.range.start.line + 1}`).join(' ')}`))].sort();
}

async function callsOf(files: Record<string, string>): Promise<string[]> {
  return calls(await treeContainers(files));
}

const fixture = (name: string) => readTree(path.join(fixturesDir, 'oss', 'appconfig', name));
const found = (file: string, text: string) => configAddresses(file, text).map((a) => `${a.host}:${a.port ?? ''}${a.scheme ? ` ${a.scheme}` : ''} «${text.slice(a.start, a.end)}»`).sort();

describe('a container\'s mounted configuration names its peers (issue #95)', function () {
  this.timeout(300_000);

  it('apache/skywalking-showcase: the collector\'s exporter and scrape targets, fluent-bit\'s `Host oap`, APISIX\'s upstreams and plugin, each with its line', async () => {
    const got = await callsOf(fixture('apache+skywalking-showcase'));
    assert.deepEqual(got.filter((call) => /^(otel-collector|fluent-bit|frontend) → /.test(call)), [
      'fluent-bit → oap [:12800] fluent-bit.conf:45 docker-compose.nginx-monitor.yaml:55',
      'frontend → app [:80] apisix.yaml:54',
      'frontend → oap [:12800] apisix.yaml:30 apisix.yaml:38 apisix.yaml:50',
      'otel-collector → mysql-service [:9104] otel-collector-config-mysql.yaml:23',
      // The edge keeps the `depends_on` lines it was drawn from before.
      'otel-collector → oap [:11800] otel-collector-config-mysql.yaml:31 docker-compose.mysql-monitor.yaml:68 docker-compose.nginx-monitor.yaml:66',
    ]);
  });

  it('DeathStarBench: service-config.json, mounted by every service, is an address book: no call', async () => {
    const files = fixture('delimitrou+DeathStarBench');
    assert.deepEqual((await callsOf(files)).filter((call) => /^(social-graph|compose-post|post-storage)-service → /.test(call)), []);
  });

  it('a mounted file several services share, a test\'s file, a value naming nothing in the project: no call', async () => {
    const base = {
      'docker-compose.yml': 'services:\n  api:\n    image: api\n    volumes:\n      - ./api.yaml:/etc/api.yaml\n      - ./test/fixtures:/fixtures\n  db:\n    image: postgres\n',
      'api.yaml': 'database:\n  host: db\n  port: 5432\nmetrics:\n  endpoint: collector.example.com:4317\n',
      'test/fixtures/peers.yaml': 'cache:\n  url: redis://db:6379\n',
    };
    assert.deepEqual(await callsOf(base), ['api → db [PostgreSQL :5432] api.yaml:2']);
    const shared = { ...base, 'docker-compose.yml': `${base['docker-compose.yml']}  worker:\n    image: worker\n    volumes: ['./api.yaml:/etc/api.yaml']\n` };
    assert.deepEqual(await callsOf(shared), []);
  });

  it('reads Compose\'s long syntax and `configs:`', async () => {
    const long = 'services:\n  proxy:\n    image: apache/apisix\n    volumes:\n      - type: bind\n        source: ./conf\n        target: /usr/local/apisix/conf\n    configs:\n      - source: routes\n        target: /etc/routes.json\n  app:\n    image: app\n  auth:\n    image: auth\n  logs:\n    image: fluentd\nconfigs:\n  routes:\n    file: ./routes.json\n';
    // conf/logs.conf is in no family's index: the mounted folder is listed.
    const got = await callsOf({ 'compose.yaml': long, 'conf/apisix.yaml': 'upstreams:\n  - id: 1\n    nodes:\n      "app:80": 1\n', 'conf/logs.conf': '[OUTPUT]\n    Host  logs\n    Port  24224\n', 'routes.json': '{"services": [{"url": "http://auth:9999/"}]}\n' });
    assert.deepEqual(got, ['proxy → app [:80] apisix.yaml:4', 'proxy → auth [HTTP :9999] routes.json:1', 'proxy → logs [:24224] logs.conf:2']);
  });

  it('a file a build copies into its image is the configuration of the component running it; not a stage\'s, not a glob', async () => {
    const files = {
      'docker-compose.yml': 'services:\n  gateway:\n    build: ./gateway\n  orders:\n    image: orders\n  users:\n    image: users\n',
      'gateway/Dockerfile': 'FROM kong:3.6\nCOPY --chown=kong kong.yml /kong/declarative/kong.yml\nCOPY --from=build /out/users.json /etc/users.json\nCOPY *.json /etc/\n',
      'gateway/kong.yml': '_format_version: "3.0"\nservices:\n  - name: orders\n    url: http://orders:8080/\n',
      'gateway/users.json': '{"upstream": {"host": "users", "port": 9000}}\n',
    };
    assert.deepEqual(await callsOf(files), ['gateway → orders [HTTP :8080] kong.yml:4']);
    // The same file in the build's folder, not copied: not the image's.
    assert.deepEqual(await callsOf({ ...files, 'gateway/Dockerfile': 'FROM kong:3.6\n' }), []);
  });

  it('reads the address forms of JSON, YAML and key/value files', () => {
    assert.deepEqual(found('a.json', '{"svc": {"addr": "post-storage", "port": 9090}, "secret": "x"}'), ['post-storage:9090 «post-storage»']);
    assert.deepEqual(found('a.yaml', 'scrape_configs:\n  - static_configs:\n      - targets: [\'vm1:9100\', "vm2:9100"]\n'), ['vm1:9100 «vm1:9100»', 'vm2:9100 «vm2:9100»']);
    assert.deepEqual(found('a.yaml', 'nodes:\n  - host: app\n    port: 80\nupstream:\n  nodes: {"web:8080": 1}\nserver: on\nhost: lonely\n'), ['app:80 «app»', 'web:8080 «web:8080»']);
    assert.deepEqual(found('a.yml', 'services:\n  - name: auth\n    url: http://user:p@auth:9999/path\n'), ['auth:9999 http «http://user:p@auth:9999/path»']);
    assert.deepEqual(found('fluent-bit.conf', '[OUTPUT]\n    Name  http\n    Host  oap\n    Port  12800\n[OUTPUT]\n    Host  lonely\n'), ['oap:12800 «oap»']);
    assert.deepEqual(found('app.ini', 'backend_url = http://api:8080\n# host = old:1\n'), ['api:8080 http «http://api:8080»']);
  });
});
