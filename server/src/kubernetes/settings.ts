import { defineSettingsSection, record } from '../settings';

/** `archipel.kubernetes.*`. */
export interface KubernetesSettings {
  /** The Kubernetes version manifests are checked against (removed-API rules). */
  version: string;
}

declare module '../settings' {
  interface FamilySettings {
    kubernetes: KubernetesSettings;
  }
}

const defaults: KubernetesSettings = { version: '1.36' };

export const kubernetesSettings = defineSettingsSection('kubernetes', defaults, (raw) => {
  const input = record(raw);
  return { version: typeof input.version === 'string' && /^1\.\d+$/.test(input.version) ? input.version : defaults.version };
});
