/** Terraform: modules read as Terraform reads them, checked, navigated and renamed offline. */
import { once } from '../common/once';
import { knownPinOf, type Family } from './descriptor';
import { kubernetesFeature } from '../kubernetes/feature';
import { loadKubernetesValidator } from '../platform/resources';
import { terraformDrawer } from '../terraform/diagram';
import { terraformFeature } from '../terraform/feature';
import { functionsFor, installedModulesReader, probePath, readTemplateFile, schemasFor } from '../terraform/host';
import { terraformStackFeature } from '../terraform/stack';
import { terraformSystem } from '../terraform/system';
import { frTerraform } from '../terraform/fr';
import { terraformFiles, terraformFilesByFolder } from '../terraform/model/model';
import { bindInstalledModules } from '../terraform/model/installedModules';
import { bindTemplateFiles } from '../terraform/model/templateFiles';
import { hclReady, loadHcl } from '../terraform/syntax/parse';
import { terraformModulesNotRead } from '../terraform/api';
import { terraformFace } from '../terraform/face';
import { addNotReadSource } from '../platform/notRead';

// The ledger (#92): a module call whose registry, git or remote module is not fetched (a local one missing is its finding's).
addNotReadSource((index) => terraformModulesNotRead(index).filter((call) => !/^\.\.?(\/|$)/.test(call.source)).map((call) => ({ uri: call.uri, reason: 'not-fetched' as const })));

export const terraformFamily: Family = {
  id: 'terraform',
  // Its stack check reads workflows and Argo CD Applications for cluster names, quiet without a Terraform cluster.
  own: { reads: 'for-own' },
  title: 'Terraform modules',
  files: terraformFiles,
  languages: ['terraform', 'terraform-vars'],
  features: (host) => [
    terraformFeature({
      schemas: schemasFor(host.root),
      functions: functionsFor(host.root),
      probe: probePath,
      installed: installedModulesReader,
      // The Kubernetes family's checks, for `kubernetes_manifest` resources (its validator is loaded once per root and shared).
      kubernetes: once(() => kubernetesFeature(loadKubernetesValidator(host.root), knownPinOf(host.families))),
    }),
    terraformStackFeature(() => loadHcl()),
  ],
  french: frTerraform,
  // The Kubernetes objects its resources create, for the policy family's admission policies (#96).
  faces: { terraform: terraformFace },
  rules: { prefixes: ['terraform-'] },
  // Drawn once the HCL parser has loaded (a diagram asked before any Terraform file was prepared).
  diagrams: [{ ...terraformDrawer, prepare: () => loadHcl() }],
  // Its clusters and databases on the system map, once the parser has loaded (not loaded for an index without a Terraform file).
  // Given the workspace's folders, the map reads the modules `terraform init` installed there and the files a module renders
  // (a task definition's JSON), bounded and confined.
  system: {
    ...terraformSystem,
    prepare: (index, roots) => {
      if (index && roots) bindInstalledModules(index, installedModulesReader, roots);
      if (index && roots) bindTemplateFiles(index, readTemplateFile, roots);
      return (index && terraformFilesByFolder(index).size === 0) || hclReady() ? undefined : loadHcl();
    },
  },
  client: {
    // Registered with the other generated diagrams' commands.
    module: 'diagrams',
    commands: [{ id: 'archipel.showTerraformDiagram', title: { en: 'Show Terraform Modules', fr: 'Afficher les modules Terraform' }, menus: { 'explorer/context': [{ when: 'explorerResourceIsFolder || resourceExtname == .tf', group: '7_archipel@7' }] } }],
  },
};
