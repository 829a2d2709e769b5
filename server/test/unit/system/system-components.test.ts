// One logical component, several deployments; kinds from evidence; entry points and exposures; possible
// calls; the summary past the map's size (issue #64) — on inline workspaces and a contributor of the test's own.
import assert from 'node:assert/strict';
import { families } from '../../../src/families/index';
import { systemContributors } from '../../../src/families/descriptor';
import type { SystemBuilder, SystemContribution } from '../../../src/features/system/contributor';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { systemFindings } from '../../../src/system/checks';
import { decidedEntries } from '../../../src/system/entries';
import { systemMermaid } from '../../../src/system/mermaid';
import { buildSystemModel, type SystemModel } from '../../../src/system/model';
import { MAP_LIMIT, systemView } from '../../../src/system/views';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { calls } from './repositories';

function indexOf(files: Record<string, string>): WorkspaceIndex {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [name, text] of Object.entries(files)) index.update(`file:///p/${name}`, text);
  return index;
}

function modelOf(files: Record<string, string>, more: readonly SystemContribution[] = []): { model: SystemModel; index: WorkspaceIndex } {
  const index = indexOf(files);
  return { model: buildSystemModel(index, [...systemContributors(families), ...more]), index };
}

/** The containers view's boxes as `name kind technology ×instances`. */
function boxes(model: SystemModel): string[] {
  return systemView(model, 'containers', 'p').nodes.filter((n) => n.kind !== 'person' && n.kind !== 'external').map((n) => `${n.name} ${n.kind} ${n.technology ?? '-'} ×${n.members.length}`).sort();
}

const deployment = (name: string, image: string, extra = '') =>
  `apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: ${name}\nspec:\n  selector: {matchLabels: {app: ${name}}}\n  template:\n    metadata: {labels: {app: ${name}}}\n    spec:\n      containers:\n        - name: ${name}\n          image: ${image}\n${extra}`;
const service = (name: string, type = 'ClusterIP', port = 80) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${name}\nspec:\n  type: ${type}\n  selector: {app: ${name}}\n  ports: [{port: ${port}}]\n`;

describe('System map: one component, several deployments (issue #64)', () => {
  it('Compose, plain manifests, a registry image of the same build and an extras/ variant are one box; the main deployment\'s lines first', () => {
    const { model } = modelOf({
      'compose.yaml': 'services:\n  api:\n    build: ./api\n    environment: {DB: "postgres://db:5432/app"}\n  db:\n    build: ./db\n',
      'api/Dockerfile': 'FROM golang:1.22 AS build\nRUN go build -o /api\nFROM gcr.io/distroless/static\nCOPY --from=build /api /api\n',
      'db/Dockerfile': 'FROM postgres:16-alpine\n',
      'k8s/api.yaml': deployment('api', 'ghcr.io/acme/api:1.4'),
      'extras/canary/api.yaml': deployment('api', 'ghcr.io/acme/api:1.5').replace('name: api\nspec', 'name: api\n  namespace: canary\nspec'),
    });
    // The Go build behind distroless, PostgreSQL by the db's FROM; three deployments of api.
    assert.deepEqual(boxes(model), ['api service Go ×3', 'db datastore PostgreSQL ×1']);
    const api = systemView(model, 'containers', 'p').nodes.find((n) => n.name === 'api')!;
    assert.equal(api.sources[0].uri, 'file:///p/compose.yaml');
    assert.equal(api.sources[api.sources.length - 1].uri, 'file:///p/extras/canary/api.yaml');
  });

  it('a name two unrelated projects use for different programs stays two boxes, each with its folder', () => {
    const { model } = modelOf({
      'shop/compose.yaml': 'services:\n  backend:\n    build: .\n  web:\n    image: nginx\n',
      'shop/Dockerfile': 'FROM node:20\n',
      'blog/compose.yaml': 'services:\n  backend:\n    build: .\n  cache:\n    image: redis:7\n',
      'blog/Dockerfile': 'FROM python:3.12\n',
    });
    assert.deepEqual(boxes(model), ['backend (blog) service Python ×1', 'backend (shop) service Node.js ×1', 'cache cache Redis ×1', 'web service NGINX ×1']);
  });

  it('kinds from evidence: the protocol of the calls into it, a decision record naming it and its technology; the runtime of an image run as is', () => {
    const { model } = modelOf({
      'compose.yaml': 'services:\n  app:\n    image: python:3.12\n    environment:\n      LEDGER: "postgres://ledger:5432/l"\n      EVENTS: "amqp://bus:5672"\n  ledger:\n    image: acme/ledger-store:2\n  bus:\n    image: acme/bus:1\n  orders-db:\n    image: acme/orders:3\n',
      'docs/adr/0001-orders.md': '# 1. Orders in MongoDB\n\n## Status\n\nAccepted\n\n## Decision\n\n`orders-db` runs MongoDB.\n',
    });
    assert.deepEqual(boxes(model), ['app service Python ×1', 'bus broker RabbitMQ ×1', 'ledger datastore PostgreSQL ×1', 'orders-db datastore MongoDB ×1']);
  });
});

describe('System map: entry points and exposures (issue #64)', () => {
  it('Users reach what nothing fronts; a backend published beside its proxy is not the users\' call; a store\'s published port is an exposure unless bound to this machine', () => {
    const compose = [
      'services:',
      '  proxy:',
      '    image: nginx',
      '    ports: ["80:80"]',
      '    environment: {UPSTREAM: "http://api:8080"}',
      '  api:',
      '    image: acme/api',
      '    ports: ["8080:8080"]',
      '  db:',
      '    image: postgres:17',
      '    ports: ["0.0.0.0:5432:5432"]',
      '  cache:',
      '    image: redis:7',
      '    ports: ["127.0.0.1:6379:6379"]',
      '  queue:',
      '    image: rabbitmq:3',
      '    ports:',
      '      - target: 5672',
      '        published: 5672',
      '        host_ip: 127.0.0.1',
      '  search:',
      '    image: elasticsearch:8.15.0',
      '    ports: ["[::1]:9200:9200"]',
      '',
    ].join('\n');
    const { model, index } = modelOf({ 'compose.yaml': compose });
    assert.deepEqual(calls(systemView(model, 'containers', 'p')), ['Users → proxy', 'proxy → api']);
    // The host address of each published port, as written (the short syntax's, the long syntax's host_ip, IPv6 in brackets).
    const roles = decidedEntries(model).map((d) => `${model.node(d.entry.to)?.name} ${d.entry.hostIp ?? '-'} ${d.role}`);
    assert.deepEqual(roles.sort(), ['api - operator', 'cache 127.0.0.1 local', 'db 0.0.0.0 exposure', 'proxy - user', 'queue 127.0.0.1 local', 'search ::1 local']);
    // A store's port published to the host's network is drawn as Users reaching it (issue #98), as the diff lists it (the
    // model's Users edge); one bound to the loopback address is reachable from this machine only: no arrow in any view,
    // no Users edge in the model (the diff), no finding.
    // A backend published beside its proxy is an operator's way in: drawn reaching it, dashed, not as the users' call (#95).
    for (const view of ['containers', 'deployment'] as const) assert.deepEqual(calls(systemView(model, view, 'p'), 'reaches'), ['Users → api', 'Users → db'], view);
    assert.deepEqual(systemView(model, 'context', 'p').edges.filter((e) => e.kind === 'reaches').map((e) => e.label), [':8080, :5432']);
    assert.deepEqual(model.edges.filter((e) => e.from === 'person:users').map((e) => `${model.node(e.to)?.name} ${e.label}`).sort(), ['api :8080', 'db :5432', 'proxy :80']);
    const findings = systemFindings(model, index).get('file:///p/compose.yaml') ?? [];
    assert.deepEqual(findings.map((f) => `${f.range.start.line + 1} ${f.code}: ${f.message}`), [
      "11 system-exposed-store: db (PostgreSQL) publishes port 5432 on the host's network: its clients reach it on the project's network. Remove the published port, or bind it to 127.0.0.1 for local tools.",
    ]);
  });

  it('a cache publishing :6379 is drawn as Users reaching it, labelled with its port, in the containers view, its Mermaid, the deployment and the context (issue #98)', () => {
    const compose = 'services:\n  api:\n    image: acme/api\n    ports: ["5000:5000"]\n  cache:\n    image: redis:7.2\n    ports: ["6379:6379"]\n';
    // A variant's broker published too (extras/): the deployment view's to draw, as a variant's ways in are.
    const { model } = modelOf({ 'compose.yaml': compose, 'extras/dev/compose.yaml': 'services:\n  queue:\n    image: rabbitmq:3\n    ports: ["5672:5672"]\n' });
    // The diff's entry point (the model's Users → cache `calls` edge, as `archipel diff` reads it)...
    assert.ok(model.edges.some((e) => e.from === 'person:users' && model.node(e.to)?.name === 'cache' && e.label === ':6379'), 'the model has Users → cache :6379');
    // ...drawn by the containers view: dashed (a way in, not the users' call), on its line.
    const view = systemView(model, 'containers', 'p');
    const users = view.edges.filter((e) => e.from === 'person:users').map((e) => `${view.nodes.find((n) => n.id === e.to)?.name} ${e.kind} ${e.label} @${e.sources.map((x) => x.range.start.line + 1).join(',')}`);
    assert.deepEqual(users.sort(), ['api calls :5000 @4', 'cache reaches :6379 @7']);
    assert.match(systemMermaid(view), /^ {2}Rel\(Users, cache, ":6379"\)$/m);
    assert.match(systemMermaid({ ...view, view: 'delivery' }), /Users -\.->\|":6379"\| cache/);
    assert.deepEqual(calls(systemView(model, 'deployment', 'p'), 'reaches'), ['Users → cache', 'Users → queue']);
    assert.deepEqual(systemView(model, 'context', 'p').edges.map((e) => `${e.from} ${e.kind} ${e.to} ${e.label}`).sort(), ['person:users calls system :5000', 'person:users reaches system :6379']);
  });

  it('a published port of what a Grafana datasource queries is an operator\'s way in, even when its image does not say what it runs', () => {
    const compose = [
      'services:',
      '  shop:',
      '    image: acme/shop',
      '    ports: ["8080:8080"]',
      '  metrics:',
      '    image: ${METRICS_IMAGE}',
      '    ports: ["9090:9090"]',
      '  grafana:',
      '    image: grafana/grafana',
      '',
    ].join('\n');
    const datasources = ['apiVersion: 1', 'datasources:', '  - name: Metrics', '    type: prometheus', '    url: http://metrics:9090', ''].join('\n');
    const { model } = modelOf({ 'compose.yaml': compose, 'grafana/provisioning/datasources/ds.yaml': datasources });
    assert.deepEqual(calls(systemView(model, 'containers', 'p')), ['Users → shop']);
    assert.ok(model.edges.some((e) => e.kind === 'queries' && model.node(e.to)?.name === 'metrics'), 'the datasource queries metrics');
  });

  it('a LoadBalancer of a variant folder is that variant\'s way in, drawn in the deployment view only', () => {
    const { model } = modelOf({ 'k8s/web.yaml': `${deployment('web', 'acme/web:1')}---\n${service('web', 'LoadBalancer')}`, 'extras/debug/api.yaml': `${deployment('api', 'acme/api:1')}---\n${service('api', 'NodePort')}` });
    assert.deepEqual(calls(systemView(model, 'containers', 'p')), ['Users → web']);
    assert.deepEqual(calls(systemView(model, 'deployment', 'p')), ['Users → api', 'Users → web']);
  });
});

/** A contributor of the test's own: what a family fills in through the contract. */
function contribution(contribute: (builder: SystemBuilder) => void): SystemContribution {
  return { family: 'test', contributor: { contribute } };
}

const at = (line: number) => ({ uri: 'file:///p/test.yaml', range: { start: { line, character: 0 }, end: { line, character: 4 } } });

describe('System map: the contract\'s possible calls and the map\'s bounds (issue #64)', () => {
  it('an address the component may read but is not shown to use is a possible call, drawn dashed, and gives way to a certain call between the same components', () => {
    const { model } = modelOf({}, [
      contribution((b) => {
        for (const name of ['writer', 'contacts', 'ledger']) {
          b.node({ id: `t:${name}`, kind: 'service', name, sources: [at(0)] });
          b.answers(`t:${name}`, 'test', [name]);
        }
        b.address({ from: 't:writer', host: 'contacts', port: 8080, scopes: ['test'], text: 'contacts:8080', source: at(1), internal: true, certainty: 'possible' });
        b.address({ from: 't:writer', host: 'ledger', port: 8080, scopes: ['test'], text: 'ledger:8080', source: at(2), internal: true, certainty: 'possible' });
        b.address({ from: 't:writer', host: 'ledger', port: 8080, scopes: ['test'], text: 'ledger:8080', source: at(3), internal: true });
        b.address({ from: 't:writer', host: 'nowhere', port: 1, scopes: ['test'], text: 'nowhere:1', source: at(4), internal: true, certainty: 'possible' });
      }),
    ]);
    const view = systemView(model, 'containers', 'p');
    assert.deepEqual(calls(view, 'may-call'), ['writer → contacts']);
    assert.deepEqual(calls(view), ['writer → ledger']);
    assert.equal(view.edges.find((e) => e.kind === 'may-call')?.label, 'may call :8080');
    assert.match(systemMermaid({ ...view, view: 'delivery' }), /writer -\.->\|"may call :8080"\| contacts/);
    // A possible address nothing answers is no finding: only a certain one is.
    assert.deepEqual(model.unresolved, []);
  });

  it(`past ${MAP_LIMIT} components a view is a summary: a box per folder, the calls between folders counted, and a note saying so`, () => {
    const { model } = modelOf({}, [
      contribution((b) => {
        for (let i = 0; i < MAP_LIMIT + 100; i++) {
          const team = `team-${i % 4}`;
          const source = { uri: `file:///p/apps/${team}/app-${i}/deploy.yaml`, range: { start: { line: 0, character: 0 }, end: { line: 0, character: 1 } } };
          b.node({ id: `t:${i}`, kind: 'service', name: `app-${i}`, sources: [source] });
          if (i > 0) b.edge({ from: `t:${i}`, to: `t:${i - 1}`, kind: 'calls', label: ':80', sources: [source] });
        }
      }),
    ]);
    const view = systemView(model, 'containers', 'p');
    assert.deepEqual(view.nodes.map((n) => `${n.name} ${n.technology ?? ''}`).sort(), ['team-0/ 100 components', 'team-1/ 100 components', 'team-2/ 100 components', 'team-3/ 100 components']);
    assert.deepEqual(view.edges.map((e) => `${e.from} → ${e.to} ${e.label}`).sort(), ['folder:team-1 → folder:team-0 100 × calls', 'folder:team-2 → folder:team-1 100 × calls', 'folder:team-3 → folder:team-2 100 × calls', 'folder:team-0 → folder:team-3 99 × calls'].sort());
    assert.match(systemMermaid(view), /^%% 400 components: past 300 components or 2000 connections the containers view is summarised, one box per folder \(1 level deep\)/);
  });
});

describe('System map: lists by key at scale (issue #68)', () => {
  it('one Ingress routing to many Services reaches every workload, in the order of its rules, and each is the users\' way in', () => {
    const count = 120;
    const names = Array.from({ length: count }, (_, i) => `svc-${String(i).padStart(3, '0')}`);
    const paths = names.map((name) => `          - {path: /${name}, pathType: Prefix, backend: {service: {name: ${name}, port: {number: 80}}}}`).join('\n');
    const files: Record<string, string> = { 'ingress.yaml': `apiVersion: networking.k8s.io/v1\nkind: Ingress\nmetadata:\n  name: edge\nspec:\n  rules:\n    - http:\n        paths:\n${paths}\n` };
    for (const name of names) files[`${name}.yaml`] = `${deployment(name, `acme/${name}:1`)}---\n${service(name)}`;
    const { model } = modelOf(files);
    const entries = decidedEntries(model).filter((d) => d.entry.via === 'ingress');
    assert.deepEqual(entries.map((d) => d.role), ['user']);
    assert.deepEqual(entries[0].components.map((c) => c.name), names);
    assert.deepEqual(calls(systemView(model, 'containers', 'p')).filter((c) => c.startsWith('Users → ')).length, count);
  });
});
