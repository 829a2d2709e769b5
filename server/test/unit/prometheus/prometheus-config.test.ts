import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { re2Problem } from '../../../src/prometheus/relabel';
import { fixturesDir } from '../../helpers';
import { MonitoringWorkspace } from '../../monitoring';

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
      ['stackit_endpoint.bad.yml', 4, 'invalid endpoint'],
      ["target_label_hashmod_missing.bad.yml", 6, "relabel configuration for hashmod action requires 'target_label' value"],
      ["target_label_missing.bad.yml", 4, "relabel configuration for replace action requires 'target_label' value"],
      ['unknown_attr.bad.yml', 19, 'field consult_sd_configs not found in type'],
      ['unknown_global_attr.bad.yml', 2, 'field nonexistent_field not found in type config.plain'],
      ["uppercase.bad.yml", 4, "relabel configuration for uppercase action requires 'target_label' value"],
      ["uppercase3.bad.yml", 7, "'replacement' can not be set for uppercase action"],
      ['url_in_targetgroup.bad.yml', 5, '"http://bad" is not a valid hostname'],
      // Service discovery, tracing, storage.tsdb, otlp, scrape protocols (issue #51).
      ["azure_bearertoken_basicauth.bad.yml", 8, "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured"],
      ["azure_client_id_missing.bad.yml", 6, "azure SD configuration requires a client_id"],
      ["azure_client_secret_missing.bad.yml", 7, "azure SD configuration requires a client_secret"],
      ["azure_subscription_id_missing.bad.yml", 4, "azure SD configuration requires a subscription_id"],
      ["azure_tenant_id_missing.bad.yml", 5, "azure SD configuration requires a tenant_id"],
      ["ec2_filters_empty_values.bad.yml", 8, "EC2 SD configuration filter values cannot be empty"],
      ["ec2_token_file.bad.yml", 6, "at most one of bearer_token & bearer_token_file must be configured"],
      ["eureka_invalid_server.bad.yml", 4, "invalid eureka server URL"],
      ["eureka_no_server.bad.yml", 4, "empty or null eureka server"],
      ["http_token_file.bad.yml", 6, "at most one of bearer_token & bearer_token_file must be configured"],
      ["kubernetes_api_server_with_own_namespace.bad.yml", 6, "cannot use 'api_server' and 'namespaces.own_namespace' simultaneously"],
      ["kubernetes_authorization_basicauth.bad.yml", 8, "at most one of basic_auth, oauth2 & authorization must be configured"],
      ["kubernetes_bearertoken.bad.yml", 9, "at most one of bearer_token & bearer_token_file must be configured"],
      ["kubernetes_bearertoken_basicauth.bad.yml", 8, "at most one of basic_auth, oauth2, bearer_token & bearer_token_file must be configured"],
      ["kubernetes_http_config_without_api_server.bad.yml", 5, "to use custom HTTP client configuration please provide the 'api_server' URL explicitly"],
      ["kubernetes_kubeconfig_with_apiserver.bad.yml", 6, "cannot use 'kubeconfig_file' and 'api_server' simultaneously"],
      ["kubernetes_kubeconfig_with_http_config.bad.yml", 6, "cannot use a custom HTTP client configuration together with 'kubeconfig_file'"],
      ["kubernetes_kubeconfig_with_own_namespace.bad.yml", 6, "cannot use 'kubeconfig_file' and 'namespaces.own_namespace' simultaneously"],
      ["kubernetes_selectors_duplicated_role.bad.yml", 9, "duplicated selector role: pod"],
      ["kubernetes_selectors_endpoints.bad.yml", 6, "endpoints role supports only pod, service, endpoints selectors"],
      ["kubernetes_selectors_incorrect_selector.bad.yml", 7, "invalid selector: 'metadata.status-Running'; can't understand 'metadata.status-Running'"],
      ["kubernetes_selectors_ingress.bad.yml", 6, "ingress role supports only ingress selectors"],
      ["kubernetes_selectors_node.bad.yml", 6, "node role supports only node selectors"],
      ["kubernetes_selectors_pod.bad.yml", 9, "pod role supports only pod, node selectors"],
      ["kubernetes_selectors_service.bad.yml", 6, "service role supports only service selectors"],
      ["lightsail_token_file.bad.yml", 6, "at most one of bearer_token & bearer_token_file must be configured"],
      ["marathon_authtoken_authorization.bad.yml", 8, "marathon_sd: at most one of auth_token, auth_token_file & authorization must be configured"],
      ["marathon_authtoken_authtokenfile.bad.yml", 8, "marathon_sd: at most one of auth_token & auth_token_file must be configured"],
      ["marathon_authtoken_basicauth.bad.yml", 8, "marathon_sd: at most one of basic_auth, auth_token & auth_token_file must be configured"],
      ["marathon_authtoken_bearertoken.bad.yml", 8, "marathon_sd: at most one of bearer_token, bearer_token_file, auth_token & auth_token_file must be configured"],
      ["marathon_no_servers.bad.yml", 9, "marathon_sd: must contain at least one Marathon server"],
      ["outscale_no_region.bad.yml", 4, "outscale SD configuration requires a region"],
      ["outscale_no_secret.bad.yml", 4, "one of secret_key & secret_key_file must be configured"],
      ["outscale_two_secrets.bad.yml", 7, "at most one of secret_key & secret_key_file must be configured"],
      ["puppetdb_token_file.bad.yml", 7, "at most one of bearer_token & bearer_token_file must be configured"],
      ["remote_write_wrong_msg.bad.yml", 3, "invalid protobuf_message value: unknown type for remote write protobuf message io.prometheus.writet.v2.Request, supported: prometheus.WriteRequest, io.prometheus.write.v2.Request"],
      ["scrape_body_size_limit.bad.yml", 3, "units: unknown unit  in 100"],
      ["scrape_config_files_fallback_scrape_protocol1.bad.yml", 3, "invalid fallback_scrape_protocol for scrape config with job name \"node\": unknown scrape protocol prometheusproto, supported: [OpenMetricsText0.0.1 OpenMetricsText1.0.0 PrometheusProto PrometheusText0.0.4 PrometheusText1.0.0]"],
      ["scrape_config_utf8_conflicting.bad.yml", 3, "utf8 metric names requested but validation scheme is not set to UTF8"],
      ["tracing_invalid_authorization_header.bad.yml", 5, "authorization header configuration is not yet supported"],
      ["tracing_invalid_compression.bad.yml", 4, "invalid compression type foo provided, valid options: gzip"],
      ["tracing_invalid_header.bad.yml", 5, "x-prometheus-remote-write-version is a reserved header. It must not be changed"],
      ["tracing_missing_endpoint.bad.yml", 1, "tracing endpoint must be set"],
      ["tsdb_chunk_encoding_floats.bad.yml", 4, "'storage.tsdb.chunk_encoding.floats' must be 'xor' or 'xor2', or the field must be omitted entirely, got \"xor3\""],
      ["tsdb_chunk_encoding_floats_wrong_case.bad.yml", 4, "'storage.tsdb.chunk_encoding.floats' must be 'xor' or 'xor2', or the field must be omitted entirely, got \"XOR\""],
      ["tsdb_retention_percentage.bad.yml", 4, "'storage.tsdb.retention.percentage' must be in the range [0, 100]"],
      ["tsdb_retention_percentage_negative.bad.yml", 4, "'storage.tsdb.retention.percentage' must be in the range [0, 100]"],
      ["tsdb_retention_size.bad.yml", 4, "'storage.tsdb.retention.size' must be greater than or equal to 0"],
      ["tsdb_retention_time.bad.yml", 4, "not a valid duration string: \"-1h\""],
      ["uyuni_no_server.bad.yml", 4, "Uyuni SD configuration requires server host"],
      ["uyuni_token_file.bad.yml", 8, "at most one of bearer_token & bearer_token_file must be configured"],
    ];
    for (const [file, line, expected] of cases) {
      it(file, () => {
        const first = check(file).find((d) => d.severity === 1);
        assert.ok(first, `no error in ${file}`);
        assert.ok(first.message.includes(expected), `${first.message} does not contain ${expected}`);
        assert.equal(first.line, line);
      });
    }

    it('recognised by content (in config/, not named prometheus*.yml): 137 of the 147 *.bad.yml flagged, no *.good.yml with an error', () => {
      const flagged = (file: string) => {
        const ws = new MonitoringWorkspace({ [`config/${file}`]: readFileSync(path.join(configDir, file), 'utf8') });
        return ws.diagnose(`config/${file}`).some((d) => d.severity === 1);
      };
      const files = readdirSync(configDir);
      const bad = files.filter((f) => f.endsWith('.bad.yml'));
      const good = files.filter((f) => f.endsWith('.good.yml'));
      assert.equal(bad.length, 147);
      assert.equal(good.length, 54);
      assert.deepEqual(good.filter(flagged), []);
      // Not flagged: binary (!!binary) label names and values, read as text; scrape_config_files
      // (5: the files they import are read by promtool, not here); a duplicate top-level key (the YAML
      // reader keeps the last); a bare target group (not a configuration);
      // a `global:` alone (another tool's file as much as Prometheus's).
      assert.deepEqual(bad.filter((f) => !flagged(f)), [
        'labelname.bad.yml', 'labelvalue.bad.yml', 'scrape_config_files_double_import.bad.yml', 'scrape_config_files_duplicate.bad.yml', 'scrape_config_files_fallback_scrape_protocol2.bad.yml',
        'scrape_config_files_global.bad.yml', 'scrape_config_files_global_duplicate.bad.yml', 'section_key_dup.bad.yml', 'static_config.bad.yml', 'unknown_global_attr.bad.yml',
      ]);
    });

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
