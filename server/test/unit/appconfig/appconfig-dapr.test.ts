// Dapr's calls (issue #95): a component's address (pub/sub, state, bindings) drawn from the applications whose sidecar loads it
// (Compose: the folder mounted at `-components-path`; Kubernetes: applied beside the manifest, or in a folder beside it naming its namespace), its `scopes`
// respected; an app id called by code or by a proxy (`CreateInvokeHttpClient`, `/v1.0/invoke/<id>/method/`) drawn to the
// application running under that id. Reductions of two real systems (server/test/fixtures/oss/dapr, SOURCES.md there).
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { daprInvocations, readDaprComponents } from '../../../src/appconfig/dapr';
import { parseYamlFile } from '../../../src/yaml/model';
import { fixturesDir } from '../../helpers';
import { makeTree, readTree } from '../../tempdir';
import { calls, mapCalls, repository } from '../system/repositories';
import type { SystemViewGraph } from '../../../src/system/views';

const dapr = path.join(fixturesDir, 'oss', 'dapr');

/** A call's label and its sources (`file:line` below the fixture). */
function described(graph: SystemViewGraph, from: string, to: string): { label: string; lines: string[] } {
  const name = new Map(graph.nodes.map((n) => [n.id, n.name]));
  const edge = graph.edges.find((e) => e.kind === 'calls' && name.get(e.from) === from && name.get(e.to) === to);
  assert.ok(edge, `${from} → ${to}`);
  return { label: edge.label, lines: edge.sources.map((s) => `${s.uri.replace(/.*\/oss\/dapr\/[^/]+\//, '')}:${s.range.start.line + 1}`) };
}

function components(text: string): string[] {
  return readDaprComponents(text, parseYamlFile(text).chunks.map(({ offset, chunk }) => ({ offset, tree: chunk.tree })))
    .map((c) => `${c.name} ${c.type} [${c.scopes.join(',')}]: ${c.calls.map((call) => `${call.scheme ?? ''}://${call.host}:${call.port ?? ''} [${text.slice(call.start, call.end)}]`).join(' ')}`);
}

describe('Dapr: the calls a sidecar makes (issue #95)', () => {
  it('dapr-traffic-control (Kubernetes): the MQTT, state, pub/sub and SMTP components by scope, and the service invocation by app id', async () => {
    const { view } = await repository('EdwinVW+dapr-traffic-control', dapr);
    const containers = view('containers');
    // Documented (README.md:39-63): the traffic control service reads the cameras over MQTT, keeps state in Redis, publishes to
    // RabbitMQ; the fine collection service subscribes, calls the vehicle registration service and sends mail over SMTP.
    assert.deepEqual(calls(containers).filter((c) => !c.startsWith('Users')), [
      'finecollectionservice → mailserver', 'finecollectionservice → rabbitmq', 'finecollectionservice → vehicleregistrationservice',
      'trafficcontrolservice → mosquitto', 'trafficcontrolservice → rabbitmq', 'trafficcontrolservice → redis',
    ]);
    assert.deepEqual(described(containers, 'trafficcontrolservice', 'mosquitto'), { label: 'MQTT :1883', lines: ['src/k8s/entrycam.yaml:11', 'src/k8s/exitcam.yaml:11', 'src/k8s/mosquitto.yaml:43'] });
    assert.equal(described(containers, 'trafficcontrolservice', 'redis').lines[0], 'src/k8s/state-redis.yaml:11');
    assert.deepEqual(described(containers, 'finecollectionservice', 'mailserver').label, 'SMTP :25');
    assert.equal(described(containers, 'finecollectionservice', 'mailserver').lines[0], 'src/k8s/email.yaml:11');
    assert.deepEqual(described(containers, 'finecollectionservice', 'vehicleregistrationservice').lines, ['src/FineCollectionService/Program.cs:14']);
  });

  it('eShopOnDapr (Compose): the sidecars load ./dapr/components; the calls are the apps\', the gateway\'s Envoy routes to app ids', async () => {
    const { view } = await repository('dapr+eShopOnDapr', dapr);
    const containers = view('containers');
    const made = calls(containers);
    // The pub/sub has no scopes: every sidecar loading the folder connects; the state store is basket's and ordering's, the mail binding ordering's.
    for (const call of ['basket-api → rabbitmq', 'ordering-api → rabbitmq', 'webshoppingapigw → rabbitmq', 'basket-api → redis', 'ordering-api → redis', 'ordering-api → maildev', 'webshoppingapigw → basket-api']) assert.ok(made.includes(call), call);
    assert.ok(!made.includes('basket-api → maildev'), 'the mail binding is scoped to ordering-api');
    assert.ok(!made.includes('webshoppingapigw → redis'), 'the state store is scoped to basket-api and ordering-api');
    // Never from the sidecar.
    assert.deepEqual(made.filter((c) => c.startsWith('basket-api-dapr') || c.startsWith('ordering-api-dapr')), []);
    assert.deepEqual(described(containers, 'basket-api', 'rabbitmq'), { label: 'AMQP :5672', lines: ['dapr/components/eshop-pubsub.yaml:11'] });
    // Its `depends_on: [redis]` joins the call it now is.
    assert.deepEqual(described(containers, 'basket-api', 'redis').lines, ['dapr/components/eshop-statestore.yaml:11', 'docker-compose.yml:20']);
    assert.equal(described(containers, 'ordering-api', 'maildev').label, 'SMTP :1025');
    assert.deepEqual(described(containers, 'webshoppingapigw', 'basket-api').lines, ['src/ApiGateways/Envoy/envoy.yaml:81', 'src/ApiGateways/Envoy/envoy.yaml:88']);
  });

  it('a component: its type, scopes and the addresses of its metadata (a URL, host:port, a host with its port); templated values none', () => {
    const text = [
      'apiVersion: dapr.io/v1alpha1', 'kind: Component', 'metadata:', '  name: mail', 'spec:', '  type: bindings.smtp', '  metadata:',
      '  - name: host', '    value: mailserver', '  - name: port', '    value: 25', '  - name: user', '    secretKeyRef:', '      name: s', '      key: u',
      'scopes:', '  - finecollectionservice', '---',
      'apiVersion: dapr.io/v1alpha1', 'kind: Component', 'metadata:', '  name: kafka', 'spec:', '  type: pubsub.kafka', '  metadata:',
      '  - name: brokers', '    value: "kafka:9092"', '  - name: consumerGroup', '    value: group:1', '---',
      'apiVersion: dapr.io/v1alpha1', 'kind: Component', 'metadata:', '  name: templated', 'spec:', '  type: state.redis', '  metadata:',
      '  - name: redisHost', '    value: "{{ .Values.redis }}:6379"', '---',
      'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: not-a-component', '',
    ].join('\n');
    assert.deepEqual(components(text), [
      'mail bindings.smtp [finecollectionservice]: smtp://mailserver:25 [mailserver]',
      'kafka pubsub.kafka []: kafka://kafka:9092 [kafka:9092]',
      'templated state.redis []: ',
    ]);
  });

  it('service invocation: the app id of a client, a method call, an invoke path, a header; other strings none', () => {
    const found = (text: string) => daprInvocations(text, 0).map((call) => `${call.host} [${text.slice(call.start, call.end)}]`);
    assert.deepEqual(found('var client = DaprClient.CreateInvokeHttpClient(\n    "vehicleregistrationservice", $"http://localhost:{port}");'), ['vehicleregistrationservice [vehicleregistrationservice]']);
    assert.deepEqual(found('await _dapr.InvokeMethodAsync<Basket>(HttpMethod.Get, "basket-api", "api/v1/basket");'), ['basket-api [basket-api]']);
    assert.deepEqual(found('prefix_rewrite: "/v1.0/invoke/webshoppingagg/method/"'), ['webshoppingagg [webshoppingagg]']);
    assert.deepEqual(found('headers: { "dapr-app-id": "cart" }'), ['cart [cart]']);
    assert.deepEqual(found('const url = "http://localhost:3500/v1.0/state/statestore"; console.log("invoke me");'), []);
    // The sidecar's invocation base held in a variable (distributed-calculator's server.js:13, 27), a Python f-string, a concatenation.
    assert.deepEqual(found('const daprUrl = `http://localhost:${daprPort}/v1.0/invoke`;\nawait axios.post(`${daprUrl}/addapp/method/add`, req.body);'), ['addapp [addapp]']);
    assert.deepEqual(found('dapr_url = f"http://localhost:{dapr_port}/v1.0/invoke"\nrequests.post(f"{dapr_url}/multiplyapp/method/multiply")'), ['multiplyapp [multiplyapp]']);
    assert.deepEqual(found('var base = "http://localhost:3500/v1.0/invoke/";\nfetch(base + "/divideapp/method/divide")'), ['divideapp [divideapp]']);
    // Another variable's template, or a base that is not the sidecar's: none.
    assert.deepEqual(found('const daprUrl = `http://localhost:${daprPort}/v1.0/invoke`;\naxios.post(`${otherUrl}/addapp/method/add`);'), []);
    assert.deepEqual(found('const apiUrl = `http://localhost:8080/api`; // invoke\naxios.post(`${apiUrl}/addapp/method/add`);'), []);
    // The app id held in a constant (Azure/reddog-code's C# services, MIT: `private const string OrderServiceDaprId = "order-service";`).
    assert.deepEqual(found('private const string OrderServiceDaprId = "order-service";\n  await _daprClient.InvokeMethodAsync<CustomerOrder>(HttpMethod.Post, OrderServiceDaprId, "order", order);'), ['order-service [OrderServiceDaprId]']);
    assert.deepEqual(found('static final String ORDERS = "orders";\n  client.invokeMethod(ORDERS, "create", order, HttpExtension.POST).block();'), ['orders [ORDERS]']);
    // A constant no invocation names, or one that is no id: none.
    assert.deepEqual(found('private const string OrderServiceDaprId = "order-service";\n  await _daprClient.InvokeMethodAsync(HttpMethod.Post, OtherId, "order");'), []);
    assert.deepEqual(found('const string Topic = "Orders";\n  await _daprClient.InvokeMethodAsync(HttpMethod.Post, Topic, "x");'), []);
  });

  it('distributed-calculator (Kubernetes): the front end invokes the four operator apps through the sidecar\'s base URL variable', async () => {
    const { view } = await repository('dapr+quickstarts-distributed-calculator', dapr);
    const containers = view('containers');
    const made = calls(containers);
    // Documented (README.md:525, 626-640): the front-end server calls each operation's app through Dapr.
    for (const app of ['addapp', 'subtractapp', 'multiplyapp', 'divideapp']) assert.ok(made.includes(`calculator-front-end → ${app}`), `${app}: ${made.join(', ')}`);
    assert.deepEqual(described(containers, 'calculator-front-end', 'addapp').lines, ['react-calculator/server.js:27']);
    assert.deepEqual(described(containers, 'calculator-front-end', 'divideapp').lines, ['react-calculator/server.js:64']);
  });

  it('distributed-calculator: the folder react-calculator/ is the code of the one image named `…-react-calculator`, of none when two are', async () => {
    const tree = makeTree(readTree(path.join(dapr, 'dapr+quickstarts-distributed-calculator')));
    try {
      const manifest = path.join(tree.root, 'deploy', 'react-calculator.yaml');
      writeFileSync(manifest, `${readFileSync(manifest, 'utf8')}\n---\n${readFileSync(manifest, 'utf8').replace(/calculator-front-end/g, 'calculator-back-office').replace('distributed-calculator-react-calculator', 'other-react-calculator')}`);
      const made = calls((await repository(path.basename(tree.root), path.dirname(tree.root))).view('containers'));
      assert.ok(made.includes('Users → calculator-back-office'), made.join(', '));
      assert.deepEqual(made.filter((call) => !call.startsWith('Users')), []);
    } finally {
      tree.remove();
    }
  });

  it("coolstore (Compose): each sidecar's `-placement-host-address placement:50006` is the sidecar's gRPC call to the placement service", async () => {
    const { view } = await repository('vietnam-devs+coolstore-microservices', dapr);
    const containers = view('containers');
    assert.deepEqual(calls(containers).filter((c) => !c.startsWith('Users')), ['productcatalogapp-dapr → placement', 'shoppingcartapp-dapr → placement']);
    assert.deepEqual(described(containers, 'shoppingcartapp-dapr', 'placement'), { label: 'gRPC :50006', lines: ['docker-compose.yml:45'] });
    // A command given as one string, the flag's value after `=`: the same call, on its word.
    const string = mapCalls({
      'docker-compose.yml': 'services:\n  app:\n    image: app\n  app-dapr:\n    image: daprio/daprd\n    command: ./daprd -app-id app --placement-host-address=placement:50005\n    network_mode: "service:app"\n  placement:\n    image: daprio/dapr\n',
    }, true);
    assert.deepEqual(string, ['app-dapr → placement gRPC :50005']);
  });

  it("Red Dog (Kubernetes): a component naming the applications' namespace in a folder beside their manifests' is theirs, its scopes kept", () => {
    // Azure/reddog-code (MIT, fixtures/oss/helm-releases/SOURCES.md): base/components/ beside base/deployments/, all in
    // reddog-retail. Its state stores name `redis-cache-master.redis`, a Service no file makes: planted here as `redis`'s.
    const files = readTree(path.join(fixturesDir, 'oss', 'helm-releases', 'Azure+reddog-code'));
    const redis = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: redis-cache-master\n  namespace: redis\nspec:\n  selector: {app: redis}\n  ports:\n    - port: 6379\n---\napiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: redis\n  namespace: redis\nspec:\n  selector:\n    matchLabels: {app: redis}\n  template:\n    metadata:\n      labels: {app: redis}\n    spec:\n      containers:\n        - name: redis\n          image: redis:7\n';
    const own = { ...Object.fromEntries(Object.entries(files).filter(([name]) => !name.startsWith('LICENSE'))), 'manifests/branch/redis-planted.yaml': redis };
    assert.deepEqual(mapCalls(own).filter((c) => c.includes('→ redis')), ['loyalty-service → redis-cache-master', 'make-line-service → redis-cache-master']);
    // The same components in another deployment's tree (manifests/corp/…) are not these applications'.
    const elsewhere = Object.fromEntries(Object.entries(own).map(([name, text]) => [name.replace('manifests/branch/base/components/', 'manifests/corp/base/components/'), text]));
    assert.deepEqual(mapCalls(elsewhere).filter((c) => c.includes('→ redis')), []);
  });
});

