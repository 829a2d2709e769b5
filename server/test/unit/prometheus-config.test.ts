import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { re2Problem } from '../../src/prometheus/relabel';
import { fixturesDir } from '../helpers';
import { MonitoringWorkspace } from '../monitoring';

const configDir = path.join(fixturesDir, 'oss', 'prometheus', 'config');

function check(file: string): { line: number; severity: number | undefined; code: string; message: string }[] {
  const ws = new MonitoringWorkspace({ [`prometheus/${file}`]: readFileSync(path.join(configDir, file), 'utf8') });
  return ws.diagnose(`prometheus/${file}`).map((d) => ({ line: d.range.start.line + 1, severity: d.severity, code: String(d.code), message: d.message as string }));
}

describe('prometheus.yml', () => {
  describe("Prometheus's config/testdata (Apache-2.0) with the errors config/config_test.go expects", () => {
    // [file, line of the first error, the message config_test.go expects it to contain]
    const cases: [string, number, string][] = [
      ['bearertoken.bad.yml', 5, 'at most one of bearer_token & bearer_token_file must be configured'],
      ['bearertoken_basicauth.bad.yml', 4, 'at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured'],
      ["dropequal.bad.yml", 5, "relabel configuration for dropequal action requires 'target_label' value"],
      ["dropequal1.bad.yml", 5, "dropequal action requires only 'source_labels' and `target_label`, and no other fields"],
      ['empty_alert_relabel_config.bad.yml', 3, 'empty or null alert relabeling rule'],
      ['empty_alertmanager_relabel_config.bad.yml', 4, 'empty or null Alertmanager target relabeling rule'],
      ['empty_metric_relabel_config.bad.yml', 4, 'empty or null metric relabeling rule'],
      ['empty_rr_config.bad.yml', 2, 'empty or null remote read config section'],
      ['empty_rw_config.bad.yml', 2, 'empty or null remote write config section'],
      ['empty_rw_relabel_config.bad.yml', 4, 'empty or null relabeling rule in remote write config'],
      ['empty_scrape_config.bad.yml', 2, 'empty or null scrape config section'],
      ['empty_static_config.bad.yml', 4, 'empty or null section in static_configs'],
      ['empty_target_relabel_config.bad.yml', 4, 'empty or null target relabeling rule'],
      ['jobname.bad.yml', 2, 'job_name is empty'],
      ['jobname_dup.bad.yml', 7, 'found multiple scrape configs with job name "prometheus"'],
      ["keepequal.bad.yml", 5, "relabel configuration for keepequal action requires 'target_label' value"],
      ["keepequal1.bad.yml", 5, "keepequal action requires only 'source_labels' and `target_label`, and no other fields"],
      ["labeldrop.bad.yml", 5, "labeldrop action requires only 'regex', and no other fields"],
      ["labeldrop2.bad.yml", 5, "labeldrop action requires only 'regex', and no other fields"],
      ["labeldrop3.bad.yml", 5, "labeldrop action requires only 'regex', and no other fields"],
      ["labeldrop4.bad.yml", 5, "labeldrop action requires only 'regex', and no other fields"],
      ["labeldrop5.bad.yml", 5, "labeldrop action requires only 'regex', and no other fields"],
      ["labelkeep.bad.yml", 5, "labelkeep action requires only 'regex', and no other fields"],
      ["labelkeep2.bad.yml", 5, "labelkeep action requires only 'regex', and no other fields"],
      ["labelkeep3.bad.yml", 5, "labelkeep action requires only 'regex', and no other fields"],
      ["labelkeep4.bad.yml", 5, "labelkeep action requires only 'regex', and no other fields"],
      ["labelkeep5.bad.yml", 5, "labelkeep action requires only 'regex', and no other fields"],
      ["lowercase.bad.yml", 6, "relabel configuration for lowercase action requires 'target_label' value"],
      ["lowercase3.bad.yml", 7, "'replacement' can not be set for lowercase action"],
      ['modulus_missing.bad.yml', 5, 'relabel configuration for hashmod requires non-zero modulus'],
      ['regex.bad.yml', 4, 'error parsing regexp'],
      ['remote_read_dup.bad.yml', 5, 'found multiple remote read configs with job name "queue1"'],
      ['remote_read_header.bad.yml', 5, 'x-prometheus-remote-write-version is a reserved header. It must not be changed'],
      ['remote_read_url_missing.bad.yml', 2, 'url for remote_read is empty'],
      ['remote_write_authorization_header.bad.yml', 5, 'authorization header must be changed via the basic_auth, authorization, oauth2, sigv4, azuread or google_iam parameter'],
      ['remote_write_dup.bad.yml', 5, 'found multiple remote write configs with job name "queue1"'],
      ['remote_write_header.bad.yml', 5, 'x-prometheus-remote-write-version is a reserved header. It must not be changed'],
      ['remote_write_queue_capacity_zero.bad.yml', 4, 'remote write queue capacity must be positive'],
      ['remote_write_queue_max_backoff_less_than_min.bad.yml', 5, 'remote write queue max_backoff must not be less than min_backoff'],
      ['remote_write_queue_max_samples_per_send_zero.bad.yml', 4, 'remote write queue max_samples_per_send must be positive'],
      ['remote_write_queue_max_shards_zero.bad.yml', 4, 'remote write queue max_shards must be positive'],
      ['remote_write_queue_min_shards_greater_than_max.bad.yml', 4, 'remote write queue min_shards must not be greater than max_shards'],
      ['remote_write_queue_min_shards_zero.bad.yml', 4, 'remote write queue min_shards must be positive'],
      ['remote_write_url_missing.bad.yml', 2, 'url for remote_write is empty'],
      ['rules.bad.yml', 3, 'invalid rule file path'],
      ['scrape_interval.bad.yml', 4, 'scrape timeout greater than scrape interval'],
      ["target_label_hashmod_missing.bad.yml", 6, "relabel configuration for hashmod action requires 'target_label' value"],
      ["target_label_missing.bad.yml", 4, "relabel configuration for replace action requires 'target_label' value"],
      ['unknown_attr.bad.yml', 19, 'field consult_sd_configs not found in type'],
      ['unknown_global_attr.bad.yml', 2, 'field nonexistent_field not found in type config.plain'],
      ["uppercase.bad.yml", 4, "relabel configuration for uppercase action requires 'target_label' value"],
      ["uppercase3.bad.yml", 7, "'replacement' can not be set for uppercase action"],
      ['url_in_targetgroup.bad.yml', 5, '"http://bad" is not a valid hostname'],
    ];
    for (const [file, line, expected] of cases) {
      it(file, () => {
        const first = check(file).find((d) => d.severity === 1);
        assert.ok(first, `no error in ${file}`);
        assert.ok(first.message.includes(expected), `${first.message} does not contain ${expected}`);
        assert.equal(first.line, line);
      });
    }

    it('every *.good.yml has no error', () => {
      const good = readdirSync(configDir).filter((f) => f.endsWith('.good.yml'));
      assert.ok(good.length > 50);
      const errors = good.flatMap((file) => check(file).filter((d) => d.severity === 1).map((d) => `${file}:${d.line} ${d.message}`));
      assert.deepEqual(errors, []);
    });
  });

  it('rule_files patterns are matched against the workspace, relative to the configuration', () => {
    const config = 'rule_files:\n  - rules/*.yml\n  - alerts.yml\n  - missing/*.rules\n  - /etc/prometheus/x.yml\nscrape_configs: []\n';
    const ws = new MonitoringWorkspace({ 'mon/prometheus.yml': config, 'mon/rules/a.yml': 'groups: []\n', 'mon/alerts.yml': 'groups: []\n' });
    assert.deepEqual(
      ws.shown('mon/prometheus.yml'),
      ['4: prom-rule-files: missing/*.rules: "missing/*.rules" matches no file of the workspace (relative to /work/mon/)'],
    );
  });

  it('static targets: host:port, not a URL; a non-numeric port is a warning', () => {
    const config = 'scrape_configs:\n  - job_name: api\n    static_configs:\n      - targets: ["api:8000", "db", "http://web:80/metrics", "cache:redis"]\n';
    const ws = new MonitoringWorkspace({ 'prometheus.yml': config });
    assert.deepEqual(ws.shown('prometheus.yml'), [
      '4: prom-config: "http://web:80/metrics": "http://web:80/metrics" is not a valid hostname',
      '4: prom-config: "cache:redis": "cache:redis" is not host:port: the port "redis" is not a number',
    ]);
  });

  it('targets naming a Kubernetes Service by its cluster name: the Service and its port exist in the workspace', () => {
    const service = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: stock-predictor\n  namespace: stock-prediction\nspec:\n  ports:\n    - name: http\n      port: 80\n';
    const config = 'scrape_configs:\n  - job_name: api\n    static_configs:\n      - targets:\n          - stock-predictor.stock-prediction.svc:80\n          - stock-predictor.stock-prediction.svc.cluster.local:5000\n          - stock-predicter.stock-prediction.svc:80\n          - api:5000\n          - stock-predictor.stock-prediction:80\n          - stock-predictor.stock-prediction:8080\n          - node.example:9100\n';
    const ws = new MonitoringWorkspace({ 'k8s/service.yaml': service, 'prometheus.yml': config });
    assert.deepEqual(ws.shown('prometheus.yml'), [
      '6: prom-target-service: stock-predictor.stock-prediction.svc.cluster.local:5000: Service stock-predictor.stock-prediction exposes port(s) 80, not the port of "stock-predictor.stock-prediction.svc.cluster.local:5000"',
      '7: prom-target-service: stock-predicter.stock-prediction.svc:80: no Kubernetes Service stock-predicter.stock-prediction in the workspace answers "stock-predicter.stock-prediction.svc:80"',
      // svc.ns is read when ns is a namespace of the workspace's Services; node.example is any host.
      '10: prom-target-service: stock-predictor.stock-prediction:8080: Service stock-predictor.stock-prediction exposes port(s) 80, not the port of "stock-predictor.stock-prediction:8080"',
    ]);
  });

  it('relabel actions and regexes: RE2 rejects lookaround and backreferences', () => {
    assert.equal(re2Problem('(.*)'), undefined);
    assert.match(re2Problem('a(?=b)') ?? '', /invalid or unsupported Perl syntax/);
    assert.match(re2Problem('(a)\\1') ?? '', /invalid escape sequence/);
    const config = 'scrape_configs:\n  - job_name: api\n    relabel_configs:\n      - action: kep\n        regex: x\n      - source_labels: [__address__]\n        regex: "(?<!x)y"\n        target_label: a\n';
    const ws = new MonitoringWorkspace({ 'prometheus.yml': config });
    assert.deepEqual(ws.shown('prometheus.yml'), [
      '4: prom-relabel: kep: unknown relabel action "kep"; did you mean keep?',
      '7: prom-relabel: "(?<!x)y": error parsing regexp: invalid named capture: `(?<!x)y)$`',
    ]);
  });
});
