/** The threats family's rules (issue #65): Threagile's risk rules on the model derived from the system map, as `threat-<Threagile id>`. */
import { defineRule, type RuleInfo } from '../rules/registry';

const rule = (id: string, description: string, defaultSeverity: RuleInfo['defaultSeverity'] = 'warning'): RuleInfo => defineRule({ id: `threat-${id}`, needsIndex: true, defaultSeverity, description });

export const threatRules = {
  unguardedAccessFromInternet: rule('unguarded-access-from-internet', 'STRIDE elevation of privilege (Threagile unguarded-access-from-internet): a component holding or reaching confidential data is reached from the Internet directly (a LoadBalancer or NodePort Service, a published port), with no reverse proxy, gateway or WAF in front.'),
  unencryptedCommunication: rule('unencrypted-communication', 'STRIDE information disclosure (Threagile unencrypted-communication): a link carrying confidential data or credentials is plaintext — no TLS scheme (https, rediss, grpcs), no sslmode, no TLS on the Ingress, no mesh mTLS.'),
  unencryptedAsset: rule('unencrypted-asset', 'STRIDE information disclosure (Threagile unencrypted-asset): a data store of confidential data with no encryption at rest declared (storage_encrypted, a KMS key, an encryption block).'),
  missingAuthentication: rule('missing-authentication', 'STRIDE elevation of privilege (Threagile missing-authentication): a component processing confidential data is reached over a link with no credentials (no user in the URL, no password or Secret in the caller, no mTLS).'),
  unguardedDirectDatastoreAccess: rule('unguarded-direct-datastore-access', 'STRIDE elevation of privilege (Threagile unguarded-direct-datastore-access): a data store of confidential data is reached across a network trust boundary by a component that shares no parent boundary with it (the Internet, another network).'),
  missingNetworkSegmentation: rule('missing-network-segmentation', 'STRIDE elevation of privilege (Threagile missing-network-segmentation): a sensitive component shares its network with less protected components it does not talk to, and no NetworkPolicy or security group walls it off.'),
  missingVault: rule('missing-vault', 'STRIDE information disclosure (Threagile missing-vault): the system handles confidential data and no secret storage is deployed (Vault, a cloud secret manager, External Secrets, Sealed Secrets).', 'information'),
  accidentalSecretLeak: rule('accidental-secret-leak', 'STRIDE information disclosure (Threagile accidental-secret-leak): a secret is written as a literal in a committed deploy file (a password in a Compose environment, a token in a ConfigMap).'),
  containerPlatformEscape: rule('container-platform-escape', 'STRIDE elevation of privilege (Threagile container-platform-escape): a container may escape to its platform — privileged, the Docker socket mounted, the host\'s PID or network namespace, a hostPath.'),
  pushInsteadOfPullDeployment: rule('push-instead-of-pull-deployment', 'STRIDE tampering (Threagile push-instead-of-pull-deployment): a CI workflow pushes deployments into the running system (kubectl, helm, docker against it) instead of a GitOps agent pulling them.'),
};

/** A hand-written `threagile.yaml` in the editor (threagileFile.ts). */
export const threagileFileRules = {
  schema: defineRule({ id: 'threat-threagile-schema', defaultSeverity: 'error', description: "A threagile.yaml does not match Threagile's JSON schema (support/schema.json): unknown field, missing required field, wrong type, a value outside its list (read as Threagile reads it: YAML 1.2, merge keys)." }),
  reference: defineRule({ id: 'threat-threagile-reference', defaultSeverity: 'error', description: 'A threagile.yaml names an id that no entry has: a communication link\'s target, a data asset processed, stored, sent or received, a trust boundary\'s member or nested boundary, a shared runtime\'s asset. Quick fix: the close id.' }),
  field: defineRule({ id: 'threat-threagile-field', defaultSeverity: 'warning', description: "A threagile.yaml key that Threagile's schema does not know for its object (the schema leaves objects open, so Threagile ignores it silently: a misspelt confidentiality is no confidentiality). Quick fix: the close known key." }),
  trackingReference: defineRule({ id: 'threat-threagile-tracking', defaultSeverity: 'warning', description: "A risk_tracking key of one of the rules here names, in one of its @ parts, no id of the model (an asset, data asset, boundary, shared runtime or link): it tracks no risk. Quick fix: the close id." }),
};
