import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { generateSloRules } from '../../../src/slo/api';
import { repoRoot } from '../../helpers';
import { MonitoringWorkspace } from '../../monitoring';

const monitoring = path.join(repoRoot, 'examples', 'portfolio', 'monitoring');
const spec = readFileSync(path.join(monitoring, 'slo', 'stock-predictor.slo.yml'), 'utf8');
const rules = readFileSync(path.join(monitoring, 'slo', 'stock-predictor.rules.yml'), 'utf8');

describe("The example's service levels (examples/portfolio/monitoring/slo/)", () => {
  it('the committed rules are what archipel slo generate writes for the spec beside them', () => {
    const generated = generateSloRules(spec, { source: 'stock-predictor.slo.yml' });
    assert.deepEqual(generated.errors, []);
    assert.equal(rules, generated.text);
    assert.deepEqual(
      generated.documents[0].groups.map((g) => `${g.name}: ${g.rules.length}`),
      [
        'sloth-slo-sli-recordings-stock-predictor-predict-availability: 8',
        'sloth-slo-meta-recordings-stock-predictor-predict-availability: 7',
        'sloth-slo-alerts-stock-predictor-predict-availability: 2',
        'sloth-slo-sli-recordings-stock-predictor-predict-latency: 8',
        'sloth-slo-meta-recordings-stock-predictor-predict-latency: 7',
        'sloth-slo-alerts-stock-predictor-predict-latency: 2',
      ],
    );
  });

  it("Prometheus's configuration evaluates them, and they have no finding in its rule checks", () => {
    assert.match(readFileSync(path.join(monitoring, 'prometheus.yml'), 'utf8'), /^rule_files:\n {2}- alerts\.yml\n {2}- slo\/stock-predictor\.rules\.yml\n/m);
    assert.deepEqual(new MonitoringWorkspace({ 'slo/stock-predictor.rules.yml': rules }).shown('slo/stock-predictor.rules.yml'), []);
  });

  it('promtool check rules accepts them (Debian promtool 2.42, installed by the unit layer)', function () {
    this.timeout(120_000); // one promtool run on a shared machine: a bound against hangs
    const run = spawnSync('promtool', ['check', 'rules', '--', path.join(monitoring, 'slo', 'stock-predictor.rules.yml')], { encoding: 'utf8' });
    assert.equal(run.status, 0, `${run.stdout}${run.stderr}`);
    assert.match(run.stdout, /SUCCESS: 34 rules found/);
  });
});
