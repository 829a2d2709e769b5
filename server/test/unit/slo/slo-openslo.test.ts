import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { diagnose, fixturesDir } from '../../helpers';
import { covered } from '../../workspace';

const examples = path.join(fixturesDir, 'oss', 'openslo', 'examples');

/** `line code: covered text: message` of every diagnostic but Kubernetes's information that a kind has no schema. */
function check(text: string): string[] {
  return diagnose(text, {}, 'file:///work/slos/web.yaml')
    .filter((d) => d.code !== 'k8s-no-schema')
    .map((d) => `${d.range.start.line} ${String(d.code)}: ${covered(text, d)}: ${d.message}`);
}

const planted = `apiVersion: openslo/v1
kind: Service
metadata:
  name: web-shop
spec:
  description: The shop
---
apiVersion: openslo/v1
kind: SLO
metadata:
  name: search-slo
spec:
  service: web-shop
  indicatorRef: search-latency
  timeWindow:
    - duration: 2w
      isRolling: true
  budgetingMethod: Occurrences
  objectives:
    - displayName: Good experience
      target: 100.5
    - displayName: Both
      target: 0.99
      targetPercent: 99
  alertPolicys:
    - alertPolicyRef: page-on-burn
---
apiVersion: openslo/v1
kind: AlertCondtion
metadata:
  name: burn
`;

describe('OpenSLO v1 (slo-openslo, slo-unknown-field)', () => {
  it("OpenSLO's own examples (its examples/ and its README's objects) have no finding of any family", () => {
    const files = readdirSync(examples).sort();
    assert.deepEqual(files, [
      'budgeting-method_occurences-slo.yaml',
      'budgeting-method_ratio-timeslices.yaml',
      'budgeting-method_timeslices-slo.yaml',
      'readme-1-SLO.yaml',
      'readme-2-AlertPolicy.yaml',
      'readme-3-AlertPolicy.yaml',
      'readme-4-AlertCondition.yaml',
      'readme-5-AlertNotificationTarget.yaml',
      'readme-6-AlertNotificationTarget.yaml',
      'treat-low-traffic-as-equally-important_timeslices-slo.yaml',
    ]);
    for (const name of files) assert.deepEqual([name, check(readFileSync(path.join(examples, name), 'utf8'))], [name, []]);
  });

  it('planted defects, each on its line: objective 100.5, target with targetPercent, an unknown field, an unknown kind', () => {
    assert.deepEqual(check(planted), [
      '24 slo-unknown-field: alertPolicys: Unknown field "alertPolicys". Did you mean "alertPolicies"?',
      '20 slo-openslo: 100.5: target must be a number from 0 to less than 1, not 100.5',
      '23 slo-openslo: targetPercent: an objective takes target or targetPercent, not both',
      '28 slo-openslo: AlertCondtion: Unknown OpenSLO v1 kind "AlertCondtion". Did you mean "AlertCondition"?',
    ]);
    const fix = diagnose(planted, {}, 'file:///work/slos/web.yaml').find((d) => d.code === 'slo-openslo' && d.message.startsWith('Unknown'));
    assert.deepEqual(fix?.data, { replacement: 'AlertCondition' });
  });
});
