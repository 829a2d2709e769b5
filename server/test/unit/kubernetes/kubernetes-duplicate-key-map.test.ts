// A manifest repeating a key in a mapping is applied by kubectl (go-yaml's non-strict decoder: the last value wins), so
// the system map reads it so too (issue #95): spring-petclinic-cloud's service Deployments write `resources:` twice in
// their container, and their calls (the Wavefront proxy here) vanished from the map with the whole Deployment.
// `yaml-duplicate-key` still reports the key. Reduction in fixtures/oss/system/spring-petclinic+spring-petclinic-cloud.
import assert from 'node:assert/strict';
import { corpus, evidencedCalls, repository } from '../system/repositories';
import { kubernetesObjects } from '../../../src/kubernetes/model/objects';

const folder = 'spring-petclinic+spring-petclinic-cloud';

describe('Kubernetes: a manifest with a repeated key is read as kubectl reads it (issue #95)', () => {
  it('the Deployment is an object, the last `resources:` kept', async () => {
    const { index, root } = await repository(folder, corpus);
    const file = index.get(`${root}/k8s/customers-service-deployment.yaml`)!;
    assert.equal(file.yaml?.chunks[0]?.chunk.wellFormed, false);
    const [deployment] = kubernetesObjects(file);
    assert.equal(deployment?.kind, 'Deployment');
    assert.equal(deployment?.name, 'customers-service');
    const container = ((deployment?.value.spec as { template: { spec: { containers: Record<string, unknown>[] } } }).template.spec.containers)[0];
    assert.deepEqual(container?.resources, {});
  });

  it("its calls are on the map, each with the manifest's line", async () => {
    const calls = await evidencedCalls(folder, corpus);
    assert.ok(calls.some((c) => /^customers-service → wavefront-proxy .* k8s\/customers-service-deployment\.yaml:44$/.test(c)), calls.join('\n'));
  });
});
