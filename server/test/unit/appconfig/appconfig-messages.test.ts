// A literal whose words say it is no address (issue #95): getredash/redash's help link in an exception message and its
// `profile["email"]` (server/test/fixtures/oss/appconfig, SOURCES.md there), and each form inline.
import assert from 'node:assert/strict';
import path from 'node:path';
import { readAppConfig } from '../../../src/appconfig/readers';
import { fixturesDir } from '../../helpers';
import { readTree } from '../../tempdir';
import { treeContainers } from '../system/repositories';

type Graph = { nodes: { id: string; name: string }[]; edges: { from: string; to: string; kind: string; label: string }[] };

const hosts = (text: string) => readAppConfig('code', text).calls.map((call) => `${call.host}${call.port !== undefined ? `:${call.port}` : ''}`);
const redash = readTree(path.join(fixturesDir, 'oss', 'appconfig', 'getredash+redash'));

describe('messages and keys are no calls (issue #95)', function () {
  this.timeout(300_000);

  it('redash: `Visit http://redash.io/help/…` in an exception is no call; the version check\'s URL is read', async () => {
    assert.deepEqual(hosts(redash['redash/settings/__init__.py']), []);
    assert.deepEqual(hosts(redash['redash/version_check.py']), ['version.redash.io']);
    const graph = await treeContainers(redash) as Graph;
    const name = new Map(graph.nodes.map((n) => [n.id, n.name]));
    assert.deepEqual(graph.edges.filter((e) => e.kind === 'calls' && name.get(e.from) === 'redash').map((e) => `redash → ${name.get(e.to)} [${e.label}]`), []);
  });

  it('a URL in a sentence, a help text or after a pointer word is no call; alone, in a format or beside a command\'s options it is', () => {
    assert.deepEqual(hosts('throw new Error("Cannot reach the API, see https://api.example.com/status")\n'), []);
    assert.deepEqual(hosts('parser.add_argument("--url", help="The server to use (docs: http://docs:8000/cli)")\n'), []);
    assert.deepEqual(hosts('log.Printf("could not connect to http://db:5432 after several retries")\n'), []);
    assert.deepEqual(hosts([
      'resp = requests.get("http://api:8080/v1/items", timeout=3)',
      'url = f"http://{host}:9000/path" if host else "http://minio:9000/path"',
      'subprocess.run(["sh", "-c", "curl -fsS http://health:8080/ready"])',
      'const base = `http://catalogue:80/${path}`;',
    ].join('\n')), ['api:8080', 'minio:9000', 'health:8080', 'catalogue:80']);
  });

  it('redash: `profile["email"]` and a dictionary\'s `"email":` key name a field, not the component `email`', () => {
    assert.deepEqual(hosts(redash['redash/authentication/google_oauth.py']), []);
    assert.deepEqual(hosts('data = {"admin_email": x, "email": form["email"], "host": "mailer"}\nconfig = {\n    "redis": r,\n}\nredis_host = env or "cache"\n'), ['mailer', 'cache']);
  });
});
