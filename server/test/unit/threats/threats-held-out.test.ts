// False-risk classes seen on systems nobody tuned for (issue #95): a WAF asked of a port that serves no HTTP; a published
// SQL Server called TLS while its clients ask for clear text. Each on a reduction of the real files
// (server/test/fixtures/oss/singles/SOURCES.md), then the variant that must not change.
import assert from 'node:assert/strict';
import path from 'node:path';
import { type Risk, described, risksOfFiles as risksOf } from '../../threatRisks';
import { fixturesDir } from '../../helpers';
import { readTree } from '../../tempdir';

const singles = path.join(fixturesDir, 'oss', 'singles');
const filesOf = (fixture: string): Record<string, string> => readTree(path.join(singles, fixture));
const ofRule = (risks: readonly Risk[], rule: string) => described(risks).filter((r) => r.startsWith(`${rule} `));

describe('threats: false-risk classes of the held-out systems (issue #95)', function () {
  this.timeout(120_000);

  it('missing-waf: not on Dapr placement\'s gRPC port nor a Thrift port; still on Zipkin\'s and MailDev\'s web ports', async () => {
    // Before: missing-waf on dapr-placement (its port 50000, a gRPC control plane), and MailDev's cited its SMTP line.
    assert.deepEqual(ofRule(await risksOf(filesOf('eshopondapr')), 'missing-waf'), [
      'missing-waf internet>maildev @docker-compose.override.yml:7',
      'missing-waf internet>zipkin @docker-compose.override.yml:12',
    ]);
    // Before: missing-waf on post-storage-service, whose `10002:9090` is a Thrift server.
    const thrift = filesOf('deathstarbench-thrift');
    assert.deepEqual(ofRule(await risksOf(thrift), 'missing-waf'), []);
    // The same service said to serve HTTP on its port (a probe, a URL, a web port): a web application again.
    const compose = thrift['docker-compose.yml'];
    const probed = compose.replace('    restart: always', '    healthcheck:\n      test: ["CMD", "curl", "-f", "http://localhost:9090/health"]\n    restart: always');
    assert.deepEqual(ofRule(await risksOf({ ...thrift, 'docker-compose.yml': probed }), 'missing-waf'), ['missing-waf internet>post-storage-service @docker-compose.yml:7']);
    const web = compose.replace('10002:9090', '10002:8080');
    assert.deepEqual(ofRule(await risksOf({ ...thrift, 'docker-compose.yml': web }), 'missing-waf'), ['missing-waf internet>post-storage-service @docker-compose.yml:7']);
  });

  it('a published SQL Server its clients reach with Encrypt=False is plaintext; with TrustServerCertificate=True, TLS unverified', async () => {
    const files = filesOf('dotnet-podcasts');
    const settings = 'src/Services/Podcasts/Podcast.API/appsettings.Development.json';
    const tls = (risks: readonly Risk[]) => described(risks).filter((r) => /^(?:tls-without-server-authentication|unencrypted-communication) internet>/.test(r));
    // Before: tls-without-server-authentication, the server's own offer of TLS that these clients refuse.
    assert.deepEqual(tls(await risksOf(files)), [`unencrypted-communication internet>podcast.db @docker-compose.override.yml:10,${settings}:3`]);
    const trusting = files[settings].replace('Encrypt=False', 'TrustServerCertificate=True');
    assert.deepEqual(tls(await risksOf({ ...files, [settings]: trusting })), ['tls-without-server-authentication internet>podcast.db @docker-compose.override.yml:10']);
    // A client of another port (not the published one) says nothing of this way in.
    const elsewhere = files[settings].replace('localhost, 5433', 'localhost, 1444');
    assert.deepEqual(tls(await risksOf({ ...files, [settings]: elsewhere })), ['tls-without-server-authentication internet>podcast.db @docker-compose.override.yml:10']);
  });

  it('the Vault dev-server console is not raised when the container runs a server that is not the dev one', async () => {
    const files = filesOf('pacco');
    const compose = files['compose/infrastructure.yml'];
    const vault = async (text: string) => ofRule(await risksOf({ ...files, 'compose/infrastructure.yml': text }), 'default-credentials').filter((r) => r.includes('>vault '));
    // The image's default command is the dev server: its root token, written, is a known login.
    assert.deepEqual(await vault(compose), ['default-credentials internet>vault @compose/infrastructure.yml:23']);
    // Before: the same risk with `command: server` (a server of its configuration, sealed, its own tokens): the dev token is unused.
    for (const command of ['    command: server', '    command: ["server"]', '    command: vault server -config=/vault/config/vault.hcl']) {
      assert.deepEqual(await vault(compose.replace('    container_name: vault\n', `    container_name: vault\n${command}\n`)), [], command);
    }
    assert.deepEqual(await vault(compose.replace('    container_name: vault\n', '    container_name: vault\n    command: server -dev -dev-listen-address=0.0.0.0:8200\n')), ['default-credentials internet>vault @compose/infrastructure.yml:24']);
  });
});
