/** Docker Compose files: the compose-spec schema after interpolation, the project's semantics, completion, navigation. */
import { knownPinOf, type Family } from './descriptor';
import { composeFace } from '../compose/api';
import { composeDrawer } from '../compose/diagram';
import { composeFeature } from '../compose/feature';
import { frCompose } from '../compose/fr';
import { containersReader, loadComposeSchema } from '../compose/host';
import { composeFiles } from '../compose/files';
import { composeSettings } from '../compose/settings';
import { composeSystemWith } from '../compose/system';
import { knownPinWith } from '../dockerfile/pins';

export const composeFamily: Family = {
  id: 'compose',
  title: 'Docker Compose files',
  files: { ...composeFiles, userGlobs: 'files' },
  languages: ['yaml', 'dockercompose'],
  // The project's `.env` and the services' env_file (named so by convention; another name is read all the same, and followed when the Compose file changes).
  // Makefiles too: one naming a build context make produces says it is not read rather than missing (compose/paths.ts).
  sideFiles: { names: ['.env', 'GNUmakefile', 'makefile', 'Makefile'], globs: ['.env.*', '*.env'], extensions: ['.mk'] },
  features: (host) => [composeFeature(loadComposeSchema(host.root), containersReader, knownPinOf(host.families))],
  settings: composeSettings,
  french: frCompose,
  knownPin: (faces) => knownPinWith(faces.compose),
  faces: { compose: composeFace },
  rules: { prefixes: ['compose-'] },
  system: composeSystemWith(containersReader),
  diagrams: [composeDrawer],
};
