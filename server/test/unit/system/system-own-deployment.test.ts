// A name resolves in the caller's own deployment first (issue #95, x95w1): TeaStore's plain manifests
// (examples/kubernetes) and its Helm chart (examples/helm) both write Services `teastore-registry` and `teastore-db`.
// Before, the two were one node selecting both deployments' workloads, so every call crossed into the other
// deployment (12 false calls on the whole repository) and the manifests' NodePort reached the Helm webui.
import assert from 'node:assert/strict';
import { calls, repository } from './repositories';

const folder = 'DescartesResearch+TeaStore';

/** A component's deployment tool, from its main node's id. */
const tool = (id: string) => (id.startsWith('compose:') ? 'compose' : id.startsWith('k8s:') ? 'k8s' : id);

describe('System map: a name resolves in its own deployment first (issue #95, TeaStore)', () => {
  it('no call crosses between the manifests and the Compose/Helm boxes; each deployment keeps its own calls', async () => {
    const { view } = await repository(folder);
    const containers = view('containers');
    const crossing = containers.edges.filter((e) => e.from !== 'person:users' && tool(e.from) !== tool(e.to)).map((e) => `${e.from} -${e.kind}-> ${e.to}`);
    assert.deepEqual(crossing, []);
    const drawn = calls(containers);
    // The manifests' calls (teastore-clusterip.yaml) and Compose's (docker-compose_default.yaml), each to its own registry and db.
    for (const call of ['teastore-auth → teastore-registry', 'teastore-persistence → teastore-db', 'teastore-persistence → teastore-registry', 'teastore-webui → teastore-registry', 'auth → registry', 'persistence → db', 'persistence → registry', 'webui → registry']) {
      assert.ok(drawn.includes(call), `${call} in ${drawn.join('; ')}`);
    }
  });

  it("the Helm chart's callers reach the chart's own Services, the manifests' callers theirs", async () => {
    const { model } = await repository(folder);
    const to = (fromPrefix: string, service: string) => model.edges.filter((e) => e.kind === 'calls' && e.from.startsWith(fromPrefix) && e.to.startsWith(`k8s:Service//${service}`)).map((e) => e.to);
    const helmDb = to('k8s:StatefulSet//release-name-teastore-persistence', 'teastore-db');
    assert.equal(helmDb.length, 1);
    assert.match(helmDb[0], /^k8s:Service\/\/teastore-db@.*\/examples\/helm$/);
    assert.deepEqual(to('k8s:Deployment//teastore-persistence', 'teastore-db'), ['k8s:Service//teastore-db']);
    // Each Service selects its own deployment's workload only.
    const routes = model.edges.filter((e) => e.kind === 'routes' && e.from.startsWith('k8s:Service//teastore-registry')).map((e) => `${e.from.includes('@') ? 'helm' : 'manifests'} → ${e.to}`).sort();
    assert.deepEqual(routes, ['helm → k8s:StatefulSet//release-name-teastore-registry', 'manifests → k8s:Deployment//teastore-registry']);
  });

  it("Users reach the Compose webui by its published ports only, not by the manifests' NodePort", async () => {
    const { view } = await repository(folder);
    const containers = view('containers');
    const webui = containers.edges.filter((e) => e.from === 'person:users' && e.to.startsWith('compose:') && e.to.endsWith(':webui'));
    assert.equal(webui.length, 1);
    assert.equal(webui[0].label, ':8080');
    assert.ok(webui[0].sources.every((s) => !s.uri.includes('/kubernetes/')), JSON.stringify(webui[0].sources));
    assert.ok(containers.edges.some((e) => e.from === 'person:users' && e.to === 'k8s:Deployment//teastore-webui' && e.label === 'NodePort'));
  });
});
