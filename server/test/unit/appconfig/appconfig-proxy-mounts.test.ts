// A proxy's configuration put at its configuration path (a Compose bind mount, a Dockerfile's COPY) is that proxy's routes,
// read by the nginx/httpd reader whatever its name, and its mounter's or builder's (issue #95): taigaio/taiga-docker,
// LemmyNet/lemmy and ewolff/microservice-kubernetes reduced (server/test/fixtures/oss/appconfig, SOURCES.md there).
import assert from 'node:assert/strict';
import path from 'node:path';
import { fixturesDir } from '../../helpers';
import { readTree } from '../../tempdir';
import { treeContainers } from '../system/repositories';

type Graph = { nodes: { id: string; name: string }[]; edges: { from: string; to: string; kind: string; label: string; sources: { uri: string; range: { start: { line: number } } }[] }[] };

/** The calls of the containers view (users' aside) as `from → to [label] file:line…`. */
async function callsOf(files: Record<string, string>): Promise<string[]> {
  const graph: Graph = await treeContainers(files);
  const name = new Map(graph.nodes.map((n) => [n.id, n.name]));
  return [...new Set(graph.edges.filter((e) => e.kind === 'calls' && name.get(e.from) !== 'Users').map((e) => `${name.get(e.from)} → ${name.get(e.to)} [${e.label}] ${e.sources.map((s) => `${s.uri.slice(s.uri.lastIndexOf('/') + 1)}:${s.range.start.line + 1}`).join(' ')}`))].sort();
}

const fixture = (name: string) => readTree(path.join(fixturesDir, 'oss', 'appconfig', name));

describe('a proxy\'s configuration mounted or copied in is its routes (issue #95)', function () {
  this.timeout(300_000);

  // The edges keep the `depends_on` (or Service) lines they were drawn from before.
  it('taiga-docker: taiga.conf, mounted at /etc/nginx/conf.d/default.conf, is the gateway\'s routes', async () => {
    assert.deepEqual(await callsOf(fixture('taigaio+taiga-docker')), [
      'taiga-gateway → taiga-back [HTTP :8000] taiga.conf:19 taiga.conf:29 docker-compose.yml:19',
      'taiga-gateway → taiga-events [HTTP :8888] taiga.conf:67 docker-compose.yml:20',
      'taiga-gateway → taiga-front [HTTP] taiga.conf:9 docker-compose.yml:18',
      'taiga-gateway → taiga-protected [HTTP :8003] taiga.conf:61',
    ]);
  });

  it('lemmy: docker/nginx.conf is the proxy\'s that mounts it, not lemmy\'s whose build context holds it; quoted upstream members named as their upstream', async () => {
    const got = await callsOf(fixture('LemmyNet+lemmy'));
    assert.deepEqual(got.filter((call) => call.startsWith('proxy → ') || call.startsWith('lemmy → ')), [
      'proxy → lemmy [:8536] nginx.conf:8',
      'proxy → lemmy-ui [:1234] nginx.conf:12 docker-compose.yml:12',
    ]);
  });

  it('microservice-kubernetes: 000-default.conf, COPY\'d to /etc/apache2/sites-enabled/ by the Dockerfile of apache\'s folder, is apache\'s ProxyPass routes', async () => {
    const got = await callsOf(fixture('ewolff+microservice-kubernetes'));
    assert.deepEqual(got.filter((call) => call.startsWith('apache → ')), [
      'apache → catalog [HTTP :8080] 000-default.conf:17 microservices.yaml:149',
      'apache → customer [HTTP :8080] 000-default.conf:20 microservices.yaml:169',
      'apache → order [HTTP :8080] 000-default.conf:14 microservices.yaml:189',
    ]);
  });
});
