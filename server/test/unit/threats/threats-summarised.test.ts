// archipel threats past the index's bound (issue #78): a summarised answer from what the Kubernetes summaries keep of
// exposure (kubernetes/model/summary.ts ExposureLines) — the entry points with their lines, the plaintext front doors
// as unencrypted-communication risks, counts per namespace. At a reduced size: the bound lowered to 3 files (as the
// monorepo test lowers it), seven files of every kind of front door, with and without TLS.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { runCli } from '../../cliRun';

const FILES: Record<string, string> = {
  'shop/web.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  namespace: shop\nspec:\n  type: LoadBalancer\n  selector:\n    app: web\n  ports:\n    - port: 80\n      targetPort: 8080\n',
  'shop/secure.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: secure\n  namespace: shop\nspec:\n  type: LoadBalancer\n  ports:\n    - port: 443\n',
  'shop/ingress.yaml': 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: front\n  namespace: shop\nspec:\n  rules:\n    - host: shop.example.com\n      http:\n        paths:\n          - path: /\n            pathType: Prefix\n            backend:\n              service:\n                name: web\n                port:\n                  number: 80\n',
  'shop/ingress-tls.yaml': 'apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  tls:\n    - hosts: [api.example.com]\n      secretName: api-tls\n  rules:\n    - host: api.example.com\n',
  'ops/node.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: grafana\n  namespace: ops\nspec:\n  type: NodePort\n  ports:\n    - port: 3000\n      nodePort: 30300\n',
  'ops/agent.yaml': 'apiVersion: apps/v1\nkind: DaemonSet\nmetadata:\n  name: exporter\n  namespace: ops\nspec:\n  selector:\n    matchLabels:\n      app: exporter\n  template:\n    metadata:\n      labels:\n        app: exporter\n    spec:\n      containers:\n        - name: exporter\n          image: prom/node-exporter\n          ports:\n            - containerPort: 9100\n              hostPort: 9100\n',
  'ops/internal.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: internal\n  namespace: ops\nspec:\n  ports:\n    - port: 80\n',
};

/** A repository of `files` in a temporary folder, summarised past 3 files, for the suite that calls it (its hooks). */
function summarisedRepository(files: Record<string, string>, made: (dir: string) => void): void {
  let dir = '';
  let saved: string | undefined;
  before(() => {
    dir = path.join(mkdtempSync(path.join(os.tmpdir(), 'archipel-threats-summarised-')), 'repo');
    for (const [name, text] of Object.entries(files)) {
      mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
      writeFileSync(path.join(dir, name), text);
    }
    made(dir);
    saved = process.env.ARCHIPEL_SUMMARY_THRESHOLD;
    process.env.ARCHIPEL_SUMMARY_THRESHOLD = '3';
  });
  after(() => {
    if (saved === undefined) delete process.env.ARCHIPEL_SUMMARY_THRESHOLD;
    else process.env.ARCHIPEL_SUMMARY_THRESHOLD = saved;
    rmSync(path.dirname(dir), { recursive: true, force: true });
  });
}

describe('threats: the summarised answer past the bound (issue #78)', function () {
  this.timeout(120_000);
  let dir = '';
  summarisedRepository(FILES, (made) => (dir = made));

  it('JSON: summarised and why, each entry point on its line, the plaintext ones as risks, counts per namespace', async () => {
    const { code, out, err } = await runCli(['threats', '.', '--format', 'json'], dir);
    assert.equal(code, 0);
    assert.equal(err, "7 files: past the index's bound no address, image, environment or annotation is kept (as archipel check), so the system map is not made: a summarised answer (the entry points the Kubernetes summaries keep, their plaintext front doors per namespace); run archipel threats on a part of the repository (a folder) for the whole model.\n");
    const json = JSON.parse(out) as { summarised: unknown; risks: unknown[]; entries: unknown[]; namespaces: unknown[] };
    assert.deepEqual(json.summarised, { files: 7, reason: "past the index's bound (7 files): the system map is not made; the entry points the Kubernetes summaries keep and their plaintext front doors" });
    assert.deepEqual(json.entries, [
      { namespace: 'ops', object: 'DaemonSet/exporter', via: 'hostPort', port: 9100, tls: false, file: 'ops/agent.yaml', line: 20 },
      { namespace: 'ops', object: 'Service/grafana', via: 'NodePort', port: 30300, tls: false, file: 'ops/node.yaml', line: 10 },
      { namespace: 'shop', object: 'Ingress/api', via: 'Ingress', hosts: ['api.example.com'], tls: true, file: 'shop/ingress-tls.yaml', line: 11 },
      { namespace: 'shop', object: 'Ingress/front', via: 'Ingress', hosts: ['shop.example.com'], tls: false, file: 'shop/ingress.yaml', line: 8 },
      { namespace: 'shop', object: 'Service/secure', via: 'LoadBalancer', port: 443, tls: true, file: 'shop/secure.yaml', line: 9 },
      { namespace: 'shop', object: 'Service/web', via: 'LoadBalancer', port: 80, tls: false, file: 'shop/web.yaml', line: 11 },
    ]);
    assert.deepEqual(json.namespaces, [{ namespace: 'ops', entries: 2, plaintext: 2 }, { namespace: 'shop', entries: 4, plaintext: 2 }]);
    assert.deepEqual(json.risks, [
      { rule: 'unencrypted-communication', stride: 'information-disclosure', severity: 'medium', title: 'Unencrypted communication from the Internet to DaemonSet/exporter (hostPort 9100): a plaintext front door', elements: [], sources: [{ file: 'ops/agent.yaml', line: 20 }], namespace: 'ops' },
      { rule: 'unencrypted-communication', stride: 'information-disclosure', severity: 'medium', title: 'Unencrypted communication from the Internet to Service/grafana (NodePort 30300): a plaintext front door', elements: [], sources: [{ file: 'ops/node.yaml', line: 10 }], namespace: 'ops' },
      { rule: 'unencrypted-communication', stride: 'information-disclosure', severity: 'medium', title: 'Unencrypted communication from the Internet to Ingress/front (Ingress shop.example.com): a plaintext front door', elements: [], sources: [{ file: 'shop/ingress.yaml', line: 8 }], namespace: 'shop' },
      { rule: 'unencrypted-communication', stride: 'information-disclosure', severity: 'medium', title: 'Unencrypted communication from the Internet to Service/web (LoadBalancer 80): a plaintext front door', elements: [], sources: [{ file: 'shop/web.yaml', line: 11 }], namespace: 'shop' },
    ]);
  });

  it('text: the summary line, the counts per namespace, each risk on its line', async () => {
    const { code, out } = await runCli(['threats', '.'], dir);
    assert.equal(code, 0);
    assert.deepEqual(out.trim().split('\n'), [
      'Summarised: 6 entry point(s), 4 plaintext, in 2 namespace(s).',
      '  ops: 2 entry point(s), 2 plaintext',
      '  shop: 4 entry point(s), 2 plaintext',
      'ops/agent.yaml:20: medium unencrypted-communication (information-disclosure): Unencrypted communication from the Internet to DaemonSet/exporter (hostPort 9100): a plaintext front door',
      'ops/node.yaml:10: medium unencrypted-communication (information-disclosure): Unencrypted communication from the Internet to Service/grafana (NodePort 30300): a plaintext front door',
      'shop/ingress.yaml:8: medium unencrypted-communication (information-disclosure): Unencrypted communication from the Internet to Ingress/front (Ingress shop.example.com): a plaintext front door',
      'shop/web.yaml:11: medium unencrypted-communication (information-disclosure): Unencrypted communication from the Internet to Service/web (LoadBalancer 80): a plaintext front door',
      '4 risk(s) raised (summarised).',
    ]);
  });

  it('markdown: says it is summarised and why, the namespaces and the entry points', async () => {
    const { code, out } = await runCli(['threats', '.', '--format', 'markdown'], dir);
    assert.equal(code, 0);
    const lines = out.trim().split('\n');
    assert.deepEqual(lines.slice(0, 11), [
      '# Threat model: repository',
      '',
      "Summarised: past the index's bound (7 files): the system map is not made; the entry points the Kubernetes summaries keep and their plaintext front doors.",
      '',
      '4 open risk(s).',
      '',
      '## Namespaces',
      '',
      '| Namespace | Entry points | Plaintext |',
      '|---|---|---|',
      '| ops | 2 | 2 |',
    ]);
    assert.equal(lines[lines.length - 1], '| shop | Service/web | LoadBalancer | 80 | no | shop/web.yaml:11 |');
  });
});

// Past the bound the answer once dropped what the full model says of the lines (issue #95): a Compose service's published
// ports (Compose files stay whole in the index), a container's escapes and literal secrets (a workload's read again,
// one file at a time, as a check reads it: its summary keeps no line of it). Bound lowered to 3 files, five files.
describe('threats: the summarised answer keeps escapes, literal secrets and published Compose ports (issue #95)', function () {
  this.timeout(120_000);
  let dir = '';
  const files: Record<string, string> = {
    'compose.yaml': ['services:', '  web:', '    image: nginx', '    ports:', '      - "8080:80"', '      - "127.0.0.1:9000:9000"', '  db:', '    image: postgres:17', '    environment:', '      POSTGRES_PASSWORD: hunter2secret', '    ports:', '      - target: 5432', '        published: 5432', '  agent:', '    image: portainer/agent', '    volumes:', '      - /var/run/docker.sock:/var/run/docker.sock', ''].join('\n'),
    'k8s/api.yaml': ['apiVersion: apps/v1', 'kind: Deployment', 'metadata:', '  name: api', '  namespace: shop', 'spec:', '  template:', '    spec:', '      containers:', '        - name: api', '          image: api:1', '          securityContext:', '            privileged: true', '          env:', '            - name: DB_PASSWORD', '              value: s3cr3t-literal', ''].join('\n'),
    'k8s/a.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\nspec:\n  ports:\n    - port: 80\n',
    'k8s/b.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: b\nspec:\n  ports:\n    - port: 80\n',
    'k8s/quiet.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: quiet\nspec:\n  template:\n    spec:\n      containers:\n        - name: q\n          image: q:1\n          env:\n            - name: DB_PASSWORD\n              valueFrom:\n                secretKeyRef: {name: db, key: pw}\n',
  };
  summarisedRepository(files, (made) => (dir = made));

  it('JSON: the published ports as entry points (not the loopback one), each escape and literal secret on its line', async () => {
    const { out } = await runCli(['threats', '.', '--format', 'json'], dir);
    const json = JSON.parse(out) as { entries: unknown[]; risks: { rule: string; stride: string; title: string; sources: unknown[] }[] };
    assert.deepEqual(json.entries, [
      { namespace: '(compose)', object: 'service/web', via: 'published', port: 8080, tls: false, file: 'compose.yaml', line: 5 },
      { namespace: '(compose)', object: 'service/db', via: 'published', port: 5432, tls: false, file: 'compose.yaml', line: 13 },
    ]);
    assert.deepEqual(json.risks.map((r) => [r.rule, r.stride, r.title, r.sources]), [
      ['unencrypted-communication', 'information-disclosure', 'Unencrypted communication from the Internet to service/web (published 8080): a plaintext front door', [{ file: 'compose.yaml', line: 5 }]],
      ['unencrypted-communication', 'information-disclosure', 'Unencrypted communication from the Internet to service/db (published 5432): a plaintext front door', [{ file: 'compose.yaml', line: 13 }]],
      ['accidental-secret-leak', 'information-disclosure', 'Accidental secret leak at service/db', [{ file: 'compose.yaml', line: 10 }]],
      ['container-platform-escape', 'elevation-of-privilege', 'Container platform escape at service/agent', [{ file: 'compose.yaml', line: 17 }]],
      ['container-platform-escape', 'elevation-of-privilege', 'Container platform escape at Deployment/api', [{ file: 'k8s/api.yaml', line: 13 }]],
      ['accidental-secret-leak', 'information-disclosure', 'Accidental secret leak at Deployment/api', [{ file: 'k8s/api.yaml', line: 16 }]],
    ]);
  });
});
