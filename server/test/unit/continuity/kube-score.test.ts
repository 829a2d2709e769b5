// The checks continuity shares with kube-score (issue #97) give kube-score's verdicts on its own test data
// (server/test/fixtures/oss/kube-score, MIT): "has PodDisruptionBudget" ↔ continuity-no-disruption-budget, "has host
// PodAntiAffinity" ↔ continuity-no-spread; a check kube-score skips (replicas written below 2) raises neither.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixturesDir } from '../../helpers';
import { TestWorkspace } from '../../workspace';

const DATA = path.join(fixturesDir, 'oss', 'kube-score');

/** kube-score's expected grade per file (its tests'): `ok`, `fails` (critical or warning), `skipped`. */
const BUDGET: Record<string, 'ok' | 'fails'> = {
  'statefulset-poddisruptionbudget-v1beta1-matches': 'ok',
  'statefulset-poddisruptionbudget-v1beta1-expression-matches': 'ok',
  'statefulset-poddisruptionbudget-v1beta1-expression-no-match': 'fails',
  'statefulset-poddisruptionbudget-v1beta1-no-match': 'fails',
  'deployment-poddisruptionbudget-v1beta1-matches': 'ok',
  'deployment-poddisruptionbudget-v1beta1-expression-matches': 'ok',
  'deployment-poddisruptionbudget-v1beta1-expression-no-match': 'fails',
  'deployment-poddisruptionbudget-v1beta1-no-match': 'fails',
  'deployment-poddisruptionbudget-v1-matches': 'ok',
  'deployment-poddisruptionbudget-v1-no-match': 'fails',
  'deployment-poddisruptionbudget-v1-different-namespace': 'fails',
};
const ANTI_AFFINITY: Record<string, 'ok' | 'fails' | 'skipped'> = {
  'deployment-host-antiaffinity-preffered': 'ok',
  'deployment-host-antiaffinity-preffered-selector-no-match': 'fails',
  'deployment-host-antiaffinity-preffered-selector-expression': 'ok',
  'deployment-host-antiaffinity-required': 'ok',
  'deployment-host-antiaffinity-not-set': 'fails',
  'deployment-host-antiaffinity-1-replica': 'skipped',
  'statefulset-host-antiaffinity-preffered': 'ok',
  'statefulset-host-antiaffinity-required': 'ok',
  'statefulset-host-antiaffinity-not-set': 'fails',
  'statefulset-host-antiaffinity-1-replica': 'skipped',
  'statefulset-host-antiaffinity-undefined-replicas': 'fails',
};

/** The continuity rules raised on a kube-score file, in a workspace whose archipel.yaml asks for them. */
function raised(name: string): string[] {
  const uri = `file:///ks/${name}.yaml`;
  const workspace = new TestWorkspace({ 'file:///ks/archipel.yaml': 'continuity: {}\n', [uri]: readFileSync(path.join(DATA, `${name}.yaml`), 'utf8') });
  return workspace.diagnose(uri).map((d) => String(d.code)).filter((c) => c.startsWith('continuity-'));
}

describe("continuity: kube-score's verdicts on its test data", () => {
  for (const [name, grade] of Object.entries(BUDGET)) {
    it(`has PodDisruptionBudget: ${name} → ${grade}`, () => {
      assert.equal(raised(name).includes('continuity-no-disruption-budget'), grade === 'fails');
    });
  }
  for (const [name, grade] of Object.entries(ANTI_AFFINITY)) {
    it(`has host PodAntiAffinity: ${name} → ${grade}`, () => {
      const rules = raised(name);
      assert.equal(rules.includes('continuity-no-spread'), grade === 'fails');
      if (grade === 'skipped') assert.ok(!rules.includes('continuity-no-disruption-budget'), 'skipped as kube-score skips it');
    });
  }
});
