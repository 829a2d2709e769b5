// Ports that carry no user data, WAFs where HTTP is, one store said once (issue #95, x96d): docker-elk's Kibana built FROM
// Elastic's image, Logstash's monitoring API and raw inputs; each on a reduction of the real files
// (server/test/fixtures/oss/singles/SOURCES.md), then the variant that must not change.
import assert from 'node:assert/strict';
import path from 'node:path';
import { namesSink, productNamesOf, productPort } from '../../../src/threats/products';
import { type Risk, described, risksOfFiles as risksOf } from '../../threatRisks';
import { fixturesDir } from '../../helpers';
import { readTree } from '../../tempdir';

const singles = path.join(fixturesDir, 'oss', 'singles');
const filesOf = (fixture: string): Record<string, string> => readTree(path.join(singles, fixture));

/** The risks on links into `target` (its rule, the link, its lines). */
const into = (risks: readonly Risk[], target: string) => described(risks).filter((r) => r.split(' ')[1].endsWith(`>${target}`));

describe('threats: ports with no user data, WAFs where HTTP is, one store said once (issue #95, x96d)', function () {
  this.timeout(120_000);

  it('reads a component\'s product from its image or its build node\'s base image (the Dockerfile family\'s `from`), a variable tag left out', () => {
    // The build node as the Dockerfile family makes it for docker-elk's kibana/Dockerfile (`FROM …/kibana:${ELASTIC_VERSION}`, no default).
    const kibana = { id: 'file:file:///w/kibana/Dockerfile', kind: 'build', name: 'Dockerfile', from: ['docker.elastic.co/kibana/kibana:${ELASTIC_VERSION}'], sources: [] };
    const node = { id: 'compose:kibana', kind: 'service', name: 'kibana', image: 'elk-kibana', identity: { build: 'file:///w/kibana/Dockerfile' }, sources: [] };
    const host = { edges: [], node: (id: string) => (id === kibana.id ? kibana : undefined) };
    // Its own build (identity): the map's node `file:<URI>`.
    assert.deepEqual(productNamesOf(node as never, host as never), ['elk-kibana', 'kibana']);
    // A build of the image it runs (a `builds` edge), its base image the final stage's (a stage's name followed by the family).
    const built = { ...node, image: undefined, identity: undefined };
    const golang = { id: 'file:file:///w/api/Dockerfile', kind: 'build', name: 'Dockerfile', from: ['golang:1.22'], sources: [] };
    const map = { edges: [{ from: 'compose:kibana', to: 'image:elk-kibana', kind: 'runs' }, { from: golang.id, to: 'image:elk-kibana', kind: 'builds' }], node: (id: string) => (id === golang.id ? golang : undefined) };
    assert.deepEqual(productNamesOf(built as never, map as never), ['golang']);
    // A build node with no base image known (its Dockerfile past its bound): no name, and no file read.
    assert.deepEqual(productNamesOf(built as never, { ...map, node: (id: string) => (id === golang.id ? { ...golang, from: undefined } : undefined) } as never), []);
    assert.equal(productPort(['kibana'], 5601, 'web'), true);
    assert.equal(productPort(['logstash'], 9600, 'metrics'), true);
    assert.equal(productPort(['logstash'], 50000, 'raw'), true);
    assert.equal(productPort(['logstash'], 50000, 'web'), false);
  });

  it('tells a log, trace or metrics sink by the one table (buildTokens.ts: a token is never sent to one)', () => {
    for (const sink of ['seq', 'datalust/seq:2024.3', 'openzipkin/zipkin-slim', 'zipkin', 'otel-collector', 'otel/opentelemetry-collector-contrib:0.98.0', 'prom/prometheus', 'grafana/loki', 'elasticsearch', 'docker.elastic.co/kibana/kibana:${ELASTIC_VERSION:-9.5.1}', 'logstash', 'fluent/fluent-bit', 'jaegertracing/all-in-one']) assert.equal(namesSink(sink), true, sink);
    for (const program of ['basket-api', 'eshop/basket.api:linux-latest', 'sequencer', 'ordering-api', undefined]) assert.equal(namesSink(program), false, program);
  });

  it('docker-elk: Kibana built FROM kibana gets its missing-waf on 5601; Logstash\'s monitoring API 9600 no plaintext risk', async () => {
    const risks = await risksOf(filesOf('docker-elk'));
    // It read as unencrypted-communication kibana only (no WAF: the image is the build's own), and as plaintext on 9600.
    // Elasticsearch, built FROM Elastic's image, is a store (x98d): Kibana and Logstash reach its confidential data from
    // published ports with no guard in front.
    assert.deepEqual(into(risks, 'kibana'), ['missing-waf internet>kibana @docker-compose.yml:58', 'unencrypted-communication internet>kibana @docker-compose.yml:58', 'unguarded-access-from-internet internet>kibana @docker-compose.yml:58']);
    assert.deepEqual(into(risks, 'logstash'), ['unencrypted-communication internet>logstash @docker-compose.yml:37', 'unencrypted-communication internet>logstash @docker-compose.yml:38,docker-compose.yml:39', 'unguarded-access-from-internet internet>logstash @docker-compose.yml:37', 'unguarded-access-from-internet internet>logstash @docker-compose.yml:38,docker-compose.yml:39', 'unguarded-access-from-internet internet>logstash @docker-compose.yml:40']);
    // Elasticsearch itself: a published store with its password in `.env` and its volume unencrypted; no WAF asked of its
    // API (it read as missing-waf, typed nothing).
    assert.deepEqual(into(risks, 'elasticsearch').filter((r) => r.startsWith('internet>', r.indexOf(' ') + 1)), ['missing-vault internet>elasticsearch @docker-compose.yml:3', 'unencrypted-asset internet>elasticsearch @docker-compose.yml:3', 'unencrypted-communication internet>elasticsearch @docker-compose.yml:12', 'unencrypted-communication internet>elasticsearch @docker-compose.yml:13', 'unguarded-access-from-internet internet>elasticsearch @docker-compose.yml:12', 'unguarded-access-from-internet internet>elasticsearch @docker-compose.yml:13', 'unguarded-direct-datastore-access internet>elasticsearch @docker-compose.yml:12', 'unguarded-direct-datastore-access internet>elasticsearch @docker-compose.yml:13']);
  });

  it('docker-elk: Logstash\'s raw TCP/UDP input 50000 gets no missing-waf, even when a component calls its HTTP API', async () => {
    const files = filesOf('docker-elk');
    const compose = files['docker-compose.yml'].replace('      KIBANA_SYSTEM_PASSWORD: ${KIBANA_SYSTEM_PASSWORD:-}\n', '      KIBANA_SYSTEM_PASSWORD: ${KIBANA_SYSTEM_PASSWORD:-}\n      LOGSTASH_API: http://logstash:9600\n');
    assert.notEqual(compose, files['docker-compose.yml']);
    // It read as missing-waf internet>logstash on 50000/tcp and /udp (an HTTP call into 9600 taken for every port).
    assert.deepEqual(into(await risksOf({ ...files, 'docker-compose.yml': compose }), 'logstash').filter((r) => r.startsWith('missing-waf ')), []);
    // Not built from Logstash's image, called over HTTP on 50000: the port serves HTTP.
    const other = { ...files, 'docker-compose.yml': compose.replace('http://logstash:9600', 'http://logstash:50000'), 'logstash/Dockerfile': 'FROM alpine:3.20\n' };
    assert.deepEqual(into(await risksOf(other), 'logstash').filter((r) => r.startsWith('missing-waf ')), ['missing-waf internet>logstash @docker-compose.yml:38,docker-compose.yml:39']);
  });

  it('wordsmith: no missing-vault when the only credential is user postgres with an empty password; a password in the code asks one', async () => {
    const files = filesOf('wordsmith');
    const vault = async (main: string) => described(await risksOf({ ...files, 'api/src/main/java/Main.java': main })).filter((r) => r.startsWith('missing-vault '));
    // It read as missing-vault api @docker-compose.yml:10.
    assert.deepEqual(await vault(files['api/src/main/java/Main.java']), []);
    const secret = files['api/src/main/java/Main.java'].replace('"postgres", "")', '"postgres", "s3cr3t-pw")');
    assert.notEqual(secret, files['api/src/main/java/Main.java']);
    assert.deepEqual(await vault(secret), ['missing-vault api @docker-compose.yml:10']);
  });

  it('langfuse: the six nodes of one Redis Cluster written from one anchor are one store: unencrypted-asset once, every node\'s line', async () => {
    const files = filesOf('langfuse');
    const assets = async (compose: string) => described(await risksOf({ 'docker-compose.dev-redis-cluster.yml': compose })).filter((r) => r.startsWith('unencrypted-asset '));
    const lines = [17, 31, 45, 59, 73, 87].map((n) => `docker-compose.dev-redis-cluster.yml:${n}`);
    // It read as six unencrypted-asset risks, redis-node-0 to redis-node-5.
    assert.deepEqual(await assets(files['docker-compose.dev-redis-cluster.yml']), [`unencrypted-asset redis-node-0 @${lines.join(',')}`]);
    // No anchor merged (each merge made a comment, lines kept): six stores, whatever their names.
    const apart = files['docker-compose.dev-redis-cluster.yml'].replace(/<<: \*redis-cluster-/g, '# <<: *redis-cluster-');
    assert.deepEqual(await assets(apart), lines.map((line, i) => `unencrypted-asset redis-node-${i} @${line}`));
  });

  it('langfuse: the worker\'s 3030, probed on /api/health and serving only /, /api/health and /api/ready, carries no login: no plaintext risk, no WAF', async () => {
    // The code is kept as `.ts.txt` (the repository's compiler would take `.ts` for its own): planted under its own name.
    const files = Object.fromEntries(Object.entries(filesOf('langfuse')).map(([name, text]) => [name.replace(/\.ts\.txt$/, '.ts'), text]));
    const worker = async (planted: Record<string, string>) => described(await risksOf(planted)).filter((r) => r.split(' ')[1] === 'internet>langfuse-worker' && !r.startsWith('unguarded-access-from-internet ')).map((r) => r.split(' @')[0]);
    // It read as unencrypted-communication and missing-waf internet>langfuse-worker.
    assert.deepEqual(await worker(files), []);
    // A route of another kind on the same server: its data and callers' credentials may cross the port.
    const api = files['worker/src/api/index.ts'].replace('router.get<{}, { status: string }>("/ready"', 'router.post<{}, { status: string }>("/ingest"');
    assert.notEqual(api, files['worker/src/api/index.ts']);
    assert.deepEqual(await worker({ ...files, 'worker/src/api/index.ts': api }), ['missing-waf internet>langfuse-worker', 'unencrypted-communication internet>langfuse-worker']);
  });
});
