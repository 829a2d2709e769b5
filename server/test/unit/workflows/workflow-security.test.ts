import * as assert from 'node:assert/strict';
import { DiagnosticSeverity } from 'vscode-languageserver-types';
import { check, expectAt, expectNone, giteaUri, workflow } from '../../workflowHelpers';

function steps(body: string, head = 'on: push\n'): string {
  return workflow(`  build:
    runs-on: ubuntu-latest
    steps:
${body}`, head);
}

describe('workflow security and commands', () => {
  describe('gha-script-injection', () => {
    it('reports untrusted event values expanded in run:, on the reference', () => {
      const text = steps(`      - run: |
          echo "Title: \${{ github.event.issue.title }}"
          git checkout \${{ github.head_ref }}
`, 'on: [issues, pull_request]\n');
      const diagnostics = check(text);
      const d = expectAt(diagnostics, 'gha-script-injection', text, 'github.event.issue.title');
      assert.match(d.message, /Pass it through env: \(TITLE: \$\{\{ github\.event\.issue\.title \}\}\) and use "\$TITLE"/);
      expectAt(diagnostics, 'gha-script-injection', text, 'github.head_ref');
    });

    it('reports commit messages read through a filter, and github-script scripts', () => {
      const text = steps(`      - run: echo "\${{ join(github.event.commits.*.message, ' ') }}"
      - uses: actions/github-script@v7
        with:
          script: console.log("\${{ github.event.comment.body }}")
`);
      const diagnostics = check(text);
      expectAt(diagnostics, 'gha-script-injection', text, 'github.event.commits.*.message');
      assert.match(expectAt(diagnostics, 'gha-script-injection', text, 'github.event.comment.body').message, /process\.env\.BODY/);
    });

    it('accepts the same values passed through env:', () => {
      const text = steps(`      - env:
          TITLE: \${{ github.event.issue.title }}
        run: echo "$TITLE" \${{ github.event.issue.number }}
`, 'on: issues\n');
      expectNone(check(text), 'gha-script-injection');
    });
  });

  describe('gha-deprecated-command', () => {
    it('warns on ::set-output and errors on the disabled ::set-env, on the command', () => {
      const text = steps(`      - run: |
          echo "::set-output name=version::1.0"
          echo "::set-env name=FOO::bar"
`);
      const diagnostics = check(text);
      const output = expectAt(diagnostics, 'gha-deprecated-command', text, '::set-output');
      assert.equal(output.severity, DiagnosticSeverity.Warning);
      assert.match(output.message, /\$GITHUB_OUTPUT/);
      const env = expectAt(diagnostics, 'gha-deprecated-command', text, '::set-env');
      assert.equal(env.severity, DiagnosticSeverity.Error);
    });

    it('accepts the environment files', () => {
      expectNone(check(steps('      - run: echo "version=1.0" >> "$GITHUB_OUTPUT"\n')), 'gha-deprecated-command');
    });
  });

  describe('gha-gitea-ignored', () => {
    const text = workflow(`  deploy:
    runs-on: [homelab]
    environment: production
    timeout-minutes: 30
    continue-on-error: true
    steps:
      - run: echo \${{ gitea.ref_name }}
  big:
    runs-on:
      group: arm
      labels: [arm64]
    steps: [{ run: echo }]
`, 'on: push\nconcurrency: deploy\npermissions:\n  contents: read\n');

    it('says, as information, what Gitea ignores', () => {
      const diagnostics = check(text, {}, giteaUri);
      for (const key of ['concurrency', 'permissions', 'environment', 'timeout-minutes', 'continue-on-error']) {
        const d = expectAt(diagnostics, 'gha-gitea-ignored', text, key);
        assert.equal(d.severity, DiagnosticSeverity.Information);
      }
      assert.match(expectAt(diagnostics, 'gha-gitea-ignored', text, 'runs-on', 1).message, /runs-on: label or runs-on: \[labels\]/);
      assert.equal(diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).length, 0);
    });

    it('is silent in GitHub mode, and follows the flavor setting', () => {
      const github = workflow(`  deploy:
    runs-on: ubuntu-latest
    environment: production
    steps: [{ run: echo }]
`);
      expectNone(check(github), 'gha-gitea-ignored');
      expectAt(check(github, { workflows: { flavor: 'gitea', runnerLabels: [] } }), 'gha-gitea-ignored', github, 'environment');
      expectNone(check(github, { workflows: { flavor: 'github', runnerLabels: [] } }, giteaUri), 'gha-gitea-ignored');
    });
  });

  it('applies severities from settings and # archipel-ignore comments', () => {
    const text = steps('      - run: echo "::set-output name=a::b"\n');
    expectNone(check(text, { rules: { 'gha-deprecated-command': 'off' } }), 'gha-deprecated-command');
    const ignored = steps('      # archipel-ignore gha-deprecated-command\n      - run: echo "::set-output name=a::b"\n');
    expectNone(check(ignored), 'gha-deprecated-command');
  });
});
