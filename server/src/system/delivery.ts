/**
 * What delivers the system rather than runs it (issue #79, "the application picture, not the CI's"): the
 * Terraform state's bucket, build caches and the CI/CD's artifact buckets, the hosts CI jobs run on and the
 * hosts of test clusters. Each is a component node of some family (a Terraform bucket is a `datastore`, an
 * EC2 instance a `service`), so the views decide here, from the node alone — its resource type, its name
 * and address, its file's folders under the system's root — that it belongs to the delivery view, not to
 * the containers, context and deployment views. Pure and cheap: a node that is no bucket or host is
 * answered from its resource type alone.
 */
import type { DeploymentInstance, SystemNode, SystemSource } from '../features/system/contributor';
import { componentKinds } from '../features/system/contributor';
import type { Component } from './components';
import type { SystemModel } from './model';

/** What a delivery node is, as its box says it (after its technology). */
export type DeliveryRole = 'Terraform state' | 'build cache' | 'CI/CD storage' | 'CI host' | 'test cluster host';

/** Object storage: a bucket, a storage account or container (a registry module's `s3-bucket` too). */
const STORAGE = /^(aws_s3_bucket|google_storage_bucket|azurerm_storage_account|azurerm_storage_container)$|\/s3-bucket\/|\/cloud-storage\//;
/** A virtual machine. */
const HOST = /^(aws_instance|google_compute_instance|azurerm_(linux_|windows_)?virtual_machine)$/;

/** Words of a name that say CI: a CI host (`ci-sockshop-k8s-master`, `gitlab-runner`, `jenkins-agent`). */
const CI_WORDS = new Set(['ci', 'cicd', 'jenkins', 'runner', 'runners', 'buildkite', 'teamcity', 'cloudbuild', 'codebuild', 'codepipeline']);
/** Words of a bucket's name that say delivery: the CI/CD's artifacts, releases, sources staged for a deploy. */
const DELIVERY_WORDS = new Set([...CI_WORDS, 'artifact', 'artifacts', 'release', 'releases', 'delivery', 'deploy', 'deploys', 'pipeline', 'pipelines']);
/** Words of a build cache (with `cache`). */
const BUILD_WORDS = new Set(['build', 'builds', 'ci', 'skaffold', 'docker', 'gradle', 'maven', 'bazel', 'cloudbuild', 'codebuild']);
/** Words of a cluster's host (`k8s-master`, `k8s-node`, `minimesos`). */
const CLUSTER_WORDS = new Set(['k8s', 'k3s', 'kubernetes', 'kube', 'master', 'node', 'nodes', 'worker', 'workers', 'minion', 'mesos', 'minimesos', 'swarm', 'nomad', 'minikube']);
/** Words saying a cluster is a test one (in its host's name or its folders): made for CI, staging, a test tool. */
const TEST_WORDS = new Set(['ci', 'test', 'tests', 'testing', 'e2e', 'staging', 'minimesos', 'minikube']);
/** Words a CI folder's name is made of (`ci/`, `.github/`, `jenkins/`, `ci-cd-pipeline/`), at least one of FOLDER_CI. */
const FOLDER_WORDS = new Set(['ci', 'cd', 'cicd', 'pipeline', 'pipelines', 'jenkins', 'runner', 'runners', 'github', 'gitlab', 'circleci', 'buildkite']);
const FOLDER_CI = new Set(['ci', 'cicd', 'jenkins', 'runner', 'runners', 'github', 'gitlab', 'circleci', 'buildkite']);

function words(text: string): string[] {
  return text.toLowerCase().split(/[^a-z0-9]+/).filter((w) => w !== '');
}

/** The node's name and address (`aws_instance.ci-sockshop-k8s-master`, `google_storage_bucket.build_cache`), as words. */
function nameWords(node: SystemNode): string[] {
  const at = node.id.lastIndexOf('#');
  return words(`${node.name} ${at < 0 ? '' : node.id.slice(at + 1)}`);
}

/** The folders of the node's file under the system's root (`iac/x/modules/ci-cd-pipeline`), never above it: a CI machine's checkout path says nothing. */
function folders(node: SystemNode, root: string): string[] {
  const uri = node.sources[0]?.uri;
  if (!uri || !root || !uri.startsWith(`${root}/`)) return [];
  return decodeURIComponent(uri.slice(root.length + 1)).split('/').slice(0, -1);
}

function ciFolder(segments: readonly string[]): boolean {
  return segments.some((segment) => {
    const parts = words(segment);
    return parts.length > 0 && parts.every((w) => FOLDER_WORDS.has(w)) && parts.some((w) => FOLDER_CI.has(w));
  });
}

/**
 * The delivery role of a component node, or undefined when it is part of the application: a bucket holding the
 * Terraform state (`tfstate`, `terraform-state`), a build cache, a bucket of CI/CD artifacts or releases or one
 * defined in a CI folder; a virtual machine named for CI (`ci`, `jenkins`, `runner`…) or defined in a CI folder,
 * or a cluster's host (`k8s-master`, `minimesos`) of a test cluster (`ci`, `staging`, `test`… in its name or folders).
 * `root` is the system's root folder (URI), which folders are read under.
 */
export function deliveryRole(node: SystemNode, root: string): DeliveryRole | undefined {
  const resource = node.resource ?? '';
  const storage = node.kind === 'datastore' && STORAGE.test(resource);
  const host = !storage && node.kind === 'service' && HOST.test(resource);
  if (!storage && !host) return undefined;
  const named = nameWords(node);
  const has = (set: ReadonlySet<string>) => named.some((w) => set.has(w));
  const inCi = ciFolder(folders(node, root));
  if (storage) {
    if (named.some((w) => w.includes('tfstate')) || (named.includes('state') && (named.includes('terraform') || named.includes('tf')))) return 'Terraform state';
    if (named.some((w) => w === 'buildcache') || (named.includes('cache') && has(BUILD_WORDS))) return 'build cache';
    return has(DELIVERY_WORDS) || inCi ? 'CI/CD storage' : undefined;
  }
  if (has(CI_WORDS) || inCi) return 'CI host';
  return has(CLUSTER_WORDS) && (has(TEST_WORDS) || folders(node, root).some((f) => words(f).some((w) => TEST_WORDS.has(w)))) ? 'test cluster host' : undefined;
}

/** Folders whose kustomizations are CI's tests (`kustomize/tests/spanner-with-all-components`). */
const TEST_FOLDERS = new Set(['tests', 'test', 'e2e', 'ci']);

/**
 * Whether a deployment instance is a test kustomization: a kustomization in a `tests/`, `test/`, `e2e/` or `ci/` folder,
 * which CI renders to test the system (microservices-demo's three `kustomize/tests/*`) and nobody runs as the system.
 */
export function isTestKustomization(instance: Pick<DeploymentInstance, 'tool' | 'name'>): boolean {
  return instance.tool === 'kustomize' && instance.name.split('/').some((segment) => TEST_FOLDERS.has(segment.toLowerCase()));
}

/**
 * The test kustomizations (delivery.ts) as the delivery view's boxes: one per kustomization, saying how many components
 * it deploys, with the lines of its folder (its kustomization's patches), else those of what it deploys.
 */
export function testKustomizationNodes(model: SystemModel, of: ReadonlyMap<string, Component>): { id: string; kind: string; name: string; technology: string; family: string; sources: SystemSource[]; members: string[] }[] {
  const tests = new Map<string, { folder: string; members: string[]; components: Set<string> }>();
  for (const node of model.nodes) {
    const component = componentKinds.has(node.kind) ? of.get(node.id) : undefined;
    const instance = component?.instances.get(node.id);
    if (!component || !instance || !isTestKustomization(instance)) continue;
    const test = tests.get(instance.name) ?? { folder: instance.folder, members: [], components: new Set<string>() };
    tests.set(instance.name, test);
    test.members.push(node.id);
    test.components.add(component.id);
  }
  return [...tests].map(([name, test]) => {
    const sources = new Map<string, SystemSource>();
    const add = (source: SystemSource) => sources.set(`${source.uri}\0${source.range.start.line}`, source);
    for (const member of test.members) for (const source of model.node(member)!.sources) if (source.uri.startsWith(`${test.folder}/`)) add(source);
    if (sources.size === 0) for (const member of test.members.slice(0, 8)) for (const source of model.node(member)!.sources.slice(0, 1)) add(source);
    const count = test.components.size;
    return { id: `kustomize-test:${name}`, kind: 'pipeline', name, technology: `kustomize test, ${count} component${count === 1 ? '' : 's'}`, family: 'kubernetes', sources: [...sources.values()], members: test.members };
  });
}
