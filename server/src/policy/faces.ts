import type { HelmFace } from '../helm/api';
import type { TerraformFace } from '../terraform/api';

/**
 * What the policy family reads of the run's other families (their faces, Family.faces: its descriptor takes them from
 * the run's families): a chart template's render, whose objects the policies are evaluated on. Absent when the run has
 * no such family — `archipel check deployment.yaml` alone has no chart to render.
 */
export interface PolicyFaces {
  readonly helm?: Pick<HelmFace, 'renderedTemplate'>;
  /** The Kubernetes objects a Terraform file's resources create (kubernetes_manifest, the provider's typed resources). */
  readonly terraform?: TerraformFace;
}
