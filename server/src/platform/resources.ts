import { existsSync, readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../disk/packageRoot';
import type { ValidateFunction } from 'ajv';
import { KubernetesValidator } from '../kubernetes/checks/validate';
import { requireWithCodeCache } from '../startup/codeCache';
import { SchemaEngine, type SchemaBundle } from '../schema/engine';
import { readSchemaBundle } from '../schema/lazyBundle';
import { loadArchipelSchema } from './archipelResources';
import { precompiledValidatorModule } from './precompiledValidators';
import { parseSnippetFile, type Snippet } from '../snippets/catalogue';
import { createWorkflowData, type WorkflowData } from '../workflows/model/data';

function readBundles(folder: string): { file: string; bundle: SchemaBundle }[] {
  if (!existsSync(folder)) return [];
  return readdirSync(folder)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => ({ file, bundle: readSchemaBundle(readFileSync(path.join(folder, file))) }));
}

/**
 * The validators precompiled at build time (scripts/gen-validators.mjs), when the build made them
 * (a run from sources without a build compiles at run time instead): one module per API group
 * (pod-bearing kinds together), each loaded on the first use of one of its kinds, through a V8
 * code cache (startup/codeCache.ts). The record's properties are getters: a kind costs nothing until
 * it is validated.
 */
export function precompiledValidators(root: string = packageRoot()): Record<string, ValidateFunction> {
  const folder = path.join(root, 'dist', 'server', 'k8s-validators');
  let kinds: Record<string, string>;
  try {
    kinds = (JSON.parse(readFileSync(path.join(folder, 'index.json'), 'utf8')) as { kinds: Record<string, string> }).kinds;
  } catch {
    return {};
  }
  const modules = new Map<string, Record<string, ValidateFunction>>();
  const load = (module: string): Record<string, ValidateFunction> => {
    let exports = modules.get(module);
    if (!exports) {
      exports = requireWithCodeCache(path.join(folder, module)).exports as Record<string, ValidateFunction>;
      modules.set(module, exports);
    }
    return exports;
  };
  const validators: Record<string, ValidateFunction> = {};
  for (const [key, module] of Object.entries(kinds)) {
    Object.defineProperty(validators, key, { enumerable: true, get: () => load(module)[key] });
  }
  return validators;
}

const validators = new Map<string, KubernetesValidator>();

/**
 * The generated Kubernetes and CRD schema bundles shipped in schemas/kubernetes/, loaded once per
 * package root: the validator never changes once built, so the families that check manifests (the
 * Kubernetes family, Helm's rendered manifests) share it and the schemas it has compiled.
 */
export function loadKubernetesValidator(root: string = packageRoot()): KubernetesValidator {
  let validator = validators.get(root);
  if (!validator) validators.set(root, (validator = readKubernetesValidator(root)));
  return validator;
}

function readKubernetesValidator(root: string): KubernetesValidator {
  // The bundles are read on the validator's first Kubernetes document, not here (KubernetesValidator).
  return new KubernetesValidator(() => {
    const bundles = readBundles(path.join(root, 'schemas', 'kubernetes'));
    if (bundles.length === 0) throw new Error(`Archipel: no schema bundles in ${path.join(root, 'schemas', 'kubernetes')}`);
    const engine = new SchemaEngine(
      bundles.map((b) => b.bundle),
      precompiledValidators(root),
    );
    // Built-in kinds come from the kubernetes-<version>.json bundle; the others describe CRDs.
    const builtin = bundles.filter((b) => /^kubernetes-\d+\.\d+\.json$/.test(b.file));
    return { engine, builtinKeys: builtin.flatMap((b) => Object.keys(b.bundle['x-archipel-kinds'] ?? {})) };
  });
}

/** GitHub's workflow/action template schemas, context descriptions and the popular actions' inputs. */
export function loadWorkflowData(root: string = packageRoot()): WorkflowData {
  const folder = path.join(root, 'schemas', 'workflows');
  const read = <T>(file: string) => JSON.parse(readFileSync(path.join(folder, file), 'utf8')) as T;
  return createWorkflowData({
    workflow: read('github-workflow.json'),
    action: read('github-action.json'),
    contexts: read('github-contexts.json'),
    actions: read('popular-actions.json'),
  });
}

/** The RACI and AMDEC/FMEA schemas of schemas/governance/ (each maps its `kind` to a definition). */
export function loadGovernanceSchemas(root: string = packageRoot()): SchemaEngine {
  const folder = path.join(root, 'schemas', 'governance');
  const files = ['raci.schema.json', 'amdec.schema.json'];
  return new SchemaEngine(files.map((file) => JSON.parse(readFileSync(path.join(folder, file), 'utf8')) as SchemaBundle));
}

/** schemas/pipeline/dvc.schema.json: DVC 3's dvc.yaml. */
export function loadPipelineSchema(root: string = packageRoot()): SchemaEngine {
  const bundle = JSON.parse(readFileSync(path.join(root, 'schemas', 'pipeline', 'dvc.schema.json'), 'utf8')) as SchemaBundle;
  // Precompiled at build time (~30 ms of a check of dvc.yaml compiled here); 23 KB: no code cache needed.
  return new SchemaEngine([bundle], precompiledValidatorModule(root, 'pipeline-validators.js', Object.keys(bundle['x-archipel-kinds'] ?? {}), null));
}

/** The snippets of snippets/ (the files VS Code's snippet format describes), with their places. */
export function loadSnippets(root: string = packageRoot()): Snippet[] {
  const folder = path.join(root, 'snippets');
  return readdirSync(folder)
    .filter((f) => f.endsWith('.json') || f.endsWith('.code-snippets'))
    .sort()
    .flatMap((file) => parseSnippetFile(file, readFileSync(path.join(folder, file), 'utf8')));
}


/**
 * `load(root)`, once per root: data several families read in one run (the workflow data of the
 * workflow feature and the diagrams, archipel.yaml's schema of blur, predict and serve) is
 * immutable and loaded by the first family that needs it.
 */
function oncePerRoot<T>(load: (root: string) => T): (root?: string) => T {
  const loaded = new Map<string, T>();
  return (root = packageRoot()) => {
    let value = loaded.get(root);
    if (value === undefined) {
      value = load(root);
      loaded.set(root, value);
    }
    return value;
  };
}

/** loadWorkflowData, shared by the families of one process. */
export const sharedWorkflowData = oncePerRoot(loadWorkflowData);
/**
 * sharedWorkflowData, read on the first use of one of its parts: the workflow feature asks for
 * them only for a workflow or action file, so a run that meets none (`archipel check` of a rule
 * file, which the family's selector takes as YAML) never reads GitHub's schemas.
 */
export function lazyWorkflowData(root: string = packageRoot()): WorkflowData {
  return {
    get schemas() {
      return sharedWorkflowData(root).schemas;
    },
    get contexts() {
      return sharedWorkflowData(root).contexts;
    },
    get actions() {
      return sharedWorkflowData(root).actions;
    },
  };
}
/** loadArchipelSchema, shared by the families of one process. */
export const sharedArchipelSchema = oncePerRoot(loadArchipelSchema);
/** loadGovernanceSchemas, shared by the RACI and AMDEC families. */
export const sharedGovernanceSchemas = oncePerRoot(loadGovernanceSchemas);
