// `archipel diff` and the team's policies (issue #96): a policy newly violated by a change. A planted history in a
// temporary folder (no user identity: scratchRepository's git environment): a Deployment under a Kyverno Enforce policy
// changed to `image: nginx:latest`, its manifest moved with its violation, then fixed; the policy made Audit and the tag
// broken again; then a policy added that the unchanged Deployment already violates.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runCli } from '../../cliRun';
import { scratchRepository } from './scratchRepository';

const noLatest = (action: 'Enforce' | 'Audit') =>
  [
    'apiVersion: kyverno.io/v1',
    'kind: ClusterPolicy',
    'metadata:',
    '  name: disallow-latest-tag',
    'spec:',
    `  validationFailureAction: ${action}`,
    '  rules:',
    '    - name: validate-image-tag',
    '      match:',
    '        any:',
    '          - resources:',
    '              kinds: [Pod]',
    '      validate:',
    "        message: \"Using a mutable image tag such as 'latest' is not allowed.\"",
    '        foreach:',
    '          - list: "request.object.spec.containers"',
    '            pattern:',
    '              image: "!*:latest"',
    '',
  ].join('\n');

const requireRequests = [
  'apiVersion: kyverno.io/v1',
  'kind: ClusterPolicy',
  'metadata:',
  '  name: require-requests',
  'spec:',
  '  validationFailureAction: Enforce',
  '  rules:',
  '    - name: validate-resources',
  '      match:',
  '        any:',
  '          - resources:',
  '              kinds: [Pod]',
  '      validate:',
  '        message: "CPU and memory requests are required."',
  '        foreach:',
  '          - list: "request.object.spec.containers"',
  '            pattern:',
  '              resources:',
  '                requests:',
  '                  memory: "?*"',
  '                  cpu: "?*"',
  '',
].join('\n');

const web = (image: string) =>
  [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web',
    '  namespace: shop',
    'spec:',
    '  replicas: 2',
    '  selector:',
    '    matchLabels:',
    '      app: web',
    '  template:',
    '    metadata:',
    '      labels:',
    '        app: web',
    '    spec:',
    '      containers:',
    '        - name: web',
    `          image: ${image}`,
    '          ports:',
    '            - containerPort: 80',
    '',
  ].join('\n');

interface Fact {
  rule: string;
  action: string;
  object: string;
  component: string;
  file: string;
  line: number;
  message: string;
}

interface Diff {
  policy: { raised: Fact[]; resolved: Fact[] };
  components: { added: unknown[]; removed: unknown[]; changed: unknown[] };
}

const said = (f: Fact) => [f.action, f.rule, f.object, f.component, `${f.file}:${f.line}`];

describe('archipel diff: policies newly violated (issue #96)', function () {
  this.timeout(180_000);
  // The commits, oldest first: base, latest, moved, fixed, audit, latest-again, policy-added.
  const scratch = scratchRepository('archipel-diff-policy-', ({ dir, git }) => {
    const write = (file: string, text: string) => {
      mkdirSync(path.dirname(path.join(dir, file)), { recursive: true });
      writeFileSync(path.join(dir, file), text);
    };
    const commit = (message: string) => {
      git('add', '-A');
      git('commit', '-q', '-m', message);
      git('tag', message);
    };
    write('policies/disallow-latest-tag.yaml', noLatest('Enforce'));
    write('k8s/web.yaml', web('nginx:1.27'));
    commit('base');
    write('k8s/web.yaml', web('nginx:latest'));
    commit('latest');
    mkdirSync(path.join(dir, 'apps'));
    git('mv', 'k8s/web.yaml', 'apps/web.yaml');
    commit('moved');
    write('apps/web.yaml', web('nginx:1.28'));
    commit('fixed');
    write('policies/disallow-latest-tag.yaml', noLatest('Audit'));
    commit('audit');
    write('apps/web.yaml', web('nginx:latest'));
    commit('latest-again');
    write('policies/require-requests.yaml', requireRequests);
    commit('policy-added');
  });

  const diff = async (base: string, head: string, ...more: string[]) => {
    const run = await runCli(['diff', '--base', base, '--head', head, '--format', 'json', ...more], scratch.dir);
    return { ...run, diff: JSON.parse(run.out) as Diff };
  };

  it('an image made `latest` under an Enforce policy: raised, on its line, with its component; --fail-on policy exits 1', async () => {
    const { code, err, diff: d } = await diff('base', 'latest', '--fail-on', 'policy');
    assert.deepEqual(d.policy.raised.map(said), [['Enforce', 'policy:disallow-latest-tag/validate-image-tag', 'Deployment/shop/web', 'k8s:Deployment/shop/web', 'k8s/web.yaml:18']]);
    assert.equal(d.policy.raised[0].message, "validation error: Using a mutable image tag such as 'latest' is not allowed.. rule autogen-validate-image-tag failed at path /image/");
    assert.deepEqual(d.policy.resolved, []);
    assert.equal(code, 1);
    assert.equal(err, 'archipel diff: --fail-on policy: 1 Enforce policy violation raised (policy:disallow-latest-tag/validate-image-tag on Deployment/shop/web k8s/web.yaml:18)\n');
  });

  it('the text, the markdown and the SARIF say it', async () => {
    const text = await runCli(['diff', '--base', 'base', '--head', 'latest'], scratch.dir);
    const lines = text.out.split('\n');
    const at = lines.indexOf('policy violations: 1 raised, 0 resolved');
    assert.ok(at > 0, text.out);
    assert.equal(lines[at + 1], "  + Enforce policy:disallow-latest-tag/validate-image-tag on Deployment/shop/web: validation error: Using a mutable image tag such as 'latest' is not allowed.. rule autogen-validate-image-tag failed at path /image/ (k8s/web.yaml:18)");
    const markdown = await runCli(['diff', '--base', 'base', '--head', 'latest', '--format', 'markdown'], scratch.dir);
    assert.match(markdown.out, / · 1 policy violation \(1 raised, 0 resolved\)\*\*\n/);
    const table = markdown.out.slice(markdown.out.indexOf('#### Policy violations'));
    assert.ok(table.includes("| raised | Enforce | policy:disallow-latest-tag/validate-image-tag | Deployment/shop/web | k8s:Deployment/shop/web | validation error: Using a mutable image tag such as 'latest' is not allowed.. rule autogen-validate-image-tag failed at path /image/ | k8s/web.yaml:18 |"), table);
    const sarif = await runCli(['diff', '--base', 'base', '--head', 'latest', '--format', 'sarif'], scratch.dir);
    const results = (JSON.parse(sarif.out) as { runs: { results: { ruleId: string; level: string; locations: { physicalLocation: { artifactLocation: { uri: string }; region: { startLine: number } } }[] }[] }[] }).runs[0].results;
    const mine = results.filter((r) => r.ruleId.startsWith('policy:'));
    assert.deepEqual(mine.map((r) => [r.ruleId, r.level, r.locations[0].physicalLocation.artifactLocation.uri, r.locations[0].physicalLocation.region.startLine]), [['policy:disallow-latest-tag/validate-image-tag', 'error', 'k8s/web.yaml', 18]]);
  });

  it('a manifest moved (git mv) with its violation: nothing raised nor resolved, --fail-on policy exits 0', async () => {
    const { code, err, diff: d } = await diff('latest', 'moved', '--fail-on', 'policy');
    assert.deepEqual(d.policy, { raised: [], resolved: [] });
    assert.equal(err, '');
    assert.equal(code, 0);
  });

  it('a fix: resolved, at the line it was on', async () => {
    const { code, diff: d } = await diff('moved', 'fixed', '--fail-on', 'policy');
    assert.deepEqual(d.policy.raised, []);
    assert.deepEqual(d.policy.resolved.map(said), [['Enforce', 'policy:disallow-latest-tag/validate-image-tag', 'Deployment/shop/web', 'k8s:Deployment/shop/web', 'apps/web.yaml:18']]);
    assert.equal(code, 0);
  });

  it('the same under an Audit policy: raised, and --fail-on policy exits 0', async () => {
    const { code, err, diff: d } = await diff('audit', 'latest-again', '--fail-on', 'policy');
    assert.deepEqual(d.policy.raised.map(said), [['Audit', 'policy:disallow-latest-tag/validate-image-tag', 'Deployment/shop/web', 'k8s:Deployment/shop/web', 'apps/web.yaml:18']]);
    assert.equal(err, '');
    assert.equal(code, 0);
  });

  it("a policy added that the unchanged Deployment already violates: raised (the head's policies judge the head)", async () => {
    const { code, err, diff: d } = await diff('latest-again', 'policy-added', '--fail-on', 'policy');
    assert.deepEqual(d.policy.raised.map(said), [['Enforce', 'policy:require-requests/validate-resources', 'Deployment/shop/web', 'k8s:Deployment/shop/web', 'apps/web.yaml:17']]);
    // The Audit violation of the base is still there: neither raised nor resolved.
    assert.deepEqual(d.policy.resolved, []);
    assert.equal(code, 1);
    assert.match(err, /^archipel diff: --fail-on policy: 1 Enforce policy violation raised \(policy:require-requests\/validate-resources on Deployment\/shop\/web apps\/web\.yaml:17\)\n$/);
  });
});
