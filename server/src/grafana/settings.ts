import { defineSettingsSection, record, type SettingsManifest } from '../settings';

/** `archipel.grafana.*`: more file patterns read as Grafana dashboards or provisioning files (a dashboards folder elsewhere than dashboards/ or grafana/). */
export interface GrafanaSettings {
  files: string[];
}

declare module '../settings' {
  interface FamilySettings {
    grafana: GrafanaSettings;
  }
}

/** How the editor declares the section (package.json's `archipel.grafana.<key>` and their strings; scripts/gen-families.mjs writes them there). */
const manifest: SettingsManifest = {
  properties: {
    files: {
      type: 'array',
      scope: 'resource',
      default: [],
      items: { type: 'string' },
      markdownDescription: '%config.grafana.files.description%',
    },
  },
  strings: {
    'config.grafana.files.description': {
      en: "More glob patterns of files read as Grafana dashboards or provisioning files, beside `dashboards/*.json`, `provisioning/*/*.yml` and `grafana/**` (for example `observability/boards/*.json`).",
      fr: "Autres motifs glob de fichiers lus comme tableaux de bord ou fichiers de provisioning Grafana, en plus de `dashboards/*.json`, `provisioning/*/*.yml` et `grafana/**` (par exemple `observability/boards/*.json`).",
    },
  },
};

export const grafanaSettings = defineSettingsSection('grafana', { files: [] }, (raw) => {
  const input = record(raw);
  return { files: Array.isArray(input.files) ? input.files.filter((glob): glob is string => typeof glob === 'string') : [] };
}, manifest);
