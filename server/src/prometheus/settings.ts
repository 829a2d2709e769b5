import { defineSettingsSection, record } from '../settings';

/** `archipel.prometheus.*`: more file patterns read as Prometheus files (configurations, rule files, promtool test files). */
export interface PrometheusSettings {
  files: string[];
}

declare module '../settings' {
  interface FamilySettings {
    prometheus: PrometheusSettings;
  }
}

export const prometheusSettings = defineSettingsSection('prometheus', { files: [] }, (raw) => {
  const input = record(raw);
  return { files: Array.isArray(input.files) ? input.files.filter((glob): glob is string => typeof glob === 'string') : [] };
});
