import type { Family } from './descriptor';
import { grafanaFeature } from '../grafana/feature';
import { frGrafana } from '../grafana/fr';
import { grafanaSettings } from '../grafana/settings';
import { grafanaSystem } from '../grafana/system';

/**
 * Grafana: dashboards (classic and v2, JSON or YAML) and provisioning files. A JSON file is read
 * when its first bytes look like a dashboard's (Grafana's exports start with __inputs, annotations
 * or panels); the feature decides from the whole file.
 */
export const grafanaFamily: Family = {
  id: 'grafana',
  title: 'Grafana dashboards and provisioning',
  system: grafanaSystem,
  languages: ['json'],
  files: {
    globs: ['dashboards/*.json', 'provisioning/*/*.{yml,yaml}', 'grafana/**/*.{yml,yaml,json}'],
    sniff: {
      candidates: { extensions: ['.json', '.yml', '.yaml'] },
      claims: (head) => /"(panels|__inputs|__requires|graphTooltip|schemaVersion|templating)"\s*:/.test(head) || head.includes('dashboard.grafana.app/') || /^(datasources|providers|deleteDatasources):/m.test(head),
    },
    userGlobs: 'files',
  },
  features: () => [grafanaFeature],
  settings: grafanaSettings,
  french: frGrafana,
  rules: { prefixes: ['grafana-'] },
};
