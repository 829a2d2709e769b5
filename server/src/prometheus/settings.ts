import { defineSettingsSection, record, type SettingsManifest } from '../settings';

/** `archipel.prometheus.*`: more file patterns read as Prometheus files (configurations, rule files, promtool test files). */
export interface PrometheusSettings {
  files: string[];
}

declare module '../settings' {
  interface FamilySettings {
    prometheus: PrometheusSettings;
  }
}

/** How the editor declares the section (package.json's `archipel.prometheus.<key>` and their strings; scripts/gen-families.mjs writes them there). */
const manifest: SettingsManifest = {
  properties: {
    files: {
      type: 'array',
      scope: 'resource',
      default: [],
      items: { type: 'string' },
      markdownDescription: '%config.prometheus.files.description%',
    },
  },
  strings: {
    'config.prometheus.files.description': {
      en: "More glob patterns of files read as Prometheus files (configurations, rule files, promtool test files), beside `prometheus*.yml`, `*.rules.yml`, `*alerts*.yml` and the files a `prometheus.yml` names in `rule_files` (for example `ops/prom/*.yml`); a file they name is read as a Prometheus configuration even without `scrape_configs`.",
      fr: "Autres motifs glob de fichiers lus comme fichiers Prometheus (configurations, fichiers de règles, fichiers de tests promtool), en plus de `prometheus*.yml`, `*.rules.yml`, `*alerts*.yml` et des fichiers qu'un `prometheus.yml` nomme dans `rule_files` (par exemple `ops/prom/*.yml`) ; un fichier qu'ils nomment est lu comme une configuration Prometheus même sans `scrape_configs`.",
    },
  },
};

export const prometheusSettings = defineSettingsSection('prometheus', { files: [] }, (raw) => {
  const input = record(raw);
  return { files: Array.isArray(input.files) ? input.files.filter((glob): glob is string => typeof glob === 'string') : [] };
}, manifest);
