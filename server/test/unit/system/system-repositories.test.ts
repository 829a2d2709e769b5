// The system map of real repositories nobody here wrote (issue #64; server/test/fixtures/oss/system,
// SOURCES.md there), against what their READMEs and deploy tools say: one box per component however
// many ways it is deployed, kinds and runtimes from the evidence, the users' way in and the exposures,
// and an empty map that says where the architecture is. The truths are in /work/notes/r64-baseline.md's
// terms: microservices-demo's 17 gRPC/HTTP calls, bank-of-anthos's two PostgreSQL stores, robot-shop's
// 13 components deployed by Compose, two sub-projects and a Helm chart.
import assert from 'node:assert/strict';
import { systemFindings } from '../../../src/system/checks';
import { emptyMap, systemDrawer } from '../../../src/system/diagram';
import { runCli } from '../../cliRun';
import { copyTree } from '../../tempdir';
import path from 'node:path';
import { calls, corpus, repository } from './repositories';

/** The boxes of the containers view: name → kind and technology. */
function boxes(graph: { nodes: { kind: string; name: string; technology?: string }[] }): Record<string, string> {
  return Object.fromEntries(graph.nodes.filter((n) => n.kind !== 'person' && n.kind !== 'external').map((n) => [n.name, `${n.kind} ${n.technology ?? '-'}`]));
}

describe('System map of real repositories (issue #64)', () => {
  it('microservices-demo whole — manifests, release, kustomize base and components, Helm chart: one box per service, with its runtime', async () => {
    const { view } = await repository('GoogleCloudPlatform+microservices-demo');
    const containers = view('containers');
    const names = containers.nodes.filter((n) => n.kind !== 'person').map((n) => n.name);
    assert.equal(new Set(names).size, names.length, `a name twice: ${names.join(', ')}`);
    assert.deepEqual(boxes(containers), {
      adservice: 'service Java',
      cartservice: 'service .NET',
      checkoutservice: 'service Go',
      currencyservice: 'service Node.js',
      emailservice: 'service Python',
      frontend: 'service Go',
      loadgenerator: 'service Python',
      opentelemetrycollector: 'service OpenTelemetry Collector',
      paymentservice: 'service Node.js',
      productcatalogservice: 'service Go',
      recommendationservice: 'service Python',
      'redis-cart': 'cache Redis',
      shippingservice: 'service Go',
      shoppingassistantservice: 'service Python',
    });
    // Each deployed by the manifests (kubernetes-manifests/ and release/ say the same objects), the chart, kustomize's base
    // rendered and its three test overlays: the manifests skaffold deploys are the main deployment, their lines first.
    const frontend = containers.nodes.find((n) => n.name === 'frontend')!;
    assert.deepEqual(frontend.members.map((id) => id.replace(/@file:\/\/.*\+microservices-demo\//, '@')), [
      'k8s:Deployment//frontend',
      'k8s:Deployment/default/frontend',
      'k8s:Deployment//frontend@kustomize',
      'k8s:Deployment//frontend@kustomize/tests/memorystore-with-all-components',
      'k8s:Deployment//frontend@kustomize/tests/service-mesh-istio-with-all-components',
      'k8s:Deployment//frontend@kustomize/tests/spanner-with-all-components',
    ]);
    assert.match(frontend.sources[0].uri, /\/kubernetes-manifests\/frontend\.yaml$/);
    assert.ok(frontend.sources.some((s) => /\/helm-chart\/templates\/frontend\.yaml$/.test(s.uri)));
    // The README's 17 calls, once each (the manifests and the chart say each of them), the users through the LoadBalancer,
    // and the seven services' traces to the collector that kustomize's google-cloud-operations component patches in.
    assert.deepEqual(calls(containers), [
      'Users → frontend',
      'cartservice → redis-cart',
      'checkoutservice → cartservice',
      'checkoutservice → currencyservice',
      'checkoutservice → emailservice',
      'checkoutservice → opentelemetrycollector',
      'checkoutservice → paymentservice',
      'checkoutservice → productcatalogservice',
      'checkoutservice → shippingservice',
      'currencyservice → opentelemetrycollector',
      'emailservice → opentelemetrycollector',
      'frontend → adservice',
      'frontend → cartservice',
      'frontend → checkoutservice',
      'frontend → currencyservice',
      'frontend → opentelemetrycollector',
      'frontend → productcatalogservice',
      'frontend → recommendationservice',
      'frontend → shippingservice',
      'frontend → shoppingassistantservice',
      'loadgenerator → frontend',
      'paymentservice → opentelemetrycollector',
      'productcatalogservice → opentelemetrycollector',
      'recommendationservice → opentelemetrycollector',
      'recommendationservice → productcatalogservice',
    ]);
    // The deployment view draws each instance: the frontend in the cluster the manifests and kustomize's renders go to — each
    // render a group of the cluster named by its kustomization (issue #79) — and in the chart's namespace. The CI's test
    // kustomizations are the delivery view's (system-delivery.test.ts).
    const deployment = view('deployment');
    const instances = deployment.nodes.filter((n) => n.component === frontend.id);
    assert.deepEqual(instances.map((n) => n.group).sort(), [
      'k8s:cluster#kustomize:kubernetes-manifests',
      'k8s:cluster#kustomize:kustomize',
      'k8s:namespace/default',
    ]);
    assert.deepEqual(
      deployment.groups.filter((g) => g.parent === 'k8s:cluster').map((g) => `${g.name}${g.variant ? ' [variant]' : ''}`),
      ['kubernetes-manifests (kustomize)', 'kustomize (kustomize)', 'kubernetes-manifests (manifests)', 'shopping-assistant (manifests, variant) [variant]'],
    );
    assert.ok(instances.every((n) => n.name === 'frontend' && n.resource === 'Deployment'));
  });

  it('bank-of-anthos: accounts-db and ledger-db are PostgreSQL stores (built FROM postgres, called over PostgreSQL); the users come in by the frontend\'s LoadBalancer only, the extras\' NodePorts are variants', async () => {
    const { view, model, index } = await repository('GoogleCloudPlatform+bank-of-anthos');
    const containers = view('containers');
    const all = boxes(containers);
    assert.equal(all['accounts-db'], 'datastore PostgreSQL');
    assert.equal(all['ledger-db'], 'datastore PostgreSQL');
    assert.deepEqual(Object.keys(all).sort(), [
      'accounts-db', 'balancereader', 'blackbox-exporter', 'contacts', 'frontend',
      // Its delivery pipeline's Cloud Storage buckets (iac/) are the delivery view's (issue #79: system-delivery.test.ts).
      'ledger-db', 'ledgerwriter', 'loadgenerator',
      'module.cloudsql_production', 'module.cloudsql_staging', 'pgpool-operator', 'populate-accounts-db', 'populate-ledger-db', 'transactionhistory', 'userservice',
    ]);
    assert.deepEqual(calls(containers).filter((c) => c.startsWith('Users')), ['Users → frontend']);
    // Every service reads its addresses from ConfigMaps it takes whole (envFrom): the keys its code names (issue #79:
    // `os.environ.get('BALANCES_API_ADDR')`, `@Value("http://${BALANCES_API_ADDR}/balances")`, Spring's `SPRING_DATASOURCE_URL`)
    // make those calls certain — the README's 12, solid — and the keys it names nowhere (ledgerwriter's CONTACTS_API_ADDR…) none.
    assert.deepEqual(calls(containers), [
      'Users → frontend',
      'balancereader → ledger-db', 'contacts → accounts-db',
      'frontend → balancereader', 'frontend → contacts', 'frontend → ledgerwriter', 'frontend → transactionhistory', 'frontend → userservice',
      'ledgerwriter → balancereader', 'ledgerwriter → ledger-db', 'loadgenerator → frontend', 'transactionhistory → ledger-db', 'userservice → accounts-db',
    ]);
    assert.deepEqual(calls(containers, 'may-call'), []);
    // The ConfigMap's line and the code's line naming the key, both: why the call is certain.
    const balances = containers.edges.find((e) => e.kind === 'calls' && e.from.includes('ledgerwriter') && e.to.includes('balancereader'))!;
    const lines = balances.sources.map((s) => `${s.uri.replace(/.*\+bank-of-anthos\//, '')}:${s.range.start.line + 1}`);
    for (const line of ['kubernetes-manifests/config.yaml:29', 'src/ledger/ledgerwriter/src/main/java/anthos/samples/bankofanthos/ledgerwriter/LedgerWriterApplication.java:49']) assert.ok(lines.includes(line), `${line} in ${lines.join(', ')}`);
    // The StatefulSet is the resource, not the technology.
    assert.equal(containers.nodes.find((n) => n.name === 'accounts-db')?.resource, 'StatefulSet');
    // A store's published port would be an exposure; bank-of-anthos publishes none.
    assert.deepEqual([...systemFindings(model, index).values()].flat().filter((f) => f.code === 'system-exposed-store'), []);
  });

  it('robot-shop — Compose, two Compose sub-projects and a Helm chart: one box per component, the stores by their FROM, the dev sub-projects\' broker ports an exposure, not a user call', async () => {
    const { view, model, index } = await repository('instana+robot-shop');
    const containers = view('containers');
    const names = containers.nodes.filter((n) => n.kind !== 'person').map((n) => n.name);
    assert.equal(new Set(names).size, names.length, `a name twice: ${names.join(', ')}`);
    assert.deepEqual(boxes(containers), {
      cart: 'service Node.js',
      catalogue: 'service Node.js',
      dispatch: 'service Go',
      fluentd: 'service Fluentd',
      // docker-compose-load.yaml, a Compose file by its dashed name since issue #95, builds it from load-gen/ (`FROM python:3.9`).
      load: 'service Python',
      mongodb: 'datastore MongoDB',
      mysql: 'datastore MySQL',
      payment: 'service Python',
      'payment-fix': 'service -',
      rabbitmq: 'broker RabbitMQ',
      ratings: 'service PHP',
      redis: 'cache Redis',
      shipping: 'service Java',
      user: 'service Node.js',
      web: 'service NGINX',
    });
    // payment: the root project, both sub-projects, the chart.
    assert.equal(containers.nodes.find((n) => n.name === 'payment')?.members.length, 4);
    assert.deepEqual(calls(containers).filter((c) => c.startsWith('Users')), ['Users → web']);
    const exposures = [...systemFindings(model, index).entries()].flatMap(([uri, list]) => list.filter((f) => f.code === 'system-exposed-store').map((f) => `${path.relative(corpus, decodeURIComponent(new URL(uri).pathname))}:${f.range.start.line + 1} ${f.message}`));
    assert.deepEqual(exposures, [
      "instana+robot-shop/dispatch/docker-compose.yaml:7 rabbitmq (RabbitMQ) publishes port 15672 on the host's network: its clients reach it on the project's network. Remove the published port, or bind it to 127.0.0.1 for local tools.",
      "instana+robot-shop/payment/docker-compose.yaml:7 rabbitmq (RabbitMQ) publishes port 15672 on the host's network: its clients reach it on the project's network. Remove the published port, or bind it to 127.0.0.1 for local tools.",
    ]);
  });

  it('opentelemetry-demo: one box per Compose service across the compose*.yaml layers; the users by the proxy only', async () => {
    const { view } = await repository('open-telemetry+opentelemetry-demo');
    const names = view('containers').nodes.filter((n) => n.kind !== 'person').map((n) => n.name);
    assert.equal(new Set(names).size, names.length);
    // 33 services and local-llm.com, the external model server its .env names.
    assert.equal(names.length, 35);
    assert.ok(names.includes('local-llm.com'));
    // Ports written `${ENVOY_PORT}:${ENVOY_PORT}`, their values in .env (as docker compose config resolves them), never `:0`.
    const users = view('containers').nodes.find((n) => n.kind === 'person')!;
    const labels = view('containers').edges.filter((e) => e.from === users.id).map((e) => e.label);
    assert.deepEqual(labels, [':8080, :10000', ':9090']);
    // Prometheus's published UI is an operator's way in: reached, dashed; the users' call is the proxy's alone.
    assert.deepEqual(view('containers').edges.filter((e) => e.from === users.id && e.kind === 'calls').map((e) => e.label), [':8080, :10000']);
    // The users come in by the Envoy proxy; prometheus's published port is an operator's (Grafana's datasource queries it).
    assert.deepEqual(calls(view('containers')).filter((c) => c.startsWith('Users')), ['Users → frontend-proxy']);
  });

  it('dotnet/eShop: no component — the message names what was read and the .NET Aspire AppHost Archipel does not read, and the CLI exits 1 with it on stderr and nothing on stdout', async () => {
    const { index, contributors } = await repository('dotnet+eShop');
    const said = emptyMap(index, contributors, []);
    assert.match(said ?? '', /^No component found: Archipel read \d+ files \(.*\) and none runs, builds or deploys a program/);
    assert.match(said ?? '', /a \.NET Aspire AppHost \(eShop\.AppHost\/Program\.cs\)/);
    assert.throws(() => systemDrawer.formats!.mermaid({ index, settings: undefined as never, scopes: [], root: '', system: contributors, fileOf: (u) => u }), /No component found/);
    const tree = copyTree(path.join(corpus, 'dotnet+eShop'));
    try {
      const run = await runCli(['diagram', 'system'], tree.root);
      assert.equal(run.code, 1);
      assert.equal(run.out, '');
      assert.match(run.err, /^archipel diagram: No component found: .*a \.NET Aspire AppHost \(eShop\.AppHost\/(Program\.cs|eShop\.AppHost\.csproj)\)/);
    } finally {
      tree.remove();
    }
  });
});
