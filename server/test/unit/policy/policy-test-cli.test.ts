import assert from 'node:assert/strict';
import { copyFileSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../cliRun';
import { fixturesDir, repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';

// A policy OPA itself compiled to WebAssembly (fixtures/oss/opa-wasm-browser/SOURCES.md).
const opaFixture = path.join(fixturesDir, 'oss', 'opa-wasm-browser');

const policy = `apiVersion: kyverno.io/v1
kind: ClusterPolicy
metadata: {name: require-team}
spec:
  validationFailureAction: Enforce
  rules:
    - name: team-label
      match: {any: [{resources: {kinds: [Pod]}}]}
      validate:
        message: "the label team is required"
        pattern: {metadata: {labels: {team: "?*"}}}
`;

const resources = `apiVersion: v1
kind: Pod
metadata: {name: good, labels: {team: shop}}
spec: {containers: [{name: a, image: "nginx:1"}]}
---
apiVersion: v1
kind: Pod
metadata: {name: bad}
spec: {containers: [{name: a, image: "nginx:1"}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec: {template: {metadata: {labels: {team: shop}}, spec: {containers: [{name: a, image: "nginx:1"}]}}}
`;

const test = (badResult: string) => `apiVersion: cli.kyverno.io/v1alpha1
kind: Test
metadata: {name: require-team}
policies: [../require-team.yaml]
resources: [resources.yaml]
results:
  - policy: require-team
    rule: team-label
    kind: Pod
    resources: [good]
    result: pass
  - policy: require-team
    rule: team-label
    kind: Pod
    resources: [bad]
    result: ${badResult}
  - policy: require-team
    rule: team-label
    kind: Deployment
    resources: [web]
    result: pass
`;

describe('policy: archipel policy test (kyverno test)', () => {
  it('prints a row per (policy, rule, resource) and exits 0 when every result is as expected', async () => {
    const tree = makeTree({ 'policies/require-team.yaml': policy, 'policies/.kyverno-test/resources.yaml': resources, 'policies/.kyverno-test/kyverno-test.yaml': test('fail') });
    try {
      const { code, out } = await runCli(['policy', 'test', 'policies'], tree.root);
      assert.equal(code, 0, out);
      assert.match(out, /Loading test \( policies\/\.kyverno-test\/kyverno-test\.yaml \) \.\.\./);
      assert.match(out, /│ 2 {2}│ require-team │ team-label │ v1\/Pod\/default\/bad\s+│ Pass {3}│ Ok {5}│/);
      assert.match(out, /│ 3 {2}│ require-team │ team-label │ apps\/v1\/Deployment\/default\/web │ Pass {3}│ Ok {5}│/);
      assert.match(out, /Test Summary: 3 tests passed and 0 tests failed/);
    } finally {
      tree.remove();
    }
  });

  it("finds the tests as every command lists a folder: archipel.yaml's files.exclude and .gitignore leave theirs out", async () => {
    const tree = makeTree({
      'archipel.yaml': 'files:\n  exclude: [drafts]\n',
      '.gitignore': 'scratch/\n',
      'policies/require-team.yaml': policy, 'policies/.kyverno-test/resources.yaml': resources, 'policies/.kyverno-test/kyverno-test.yaml': test('fail'),
      // Failing tests where the project says not to read: neither is run.
      'drafts/require-team.yaml': policy, 'drafts/.kyverno-test/resources.yaml': resources, 'drafts/.kyverno-test/kyverno-test.yaml': test('pass'),
      'scratch/require-team.yaml': policy, 'scratch/.kyverno-test/resources.yaml': resources, 'scratch/.kyverno-test/kyverno-test.yaml': test('pass'),
    });
    try {
      const { code, out } = await runCli(['policy', 'test', '.'], tree.root);
      assert.equal(code, 0, out);
      assert.match(out, /Loading test \( policies\/\.kyverno-test\/kyverno-test\.yaml \)/);
      assert.doesNotMatch(out, /drafts|scratch/);
    } finally {
      tree.remove();
    }
  });

  it('exits 1 when a result differs, and says what it wanted; JSON is a PolicyReport, SARIF names the result line', async () => {
    const tree = makeTree({ 'p/require-team.yaml': policy, 'p/.kyverno-test/resources.yaml': resources, 'p/.kyverno-test/kyverno-test.yaml': test('pass') });
    try {
      const text = await runCli(['policy', 'test', 'p/.kyverno-test/kyverno-test.yaml'], tree.root);
      assert.equal(text.code, 1);
      assert.match(text.out, /│ 2 {2}│ require-team │ team-label │ v1\/Pod\/default\/bad\s+│ Fail {3}│ Want pass, got fail │/);
      assert.match(text.out, /Test Summary: 2 tests passed and 1 test failed/);
      const json = await runCli(['policy', 'test', 'p', '--format', 'json'], tree.root);
      assert.equal(json.code, 1);
      const report = JSON.parse(json.out) as { kind: string; summary: Record<string, number>; results: { policy: string; rule: string; result: string; resources: { name: string }[]; properties: Record<string, string> }[] };
      assert.equal(report.kind, 'PolicyReport');
      assert.deepEqual(report.summary, { pass: 2, fail: 1, warn: 0, error: 0, skip: 0 });
      assert.deepEqual(report.results[1], {
        source: 'kyverno',
        policy: 'require-team',
        rule: 'team-label',
        result: 'fail',
        message: 'validation error: the label team is required. rule team-label failed at path /metadata/labels/',
        resources: [{ apiVersion: 'v1', kind: 'Pod', name: 'bad', namespace: 'default' }],
        properties: { test: 'p/.kyverno-test/kyverno-test.yaml', line: '12', expected: 'pass', verdict: 'fail', reason: 'Want pass, got fail' },
      });
      const sarif = await runCli(['policy', 'test', 'p', '--format', 'sarif'], tree.root);
      const log = JSON.parse(sarif.out) as { runs: { results: { ruleId: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] };
      const [result] = log.runs[0]?.results ?? [];
      assert.equal(result?.ruleId, 'policy:require-team/team-label');
      assert.equal(result?.locations[0]?.physicalLocation.artifactLocation.uri, 'p/.kyverno-test/kyverno-test.yaml');
      assert.equal(result?.locations[0]?.physicalLocation.region.startLine, 12);
    } finally {
      tree.remove();
    }
  });

  it('reads the older unversioned test form, values files and user info; a file outside the workspace is refused with its name', async () => {
    const values = `policies:
  - name: require-team
    resources:
      - name: bad
        values: {request.operation: DELETE}
`;
    const legacy = `name: legacy
policies: [../require-team.yaml, ../../../outside.yaml]
resources: [resources.yaml]
variables: values.yaml
results:
  - {policy: require-team, rule: team-label, resource: good, kind: Pod, result: pass}
`;
    const tree = makeTree({ 'ws/p/require-team.yaml': policy, 'ws/p/t/resources.yaml': resources, 'ws/p/t/values.yaml': values, 'ws/p/t/kyverno-test.yaml': legacy, 'outside.yaml': policy });
    try {
      const { code, out, err } = await runCli(['policy', 'test', 'p'], `${tree.root}/ws`);
      assert.match(out, /Test Summary: 1 test passed and 0 tests failed/);
      assert.equal(err.trim(), '../outside.yaml:1: ../outside.yaml: outside the workspace: not read');
      assert.equal(code, 1, 'a file that could not be read fails the run');
    } finally {
      tree.remove();
    }
  });

  it('a usage error names the command', async () => {
    const { code, err } = await runCli(['policy', 'tset'], process.cwd());
    assert.equal(code, 2);
    assert.match(err, /unknown policy command "tset"/);
  });

  it('policy eval: a Rego policy on the WebAssembly build OPA made of it, in-process; a .rego without its build gets the opa build command', async () => {
    const tree = makeTree({ 'rego/test.rego': readFileSync(path.join(opaFixture, 'test.rego'), 'utf8'), 'input.yaml': 'fragment: moo\n', 'other.json': '{"fragment": "baa"}' });
    try {
      const missing = await runCli(['policy', 'eval', 'rego/test.rego', '--input', 'input.yaml'], tree.root);
      assert.equal(missing.code, 1);
      assert.equal(missing.err.trim(), 'rego/test.rego: a Rego policy is evaluated from the WebAssembly build OPA makes of it — run `opa build -t wasm -e test rego/test.rego` and keep its policy.wasm beside it; Archipel does not run opa itself');
      copyFileSync(path.join(opaFixture, 'policy.wasm'), path.join(tree.root, 'rego', 'policy.wasm'));
      const moo = await runCli(['policy', 'eval', 'rego/test.rego', '--input', 'input.yaml'], tree.root);
      assert.deepEqual([moo.code, JSON.parse(moo.out)], [0, [{ result: true }]]);
      const baa = await runCli(['policy', 'eval', 'rego/policy.wasm', '--input', 'other.json', '--entrypoint', 'test/p'], tree.root);
      assert.deepEqual([baa.code, JSON.parse(baa.out)], [0, []]);
      const wrong = await runCli(['policy', 'eval', 'rego/policy.wasm', '--input', 'other.json', '--entrypoint', 'nope'], tree.root);
      assert.deepEqual([wrong.code, wrong.err.trim()], [1, 'archipel: rego/policy.wasm: the policy has no entrypoint nope (it has test/p)']);
    } finally {
      tree.remove();
    }
  });

  it("the example's policies (examples/portfolio/policies: Kyverno and a ValidatingAdmissionPolicy) pass their kyverno test", async () => {
    const { code, out } = await runCli(['policy', 'test', path.join('examples', 'portfolio', 'policies')], repoRoot);
    assert.equal(code, 0);
    assert.match(out, /Applying 4 policies to 8 resources/);
    assert.match(out, /Test Summary: 11 tests passed and 0 tests failed/);
  });
});
