// Repeated `<<` merge keys (#94): go-yaml (Helm, kubectl) and PyYAML merge each in turn; a duplicate-key error on
// them is false. The shape of grafana/loki's tools/dev/k3d/environments/helm-cluster/values/loki-distributed-tls.yaml.
import assert from 'node:assert/strict';
import { diagnoseWorkspace } from '../../helpers';

describe('merge keys', () => {
  it('a mapping with several plain `<<` keys has no duplicate key; a quoted one, or any other key twice, still has', () => {
    const text = 'tls: &tls\n  cert: /c\ncommon: &common\n  log: info\nquerier:\n  <<: *tls\n  <<: *common\n  port: 1\n';
    assert.deepEqual(diagnoseWorkspace({ 'values.yaml': text }, 'values.yaml').filter((d) => d.code === 'yaml-duplicate-key'), []);
    const quoted = 'a:\n  "<<": 1\n  "<<": 2\n  b: 1\n  b: 2\n';
    assert.deepEqual(diagnoseWorkspace({ 'values.yaml': quoted }, 'values.yaml').filter((d) => d.code === 'yaml-duplicate-key').map((d) => d.range.start.line), [2, 4]);
  });
});
