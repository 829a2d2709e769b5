/**
 * A Dapr secret store is a vault (issue #95, Red Dog's `secretstores.azure.keyvault`): the threats' own reading of a
 * component's lines, as scan.ts reads an ExternalSecret's `kind:` — no app-config code is loaded to check a YAML file.
 */
/**
 * The secret store types whose secrets live in a vault of their own, read at run time: a cloud's key vault or secret manager,
 * HashiCorp Vault, the cluster's Secrets through the Kubernetes API (issue #95: Red Dog's `secretstores.azure.keyvault`).
 * Not `secretstores.local.file` nor `secretstores.local.env`: they read a JSON file beside the application or its own
 * variables, so the secrets still sit in files or plain variables, which is what a vault is there to end (Dapr's docs call
 * them development-only).
 */
const vaultStoreTypes = /^secretstores\.(?:azure\.keyvault|hashicorp\.vault|aws\.(?:secretmanager|parameterstore)|gcp\.secretmanager|kubernetes)$/;

/** Whether a Dapr component of this type (`spec.type`) is a vault. */
const isVaultSecretStore = (type: string): boolean => vaultStoreTypes.test(type.trim().toLowerCase());

/** Whether a YAML document's lines are a Dapr component (`apiVersion: dapr.io/…`) whose `spec.type` is a vault. */
export function isDaprVaultStore(lines: readonly string[]): boolean {
  return lines.some((line) => /^apiVersion:\s*["']?dapr\.io\//.test(line))
    && lines.some((line) => isVaultSecretStore(/^\s+type:\s*["']?(secretstores\.[\w.]+)["']?\s*$/.exec(line)?.[1] ?? ''));
}
