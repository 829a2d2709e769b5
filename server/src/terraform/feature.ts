/**
 * Terraform in the editor and `archipel check`: a folder's `*.tf` and `*.tf.json` files are a
 * module, checked as Terraform checks it, with navigation, rename, completion and hover across the
 * module and the modules it calls or that call it.
 */
import type { Feature, FeatureContext, PlacedFinding } from '../features/feature';
import { kubernetesManifestFindings } from './checks/kubernetesManifests';
import type { IndexedFile, WorkspaceIndex } from '../workspace/index';
import { prepareModuleFindings, terraformFindings, type ModuleCheck } from './checks/diagnostics';
import type { Located } from './checks/referenceChecks';
import { terraformEditorFeature, type EditorServices } from './editor/feature';
import { terraformQuickFixes } from './editor/fixes';
import { isModuleFile, terraformFileKind, type TerraformModule } from './model/model';
import { tflintFindings } from './checks/tflintChecks';
import { terraformDefinition, terraformPrepareRename, terraformReferences, terraformRename } from './editor/navigation';
import { hclReady, loadHcl } from './syntax/parse';
import { terraformRules } from './checks/rules';
import type { ProviderSchemas } from './model/providerSchemas';
import { lockedVersions, schemaFindings, schemaFindingSteps } from './checks/schemaChecks';
import { securityFindings } from './checks/security';
import { validateFindings } from './checks/validateChecks';
import { pathFindings, type PathKind } from './checks/paths';
import { fsPathOf } from '../common/containment';
import { PerGeneration } from '../workspace/perGeneration';
import { t } from '../l10n/t';
import { bindInstalledModules, type InstalledModulesReader } from './model/installedModules';
import { bindLinkedFiles, type LinkedFilesReader } from './model/linkedFiles';

/** What the family gives the feature: provider schemas, its other parts' module checks. */
export interface TerraformServices extends EditorServices {
  /**
   * The provider schemas for a module's folder (a file path): the bundled ones, with the user's
   * `terraform providers schema -json` file (providers-schema.json in the folder or above) over them.
   */
  schemas?: (folder: string, roots: readonly string[]) => ProviderSchemas;
  checks?: readonly ModuleCheck[];
  /** What is at a path of the workspace (a file a module reads, a local chart); `unknown` outside it. */
  probe?: (fsPath: string, roots: readonly string[]) => PathKind;
  /** What `terraform init` installed beside a root module (its modules.json and the modules' files), read bounded and confined. */
  installed?: InstalledModulesReader;
  /** A folder's configuration files that are links (the scan lists no link), read bounded and confined. */
  linked?: LinkedFilesReader;
  /** The Kubernetes family's checks of a manifest (a `kubernetes_manifest`'s), created on first use. */
  kubernetes?: () => Feature;
}

export function terraformFeature(services: TerraformServices): Feature {
  // The parser loads on the first Terraform file (its prepare, or a request on it before any was
  // prepared), not with the feature: a server or a check with no Terraform file never compiles it.
  /** Whether the feature reads a file now: a Terraform file, not skipped, and the parser loaded (its loading started otherwise). */
  const applies = (file: IndexedFile): boolean => {
    if (file.skipped || terraformFileKind(file.uri) === undefined) return false;
    if (hclReady()) return true;
    void loadHcl().catch(() => undefined);
    return false;
  };
  /** A configuration file (not variables, not the lock file) the feature reads now. */
  const configuration = (file: IndexedFile): boolean => applies(file) && isModuleFile(file.uri);
  const schemas = services.schemas;
  const schemaCheck: ModuleCheck = Object.assign(
    (module: TerraformModule, context: FeatureContext) => {
      const folder = fsPathOf(module.folder);
      return schemas && folder ? schemaFindings(context.index, module, schemas(folder, context.roots ?? [])) : [];
    },
    {
      steps: (module: TerraformModule, context: FeatureContext): Iterable<Located[]> => {
        const folder = fsPathOf(module.folder);
        return schemas && folder ? schemaFindingSteps(context.index, module, schemas(folder, context.roots ?? [])) : [];
      },
    },
  );
  const validateCheck: ModuleCheck = (module, context) => {
    const folder = fsPathOf(module.folder);
    return validateFindings(context.index, module, schemas && folder ? schemas(folder, context.roots ?? []) : undefined);
  };
  const probe = services.probe;
  // What is at a path, asked once per index version (many files of a module read the same folder's files).
  const probed = new PerGeneration<WorkspaceIndex, Map<string, PathKind>>();
  const pathCheck: ModuleCheck = (module, context) => {
    if (!probe) return [];
    const roots = context.roots ?? [];
    const known = probed.get(context.index, context.index.generation, roots, () => new Map<string, PathKind>());
    return pathFindings(module, (fsPath) => {
      let kind = known.get(fsPath);
      if (kind === undefined) known.set(fsPath, (kind = probe(fsPath, roots)));
      return kind;
    });
  };
  const kubernetes = services.kubernetes;
  const manifestCheck: ModuleCheck = (module, context) => (kubernetes ? kubernetesManifestFindings(module, kubernetes, context) : []);
  const checks = [schemaCheck, validateCheck, manifestCheck, (module: TerraformModule, context: FeatureContext) => tflintFindings(module, lockedVersions(context.index, module.folder)), (module: TerraformModule) => securityFindings(module), pathCheck, ...(services.checks ?? [])];
  let failure: string | undefined;
  const installed = services.installed;
  // The module calls of the index read installed modules through this feature's reader, within the request's folders.
  const linked = services.linked ?? (installed && 'linkedFiles' in installed ? (installed as InstalledModulesReader & LinkedFilesReader) : undefined);
  const bind = (context: FeatureContext): FeatureContext => {
    if (installed) bindInstalledModules(context.index, installed, context.roots ?? []);
    if (linked) bindLinkedFiles(context.index, linked, context.roots ?? []);
    return context;
  };
  /** Whether a module folder is outside the request's workspace folders, links followed (module sources: moduleCallFindings). */
  const outsideOf = (context: FeatureContext) => (probe ? (folder: string) => probe(folder, context.roots ?? []) === 'unknown' : undefined);
  return {
    id: 'terraform',
    prepare: async (file, context) => {
      if (!terraformFileKind(file.uri)) return;
      try {
        await loadHcl();
      } catch (error) {
        failure = error instanceof Error ? error.message : String(error);
        return;
      }
      // The module's checks ahead, a slice at a time: a large module holds no other request for its whole check.
      if (applies(file)) await prepareModuleFindings(file, bind(context), checks, outsideOf(context));
    },
    findings: (file: IndexedFile, context: FeatureContext): PlacedFinding[] => {
      if (failure && terraformFileKind(file.uri)) return [{ offset: 0, finding: { start: 0, end: 0, code: terraformRules.limit.id, message: t('Archipel could not load its HCL parser ({0}): Terraform files are not checked.', failure) } }];
      return applies(file) ? terraformFindings(file, bind(context), checks, outsideOf(context)).map((finding) => ({ offset: 0, finding })) : [];
    },
    definition: (file, offset, context) => (configuration(file) ? terraformDefinition(bind(context).index, file, offset) : []),
    references: (file, offset, context) => (configuration(file) ? terraformReferences(bind(context).index, file, offset) : []),
    prepareRename: (file, offset, context) => (configuration(file) ? terraformPrepareRename(bind(context).index, file, offset) : undefined),
    rename: (file, offset, newName, context) => (configuration(file) ? terraformRename(bind(context).index, file, offset, newName) : undefined),
    ...terraformEditorFeature(services, { configuration, applies, bind }),
    codeActions: (file, _range, diagnostics) => (applies(file) ? terraformQuickFixes(file, diagnostics) : []),
  };
}
