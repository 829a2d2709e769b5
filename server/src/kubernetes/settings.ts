import { defineSettingsSection, record, type SettingsManifest } from '../settings';

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

/** How the editor declares the section (package.json's `archipel.kubernetes.<key>` and their strings; scripts/gen-families.mjs writes them there). */
const manifest: SettingsManifest = {
  "properties": {
    "version": {
      "type": "string",
      "scope": "resource",
      "default": "1.36",
      "pattern": "^1\\.\\d+$",
      "markdownDescription": "%config.kubernetes.version.description%"
    }
  },
  "strings": {
    "config.kubernetes.version.description": {
      "en": "The Kubernetes release manifests are checked against.",
      "fr": "La version de Kubernetes contre laquelle les manifestes sont vérifiés."
    }
  }
};

export const kubernetesSettings = defineSettingsSection('kubernetes', defaults, (raw) => {
  const input = record(raw);
  return { version: typeof input.version === 'string' && /^1\.\d+$/.test(input.version) ? input.version : defaults.version };
}, manifest);
