// Consoles of the containers' own operation (issue #95), common in Compose stacks and raised by none of the held-out
// rounds' rules: Portainer (its first visitor creates the administrator), Celery's Flower, Traefik's dashboard in insecure
// mode, Dozzle's live logs, Mailpit's inbox, RedisInsight — each published with no login, beside its twin with one. The
// stack is written here from each product's documented `docker run`/Compose example (the sources in consoles.ts).
import assert from 'node:assert/strict';
import { consoleFacts, consoleOf, consoleProducts } from '../../../src/threats/consoles';
import { runCli } from '../../cliRun';
import { suiteTrees } from '../../tempdir';

interface Risk { rule: string; elements: string[] }
interface Console { component: string; product: string; reason: string }

const product = (name: string) => consoleProducts.find((p) => p.name === name)!;

const STACK = [
  'services:',
  '  portainer:', '    image: portainer/portainer-ce:2.21.4', '    ports:', '      - "9443:9443"', '    volumes:', '      - /var/run/docker.sock:/var/run/docker.sock',
  '  flower:', '    image: mher/flower:2.0', '    command: celery --broker=redis://redis:6379/0 flower', '    ports:', '      - "5555:5555"',
  '  redis:', '    image: redis:7',
  '  traefik:', '    image: traefik:v3.2', '    command:', '      - --api.insecure=true', '      - --providers.docker=true', '    ports:', '      - "80:80"', '      - "8080:8080"',
  '  dozzle:', '    image: amir20/dozzle:latest', '    ports:', '      - "9999:8080"', '    volumes:', '      - /var/run/docker.sock:/var/run/docker.sock',
  '  mailpit:', '    image: axllent/mailpit', '    ports:', '      - "8025:8025"',
  '  redisinsight:', '    image: redis/redisinsight:latest', '    ports:', '      - "5540:5540"',
  '',
].join('\n');

describe("threats: the consoles of the containers' own operation (issue #95)", function () {
  this.timeout(300_000);
  const tree = suiteTrees();
  const run = async (compose: string) => {
    const root = tree({ 'docker-compose.yml': compose });
    const consoles = (JSON.parse((await runCli(['threats', '.', '--format', 'model'], root)).out) as { consoles: Console[] }).consoles.map((c) => `${c.component.split(':').pop()} ${c.product}: ${c.reason}`).sort();
    const risks = (JSON.parse((await runCli(['threats', '.', '--format', 'json'], root)).out) as { risks: Risk[] }).risks;
    const fromInternet = (rule: string) => risks.filter((r) => r.rule === rule && r.elements[0] === 'internet').map((r) => r.elements.at(-1)!.split(':').pop()).sort();
    return { consoles, open: fromInternet('threat-missing-authentication'), plaintext: fromInternet('threat-unencrypted-communication') };
  };

  it('by image: each product, and none for a look-alike', () => {
    assert.equal(consoleOf({ image: 'portainer/portainer-ce:2.21.4' })?.name, 'Portainer');
    assert.equal(consoleOf({ image: 'mher/flower:2.0' })?.name, 'Flower');
    assert.equal(consoleOf({ image: 'traefik:v3.2' })?.name, 'Traefik dashboard');
    assert.equal(consoleOf({ image: 'amir20/dozzle:latest' })?.name, 'Dozzle');
    assert.equal(consoleOf({ image: 'axllent/mailpit' })?.name, 'Mailpit');
    assert.equal(consoleOf({ image: 'redis/redisinsight:latest' })?.name, 'RedisInsight');
    assert.equal(consoleOf({ image: 'example/flowerpot:1' }), undefined);
  });

  it('their logins when set: Portainer\'s admin password, Flower\'s basic auth, Dozzle\'s provider, Mailpit\'s UI auth; Traefik open only in insecure mode', () => {
    assert.equal(consoleFacts(product('Portainer'), ['    command: -H unix:///var/run/docker.sock --admin-password-file /run/secrets/pw']).unauthenticated, false);
    assert.equal(consoleFacts(product('Flower'), ['      - FLOWER_BASIC_AUTH=admin:${FLOWER_PASSWORD}']).unauthenticated, false);
    assert.equal(consoleFacts(product('Flower'), ['    command: celery flower --basic-auth=admin:s3cret']).unauthenticated, false);
    assert.equal(consoleFacts(product('Dozzle'), ['      DOZZLE_AUTH_PROVIDER: simple']).unauthenticated, false);
    assert.equal(consoleFacts(product('Mailpit'), ['      MP_UI_AUTH_FILE: /data/auth']).unauthenticated, false);
    assert.deepEqual([consoleFacts(product('Traefik dashboard'), ['      - --api.dashboard=true']).unauthenticated, consoleFacts(product('Traefik dashboard'), ['      - --api.insecure=true']).unauthenticated, consoleFacts(product('Traefik dashboard'), ['api:', '  insecure: true']).unauthenticated], [false, true, true]);
  });

  it('the stack published: six consoles with no login; Portainer\'s 9443 is TLS; the twins with a login, none', async () => {
    const open = await run(STACK);
    assert.deepEqual(open.consoles, [
      'dozzle Dozzle: no authentication by default', 'flower Flower: no authentication by default', 'mailpit Mailpit: no authentication by default',
      'portainer Portainer: no authentication by default', 'redisinsight RedisInsight: no authentication by default', 'traefik Traefik dashboard: anonymous access',
    ]);
    // (redis: Flower's broker, named by its command's `--broker=redis://redis:6379/0`, reached from the Internet through the open Flower.)
    assert.deepEqual(open.open, ['dozzle', 'flower', 'mailpit', 'portainer', 'redis', 'redisinsight', 'traefik']);
    assert.ok(!open.plaintext.includes('portainer'), open.plaintext.join(', '));
    const guarded = STACK
      .replace('    image: portainer/portainer-ce:2.21.4\n', '    image: portainer/portainer-ce:2.21.4\n    command: --admin-password-file /run/secrets/pw\n')
      .replace('flower\n    ports', 'flower --basic-auth=admin:${FLOWER_PASSWORD}\n    ports')
      .replace('      - --api.insecure=true\n', '      - --api.dashboard=true\n')
      .replace('    image: amir20/dozzle:latest\n', '    image: amir20/dozzle:latest\n    environment:\n      DOZZLE_AUTH_PROVIDER: simple\n')
      .replace('    image: axllent/mailpit\n', '    image: axllent/mailpit\n    environment:\n      MP_UI_AUTH_FILE: /data/auth\n');
    const closed = await run(guarded);
    // (redis: no password, Flower's broker.)
    assert.deepEqual(closed.open, ['redis', 'redisinsight']);
  });
});
