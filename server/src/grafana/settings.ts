import { defineFilesSection, type FilesSettings } from '../settings';

/** `archipel.grafana.*`: more file patterns read as Grafana dashboards or provisioning files (a dashboards folder elsewhere than dashboards/ or grafana/). */
export type GrafanaSettings = FilesSettings;

declare module '../settings' {
  interface FamilySettings {
    grafana: GrafanaSettings;
  }
}

export const grafanaSettings = defineFilesSection('grafana', {
  en: "More glob patterns of files read as Grafana dashboards or provisioning files, beside `dashboards/*.json`, `provisioning/*/*.yml` and `grafana/**` (for example `observability/boards/*.json`).",
  fr: "Autres motifs glob de fichiers lus comme tableaux de bord ou fichiers de provisioning Grafana, en plus de `dashboards/*.json`, `provisioning/*/*.yml` et `grafana/**` (par exemple `observability/boards/*.json`).",
});
