/**
 * What archipel.yaml's commands read from the package (the schema of its sections and the face
 * model shipped with Archipel), apart from resources.ts's other data: `archipel blur` runs from a
 * bundle of its own (blurCli.js) that holds none of the Kubernetes, workflow or snippet data.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { DEFAULT_FACE_MODEL } from '../protocol/blurValues';
import { packageRoot } from '../disk/packageRoot';
import { precompiledValidatorModule } from './precompiledValidators';
import { SchemaEngine, type SchemaBundle } from '../schema/engine';

/** schemas/archipel.json: the schema of archipel.yaml's sections, dispatched by section name. */
export function loadArchipelSchema(root: string = packageRoot()): SchemaEngine {
  const bundle = JSON.parse(readFileSync(path.join(root, 'schemas', 'archipel.json'), 'utf8')) as SchemaBundle;
  // Precompiled at build time (`archipel blur` reads archipel.yaml on every start; 47 KB: no code cache needed), or none from sources.
  return new SchemaEngine([bundle], precompiledValidatorModule(root, 'archipel-validators.js', Object.keys(bundle['x-archipel-kinds'] ?? {}), null));
}

/**
 * The face detector shipped with Archipel (models/, YuNet, Apache-2.0): the default face model
 * when neither archipel.yaml, the settings, the command line nor a downloaded copy names one.
 */
export function embeddedFaceModel(root: string = packageRoot()): string | undefined {
  const file = path.join(root, 'models', DEFAULT_FACE_MODEL.name);
  return existsSync(file) ? file : undefined;
}
