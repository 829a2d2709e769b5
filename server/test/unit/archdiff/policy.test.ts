// archdiff/policy.ts (issue #96): the violations a change raises and resolves, keyed by file, rule and object (not the
// line), counted when one key holds several; and `--fail-on policy`, which Enforce violations fail and Audit ones do not.
import assert from 'node:assert/strict';
import { compareMaps, type SideView } from '../../../src/archdiff/compare';
import { gateFailures, parseGates } from '../../../src/archdiff/gates';
import { comparePolicy, type PolicyFact } from '../../../src/archdiff/policy';

const fact = (over: Partial<PolicyFact>): PolicyFact => ({
  rule: 'policy:disallow-latest-tag/validate-image-tag',
  action: 'Enforce',
  object: 'Deployment/shop/web',
  component: 'k8s:Deployment/shop/web',
  file: 'k8s/web.yaml',
  line: 18,
  message: "Using a mutable image tag such as 'latest' is not allowed.",
  ...over,
});

const sides = { base: { ref: 'main', commit: 'a'.repeat(40) }, head: { ref: 'working tree', commit: null } };
const side = (policy: PolicyFact[]): SideView => ({ nodes: [], edges: [], policy });

describe('archdiff: policy violations raised and resolved', () => {
  it('a violation whose line moved is the same; another object, file or rule is not', () => {
    assert.deepEqual(comparePolicy([fact({})], [fact({ line: 30 })]), { raised: [], resolved: [] });
    const api = fact({ object: 'Deployment/shop/api', line: 40 });
    const other = fact({ rule: 'policy:require-requests/validate-resources', line: 17 });
    assert.deepEqual(comparePolicy([fact({})], [fact({}), api, other]), { raised: [other, api], resolved: [] });
    assert.deepEqual(comparePolicy([fact({}), api], [fact({ file: 'apps/web.yaml' })]), { raised: [fact({ file: 'apps/web.yaml' })], resolved: [fact({}), api] });
  });

  it('two violations of one key on the head where the base had one: one raised', () => {
    const second = fact({ line: 22 });
    assert.deepEqual(comparePolicy([fact({})], [fact({}), second]), { raised: [second], resolved: [] });
  });

  it('--fail-on policy: Enforce ones fail, Audit ones are said as not failing', () => {
    assert.deepEqual(parseGates(['policy,exposure', 'policy']), [{ kind: 'policy' }, { kind: 'exposure' }]);
    const gates = parseGates(['policy']);
    assert.ok(!(gates instanceof Error));
    const audit = fact({ action: 'Audit', rule: 'policy:require-requests/validate-resources', line: 17 });
    assert.deepEqual(gateFailures(compareMaps(side([]), side([audit]), sides), gates), []);
    assert.deepEqual(gateFailures(compareMaps(side([]), side([fact({}), audit]), sides), gates), [
      '--fail-on policy: 1 Enforce policy violation raised (policy:disallow-latest-tag/validate-image-tag on Deployment/shop/web k8s/web.yaml:18); 1 Audit violation raised as well, which does not fail',
    ]);
    // Resolved violations fail nothing.
    assert.deepEqual(gateFailures(compareMaps(side([fact({})]), side([]), sides), gates), []);
  });
});
