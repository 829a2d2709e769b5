// Consoles and admin ports still missing as risks (issue #95): Envoy's admin listener, its port read from the
// configuration mounted into the container (eShopOnContainers' gateways publish 8001 as 15200/15202), and a console's
// port behind a Kubernetes LoadBalancer or NodePort (jaeger-kubernetes' all-in-one template: the Jaeger UI behind
// `jaeger-query`), each with its negative (the admin port not published, on the loopback; a console on a ClusterIP).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { exposedConsoles } from '../../../src/threats/consoleModel';
import { consoleProducts } from '../../../src/threats/consoles';
import { configPathOf, envoyAdminListener } from '../../../src/threats/envoyAdmin';
import { runCli } from '../../cliRun';
import { fixturesDir } from '../../helpers';
import { suiteTrees } from '../../tempdir';

interface Risk { rule: string; elements: string[]; sources: { file: string; line: number }[] }

const ESHOP = path.join(fixturesDir, 'oss', 'system', 'dotnet-architecture+eShopOnContainers', 'src');
const GATEWAY = 'ApiGateways/Envoy/config/webshopping/envoy.yaml';
const eshop = (name: string) => readFileSync(path.join(ESHOP, name), 'utf8');
const JAEGER = readFileSync(path.join(fixturesDir, 'oss', 'exposures', 'jaegertracing+jaeger-kubernetes', 'all-in-one', 'jaeger-all-in-one-template.yml'), 'utf8');

describe('threats: admin listeners and consoles behind Kubernetes Services (issue #95)', function () {
  this.timeout(300_000);
  const tree = suiteTrees();
  const risksOf = async (root: string, folder: string): Promise<Risk[]> => (JSON.parse((await runCli(['threats', folder, '--all', '--format', 'json'], root)).out) as { risks: Risk[] }).risks;
  /** The console data assets of the Threagile model: what a published console exposes, by component name. */
  const consolesOf = async (root: string, folder: string): Promise<string[]> => {
    const { out } = await runCli(['threats', folder, '--format', 'threagile'], root);
    return [...out.matchAll(/^ {2}"([^":]+): [^\n]*":\n {4}id: [^\n]*-console$/gm)].map((m) => m[1]).sort();
  };

  it("Envoy's admin listener: the port its configuration sets, on its line; none on the loopback, a pipe or a variable", () => {
    assert.deepEqual(envoyAdminListener(eshop(GATEWAY)), { port: 8001, line: 5 });
    assert.deepEqual(envoyAdminListener(eshop('ApiGateways/Envoy/config/mobileshopping/envoy.yaml')), { port: 8001, line: 5 });
    const v3 = (address: string, port: string) => ['admin:', '  address:', '    socket_address:', `      address: ${address}`, `      port_value: ${port}`, 'static_resources: {}'].join('\n');
    assert.deepEqual(envoyAdminListener(v3('0.0.0.0', '9901')), { port: 9901, line: 4 });
    assert.equal(envoyAdminListener(v3('127.0.0.1', '9901')), undefined);
    assert.equal(envoyAdminListener(v3('0.0.0.0', '${ENVOY_ADMIN_PORT}')), undefined);
    assert.deepEqual(envoyAdminListener('{\n  "admin": {\n    "address": { "socket_address": { "address": "::", "port_value": 9000 } }\n  }\n}'), { port: 9000, line: 2 });
    assert.deepEqual(envoyAdminListener('admin:\n  access_log_path: /dev/null\n  address: tcp://0.0.0.0:8081\n'), { port: 8081, line: 2 });
    assert.equal(envoyAdminListener('admin:\n  address:\n    pipe:\n      path: /tmp/admin.sock\n'), undefined);
    assert.equal(envoyAdminListener('static_resources:\n  listeners: []\n'), undefined);
    assert.equal(configPathOf(['envoy', '-c', '/etc/gateway/envoy.yaml', '--log-level', 'info']), '/etc/gateway/envoy.yaml');
    assert.equal(configPathOf(['/usr/local/bin/envoy', '--config-path=/config/front.yaml']), '/config/front.yaml');
    assert.equal(configPathOf(['envoy', '-c', '${CONFIG}']), undefined);
    assert.equal(configPathOf(['envoy', '--log-level', 'debug']), undefined);
  });

  it('a console on the port its configuration sets: only an entry to that port exposes it', () => {
    const product = consoleProducts.find((p) => p.name === 'Envoy admin')!;
    const evidence = new Map([['gw', { facts: { product, unauthenticated: true, reason: 'no authentication by default', lines: [], ports: [8001] }, sources: [] }]]);
    const ports = new Map<string, (number | undefined)[]>([['entry:1', [5202, 80]], ['entry:2', [15202, 8001]]]);
    const found = exposedConsoles([{ id: 'entry:1', components: ['gw'] }, { id: 'entry:2', components: ['gw'] }], ports, evidence);
    assert.deepEqual(found.get('gw')?.entries, ['entry:2']);
    assert.equal(exposedConsoles([{ id: 'entry:1', components: ['gw'] }], ports, evidence).size, 0);
  });

  it("eShopOnContainers: both gateways' admin listeners, published as 15200 and 15202, are consoles on envoy.yaml's line", async () => {
    const files = { 'src/docker-compose.yml': eshop('docker-compose.yml'), 'src/docker-compose.override.yml': eshop('docker-compose.override.yml'), 'src/.env': eshop('.env'), [`src/${GATEWAY}`]: eshop(GATEWAY), 'src/ApiGateways/Envoy/config/mobileshopping/envoy.yaml': eshop('ApiGateways/Envoy/config/mobileshopping/envoy.yaml') };
    const root = tree(files);
    // Its RabbitMQ management UI and Seq were consoles already (threats-precision.test.ts); the gateways' are new.
    assert.deepEqual(await consolesOf(root, 'src'), ['mobileshoppingapigw', 'rabbitmq', 'seq', 'webshoppingapigw']);
    // The Internet's link to the admin port cites the line that opens it; the gateway's own port 80 does not.
    const gateway = (await risksOf(root, 'src')).filter((r) => r.rule === 'threat-unencrypted-communication' && r.elements[0] === 'internet' && r.elements[1].endsWith(':webshoppingapigw'));
    assert.deepEqual(gateway.map((r) => r.sources.map((s) => `${s.file}:${s.line}`).join(',')).sort(), ['docker-compose.override.yml:187', `docker-compose.override.yml:188,${GATEWAY}:6`]);
    // The admin port is judged as the console it is, not as the reverse proxy the gateway also is: unguarded and unauthenticated.
    const admin = (await risksOf(root, 'src')).filter((r) => /threat-(unguarded-access-from-internet|missing-authentication)$/.test(r.rule) && r.elements.join('>') .endsWith(':webshoppingapigw') && r.elements[0] === 'internet');
    assert.deepEqual(admin.map((r) => `${r.rule} ${r.sources.map((s) => `${s.file}:${s.line}`).join(',')}`).sort(), [`threat-missing-authentication docker-compose.override.yml:188,${GATEWAY}:6`, `threat-unguarded-access-from-internet docker-compose.override.yml:188,${GATEWAY}:6`]);

    // `--format model` lists them (its other keys as they were): the product, the entries reaching it, its settings' lines.
    const model = JSON.parse((await runCli(['threats', 'src', '--format', 'model'], root)).out) as Record<string, unknown> & { entries: { id: string }[]; consoles: { component: string; product: string; exposes: string; unauthenticated: boolean; reason: string; entries: string[]; sources: { file: string; line: number }[] }[] };
    assert.deepEqual(Object.keys(model), ['boundaries', 'entries', 'links', 'stores', 'paths', 'consoles']);
    const web = model.consoles.find((c) => c.component.endsWith(':webshoppingapigw'))!;
    assert.deepEqual([web.product, web.unauthenticated, web.reason, web.entries.length, web.sources], ['Envoy admin', true, 'no authentication by default', 1, [{ file: GATEWAY, line: 6 }]]);
    assert.match(web.exposes, /config_dump/);
    assert.ok(web.entries.every((e) => model.entries.some((entry) => entry.id === e)));
    assert.deepEqual(model.consoles.map((c) => c.component.split(':').pop()).sort(), ['mobileshoppingapigw', 'rabbitmq', 'seq', 'webshoppingapigw']);

    // Not published (the override's admin port removed), or listening on the loopback: no console.
    const unpublished = tree({ ...files, 'src/docker-compose.override.yml': files['src/docker-compose.override.yml'].replace('    - "15202:8001"\n', '').replace('    - "15200:8001"\n', '') });
    assert.deepEqual(await consolesOf(unpublished, 'src'), ['rabbitmq', 'seq']);
    const loopback = tree({ ...files, [`src/${GATEWAY}`]: files[`src/${GATEWAY}`].replace('      address: 0.0.0.0\n      port_value: 8001', '      address: 127.0.0.1\n      port_value: 8001') });
    assert.deepEqual(await consolesOf(loopback, 'src'), ['mobileshoppingapigw', 'rabbitmq', 'seq']);
  });

  it("eShopOnContainers' gateways given their envoy.yaml by the long syntax or as a config: the same consoles on envoy.yaml's line", async () => {
    const base = { 'src/docker-compose.yml': eshop('docker-compose.yml'), 'src/.env': eshop('.env'), [`src/${GATEWAY}`]: eshop(GATEWAY), 'src/ApiGateways/Envoy/config/mobileshopping/envoy.yaml': eshop('ApiGateways/Envoy/config/mobileshopping/envoy.yaml') };
    const override = eshop('docker-compose.override.yml');
    const mobile = '      - ./ApiGateways/Envoy/config/mobileshopping:/etc/envoy\n';
    const web = '      - ./ApiGateways/Envoy/config/webshopping:/etc/envoy\n';
    const long = override.replace(mobile, '      - type: bind\n        source: ./ApiGateways/Envoy/config/mobileshopping\n        target: /etc/envoy/\n').replace(web, '      - type: bind\n        source: ./ApiGateways/Envoy/config/webshopping/\n        target: /etc/envoy\n');
    const configs = `${override.replace(`    volumes:\n${mobile}`, '    configs:\n      - source: mobile_envoy\n        target: /etc/envoy/envoy.yaml\n').replace(`    volumes:\n${web}`, '    configs:\n      - source: web_envoy\n        target: /etc/envoy/envoy.yaml\n')}\nconfigs:\n  mobile_envoy:\n    file: ./ApiGateways/Envoy/config/mobileshopping/envoy.yaml\n  web_envoy:\n    file: ApiGateways/Envoy/config/webshopping/envoy.yaml\n`;
    for (const text of [long, configs]) {
      assert.ok(!text.includes(mobile) && !text.includes(web));
      const root = tree({ ...base, 'src/docker-compose.override.yml': text });
      assert.deepEqual(await consolesOf(root, 'src'), ['mobileshoppingapigw', 'rabbitmq', 'seq', 'webshoppingapigw'], text.slice(-300));
      const admin = (await risksOf(root, 'src')).filter((r) => r.rule === 'threat-missing-authentication' && r.elements[0] === 'internet' && r.elements[1].endsWith(':webshoppingapigw'));
      assert.deepEqual(admin.map((r) => r.sources.map((s) => `${s.file}:${s.line}`).at(-1)), [`${GATEWAY}:6`]);
    }
  });

  it('an Envoy in Kubernetes: its admin port in the ConfigMap mounted where -c points, published by a LoadBalancer; behind a ClusterIP, none', async () => {
    const manifests = (type: string) => ({
      'k8s/gateway.yaml': [
        'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: edge', 'spec:', '  selector:', '    matchLabels:', '      app: edge', '  template:', '    metadata:', '      labels:', '        app: edge', '    spec:',
        '      containers:', '        - name: envoy', '          image: envoyproxy/envoy:v1.31.2', '          args: ["-c", "/config/envoy.yaml"]', '          ports:', '            - name: admin', '              containerPort: 9901',
        '          volumeMounts:', '            - name: config', '              mountPath: /config', '      volumes:', '        - name: config', '          configMap:', '            name: edge-config',
        '---', 'apiVersion: v1', 'kind: Service', 'metadata:', '  name: edge-admin', 'spec:', `  type: ${type}`, '  selector:', '    app: edge', '  ports:', '    - port: 80', '      targetPort: admin', '',
      ].join('\n'),
      'k8s/config.yaml': ['apiVersion: v1', 'kind: ConfigMap', 'metadata:', '  name: edge-config', 'data:', '  envoy.yaml: |', '    admin:', '      address:', '        socket_address:', '          address: 0.0.0.0', '          port_value: 9901', '    static_resources: {}', ''].join('\n'),
    });
    assert.deepEqual(await consolesOf(tree(manifests('LoadBalancer')), 'k8s'), ['edge']);
    const risks = await risksOf(tree(manifests('LoadBalancer')), 'k8s');
    assert.ok(risks.some((r) => r.elements[0] === 'internet' && r.sources.some((s) => s.file === 'config.yaml' && s.line === 11)), 'the link to the admin port cites the ConfigMap line setting it');
    assert.deepEqual(await consolesOf(tree(manifests('ClusterIP')), 'k8s'), []);
    // The admin port second in a Service that opens the app's first: a way in per port, the admin one a console.
    const both = manifests('LoadBalancer');
    both['k8s/gateway.yaml'] = both['k8s/gateway.yaml'].replace('    - port: 80\n      targetPort: admin\n', '    - name: http\n      port: 80\n      targetPort: 8080\n    - name: admin\n      port: 9901\n      targetPort: admin\n');
    assert.ok(both['k8s/gateway.yaml'].includes('port: 9901'));
    assert.deepEqual(await consolesOf(tree(both), 'k8s'), ['edge']);
    const model = JSON.parse((await runCli(['threats', 'k8s', '--format', 'model'], tree(both))).out) as { entries: { via: string; to: string; sources: { line: number }[] }[] };
    assert.deepEqual(model.entries.map((e) => `${e.via} ${e.to.split('/').pop()} ${e.sources.map((s) => s.line).join(',')}`), ['load-balancer edge-admin 34', 'load-balancer edge-admin 34']);
  });

  it('an Envoy built from a Dockerfile: the configuration it copies where its CMD points; the admin port unpublished, none', async () => {
    const project = (ports: string) => ({
      'app/compose.yaml': ['services:', '  edge:', '    build: ./edge', '    ports:', ports, ''].join('\n'),
      'app/edge/Dockerfile': ['FROM envoyproxy/envoy:v1.31.2', 'COPY config/front.yaml \\', '     /etc/front/', 'CMD ["envoy", "-c", "/etc/front/front.yaml", "--log-level", "info"]', ''].join('\n'),
      'app/edge/config/front.yaml': ['admin:', '  address:', '    socket_address: { address: 0.0.0.0, port_value: 9901 }', 'static_resources: {}', ''].join('\n'),
      // The image's default path holds another file, not read: the CMD says where Envoy reads.
      'app/edge/envoy.yaml': ['admin:', '  address:', '    socket_address: { address: 0.0.0.0, port_value: 8001 }', ''].join('\n'),
    });
    const root = tree(project('      - "10000:10000"\n      - "9901:9901"'));
    assert.deepEqual(await consolesOf(root, 'app'), ['edge']);
    const admin = (await risksOf(root, 'app')).filter((r) => r.rule === 'threat-unencrypted-communication' && r.elements[0] === 'internet');
    assert.deepEqual(admin.map((r) => r.sources.map((s) => `${s.file}:${s.line}`).join(',')).sort(), ['compose.yaml:5', 'compose.yaml:6,edge/config/front.yaml:3']);
    assert.deepEqual(await consolesOf(tree(project('      - "10000:10000"\n      - "8001:8001"')), 'app'), []);
  });

  it("jaeger-kubernetes' all-in-one template: the Jaeger UI behind its LoadBalancer, a console with no login; by a port name or a NodePort with no targetPort too; on a ClusterIP, no exposure", async () => {
    const rule = (risks: readonly Risk[], id: string) => risks.filter((r) => r.rule === `threat-${id}`).map((r) => `${r.elements.map((e) => e.split(/[:/]/).pop()).join(' → ')} @${r.sources.map((s) => `${s.file}:${s.line}`).join(',')}`);
    const template = await risksOf(tree({ 'deploy/jaeger-all-in-one-template.yml': JAEGER }), 'deploy');
    assert.deepEqual(rule(template, 'unguarded-access-from-internet'), ['internet → jaeger @jaeger-all-in-one-template.yml:81']);
    assert.deepEqual(rule(template, 'missing-authentication'), ['internet → jaeger @jaeger-all-in-one-template.yml:81']);
    // The same Service targeting the UI by a name its container gives 16686 (reduced: the port named in the Deployment).
    const named = JAEGER.replace('                - containerPort: 16686\n', '                - containerPort: 16686\n                  name: query\n').replace('        targetPort: 16686\n', '        targetPort: query\n');
    assert.notEqual(named, JAEGER);
    assert.deepEqual(rule(await risksOf(tree({ 'deploy/jaeger.yml': named }), 'deploy'), 'missing-authentication'), ['internet → jaeger @jaeger.yml:82']);
    // A NodePort with no targetPort leads to its own port (Kubernetes' default).
    const nodePort = JAEGER.replace('        port: 80\n        protocol: TCP\n        targetPort: 16686\n', '        port: 16686\n        protocol: TCP\n').replace('    type: LoadBalancer\n', '    type: NodePort\n');
    assert.notEqual(nodePort, JAEGER);
    assert.deepEqual(rule(await risksOf(tree({ 'deploy/jaeger.yml': nodePort }), 'deploy'), 'missing-authentication'), ['internet → jaeger @jaeger.yml:80']);
    // On a ClusterIP, or a LoadBalancer to another port than the UI's (its collector), no console is exposed.
    const internal = await risksOf(tree({ 'deploy/jaeger.yml': JAEGER.replace('    type: LoadBalancer\n', '    type: ClusterIP\n') }), 'deploy');
    assert.deepEqual(internal.filter((r) => r.elements[0] === 'internet'), []);
    const collector = await risksOf(tree({ 'deploy/jaeger.yml': JAEGER.replace('        targetPort: 16686\n', '        targetPort: 9411\n') }), 'deploy');
    assert.deepEqual(rule(collector, 'missing-authentication'), []);
  });
});
