import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onPath } from '../../../src/disk/onPath';
import { ruleTestLenses, runRuleTestsCommand } from '../../../src/prometheus/ruleTestLens';
import { MonitoringWorkspace } from '../../monitoring';

const testFile = ['rule_files:', '  - alerts.yml', 'evaluation_interval: 1m', 'tests:', '  - interval: 1m', '    input_series: []', '    alert_rule_test: []', ''].join('\n');

describe('Prometheus: the "Run rule tests" code lens', () => {
  const ws = new MonitoringWorkspace({ 'alerts_test.yml': testFile, 'alerts.yml': 'groups:\n- name: g\n  rules: []\n' });
  const lensesOf = (name: string, promtool: boolean) => ruleTestLenses(() => promtool).codeLenses!(ws.index.get(`file:///work/${name}`)!, ws.context);

  it('on the tests key of a promtool unit-test file, running archipel.runRuleTests with its URI', () => {
    const lenses = lensesOf('alerts_test.yml', true);
    assert.deepEqual(lenses, [{ range: { start: { line: 3, character: 0 }, end: { line: 3, character: 5 } }, command: { title: 'Run rule tests', command: runRuleTestsCommand, arguments: [{ uri: 'file:///work/alerts_test.yml' }] } }]);
  });

  it('none when promtool is not on the PATH, none on a rule file', () => {
    assert.deepEqual(lensesOf('alerts_test.yml', false), []);
    assert.deepEqual(lensesOf('alerts.yml', true), []);
  });

  it('onPath finds an executable in an absolute PATH folder, never a non-executable one nor a relative folder', () => {
    const root = mkdtempSync(path.join(os.tmpdir(), 'archipel-onpath-'));
    try {
      const bin = path.join(root, 'bin');
      const plain = path.join(root, 'plain');
      for (const folder of [bin, plain]) mkdirSync(folder);
      writeFileSync(path.join(bin, 'promtool'), '#!/bin/sh\nexit 0\n');
      chmodSync(path.join(bin, 'promtool'), 0o755);
      writeFileSync(path.join(plain, 'promtool'), 'not executable');
      chmodSync(path.join(plain, 'promtool'), 0o644);
      assert.equal(onPath('promtool', { PATH: bin }), true);
      assert.equal(onPath('promtool', { PATH: plain }), false);
      assert.equal(onPath('promtool', { PATH: path.relative(process.cwd(), bin) }), false);
      assert.equal(onPath('promtool', { PATH: [plain, bin].join(path.delimiter) }), true);
      assert.equal(onPath('promtool', {}), false);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });
});
