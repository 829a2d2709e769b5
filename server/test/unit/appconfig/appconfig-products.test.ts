// Well-known products' own configuration names their peers (issue #95): deviantony/docker-elk's Logstash pipeline, Kibana's
// and Beats' settings (server/test/fixtures/oss/docker-elk/deviantony+docker-elk, SOURCES.md there), and each form inline.
import assert from 'node:assert/strict';
import path from 'node:path';
import { configAddresses } from '../../../src/appconfig/mountedValues';
import { fixturesDir } from '../../helpers';
import { readTree } from '../../tempdir';
import { treeContainers } from '../system/repositories';
import type { SystemViewGraph } from '../../../src/system/views';

/** The calls of the containers view (users' aside) as `from → to [label] file:line…`. */
function calls(graph: SystemViewGraph): string[] {
  const name = new Map(graph.nodes.map((n) => [n.id, n.name]));
  return [...new Set(graph.edges.filter((e) => e.kind === 'calls' && name.get(e.from) !== 'Users').map((e) => `${name.get(e.from)} → ${name.get(e.to)} [${e.label}] ${e.sources.map((s) => `${s.uri.slice(s.uri.lastIndexOf('/') + 1)}:${s.range.start.line + 1}`).join(' ')}`))].sort();
}

const callsOf = async (files: Record<string, string>) => calls(await treeContainers(files));
const fixture = (name: string) => readTree(path.join(fixturesDir, 'oss', name === 'deviantony+docker-elk' ? 'docker-elk' : 'appconfig', name));
const found = (file: string, text: string) => configAddresses(file, text).map((a) => `${a.host}:${a.port ?? ''}${a.scheme ? ` ${a.scheme}` : ''} «${text.slice(a.start, a.end)}»`).sort();

describe('well-known products\' own configuration names their peers (issue #95)', function () {
  this.timeout(300_000);

  it('deviantony/docker-elk: Logstash\'s pipeline output, Kibana\'s `elasticsearch.hosts` and the setup script\'s URLs, each with its line', async () => {
    const got = calls(await treeContainers(fixture('deviantony+docker-elk')));
    assert.deepEqual(got.filter((call) => /^(kibana|logstash|setup|curator) → /.test(call)), [
      // Curator's extension file, run with `-f docker-compose.yml -f extensions/curator/curator-compose.yml`, mounts its
      // configuration from the root folder (`./extensions/curator/config/curator.yml`): read there, the call is the project's.
      'curator → elasticsearch [HTTP :9200] curator.yml:6 curator-compose.yml:14',
      // kibana.yml:33 and :39 are the addresses Kibana's Fleet hands to its agents (`xpack.fleet.agents.…`, `xpack.fleet.outputs`): no call.
      'kibana → elasticsearch [HTTP :9200] kibana.yml:7 docker-compose.yml:122',
      'logstash → elasticsearch [HTTP :9200] logstash.conf:15 docker-compose.yml:105',
      // The setup job's image runs /entrypoint.sh (its Dockerfile's ENTRYPOINT, the file mounted there), which sources lib.sh.
      'setup → elasticsearch [HTTP :9200] lib.sh:36 lib.sh:71 lib.sh:119 lib.sh:153 lib.sh:185 lib.sh:216 docker-compose.yml:40',
    ]);
  });

  it('reads a Logstash pipeline\'s input and output plugins\' `hosts` and `url`, not where an input listens', () => {
    const pipeline = [
      'input {',
      '  beats { port => 5044 host => "0.0.0.0" }',
      '  elasticsearch { hosts => ["es-old:9200", \'es-older\'] query => \'{ "query": { "match_all": {} } }\' }',
      '}',
      'filter { http { url => "http://enricher:8080/x" } }',
      'output {',
      '  # elasticsearch { hosts => "commented:9200" }',
      '  if [type] == "audit" {',
      '    http { url => "http://audit:8080/events" http_method => "post" codec => json { charset => "UTF-8" } }',
      '  } else {',
      '    elasticsearch { hosts => es add_field => { "url" => "http://not-a-setting:1" } }',
      '  }',
      '}',
    ].join('\n');
    assert.deepEqual(found('pipeline/main.conf', pipeline), [
      'audit:8080 http «http://audit:8080/events»',
      'es-old:9200 «es-old:9200»',
      'es-older:9200 «es-older»',
      'es:9200 «es»',
    ]);
    // Another `.conf` is read as `key value` lines still.
    assert.deepEqual(found('fluent-bit.conf', '[OUTPUT]\n    Host  oap\n    Port  12800\n'), ['oap:12800 «oap»']);
  });

  it('reads Beats\' and Curator\'s `hosts` (docker-elk\'s extensions)', () => {
    const files = fixture('deviantony+docker-elk');
    assert.deepEqual(found('filebeat.yml', files['extensions/filebeat/config/filebeat.yml']).filter((a) => !a.startsWith('0.0.0.0')), ['elasticsearch:9200 http «http://elasticsearch:9200»']);
    assert.deepEqual(found('curator.yml', files['extensions/curator/config/curator.yml']), ['elasticsearch:9200 http «http://elasticsearch:9200»']);
    // A bare host takes the product's default port: Elasticsearch's, Kibana's, Logstash's Beats input's; elsewhere none.
    const beats = 'output.elasticsearch:\n  hosts: ["es1", "es2:9201"]\nsetup.kibana:\n  host: "kibana"\noutput.logstash.hosts: [logstash]\nprocessors:\n  - hosts: [lonely]\n';
    assert.deepEqual(found('filebeat.yml', beats), ['es1:9200 «es1»', 'es2:9201 «es2:9201»', 'kibana:5601 «kibana»', 'logstash:5044 «logstash»']);
  });

  it('open-telemetry/opentelemetry-demo: the ConfigMap its collector mounts as `/conf/relay.yaml` names its exporters\' peers, at their lines', async () => {
    const got = calls(await treeContainers(fixture('open-telemetry+opentelemetry-demo')));
    assert.deepEqual(got.filter((call) => call.startsWith('opentelemetry-demo-otelcol → ')), [
      'opentelemetry-demo-otelcol → opentelemetry-demo-prometheus-server [HTTP :9090] opentelemetry-demo.yaml:28 opentelemetry-demo.yaml:262',
    ]);
  });

  it('a ConfigMap volume: nginx\'s `proxy_pass`, only the keys `items` chooses, only when a container mounts it, not when two workloads do', async () => {
    const workload = (name: string, mounted: boolean, items = '') => `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  template:\n    spec:\n      containers:\n        - name: ${name}\n          image: nginx:1.27\n${mounted ? '          volumeMounts:\n            - name: conf\n              mountPath: /etc/nginx/conf.d\n' : ''}      volumes:\n        - name: conf\n          configMap:\n            name: proxy-conf\n${items}`;
    const service = (name: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  ports:\n    - port: 8080\n  selector:\n    app: ${name}\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\n  namespace: shop\nspec:\n  template:\n    metadata:\n      labels:\n        app: ${name}\n    spec:\n      containers:\n        - name: ${name}\n          image: ${name}:1\n`;
    const configMap = 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: proxy-conf\n  namespace: shop\ndata:\n  default.conf: |\n    server {\n      listen 80;\n      location /api/ {\n        proxy_pass http://api:8080/;\n      }\n    }\n  other.yaml: |\n    cache:\n      url: redis://cache:8080\n';
    const files = (...workloads: string[]) => ({ 'k8s/app.yaml': [...workloads, service('api'), service('cache'), configMap].join('---\n') });
    const got = async (...workloads: string[]) => calls(await treeContainers(files(...workloads))).filter((call) => !call.startsWith('api') && !call.startsWith('cache'));
    assert.deepEqual(await got(workload('proxy', true)), ['proxy → api [HTTP :8080] app.yaml:82 app.yaml:28', 'proxy → cache [Redis :8080] app.yaml:87 app.yaml:54']);
    assert.deepEqual(await got(workload('proxy', true, '            items:\n              - key: default.conf\n                path: default.conf\n')), ['proxy → api [HTTP :8080] app.yaml:85 app.yaml:31']);
    assert.deepEqual(await got(workload('proxy', false)), []);
    assert.deepEqual(await got(workload('proxy', true), workload('edge', true)), []);
  });

  it('a script the container runs: its URLs, a `${VAR:-default}` host the default unless the component sets VAR; a script it does not run: nothing', async () => {
    const script = '#!/bin/sh\n# curl http://old:1/\nlocal api_host="${API_HOST:-api}"\ncurl -s "http://${api_host}:8080/health"\ncurl -s "http://${CACHE_HOST:-cache}:6379/"\ncurl -s http://search:9200/_cluster/health\ncurl -s "http://${UNKNOWN}:1/"\n';
    const compose = (environment: string, command: string) => `services:\n  job:\n    image: alpine\n    volumes:\n      - ./job/run.sh:/run.sh:ro\n${command}${environment}  api:\n    image: api\n  cache:\n    image: redis\n  search:\n    image: elasticsearch\n`;
    const got = async (environment: string, command = '    command: ["sh", "/run.sh"]\n', files: Record<string, string> = {}) => (await callsOf({ 'docker-compose.yml': compose(environment, command), 'job/run.sh': script, ...files })).filter((call) => call.startsWith('job'));
    assert.deepEqual(await got(''), ['job → api [HTTP :8080] run.sh:4', 'job → cache [HTTP :6379] run.sh:5', 'job → search [HTTP :9200] run.sh:6']);
    assert.deepEqual(await got('    environment:\n      API_HOST: gateway\n      CACHE_HOST: cache-2\n'), ['job → search [HTTP :9200] run.sh:6']);
    assert.deepEqual(await got('', ''), []);
    assert.deepEqual((await got('', '    command: ["sh", "-c", "/run.sh && echo ok"]\n')).length, 3);
    // Copied by its build and named by its CMD.
    const built = 'services:\n  job:\n    build: ./job\n  api:\n    image: api\n  cache:\n    image: redis\n  search:\n    image: elasticsearch\n';
    assert.deepEqual((await callsOf({ 'docker-compose.yml': built, 'job/Dockerfile': 'FROM alpine\nCOPY run.sh /usr/local/bin/\nCMD ["/usr/local/bin/run.sh"]\n', 'job/run.sh': script })).filter((call) => call.startsWith('job')), ['job → api [HTTP :8080] run.sh:4', 'job → cache [HTTP :6379] run.sh:5', 'job → search [HTTP :9200] run.sh:6']);
    // A service's `command` replaces the image's CMD: the script is not run.
    assert.deepEqual((await callsOf({ 'docker-compose.yml': built.replace('build: ./job\n', 'build: ./job\n    command: ["sleep", "1"]\n'), 'job/Dockerfile': 'FROM alpine\nCOPY run.sh /usr/local/bin/\nCMD ["/usr/local/bin/run.sh"]\n', 'job/run.sh': script })).filter((call) => call.startsWith('job')), []);
  });
});
