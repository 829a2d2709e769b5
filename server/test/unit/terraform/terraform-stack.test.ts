// Cluster names across the stack (#47): a workflow's credentials command or an Argo CD Application's
// destination naming a cluster that no cluster of the repository's Terraform is named is reported at
// the name, with the near name as a quick fix; nothing is said when the Terraform's names are unknown.
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import '../../../src/families/index';
import { codeActionsFor, diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { clusterMentions } from '../../../src/terraform/stack';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { allFeatures } from '../../helpers';
import { covered, loadParser } from '../../terraform';

const gke = 'resource "google_container_cluster" "this" {\n  name     = "shop-prod"\n  location = "europe-west1"\n}\n';
const eks = 'module "eks" {\n  source       = "terraform-aws-modules/eks/aws"\n  cluster_name = "shop-eks"\n}\n';
const workflow = (run: string) => `on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${run}\n`;
const application = (name: string) => `apiVersion: argoproj.io/v1alpha1\nkind: Application\nmetadata:\n  name: api\n  namespace: argocd\nspec:\n  project: default\n  source:\n    repoURL: https://example.com/repo.git\n    path: k8s\n  destination:\n    name: ${name}\n    namespace: shop\n`;

function diagnose(files: Record<string, string>, target: string): { index: WorkspaceIndex; found: Diagnostic[] } {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [name, text] of Object.entries(files)) index.update(`file:///w/${name}`, text);
  const file = index.get(`file:///w/${target}`)!;
  return { index, found: diagnoseFile(file, allFeatures(), { index, settings: defaultSettings, isCancelled: () => false }).filter((d) => d.code === 'terraform-stack-cluster') };
}

describe('Terraform: cluster names across the stack', () => {
  before(loadParser);

  it('reads the cluster each credentials command names, flags and quotes aside', () => {
    const text = 'gcloud container clusters get-credentials --region europe-west1 "shop-prod"\naws eks update-kubeconfig --region eu-west-1 --name=shop-eks\naz aks get-credentials -g rg -n shop-aks && kubectl get pods\ngcloud container clusters get-credentials ${{ vars.CLUSTER }}\naws eks update-kubeconfig --name "$CLUSTER"\n';
    assert.deepEqual(clusterMentions(text).map((m) => [m.provider, m.name, text.slice(m.start, m.end)]), [['google', 'shop-prod', 'shop-prod'], ['aws', 'shop-eks', 'shop-eks'], ['azurerm', 'shop-aks', 'shop-aks']]);
  });

  it('reports a workflow naming a cluster the Terraform does not create, with the near name as a quick fix', () => {
    const files = { 'infra/main.tf': gke + eks, '.github/workflows/deploy.yml': workflow('gcloud container clusters get-credentials shop-prd --region europe-west1 && aws eks update-kubeconfig --name shop-eks') };
    const { index, found } = diagnose(files, '.github/workflows/deploy.yml');
    assert.deepEqual(found.map((d) => [covered(files['.github/workflows/deploy.yml'], d), d.severity, d.message]), [['shop-prd', 2, 'Unknown cluster: no cluster the repository\'s Terraform creates is named "shop-prd" (it creates "shop-prod"). Did you mean "shop-prod"?']]);
    const file = index.get('file:///w/.github/workflows/deploy.yml')!;
    const [fix] = codeActionsFor(file, found[0].range, found, allFeatures(), { index, settings: defaultSettings, isCancelled: () => false });
    assert.equal(fix.title, 'Change to "shop-prod"');
    assert.deepEqual(fix.edit?.changes?.[file.uri], [{ range: found[0].range, newText: 'shop-prod' }]);
  });

  it('reports an Argo CD Application deploying to a cluster no Terraform cluster is named', () => {
    const files = { 'infra/main.tf': gke + eks, 'apps/api.yaml': application('shop-stage') };
    assert.deepEqual(diagnose(files, 'apps/api.yaml').found.map((d) => [covered(files['apps/api.yaml'], d), d.message]), [['shop-stage', 'Unknown cluster: no cluster the repository\'s Terraform creates is named "shop-stage" (it creates "shop-prod", "shop-eks").']]);
    assert.deepEqual(diagnose({ ...files, 'apps/api.yaml': application('shop-eks') }, 'apps/api.yaml').found, []);
    assert.deepEqual(diagnose({ ...files, 'apps/api.yaml': application('in-cluster') }, 'apps/api.yaml').found, []);
  });

  it('says nothing without Terraform clusters of that provider, or when one\'s name is not known', () => {
    const run = workflow('gcloud container clusters get-credentials other --region europe-west1');
    assert.deepEqual(diagnose({ 'infra/main.tf': eks, '.github/workflows/deploy.yml': run }, '.github/workflows/deploy.yml').found, []);
    assert.deepEqual(diagnose({ '.github/workflows/deploy.yml': run }, '.github/workflows/deploy.yml').found, []);
    const unknown = 'variable "name" {\n  type = string\n}\nresource "google_container_cluster" "this" {\n  name     = var.name\n  location = "europe-west1"\n}\n';
    assert.deepEqual(diagnose({ 'infra/main.tf': unknown, '.github/workflows/deploy.yml': run }, '.github/workflows/deploy.yml').found, []);
  });
});
