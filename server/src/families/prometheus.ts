import { facesOf, type Family } from './descriptor';
import { prometheusFeature } from '../prometheus/feature';
import { frPrometheus } from '../prometheus/fr';
import { promtoolOnPath, ruleSummaryStore } from '../prometheus/host';
import { ruleTestLenses } from '../prometheus/ruleTestLens';
import { prometheusSettings } from '../prometheus/settings';
import { prometheusSystem } from '../prometheus/system';
import { prometheusFace } from '../prometheus/api';

/**
 * Prometheus: configurations, rule files (plain and PrometheusRule objects), promtool unit-test
 * files and the PromQL in them. A rule file is often named only by a prometheus.yml's rule_files:
 * any YAML whose first lines hold `groups:`, `scrape_configs:` or `rule_files:` is read, and the
 * feature decides from the whole document.
 */
export const prometheusFamily: Family = {
  id: 'prometheus',
  title: 'Prometheus configuration, rules and PromQL',
  system: prometheusSystem,
  faces: { prometheus: prometheusFace },
  files: {
    globs: ['prometheus*.{yml,yaml}', 'prometheus/*.{yml,yaml}', '*.rules.{yml,yaml}', '*rules*.{yml,yaml}', '*alerts*.{yml,yaml}'],
    sniff: {
      candidates: { extensions: ['.yml', '.yaml'] },
      claims: (head) => /^(groups|scrape_configs|rule_files|tests|global|alerting|remote_write):/m.test(head) || head.includes('monitoring.coreos.com/'),
    },
    userGlobs: 'files',
  },
  features: (host) => [prometheusFeature(facesOf(host.families), ruleSummaryStore()), ruleTestLenses(promtoolOnPath)],
  settings: prometheusSettings,
  french: frPrometheus,
  rules: { prefixes: ['prom-'] },
  client: {
    module: 'ruleTests',
    commands: [
      { id: 'archipel.runRuleTests', title: { en: 'Run Rule Tests (promtool)', fr: 'Lancer les tests de règles (promtool)' }, icon: '$(beaker)', menus: { commandPalette: [{ when: 'resourceExtname =~ /^\\.ya?ml$/ && isWorkspaceTrusted' }] } },
    ],
  },
};
