// Classes the fifth held-out round found (issue #95, x98m), each on a reduction of the real file with its variants:
// - Kong/docker-kong (d1ed165b, Apache-2.0) compose/docker-compose.yml: `KONG_PROXY_LISTEN`/`KONG_ADMIN_LISTEN` replace
//   Kong's listeners, so its published 8443 and 8444 reach nothing, and its Admin API is published on every interface.
import assert from 'node:assert/strict';
import { kongListeners } from '../../../src/threats/kongListen';
import { runCli } from '../../cliRun';
import { makeTree } from '../../tempdir';
import { described, risksOfFiles } from '../../threatRisks';

/** docker-kong's compose file, reduced: the shared settings' anchor, the kong service's listeners and ports. */
const kong = (listeners: readonly string[], ports: readonly string[], extra: readonly string[] = []) => [
  'x-kong-config:',
  '  &kong-env',
  '  KONG_DATABASE: ${KONG_DATABASE:-off}',
  '  KONG_PG_HOST: db',
  '',
  'services:',
  '  kong:',
  '    image: "${KONG_DOCKER_TAG:-kong:latest}"',
  '    environment:',
  '      <<: *kong-env',
  '      KONG_ADMIN_ACCESS_LOG: /dev/stdout',
  ...listeners,
  ...extra,
  '      KONG_DECLARATIVE_CONFIG: "/opt/kong/kong.yaml"',
  '    ports:',
  ...ports,
  '',
].join('\n');

const LISTENERS = [
  '      KONG_PROXY_LISTEN: "${KONG_PROXY_LISTEN:-0.0.0.0:8000}"',
  '      KONG_ADMIN_LISTEN: "${KONG_ADMIN_LISTEN:-0.0.0.0:8001}"',
  '      KONG_ADMIN_GUI_LISTEN: "${KONG_ADMIN_GUI_LISTEN:-0.0.0.0:8002}"',
];
const PORTS = [
  '      - "${KONG_INBOUND_PROXY_LISTEN:-0.0.0.0}:8000:8000/tcp"',
  '      - "${KONG_INBOUND_SSL_PROXY_LISTEN:-0.0.0.0}:8443:8443/tcp"',
  '      - "8001:8001/tcp"',
  '      - "8444:8444/tcp"',
  '      - "8002:8002/tcp"',
];

describe("threats: the fifth held-out round's classes (issue #95, x99d)", function () {
  this.timeout(120_000);

  it("Kong's listeners: its settings replace the defaults, `ssl` is TLS, `off` and the loopback open nothing, a variable with no default is not judged", () => {
    const ports = (lines: string[], lookup?: (name: string) => string | undefined) => {
      const read = kongListeners(lines, lookup);
      return read && { ports: [...read.ports].map(([port, l]) => `${port} ${l.role}${l.tls ? ' tls' : ''}${l.line !== undefined ? ` @${l.line}` : ''}`), complete: read.complete };
    };
    assert.deepEqual(ports(LISTENERS), { ports: ['8000 proxy @0', '8001 admin @1', '8002 admin-gui @2'], complete: true });
    // No setting: Kong's defaults, its Admin and status APIs on the container's loopback.
    assert.deepEqual(ports([]), { ports: ['8000 proxy', '8443 proxy tls', '8002 admin-gui', '8445 admin-gui tls'], complete: true });
    assert.deepEqual(ports(['  - KONG_ADMIN_LISTEN=0.0.0.0:8001, 0.0.0.0:8444 http2 ssl', '  - KONG_PROXY_LISTEN=off', '  - KONG_ADMIN_GUI_LISTEN=off']), { ports: ['8001 admin @0', '8444 admin tls @0'], complete: true });
    // Kubernetes' form; a variable the project's .env sets.
    assert.deepEqual(ports(['        - name: KONG_PROXY_LISTEN', '          value: "0.0.0.0:8443 ssl"']), { ports: ['8443 proxy tls @1', '8002 admin-gui', '8445 admin-gui tls'], complete: true });
    assert.deepEqual(ports(['KONG_ADMIN_LISTEN: ${ADMIN}', 'KONG_ADMIN_GUI_LISTEN: "off"'], (name) => (name === 'ADMIN' ? '[::]:9001' : undefined)), { ports: ['8000 proxy', '8443 proxy tls', '9001 admin @0'], complete: true });
    assert.deepEqual(ports(['KONG_ADMIN_LISTEN: ${ADMIN}']), { ports: ['8000 proxy', '8443 proxy tls', '8002 admin-gui', '8445 admin-gui tls'], complete: false });
    // A kong.conf of its own: its listeners are there, not read.
    assert.equal(ports(['      - ./kong.conf:/etc/kong/kong.conf']), undefined);
  });

  it("docker-kong: 8443 and 8444 published to listeners KONG_*_LISTEN removed are no ways in; the Admin API on every interface is a console with no login", async () => {
    const risks = described(await risksOfFiles({ 'compose/docker-compose.yml': kong(LISTENERS, PORTS) })).filter((r) => / internet>kong @/.test(r));
    // Before: unguarded access and plaintext on 8443 and 8444 as well (lines 18 and 20), and no missing authentication.
    assert.deepEqual(risks, [
      'missing-authentication internet>kong @compose/docker-compose.yml:19,compose/docker-compose.yml:13',
      'missing-waf internet>kong @compose/docker-compose.yml:17',
      'unencrypted-communication internet>kong @compose/docker-compose.yml:17',
      'unencrypted-communication internet>kong @compose/docker-compose.yml:19,compose/docker-compose.yml:13',
      'unencrypted-communication internet>kong @compose/docker-compose.yml:21',
      'unguarded-access-from-internet internet>kong @compose/docker-compose.yml:17',
      'unguarded-access-from-internet internet>kong @compose/docker-compose.yml:19,compose/docker-compose.yml:13',
      'unguarded-access-from-internet internet>kong @compose/docker-compose.yml:21',
    ]);
  });

  it('docker-kong variants: a TLS proxy listener is no plaintext; RBAC enforced asks a login; the Admin API published on the loopback is no console', async () => {
    const tls = described(await risksOfFiles({ 'docker-compose.yml': kong(['      KONG_PROXY_LISTEN: "0.0.0.0:8000, 0.0.0.0:8443 http2 ssl"', '      KONG_ADMIN_LISTEN: "off"'], PORTS.slice(0, 2)) }));
    assert.deepEqual(tls.filter((r) => r.startsWith('unencrypted-communication internet>')), ['unencrypted-communication internet>kong @docker-compose.yml:16']);
    // Both published ports are ways in, 8443 a TLS one.
    const tree = makeTree({ 'docker-compose.yml': kong(['      KONG_PROXY_LISTEN: "0.0.0.0:8000, 0.0.0.0:8443 http2 ssl"', '      KONG_ADMIN_LISTEN: "off"'], PORTS.slice(0, 2)) });
    try {
      const model = JSON.parse((await runCli(['threats', '.', '--format', 'model'], tree.root)).out) as { entries: { tls: boolean; sources: { line: number }[] }[] };
      assert.deepEqual(model.entries.map((e) => `${e.sources.map((s) => s.line).join(',')} ${e.tls}`), ['16 false', '17 true']);
    } finally {
      tree.remove();
    }
    const rbac = described(await risksOfFiles({ 'docker-compose.yml': kong(LISTENERS, PORTS, ['      KONG_ENFORCE_RBAC: "on"']) }));
    assert.deepEqual(rbac.filter((r) => r.startsWith('missing-authentication ')), []);
    const local = described(await risksOfFiles({ 'docker-compose.yml': kong(LISTENERS, [PORTS[0], '      - "127.0.0.1:8001:8001/tcp"']) }));
    assert.deepEqual(local.filter((r) => / internet>kong @/.test(r) && !r.includes(':17')), []);
  });
});
