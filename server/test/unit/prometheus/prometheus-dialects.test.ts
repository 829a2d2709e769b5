import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixturesDir } from '../../helpers';
import { MonitoringWorkspace } from '../../monitoring';

/** The Prometheus family's dialects: Thanos Ruler, Loki's ruler and Promtail (#94); files in server/test/fixtures/oss (SOURCES.md). */
const oss = (...parts: string[]) => readFileSync(path.join(fixturesDir, 'oss', ...parts), 'utf8');

function shown(name: string, text: string): string[] {
  return new MonitoringWorkspace({ [name]: text }).shown(name);
}

describe('Prometheus family dialects', () => {
  describe("Thanos Ruler's partial_response_strategy (thanos-io/thanos, Apache-2.0)", () => {
    for (const file of ['valid.yaml', 'valid_1.yaml', 'valid_2.yaml', 'unreadable_valid.yaml']) {
      it(`cmd/thanos/testdata/rules-files/${file} has no finding`, () => {
        assert.deepEqual(shown('rules/valid.yaml', oss('thanos', 'cmd', 'thanos', 'testdata', 'rules-files', file)), []);
      });
    }

    it("a value Thanos refuses is an error in Thanos' words; its case does not matter (pkg/rules/manager_test.go)", () => {
      const group = (strategy: string) => `groups:\n- name: "something4"\n  partial_response_strategy: ${strategy}\n  rules:\n  - alert: "some"\n    expr: "up"\n`;
      assert.deepEqual(shown('r.yaml', group('"afafsdgsdgs" # Err 1')), ['3: prom-rule-structure: "afafsdgsdgs": failed to unmarshal "afafsdgsdgs" as \'partial_response_strategy\'. Possible values are ABORT,WARN']);
      for (const ok of ['ABORT', 'WARN', '"abort"', '""']) assert.deepEqual(shown('r.yaml', group(ok)), [], ok);
    });
  });

  describe("Loki's ruler files in LogQL (grafana/loki production/, Apache-2.0)", () => {
    it("the Helm chart's example ruler file: the LogQL said once, no PromQL error", () => {
      assert.deepEqual(shown('rules/tenant_foo/rules1.yaml', oss('loki', 'production', 'helm', 'loki', 'rules', 'tenant_foo', 'rules1.yaml')), [
        '5: prom-promql: expr: a LogQL expression (a Loki ruler file): Loki checks its expressions; they are not read as PromQL',
      ]);
    });

    it('a LogQL rule among PromQL ones does not hide a PromQL error', () => {
      const text = 'groups:\n- name: g\n  rules:\n  - alert: A\n    expr: sum(rate({app="foo"} |= "error" [5m])) > 0\n    for: 5m\n  - record: b\n    expr: sum(rate(x[5m]) by (job)\n';
      assert.deepEqual(shown('r.yaml', text), [
        '5: prom-promql: expr: a LogQL expression (a Loki ruler file): Loki checks its expressions; they are not read as PromQL',
        '8: prom-promql: by: could not parse expression: unexpected <by>',
      ]);
    });

    it("LogQL without a pipeline (Canonical's Loki charm, Apache-2.0: a range on a parenthesised selector; bytes_rate): said once, no PromQL error", () => {
      assert.deepEqual(shown('loki/rules/juju.rules.yaml', oss('canonical-loki-k8s-operator', 'loki', 'rules', 'juju.rules.yaml')), [
        '5: prom-promql: expr: a LogQL expression (a Loki ruler file): Loki checks its expressions; they are not read as PromQL',
      ]);
      const rule = (expr: string) => `groups:\n- name: g\n  rules:\n  - record: r:x\n    expr: ${expr}\n`;
      for (const expr of ['sum by (pod) (bytes_rate({pod=~".+"} [5m]))', 'sum(bytes_over_time({app="nginx"} [1h])) by (namespace)', "count_over_time({app=\"x\"} !> \"<_> debug <_>\" [5m])"]) {
        assert.deepEqual(shown('r.yaml', rule(expr)), ['5: prom-promql: expr: a LogQL expression (a Loki ruler file): Loki checks its expressions; they are not read as PromQL'], expr);
      }
      // PromQL's subquery without its step names a metric: still PromQL's error.
      assert.deepEqual(shown('r.yaml', rule('max_over_time((sum(up))[5m])')), ['5: prom-promql: [5m]: could not parse expression: ranges only allowed for vector selectors']);
    });

    it("the docker example's rules, read by its loki.yaml's ruler (ruler.storage.local.directory: /loki/rules), are LogQL: said once, no PromQL reading", () => {
      const rules = oss('loki', 'production', 'docker', 'rules', 'docker', 'rules.yml');
      const config = oss('loki', 'production', 'docker', 'config', 'loki.yaml');
      const name = 'production/docker/rules/docker/rules.yml';
      // Alone, LogQL that PromQL reads too is PromQL's: Prometheus's advice on absent_over_time without `for`.
      assert.deepEqual(shown(name, rules).map((line) => line.split(':')[1].trim()), ['prom-absent-without-for', 'prom-absent-without-for']);
      const workspace = (files: Record<string, string>) => new MonitoringWorkspace({ [name]: rules, ...files }).shown(name);
      const said = ['6: prom-promql: expr: a Loki ruler file (../../config/loki.yaml reads its folder): its expressions are LogQL, checked by Loki; they are not read as PromQL'];
      assert.deepEqual(workspace({ 'production/docker/config/loki.yaml': config }), said);
      // The grafana/loki chart's values name the directory under loki.rulerConfig.
      const values = 'loki:\n  rulerConfig:\n    storage:\n      type: local\n      local:\n        directory: /etc/loki/rules\n';
      assert.deepEqual(workspace({ 'production/docker/values.yaml': values }), [said[0].replace('../../config/loki.yaml', '../../values.yaml')]);
      // Not Loki's: a ruler without a section only Loki has (Cortex's), another directory's name, another project, S3 storage.
      const alone = shown(name, rules);
      assert.deepEqual(workspace({ 'production/docker/config/cortex.yaml': 'ruler:\n  storage:\n    type: local\n    local:\n      directory: /loki/rules\n' }), alone);
      assert.deepEqual(workspace({ 'production/docker/config/loki.yaml': config.replace('directory: /loki/rules', 'directory: /loki/alerts') }), alone);
      assert.deepEqual(workspace({ 'other/config/loki.yaml': config }), alone);
      assert.deepEqual(workspace({ 'production/docker/config/loki.yaml': config.replace('type: local', 'type: s3') }), alone);
    });

    it("a Nomad job's Loki configuration, itself a template (grafana/loki examples/nomad, AGPL-3.0: directory: {{ env \"NOMAD_TASK_DIR\" }}/rules), reads rules/<tenant>/: LogQL, no PromQL error", () => {
      const dir = ['loki', 'examples', 'nomad', 'loki-monolithic'];
      const rules = oss(...dir, 'rules', 'fake', 'alerts.yml');
      const config = oss(...dir, 'config.yml');
      const name = 'examples/nomad/loki-monolithic/rules/fake/alerts.yml';
      // `1 > 0` is PromQL's error (comparing two scalars without bool); Loki's LogQL reduces it to 1 (parser_test.go).
      assert.deepEqual(shown(name, rules), ['6: prom-promql: >: could not parse expression: comparisons between scalars must use BOOL modifier']);
      const workspace = (files: Record<string, string>) => new MonitoringWorkspace({ [name]: rules, ...files }).shown(name);
      const said = ['5: prom-promql: expr: a Loki ruler file (../../config.yml reads its folder): its expressions are LogQL, checked by Loki; they are not read as PromQL'];
      assert.deepEqual(workspace({ 'examples/nomad/loki-monolithic/config.yml': config }), said);
      // A sibling example's configuration (loki-ha-monolithic's, read first) is not the one named.
      assert.deepEqual(workspace({ 'examples/nomad/loki-ha-monolithic/config.yml': config, 'examples/nomad/loki-monolithic/config.yml': config }), said);
      // The directory's last name made by an action names no folder; a template whose actions break its YAML tells nothing.
      assert.deepEqual(workspace({ 'examples/nomad/loki-monolithic/config.yml': config.replace('"NOMAD_TASK_DIR" }}/rules', '"NOMAD_TASK_DIR" }}/{{ env "TENANT_DIR" }}') }), shown(name, rules));
      assert.deepEqual(workspace({ 'examples/nomad/loki-monolithic/config.yml': `{{ if .Ruler }}\n${config}{{ end }}\n` }), shown(name, rules));
    });
  });

  it("a Promtail configuration (grafana/loki production/docker/config/promtail.yaml, Apache-2.0) is not read as Prometheus's", () => {
    const text = oss('loki', 'production', 'docker', 'config', 'promtail.yaml');
    assert.deepEqual(shown('promtail.yaml', text), []);
    assert.deepEqual(shown('prometheus/promtail.yml', text), []);
    // A Prometheus configuration is still one.
    assert.deepEqual(shown('prometheus.yml', 'scrape_configs:\n- job_name: a\n  static_configs:\n  - targets: [a:1]\n  pipeline_stages: []\n'), ['5: prom-config: pipeline_stages: field pipeline_stages not found in type config.plain']);
  });
});
