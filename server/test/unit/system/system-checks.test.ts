// The system map's checks and the drift of hand-drawn diagrams (issue #49): inline workspaces, each
// diagnostic with its exact covered text, code and message; the quick fixes and the regeneration.
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import { families } from '../../../src/families/index';
import { facesOf, systemContributors } from '../../../src/families/descriptor';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { systemFeature } from '../../../src/system/feature';
import { WorkspaceIndex } from '../../../src/workspace/index';

const feature = systemFeature(systemContributors(families), facesOf(families));

function workspace(files: Record<string, string>): WorkspaceIndex {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [name, text] of Object.entries(files)) index.update(`file:///p/${name}`, text);
  return index;
}

/** Each diagnostic of a file as `line: [covered] code: message`. */
function check(files: Record<string, string>, name: string): string[] {
  const index = workspace(files);
  const file = index.get(`file:///p/${name}`)!;
  const found = diagnoseFile(file, [feature], { index, settings: defaultSettings, isCancelled: () => false });
  return found.sort((a, b) => a.range.start.line - b.range.start.line || String(a.code).localeCompare(String(b.code))).map((d) => {
    const line = file.text.split('\n')[d.range.start.line];
    return `${d.range.start.line + 1}: [${line.slice(d.range.start.character, d.range.start.line === d.range.end.line ? d.range.end.character : undefined)}] ${String(d.code)}: ${d.message}`;
  });
}

/** The code actions at the first diagnostic of a rule (or at a position), with their edits applied to the file. */
function actions(files: Record<string, string>, name: string, code: string): { title: string; text: string }[] {
  const index = workspace(files);
  const file = index.get(`file:///p/${name}`)!;
  const context = { index, settings: defaultSettings, isCancelled: () => false };
  const diagnostics: Diagnostic[] = diagnoseFile(file, [feature], context).filter((d) => d.code === code);
  return feature.codeActions!(file, diagnostics[0].range, diagnostics, context).map((action) => {
    const edits = action.edit!.changes![file.uri];
    let text = file.text;
    for (const edit of [...edits].sort((a, b) => file.lines.offsetAt(b.range.start) - file.lines.offsetAt(a.range.start))) text = text.slice(0, file.lines.offsetAt(edit.range.start)) + edit.newText + text.slice(file.lines.offsetAt(edit.range.end));
    return { title: action.title, text };
  });
}

describe('System map checks: images and addresses', () => {
  const skaffold = 'apiVersion: skaffold/v4beta11\nkind: Config\nbuild:\n  artifacts:\n    - image: frontend\n      context: src/frontend\n    - image: cartservice\n      context: src/cartservice\n';
  const deployments = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: frontend',
    'spec:',
    '  template:',
    '    spec:',
    '      containers:',
    '        - name: server',
    '          image: frontnd',
    '        - name: cache',
    '          image: redis:alpine',
    '        - name: sync',
    '          image: ghcr.io/acme/sync:1',
    '        - name: checkout',
    '          image: checkoutservice',
    '',
  ].join('\n');

  it('an image deployed that nothing builds and that names no registry: did you mean, a quick fix', () => {
    const files = { 'skaffold.yaml': skaffold, 'src/frontend/Dockerfile': 'FROM golang\n', 'kubernetes-manifests/frontend.yaml': deployments };
    assert.deepEqual(check(files, 'kubernetes-manifests/frontend.yaml'), [
      '10: [frontnd] system-image-unbuilt: Image "frontnd" is deployed but nothing in the repository builds it and it names no registry: did you mean "frontend"? It is built here.',
      '16: [checkoutservice] system-image-unbuilt: Image "checkoutservice" is deployed but nothing in the repository builds it and it names no registry (the images built here are frontend, cartservice).',
    ]);
    assert.deepEqual(actions(files, 'kubernetes-manifests/frontend.yaml', 'system-image-unbuilt').map((a) => [a.title, a.text.split('\n')[9]]), [['Replace with "frontend"', '          image: frontend']]);
  });

  it('an image mistyped with its tag: the quick fix replaces the name the message suggests and keeps the tag', () => {
    const files = { 'skaffold.yaml': skaffold, 'src/frontend/Dockerfile': 'FROM golang\n', 'kubernetes-manifests/frontend.yaml': deployments.replace('image: frontnd', 'image: "frontnd:v0.10.1"') };
    assert.deepEqual(check(files, 'kubernetes-manifests/frontend.yaml')[0], '10: [frontnd] system-image-unbuilt: Image "frontnd:v0.10.1" is deployed but nothing in the repository builds it and it names no registry: did you mean "frontend"? It is built here.');
    assert.deepEqual(actions(files, 'kubernetes-manifests/frontend.yaml', 'system-image-unbuilt').map((a) => [a.title, a.text.split('\n')[9]]), [['Replace with "frontend"', '          image: "frontend:v0.10.1"']]);
  });

  it('an address no component of the Compose project answers, or on a port it does not serve', () => {
    const compose = 'services:\n  web:\n    image: nginx:1.27\n    environment:\n      API: http://apl:5000/v1\n      OTHER: http://api:5001\n      SELF: http://localhost:80\n      OUT: https://api.example.com\n  api:\n    image: acme/api:1\n    expose: ["5000"]\n';
    assert.deepEqual(check({ 'compose.yaml': compose }, 'compose.yaml'), [
      '5: [apl] system-address-unknown: No component answers "apl" here (in the Compose project of p): did you mean "api"?',
      '6: [5001] system-address-port: api does not serve port 5001: it serves 5000.',
    ]);
    assert.deepEqual(actions({ 'compose.yaml': compose }, 'compose.yaml', 'system-address-port').map((a) => [a.title, a.text.split('\n')[5]]), [['Replace with "5000"', '      OTHER: http://api:5000']]);
  });

  it('an address in a Kubernetes env or ConfigMap naming no Service of the namespace; # archipel-ignore silences it', () => {
    const manifests = [
      'apiVersion: apps/v1',
      'kind: Deployment',
      'metadata: {name: frontend, namespace: shop}',
      'spec:',
      '  template:',
      '    spec:',
      '      containers:',
      '        - name: server',
      '          image: ghcr.io/acme/frontend:1',
      '          env:',
      '            - name: CATALOG',
      '              value: "productcatalogservce:3550"',
      '            - name: OTHER',
      '              # archipel-ignore system-address-unknown',
      '              value: "legacy:80"',
      '---',
      'apiVersion: v1',
      'kind: Service',
      'metadata: {name: productcatalogservice, namespace: shop}',
      'spec:',
      '  ports: [{port: 3550}]',
      '',
    ].join('\n');
    assert.deepEqual(check({ 'k8s/all.yaml': manifests }, 'k8s/all.yaml'), ['12: [productcatalogservce] system-address-unknown: No component answers "productcatalogservce" here (in namespace shop): did you mean "productcatalogservice"?']);
  });

  it("two projects of the same objects side by side: the scope named by its namespace, never by the project's folder (issue #92)", () => {
    const manifests = (address: string) =>
      ['apiVersion: apps/v1', 'kind: Deployment', 'metadata: {name: frontend}', 'spec:', '  template:', '    spec:', '      containers:', '        - name: server', '          image: ghcr.io/acme/frontend:1', '          env:', '            - name: CATALOG', `              value: "${address}"`, '---', 'apiVersion: v1', 'kind: Service', 'metadata: {name: catalog}', 'spec:', '  ports: [{port: 3550}]', ''].join('\n');
    const found = check({ 'one/k8s/all.yaml': manifests('catalg:3550'), 'two/k8s/all.yaml': manifests('catalog:3550') }, 'one/k8s/all.yaml');
    assert.deepEqual(found, ['12: [catalg] system-address-unknown: No component answers "catalg" here (in the cluster): did you mean "catalog"?']);
  });
});

describe('System map checks: monitoring, owners and decisions (hints)', () => {
  const compose = 'services:\n  api:\n    image: acme/api:1\n  worker:\n    image: acme/worker:1\n  db:\n    image: postgres:17\n  prometheus:\n    image: prom/prometheus:v3\n';
  const prometheus = 'scrape_configs:\n  - job_name: api\n    static_configs:\n      - targets: ["api:5000"]\n';
  const raci = 'kind: raci\nroles:\n  - {id: ops, name: Operations}\nactivities:\n  - id: A1\n    activity: Run the `api` and the `worker`\n    raci: {ops: AR}\n';

  it('a component nothing scrapes (the monitoring stack itself aside), one no RACI activity owns, a data store no ADR names', () => {
    const files = { 'compose.yaml': compose, 'monitoring/prometheus.yml': prometheus, 'governance/team.raci.yaml': raci, 'docs/adr/0001-use-a-queue.md': '# 1. Use a queue\n\n## Status\n\nAccepted\n\n## Decision\n\nThe `worker` reads a queue.\n' };
    assert.deepEqual(check(files, 'compose.yaml'), [
      '4: [worker] system-unmonitored: worker is not monitored: no scrape job, ServiceMonitor or prometheus.io/scrape annotation reaches it, while the repository has monitoring.',
      '6: [db] system-undecided-store: db (PostgreSQL) is a data store or broker no decision record names: the repository keeps ADRs.',
      '6: [db] system-unmonitored: db is not monitored: no scrape job, ServiceMonitor or prometheus.io/scrape annotation reaches it, while the repository has monitoring.',
      '6: [db] system-unowned: db has no owner: no activity of governance/team.raci.yaml names it with an accountable role.',
      '8: [prometheus] system-unowned: prometheus has no owner: no activity of governance/team.raci.yaml names it with an accountable role.',
    ]);
  });

  it('says nothing of a project without monitoring, RACI or ADRs, nor of another project\'s', () => {
    assert.deepEqual(check({ 'shop/compose.yaml': compose, 'other/monitoring/prometheus.yml': prometheus, 'other/governance/team.raci.yaml': raci }, 'shop/compose.yaml'), []);
  });
});

describe('System map: drift of hand-drawn diagrams', () => {
  const compose = 'services:\n  web:\n    image: acme/web:1\n    environment: {API: "http://payment-service:8080"}\n  payment-service:\n    image: acme/payments:1\n  db:\n    image: postgres:17\n';

  it('a Mermaid flowchart in Markdown: an element not deployed (did you mean, a fix), the missing components (a fix adding them), externals left alone', () => {
    const markdown = '# Architecture\n\n```mermaid\nflowchart LR\n  user((Customer)):::external --> fe[Web front]\n  fe --> pay[Paymnt service]\n  fe --> web2[web]\n  web2 --> store[(db)]\n  classDef external stroke-dasharray: 4\n```\n';
    const files = { 'compose.yaml': `${compose}  worker:\n    image: acme/worker:1\n`, 'docs/architecture.md': markdown };
    assert.deepEqual(check(files, 'docs/architecture.md'), [
      '4: [flowchart LR] system-drawing-missing: The drawing lacks a component the repository deploys: worker.',
      '5: [Web front] system-drawing-unknown: "Web front" is drawn but the repository does not deploy it (mark it external if it is outside the system).',
      '6: [Paymnt service] system-drawing-unknown: "Paymnt service" is drawn but the repository does not deploy it: did you mean "payment-service"?',
      '8: [web2 --> store] system-drawing-arrow: "web" → "db" is drawn, but the system map has no call, route or dependency between them.',
    ]);
    const typo = actions(files, 'docs/architecture.md', 'system-drawing-unknown');
    assert.deepEqual(typo.map((a) => a.title), ['Replace with "payment-service"', 'Regenerate the drawing from the system map']);
    assert.equal(typo[0].text, markdown.replace('pay[Paymnt service]', 'pay[payment-service]'));
    const missing = actions(files, 'docs/architecture.md', 'system-drawing-missing');
    assert.deepEqual(missing.map((a) => a.title), ['Add worker to the drawing', 'Regenerate the drawing from the system map']);
    assert.equal(missing[0].text, markdown.replace('  web2 --> store[(db)]\n', '  web2 --> store[(db)]\n  worker["worker"]\n'));
    // The author's people, classes and styles stay; the components and their connections come from the model, under the author's ids.
    assert.equal(missing[1].text, '# Architecture\n\n```mermaid\nflowchart LR\n  user((Customer)):::external --> fe[Web front]\n  store[("db")]\n  payment_service["payment-service"]\n  web2["web"]\n  worker["worker"]\n  web2 -->|"HTTP :8080"| payment_service\n  classDef external stroke-dasharray: 4\n```\n');
  });

  it('a Mermaid C4 diagram: an unknown container, did you mean with its quick fix', () => {
    const c4 = 'C4Container\n  title Shop\n  Person(customer, "Customer")\n  System_Boundary(shop, "Shop") {\n    Container(web, "web", "nginx")\n    Container(pay, "payment-servce", "Go")\n    ContainerDb(db, "db", "PostgreSQL")\n  }\n  Rel(customer, web, "uses")\n';
    const files = { 'compose.yaml': compose, 'docs/containers.mmd': c4 };
    assert.deepEqual(check(files, 'docs/containers.mmd'), ['6: [payment-servce] system-drawing-unknown: "payment-servce" is drawn but the repository does not deploy it: did you mean "payment-service"?']);
    assert.equal(actions(files, 'docs/containers.mmd', 'system-drawing-unknown')[0].text, c4.replace('"payment-servce"', '"payment-service"'));
  });

  it('a Structurizr DSL workspace: an unknown container, the missing ones added in the system', () => {
    const dsl = 'workspace "Shop" {\n  model {\n    customer = person "Customer"\n    shop = softwareSystem "Shop" {\n      web = container "web" "" "nginx"\n      cache = container "cache" "" "Redis"\n      pay = container "payment-service"\n    }\n    stripe = softwareSystem "Stripe" "" "External"\n  }\n  views {\n    container shop {\n      include *\n    }\n  }\n}\n';
    const files = { 'compose.yaml': compose, 'docs/shop.dsl': dsl };
    assert.deepEqual(check(files, 'docs/shop.dsl'), [
      '1: [workspace] system-drawing-missing: The drawing lacks a component the repository deploys: db. The drawing lacks a call the system map has: web → payment-service.',
      '6: [cache] system-drawing-unknown: "cache" is drawn but the repository does not deploy it (mark it external if it is outside the system).',
    ]);
    const [add, regenerate] = actions(files, 'docs/shop.dsl', 'system-drawing-missing');
    assert.equal(add.text, dsl.replace('      pay = container "payment-service"\n', '      pay = container "payment-service"\n      db = container "db" "" "PostgreSQL" "Database"\n      web -> pay "HTTP :8080" "HTTP"\n'));
    assert.equal(regenerate.text, dsl.replace('      cache = container "cache" "" "Redis"\n', '').replace('      pay = container "payment-service"\n', '      pay = container "payment-service"\n      db = container "db" "" "PostgreSQL" "Database"\n      web -> pay "HTTP :8080" "HTTP"\n'));
  });

  it('a Structurizr DSL workspace regenerated in place: the author\'s people, blocks, relationships of people, views and styles kept; containers not deployed and relationships between containers from the model', () => {
    const dsl = [
      'workspace "Shop" {',
      '  model {',
      '    customer = person "Customer"',
      '    shop = softwareSystem "Shop" {',
      '      web = container "web" "The shop" "nginx" {',
      '        tags "Front"',
      '      }',
      '      cache = container "cache" "" "Redis" {',
      '        tags "Cache"',
      '      }',
      '      pay = container "payment-service"',
      '    }',
      '    customer -> web "buys"',
      '    web -> cache "reads"',
      '    customer -> cache "peeks"',
      '  }',
      '  views {',
      '    container shop {',
      '      include *',
      '      autoLayout tb 300 150',
      '    }',
      '    styles {',
      '      element "Front" {',
      '        background #1168bd',
      '      }',
      '    }',
      '  }',
      '}',
      '',
    ].join('\n');
    const files = { 'compose.yaml': compose, 'docs/shop.dsl': dsl };
    const regenerate = actions(files, 'docs/shop.dsl', 'system-drawing-missing').find((a) => a.title === 'Regenerate the drawing from the system map')!;
    assert.equal(
      regenerate.text,
      dsl
        .replace('      cache = container "cache" "" "Redis" {\n        tags "Cache"\n      }\n', '')
        .replace('      pay = container "payment-service"\n', '      pay = container "payment-service"\n      db = container "db" "" "PostgreSQL" "Database"\n')
        .replace('    web -> cache "reads"\n    customer -> cache "peeks"\n', '    web -> pay "HTTP :8080" "HTTP"\n'),
    );
  });

  it('says nothing of a drawing of something else (fewer than two components drawn)', () => {
    const other = '```mermaid\nflowchart TD\n  a[Start] --> b{web?}\n```\n';
    assert.deepEqual(check({ 'compose.yaml': compose, 'docs/flow.md': other }, 'docs/flow.md'), []);
  });
});
