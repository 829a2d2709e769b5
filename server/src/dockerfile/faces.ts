import type { ComposeFace } from '../compose/api';
import type { KubernetesFace } from '../kubernetes/api';

/**
 * What the Dockerfile family reads of the run's other families (their faces, Family.faces: its descriptor takes them
 * from the run's families): the Compose builds and services' images, the Kubernetes workloads. Absent when the run
 * has no such family — `archipel check Dockerfile` alone has no Compose file or manifest to read (issue #68).
 */
export interface DockerfileFaces {
  readonly compose?: ComposeFace;
  readonly kubernetes?: KubernetesFace;
}
