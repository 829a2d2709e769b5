/**
 * What the Dockerfile family reads beside the index (its descriptor hands it to its feature): whether a path
 * exists, a side file's text (`.dockerignore`, `.hadolint.yaml`) by the one bounded, confined read. Its own, not
 * the Compose family's (compose/host.ts): a check of a Dockerfile evaluates no Compose code (issue #68).
 */
import { existsSync } from 'node:fs';
import { readSideText } from '../disk/readText';
import type { ComposeFace } from '../compose/api';
import type { KubernetesFace } from '../kubernetes/api';
import type { ContextReader } from './context';

export const dockerfileReader: ContextReader = { exists: existsSync, read: (file) => readSideText(file) };

/**
 * What the Dockerfile family reads of the run's other families (their faces, Family.faces: its descriptor takes them
 * from the run's families): the Compose builds and services' images, the Kubernetes workloads. Absent when the run
 * has no such family — `archipel check Dockerfile` alone has no Compose file or manifest to read (issue #68).
 */
export interface DockerfileFaces {
  readonly compose?: ComposeFace;
  readonly kubernetes?: KubernetesFace;
}
