import type { ComposeFace } from '../compose/api';

/**
 * What the Prometheus family reads of the run's other families (their faces, Family.faces: its descriptor takes them
 * from the run's families): the Compose project beside a configuration, whose services its static targets name.
 * Absent when the run has no such family — `archipel check alerts.rules.yml` alone has no Compose file to read (issue #68).
 */
export interface PrometheusFaces {
  readonly compose?: ComposeFace;
}
