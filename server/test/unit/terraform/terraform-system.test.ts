// The Terraform family's part of the system map (#47, #49): the clusters and databases its modules
// create — resources, and calls to the well-known registry modules — at the names that say them; an
// Argo CD Application whose destination names a cluster deploys to it; the one cluster of a workspace
// holds its Kubernetes namespaces.
import assert from 'node:assert/strict';
import { families } from '../../../src/families/index';
import { systemContributors } from '../../../src/families/descriptor';
import type { SystemSource } from '../../../src/features/system/contributor';
import { indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { buildSystemModel, type SystemModel } from '../../../src/system/model';
import { moduleAddress } from '../../../src/terraform/api';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { loadParser } from '../../terraform';

const place = (sources: readonly SystemSource[]) => sources.map((s) => `${s.uri.replace('file:///p/', '')}:${s.range.start.line + 1}:${s.range.start.character}-${s.range.end.line + 1}:${s.range.end.character}`).join(',');

function modelOf(files: Record<string, string>): SystemModel {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [name, text] of Object.entries(files)) index.update(`file:///p/${name}`, text);
  return buildSystemModel(index, systemContributors(families));
}

const terraformNodes = (model: SystemModel) => model.nodes.filter((n) => n.family === 'terraform').map((n) => `${n.id} ${n.kind} ${n.name} (${n.technology ?? ''}) @${place(n.sources)}`).sort();

const deployment = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: api\n  namespace: shop\nspec:\n  selector:\n    matchLabels: { app: api }\n  template:\n    metadata:\n      labels: { app: api }\n    spec:\n      containers:\n        - name: api\n          image: ghcr.io/acme/api:1.0\n';

describe('System map: the Terraform family', () => {
  before(loadParser);

  it('reads a registry module address from its registry, git and sub-folder forms', () => {
    assert.equal(moduleAddress('terraform-google-modules/kubernetes-engine/google//modules/private-cluster'), 'terraform-google-modules/kubernetes-engine/google');
    assert.equal(moduleAddress('registry.terraform.io/terraform-aws-modules/eks/aws'), 'terraform-aws-modules/eks/aws');
    assert.equal(moduleAddress('git::https://github.com/terraform-aws-modules/terraform-aws-eks.git?ref=v20.8.5'), 'terraform-aws-modules/eks/aws');
    assert.equal(moduleAddress('github.com/terraform-google-modules/terraform-google-kubernetes-engine//modules/beta-private-cluster?ref=v30'), 'terraform-google-modules/kubernetes-engine/google');
    assert.equal(moduleAddress('./modules/gke'), './modules/gke');
  });

  it('draws a cluster a local module creates (its name from the caller) and a database, and puts the namespaces in the one cluster', () => {
    const model = modelOf({
      'infra/main.tf': 'module "gke" {\n  source = "./modules/gke"\n  name   = "shop-prod"\n}\n\nresource "google_sql_database_instance" "orders" {\n  name             = "orders"\n  database_version = "POSTGRES_16"\n  region           = "europe-west1"\n}\n',
      'infra/modules/gke/main.tf': 'variable "name" {\n  type = string\n}\n\nresource "google_container_cluster" "this" {\n  name     = var.name\n  location = "europe-west1"\n}\n',
      'k8s/deployment.yaml': deployment,
    });
    assert.deepEqual(terraformNodes(model), [
      'terraform:cluster:google:shop-prod environment shop-prod (GKE) @infra/modules/gke/main.tf:5:36-5:42',
      'terraform:google_sql_database_instance:orders datastore orders (Cloud SQL (POSTGRES_16)) @infra/main.tf:6:40-6:48',
    ]);
    assert.equal(model.node('k8s:namespace/shop')?.parent, 'terraform:cluster:google:shop-prod');
  });

  it('draws the clusters and databases of the well-known modules, and the Application deploying to a cluster by name', () => {
    const model = modelOf({
      'infra/main.tf': [
        'module "gke" {\n  source  = "terraform-google-modules/kubernetes-engine/google//modules/private-cluster"\n  version = "~> 35.0"\n  name    = "shop-gke"\n  region  = "europe-west1"\n}\n',
        'module "eks" {\n  source       = "git::https://github.com/terraform-aws-modules/terraform-aws-eks.git?ref=v20.8.5"\n  cluster_name = var.eks_name\n}\n',
        'variable "eks_name" {\n  default = "shop-eks"\n}\n',
        'module "db" {\n  source     = "terraform-aws-modules/rds/aws"\n  version    = "~> 6.0"\n  identifier = "orders"\n  engine     = "postgres"\n}\n',
        'resource "aws_rds_cluster" "events" {\n  cluster_identifier = "events"\n  engine             = "aurora-postgresql"\n}\n',
      ].join('\n'),
      'k8s/deployment.yaml': deployment,
      'apps/api.yaml': 'apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: api\n  namespace: argocd\nspec:\n  project: default\n  source:\n    repoURL: https://example.com/repo.git\n    path: k8s\n  destination:\n    name: shop-gke\n    namespace: shop\n',
    });
    assert.deepEqual(terraformNodes(model), [
      'terraform:aws_rds_cluster:events datastore events (Amazon Aurora (aurora-postgresql)) @infra/main.tf:24:27-24:35',
      'terraform:cluster:aws:shop-eks environment shop-eks (Amazon EKS) @infra/main.tf:8:7-8:12',
      'terraform:cluster:google:shop-gke environment shop-gke (GKE) @infra/main.tf:1:7-1:12',
      'terraform:terraform-aws-modules/rds/aws:orders datastore orders (Amazon RDS (postgres)) @infra/main.tf:17:7-17:11',
    ]);
    const edges = model.edges.filter((e) => e.family === 'terraform').map((e) => `${e.from} -${e.kind}-> ${e.to} (${e.label}) @${place(e.sources)}`);
    assert.deepEqual(edges, ['k8s:Application/argocd/api -deploys-> terraform:cluster:google:shop-gke (deploys to) @apps/api.yaml:12:10-12:18']);
    // Two clusters: which one a namespace is in is not said.
    assert.equal(model.node('k8s:namespace/shop')?.parent, undefined);
  });

  it('puts a namespace in the cluster of the nearest Terraform, when it creates one only', () => {
    const cluster = (name: string) => `resource "aws_eks_cluster" "this" {\n  name     = "${name}"\n  role_arn = "arn"\n  vpc_config {\n    subnet_ids = []\n  }\n}\n`;
    const model = modelOf({ 'a/infra/main.tf': cluster('a'), 'b/infra/main.tf': cluster('b'), 'a/k8s/deployment.yaml': deployment, 'b/k8s/deployment.yaml': deployment.replace(/shop/g, 'bar') });
    assert.equal(model.node('k8s:namespace/shop')?.parent, 'terraform:cluster:aws:a');
    assert.equal(model.node('k8s:namespace/bar')?.parent, 'terraform:cluster:aws:b');
  });
});
