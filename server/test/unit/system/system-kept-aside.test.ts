// Systems kept aside (issue #95, x95m): what the map missed on four systems nobody tuned it for, each a reduction of the
// real files (server/test/fixtures/oss/system/SOURCES.md; the measurement in docs/threats.md, "Kept aside").
import assert from 'node:assert/strict';
import path from 'node:path';
import { runCli } from '../../cliRun';
import { makeTree } from '../../tempdir';
import { calls, corpus, repository } from './repositories';

interface Risk { rule: string; title: string; sources: { file: string; line: number }[] }

describe('System map: systems kept aside (issue #95)', function () {
  this.timeout(300_000);

  it("ewolff/microservice-consul: a Compose file named with a dash (docker-compose-prometheus.yml) is read; the Prometheus its build copies its configuration into scrapes order", async () => {
    const { model, view } = await repository('ewolff+microservice-consul');
    const containers = view('containers');
    // Before: the file was no Compose file (only `docker-compose.*.yml` with a dot), so no component at all.
    assert.deepEqual(containers.nodes.filter((n) => n.kind === 'service').map((n) => n.name).sort(), ['apache', 'catalog', 'consul', 'customer', 'order', 'prometheus']);
    // docker/prometheus/Dockerfile is `FROM prom/prometheus` with `COPY prometheus.yml /etc/prometheus/`: its jobs are the
    // Compose service's that builds it, no one mounting the file.
    assert.deepEqual(calls(containers, 'scrapes'), ['prometheus → order']);
    const scrape = containers.edges.find((e) => e.kind === 'scrapes')!;
    assert.deepEqual(scrape.sources.map((s) => `${path.basename(s.uri)}:${s.range.start.line + 1}`), ['prometheus.yml:19']);
    assert.ok(model.nodes.some((n) => n.kind === 'service' && n.id.endsWith('/docker:prometheus')));
    // `links:` starts the linked service first, as `depends_on` does (apache has both: one arrow, its depends_on's).
    assert.deepEqual(calls(containers, 'depends-on'), ['apache → consul', 'catalog → consul', 'customer → consul', 'order → consul', 'prometheus → order']);
    const link = containers.edges.find((e) => e.kind === 'depends-on' && e.label === 'links' && e.from.endsWith(':prometheus'))!;
    assert.deepEqual(link.sources.map((s) => `${path.basename(s.uri)}:${s.range.start.line + 1}`), ['docker-compose-prometheus.yml:32']);
  });

  it('a monitoring configuration in the build context of an application (not of a monitoring image) stands for no one', async () => {
    const { root, remove } = makeTree({
      'compose.yaml': 'services:\n  api:\n    build: api\n  orders:\n    image: example/orders\n',
      'api/Dockerfile': 'FROM node:20\nCOPY . /app\n',
      'api/monitoring/prometheus.yml': "scrape_configs:\n  - job_name: orders\n    static_configs:\n      - targets: ['orders:8080']\n",
    });
    try {
      const { view } = await repository(path.basename(root), path.dirname(root));
      assert.deepEqual(calls(view('containers'), 'scrapes'), []);
    } finally {
      remove();
    }
  });

  it('aspnetrun/run-aspnetcore-microservices: a published port leading to the HTTPS port Kestrel is given (ASPNETCORE_HTTPS_PORTS) is TLS, not plaintext', async () => {
    const { model } = await repository('aspnetrun+run-aspnetcore-microservices');
    const entries = model.entries.filter((e) => e.to.endsWith('/src:catalog.api')).map((e) => `${e.port}→${e.target} ${e.protocol ?? '-'}`).sort();
    assert.deepEqual(entries, ['6000→8080 -', '6060→8081 HTTPS']);
    const { out } = await runCli(['threats', 'aspnetrun+run-aspnetcore-microservices', '--format', 'json'], corpus);
    const risks = (JSON.parse(out) as { risks: Risk[] }).risks;
    const plaintext = risks.filter((r) => r.rule === 'threat-unencrypted-communication' && / between Internet and /.test(r.title)).map((r) => /named :(\d+)/.exec(r.title)?.[1]).sort();
    // Before: the six 606x ports too (34, 36, 38, 40, 42, 44 of the judged list), all false.
    // 1433 no more: the published SQL Server offers TLS of its own making (threats-singles.test.ts), unverified, not plaintext.
    assert.deepEqual(plaintext, ['15672', '5432', '5433', '5672', '6000', '6001', '6002', '6003', '6004', '6005', '6379']);
    // Still a way in with nothing in front: only its encryption changed.
    assert.ok(risks.some((r) => r.rule === 'threat-unguarded-access-from-internet' && r.title.includes('via :6060 to catalog.api')));
  });

  it('ASPNETCORE_URLS and Kestrel endpoints name the HTTPS ports too; an http:// URL does not', async () => {
    const { root, remove } = makeTree({
      'compose.yaml': [
        'services:',
        '  a:',
        '    image: example/a',
        '    environment:',
        '      - ASPNETCORE_URLS=https://+:443;http://+:80',
        '    ports: ["8443:443", "8080:80"]',
        '  b:',
        '    image: example/b',
        '    environment:',
        '      Kestrel__Endpoints__Secure__Url: "https://0.0.0.0:5001"',
        '      Kestrel__Endpoints__Plain__Url: "http://0.0.0.0:5000"',
        '    ports: ["5001:5001", "5000:5000"]',
        '',
      ].join('\n'),
    });
    try {
      const { model } = await repository(path.basename(root), path.dirname(root));
      const entries = model.entries.map((e) => `${e.to.split(':').pop()} ${e.port} ${e.protocol ?? '-'}`).sort();
      assert.deepEqual(entries, ['a 8080 -', 'a 8443 HTTPS', 'b 5000 -', 'b 5001 HTTPS']);
    } finally {
      remove();
    }
  });

  it("Kubernetes: a NodePort or LoadBalancer to the port the selected containers' env makes HTTPS is TLS", async () => {
    const deployment = (name: string, env: string) => [
      'apiVersion: apps/v1', 'kind: Deployment', `metadata: { name: ${name} }`, 'spec:', `  selector: { matchLabels: { app: ${name} } }`, '  template:',
      `    metadata: { labels: { app: ${name} } }`, '    spec:', '      containers:', `        - name: ${name}`, `          image: example/${name}`, '          env:', env,
    ].join('\n');
    const service = (name: string, app: string, type: string, target: number) => ['apiVersion: v1', 'kind: Service', `metadata: { name: ${name} }`, 'spec:', `  type: ${type}`, `  selector: { app: ${app} }`, `  ports: [{ port: 443, targetPort: ${target} }]`].join('\n');
    const { root, remove } = makeTree({
      'k8s/web.yaml': [deployment('web', '            - { name: ASPNETCORE_HTTPS_PORTS, value: "8081" }'), service('web-https', 'web', 'LoadBalancer', 8081), service('web-http', 'web', 'NodePort', 8080)].join('\n---\n'),
      'k8s/api.yaml': [deployment('api', '            - { name: ASPNETCORE_URLS, value: "http://+:8081" }'), service('api', 'api', 'LoadBalancer', 8081)].join('\n---\n'),
    });
    try {
      const { model } = await repository(path.basename(root), path.dirname(root));
      const entries = model.entries.map((e) => `${e.to.split('/').pop()} ${e.via} ${e.protocol ?? '-'}`).sort();
      assert.deepEqual(entries, ['api load-balancer -', 'web-http node-port -', 'web-https load-balancer HTTPS']);
    } finally {
      remove();
    }
  });
});
