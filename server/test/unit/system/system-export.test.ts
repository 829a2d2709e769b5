// The system map's exports and CLI (issue #49): `archipel diagram system` with its views and formats;
// the JSON contract exactly; Mermaid C4, Structurizr DSL and C4-PlantUML of a small stack.
import assert from 'node:assert/strict';
import { runCli } from '../../cliRun';
import { makeTree } from '../../tempdir';

const stack = {
  'compose.yaml': 'name: shop\nservices:\n  web:\n    build: ./web\n    ports: ["8080:80"]\n    environment:\n      API_URL: http://api:5000\n  api:\n    image: ghcr.io/acme/api:1.2\n    expose: ["5000"]\n    environment:\n      DB: postgres://db:5432/shop\n  db:\n    image: postgres:17\n',
  'web/Dockerfile': 'FROM nginx:1.27\n',
  'k8s/api.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  selector: {matchLabels: {app: api}}\n  template:\n    metadata: {labels: {app: api}}\n    spec:\n      containers: [{name: api, image: "ghcr.io/acme/api:1.3", ports: [{containerPort: 5000}]}]\n---\napiVersion: v1\nkind: Service\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  selector: {app: api}\n  ports: [{port: 80, targetPort: 5000}]\n',
  'k8s/worker.yaml': 'apiVersion: batch/v1\nkind: CronJob\nmetadata:\n  name: worker\n  namespace: shop\nspec:\n  schedule: "@daily"\n  jobTemplate:\n    spec:\n      template:\n        spec:\n          containers:\n            - name: worker\n              image: ghcr.io/acme/worker:1\n              env: [{name: API, value: "http://api:80/jobs"}]\n',
};

async function diagram(args: string[]): Promise<{ code: number; out: string; err: string }> {
  const tree = makeTree(stack);
  try {
    return await runCli(['diagram', 'system', ...args], tree.root);
  } finally {
    tree.remove();
  }
}

/** The output with the system's name (the temporary folder's) as SYS. */
function normalised(out: string): string {
  const name = /title (.*): /.exec(out)?.[1] ?? /workspace "([^"]+)"/.exec(out)?.[1] ?? '';
  return out.replaceAll(name, 'SYS').replaceAll(name.replace(/[^A-Za-z0-9_]+/g, '_'), 'SYS');
}

describe('System map: archipel diagram system', () => {
  it('--format json is exactly the contract: nodes {id, kind, name, sources [{file, line}]}, edges {from, to, kind, label, sources}', async () => {
    const { code, out } = await diagram(['--format', 'json']);
    assert.equal(code, 0);
    const json = JSON.parse(out) as { nodes: Record<string, unknown>[]; edges: Record<string, unknown>[] };
    assert.deepEqual(Object.keys(json), ['nodes', 'edges']);
    for (const node of json.nodes) {
      assert.deepEqual(Object.keys(node), ['id', 'kind', 'name', 'sources']);
      for (const source of node.sources as Record<string, unknown>[]) assert.deepEqual(Object.keys(source), ['file', 'line']);
    }
    for (const edge of json.edges) {
      assert.deepEqual(Object.keys(edge), ['from', 'to', 'kind', 'label', 'sources']);
      for (const source of edge.sources as Record<string, unknown>[]) assert.deepEqual(Object.keys(source), ['file', 'line']);
    }
    const api = json.nodes.find((n) => n.id === 'compose:.:api');
    assert.deepEqual(api, { id: 'compose:.:api', kind: 'service', name: 'api', sources: [{ file: 'compose.yaml', line: 8 }] });
    assert.deepEqual(
      json.edges.find((e) => e.from === 'compose:.:api' && e.to === 'compose:.:db'),
      { from: 'compose:.:api', to: 'compose:.:db', kind: 'calls', label: 'PostgreSQL :5432', sources: [{ file: 'compose.yaml', line: 12 }] },
    );
    assert.deepEqual(
      json.edges.find((e) => e.kind === 'routes'),
      { from: 'k8s:Service/shop/api', to: 'k8s:Deployment/shop/api', kind: 'routes', label: 'selects → 5000', sources: [{ file: 'k8s/api.yaml', line: 19 }] },
    );
    // Every edge names the lines that make it, and both its ends are nodes.
    const ids = new Set(json.nodes.map((n) => n.id));
    for (const edge of json.edges) {
      assert.ok((edge.sources as unknown[]).length > 0, JSON.stringify(edge));
      assert.ok(ids.has(edge.from) && ids.has(edge.to), JSON.stringify(edge));
    }
  });

  it('--view containers --format json: one component per program (Compose\'s api and Kubernetes\'s run one image), Services folded into the calls they carry', async () => {
    const { out } = await diagram(['--view', 'containers', '--format', 'json']);
    const json = JSON.parse(out) as { nodes: { id: string; name: string; sources: { file: string; line: number }[] }[]; edges: { from: string; to: string; label: string; sources: { file: string; line: number }[] }[] };
    assert.deepEqual(json.nodes.map((n) => `${n.id} ${n.name} ${n.sources.map((s) => `${s.file}:${s.line}`).join(',')}`), ['person:users Users ', 'compose:.:api api compose.yaml:8,k8s/api.yaml:4', 'compose:.:db db compose.yaml:13', 'compose:.:web web compose.yaml:3', 'k8s:CronJob/shop/worker worker k8s/worker.yaml:4']);
    assert.deepEqual(json.edges.map((e) => `${e.from} -> ${e.to} ${e.label} ${e.sources.map((s) => `${s.file}:${s.line}`).join(',')}`), [
      'compose:.:api -> compose:.:db PostgreSQL :5432 compose.yaml:12',
      'compose:.:web -> compose:.:api HTTP :5000 compose.yaml:7',
      'k8s:CronJob/shop/worker -> compose:.:api HTTP :80 k8s/worker.yaml:15,k8s/api.yaml:19',
      'person:users -> compose:.:web :8080 compose.yaml:5',
    ]);
  });

  it('Mermaid C4 of each C4 view, a flowchart of the delivery', async () => {
    const containers = normalised((await diagram([])).out);
    assert.equal(containers, [
      'C4Container',
      '  title SYS: containers',
      '  Person(Users, "Users")',
      '  System_Boundary(SYS_system, "SYS") {',
      '    Container(web, "web", "NGINX")',
      '    Container(api, "api", "")',
      '    ContainerDb(db, "db", "PostgreSQL")',
      '    Container(worker, "worker", "")',
      '  }',
      '  Rel(api, db, "PostgreSQL :5432", "PostgreSQL")',
      '  Rel(web, api, "HTTP :5000", "HTTP")',
      '  Rel(worker, api, "HTTP :80", "HTTP")',
      '  Rel(Users, web, ":8080")',
      '  UpdateLayoutConfig($c4ShapeInRow="3", $c4BoundaryInRow="1")',
      '',
    ].join('\n'));
    const deployment = await diagram(['--view', 'deployment']);
    assert.match(deployment.out, /^C4Deployment\n/);
    assert.match(deployment.out, /Deployment_Node\(Kubernetes_cluster, "Kubernetes cluster", "Kubernetes"\) \{\n {4}Deployment_Node\(ns_shop, "namespace shop", "Kubernetes namespace"\) \{\n {6}Container\(worker, "worker", ""\)\n {6}Container\(api_3, "api", "Service ClusterIP"\)\n {6}Container\(api_2, "api", ""\)/);
    assert.match(deployment.out, /Rel\(worker, api_3, "HTTP :80", "HTTP"\)\n {2}Rel\(api_3, api_2, "selects → 5000"\)/);
    assert.match(deployment.out, /Deployment_Node\(Compose_shop, "Compose shop", "Docker Compose"\) \{/);
    const context = await diagram(['--view', 'context']);
    assert.match(context.out, /^C4Context\n/);
    assert.equal(normalised(context.out), 'C4Context\n  title SYS: context\n  Person(Users, "Users")\n  System(SYS, "SYS")\n  Rel(Users, SYS, ":8080")\n');
    const delivery = await diagram(['--view', 'delivery']);
    assert.match(delivery.out, /^flowchart LR\n/);
    assert.match(delivery.out, /web_Dockerfile>"web\/Dockerfile<br\/>Dockerfile"\]/);
  });

  it('Structurizr DSL and C4-PlantUML', async () => {
    const dsl = (await diagram(['--format', 'structurizr'])).out;
    assert.match(dsl, /^workspace "[^"]+" "archipel diagram system --view containers" \{\n {2}model \{\n {4}Users = person "Users"\n/);
    assert.match(dsl, /db = container "db" "" "PostgreSQL" "Database"/);
    assert.match(dsl, /web -> api "HTTP :5000" "HTTP"/);
    assert.match(dsl, /container \w+ "containers" \{\n {6}include \*\n {6}autoLayout lr/);
    const deploymentDsl = (await diagram(['--format', 'structurizr', '--view', 'deployment'])).out;
    assert.match(deploymentDsl, /deploymentEnvironment "Compose shop" \{\n {6}deploymentNode "Compose shop" "" "Docker Compose" \{\n {8}instance_1 = containerInstance api\n/);
    assert.match(deploymentDsl, /infrastructureNode "api" "" "Service ClusterIP"/);
    const puml = (await diagram(['--format', 'plantuml'])).out;
    assert.match(puml, /^@startuml\n!include <C4\/C4_Container>\n/);
    assert.match(puml, /ContainerDb\(db, "db", "PostgreSQL"\)/);
    assert.match(puml, /@enduml\n$/);
  });

  it('refuses a view or format it does not know, and a view for a diagram that has one', async () => {
    const view = await diagram(['--view', 'components']);
    assert.equal(view.code, 2);
    assert.match(view.err, /unknown view "components" of the system diagram \(expected containers, context, deployment, delivery\)/);
    const format = await diagram(['--format', 'dot']);
    assert.equal(format.code, 2);
    assert.match(format.err, /unknown format "dot" \(expected mermaid, markdown, json, structurizr, plantuml, svg, png\)/);
    const tree = makeTree(stack);
    try {
      const compose = await runCli(['diagram', 'compose', '--view', 'context'], tree.root);
      assert.equal(compose.code, 2);
      assert.match(compose.err, /the compose diagram has one view/);
    } finally {
      tree.remove();
    }
  });
});
