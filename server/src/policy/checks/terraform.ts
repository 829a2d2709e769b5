/**
 * The workspace's policies on what Terraform's Kubernetes provider creates (#96): each object a .tf file's resources
 * create (a `kubernetes_manifest`'s manifest, a `kubernetes_deployment_v1`, …: the Terraform family writes them out,
 * terraform/kubernetesObjects.ts) evaluated as a manifest's object is, each violation on the HCL attribute or block that
 * wrote the failing value (the resource's type when it is the object as a whole). A violation resting on what the
 * configuration does not state (a variable, a reference, a `dynamic` block) is left out: it is not known before apply.
 */
import type { FeatureContext, PlacedFinding } from '../../features/feature';
import type { IndexedFile } from '../../workspace/index';
import { KubernetesGraph, kubernetesObjects } from '../../kubernetes/api';
import type { PolicyFaces } from '../faces';
import { hasPolicies, policyFindings, policySetOf } from './live';

/** The policies' findings on the objects a Terraform file's resources create, placed on the file's HCL. */
export function terraformFindings(file: IndexedFile, context: FeatureContext, terraform: NonNullable<PolicyFaces['terraform']>): PlacedFinding[] {
  // The Terraform feature's preparation loads the parser; before it, no module is read.
  if (!terraform.ready()) return [];
  const set = policySetOf(KubernetesGraph.of(context.index));
  if (!hasPolicies(set)) return [];
  const placed: PlacedFinding[] = [];
  for (const written of terraform.kubernetesObjects(context.index, file)) {
    for (const object of kubernetesObjects(written.file)) {
      if (context.isCancelled()) return placed;
      for (const finding of policyFindings(object, set, context.isCancelled)) {
        const at = written.toSource(object.offset + finding.start, object.offset + finding.end);
        if (at) placed.push({ offset: 0, finding: { ...finding, start: at.start, end: at.end } });
      }
    }
  }
  return placed;
}
