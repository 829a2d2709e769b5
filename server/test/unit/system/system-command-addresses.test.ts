// A service's own command naming a service of the project calls it (issue #95, seventh round): rocketchat-compose's
// nats-exporter (`"http://nats:8222"`) and mongodb-exporter (`--mongodb.uri=${MONGODB_URI:-mongodb://mongodb:27017}`), zammad's
// ollama-init (`curl … 'http://ollama:11434/api/pull'` in a `sh -c` script) were drawn by `depends_on` only. A writer idling once
// done (rocketchat's traefik-init, `tail -f /dev/null`) writes traefik's file-provider config into the volume traefik mounts:
// traefik calls what it writes, the writer none of it. makeplane/plane's api reads `./apps/api/.env`, absent: setup.sh makes it from
// `.env.example` beside it, read in its place. Reductions in fixtures/oss/command-addresses (SOURCES.md there).
import assert from 'node:assert/strict';
import path from 'node:path';
import { evidencedCalls } from './repositories';
import { fixturesDir } from '../../helpers';
import { makeTree } from '../../tempdir';

const under = path.join(fixturesDir, 'oss', 'command-addresses');

describe('System map: addresses in a service\'s own command (issue #95)', () => {
  it("rocketchat-compose: the exporters call what their arguments name; traefik calls what traefik-init writes for it", async () => {
    const calls = await evidencedCalls('RocketChat+rocketchat-compose', under);
    assert.deepEqual(
      calls.filter((c) => !c.startsWith('rocketchat →')),
      [
        // The argument (30, 19), beside the `depends_on` drawn before (26, 13).
        'mongodb-exporter → mongodb [MongoDB :27017] compose.database.yml:26',
        'mongodb-exporter → mongodb [MongoDB :27017] compose.database.yml:30',
        'nats-exporter → nats [HTTP :8222] compose.database.yml:13',
        'nats-exporter → nats [HTTP :8222] compose.database.yml:19',
        // The value (6: ROCKETCHAT_BACKEND_SERVERS; 9: the script whose here-document holds grafana's URL), the writer's command (8), traefik's mount (140).
        'traefik → grafana [HTTP :3000] compose.traefik.yml:140',
        'traefik → grafana [HTTP :3000] compose.traefik.yml:8',
        'traefik → grafana [HTTP :3000] compose.traefik.yml:9',
        'traefik → rocketchat [:3000] compose.traefik.yml:140',
        'traefik → rocketchat [:3000] compose.traefik.yml:6',
        'traefik → rocketchat [:3000] compose.traefik.yml:8',
      ],
    );
  });

  it("zammad's ollama-init calls ollama, named in its `sh -c` script", async () => {
    const calls = await evidencedCalls('zammad+zammad-docker-compose', under);
    assert.ok(calls.some((c) => c.startsWith('ollama-init → ollama [HTTP :11434] scenarios/add-ollama.yml:')), calls.join('\n'));
  });

  it("makeplane/plane: an env_file absent that setup.sh copies from its example is read from the example, said at its lines; a store's image reads none", async () => {
    const calls = await evidencedCalls('makeplane+plane', under);
    // docker-compose.yml's env_file entry (12, 27) and the example's line (apps/api/.env.example 12: DATABASE_URL, 17: REDIS_URL, 20: RABBITMQ_HOST).
    for (const [reader, line] of [['api', 12], ['worker', 27]] as const) {
      for (const call of [`${reader} → plane-db [PostgreSQL :5432] apps/api/.env.example:12`, `${reader} → plane-redis [Redis :6379] apps/api/.env.example:17`, `${reader} → plane-mq [AMQP :5672] apps/api/.env.example:20`, `${reader} → plane-db [PostgreSQL :5432] docker-compose.yml:${line}`]) {
        assert.ok(calls.includes(call), `${call}\n${calls.join('\n')}`);
      }
    }
    assert.ok(!calls.some((c) => c.startsWith('plane-db →') || c.startsWith('plane-mq →')), calls.join('\n'));
  });

  it("a healthcheck's test, a listening flag, a host outside the project and a wait for a port are no call of the command", async () => {
    const { root, remove } = makeTree({
      'docker-compose.yml': [
        'services:',
        '  web:',
        '    image: example/web:1',
        '    command: ["--listen=api:9000", "--docs=http://docs.example.org:80"]',
        '    healthcheck:',
        '      test: ["CMD", "curl", "-f", "http://api:8080/health"]',
        '  api:',
        '    image: example/api:1',
        // spring-petclinic-cloud's (8aabe987, Apache-2.0) docker-compose.yml:28, and storedog's `wait-for-it` form: the start order.
        '    entrypoint: ["./dockerize","-wait=tcp://discovery-server:8761","-timeout=60s","--","java","-jar","/app.jar"]',
        '  worker:',
        '    image: example/api:1',
        '    command: bash -c "wait-for-it discovery-server:8761 -- npm start"',
        '  discovery-server:',
        '    image: example/eureka:1',
        '',
      ].join('\n'),
    });
    try {
      assert.deepEqual(await evidencedCalls(path.basename(root), path.dirname(root)), []);
    } finally {
      remove();
    }
  });
});
