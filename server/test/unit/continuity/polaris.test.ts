// The checks continuity shares with Polaris (issue #97) give Polaris's verdicts on its own test data
// (server/test/fixtures/oss/polaris, Apache-2.0), except where a verdict differs by design: each such case names
// its reason here and in docs/continuity.md. Polaris's `success` = no gap of the matching rule, `failure` = the gap.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixturesDir } from '../../helpers';
import { TestWorkspace } from '../../workspace';

const DATA = path.join(fixturesDir, 'oss', 'polaris');

/** Why continuity's verdict differs from Polaris's on a case. */
const NO_WORKLOAD = 'a budget or autoscaler is judged against the workload it selects or scales; none is in the file';
const EQUAL_BLOCKS = 'minAvailable equal to the replicas allows no eviction either (Polaris flags only greater)';
const UNSET_IS_ONE = 'replicas unset with no autoscaler run one pod, and minReplicas unset is 1: Polaris compares only to a written HPA minReplicas';
const SELECTOR = "the constraint's labelSelector (app: foo) selects none of the pods, so it spreads nothing";

interface Check { rule: string; cases: Record<string, 'success' | 'failure'>; differs?: Record<string, string> }

/** Polaris's check → the continuity rule raised for it, its cases (file → Polaris's verdict) and the differences. */
const CHECKS: Record<string, Check> = {
  deploymentMissingReplicas: { rule: 'continuity-single-replica', cases: { failure: 'failure', success: 'success', mutated: 'success' } },
  hpaMinAvailability: {
    rule: 'continuity-single-replica',
    cases: { failure: 'failure', success: 'success', 'success.minReplicaAbsent': 'success' },
    differs: { failure: NO_WORKLOAD },
  },
  missingPodDisruptionBudget: {
    rule: 'continuity-no-disruption-budget',
    cases: {
      failure: 'failure', 'failure-bad-ns': 'failure', 'failure.bad-name': 'failure', 'failure.empty-labels': 'failure', 'failure.no-labels': 'failure',
      'failure.no-metadata': 'failure', 'failure.wrong-place': 'failure', success: 'success', 'success.many': 'success',
    },
  },
  pdbDisruptionsIsZero: {
    rule: 'continuity-blocking-disruption-budget',
    cases: { 'failure.either': 'failure', 'failure.max': 'failure', 'failure.min': 'failure', 'success.both': 'success', 'success.max': 'success', 'success.min': 'success', 'success.none': 'success' },
    differs: { 'failure.either': NO_WORKLOAD, 'failure.max': NO_WORKLOAD, 'failure.min': NO_WORKLOAD },
  },
  pdbMinAvailableGreaterThanHPAMinReplicas: {
    rule: 'continuity-blocking-disruption-budget',
    cases: {
      'failure-gt-percent': 'failure', 'failure-gt-scalar': 'failure', 'success-lt-percent': 'success', 'success-maxUnavailable': 'success', 'success.equals': 'success',
      'success.hpa-no-match': 'success', 'success.lt': 'success', 'success.no-hpa': 'success', 'success.no-match': 'success', 'success.no-min-replicas': 'success',
      'success.no-pdb': 'success', 'success.pdb-no-match': 'success', 'success.percent-no-replica': 'success', success: 'success',
    },
    differs: { 'success.equals': EQUAL_BLOCKS, 'success.hpa-no-match': UNSET_IS_ONE, 'success.no-hpa': UNSET_IS_ONE, 'success.no-min-replicas': UNSET_IS_ONE },
  },
  topologySpreadConstraint: {
    rule: 'continuity-no-spread',
    cases: { 'failure.empty': 'failure', 'failure.nospreadconstraint': 'failure', success: 'success' },
    differs: { success: SELECTOR },
  },
};

/** The continuity rules raised on a Polaris test file, in a workspace whose archipel.yaml asks for them. */
function raised(check: string, name: string): string[] {
  const uri = `file:///pol/${check}/${name}.yaml`;
  const workspace = new TestWorkspace({ 'file:///pol/archipel.yaml': 'continuity: {}\n', [uri]: readFileSync(path.join(DATA, check, `${name}.yaml`), 'utf8') });
  return workspace.diagnose(uri).map((d) => String(d.code)).filter((c) => c.startsWith('continuity-'));
}

describe("continuity: Polaris's verdicts on its test data", () => {
  for (const [check, { rule, cases, differs }] of Object.entries(CHECKS)) {
    for (const [name, verdict] of Object.entries(cases)) {
      const reason = differs?.[name];
      it(`${check}: ${name} → ${verdict}${reason ? ` (differs: ${reason})` : ''}`, () => {
        assert.equal(raised(check, name).includes(rule), (verdict === 'failure') !== (reason !== undefined));
      });
    }
  }
});
