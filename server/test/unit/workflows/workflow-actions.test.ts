import * as assert from 'node:assert/strict';
import { parseUses } from '../../../src/workflows/model/actions';
import { check, diagnoseTree, expectAt, expectNone, giteaUri, workflow, workflowUri } from '../../workflowHelpers';

function steps(body: string): string {
  return workflow(`  build:
    runs-on: ubuntu-latest
    steps:
${body}`);
}

const localAction = `name: Deploy
description: Deploys the app
inputs:
  environment:
    description: Where to deploy
    required: true
  region:
    description: Cloud region
    default: eu-west-1
  token:
    description: Old way to authenticate
    deprecationMessage: Use OIDC instead.
outputs:
  url:
    description: The deployed URL
    value: \${{ steps.deploy.outputs.url }}
runs:
  using: composite
  steps:
    - id: deploy
      run: echo "url=https://example.test" >> "$GITHUB_OUTPUT"
      shell: bash
`;
const localActionUri = 'file:///repo/.github/actions/deploy/action.yml';

describe('workflow actions', () => {
  describe('uses: formats', () => {
    it('parses every form of uses:', () => {
      assert.deepEqual(parseUses('actions/checkout@v4', 'github'), { kind: 'remote', owner: 'actions', repo: 'checkout', path: '', ref: 'v4' });
      assert.deepEqual(parseUses('github/codeql-action/init@v3', 'github'), { kind: 'remote', owner: 'github', repo: 'codeql-action', path: 'init', ref: 'v3' });
      assert.deepEqual(parseUses('./.github/actions/x', 'github'), { kind: 'local', path: './.github/actions/x' });
      assert.deepEqual(parseUses('docker://alpine:3.20', 'github'), { kind: 'docker', image: 'alpine:3.20' });
      assert.equal(parseUses('https://gitea.com/actions/checkout@v4', 'gitea').kind, 'remote');
      assert.equal(parseUses('https://gitea.com/actions/checkout@v4', 'github').kind, 'invalid');
      assert.equal(parseUses('octo/repo/.github/workflows/b.yml@main', 'github', true).kind, 'remote');
      assert.equal(parseUses('./.github/workflows/b.yml@main', 'github', true).kind, 'invalid');
    });

    it('reports a missing @ref on the uses value', () => {
      const text = steps('      - uses: actions/checkout\n');
      const d = expectAt(check(text), 'gha-uses-format', text, 'actions/checkout');
      assert.match(d.message, /has no version: add @ref/);
    });

    it('reports an absolute URL on GitHub and an empty docker image', () => {
      const text = steps('      - uses: https://gitea.com/actions/checkout@v4\n      - uses: docker://\n');
      const diagnostics = check(text);
      assert.match(expectAt(diagnostics, 'gha-uses-format', text, 'https://gitea.com/actions/checkout@v4').message, /Gitea and Forgejo only/);
      expectAt(diagnostics, 'gha-uses-format', text, 'docker://', 0);
      expectNone(check(steps('      - uses: https://gitea.com/actions/checkout@v4\n'), {}, giteaUri), 'gha-uses-format');
    });

    it('reports a reusable-workflow call that is not a workflow file', () => {
      const text = workflow('  call:\n    uses: octo/repo@v1\n');
      const d = expectAt(check(text), 'gha-uses-format', text, 'octo/repo@v1');
      assert.match(d.message, /owner\/repo\/\.github\/workflows\/file\.yml@ref/);
    });

    it('accepts well-formed uses:', () => {
      const text = steps('      - uses: actions/checkout@692973e3d937129bcbf40652eb9f2f61becf3332\n      - uses: docker://alpine:3.20\n      - uses: github/codeql-action/init@v3\n');
      expectNone(check(text), 'gha-uses-format');
    });
  });

  describe('gha-local-action', () => {
    it('reports a local action that is not in the workspace', () => {
      const text = steps('      - uses: ./.github/actions/missing\n');
      const d = expectAt(check(text), 'gha-local-action', text, './.github/actions/missing');
      assert.match(d.message, /No action\.yml \(or action\.yaml\) at \.\/\.github\/actions\/missing/);
    });

    it('reports a local reusable workflow that is missing or not callable', () => {
      const caller = workflow('  call:\n    uses: ./.github/workflows/build.yml\n');
      expectAt(check(caller), 'gha-local-action', caller, './.github/workflows/build.yml');
      const notCallable = workflow('  build:\n    runs-on: ubuntu-latest\n    steps: [{ run: echo }]\n');
      const d = expectAt(
        diagnoseTree({ [workflowUri]: caller, 'file:///repo/.github/workflows/build.yml': notCallable }, workflowUri),
        'gha-local-action',
        caller,
        './.github/workflows/build.yml',
      );
      assert.match(d.message, /no "on: workflow_call" trigger/);
    });

    it('finds local actions through the index', () => {
      const text = steps('      - uses: ./.github/actions/deploy\n        with:\n          environment: prod\n');
      expectNone(diagnoseTree({ [workflowUri]: text, [localActionUri]: localAction }, workflowUri), 'gha-local-action');
    });
  });

  describe('with: inputs', () => {
    it('reports an unknown input of a bundled action with a suggestion', () => {
      const text = steps('      - uses: actions/checkout@v4\n        with:\n          fetch-deph: 0\n');
      const d = expectAt(check(text), 'gha-action-input-unknown', text, 'fetch-deph');
      assert.match(d.message, /actions\/checkout has no input "fetch-deph"\. Did you mean "fetch-depth"\?/);
    });

    it('reports a required input of a bundled action on uses:', () => {
      const text = steps('      - uses: actions/cache@v4\n        with:\n          path: ~/.npm\n');
      const d = expectAt(check(text), 'gha-action-input-required', text, 'actions/cache@v4');
      assert.match(d.message, /requires input "key"/);
    });

    it('reports a deprecated input', () => {
      const text = steps('      - uses: docker/setup-buildx-action@v3\n        with:\n          config-inline: |\n            debug = true\n');
      const d = expectAt(check(text), 'gha-deprecated-input', text, 'config-inline');
      assert.match(d.message, /Use buildkitd-config-inline instead/);
    });

    it('checks local action inputs read from its action.yml', () => {
      const text = steps('      - uses: ./.github/actions/deploy\n        with:\n          enviroment: prod\n          token: x\n');
      const diagnostics = diagnoseTree({ [workflowUri]: text, [localActionUri]: localAction }, workflowUri);
      assert.match(expectAt(diagnostics, 'gha-action-input-unknown', text, 'enviroment').message, /Did you mean "environment"\?/);
      assert.match(expectAt(diagnostics, 'gha-action-input-required', text, './.github/actions/deploy').message, /requires input "environment"/);
      assert.match(expectAt(diagnostics, 'gha-deprecated-input', text, 'token').message, /Use OIDC instead\./);
    });

    it('checks the inputs of a local reusable workflow', () => {
      const callee = 'on:\n  workflow_call:\n    inputs:\n      name: { type: string, required: true }\njobs:\n  b:\n    runs-on: ubuntu-latest\n    steps: [{ run: echo }]\n';
      const caller = workflow('  call:\n    uses: ./.github/workflows/build.yml\n    with:\n      nam: x\n');
      const diagnostics = diagnoseTree({ [workflowUri]: caller, 'file:///repo/.github/workflows/build.yml': callee }, workflowUri);
      expectAt(diagnostics, 'gha-action-input-unknown', caller, 'nam');
      expectAt(diagnostics, 'gha-action-input-required', caller, './.github/workflows/build.yml');
    });

    it('accepts the documented inputs, and actions it does not know', () => {
      const text = steps(`      - uses: actions/setup-node@v4
        with:
          node-version: 20
          cache: npm
      - uses: some/unknown-action@v1
        with:
          anything: goes
`);
      const diagnostics = check(text);
      expectNone(diagnostics, 'gha-action-input-unknown');
      expectNone(diagnostics, 'gha-action-input-required');
      expectNone(diagnostics, 'gha-deprecated-input');
    });
  });

  describe('gha-deprecated-action', () => {
    it('warns on a retired major version, on the ref', () => {
      const text = steps('      - uses: actions/upload-artifact@v3\n        with: { path: dist }\n');
      const d = expectAt(check(text), 'gha-deprecated-action', text, 'v3');
      assert.match(d.message, /artifact service GitHub retired on 2025-01-30; use v4/);
    });

    it('accepts current majors and SHA pins', () => {
      expectNone(check(steps('      - uses: actions/upload-artifact@v4\n        with: { path: dist }\n      - uses: actions/checkout@8e8c483db84b4bee98b60c0593521ed34d9990e8\n')), 'gha-deprecated-action');
    });
  });

  describe('gha-runner-label', () => {
    it('reports a misspelt and a retired label', () => {
      const text = workflow(`  a:
    runs-on: ubuntu-latst
    steps: [{ run: echo }]
  b:
    runs-on: ubuntu-20.04
    steps: [{ run: echo }]
`);
      const diagnostics = check(text);
      assert.match(expectAt(diagnostics, 'gha-runner-label', text, 'ubuntu-latst').message, /Did you mean "ubuntu-latest"\?/);
      assert.match(expectAt(diagnostics, 'gha-runner-label', text, 'ubuntu-20.04').message, /retired/);
    });

    it('accepts GitHub-hosted labels, self-hosted runners, configured labels and Gitea runners', () => {
      const text = workflow(`  a:
    runs-on: [self-hosted, linux, gpu]
    steps: [{ run: echo }]
  b:
    runs-on: macos-14
    steps: [{ run: echo }]
  c:
    runs-on: gpu-a100
    steps: [{ run: echo }]
  d:
    runs-on: { group: large-runners, labels: big-linux }
    steps: [{ run: echo }]
`);
      expectNone(check(text, { workflows: { flavor: 'auto', runnerLabels: ['gpu-a100'] } }), 'gha-runner-label');
      expectNone(check(workflow('  a:\n    runs-on: homelab\n    steps: [{ run: echo }]\n'), {}, giteaUri), 'gha-runner-label');
    });
  });
});
