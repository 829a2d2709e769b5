/**
 * What other families ask of the Compose family: a Compose file's document and services (the stacks Prometheus and
 * Ansible read, the images Dockerfiles build), and its side-file reader's shape. Everything else in compose/ is private to it.
 */
import { isComposeFile } from './files';
import { composeBuilds, composeDocumentOf, composeWrittenImages, servicesOf } from './project';

export { isComposeFile } from './files';
export { dotEnvLine, interpolate, knownInterpolation, parseDotEnv } from './interpolate';
export type { ComposeReader, Json } from './model';
export { type ComposeBuild, composeBuilds, composeDocumentOf, composeProjectOf, servicesOf } from './project';
export { buildRoles, type BuildRoles, type OwnSettings, settingsName, sharedProgramSettings } from './sharedPrograms';

/**
 * Its face as a value (Family.faces, families/compose.ts): what the Dockerfile and Prometheus families read of the
 * run's Compose files — the builds naming a Dockerfile, the services' images, the services a monitoring file's targets
 * name — taken from the run's families, never imported, so that a check with no Compose file (`archipel check
 * Dockerfile`, a rule file) evaluates no Compose code (issue #68).
 */
export const composeFace = { isComposeFile, builds: composeBuilds, documentOf: composeDocumentOf, writtenImages: composeWrittenImages, servicesOf };
export type ComposeFace = typeof composeFace;
export { blockValue, type ComposeMount, composeMounts, inMount, mountedFile, mountsHolding, record, sideUri } from './mounts';
