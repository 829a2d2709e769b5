import { defineFilesSection, type FilesSettings } from '../settings';

/** `archipel.prometheus.*`: more file patterns read as Prometheus files (configurations, rule files, promtool test files). */
export type PrometheusSettings = FilesSettings;

declare module '../settings' {
  interface FamilySettings {
    prometheus: PrometheusSettings;
  }
}

export const prometheusSettings = defineFilesSection('prometheus', {
  en: "More glob patterns of files read as Prometheus files (configurations, rule files, promtool test files), beside `prometheus*.yml`, `*.rules.yml`, `*alerts*.yml` and the files a `prometheus.yml` names in `rule_files` (for example `ops/prom/*.yml`); a file they name is read as a Prometheus configuration even without `scrape_configs`.",
  fr: "Autres motifs glob de fichiers lus comme fichiers Prometheus (configurations, fichiers de règles, fichiers de tests promtool), en plus de `prometheus*.yml`, `*.rules.yml`, `*alerts*.yml` et des fichiers qu'un `prometheus.yml` nomme dans `rule_files` (par exemple `ops/prom/*.yml`) ; un fichier qu'ils nomment est lu comme une configuration Prometheus même sans `scrape_configs`.",
});
