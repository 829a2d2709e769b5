/**
 * The data several families read in one run, each loaded by the first that needs it: archipel.yaml's schema (blur,
 * predict, serve), the governance schemas (RACI, AMDEC), DVC's pipeline schema. No family's code: a family's descriptor
 * imports this without the Kubernetes validator (platform/resources.ts) or the workflow data (platform/workflowData.ts).
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { packageRoot } from '../disk/packageRoot';
import { SchemaEngine, type SchemaBundle } from '../schema/engine';
import { loadArchipelSchema } from './archipelResources';
import { precompiledValidatorModule } from './precompiledValidators';

/** The RACI and AMDEC/FMEA schemas of schemas/governance/ (each maps its `kind` to a definition). */
export function loadGovernanceSchemas(root: string = packageRoot()): SchemaEngine {
  const folder = path.join(root, 'schemas', 'governance');
  const files = ['raci.schema.json', 'amdec.schema.json'];
  return new SchemaEngine(files.map((file) => JSON.parse(readFileSync(path.join(folder, file), 'utf8')) as SchemaBundle));
}

/** schemas/slo/: Sloth's prometheus/v1 spec and PrometheusServiceLevel resource, OpenSLO v1, Pyrra's ServiceLevelObjective (the SLO family's fields). */
export function loadSloSchemas(root: string = packageRoot()): { sloth: SchemaBundle; openSlo: SchemaBundle; pyrra: SchemaBundle } {
  const read = (file: string) => JSON.parse(readFileSync(path.join(root, 'schemas', 'slo', file), 'utf8')) as SchemaBundle;
  return { sloth: read('sloth.schema.json'), openSlo: read('openslo-v1.schema.json'), pyrra: read('pyrra.schema.json') };
}

/** schemas/pipeline/dvc.schema.json: DVC 3's dvc.yaml. */
export function loadPipelineSchema(root: string = packageRoot()): SchemaEngine {
  const bundle = JSON.parse(readFileSync(path.join(root, 'schemas', 'pipeline', 'dvc.schema.json'), 'utf8')) as SchemaBundle;
  // Precompiled at build time (~30 ms of a check of dvc.yaml compiled here); 23 KB: no code cache needed.
  return new SchemaEngine([bundle], precompiledValidatorModule(root, 'pipeline-validators.js', Object.keys(bundle['x-archipel-kinds'] ?? {}), null));
}

/**
 * `load(root)`, once per root: data several families read in one run (the workflow data of the
 * workflow feature and the diagrams, archipel.yaml's schema of blur, predict and serve) is
 * immutable and loaded by the first family that needs it.
 */
export function oncePerRoot<T>(load: (root: string) => T): (root?: string) => T {
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

/** loadArchipelSchema, shared by the families of one process. */
export const sharedArchipelSchema = oncePerRoot(loadArchipelSchema);
/** loadGovernanceSchemas, shared by the RACI and AMDEC families. */
export const sharedGovernanceSchemas = oncePerRoot(loadGovernanceSchemas);
/** loadSloSchemas, once per process. */
export const sharedSloSchemas = oncePerRoot(loadSloSchemas);
