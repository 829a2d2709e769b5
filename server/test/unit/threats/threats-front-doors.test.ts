// Front doors on systems nobody tuned the model for (issue #78, threats78d): a plaintext NodePort, LoadBalancer or
// published port straight to an application is a risk with its path from the Internet even when the application's
// technology is unknown and no data is traced to it — Threagile's unencrypted-communication, the link carrying its
// users' requests and session (docs/threats.md, "Front doors"); the stores behind it are on the path when the map
// has the calls; a TLS Ingress in its place gets none. A component built from a Dockerfile whose FROM is a console
// product is that product. The fixtures: server/test/fixtures/oss/system/SOURCES.md.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';
import { hostPortLines } from '../../../src/threats/evidence';
import { runCli } from '../../cliRun';
import { fixturesDir } from '../../helpers';
import { copyTree, makeTree } from '../../tempdir';

interface Risk { rule: string; title: string; elements: string[]; sources: { file: string; line: number }[] }

const corpus = path.join(fixturesDir, 'oss', 'system');

async function risksOf(folder: string, cwd: string): Promise<Risk[]> {
  const { out } = await runCli(['threats', folder, '--format', 'json'], cwd);
  return (JSON.parse(out) as { risks: Risk[] }).risks;
}

/** `rule path: file:line, …` with each node's name and each file as the CLI gives it (the repository's path to the fixture left out), sorted. */
const described = (risks: Risk[]) => risks.map((r) => `${r.rule.slice('threat-'.length)} ${r.elements.map((e) => e.split(/[:/]/).pop()).join('>')}: ${r.sources.map((s) => `${s.file.replace(/^.*\/oss\/system\/[^/]+\//, '')}:${s.line}`).join(', ')}`).sort();

describe('threats: plaintext front doors and built consoles (issue #78)', function () {
  this.timeout(300_000);
  const trees: (() => void)[] = [];
  after(() => trees.forEach((remove) => remove()));

  const voting = path.join(corpus, 'dockersamples+example-voting-app');

  it("voting-app: both NodePort front doors of unknown technology are plaintext risks from the Internet, on their `type: NodePort` lines", async () => {
    const risks = await risksOf('.', voting);
    assert.deepEqual(described(risks), [
      'accidental-secret-leak workspace: k8s-specifications/db-deployment.yaml:24',
      'missing-vault db: k8s-specifications/db-deployment.yaml:6',
      'unencrypted-asset db: k8s-specifications/db-deployment.yaml:6',
      'unencrypted-asset redis: k8s-specifications/redis-deployment.yaml:6',
      'unencrypted-communication internet>result: k8s-specifications/result-service.yaml:8',
      'unencrypted-communication internet>vote: k8s-specifications/vote-service.yaml:8',
    ]);
    assert.deepEqual(risks.filter((r) => r.rule === 'threat-unencrypted-communication').map((r) => r.title).sort(), [
      'Unencrypted Communication named NodePort to result between Internet and result transferring authentication data (like credentials, token, session-id, etc.)',
      'Unencrypted Communication named NodePort to vote between Internet and vote transferring authentication data (like credentials, token, session-id, etc.)',
    ]);
  });

  it('its hardened twin (a TLS Ingress in front, the Services ClusterIP) gets none of them', async () => {
    const { root, remove } = copyTree(voting);
    trees.push(remove);
    const specs = path.join(root, 'k8s-specifications');
    for (const name of ['vote', 'result']) {
      const file = path.join(specs, `${name}-service.yaml`);
      fs.writeFileSync(file, fs.readFileSync(file, 'utf8').replace('type: NodePort', 'type: ClusterIP').replace(/^\s*nodePort: \d+\n/m, ''));
    }
    const rule = (host: string, service: string, port: number) => [
      `  - host: ${host}`, '    http:', '      paths:', '      - path: /', '        pathType: Prefix', '        backend:', '          service:', `            name: ${service}`, '            port:', `              number: ${port}`,
    ];
    fs.writeFileSync(path.join(specs, 'ingress.yaml'), [
      'apiVersion: networking.k8s.io/v1', 'kind: Ingress', 'metadata:', '  name: voting', 'spec:', '  tls:', '  - hosts: [vote.example.org, result.example.org]', '    secretName: voting-tls', '  rules:',
      ...rule('vote.example.org', 'vote', 8080), ...rule('result.example.org', 'result', 8081), '',
    ].join('\n'));
    const risks = await risksOf('.', root);
    assert.deepEqual(described(risks), [
      'accidental-secret-leak workspace: k8s-specifications/db-deployment.yaml:24',
      'missing-vault db: k8s-specifications/db-deployment.yaml:6',
      'unencrypted-asset db: k8s-specifications/db-deployment.yaml:6',
      'unencrypted-asset redis: k8s-specifications/redis-deployment.yaml:6',
    ]);
  });

  it('a plaintext LoadBalancer to an application of unknown technology: the store it calls is on the path', async () => {
    const deployment = (name: string, image: string, env: string[]) => [
      'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', `  name: ${name}`, 'spec:', '  selector:', '    matchLabels:', `      app: ${name}`, '  template:', '    metadata:', '      labels:', `        app: ${name}`, '    spec:', '      containers:', `      - name: ${name}`, `        image: ${image}`, ...env,
    ];
    const service = (name: string, port: number, type?: string) => ['apiVersion: v1', 'kind: Service', 'metadata:', `  name: ${name}`, 'spec:', ...(type ? [`  type: ${type}`] : []), '  ports:', `  - port: ${port}`, '  selector:', `    app: ${name}`];
    const { root, remove } = makeTree({
      'app.yaml': [
        ...service('vote', 80, 'LoadBalancer'), '---',
        ...deployment('vote', 'example/vote:1.0', ['        env:', '        - name: REDIS_URL', '          value: redis://redis:6379']), '---',
        ...service('redis', 6379), '---',
        ...deployment('redis', 'redis:7', []), '',
      ].join('\n'),
    });
    trees.push(remove);
    const risks = await risksOf('.', root);
    assert.deepEqual(described(risks), [
      'missing-authentication internet>vote>redis: app.yaml:30',
      'unencrypted-asset internet>vote>redis: app.yaml:45',
      'unencrypted-communication internet>vote: app.yaml:6',
      'unencrypted-communication internet>vote>redis: app.yaml:30',
      'unguarded-access-from-internet internet>vote: app.yaml:6',
    ]);
  });

  it("petclinic: Grafana and Prometheus built from their products' images (docker/*/Dockerfile FROM) are consoles, their risks on the published ports' lines", async () => {
    const petclinic = path.join(corpus, 'spring-petclinic+spring-petclinic-microservices');
    const risks = await risksOf('.', petclinic);
    const consoles = described(risks.filter((r) => r.elements.some((e) => /:(grafana|prometheus)-server$/.test(e))));
    assert.deepEqual(consoles, [
      // Built from Grafana's image with no admin password of its own, published: admin/admin, on the published port's line (issue #95).
      'default-credentials internet>grafana-server: docker-compose.yml:151',
      'missing-authentication internet>prometheus-server: docker-compose.yml:161',
      'missing-vault internet>grafana-server: docker-compose.yml:143',
      'unguarded-access-from-internet internet>grafana-server: docker-compose.yml:151',
      'unguarded-access-from-internet internet>prometheus-server: docker-compose.yml:161',
    ]);
  });

  it("a container's hostPort is a published front door like a NodePort: plaintext and unguarded on its line, the store it calls on the path; without it, none (threats78e)", async () => {
    const shop = (hostPort: boolean) => [
      'apiVersion: apps/v1', 'kind: DaemonSet', 'metadata:', '  name: shop', 'spec:', '  template:', '    metadata:', '      labels: {app: shop}', '    spec:', '      containers:',
      '        - name: shop', '          image: ghcr.io/example/shop:1.0', '          ports:', '            - containerPort: 8080', ...(hostPort ? ['              hostPort: 80'] : []),
      '          env:', '            - name: CACHE_URL', '              value: redis://cache:6379',
      '---', 'apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: cache', 'spec:', '  template:', '    metadata:', '      labels: {app: cache}', '    spec:', '      containers:', '        - name: cache', '          image: redis:7',
      '---', 'apiVersion: v1', 'kind: Service', 'metadata:', '  name: cache', 'spec:', '  selector: {app: cache}', '  ports:', '    - port: 6379', '',
    ].join('\n');
    const { root, remove } = makeTree({ 'open/app.yaml': shop(true), 'closed/app.yaml': shop(false) });
    try {
      const risks = async (folder: string) => (JSON.parse((await runCli(['threats', folder, '--format', 'json'], root)).out) as { risks: { rule: string; elements: string[]; sources: { file: string; line: number }[] }[] }).risks
        .filter((r) => r.elements[0] === 'internet').map((r) => `${r.rule.slice('threat-'.length)} ${r.elements.map((e) => e.split(/[:/]/).pop()).join('>')} @${r.sources.map((s) => s.line).join(',')}`).sort();
      assert.deepEqual(await risks('open'), [
        'missing-authentication internet>shop>cache @18',
        'unencrypted-asset internet>shop>cache @23',
        'unencrypted-communication internet>shop @15',
        'unencrypted-communication internet>shop>cache @18',
        'unguarded-access-from-internet internet>shop @15',
      ]);
      assert.deepEqual(await risks('closed'), []);
      // The item's containerPort read beside it; 20,000 hostPort lines with no item above each look a few lines up only (linear).
      assert.deepEqual(hostPortLines(['          ports:', '            - containerPort: 8080', '              hostPort: 80', '            - hostPort: 9100']), [{ line: 2, port: 80, target: 8080 }, { line: 3, port: 9100 }]);
      assert.equal(hostPortLines(Array.from({ length: 20_000 }, () => '  hostPort: 1')).length, 20_000);
      const model = JSON.parse((await runCli(['threats', 'open', '--format', 'model'], root)).out) as { entries: { via: string; sources: { line: number }[] }[] };
      assert.deepEqual(model.entries.map((e) => `${e.via} @${e.sources.map((s) => s.line).join(',')}`), ['host-port @15']);
    } finally {
      remove();
    }
  });
});
