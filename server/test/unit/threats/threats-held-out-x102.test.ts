// Classes the seventh held-out round found (issue #95, x100m2, x100m3, x100m1), each on a reduction of the real files:
// - baotoq/micro-commerce (585cc728, MIT) .agents/skills/argocd-cluster-bootstrapping/references/templates/cluster-secret.yaml
//   (an agent skill the repository vendors): a Secret template whose block value holds `<CA_DATA>`-style slots to fill in is
//   no committed secret.
import assert from 'node:assert/strict';
import { ofRule, risksOfFiles } from '../../threatRisks';

/** micro-commerce's vendored ArgoCD cluster Secret template, reduced (lines 21-24, 43-63). */
const CLUSTER_SECRET_TEMPLATE = [
  'apiVersion: v1',
  'kind: Secret',
  'metadata:',
  '  name: <CLUSTER_NAME>',
  '  namespace: argocd',
  'type: Opaque',
  'stringData:',
  '  name: <CLUSTER_NAME>',
  '  server: <SERVER_URL>',
  '  config: |',
  '    {',
  '      "execProviderConfig": {',
  '        "command": "argocd-k8s-auth",',
  '        "args": ["azure", "--cluster-name", "<AKS_CLUSTER_NAME>"]',
  '      },',
  '      "tlsClientConfig": {',
  '        "insecure": false,',
  '        "caData": "<CA_DATA>"',
  '      }',
  '    }',
  '',
].join('\n');

describe("threats: the seventh held-out round's classes (issue #95, x102c)", function () {
  this.timeout(120_000);

  it('micro-commerce: a Secret template whose block value has slots to fill in leaks no secret; a written block does', async () => {
    const path = '.agents/skills/argocd-cluster-bootstrapping/references/templates/cluster-secret.yaml';
    // Before: accidental-secret-leak citing the `config: |` line.
    assert.deepEqual(ofRule(await risksOfFiles({ [path]: CLUSTER_SECRET_TEMPLATE }), 'accidental-secret-leak'), []);
    const written = CLUSTER_SECRET_TEMPLATE.replace('<CA_DATA>', 'LS0tLS1CRUdJTiBDRVJUSUZJQ0FURS0tLS0t').replace('<AKS_CLUSTER_NAME>', 'aks-dev');
    assert.equal(ofRule(await risksOfFiles({ 'cluster-secret.yaml': written }), 'accidental-secret-leak').length, 1);
  });
});
