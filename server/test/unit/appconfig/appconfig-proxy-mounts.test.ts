// A proxy's configuration put at its configuration path (a Compose bind mount, a Dockerfile's COPY) is that proxy's routes,
// read by the nginx/httpd reader whatever its name, and its mounter's or builder's (issue #95): taigaio/taiga-docker,
// LemmyNet/lemmy and ewolff/microservice-kubernetes reduced (server/test/fixtures/oss/appconfig, SOURCES.md there).
import assert from 'node:assert/strict';
import path from 'node:path';
import { fixturesDir } from '../../helpers';
import { readTree, suiteTrees } from '../../tempdir';
import { runCli } from '../../cliRun';
import { configAddresses } from '../../../src/appconfig/mountedValues';

interface Graph {
  nodes: { id: string; name: string }[];
  edges: { from: string; to: string; kind: string; label: string; sources: { file: string; line: number }[] }[];
}

const fixture = (name: string) => readTree(path.join(fixturesDir, 'oss', 'appconfig', name));

describe('a proxy\'s configuration mounted or copied in is its routes (issue #95)', function () {
  this.timeout(300_000);
  const tree = suiteTrees();
  // The CLI's reading (its file selection, not every file indexed): the calls as `from → to [label] file:line…`, users' aside.
  const callsOf = async (files: Record<string, string>): Promise<string[]> => {
    const run = await runCli(['diagram', 'system', '--format', 'json'], tree(files));
    assert.equal(run.code, 0, run.err);
    const graph = JSON.parse(run.out) as Graph;
    const name = new Map(graph.nodes.map((n) => [n.id, n.name]));
    return graph.edges.filter((e) => e.kind === 'calls' && !e.from.startsWith('person:')).map((e) => `${name.get(e.from)} → ${name.get(e.to)} [${e.label}] ${e.sources.map((s) => `${s.file.slice(s.file.lastIndexOf('/') + 1)}:${s.line}`).join(' ')}`).sort();
  };

  it('taiga-docker: taiga.conf, mounted at /etc/nginx/conf.d/default.conf, is the gateway\'s routes', async () => {
    assert.deepEqual(await callsOf(fixture('taigaio+taiga-docker')), [
      'taiga-gateway → taiga-back [HTTP :8000] taiga.conf:19 taiga.conf:29',
      'taiga-gateway → taiga-events [HTTP :8888] taiga.conf:67',
      'taiga-gateway → taiga-front [HTTP] taiga.conf:9',
      'taiga-gateway → taiga-protected [HTTP :8003] taiga.conf:61',
    ]);
  });

  it('lemmy: docker/nginx.conf is the proxy\'s that mounts it, not lemmy\'s whose build context holds it; quoted upstream members named as their upstream', async () => {
    const got = await callsOf(fixture('LemmyNet+lemmy'));
    assert.deepEqual(got.filter((call) => call.startsWith('proxy → ')), [
      'proxy → lemmy [:8536] nginx.conf:8',
      'proxy → lemmy-ui [:1234] nginx.conf:12',
    ]);
  });

  it('lemmy: docker/lemmy.hjson, mounted as /config/config.hjson, is lemmy\'s settings: its database connection and pict-rs URL are its calls', async () => {
    const got = await callsOf(fixture('LemmyNet+lemmy'));
    assert.deepEqual(got.filter((call) => call.startsWith('lemmy → ')), [
      'lemmy → pictrs [HTTP :8080] lemmy.hjson:22',
      'lemmy → postgres [PostgreSQL :5432] lemmy.hjson:14',
    ]);
    // The federation harness's files: unquoted values; its own `hostname` is no call (mounted.ts), a comment none.
    const alpha = '{\n  hostname: lemmy-alpha:8541\n  port: 8541\n  database: {\n    connection: "postgres://lemmy:password@postgres_alpha:5432/lemmy"\n  }\n  # url: http://otel:4137\n  pictrs: {\n    url: http://pictrs:8080/\n  }\n}\n';
    assert.deepEqual(configAddresses('lemmy_alpha.hjson', alpha).map((a) => `${a.host}:${a.port ?? ''} «${alpha.slice(a.start, a.end)}»`), [
      'lemmy-alpha:8541 «lemmy-alpha:8541»',
      'postgres_alpha:5432 «postgres://lemmy:password@postgres_alpha:5432/lemmy»',
      'pictrs:8080 «http://pictrs:8080/»',
    ]);
  });

  it('microservice-kubernetes: 000-default.conf, COPY\'d to /etc/apache2/sites-enabled/ by the Dockerfile of apache\'s folder, is apache\'s ProxyPass routes', async () => {
    const got = await callsOf(fixture('ewolff+microservice-kubernetes'));
    assert.deepEqual(got.filter((call) => call.startsWith('apache → ')), [
      'apache → catalog [HTTP :8080] 000-default.conf:17',
      'apache → customer [HTTP :8080] 000-default.conf:20',
      'apache → order [HTTP :8080] 000-default.conf:14',
    ]);
  });
});
