// A one-shot component is no caller of what it only shares (issue #95, held out). apache/airflow's docker-compose.yaml merges
// the `x-airflow-common` anchor's environment into every service, `airflow-init` (the others wait for it with
// `condition: service_completed_successfully`) too: it was drawn calling the API server and Redis (the Celery broker) with
// the long-running services. quarkus-super-heroes' Liquibase Job reads its Deployment's ConfigMap by `envFrom`. Their calls
// to a database stay as they were; any other call only that shared configuration gives is possible, said by the anchor's
// (the ConfigMap's) line and the line making the component one-shot. Reductions in fixtures/oss/one-shot (SOURCES.md there).
import assert from 'node:assert/strict';
import path from 'node:path';
import { calls, repository } from './repositories';
import { fixturesDir } from '../../helpers';
import { makeTree } from '../../tempdir';

const under = path.join(fixturesDir, 'oss', 'one-shot');

/** The edges of a kind from one component, as `to: label @ line, line` (lines 1-based). */
async function from(folder: string, caller: string, kind: string): Promise<string[]> {
  const { model } = await repository(folder, under);
  const name = (id: string) => model.node(id)?.name ?? id;
  return model.edges.filter((e) => e.kind === kind && name(e.from) === caller).map((e) => `${name(e.to)}: ${e.label} @ ${e.sources.map((s) => s.range.start.line + 1).join(', ')}${e.possibleOnly === 'one-shot' ? ' (one-shot)' : ''}`).sort();
}

describe('System map: a one-shot component is no caller of what it only shares (issue #95)', () => {
  it("airflow-init keeps its call to postgres; the API server and the Celery broker from the shared anchor are possible calls", async () => {
    // Line 31: AIRFLOW__DATABASE__SQL_ALCHEMY_CONN (the migrations' database; its label is the protocol's).
    assert.deepEqual((await from('apache+airflow', 'airflow-init', 'calls')).map((c) => c.replace(/:.* @/, ' @')), ['postgres @ 31']);
    // Line 37: AIRFLOW__CORE__EXECUTION_API_SERVER_URL in x-airflow-common; 33: AIRFLOW__CELERY__BROKER_URL; 99: the API server's
    // `condition: service_completed_successfully` on airflow-init.
    assert.deepEqual(await from('apache+airflow', 'airflow-init', 'may-call'), [
      'airflow-apiserver: may call HTTP :8080 (one-shot, shared settings) @ 37, 99 (one-shot)',
      'redis: may call Redis :6379 (one-shot, shared settings) @ 33, 99 (one-shot)',
    ]);
  });

  it('the long-running services keep every call the same anchor gives them', async () => {
    const { view } = await repository('apache+airflow', under);
    const drawn = calls(view('containers')).filter((c) => !c.startsWith('Users'));
    for (const service of ['airflow-scheduler', 'airflow-worker']) for (const target of ['airflow-apiserver', 'postgres', 'redis']) assert.ok(drawn.includes(`${service} → ${target}`), `${service} → ${target} in ${drawn.join('; ')}`);
    assert.ok(drawn.includes('airflow-apiserver → postgres') && drawn.includes('airflow-apiserver → redis'));
    assert.deepEqual(calls(view('containers'), 'may-call'), ['airflow-init → airflow-apiserver', 'airflow-init → redis']);
  });

  it("the Liquibase Job's Kafka and Apicurio calls from its Deployment's ConfigMap are one-shot possible calls; its database call is kept", async () => {
    const folder = 'quarkusio+quarkus-super-heroes';
    // Line 23: kafka.bootstrap.servers, 24: the Apicurio registry URL, 17: quarkus.mongodb.hosts; 228: the Job's `kind: Job`.
    assert.deepEqual(await from(folder, 'rest-fights-liquibase-mongodb-init', 'may-call'), [
      'apicurio: may call HTTP :8080 (one-shot, shared settings) @ 24, 228 (one-shot)',
      'fights-db: may call MongoDB :27017 @ 17',
      'fights-kafka: may call PLAINTEXT :9092 (one-shot, shared settings) @ 23, 228 (one-shot)',
    ]);
    // The Deployment reading the same ConfigMap is unchanged.
    assert.deepEqual(await from(folder, 'rest-fights', 'may-call'), ['apicurio: may call HTTP :8080 @ 24', 'fights-db: may call MongoDB :27017 @ 17', 'fights-kafka: may call PLAINTEXT :9092 @ 23']);
  });

  it('a database known only by the evidence (built FROM mysql) keeps the one-shot call to it', async () => {
    const { root, remove } = makeTree({
      'docker-compose.yml': [
        'x-common: &common',
        '  image: example/shop:1',
        '  environment:',
        '    DATABASE_URL: mysql://shop:shop@catalogue-db:3306/shop',
        '    SEARCH_URL: http://search-api:9000/',
        'services:',
        '  catalogue-db:',
        '    build: ./db',
        '  search-api:',
        '    image: example/search-api:1',
        '  shop:',
        '    <<: *common',
        '    depends_on:',
        '      migrate:',
        '        condition: service_completed_successfully',
        '  migrate:',
        '    <<: *common',
        '',
      ].join('\n'),
      'db/Dockerfile': 'FROM mysql:8.0\nCOPY schema.sql /docker-entrypoint-initdb.d/\n',
    });
    try {
      const { model } = await repository(path.basename(root), path.dirname(root));
      const name = (id: string) => model.node(id)?.name ?? id;
      const migrate = model.edges.filter((e) => name(e.from) === 'migrate' && (e.kind === 'calls' || e.kind === 'may-call')).map((e) => `${e.kind} ${name(e.to)}${e.possibleOnly === 'one-shot' ? ' (one-shot)' : ''}`).sort();
      assert.deepEqual(migrate, ['calls catalogue-db', 'may-call search-api (one-shot)']);
    } finally {
      remove();
    }
  });

  it("a Helm chart's pre-install hook Job reading the app's ConfigMap: its broker call is possible, its database call kept", async () => {
    const meta = (kind: string, name: string) => [`kind: ${kind}`, 'metadata:', `  name: {{ .Release.Name }}-${name}`];
    const pod = (image: string) => ['      containers:', '        - name: app', `          image: ${image}`, '          envFrom:', '            - configMapRef:', '                name: {{ .Release.Name }}-config'];
    const { root, remove } = makeTree({
      'chart/Chart.yaml': 'apiVersion: v2\nname: shop\nversion: 0.1.0\n',
      'chart/values.yaml': 'image: example/shop:1\n',
      'chart/templates/configmap.yaml': ['apiVersion: v1', ...meta('ConfigMap', 'config'), 'data:', '  DATABASE_URL: postgres://shop@db:5432/shop', '  BROKER_URL: amqp://rabbitmq:5672', ''].join('\n'),
      'chart/templates/deployment.yaml': ['apiVersion: apps/v1', ...meta('Deployment', 'web'), 'spec:', '  selector:', '    matchLabels:', '      app: web', '  template:', '    metadata:', '      labels:', '        app: web', '    spec:', ...pod('{{ .Values.image }}'), ''].join('\n'),
      'chart/templates/migrate.yaml': ['apiVersion: batch/v1', ...meta('Job', 'migrate'), '  annotations:', '    "helm.sh/hook": pre-install,pre-upgrade', 'spec:', '  template:', '    spec:', '      restartPolicy: Never', ...pod('{{ .Values.image }}'), ''].join('\n'),
      'chart/templates/stores.yaml': [
        ...['db', 'rabbitmq'].flatMap((name) => ['---', 'apiVersion: v1', 'kind: Service', 'metadata:', `  name: ${name}`, 'spec:', '  selector:', `    app: ${name}`, '  ports:', `    - port: ${name === 'db' ? 5432 : 5672}`]),
        ...[['db', 'postgres:16'], ['rabbitmq', 'rabbitmq:3']].flatMap(([name, image]) => ['---', 'apiVersion: apps/v1', 'kind: StatefulSet', 'metadata:', `  name: ${name}`, 'spec:', '  selector:', '    matchLabels:', `      app: ${name}`, '  template:', '    metadata:', '      labels:', `        app: ${name}`, '    spec:', '      containers:', `        - name: ${name}`, `          image: ${image}`]),
        '',
      ].join('\n'),
    });
    try {
      const { model } = await repository(path.basename(root), path.dirname(root));
      const name = (id: string) => model.node(id)?.name ?? id;
      const edges = (caller: RegExp) => model.edges.filter((e) => caller.test(name(e.from)) && (e.kind === 'calls' || e.kind === 'may-call')).map((e) => `${e.kind} ${name(e.to)}${e.possibleOnly === 'one-shot' ? ' (one-shot)' : ''}`).sort();
      assert.deepEqual(edges(/-migrate$/), ['may-call db', 'may-call rabbitmq (one-shot)']);
      assert.deepEqual(edges(/-web$/), ['may-call db', 'may-call rabbitmq']);
    } finally {
      remove();
    }
  });

  it("a one-shot service's own entries stay certain calls", async () => {
    const { root, remove } = makeTree({
      'docker-compose.yml': [
        'x-common: &common',
        '  image: example/app:1',
        '  environment:',
        '    API_URL: http://api:8080/',
        'services:',
        '  api:',
        '    image: example/api:1',
        '  app:',
        '    <<: *common',
        '    depends_on:',
        '      seed:',
        '        condition: service_completed_successfully',
        '  seed:',
        '    <<: *common',
        '    environment:',
        '      API_URL: http://api:8080/',
        '      CACHE_URL: redis://cache:6379',
        '  cache:',
        '    image: redis:7',
        '',
      ].join('\n'),
    });
    try {
      const { model } = await repository(path.basename(root), path.dirname(root));
      const name = (id: string) => model.node(id)?.name ?? id;
      const seed = model.edges.filter((e) => name(e.from) === 'seed' && (e.kind === 'calls' || e.kind === 'may-call')).map((e) => `${e.kind} ${name(e.to)}`).sort();
      assert.deepEqual(seed, ['calls api', 'calls cache']);
    } finally {
      remove();
    }
  });
  it("taiga-docker's taiga-manage, started by a script's `docker compose run` from a file `up` does not read, is one-shot: its mail server is no call", async () => {
    // docker-compose-inits.yml line 18: EMAIL_HOST in the shared anchor (its value from .env); 34: the service's name (taiga-manage.sh runs it); 8: POSTGRES_HOST.
    assert.deepEqual(await from('taigaio+taiga-docker', 'taiga-manage', 'may-call'), ['smtp.host.example.com: may call :587 (one-shot, shared settings) @ 18, 34 (one-shot)']);
    assert.deepEqual((await from('taigaio+taiga-docker', 'taiga-manage', 'calls')).map((c) => c.replace(/:.* @/, ' @')), ['taiga-db @ 8']);
    // The long-running taiga-back, given the same anchor by docker-compose.yml, keeps its mail call.
    assert.ok((await from('taigaio+taiga-docker', 'taiga-back', 'calls')).some((c) => c.startsWith('smtp.host.example.com:')));
  });

  it('`docker compose run` in Markdown makes a one-shot only of a service no plain `up` starts', async () => {
    const { root, remove } = makeTree({
      'docker-compose.yml': [
        'services:', '  db:', '    image: postgres:16', '  mail:', '    image: maildev/maildev',
        '  web:', '    image: example/app:1', '    environment: &env', '      DATABASE_URL: postgres://app@db:5432/app', '      SMTP_URL: smtp://mail:25',
        '  admin:', '    image: example/app:1', '    profiles: [tools]', '    environment: *env', '',
      ].join('\n'),
      'README.md': ['# App', '', '```sh', '$ docker compose run --rm -e DEBUG=1 admin migrate', '$ docker compose run --rm web rake db:seed', '```', ''].join('\n'),
    });
    try {
      const { model } = await repository(path.basename(root), path.dirname(root));
      const name = (id: string) => model.node(id)?.name ?? id;
      const edges = (caller: string) => model.edges.filter((e) => name(e.from) === caller && (e.kind === 'calls' || e.kind === 'may-call')).map((e) => `${e.kind} ${name(e.to)}${e.possibleOnly === 'one-shot' ? ' (one-shot)' : ''}`).sort();
      // Under a profile `up` starts it only when named: the mail server from web's environment is a one-shot's possible call, the
      // database its migrations'; `web`, run too but started by `up`, is no one-shot.
      assert.deepEqual(edges('admin'), ['calls db', 'may-call mail (one-shot)']);
      assert.deepEqual(edges('web'), ['calls db', 'calls mail']);
    } finally {
      remove();
    }
  });
});
