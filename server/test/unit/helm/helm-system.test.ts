// The Helm family's part of the system map (#48): a chart rendered as the Argo CD Application
// deploying it deploys it (its release name), another as `helm template` renders it, their workloads
// and Services as components at the template lines that write them, each chart a delivery node
// installing them.
import assert from 'node:assert/strict';
import { families } from '../../../src/families/index';
import { systemContributors } from '../../../src/families/descriptor';
import type { SystemSource } from '../../../src/features/system/contributor';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { buildSystemModel, type SystemModel } from '../../../src/system/model';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { webDeployment, webHelpers } from '../../helmChart';

const deployment = webDeployment('  replicas: 1', ['          env:', '            - name: API_URL', '              value: {{ .Values.apiUrl | quote }}']);

const files: Record<string, string> = {
  'web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
  'web/values.yaml': 'image:\n  repository: ghcr.io/acme/web\n  tag: "1.2"\napiUrl: http://api:5000\n',
  'web/templates/_helpers.tpl': webHelpers,
  'web/templates/deployment.yaml': deployment,
  'web/templates/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ include "web.fullname" . }}\nspec:\n  selector:\n    app: {{ .Chart.Name }}\n  ports:\n    - port: 80\n      targetPort: 8080\n',
  // A library chart renders nothing of its own.
  'lib/Chart.yaml': 'apiVersion: v2\nname: lib\nversion: 1.0.0\ntype: library\n',
  'lib/templates/_names.tpl': '{{- define "lib.name" -}}lib{{- end }}\n',
  // A chart no Application deploys: rendered as `helm template` renders it.
  'job/Chart.yaml': 'apiVersion: v2\nname: job\nversion: 1.0.0\n',
  'job/templates/job.yaml': 'apiVersion: batch/v1\nkind: Job\nmetadata:\n  name: {{ .Release.Name }}-job\nspec:\n  template:\n    spec:\n      restartPolicy: Never\n      containers:\n        - name: job\n          image: busybox:1.36\n',
  'apps/web.yaml': 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: web\n  namespace: argocd\nspec:\n  project: default\n  source:\n    repoURL: https://example.com/repo.git\n    path: web\n    helm:\n      releaseName: shop\n  destination:\n    server: https://kubernetes.default.svc\n    namespace: shop\n',
};

/** `file:line:character-line:character`, 1-based lines, without file:///p/. */
const place = (sources: readonly SystemSource[]) => sources.map((s) => `${s.uri.replace('file:///p/', '')}:${s.range.start.line + 1}:${s.range.start.character}-${s.range.end.line + 1}:${s.range.end.character}`).join(',');

describe('System map: the Helm family', () => {
  let model: SystemModel;

  before(() => {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    for (const [name, text] of Object.entries(files)) index.update(`file:///p/${name}`, text);
    model = buildSystemModel(index, systemContributors(families));
  });

  it('adds the rendered workloads and Services at the template lines that write them', () => {
    const helm = model.nodes.filter((n) => n.family === 'helm').map((n) => `${n.id.replace('file:///p/', '')} ${n.kind} ${n.name} (${n.technology ?? ''}) ${JSON.stringify(n.ports ?? [])} @${place(n.sources)}`).sort();
    assert.deepEqual(helm, [
      'helm:job/ pipeline job (Helm chart) [] @job/Chart.yaml:2:6-2:9',
      'helm:web/ pipeline web (Helm chart) [] @web/Chart.yaml:2:6-2:9',
      'image:busybox image busybox () [] @job/templates/job.yaml:11:17-11:29',
      'image:ghcr.io/acme/web image ghcr.io/acme/web () [] @web/templates/deployment.yaml:19:17-19:73',
      // Applied into the Application's destination namespace (issue #79): the templates name none.
      'k8s:Deployment/shop/shop-web service shop-web () [8080] @web/templates/deployment.yaml:4:8-4:38',
      'k8s:Job//release-name-job job release-name-job () [] @job/templates/job.yaml:4:8-4:31',
      'k8s:Service/shop/shop-web endpoint shop-web (Service ClusterIP) [80] @web/templates/service.yaml:4:8-4:38',
      'k8s:namespace/shop namespace shop (Kubernetes namespace) [] @web/templates/deployment.yaml:3:0-3:8',
    ]);
    assert.equal(model.node('k8s:Deployment/shop/shop-web')?.image, 'ghcr.io/acme/web');
  });

  it('connects the chart, its objects, the Application deploying it and the addresses the templates write', () => {
    const edges = model.edges.filter((e) => e.family === 'helm').map((e) => `${e.from.replace('file:///p/', '')} -${e.kind}-> ${e.to.replace('file:///p/', '')} (${e.label}) @${place(e.sources)}`).sort();
    assert.deepEqual(edges, [
      'helm:job/ -deploys-> k8s:Job//release-name-job (installs) @job/Chart.yaml:2:6-2:9',
      'helm:web/ -deploys-> k8s:Deployment/shop/shop-web (installs) @web/Chart.yaml:2:6-2:9',
      'k8s:Application/argocd/web -deploys-> helm:web/ (syncs) @apps/web.yaml:10:10-10:13',
      'k8s:Deployment/shop/shop-web -runs-> image:ghcr.io/acme/web (runs) @web/templates/deployment.yaml:19:17-19:73',
      'k8s:Job//release-name-job -runs-> image:busybox (runs) @job/templates/job.yaml:11:17-11:29',
      'k8s:Service/shop/shop-web -routes-> k8s:Deployment/shop/shop-web (selects → 8080) @web/templates/service.yaml:6:2-6:10',
    ]);
    // An address no component answers, at the action that writes it.
    assert.deepEqual(model.unresolved.map((u) => `${u.reason} ${u.reference.text} ${u.reference.family} @${place([u.reference.source])}`), ['host http://api:5000 helm @web/templates/deployment.yaml:31:21-31:49']);
  });
});
