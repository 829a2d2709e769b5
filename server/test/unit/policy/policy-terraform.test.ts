// The workspace's policies on what Terraform's Kubernetes provider creates (#96): the objects of real .tf files of the
// provider's examples (typed resources and a kubernetes_manifest) evaluated against the example's policies and
// Kyverno's disallow-latest-tag, each violation on the HCL that wrote the failing value (the resource's type when it is
// the object as a whole), nothing said of what rests on a value the configuration does not state.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';
import { fixturesDir, repoRoot } from '../../helpers';
import { loadParser } from '../../terraform';
import { TestWorkspace, covered } from '../../workspace';

const oss = path.join(fixturesDir, 'oss', 'terraform-provider-kubernetes', '_examples');
const tf = (file: string): string => readFileSync(path.join(oss, file), 'utf8');
const pod = 'file:///ws/tf/pod/pod.tf';
const wordpress = 'file:///ws/tf/wordpress/wordpress.tf';
const gke = 'file:///ws/tf/gke/main.tf';
const manifest = 'file:///ws/tf/manifest/deployment.tf';
const terraform = {
  [pod]: tf('in-cluster/pod.tf'),
  [wordpress]: tf('wordpress-mysql-gce-pv/wordpress.tf'),
  [gke]: tf('gke/kubernetes-config/main.tf'),
  [manifest]: tf('kubernetes_manifest/deployment/deployment.tf'),
};

/** The example's policies (examples/portfolio/policies), as the workspace's `policies/`. */
function examplePolicies(): Record<string, string> {
  const folder = path.join(repoRoot, 'examples', 'portfolio', 'policies');
  return Object.fromEntries(readdirSync(folder).filter((name) => name.endsWith('.yaml')).map((name) => [`file:///ws/policies/${name}`, readFileSync(path.join(folder, name), 'utf8')]));
}

const policyLines = (ws: TestWorkspace, uri: string): string[] => {
  const text = ws.file(uri).text;
  return ws.diagnose(uri).filter((d) => String(d.code).startsWith('policy')).map((d) => `${d.range.start.line + 1} ${String(d.code)} ${d.severity === 1 ? 'error' : 'warning'} ${covered(text, d)}`);
};

describe("policy: the workspace's policies on Terraform's Kubernetes resources", () => {
  before(loadParser);

  it("the example's policies: a Pod's untagged image on its value, its missing resources and a public LoadBalancer on their blocks; a reference never a violation", () => {
    const ws = new TestWorkspace({ ...examplePolicies(), ...terraform });
    // kubernetes_pod_v1: `image = "busybox"` has no tag, on its value; its container asks for no resources, on its block.
    assert.deepEqual(policyLines(ws, pod).map((line) => line.split('\n')[0]), ['12 policy:disallow-latest-tag/require-image-tag error "busybox"', '10 policy:require-requests-limits/validate-resources error container {']);
    // kubernetes_service of type LoadBalancer without the approval annotation: on its metadata block (the selector's reference changes nothing).
    const [service] = policyLines(ws, wordpress);
    assert.match(service, /^9 policy:restrict-public-loadbalancer\/public-loadbalancer-approved error metadata \{/);
    assert.equal(policyLines(ws, wordpress).length, 1);
    // A Deployment with its requests and limits, its namespace a reference: the replica-limit binding's params (the
    // namespace's ConfigMap) are not known before apply — no violation said.
    assert.deepEqual(policyLines(ws, gke), []);
    // A kubernetes_manifest Deployment without resources: on the container's HCL object (autogen's rule for Deployments);
    // in namespace "default", where the workspace holds no replica-limits ConfigMap: the binding's parameterNotFoundAction
    // (Deny) says it, on the object's kind.
    const lines = policyLines(ws, manifest);
    assert.deepEqual(lines.map((line) => line.split(' ').slice(0, 4).join(' ').split('\n')[0]), ['31 policy:require-requests-limits/validate-resources error {', '8 policy:replica-limit/replica-limit error "Deployment"']);
    // The message is the policy's.
    assert.match(String(ws.diagnose(pod).find((d) => String(d.code) === 'policy:require-requests-limits/validate-resources')?.message), /CPU and memory requests and a memory limit are required/);
  });

  it("Kyverno's disallow-latest-tag (kyverno/policies, Audit): a tag made latest is a warning on the image's value, the tag put back clears it", () => {
    const policy = readFileSync(path.join(fixturesDir, 'oss', 'kyverno-policies', 'best-practices', 'disallow-latest-tag', 'disallow-latest-tag.yaml'), 'utf8');
    const ws = new TestWorkspace({ 'file:///ws/policies/disallow-latest-tag.yaml': policy, ...terraform });
    assert.deepEqual(policyLines(ws, gke), []);
    ws.update(gke, terraform[gke].replace('"nginx:1.19.4"', '"nginx:latest"'));
    const [line] = policyLines(ws, gke);
    assert.match(line, /^\d+ policy:disallow-latest-tag\/validate-image-tag warning "nginx:latest"$/);
    ws.update(gke, terraform[gke]);
    assert.deepEqual(policyLines(ws, gke), []);
    ws.update(manifest, terraform[manifest].replace('"nginx:1.14.2"', '"nginx:latest"'));
    assert.deepEqual(policyLines(ws, manifest).map((l) => l.split(' ').slice(1).join(' ')), ['policy:disallow-latest-tag/validate-image-tag warning "nginx:latest"']);
    // The image an interpolation (wordpress:${var.wordpress_version}-apache): not known before apply, never a violation.
    assert.deepEqual(policyLines(ws, wordpress), []);
  });
});
