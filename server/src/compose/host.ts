/**
 * What the Compose family reads from the host (its descriptor, families/compose.ts, hands it to the
 * feature; the Dockerfile family's gets the same reader): side files by the one bounded, confined
 * read, and the compose-spec schema with its precompiled validators.
 */
import { existsSync } from 'node:fs';
import path from 'node:path';
import { READ_BOUNDS, readSideText, readTextBoundedSync } from '../disk/readText';
import { precompiledValidatorModule } from '../platform/precompiledValidators';
import { SchemaEngine, type SchemaBundle } from '../schema/engine';
import type { ComposeReader } from './model';

/**
 * What the containers families read beside the index: whether a path exists, a side file's text
 * (`.env`, env_file, `.dockerignore`, `.hadolint.yaml`) by the one bounded, confined read.
 */
export const containersReader: ComposeReader = { exists: existsSync, read: (file) => readSideText(file) };

/**
 * schemas/compose/compose-spec.json (compose-go's copy of the compose-spec schema), validated by the
 * module the build precompiled from it (through a code cache): compiled at run time, the schema was
 * ~100 ms of CPU of every `archipel check` of a Compose file.
 */
export function loadComposeSchema(root: string): SchemaEngine {
  const bundle = JSON.parse(readTextBoundedSync(path.join(root, 'schemas', 'compose', 'compose-spec.json'), READ_BOUNDS.config)) as SchemaBundle;
  return new SchemaEngine([bundle], precompiledValidatorModule(root, 'compose-validators.js', Object.keys(bundle['x-archipel-kinds'] ?? {})));
}
