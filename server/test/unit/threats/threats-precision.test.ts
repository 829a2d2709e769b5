// Precision on five real repositories nobody here wrote (issue #78): each distinct risk judged from the files
// (docs/threats.md, "Precision"), the noise's causes fixed by rule — one link per caller and component whatever the
// instances, a reverse proxy's hop passing its users' session, a client that calls only what users reach (a load
// generator, an AI agent driving the shop) no part of the system, a Compose stack of one network no missing
// segmentation, an Istio Gateway's hop to its workloads on the mesh's mTLS. Every plaintext LoadBalancer or NodePort
// front door is a risk with its attack path, and every store behind it is on a path. The fixtures:
// server/test/fixtures/oss/system/SOURCES.md.
import assert from 'node:assert/strict';
import path from 'node:path';
import { runCli } from '../../cliRun';
import { fixturesDir } from '../../helpers';
import { makeTree } from '../../tempdir';

interface Risk { rule: string; elements: string[]; sources: { file: string; line: number }[] }

const corpus = path.join(fixturesDir, 'oss', 'system');

async function risksOf(folder: string, cwd = corpus): Promise<Risk[]> {
  const { out } = await runCli(['threats', folder, '--format', 'json'], cwd);
  return (JSON.parse(out) as { risks: Risk[] }).risks;
}

/** `rule path` with each node's name, sorted. */
const described = (risks: Risk[]) => risks.map((r) => `${r.rule.slice('threat-'.length)} ${r.elements.map((e) => e.split(/[:/]/).pop()).join('>')}`).sort();
/** The lines of the risks of a rule whose path is this one. */
const linesOf = (risks: Risk[], rule: string, path: string) => risks.filter((r) => r.rule === `threat-${rule}` && r.elements.map((e) => e.split(/[:/]/).pop()).join('>') === path).flatMap((r) => r.sources.map((s) => `${s.file.slice(s.file.indexOf('/oss/system/') + '/oss/system/'.length)}:${s.line}`));

describe('threats: precision on five real repositories (issue #78)', function () {
  this.timeout(300_000);

  it("microservices-demo: 13 risks, all true (no missing-vault: it holds no secret, issue #95); the LoadBalancer frontend and the Redis cart behind it, its Istio Gateway in plaintext, its GKE cluster's public control plane", async () => {
    const risks = await risksOf('GoogleCloudPlatform+microservices-demo');
    assert.equal(risks.length, 13);
    assert.deepEqual(described(risks), [
      // Issue #95: terraform/main.tf's Autopilot cluster (the map's cluster, named by var.name's default), with no master_authorized_networks_config nor private endpoint.
      'cloud-hardening online-boutique',
      'missing-authentication checkoutservice>cartservice',
      'missing-authentication internet>frontend>cartservice',
      'missing-authentication internet>frontend>cartservice>redis-cart',
      'missing-authentication internet>frontend>checkoutservice',
      'unencrypted-asset internet>frontend>cartservice>redis-cart',
      'unencrypted-communication checkoutservice>cartservice',
      'unencrypted-communication internet>frontend',
      // Issue #95: istio-manifests/frontend-gateway.yaml's only server (HTTP on 80, hosts "*"; release/'s Gateway API twin, an HTTP listener).
      'unencrypted-communication internet>frontend-gateway',
      'unencrypted-communication internet>frontend>cartservice',
      'unencrypted-communication internet>frontend>cartservice>redis-cart',
      'unencrypted-communication internet>frontend>checkoutservice',
      'unguarded-access-from-internet internet>frontend',
    ]);
    assert.deepEqual(linesOf(risks, 'unencrypted-communication', 'internet>frontend-gateway'), ['GoogleCloudPlatform+microservices-demo/istio-manifests/frontend-gateway.yaml:23', 'GoogleCloudPlatform+microservices-demo/release/istio-manifests.yaml:41']);
    assert.deepEqual(linesOf(risks, 'unguarded-access-from-internet', 'internet>frontend').filter((l) => l.includes('/kubernetes-manifests/')), ['GoogleCloudPlatform+microservices-demo/kubernetes-manifests/frontend.yaml:130']);
    assert.deepEqual(linesOf(risks, 'cloud-hardening', 'online-boutique'), ['GoogleCloudPlatform+microservices-demo/terraform/main.tf:40']);
  });

  it("bank-of-anthos: 17 risks, all true; the bank's plaintext LoadBalancer and both databases on attack paths", async () => {
    const risks = await risksOf('GoogleCloudPlatform+bank-of-anthos');
    assert.equal(risks.length, 17);
    assert.deepEqual(described(risks), [
      'accidental-secret-leak workspace',
      'missing-vault internet>frontend>balancereader',
      'unencrypted-asset internet>frontend>balancereader>ledger-db',
      'unencrypted-asset internet>frontend>contacts>accounts-db',
      'unencrypted-communication internet>frontend',
      'unencrypted-communication internet>frontend>balancereader',
      'unencrypted-communication internet>frontend>balancereader>ledger-db',
      'unencrypted-communication internet>frontend>contacts',
      'unencrypted-communication internet>frontend>contacts>accounts-db',
      'unencrypted-communication internet>frontend>ledgerwriter',
      'unencrypted-communication internet>frontend>transactionhistory',
      'unencrypted-communication internet>frontend>userservice',
      'unencrypted-communication ledgerwriter>balancereader',
      'unencrypted-communication ledgerwriter>ledger-db',
      'unencrypted-communication transactionhistory>ledger-db',
      'unencrypted-communication userservice>accounts-db',
      'unguarded-access-from-internet internet>frontend',
    ]);
    assert.ok(linesOf(risks, 'unguarded-access-from-internet', 'internet>frontend').includes('GoogleCloudPlatform+bank-of-anthos/kubernetes-manifests/frontend.yaml:35'));
  });

  it("opentelemetry-demo: 35 risks, all true (its committed .env's three PostgreSQL passwords one of them); the AI agent and its MCP server call the shop as users do, the Envoy hop passes the session", async () => {
    const risks = await risksOf('open-telemetry+opentelemetry-demo');
    assert.equal(risks.length, 35);
    assert.deepEqual(described(risks), [
      'accidental-secret-leak workspace',
      'container-platform-escape containers',
      'missing-authentication accounting>kafka',
      'missing-authentication checkout>cart',
      'missing-authentication checkout>kafka',
      'missing-authentication checkout>product-catalog',
      'missing-authentication fraud-detection>kafka',
      'missing-authentication internet>frontend-proxy>frontend>cart',
      'missing-authentication internet>frontend-proxy>frontend>cart>valkey-cart',
      'missing-authentication internet>frontend-proxy>frontend>checkout',
      'missing-authentication internet>frontend-proxy>frontend>product-catalog',
      'missing-authentication internet>frontend-proxy>frontend>recommendation',
      'missing-authentication internet>prometheus',
      'missing-authentication recommendation>product-catalog',
      'missing-vault accounting',
      'unencrypted-asset internet>frontend-proxy>frontend>cart>valkey-cart',
      'unencrypted-asset internet>frontend-proxy>otel-collector>astronomy-db',
      'unencrypted-asset opensearch',
      // accounting's `DB_CONNECTION_STRING=Host=${POSTGRES_HOST};…` (compose.full.yaml), a connection string the map reads since map79f.
      'unencrypted-communication accounting>astronomy-db',
      'unencrypted-communication accounting>kafka',
      'unencrypted-communication checkout>cart',
      'unencrypted-communication checkout>kafka',
      'unencrypted-communication checkout>product-catalog',
      'unencrypted-communication fraud-detection>kafka',
      'unencrypted-communication internet>frontend-proxy',
      'unencrypted-communication internet>frontend-proxy',
      'unencrypted-communication internet>frontend-proxy>frontend',
      'unencrypted-communication internet>frontend-proxy>frontend>cart',
      'unencrypted-communication internet>frontend-proxy>frontend>cart>valkey-cart',
      'unencrypted-communication internet>frontend-proxy>frontend>checkout',
      'unencrypted-communication internet>frontend-proxy>frontend>product-catalog',
      'unencrypted-communication internet>frontend-proxy>frontend>recommendation',
      'unencrypted-communication product-catalog>astronomy-db',
      'unencrypted-communication recommendation>product-catalog',
      'unguarded-access-from-internet internet>prometheus',
    ]);
    // compose.yaml:722, flagd-ui's Phoenix `- SECRET_KEY_BASE=yYrE…`: Compose's list form `- KEY=value` is a literal too
    // (threats78e); the connection string interpolating `${POSTGRES_ASTRONOMY_PASSWORD}` (compose.full.yaml:32) is
    // that variable's line (.env:160), not its first variable's (`${POSTGRES_HOST}`, .env:157).
    assert.deepEqual(linesOf(risks, 'accidental-secret-leak', 'workspace').sort(), ['open-telemetry+opentelemetry-demo/.env:159', 'open-telemetry+opentelemetry-demo/.env:160', 'open-telemetry+opentelemetry-demo/.env:161', 'open-telemetry+opentelemetry-demo/compose.yaml:722']);
  });

  it("robot-shop: 40 risks (39 distinct), all true; its load generator is a client, the nginx hops pass the session; its Istio Gateway in plaintext; ratings' server-status", async () => {
    const risks = await risksOf('instana+robot-shop');
    assert.equal(risks.length, 40);
    assert.deepEqual(described(risks), [
      'container-platform-escape containers',
      // Issue #95: RabbitMQ's management published with the image's guest/guest.
      'default-credentials internet>rabbitmq',
      'missing-authentication cart>catalogue',
      // Issue #95: dispatch's and payment's `amqp://guest:guest@rabbitmq`, the management UI: a login everybody knows
      // (default-credentials above), not a missing one.
      'missing-authentication internet>web>cart>redis',
      'missing-authentication internet>web>catalogue>mongodb',
      // Issue #95: ratings/status.conf, copied by its Dockerfile, gives /server-status to anyone (`#Require local` commented
      // out, ExtendedStatus On); web's nginx proxies /api/ratings/ to ratings' root, so /api/ratings/server-status reaches it.
      'missing-authentication internet>web>ratings',
      'missing-authentication payment>cart',
      'missing-authentication payment>user',
      'missing-authentication ratings>catalogue',
      'missing-authentication shipping>cart',
      'missing-authentication user>mongodb',
      'missing-authentication user>redis',
      'missing-vault internet>web>cart',
      'unencrypted-asset internet>web>cart>redis',
      'unencrypted-asset internet>web>catalogue>mongodb',
      'unencrypted-asset internet>web>ratings>mysql',
      'unencrypted-communication cart>catalogue',
      'unencrypted-communication dispatch>rabbitmq',
      'unencrypted-communication internet>rabbitmq',
      // Issue #95: K8s/Istio/gateway.yaml's HTTP server on 80, hosts "*" (its route to web's FQDN the map does not resolve).
      'unencrypted-communication internet>robotshop-gateway',
      'unencrypted-communication internet>web',
      'unencrypted-communication internet>web',
      'unencrypted-communication internet>web>cart',
      'unencrypted-communication internet>web>cart>redis',
      'unencrypted-communication internet>web>catalogue',
      'unencrypted-communication internet>web>catalogue>mongodb',
      'unencrypted-communication internet>web>payment',
      'unencrypted-communication internet>web>ratings',
      'unencrypted-communication internet>web>ratings>mysql',
      'unencrypted-communication internet>web>shipping',
      'unencrypted-communication internet>web>user',
      'unencrypted-communication payment>cart',
      'unencrypted-communication payment>rabbitmq',
      'unencrypted-communication payment>user',
      'unencrypted-communication ratings>catalogue',
      'unencrypted-communication shipping>cart',
      'unencrypted-communication shipping>mysql',
      'unencrypted-communication user>mongodb',
      'unencrypted-communication user>redis',
      'unguarded-access-from-internet internet>rabbitmq',
    ]);
    assert.deepEqual(linesOf(risks, 'unencrypted-communication', 'internet>web').sort(), ['instana+robot-shop/K8s/helm/templates/web-service.yaml:15', 'instana+robot-shop/docker-compose.yaml:155']);
  });

  it("Sock Shop: 34 risks (33 distinct), all true (missing-waf, rules78's, on its two ways in; the edge-router's two plaintext published ports; shipping's and queue-master's AMQP in clear, issue #95); the front-end's NodePort and its five stores on attack paths", async () => {
    const risks = await risksOf('microservices-demo+microservices-demo');
    assert.equal(risks.length, 34);
    assert.deepEqual(described(risks), [
      'accidental-secret-leak workspace',
      'container-platform-escape containers',
      'missing-authentication internet>front-end>carts',
      'missing-authentication internet>front-end>carts>carts-db',
      'missing-authentication internet>front-end>catalogue',
      'missing-authentication internet>front-end>catalogue>catalogue-db',
      'missing-authentication internet>front-end>orders',
      'missing-authentication internet>front-end>orders>orders-db',
      'missing-authentication internet>front-end>session-db',
      'missing-authentication internet>front-end>user',
      'missing-authentication internet>front-end>user>user-db',
      'missing-vault internet>front-end>carts',
      'missing-waf internet>edge-router',
      'missing-waf internet>front-end',
      'unencrypted-asset internet>front-end>carts>carts-db',
      'unencrypted-asset internet>front-end>catalogue>catalogue-db',
      'unencrypted-asset internet>front-end>orders>orders-db',
      'unencrypted-asset internet>front-end>session-db',
      'unencrypted-asset internet>front-end>user>user-db',
      'unencrypted-communication internet>edge-router',
      'unencrypted-communication internet>edge-router',
      'unencrypted-communication internet>front-end',
      'unencrypted-communication internet>front-end>carts',
      'unencrypted-communication internet>front-end>carts>carts-db',
      'unencrypted-communication internet>front-end>catalogue',
      'unencrypted-communication internet>front-end>catalogue>catalogue-db',
      'unencrypted-communication internet>front-end>orders',
      'unencrypted-communication internet>front-end>orders>orders-db',
      'unencrypted-communication internet>front-end>orders>shipping>rabbitmq',
      'unencrypted-communication internet>front-end>session-db',
      'unencrypted-communication internet>front-end>user',
      'unencrypted-communication internet>front-end>user>user-db',
      'unencrypted-communication queue-master>rabbitmq',
      'unguarded-access-from-internet internet>front-end',
    ]);
    assert.deepEqual(linesOf(risks, 'unguarded-access-from-internet', 'internet>front-end'), ['microservices-demo+microservices-demo/deploy/kubernetes/complete-demo.yaml:313']);
    // A plaintext published port straight to a proxy carries its users' requests and session (issue #78, threats78d).
    assert.deepEqual(linesOf(risks, 'unencrypted-communication', 'internet>edge-router').sort(), ['microservices-demo+microservices-demo/deploy/docker-compose/docker-compose.yml:14', 'microservices-demo+microservices-demo/deploy/docker-compose/docker-compose.yml:15']);
  });

  // Held out (threats78e): systems nobody tuned the rules on, judged before any change (docs/threats.md, "Held out").
  it("held out, eShopOnContainers: 157 risks (147 distinct; the two Envoy gateways' admin listeners published (envoy.yaml's port 8001 as 15200 and 15202: unguarded, unauthenticated, x95s); RabbitMQ's guest/guest on its published management port, issue #95) — the services' calls to SQL Server, RabbitMQ and the basket Redis the map reads from their connection strings (map79f) carry those stores' data to every caller, in plaintext (`Encrypt=False`, amqp, redis); the cache link without credentials (SQL Server always asks for its `sa` login, written in the strings; RabbitMQ for a user, guest/guest being its default-credentials finding); the `- KEY=value` passwords are secrets", async () => {
    const risks = await risksOf('dotnet-architecture+eShopOnContainers');
    assert.equal(risks.length, 157);
    assert.equal(new Set(described(risks)).size, 147);
    // The links the map now reads (issue #79, map79f): `ConnectionString=Server=sqldata;…;Encrypt=False`, `EventBusConnection=rabbitmq`, `ConnectionString=basketdata`.
    const stores = [
      'basket-api>basketdata', 'basket-api>rabbitmq', 'catalog-api>rabbitmq', 'catalog-api>sqldata', 'identity-api>sqldata', 'ordering-api>rabbitmq', 'ordering-api>sqldata',
      'ordering-backgroundtasks>rabbitmq', 'ordering-backgroundtasks>sqldata', 'ordering-signalrhub>rabbitmq', 'payment-api>rabbitmq', 'webhooks-api>rabbitmq', 'webhooks-api>sqldata',
    ];
    assert.deepEqual([...new Set(described(risks))].filter((r) => /(sqldata|rabbitmq|basketdata)$/.test(r) && !r.includes('internet')), ['missing-authentication basket-api>basketdata', ...stores.map((l) => `unencrypted-communication ${l}`)]);
    const distinct = new Set(described(risks));
    for (const kept of ['accidental-secret-leak workspace', ...['basketdata', 'nosqldata', 'seq', 'mobileshoppingapigw', 'webshoppingapigw'].map((n) => `missing-authentication internet>${n}`), 'default-credentials internet>rabbitmq', 'unguarded-access-from-internet internet>webshoppingapigw', 'unencrypted-asset internet>basketdata', 'unencrypted-asset internet>nosqldata', 'unguarded-direct-datastore-access internet>basketdata']) {
      assert.ok(distinct.has(kept), kept);
    }
    const override = 'dotnet-architecture+eShopOnContainers/src/docker-compose.override.yml';
    // SA_PASSWORD=Pass@word, the five ADO.NET connection strings' Password=Pass@word, the webhooks client's Token.
    assert.deepEqual(linesOf(risks, 'accidental-secret-leak', 'workspace').sort(), [18, 47, 85, 108, 133, 167, 305].map((l) => `${override}:${l}`).sort());
    assert.deepEqual(linesOf(risks, 'missing-authentication', 'internet>seq'), [`${override}:14`]);
  });

  it("held out, Bookinfo: 8 risks, all true — the productpage NodePort in plaintext, ratings-v2's MongoDB without authentication, ratings-v2-mysql's MySQL (MYSQL_DB_HOST + MYSQL_DB_PORT, map79f) in plaintext, the Secret and the password written in the files", async () => {
    const risks = await risksOf('istio+istio');
    assert.deepEqual(described(risks), [
      'accidental-secret-leak workspace',
      'missing-authentication ratings-v2>mongodb-v1',
      'missing-vault mongodb-v1',
      'unencrypted-asset mongodb-v1',
      'unencrypted-asset mysqldb-v1',
      'unencrypted-communication internet>productpage-v1',
      'unencrypted-communication ratings-v2-mysql>mysqldb-v1',
      'unencrypted-communication ratings-v2>mongodb-v1',
    ]);
    assert.deepEqual(linesOf(risks, 'unencrypted-communication', 'internet>productpage-v1'), ['istio+istio/samples/bookinfo/platform/kube/productpage-nodeport.yaml:26']);
    assert.deepEqual(linesOf(risks, 'accidental-secret-leak', 'workspace').sort(), ['istio+istio/samples/bookinfo/platform/kube/bookinfo-mysql.yaml:25', 'istio+istio/samples/bookinfo/platform/kube/bookinfo-ratings-v2-mysql.yaml:53']);
  });

  it("held out, AtSea: 12 risks (10 distinct), all true — its Docker secrets kept as files of the repository are secrets written in it, on their `file:` lines", async () => {
    const risks = await risksOf('dockersamples+atsea-sample-shop-app');
    assert.equal(risks.length, 12);
    assert.deepEqual([...new Set(described(risks))], [
      'accidental-secret-leak workspace',
      'missing-vault internet>appserver',
      'missing-waf internet>appserver',
      'unencrypted-asset internet>database',
      'unencrypted-communication appserver>database',
      'unencrypted-communication internet>appserver',
      'unencrypted-communication internet>database',
      'unguarded-access-from-internet internet>appserver',
      'unguarded-access-from-internet internet>database',
      'unguarded-direct-datastore-access internet>database',
    ]);
    assert.deepEqual(linesOf(risks, 'accidental-secret-leak', 'workspace'), ['dockersamples+atsea-sample-shop-app/docker-compose.yml:55', 'dockersamples+atsea-sample-shop-app/docker-compose.yml:57']);
  });

  it("by rule, on a planted stack: a proxy hop, a client, one network or two", async () => {
    const stack = (networks: boolean) => [
      'services:',
      '  proxy:',
      ...(networks ? ['    networks: [front, back]'] : []),
      '    image: nginx:1.27',
      '    ports:',
      '      - "80:80"',
      '    environment:',
      '      UPSTREAM: http://shop:8080',
      '  shop:',
      ...(networks ? ['    networks: [back]'] : []),
      '    image: ghcr.io/example/shop:1.0',
      '    environment:',
      '      DB_URL: postgres://shop:${PW}@db:5432/shop',
      '  bot:',
      ...(networks ? ['    networks: [front]'] : []),
      '    image: ghcr.io/example/shopping-bot:1.0',
      '    environment:',
      '      SHOP_URL: http://shop:8080',
      '  admin:',
      ...(networks ? ['    networks: [back]'] : []),
      '    image: ghcr.io/example/admin:1.0',
      '  db:',
      ...(networks ? ['    networks: [back]'] : []),
      '    image: postgres:16',
      ...(networks ? ['networks:', '  front: {}', '  back: {}'] : []),
      '',
    ].join('\n');
    const tree = makeTree({ 'one/compose.yaml': stack(false), 'two/compose.yaml': stack(true) });
    try {
      // The proxy's hop to the shop carries its users' session: plaintext (with that session), not missing authentication.
      // The bot, which nothing calls and which calls only the shop users reach, is no part of the system. One network:
      // no missing segmentation; two, the database beside an admin it never talks to: one.
      const common = ['missing-vault internet>proxy>shop>db', 'unencrypted-asset internet>proxy>shop>db', 'unencrypted-communication internet>proxy', 'unencrypted-communication internet>proxy>shop', 'unencrypted-communication internet>proxy>shop>db'];
      assert.deepEqual(described(await risksOf('one', tree.root)), common);
      const two = await risksOf('two', tree.root);
      assert.deepEqual(described(two), [...common, 'missing-network-segmentation internet>proxy>shop>db', 'missing-waf internet>proxy>shop'].sort());
      assert.deepEqual(two.find((r) => r.rule === 'threat-missing-network-segmentation')!.sources.map((s) => `${s.file}:${s.line}`), ['compose.yaml:22']);
    } finally {
      tree.remove();
    }
  });
});
