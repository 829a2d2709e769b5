// The system map's model (issue #49): what each family contributes, from inline files, with the
// exact line of every node and edge; the cross-family resolution (addresses, mentions, mounts).
import assert from 'node:assert/strict';
import { families } from '../../../src/families/index';
import { systemContributors } from '../../../src/families/descriptor';
import type { SystemEdge } from '../../../src/features/system/contributor';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { buildSystemModel, type SystemModel } from '../../../src/system/model';
import { WorkspaceIndex } from '../../../src/workspace/index';

/** The model of files under file:///p/ (path → text). */
export function modelOf(files: Record<string, string>): SystemModel {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [name, text] of Object.entries(files)) index.update(`file:///p/${name}`, text);
  return buildSystemModel(index, systemContributors(families));
}

/** Compares edge lists whatever their order. */
function sameEdges(actual: string[], expected: string[]): void {
  assert.deepEqual(actual, [...expected].sort());
}

/** An edge as `from -kind-> to (label) @file:line,…`, ids without the file:///p/ prefix. */
function edgeText(edge: SystemEdge): string {
  const short = (id: string) => id.replaceAll('file:///p/', '').replaceAll('file:///p', '.');
  return `${short(edge.from)} -${edge.kind}-> ${short(edge.to)} (${edge.label}) @${edge.sources.map((s) => `${s.uri.replace('file:///p/', '')}:${s.range.start.line + 1}`).join(',')}`;
}

function edges(model: SystemModel, kind?: string): string[] {
  return model.edges.filter((e) => !kind || e.kind === kind).map(edgeText).sort();
}

describe('System map: the Compose family', () => {
  const compose = [
    'name: shop',
    'services:',
    '  web:',
    '    build: ./web',
    '    ports: ["8080:80"]',
    '    environment:',
    '      API_URL: http://api:5000/v1',
    '      CACHE: cache:6379',
    '    depends_on: [api]',
    '  api:',
    '    image: ghcr.io/acme/api:1.2',
    '    expose: ["5000"]',
    '    environment:',
    '      - DATABASE_URL=postgres://app@db:5432/shop',
    '      - STRIPE=https://api.stripe.com',
    '      - LOOP=http://localhost:5000',
    '    depends_on:',
    '      db:',
    '        condition: service_healthy',
    '  db:',
    '    image: postgres:17',
    '    ports: ["5432"]',
    '    volumes: ["./init.sql:/docker-entrypoint-initdb.d/init.sql:ro"]',
    '',
  ].join('\n');
  const model = modelOf({ 'compose.yaml': compose, 'web/Dockerfile': 'FROM nginx:1.27\nEXPOSE 80\n' });

  it('makes a component of each service, in its project, with its technology and served ports', () => {
    const services = model.nodes.filter((n) => n.id.startsWith('compose:') && n.kind !== 'environment');
    assert.deepEqual(services.map((n) => [n.name, n.kind, n.technology ?? '', n.image ?? '', (n.ports ?? []).join(','), n.sources[0].range.start.line + 1]), [
      ['api', 'service', '', 'ghcr.io/acme/api', '5000', 10],
      ['db', 'datastore', 'PostgreSQL', 'postgres', '5432', 20],
      ['web', 'service', 'NGINX', 'shop-web', '80', 3],
    ]);
    assert.ok(services.every((n) => n.parent === 'compose:file:///p'));
    assert.equal(model.node('compose:file:///p')?.name, 'Compose shop');
  });

  it('connects depends_on, environment addresses with protocol and port, published ports, the build', () => {
    sameEdges(edges(model).filter((e) => !e.includes('-runs->')), [
      'compose:.:api -calls-> compose:.:db (PostgreSQL :5432) @compose.yaml:14',
      'compose:.:api -calls-> external:api.stripe.com (HTTPS) @compose.yaml:15',
      'compose:.:api -depends-on-> compose:.:db (depends on (healthy)) @compose.yaml:18',
      'compose:.:web -calls-> compose:.:api (HTTP :5000) @compose.yaml:7',
      'compose:.:web -depends-on-> compose:.:api (depends on) @compose.yaml:9',
      'file:web/Dockerfile -builds-> image:shop-web (builds) @compose.yaml:4',
      'person:users -calls-> compose:.:web (:8080) @compose.yaml:5',
    ]);
    sameEdges(edges(model, 'runs'), ['compose:.:api -runs-> image:ghcr.io/acme/api (runs) @compose.yaml:11', 'compose:.:db -runs-> image:postgres (runs) @compose.yaml:21', 'compose:.:web -runs-> image:shop-web (runs) @compose.yaml:4']);
  });

  it('keeps an address nothing answers, with the names the project knows', () => {
    assert.deepEqual(
      model.unresolved.map((u) => [u.reference.text, u.reason, u.reference.source.range.start.line + 1, u.known.join(',')]),
      [['cache:6379', 'host', 8, 'web,api,db']],
    );
  });

  it('reports a port the answering service does not serve', () => {
    const wrong = modelOf({ 'compose.yaml': 'services:\n  web:\n    image: nginx\n    environment:\n      API: http://api:5001\n  api:\n    image: acme/api\n    expose: ["5000"]\n' });
    assert.deepEqual(wrong.unresolved.map((u) => [u.reason, u.node?.name, u.reference.port]), [['port', 'api', 5001]]);
  });
});

describe('System map: the Kubernetes family', () => {
  const manifests = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: frontend',
    'spec:',
    '  selector: {matchLabels: {app: frontend}}',
    '  template:',
    '    metadata:',
    '      labels: {app: frontend}',
    '      annotations:',
    '        prometheus.io/scrape: "true"',
    '        prometheus.io/port: "8080"',
    '    spec:',
    '      containers:',
    '        - name: server',
    '          image: frontend',
    '          ports: [{containerPort: 8080}]',
    '          env:',
    '            - name: PRODUCT_CATALOG_SERVICE_ADDR',
    '              value: "productcatalogservice:3550"',
    '            - name: CART',
    '              value: "cartservice:7070"',
    '          envFrom:',
    '            - configMapRef: {name: frontend-config}',
    '---',
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    '  name: frontend',
    'spec:',
    '  selector:',
    '    app: frontend',
    '  ports: [{port: 80, targetPort: 8080}]',
    '---',
    'apiVersion: networking.k8s.io/v1',
    'kind: Ingress',
    'metadata:',
    '  name: web',
    'spec:',
    '  rules:',
    '    - host: shop.example.com',
    '      http:',
    '        paths:',
    '          - path: /',
    '            pathType: Prefix',
    '            backend:',
    '              service:',
    '                name: frontend',
    '                port: {number: 80}',
    '',
  ].join('\n');
  const catalog = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: productcatalogservice',
    'spec:',
    '  selector: {matchLabels: {app: productcatalogservice}}',
    '  template:',
    '    metadata: {labels: {app: productcatalogservice}}',
    '    spec:',
    '      containers: [{name: server, image: productcatalogservice, ports: [{containerPort: 3550}]}]',
    '---',
    'apiVersion: v1',
    'kind: Service',
    'metadata:',
    '  name: productcatalogservice',
    'spec:',
    '  selector: {app: productcatalogservice}',
    '  ports: [{name: grpc, port: 3550, targetPort: 3550}]',
    '---',
    'apiVersion: v1',
    'kind: ConfigMap',
    'metadata:',
    '  name: frontend-config',
    'data:',
    '  REDIS: redis://redis-cart:6379',
    '',
  ].join('\n');
  const model = modelOf({ 'k8s/frontend.yaml': manifests, 'k8s/catalog.yaml': catalog });

  it('makes workloads components and Services and Ingresses endpoints', () => {
    assert.deepEqual(model.nodes.filter((n) => n.id.startsWith('k8s:')).map((n) => `${n.id} ${n.kind} ${n.name} :${(n.ports ?? []).join(',')} @${n.sources[0].range.start.line + 1}`), [
      'k8s:Deployment//frontend service frontend :8080 @4',
      'k8s:Deployment//productcatalogservice service productcatalogservice :3550 @4',
      'k8s:Ingress//web endpoint web : @38',
      'k8s:Service//frontend endpoint frontend :80 @29',
      'k8s:Service//productcatalogservice endpoint productcatalogservice :3550 @15',
    ]);
  });

  it('connects selectors, Ingress backends, addresses in env and ConfigMaps, the scrape annotation', () => {
    sameEdges(edges(model).filter((e) => !e.includes('-runs->')), [
      'k8s:Deployment//frontend -calls-> k8s:Service//productcatalogservice (:3550) @k8s/frontend.yaml:20',
      'k8s:Ingress//web -routes-> k8s:Service//frontend (routes shop.example.com/ → 80) @k8s/frontend.yaml:48',
      'k8s:Service//frontend -routes-> k8s:Deployment//frontend (selects → 8080) @k8s/frontend.yaml:31',
      'k8s:Service//productcatalogservice -routes-> k8s:Deployment//productcatalogservice (selects → 3550) @k8s/catalog.yaml:17',
      'monitor:prometheus.io/scrape -scrapes-> k8s:Deployment//frontend (scrapes :8080/metrics) @k8s/frontend.yaml:11',
      'person:users -calls-> k8s:Ingress//web (shop.example.com) @k8s/frontend.yaml:40',
    ]);
    // catalog.yaml's REDIS sits in a ConfigMap frontend alone reads whole (envFrom): its environment moved aside, so a host
    // nothing answers is unresolved as in `env` (issue #95; a ConfigMap several workloads read gives possible calls, never unresolved).
    assert.deepEqual(model.unresolved.map((u) => `${u.reference.text} ${u.reason} @${u.reference.source.uri.slice(10)}:${u.reference.source.range.start.line + 1}`), ['cartservice:7070 host @k8s/frontend.yaml:22', 'redis://redis-cart:6379 host @k8s/catalog.yaml:25']);
  });

  it('an Argo CD Application deploys the workloads of its folder', () => {
    const app = 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: shop\n  namespace: argocd\nspec:\n  source:\n    repoURL: https://example.com/shop.git\n    path: k8s\n';
    const withApp = modelOf({ 'k8s/frontend.yaml': manifests, 'argocd/app.yaml': app });
    sameEdges(edges(withApp, 'deploys'), ['k8s:Application/argocd/shop -deploys-> k8s:Deployment//frontend (syncs) @argocd/app.yaml:9']);
  });

  it('an Application syncs a plain folder\'s subfolders only with directory.recurse, as Argo CD does', () => {
    const app = 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: shop\n  namespace: argocd\nspec:\n  source:\n    repoURL: https://example.com/shop.git\n    path: k8s\n';
    const files = { 'k8s/frontend.yaml': manifests, 'k8s/catalog/catalog.yaml': manifests.replace(/frontend/g, 'catalog'), 'argocd/app.yaml': app };
    const synced = (model: ReturnType<typeof modelOf>) => edges(model, 'deploys').map((e) => e.split(' (')[0]).sort();
    assert.deepEqual(synced(modelOf(files)), ['k8s:Application/argocd/shop -deploys-> k8s:Deployment//frontend']);
    const recursing = { ...files, 'argocd/app.yaml': `${app}    directory:\n      recurse: true\n` };
    assert.deepEqual(synced(modelOf(recursing)), ['k8s:Application/argocd/shop -deploys-> k8s:Deployment//catalog', 'k8s:Application/argocd/shop -deploys-> k8s:Deployment//frontend']);
  });
});

describe('System map: Dockerfiles, CI builds and skaffold', () => {
  it('a Dockerfile packages the model it copies; a workflow builds the image metadata-action names from env', () => {
    const workflow = [
      'name: Release',
      'on: push',
      'env:',
      '  IMAGE: ghcr.io/acme/api',
      'jobs:',
      '  image:',
      '    runs-on: ubuntu-latest',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - id: meta',
      '        uses: docker/metadata-action@v5',
      '        with:',
      '          images: ${{ env.IMAGE }}',
      '      - uses: docker/build-push-action@v6',
      '        with:',
      '          context: api',
      '          push: true',
      '          tags: ${{ steps.meta.outputs.tags }}',
      '      - run: docker build -t ghcr.io/acme/worker:latest -f worker/Dockerfile worker',
      '',
    ].join('\n');
    const model = modelOf({ '.github/workflows/release.yml': workflow, 'api/Dockerfile': 'FROM python:3.12 AS build\nRUN true\nFROM python:3.12-slim\nCOPY models/model.onnx /srv/\nCMD ["serve"]\n', 'worker/Dockerfile': 'FROM alpine\n' });
    sameEdges(edges(model), [
      'file:api/Dockerfile -builds-> image:ghcr.io/acme/api (builds) @.github/workflows/release.yml:14',
      'file:api/models/model.onnx -packages-> file:api/Dockerfile (copied into) @api/Dockerfile:4',
      'file:worker/Dockerfile -builds-> image:ghcr.io/acme/worker (builds) @.github/workflows/release.yml:19',
      'workflow:.github/workflows/release.yml -builds-> image:ghcr.io/acme/api (builds in image) @.github/workflows/release.yml:14',
      'workflow:.github/workflows/release.yml -builds-> image:ghcr.io/acme/worker (builds in image) @.github/workflows/release.yml:19',
    ]);
    assert.equal(model.node('file:file:///p/api/Dockerfile')?.sources[0].range.start.line, 2);
  });

  it('skaffold builds its artifacts from their context and deploys its manifests', () => {
    const skaffold = 'apiVersion: skaffold/v4beta11\nkind: Config\nmetadata:\n  name: app\nbuild:\n  artifacts:\n    - image: frontend\n      context: src/frontend\nmanifests:\n  rawYaml:\n    - ./kubernetes-manifests/*.yaml\n';
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: frontend\nspec:\n  template:\n    spec:\n      containers: [{name: server, image: frontend}]\n';
    const model = modelOf({ 'skaffold.yaml': skaffold, 'src/frontend/Dockerfile': 'FROM golang\n', 'kubernetes-manifests/frontend.yaml': deployment });
    sameEdges(edges(model), [
      'file:src/frontend/Dockerfile -builds-> image:frontend (builds) @skaffold.yaml:7',
      'k8s:Deployment//frontend -runs-> image:frontend (runs) @kubernetes-manifests/frontend.yaml:8',
      'skaffold:skaffold.yaml#app -builds-> image:frontend (builds) @skaffold.yaml:7',
      'skaffold:skaffold.yaml#app -deploys-> k8s:Deployment//frontend (deploys) @skaffold.yaml:10',
    ]);
  });
});

describe('System map: workflows deploying', () => {
  it('kubectl apply -f a folder deploys its workloads; a workflow editing a manifest and pushing deploys it', () => {
    const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  template:\n    spec:\n      containers: [{name: api, image: ghcr.io/acme/api:1}]\n';
    const apply = 'on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: kubectl apply -f deploy/\n';
    const bump = 'name: Bump\non: workflow_dispatch\njobs:\n  bump:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n          sed -i "s|image: .*|image: x|" deploy/api.yaml\n          git commit -am bump && git push\n';
    const model = modelOf({ 'deploy/api.yaml': deployment, '.github/workflows/apply.yml': apply, '.github/workflows/bump.yml': bump });
    sameEdges(edges(model, 'deploys'), [
      'workflow:.github/workflows/apply.yml -deploys-> k8s:Deployment//api (kubectl apply) @.github/workflows/apply.yml:6',
      'workflow:.github/workflows/bump.yml -deploys-> k8s:Deployment//api (commits the manifest (GitOps)) @.github/workflows/bump.yml:8',
    ]);
    assert.equal(model.node('workflow:file:///p/.github/workflows/bump.yml')?.name, 'Bump');
  });
});

describe('System map: monitoring (Prometheus and Grafana)', () => {
  const compose = 'services:\n  api:\n    image: acme/api\n    ports: ["5000:5000"]\n  prometheus:\n    image: prom/prometheus\n    volumes: ["./monitoring/prometheus.yml:/etc/prometheus/prometheus.yml"]\n  alertmanager:\n    image: prom/alertmanager\n  grafana:\n    image: grafana/grafana\n    volumes: ["./monitoring/grafana:/etc/grafana/provisioning"]\n';
  const prometheus = 'rule_files: [alerts.yml]\nalerting:\n  alertmanagers:\n    - static_configs:\n        - targets: ["alertmanager:9093"]\nscrape_configs:\n  - job_name: api\n    static_configs:\n      - targets: ["api:5000", "ghost:1"]\n';
  const datasources = 'apiVersion: 1\ndatasources:\n  - name: Prometheus\n    uid: prom\n    type: prometheus\n    url: http://prometheus:9090\n';
  const dashboard = JSON.stringify({ title: 'API', schemaVersion: 39, panels: [{ id: 1, datasource: { type: 'prometheus', uid: 'prom' }, targets: [{ expr: 'up' }] }] }, null, 1);
  const model = modelOf({ 'compose.yaml': compose, 'monitoring/prometheus.yml': prometheus, 'monitoring/alerts.yml': 'groups: []\n', 'monitoring/grafana/datasources.yml': datasources, 'monitoring/grafana/dashboards/api.json': dashboard });

  it('scrape targets, Alertmanagers, rule files, datasources and dashboards, each at its line; a target nothing answers is not the system\'s to report', () => {
    sameEdges(edges(model).filter((e) => !e.includes('-runs->') && !e.startsWith('person')), [
      'compose:.:grafana -reads-> file:monitoring/grafana/datasources.yml (mounts) @compose.yaml:12',
      'compose:.:grafana -reads-> file:monitoring/grafana/dashboards/api.json (mounts) @compose.yaml:12',
      'compose:.:prometheus -reads-> file:monitoring/prometheus.yml (mounts) @compose.yaml:7',
      'file:monitoring/grafana/dashboards/api.json -queries-> file:monitoring/grafana/datasources.yml (draws from) @monitoring/grafana/dashboards/api.json:7',
      'file:monitoring/grafana/datasources.yml -queries-> compose:.:prometheus (datasource Prometheus) @monitoring/grafana/datasources.yml:6',
      'file:monitoring/prometheus.yml -alerts-> compose:.:alertmanager (sends alerts) @monitoring/prometheus.yml:5',
      'file:monitoring/prometheus.yml -alerts-> file:monitoring/alerts.yml (evaluates) @monitoring/prometheus.yml:1',
      'file:monitoring/prometheus.yml -scrapes-> compose:.:api (scrapes /metrics (job api)) @monitoring/prometheus.yml:9',
    ]);
    assert.deepEqual(model.unresolved.map((u) => [u.reference.text, u.reference.report]), [['ghost:1', false]]);
  });
});

describe('System map: pipelines, serving and governance', () => {
  it('stages read and write data and models; the image packaging the model is served by the component running it', () => {
    const dvc = 'stages:\n  prepare:\n    cmd: python prepare.py\n    deps: [prepare.py, data/raw.csv]\n    outs: [data/clean.csv]\n  train:\n    cmd: python train.py\n    deps: [train.py, data/clean.csv]\n    outs: [model/model.onnx]\n';
    const compose = 'services:\n  api:\n    build: .\n    image: ghcr.io/acme/api\n';
    const dockerfile = 'FROM ghcr.io/archipel-demo/archipel:0.1.0\nCOPY model/model.onnx /models/model.onnx\n';
    const model = modelOf({ 'dvc.yaml': dvc, 'compose.yaml': compose, Dockerfile: dockerfile });
    sameEdges(edges(model).filter((e) => /-(reads|writes|serves|packages)->/.test(e)), [
      'compose:.:api -serves-> file:model/model.onnx (serves) @Dockerfile:2',
      'file:model/model.onnx -packages-> file:Dockerfile (copied into) @Dockerfile:2',
      'stage:dvc.yaml#prepare -reads-> file:data/raw.csv (reads) @dvc.yaml:4',
      'stage:dvc.yaml#prepare -writes-> file:data/clean.csv (writes) @dvc.yaml:5',
      'stage:dvc.yaml#train -reads-> file:data/clean.csv (reads) @dvc.yaml:8',
      'stage:dvc.yaml#train -writes-> file:model/model.onnx (writes) @dvc.yaml:9',
    ]);
    assert.equal(model.node('file:file:///p/model/model.onnx')?.kind, 'model');
    assert.equal(model.node('compose:file:///p:api')?.technology, 'archipel serve');
  });

  it('ADRs decide what they name, RACI roles own what their activities name, AMDEC risks threaten it', () => {
    const compose = 'services:\n  order-service:\n    image: acme/orders\n  db:\n    image: postgres:17\n';
    const adr = '# 2. Store orders in PostgreSQL\n\n## Status\n\nAccepted\n\n## Context\n\nThe order-service needs a store.\n\n## Decision\n\nWe use Postgres.\n';
    const raci = 'kind: raci\nroles:\n  - {id: ops, name: Operations}\n  - {id: dev, name: Developers}\nactivities:\n  - id: A1\n    activity: Run the order-service in production\n    raci: {ops: A, dev: R}\n';
    const amdec = 'kind: amdec\nmethod: rpn\nrisks:\n  - id: R-1\n    item: order-service\n    failure_mode: The `db` fills up\n    effect: Orders lost\n    cause: No retention\n    severity: 5\n    occurrence: 5\n    detection: 5\n';
    const model = modelOf({ 'compose.yaml': compose, 'docs/adr/0002-store-orders.md': adr, 'governance/team.raci.yaml': raci, 'governance/risks.amdec.yaml': amdec });
    sameEdges(edges(model).filter((e) => /-(decides|owns|threatens)->/.test(e)), [
      'decision:docs/adr/0002-store-orders.md -decides-> compose:.:db (decides) @docs/adr/0002-store-orders.md:1,docs/adr/0002-store-orders.md:13',
      'risk:governance/risks.amdec.yaml#R-1 -threatens-> compose:.:db (threatens) @governance/risks.amdec.yaml:6',
      'risk:governance/risks.amdec.yaml#R-1 -threatens-> compose:.:order-service (threatens) @governance/risks.amdec.yaml:5',
      'role:governance/team.raci.yaml#ops -owns-> compose:.:order-service (A: A1) @governance/team.raci.yaml:7',
    ]);
  });
});
