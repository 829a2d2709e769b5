import { defineSettingsSection, record } from '../settings';

/** `archipel.grafana.*`: more file patterns read as Grafana dashboards or provisioning files (a dashboards folder elsewhere than dashboards/ or grafana/). */
export interface GrafanaSettings {
  files: string[];
}

declare module '../settings' {
  interface FamilySettings {
    grafana: GrafanaSettings;
  }
}

export const grafanaSettings = defineSettingsSection('grafana', { files: [] }, (raw) => {
  const input = record(raw);
  return { files: Array.isArray(input.files) ? input.files.filter((glob): glob is string => typeof glob === 'string') : [] };
});
