/**
 * The security rules: the most common misconfiguration families that trivy (its AVD ids) and
 * checkov (its CKV ids) look for in AWS and Google modules, each naming the ids it matches, so that
 * a team moving from those tools finds its findings and its ignore comments again. Warnings: a
 * deliberate choice of the module's authors is not a broken configuration.
 */
import type { RuleInfo } from '../../rules/registry';
import { rule } from './rules';
import type { Span } from '../syntax/syntax';

export const securityRules = {
  openAdminPort: rule('terraform-open-admin-port', 'warning', 'A security group or firewall rule lets any address (0.0.0.0/0, ::/0) reach SSH (22) or RDP (3389). trivy AVD-AWS-0107, AVD-GCP-0027, AVD-GCP-0070, AVD-GCP-0071; checkov CKV_AWS_24, CKV_AWS_25, CKV_GCP_2, CKV_GCP_3.'),
  databaseUnencrypted: rule('terraform-database-unencrypted', 'warning', 'An RDS instance or cluster without storage_encrypted = true. trivy AVD-AWS-0080, AVD-AWS-0079; checkov CKV_AWS_16, CKV_AWS_96.'),
  volumeUnencrypted: rule('terraform-volume-unencrypted', 'warning', "An EBS volume, or an instance's or launch configuration's block device, without encrypted = true (unless the module turns on EBS encryption by default). trivy AVD-AWS-0026, AVD-AWS-0131; checkov CKV_AWS_3, CKV_AWS_8."),
  bucketUnencrypted: rule('terraform-bucket-unencrypted', 'warning', 'An S3 bucket with no server-side encryption configuration in its module. trivy AVD-AWS-0088; checkov CKV_AWS_19.'),
  databasePublic: rule('terraform-database-public', 'warning', 'A database reachable from the internet: an RDS instance with publicly_accessible = true, a Cloud SQL instance with a public IP or an authorized network of 0.0.0.0/0. trivy AVD-AWS-0180, AVD-GCP-0017; checkov CKV_AWS_17, CKV_GCP_11, CKV_GCP_60.'),
  bucketPublicAcl: rule('terraform-bucket-public-acl', 'warning', 'An S3 bucket ACL that grants everyone read or write (public-read, public-read-write, authenticated-read). trivy AVD-AWS-0092; checkov CKV_AWS_20, CKV_AWS_57.'),
  publicAccessBlock: rule('terraform-public-access-block', 'warning', "An S3 public access block that leaves one of its four protections off. trivy AVD-AWS-0086, AVD-AWS-0087, AVD-AWS-0091, AVD-AWS-0093; checkov CKV_AWS_53, CKV_AWS_54, CKV_AWS_55, CKV_AWS_56."),
  bucketWithoutAccessBlock: rule('terraform-bucket-without-access-block', 'warning', 'An S3 bucket with no aws_s3_bucket_public_access_block in its module. trivy AVD-AWS-0094; checkov CKV2_AWS_6.'),
  bucketPublicMember: rule('terraform-bucket-public-member', 'warning', 'A Cloud Storage bucket IAM member or binding granting allUsers or allAuthenticatedUsers. trivy AVD-GCP-0001; checkov CKV_GCP_28.'),
  bucketUniformAccess: rule('terraform-bucket-uniform-access', 'warning', 'A Cloud Storage bucket without uniform_bucket_level_access = true. trivy AVD-GCP-0002; checkov CKV_GCP_29.'),
  databaseBackup: rule('terraform-database-backup', 'warning', 'A database without automated backups: an RDS instance or cluster keeping them under two days, a Cloud SQL instance without backup_configuration enabled. trivy AVD-AWS-0077, AVD-GCP-0024; checkov CKV_AWS_133, CKV_GCP_14.'),
  deletionProtection: rule('terraform-deletion-protection', 'warning', 'An RDS instance or cluster without deletion_protection = true. trivy AVD-AWS-0177, AVD-AWS-0343; checkov CKV_AWS_293, CKV_AWS_139.'),
  iamWildcard: rule('terraform-iam-wildcard', 'warning', 'An IAM policy statement allowing every action ("*"). trivy AVD-AWS-0057; checkov CKV_AWS_1, CKV_AWS_62, CKV_AWS_63.'),
  eksPublicEndpoint: rule('terraform-eks-public-endpoint', 'warning', "An EKS cluster whose API endpoint is public and open to every address. trivy AVD-AWS-0040, AVD-AWS-0041; checkov CKV_AWS_39, CKV_AWS_38."),
  eksSecretsEncryption: rule('terraform-eks-secrets-encryption', 'warning', 'An EKS cluster without an encryption_config for its secrets. trivy AVD-AWS-0039; checkov CKV_AWS_58.'),
  gkePrivateNodes: rule('terraform-gke-private-nodes', 'warning', 'A GKE cluster whose nodes have public IPs (no private_cluster_config with enable_private_nodes = true). trivy AVD-GCP-0059; checkov CKV_GCP_25, CKV_GCP_64.'),
  gkeNetworkPolicy: rule('terraform-gke-network-policy', 'warning', 'A GKE Standard cluster without network policy enforcement (network_policy enabled, or Dataplane V2). trivy AVD-GCP-0056; checkov CKV_GCP_12.'),
  gkeWorkloadIdentity: rule('terraform-gke-workload-identity', 'warning', "A GKE cluster without Workload Identity, or a node pool exposing the node's metadata to its pods. trivy AVD-GCP-0057; checkov CKV_GCP_69."),
  gkeLegacyAuth: rule('terraform-gke-legacy-auth', 'warning', 'A GKE cluster with legacy ABAC, basic authentication or client certificates on. trivy AVD-GCP-0062, AVD-GCP-0064; checkov CKV_GCP_7, CKV_GCP_13.'),
  hardcodedSecret: rule('terraform-hardcoded-secret', 'warning', "A password, secret key or token written as a literal in an argument or a variable's default, or an AWS access key or private key in any string. checkov CKV_AWS_41, CKV_AWS_46, CKV_SECRET_2, CKV_SECRET_13; trivy AVD-AWS-0029 and its secret scanner."),
};

/** One finding of a check: where, what, and the trivy and checkov ids it matches (for their ignore comments). */
export interface Hit {
  rule: RuleInfo;
  at: Span;
  message: string;
  ids: readonly string[];
}

/** trivy's and checkov's ids as a message shows them: "trivy AVD-AWS-0080, checkov CKV_AWS_16". */
export function idsText(ids: readonly string[]): string {
  const trivy = ids.filter((id) => id.startsWith('AVD-'));
  const checkov = ids.filter((id) => id.startsWith('CKV'));
  return [trivy.length > 0 ? `trivy ${trivy.join(', ')}` : '', checkov.length > 0 ? `checkov ${checkov.join(', ')}` : ''].filter(Boolean).join(', ');
}

