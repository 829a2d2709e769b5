/** Docker Compose files: the compose-spec schema after interpolation, the project's semantics, completion, navigation. */
import { existsSync } from 'node:fs';
import path from 'node:path';
import type { Family } from './descriptor';
import { readSideText } from '../disk/readText';
import { SchemaEngine, type SchemaBundle } from '../schema/engine';
import { composeFeature } from '../compose/feature';
import { frCompose } from '../compose/fr';
import { composeFiles, type ComposeReader } from '../compose/model';
import { composeSettings } from '../compose/settings';
import { composeSystem } from '../compose/system';
import { precompiledValidatorModule } from '../platform/precompiledValidators';
import { READ_BOUNDS, readTextBoundedSync } from '../disk/readText';

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

export const composeFamily: Family = {
  id: 'compose',
  title: 'Docker Compose files',
  files: { ...composeFiles, userGlobs: 'files' },
  languages: ['yaml', 'dockercompose'],
  features: (host) => [composeFeature(loadComposeSchema(host.root), containersReader)],
  settings: composeSettings,
  french: frCompose,
  rules: { prefixes: ['compose-'] },
  system: composeSystem,
};
