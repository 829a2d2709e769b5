import { defineSettingsSection, record, type FilesSettings, type SettingsManifest } from '../settings';

/**
 * The query language a datasource speaks: PromQL is checked; LogQL (Loki) and MetricsQL
 * (VictoriaMetrics, which Percona's PMM serves as "Metrics") are not PromQL, so their queries are
 * not parsed as such; `other` for any other kind (SQL, Graphite, Elasticsearch…).
 */
export type DatasourceFlavour = 'prometheus' | 'loki' | 'metricsql' | 'other';

export const datasourceFlavours: readonly DatasourceFlavour[] = ['prometheus', 'loki', 'metricsql', 'other'];

/** `archipel.grafana.*`: more file patterns read as Grafana files, and the flavour of datasources Archipel cannot tell from the dashboard. */
export interface GrafanaSettings extends FilesSettings {
  /** Datasource name, uid or variable as written (or `default`, the datasource of panels that name none) → its flavour. */
  datasources: Record<string, DatasourceFlavour>;
}

declare module '../settings' {
  interface FamilySettings {
    grafana: GrafanaSettings;
  }
}

/** How the editor declares the section (scripts/gen-families.mjs writes it into package.json). */
const manifest: SettingsManifest = {
  properties: {
    files: { type: 'array', scope: 'resource', default: [], items: { type: 'string' }, markdownDescription: '%config.grafana.files.description%' },
    datasources: {
      type: 'object',
      scope: 'resource',
      default: {},
      additionalProperties: { type: 'string', enum: [...datasourceFlavours] },
      markdownDescription: '%config.grafana.datasources.description%',
    },
  },
  strings: {
    'config.grafana.files.description': {
      en: 'More glob patterns of files read as Grafana dashboards or provisioning files, beside `dashboards/*.json`, `provisioning/*/*.yml` and `grafana/**` (for example `observability/boards/*.json`).',
      fr: 'Autres motifs glob de fichiers lus comme tableaux de bord ou fichiers de provisioning Grafana, en plus de `dashboards/*.json`, `provisioning/*/*.yml` et `grafana/**` (par exemple `observability/boards/*.json`).',
    },
    'config.grafana.datasources.description': {
      en: 'The query language of datasources a dashboard names but Archipel cannot type (a plain name such as `Metrics`, a uid), by name, uid or variable as the dashboard writes it (`Metrics`, `$ds`): `prometheus` (PromQL, checked), `loki` (LogQL), `metricsql` (VictoriaMetrics) or `other` (not checked). The key `default` stands for the datasource of panels that name none. Datasources chosen through a variable take the variable\'s type, provisioned ones their `type`.',
      fr: "Le langage de requête des sources de données qu'un tableau de bord nomme sans qu'Archipel puisse en dire le type (un nom comme `Metrics`, un uid), par nom, uid ou variable tels que le tableau de bord les écrit (`Metrics`, `$ds`) : `prometheus` (PromQL, vérifié), `loki` (LogQL), `metricsql` (VictoriaMetrics) ou `other` (non vérifié). La clé `default` désigne la source des panneaux qui n'en nomment aucune. Une source choisie par une variable prend le type de la variable, une source provisionnée son `type`.",
    },
  },
};

export const grafanaSettings = defineSettingsSection(
  'grafana',
  { files: [], datasources: {} },
  (raw) => {
    const input = record(raw);
    const files = Array.isArray(input.files) ? input.files.filter((glob): glob is string => typeof glob === 'string') : [];
    const datasources: Record<string, DatasourceFlavour> = {};
    for (const [name, flavour] of Object.entries(record(input.datasources))) {
      if (datasourceFlavours.includes(flavour as DatasourceFlavour)) datasources[name] = flavour as DatasourceFlavour;
    }
    return { files, datasources };
  },
  manifest,
);
