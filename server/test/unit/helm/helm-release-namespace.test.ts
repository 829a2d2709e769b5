// A chart installed into a namespace outside Argo CD (helm/installs.ts, #94): `helm upgrade --install -n` in a workflow
// step or a script, a helmfile release's `namespace`, a Terraform helm_release's `namespace` — the chart's objects naming
// no namespace are created there (Helm's --namespace), so a call to `<svc>.<ns>.svc.cluster.local` reaches its Service,
// as for `kubectl apply -n` (kubernetes-applied-namespace.test.ts) and an Argo CD Application's destination.
import assert from 'node:assert/strict';
import { families } from '../../../src/families/index';
import { facesOf, systemContributors } from '../../../src/families/descriptor';
import { helmInstallCommands } from '../../../src/helm/installs';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { systemFeature } from '../../../src/system/feature';
import { buildSystemModel } from '../../../src/system/model';
import { loadHcl } from '../../../src/terraform/syntax/parse';
import { WorkspaceIndex } from '../../../src/workspace/index';

const feature = systemFeature(systemContributors(families), facesOf(families));

const chart: Record<string, string> = {
  'charts/api/Chart.yaml': 'apiVersion: v2\nname: api\nversion: 1.0.0\n',
  'charts/api/templates/service.yaml': 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  selector:\n    app: {{ .Release.Name }}\n  ports:\n    - port: 80\n      targetPort: 8080\n',
  'charts/api/templates/deployment.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  selector:\n    matchLabels:\n      app: {{ .Release.Name }}\n  template:\n    metadata:\n      labels:\n        app: {{ .Release.Name }}\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.0\n',
  'k8s/web/deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: front\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: ghcr.io/acme/web:1.0\n          env:\n            - name: API_URL\n              value: http://api.backend.svc.cluster.local\n',
};

function indexOf(extra: Record<string, string>): WorkspaceIndex {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [name, text] of Object.entries({ ...chart, ...extra })) index.update(`file:///p/${name}`, text);
  return index;
}

/** The chart's Services on the map, and the web Deployment's warnings about addresses nothing answers. */
function placed(extra: Record<string, string>): { services: string[]; unknown: number } {
  const index = indexOf(extra);
  const services = buildSystemModel(index, systemContributors(families)).nodes.filter((n) => n.id.startsWith('k8s:Service/')).map((n) => n.id).sort();
  const file = index.get('file:///p/k8s/web/deploy.yaml')!;
  const unknown = diagnoseFile(file, [feature], { index, settings: defaultSettings, isCancelled: () => false }).filter((d) => d.code === 'system-address-unknown').length;
  return { services, unknown };
}

const workflow = (run: string) => `on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: ${run}\n`;

describe('Helm: the namespace a chart is installed into', () => {
  before(async () => {
    await loadHcl();
  });

  it("reads helm install/upgrade's release, chart and namespace; a repository chart or a variable is not followed", () => {
    const text = 'helm upgrade --install api ./charts/api -n backend --create-namespace -f values.yaml\nhelm install --namespace=qa web charts/web --wait\nhelm --kube-context prod install charts/job --generate-name\nhelm install db bitnami/postgresql --repo https://charts.bitnami.com/bitnami -n data\nhelm install x oci://r/c -n y\nhelm upgrade api ./charts/api -n "$NS"\nhelm template api ./charts/api | kubectl apply -f -\n';
    assert.deepEqual(helmInstallCommands(text), [
      { chart: './charts/api', releaseName: 'api', namespace: 'backend', valueFiles: ['values.yaml'], line: 0 },
      { chart: 'charts/web', releaseName: 'web', namespace: 'qa', line: 1 },
      { chart: 'charts/job', line: 2 },
      { chart: './charts/api', releaseName: 'api', line: 5 },
    ]);
  });

  it('a chart a workflow installs with -n: its namespace-less Service answers <name>.<ns>', () => {
    assert.deepEqual(placed({ '.github/workflows/deploy.yml': workflow('helm upgrade --install api ./charts/api -n backend --create-namespace') }), { services: ['k8s:Service/backend/api'], unknown: 0 });
    // Installed without -n (or as `helm template` renders it): nothing answers api.backend, the warning stays.
    assert.deepEqual(placed({ '.github/workflows/deploy.yml': workflow('helm upgrade --install api ./charts/api') }), { services: ['k8s:Service//api'], unknown: 1 });
    assert.deepEqual(placed({}), { services: ['k8s:Service//release-name'], unknown: 1 });
    // A Makefile's install, the chart path read from the root.
    assert.equal(placed({ Makefile: 'deploy:\n\thelm upgrade --install api charts/api \\\n\t  --namespace backend\n' }).unknown, 0);
  });

  it("a helmfile release's namespace and a Terraform helm_release's namespace place it too", () => {
    assert.deepEqual(placed({ 'deploy/helmfile.yaml': 'releases:\n  - name: api\n    namespace: backend\n    chart: ../charts/api\n' }), { services: ['k8s:Service/backend/api'], unknown: 0 });
    assert.deepEqual(placed({ 'infra/main.tf': 'resource "helm_release" "api" {\n  name      = "api"\n  namespace = "backend"\n  chart     = "../charts/api"\n}\n' }), { services: ['k8s:Service/backend/api'], unknown: 0 });
    // Another namespace: the address still names none of the workspace.
    assert.equal(placed({ 'deploy/helmfile.yaml': 'releases:\n  - name: api\n    namespace: other\n    chart: ../charts/api\n' }).unknown, 1);
  });
});
