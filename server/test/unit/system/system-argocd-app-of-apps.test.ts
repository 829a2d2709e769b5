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
    const { model, root } = await repository('argocd-app-of-apps', under);
    const short = (s: string) => s.split(`${root}/`).join('');
    const edges = (kind: string) => model.edges.filter((e) => e.kind === kind).map((e) => `${short(e.from)} -${e.label}-> ${short(e.to)} ${e.sources.map((s) => `${short(s.uri)}:${s.range.start.line + 1}`).join(',')}`).sort();
    assert.deepEqual(edges('deploys'), [
      // The app of apps: the chart the parent syncs installs the three child Applications.
      'helm:apps/ -installs-> k8s:Application/argocd/guestbook apps/Chart.yaml:2',
      'helm:apps/ -installs-> k8s:Application/argocd/helm-guestbook apps/Chart.yaml:2',
      'helm:apps/ -installs-> k8s:Application/argocd/kustomize-guestbook apps/Chart.yaml:2',
      // The chart as the release `production` (helm.releaseName; `release-name-helm-guestbook` with helm template's defaults), in helm-guestbook.
      'helm:helm-guestbook/ -installs-> k8s:Deployment/helm-guestbook/production-helm-guestbook helm-guestbook/Chart.yaml:2',
      'k8s:Application/argocd/apps -syncs-> helm:apps/ root.yaml:11',
      // The plain folder's objects, named as written, in the Application's destination namespace.
      'k8s:Application/argocd/guestbook -syncs-> k8s:Deployment/guestbook/guestbook-ui apps/templates/guestbook.yaml:14',
      'k8s:Application/argocd/helm-guestbook -syncs-> helm:helm-guestbook/ apps/templates/helm-guestbook.yaml:14',
      // `kubectl kustomize kustomize-guestbook`: `kustomize-guestbook-ui` (namePrefix), no namespace, so the destination's.
      'k8s:Application/argocd/kustomize-guestbook -syncs-> k8s:Deployment/kustomize-guestbook/kustomize-guestbook-ui apps/templates/kustomize-guestbook.yaml:14',
    ]);
    // Each Service routes to its workload in its namespace; the namespace-less copies are gone.
    assert.deepEqual(edges('routes').map((e) => e.replace(/ \S+$/, '')), [
      'k8s:Service/guestbook/guestbook-ui -selects → 80-> k8s:Deployment/guestbook/guestbook-ui',
      'k8s:Service/helm-guestbook/production-helm-guestbook -selects → 80-> k8s:Deployment/helm-guestbook/production-helm-guestbook',
      'k8s:Service/kustomize-guestbook/kustomize-guestbook-ui -selects → 80-> k8s:Deployment/kustomize-guestbook/kustomize-guestbook-ui',
    ]);
    assert.deepEqual(model.nodes.filter((n) => n.id.startsWith('k8s:') && n.namespace === undefined && n.kind !== 'pipeline').map((n) => n.id), []);
    // The release's values: values-production.yaml's 3 replicas.
    assert.equal(model.node('k8s:Deployment/helm-guestbook/production-helm-guestbook')?.replicas, 3);
    // The plain folder and the kustomization are two instances of one component `guestbook-ui`, each in its namespace.
    assert.deepEqual(componentsOf(model).list.map((c) => `${c.name}: ${[...c.instances.values()].map((i) => `${i.tool} ${i.name} ${i.namespace ?? '-'}`).sort().join(', ')}`).sort(), [
      'guestbook-ui: kustomize kustomize-guestbook kustomize-guestbook, manifests guestbook guestbook',
      'production-helm-guestbook: helm helm-guestbook helm-guestbook',
    ]);
  });
});
