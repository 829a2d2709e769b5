/**
 * What other families read of the Terraform files (Family.faces): the Kubernetes objects their resources create (the
 * policy family's, #96). Apart from api.ts: the conversion (kubernetesObjects.ts) carries the Kubernetes family's
 * checks, which a bundle that reads Terraform's model alone (privacyCli) must not hold.
 */
import { terraformKubernetesObjects } from './kubernetesObjects';
import { terraformFileKind } from './model/model';
import { hclReady } from './syntax/parse';

export const terraformFace = {
  /** Whether a file is a Terraform configuration file (its resources create objects). */
  isConfig: (uri: string): boolean => terraformFileKind(uri) === 'config',
  /** Whether the HCL parser has loaded (the Terraform feature's preparation loads it): until then no module is read. */
  ready: (): boolean => hclReady(),
  kubernetesObjects: terraformKubernetesObjects,
};
export type TerraformFace = typeof terraformFace;
