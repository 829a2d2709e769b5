import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { jsYaml } from '../../../src/yaml/jsYaml';
import { generateSloRules, parsePromDuration, readAlertWindows } from '../../../src/slo/api';
import { fixturesDir } from '../../helpers';
import { MonitoringWorkspace } from '../../monitoring';
import { makeTree } from '../../tempdir';

const sloth = path.join(fixturesDir, 'oss', 'sloth', 'examples');
/** How Sloth's examples were generated (scripts/examplesgen.sh): version `dev`, `--extra-labels cmd=examplesgen.sh`. */
const asSlothExamples = { version: 'dev', extraLabels: { cmd: 'examplesgen.sh' } };

interface Rule {
  record?: string;
  alert?: string;
  expr: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}
interface Group {
  name: string;
  rules: Rule[];
}

/** The groups of each document of a generated file (a rule file or a PrometheusRule). */
function groupsOf(text: string): Group[][] {
  return jsYaml()
    .loadAll(text)
    .filter((doc) => doc !== null && doc !== undefined)
    .map((doc) => {
      const value = doc as { groups?: Group[]; spec?: { groups: Group[] } };
      return value.groups ?? value.spec?.groups ?? [];
    });
}

/** A rule compared field by field, its expression with whitespace runs made one space (YAML may fold a line). */
function normalised(rule: Rule): Rule {
  return { ...rule, expr: rule.expr.replace(/\s+/g, ' ').trim() };
}

/** The examples checked by Prometheus' rules (victoria-metrics's queries are MetricsQL: compared with Sloth's, not checked as PromQL). */
const promql = ['getting-started', 'home-wifi', 'k8s-getting-started', 'k8s-home-wifi', 'k8s-multifile', 'kubernetes-apiserver', 'multifile', 'no-alerts', 'raw-home-wifi', 'openslo-getting-started', 'openslo-kubernetes-apiserver'];
const supported = [...promql, 'victoria-metrics'];

describe("SLO rules generated as Sloth generates them (Sloth's examples, Apache-2.0)", () => {
  for (const name of supported) {
    it(`${name}.yml: every rule equals Sloth's examples/_gen/${name}.yml`, () => {
      const result = generateSloRules(readFileSync(path.join(sloth, `${name}.yml`), 'utf8'), asSlothExamples);
      assert.deepEqual(result.errors, []);
      const mine = groupsOf(result.text);
      const theirs = groupsOf(readFileSync(path.join(sloth, '_gen', `${name}.yml`), 'utf8'));
      assert.equal(mine.length, theirs.length, 'documents');
      theirs.forEach((groups, d) => {
        assert.deepEqual(
          mine[d].map((g) => g.name),
          groups.map((g) => g.name),
          `group names of document ${d}`,
        );
        groups.forEach((group, g) => {
          assert.equal(mine[d][g].rules.length, group.rules.length, `${group.name}: rules`);
          group.rules.forEach((rule, r) => assert.deepEqual(normalised(mine[d][g].rules[r]), normalised(rule), `${group.name} rule ${r}`));
        });
      });
    });
  }

  it("a PrometheusRule keeps the custom resource's name, namespace and labels, as Sloth's", () => {
    const result = generateSloRules(readFileSync(path.join(sloth, 'k8s-home-wifi.yml'), 'utf8'), asSlothExamples);
    const mine = jsYaml().load(result.text) as Record<string, unknown>;
    const theirs = jsYaml().loadAll(readFileSync(path.join(sloth, '_gen', 'k8s-home-wifi.yml'), 'utf8')).find(Boolean) as Record<string, unknown>;
    assert.deepEqual([mine.apiVersion, mine.kind, mine.metadata], [theirs.apiVersion, theirs.kind, theirs.metadata]);
  });

  for (const name of promql.filter((n) => !n.startsWith('k8s-'))) {
    it(`${name}.yml: the generated rule file has no finding in Archipel's Prometheus checks`, () => {
      const text = generateSloRules(readFileSync(path.join(sloth, `${name}.yml`), 'utf8'), asSlothExamples).text;
      assert.deepEqual(new MonitoringWorkspace({ 'slo.rules.yml': text }).shown('slo.rules.yml'), []);
    });
  }

  it('promtool check rules accepts every generated file (Debian promtool 2.42, installed by the unit layer)', function () {
    this.timeout(300_000); // one promtool run per file on a shared machine: a bound against hangs
    const files: Record<string, string> = {};
    for (const name of promql) {
      const result = generateSloRules(readFileSync(path.join(sloth, `${name}.yml`), 'utf8'), asSlothExamples);
      // promtool reads one rule file per document: a PrometheusRule's groups as the rule file they hold.
      result.documents.forEach((d, i) => {
        files[`${name}-${i}.yml`] = jsYaml().dump(d.kind !== 'sloth.slok.dev/v1' ? d.output : { groups: (d.output.spec as { groups: unknown }).groups });
      });
    }
    // And with Sloth's own custom windows (examples/windows): other short windows, a 7-day period.
    for (const name of ['7d', 'custom-30d']) {
      const read = readAlertWindows(jsYaml().load(readFileSync(path.join(sloth, 'windows', `${name}.yaml`), 'utf8')), parsePromDuration);
      assert.deepEqual(read.errors, []);
      files[`getting-started-${name}.yml`] = generateSloRules(readFileSync(path.join(sloth, 'getting-started.yml'), 'utf8'), { windows: read.windows }).text;
    }
    const tree = makeTree(files);
    try {
      const counts = Object.keys(files).map((file) => {
        const run = spawnSync('promtool', ['check', 'rules', '--', path.join(tree.root, file)], { encoding: 'utf8' });
        assert.equal(run.status, 0, `${file}: ${run.stdout}${run.stderr}`);
        return `${file}: ${/SUCCESS: (\d+) rules found/.exec(run.stdout)?.[1]}`;
      });
      assert.deepEqual(counts, [
        'getting-started-0.yml: 17',
        'home-wifi-0.yml: 34',
        'k8s-getting-started-0.yml: 17',
        'k8s-home-wifi-0.yml: 34',
        'k8s-multifile-0.yml: 17',
        'k8s-multifile-1.yml: 17',
        'kubernetes-apiserver-0.yml: 34',
        'multifile-0.yml: 17',
        'multifile-1.yml: 17',
        'no-alerts-0.yml: 15',
        'raw-home-wifi-0.yml: 17',
        'openslo-getting-started-0.yml: 15',
        'openslo-kubernetes-apiserver-0.yml: 15',
        'openslo-kubernetes-apiserver-1.yml: 30',
        'getting-started-7d.yml: 17',
        'getting-started-custom-30d.yml: 17',
      ]);
    } finally {
      tree.remove();
    }
  });
});
