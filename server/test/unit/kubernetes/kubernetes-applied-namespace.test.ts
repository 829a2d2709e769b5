// Objects naming no namespace that a script applies with `kubectl apply -n <ns>` (kubernetes/model/applyCommands.ts,
// kustomize.ts' commandNamespaces, #94): they are created in that namespace, so a call to `svc.<ns>.svc.cluster.local`
// reaches their Service. A reduction of the namespace-less Services the issue met, applied by a workflow step.
import assert from 'node:assert/strict';
import { families } from '../../../src/families/index';
import { facesOf, systemContributors } from '../../../src/families/descriptor';
import { addressesIn } from '../../../src/features/system/addresses';
import { applyCommands } from '../../../src/kubernetes/model/applyCommands';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { systemFeature } from '../../../src/system/feature';
import { WorkspaceIndex } from '../../../src/workspace/index';

const feature = systemFeature(systemContributors(families), facesOf(families));

const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  selector:\n    app: api\n  ports:\n    - port: 80\n      targetPort: 8080\n';
const api = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\nspec:\n  selector:\n    matchLabels:\n      app: api\n  template:\n    metadata:\n      labels:\n        app: api\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.0\n';
const web = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: front\nspec:\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n        - name: web\n          image: ghcr.io/acme/web:1.0\n          env:\n            - name: API_URL\n              value: http://api.backend.svc.cluster.local\n';

function unknownAddresses(workflow: string, url = 'http://api.backend.svc.cluster.local'): string[] {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  const files = { 'k8s/api/svc.yaml': service, 'k8s/api/deploy.yaml': api, 'k8s/web/deploy.yaml': web.replace('http://api.backend.svc.cluster.local', url), '.github/workflows/deploy.yml': workflow };
  for (const [name, text] of Object.entries(files)) index.update(`file:///p/${name}`, text);
  const file = index.get('file:///p/k8s/web/deploy.yaml')!;
  return diagnoseFile(file, [feature], { index, settings: defaultSettings, isCancelled: () => false }).filter((d) => d.code === 'system-address-unknown').map((d) => (typeof d.message === 'string' ? d.message : d.message.value));
}

const steps = (api: string) => `on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: actions/checkout@v4\n      - run: ${api}\n      - run: kubectl apply -f k8s/web/\n`;

describe('Kubernetes: objects a script applies with kubectl -n', () => {
  it('reads -n, --namespace and --namespace= of kubectl apply; a variable is not followed', () => {
    const text = 'kubectl apply -n prod -f a/\nkubectl --namespace=qa apply -f b.yaml\nkubectl apply --namespace dev -f c/\nkubectl apply -n "$NS" -f d/\nkubectl apply -f e/\n';
    assert.deepEqual(applyCommands(text).map((c) => [c.path, c.namespace]), [['a/', 'prod'], ['b.yaml', 'qa'], ['c/', 'dev'], ['d/', undefined], ['e/', undefined]]);
  });

  it('a namespace-less Service applied with -n answers its cluster name in that namespace', () => {
    assert.deepEqual(unknownAddresses(steps('kubectl apply -n backend -f k8s/api/')), []);
    assert.deepEqual(unknownAddresses(steps('kubectl apply --namespace=backend -f k8s/api/svc.yaml -f k8s/api/deploy.yaml')), []);
    // Applied without -n (or into another namespace), nothing answers api.backend: the warning stays.
    assert.equal(unknownAddresses(steps('kubectl apply -f k8s/api/')).length, 1);
    assert.equal(unknownAddresses(steps('kubectl apply -n other -f k8s/api/')).length, 1);
  });

  it('an object store URL names a bucket, not a host: s3://bucket/path is no call', () => {
    assert.deepEqual(addressesIn('s3://my-bucket/path'), []);
    assert.deepEqual(['s3a://lake/raw', 'gs://logs-bucket/app', 'abfss://data@account.dfs.core.windows.net/x', 'wasbs://c@a.blob.core.windows.net/y'].flatMap(addressesIn), []);
    assert.deepEqual(addressesIn('http://api:8080/v1').map((a) => [a.host, a.port]), [['api', 8080]]);
    assert.deepEqual(unknownAddresses(steps('kubectl apply -n backend -f k8s/api/'), 's3://my-bucket/path'), []);
  });
});
