// The Kubernetes family's sources for the system map (issue #64), on real repositories
// (server/test/fixtures/oss/system, SOURCES.md there): kustomize applied (microservices-demo's
// COLLECTOR_SERVICE_ADDR patches), a ConfigMap read whole by envFrom as possible calls only
// (bank-of-anthos), Google Managed Prometheus PodMonitoring and prometheus-operator Probe objects, the
// instance each node is, and Argo CD's app of apps (Applications a Helm chart writes) linked to what they sync.
import assert from 'node:assert/strict';
import { families } from '../../../src/families/index';
import { systemContributors } from '../../../src/families/descriptor';
import { prepareContributors } from '../../../src/features/system/contributor';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { buildSystemModel, type SystemModel } from '../../../src/system/model';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { repository } from '../system/repositories';

/** The model's edges of a kind between components of the Kubernetes family, by name. */
function edges(model: SystemModel, kind: string): string[] {
  const node = new Map(model.nodes.map((n) => [n.id, n]));
  return [...new Set(model.edges.filter((e) => e.kind === kind && node.get(e.from)?.family === 'kubernetes' && e.from !== 'person:users').map((e) => `${node.get(e.from)!.name} → ${node.get(e.to)?.name ?? e.to}`))].sort();
}

describe('Kubernetes sources of the system map (issue #64)', () => {
  it('bank-of-anthos: the shared service-api-config read whole by envFrom gives calls only under the keys the code names — no ledgerwriter → contacts, transactionhistory, userservice', async () => {
    const { model } = await repository('GoogleCloudPlatform+bank-of-anthos');
    const certain = edges(model, 'calls');
    const possible = edges(model, 'may-call');
    for (const call of ['ledgerwriter → contacts', 'ledgerwriter → transactionhistory', 'ledgerwriter → userservice']) assert.ok(!certain.includes(call) && !possible.includes(call), `${call} drawn`);
    // Each key read whole is a call when the service's code names it (issue #79: the fixture holds the services' code that reads them).
    for (const call of ['frontend → userservice', 'ledgerwriter → balancereader', 'userservice → accounts-db', 'transactionhistory → ledger-db', 'loadgenerator → frontend']) assert.ok(certain.includes(call), `${call} missing: ${certain.join(', ')}`);
    // What stays possible: each database's own address in its ConfigMap, to its own Service (folded away in the views).
    assert.deepEqual(possible, ['accounts-db → accounts-db', 'ledger-db → ledger-db']);
  });

  it('microservices-demo: kustomize components applied — the collector calls of google-cloud-operations, said by its patches', async () => {
    const { model } = await repository('GoogleCloudPlatform+microservices-demo');
    const node = new Map(model.nodes.map((n) => [n.id, n]));
    const collector = model.edges.filter((e) => e.kind === 'calls' && node.get(e.to)?.name === 'opentelemetrycollector');
    assert.deepEqual([...new Set(collector.map((e) => node.get(e.from)!.name))].sort(), ['checkoutservice', 'currencyservice', 'emailservice', 'frontend', 'paymentservice', 'productcatalogservice', 'recommendationservice']);
    for (const edge of collector) assert.match(edge.sources[0].uri, /\/kustomize\/components\/google-cloud-operations\/kustomization\.yaml$/);
    // memorystore deletes redis-cart in its overlay: no redis-cart there.
    assert.ok(!model.nodes.some((n) => n.name === 'redis-cart' && n.deployment?.name === 'tests/memorystore-with-all-components'));
    assert.ok(model.nodes.some((n) => n.name === 'redis-cart' && n.deployment?.name === 'tests/service-mesh-istio-with-all-components'));
  });

  it('microservices-demo: each way of deploying frontend is an instance — the manifests (a kustomization skaffold builds), the kustomize base, its test overlays, the Helm chart', async () => {
    const { model } = await repository('GoogleCloudPlatform+microservices-demo');
    const frontends = model.nodes.filter((n) => n.name === 'frontend' && n.resource === 'Deployment');
    // release/kubernetes-manifests.yaml's frontend has the id of kubernetes-manifests' (kind, namespace, name): one node, the first instance said.
    assert.deepEqual(frontends.map((n) => `${n.deployment?.tool} ${n.deployment?.name}`).sort(), [
      'helm helm-chart',
      'kustomize kubernetes-manifests',
      'kustomize kustomize',
      'kustomize tests/memorystore-with-all-components',
      'kustomize tests/service-mesh-istio-with-all-components',
      'kustomize tests/spanner-with-all-components',
    ]);
    for (const n of frontends) {
      assert.equal(n.identity?.label, 'frontend');
      assert.notEqual(n.technology, 'Deployment');
    }
    // skaffold builds `frontend`: the manifests' image is that artifact.
    assert.ok(frontends.some((n) => n.identity?.artifact === 'frontend'));
    // The LoadBalancer is a way in, the Users call the model draws from it.
    assert.ok(model.edges.some((e) => e.from === 'person:users' && node(model, e.to) === 'frontend-external'));
  });

  it('microservices-demo: an Istio Gateway and a Gateway API Gateway are ways in, routed to the frontend Service by the VirtualService and the HTTPRoute', async () => {
    const { model } = await repository('GoogleCloudPlatform+microservices-demo');
    const describe = (e: { from: string; to: string; label: string }) => `${node(model, e.from)} → ${node(model, e.to)} ${e.label}`;
    const gateways = model.edges.filter((e) => e.from.startsWith('k8s:Gateway/') || e.to.startsWith('k8s:Gateway/')).map(describe);
    assert.ok(gateways.includes('Users → frontend-gateway :80'), gateways.join('\n'));
    assert.ok(gateways.includes('frontend-gateway → frontend routes (VirtualService)'));
    assert.ok(gateways.includes('istio-gateway → frontend routes (HTTPRoute)'));
  });

  it('bank-of-anthos extras: PodMonitoring (Managed Prometheus) scrapes the blackbox exporter; a Probe probes its static targets', async () => {
    const { model } = await repository('GoogleCloudPlatform+bank-of-anthos');
    const monitors = model.nodes.filter((n) => n.kind === 'monitor' && n.family === 'kubernetes').map((n) => `${n.name} (${n.technology})`);
    assert.ok(monitors.includes('frontend-probe (Managed Prometheus PodMonitoring)'), monitors.join(', '));
    assert.ok(monitors.includes('frontend-probe (Prometheus Probe)'));
    const scrapes = model.edges.filter((e) => e.kind === 'scrapes' && node(model, e.from) === 'frontend-probe').map((e) => `${e.label} ${node(model, e.to)}`);
    assert.ok(scrapes.includes('scrapes blackbox-exporter'), scrapes.join(', '));
    assert.ok(scrapes.includes('probes frontend'), scrapes.join(', '));
  });

  it('Argo CD app of apps: the Applications a Helm chart writes are linked to the folders they sync', async () => {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    const files: Record<string, string> = {
      'apps/Chart.yaml': 'apiVersion: v2\nname: apps\nversion: 0.1.0\n',
      'apps/values.yaml': 'applications:\n  - name: guestbook\n  - name: shop\n    path: sock-shop/base\n',
      'apps/templates/applications.yaml': '{{- range .Values.applications }}\n---\napiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: {{ .name }}\n  namespace: argocd\nspec:\n  project: default\n  source:\n    repoURL: https://github.com/acme/apps\n    path: {{ .path | default .name }}\n  destination:\n    server: https://kubernetes.default.svc\n    namespace: {{ .name }}\n{{- end }}\n',
      'guestbook/ui.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: guestbook-ui\nspec:\n  selector:\n    matchLabels: { app: guestbook-ui }\n  template:\n    metadata:\n      labels: { app: guestbook-ui }\n    spec:\n      containers:\n        - name: ui\n          image: gcr.io/acme/guestbook-ui:1\n',
      'sock-shop/base/kustomization.yaml': 'resources:\n  - carts.yaml\n',
      'sock-shop/base/carts.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: carts\nspec:\n  selector:\n    matchLabels: { app: carts }\n  template:\n    metadata:\n      labels: { app: carts }\n    spec:\n      containers:\n        - name: carts\n          image: weaveworksdemos/carts:0.4.8\n',
    };
    for (const [name, text] of Object.entries(files)) index.update(`file:///repo/${name}`, text);
    const contributors = systemContributors(families);
    await prepareContributors(contributors, index);
    const model = buildSystemModel(index, contributors);
    const name = new Map(model.nodes.map((n) => [n.id, n.name]));
    const syncs = model.edges.filter((e) => e.kind === 'deploys' && e.from.startsWith('k8s:Application/')).map((e) => `${name.get(e.from)} → ${name.get(e.to)}`).sort();
    // Before: 0 — the Applications exist only in the chart's render, where the folders they sync are not.
    assert.deepEqual(syncs, ['guestbook → guestbook-ui', 'shop → carts']);
  });
});

function node(model: SystemModel, id: string): string | undefined {
  return model.nodes.find((n) => n.id === id)?.name;
}
