// An Argo CD app of apps as Argo CD resolves it (issue #79): a fixture written here in argocd-example-apps' pattern
// (that repository has no licence), server/test/fixtures/system/argocd-app-of-apps/ (its README says what it holds).
import assert from 'node:assert/strict';
import path from 'node:path';
import { componentsOf } from '../../../src/system/components';
import { fixturesDir } from '../../helpers';
import { repository } from './repositories';

const under = path.join(fixturesDir, 'system');

describe('System map: an Argo CD app of apps (issue #79)', () => {
  it('the parent → the apps chart → each child Application → the objects it syncs, as Argo CD renders them, in its destination namespace', async () => {
    const { model, root, view } = await repository('argocd-app-of-apps', under);
    const short = (s: string) => s.split(`${root}/`).join('');
    const edges = (kind: string) => model.edges.filter((e) => e.kind === kind).map((e) => `${short(e.from)} -${e.label}-> ${short(e.to)} ${e.sources.map((s) => `${short(s.uri)}:${s.range.start.line + 1}`).join(',')}`).sort();
    assert.deepEqual(edges('deploys'), [
      // The app of apps: the chart the parent syncs installs the six child Applications.
      'helm:apps/ -installs-> k8s:Application/argocd/guestbook apps/Chart.yaml:2',
      'helm:apps/ -installs-> k8s:Application/argocd/helm-guestbook apps/Chart.yaml:2',
      'helm:apps/ -installs-> k8s:Application/argocd/hooked-guestbook apps/Chart.yaml:2',
      'helm:apps/ -installs-> k8s:Application/argocd/hooks apps/Chart.yaml:2',
      'helm:apps/ -installs-> k8s:Application/argocd/kustomize-guestbook apps/Chart.yaml:2',
      'helm:apps/ -installs-> k8s:Application/argocd/waves apps/Chart.yaml:2',
      // The chart as the release `production` (helm.releaseName; `release-name-helm-guestbook` with helm template's defaults), in helm-guestbook.
      'helm:helm-guestbook/ -installs-> k8s:Deployment/helm-guestbook/production-helm-guestbook helm-guestbook/Chart.yaml:2',
      'k8s:Application/argocd/apps -syncs-> helm:apps/ root.yaml:11',
      // The plain folder's objects, named as written, in the Application's destination namespace.
      'k8s:Application/argocd/guestbook -syncs-> k8s:Deployment/guestbook/guestbook-ui apps/templates/guestbook.yaml:14',
      'k8s:Application/argocd/helm-guestbook -syncs-> helm:helm-guestbook/ apps/templates/helm-guestbook.yaml:14',
      // `kubectl kustomize hooked-guestbook`: its own prefix over kustomize-guestbook's (`hooked-kustomize-guestbook-ui`) and its hook Job `hooked-migrate`.
      'k8s:Application/argocd/hooked-guestbook -syncs-> k8s:Deployment/hooked-guestbook/hooked-kustomize-guestbook-ui@hooked-guestbook apps/templates/hooked-guestbook.yaml:14',
      'k8s:Application/argocd/hooked-guestbook -syncs-> k8s:Job/hooked-guestbook/hooked-migrate apps/templates/hooked-guestbook.yaml:14',
      // Two folders with the same hook Jobs: each Application's own, in its namespace.
      'k8s:Application/argocd/hooks -syncs-> k8s:Job/hooks/maintenance-off apps/templates/hooks.yaml:14',
      'k8s:Application/argocd/hooks -syncs-> k8s:Job/hooks/maintenance-on apps/templates/hooks.yaml:14',
      // `kubectl kustomize kustomize-guestbook`: `kustomize-guestbook-ui` (namePrefix), no namespace, so the destination's.
      'k8s:Application/argocd/kustomize-guestbook -syncs-> k8s:Deployment/kustomize-guestbook/kustomize-guestbook-ui apps/templates/kustomize-guestbook.yaml:14',
      'k8s:Application/argocd/waves -syncs-> k8s:Job/waves/maintenance-off apps/templates/waves.yaml:14',
      'k8s:Application/argocd/waves -syncs-> k8s:Job/waves/maintenance-on apps/templates/waves.yaml:14',
    ]);
    // Each Service routes to its workload in its namespace; the namespace-less copies are gone.
    assert.deepEqual(edges('routes').map((e) => e.replace(/ \S+$/, '')), [
      'k8s:Service/guestbook/guestbook-ui -selects → 80-> k8s:Deployment/guestbook/guestbook-ui',
      'k8s:Service/helm-guestbook/production-helm-guestbook -selects → 80-> k8s:Deployment/helm-guestbook/production-helm-guestbook',
      'k8s:Service/hooked-guestbook/hooked-kustomize-guestbook-ui@hooked-guestbook -selects → 80-> k8s:Deployment/hooked-guestbook/hooked-kustomize-guestbook-ui@hooked-guestbook',
      'k8s:Service/kustomize-guestbook/kustomize-guestbook-ui -selects → 80-> k8s:Deployment/kustomize-guestbook/kustomize-guestbook-ui',
    ]);
    assert.deepEqual(model.nodes.filter((n) => n.id.startsWith('k8s:') && n.namespace === undefined && n.kind !== 'pipeline').map((n) => n.id), []);
    // The release's values: values-production.yaml's 3 replicas.
    assert.equal(model.node('k8s:Deployment/helm-guestbook/production-helm-guestbook')?.replicas, 3);
    // Two Applications' destinations are two scopes (#79): the plain folder, the kustomization and the one prefixing it run one
    // image but are three components, each named as written (no prefix), with its instance in its namespace; so are the two folders' Jobs.
    const components = componentsOf(model).list;
    assert.deepEqual(components.map((c) => `${c.name}: ${[...c.instances.values()].map((i) => `${i.tool} ${i.name} ${i.namespace ?? '-'}`).sort().join(', ')}`).sort(), [
      'guestbook-ui (guestbook): manifests guestbook guestbook',
      'guestbook-ui (hooked-guestbook): kustomize hooked-guestbook hooked-guestbook',
      'guestbook-ui (kustomize-guestbook): kustomize kustomize-guestbook kustomize-guestbook',
      'maintenance-off (hooks): manifests hooks hooks',
      'maintenance-off (waves): manifests waves waves',
      'maintenance-on (hooks): manifests hooks hooks',
      'maintenance-on (waves): manifests waves waves',
      'migrate: kustomize hooked-guestbook hooked-guestbook',
      'production-helm-guestbook: helm helm-guestbook helm-guestbook',
    ]);
    assert.equal(components.length, 9);
    // The delivery view (what `archipel diagram system --view delivery` draws): each Application's sync edge on its own box.
    const delivery = view('delivery');
    const named = new Map(delivery.nodes.map((n) => [n.id, n.name]));
    assert.deepEqual(delivery.edges.filter((e) => e.label === 'syncs').map((e) => `${named.get(e.from) ?? e.from} → ${named.get(e.to) ?? e.to}`).sort(), [
      'apps → apps',
      'guestbook → guestbook-ui (guestbook)',
      'helm-guestbook → helm-guestbook',
      'hooked-guestbook → guestbook-ui (hooked-guestbook)',
      'hooked-guestbook → migrate',
      'hooks → maintenance-off (hooks)',
      'hooks → maintenance-on (hooks)',
      'kustomize-guestbook → guestbook-ui (kustomize-guestbook)',
      'waves → maintenance-off (waves)',
      'waves → maintenance-on (waves)',
    ]);
  });
});
