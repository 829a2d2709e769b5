/**
 * What other families read of the Terraform files (Family.faces): the Kubernetes objects their resources create (the
 * policy family's, #96). Apart from api.ts: the conversion (kubernetesObjects.ts) carries the Kubernetes family's
 * checks, which a bundle that reads Terraform's model alone (privacyCli) must not hold.
 */
import { isTerraformConfig, terraformReady } from './api';
import { terraformKubernetesObjects } from './kubernetesObjects';

export const terraformFace = {
  /** Whether a file is a Terraform configuration file (its resources create objects). */
  isConfig: isTerraformConfig,
  /** Whether the HCL parser has loaded (the Terraform feature's preparation loads it): until then no module is read. */
  ready: terraformReady,
  kubernetesObjects: terraformKubernetesObjects,
};
export type TerraformFace = typeof terraformFace;
