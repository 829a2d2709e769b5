// The workspace's policy violations per component (#96): the System Map's answer (archipel/systemMap, through the system
// family's own registration and the run's faces) gives each node the violations said on the lines that declare it —
// a manifest's Deployment, the Terraform resource that creates a Pod — and none on a clean node.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { families, familyHost } from '../../../src/families/index';
import type { ComputeRegistry } from '../../../src/engines/core/requests';
import type { RequestContext } from '../../../src/features/requests';
import { SystemMapRequest, type SystemMapParams, type SystemMapResult } from '../../../src/protocol/system';
import { defaultSettings } from '../../../src/settings';
import { fixturesDir, repoRoot } from '../../helpers';
import { loadParser } from '../../terraform';
import { TestWorkspace } from '../../workspace';

/** The System Map's handler as the server registers it (the system family's `requests`, with every family's faces). */
function systemMap(ws: TestWorkspace): (params: SystemMapParams) => Promise<SystemMapResult> {
  let handler: ((params: SystemMapParams, context: RequestContext) => Promise<SystemMapResult>) | undefined;
  const registry = {
    onRequest: (type: { method: string }, run: (params: SystemMapParams, context: RequestContext) => Promise<SystemMapResult>) => {
      if (type.method === SystemMapRequest.method) handler = run;
    },
    summarizeIndex: () => undefined,
  } as unknown as ComputeRegistry;
  const system = families.find((family) => family.id === 'system');
  system?.requests?.(registry, familyHost(() => new Date('2026-11-28T00:00:00Z'), repoRoot));
  assert.ok(handler);
  // What the handler reads of the request's context: the index, the settings, the workspace's folders (none: ids as they are).
  const context = { index: ws.index, workspaceFolders: [], workspaceReady: async () => undefined, settings: async () => defaultSettings } as unknown as RequestContext;
  return (params) => handler!(params, context);
}

const deployment = (image: string) => `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: stock-prediction
spec:
  replicas: 2
  selector:
    matchLabels: { app: web }
  template:
    metadata:
      labels: { app: web }
    spec:
      containers:
        - name: web
          image: ${image}
          resources:
            requests: { cpu: 100m, memory: 64Mi }
            limits: { memory: 64Mi }
`;

describe('policy: violations per component on the System Map', () => {
  before(loadParser);

  it("a node's violations on its lines, with their count; a Terraform Pod's on its resource; none on a clean node", async () => {
    const folder = path.join(repoRoot, 'examples', 'portfolio', 'policies');
    const policies = Object.fromEntries(readdirSync(folder).filter((name) => name.endsWith('.yaml')).map((name) => [`file:///ws/policies/${name}`, readFileSync(path.join(folder, name), 'utf8')]));
    const pod = readFileSync(path.join(fixturesDir, 'oss', 'terraform-provider-kubernetes', '_examples', 'in-cluster', 'pod.tf'), 'utf8');
    const ws = new TestWorkspace({
      ...policies,
      'file:///ws/k8s/web.yaml': deployment('nginx:latest'),
      'file:///ws/k8s/api.yaml': deployment('example/api:1.0').replace(/web/g, 'api'),
      'file:///ws/tf/pod.tf': pod,
    });
    const map = await systemMap(ws)({ view: 'containers' });
    const byName = (name: string) => map.nodes.filter((node) => node.name === name);
    const [web] = byName('web');
    assert.ok(web, `no web node in ${map.nodes.map((n) => n.name).join(', ')}`);
    assert.deepEqual(
      web.violations?.map((v) => [v.code, v.severity, v.uri, v.range.start.line + 1]),
      [['policy:disallow-latest-tag/validate-image-tag', 'error', 'file:///ws/k8s/web.yaml', 16]],
    );
    assert.match(web.violations[0].message, /mutable image tag such as 'latest'/);
    const [api] = byName('api');
    assert.ok(api);
    assert.equal(api.violations, undefined);
    // The Pod kubernetes_pod_v1 creates: its untagged image and its missing resources, on the .tf file's lines.
    const withTerraform = map.nodes.filter((node) => node.violations?.some((v) => v.uri === 'file:///ws/tf/pod.tf'));
    assert.deepEqual(withTerraform.flatMap((node) => node.violations ?? []).map((v) => `${v.range.start.line + 1} ${v.code}`).sort(), ['10 policy:require-requests-limits/validate-resources', '12 policy:disallow-latest-tag/require-image-tag']);
  });
});
