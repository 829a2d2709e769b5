import * as assert from 'node:assert/strict';
import { check, expectAt, expectClean, expectNone, workflow } from '../../workflowHelpers';

const base = workflow(`  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo hello
`);

describe('workflow structure', () => {
  it('accepts a minimal valid workflow without any diagnostic', () => {
    expectClean(check(base));
  });

  it('only checks workflow folders and action.yml, not other YAML', () => {
    expectClean(check('jobs: 3\n', {}, 'file:///repo/config/ci.yml'));
    expectClean(check('jobs: 3\n', {}, 'file:///repo/.github/workflows/nested/ci.yml'));
  });

  describe('gha-unknown-key', () => {
    it('reports a misspelt key on the key, with a suggestion', () => {
      const text = workflow(`  build:
    runs-onn: ubuntu-latest
    steps:
      - run: echo
`);
      const d = expectAt(check(text), 'gha-unknown-key', text, 'runs-onn');
      assert.match(d.message, /Unknown key "runs-onn" in jobs\.build\. Did you mean "runs-on"\?/);
    });

    it('accepts every documented key', () => {
      const text = workflow(`  build:
    name: Build
    runs-on: ubuntu-latest
    timeout-minutes: 10
    continue-on-error: false
    env: { A: b }
    defaults: { run: { shell: bash, working-directory: src } }
    concurrency: { group: build, cancel-in-progress: true }
    steps:
      - run: echo
        shell: bash
        working-directory: src
        timeout-minutes: 2
        continue-on-error: true
`);
      expectNone(check(text), 'gha-unknown-key');
    });

    it('says which keys conflict when a key belongs to another kind of job', () => {
      const text = workflow(`  call:
    uses: ./.github/workflows/reusable.yml
    steps:
      - run: echo
`);
      const d = expectAt(check(text), 'gha-unknown-key', text, 'steps');
      assert.match(d.message, /"steps" cannot be used together with "uses"/);
    });
  });

  describe('gha-missing-key', () => {
    it('reports a workflow without jobs', () => {
      const text = 'name: x\non: push\n';
      const d = expectAt(check(text), 'gha-missing-key', text, 'name');
      assert.match(d.message, /Missing required key "jobs"/);
    });

    it('reports a job without runs-on on the job id', () => {
      const text = workflow(`  build:
    steps:
      - run: echo
`);
      const d = expectAt(check(text), 'gha-missing-key', text, 'build');
      assert.match(d.message, /Missing required key "runs-on" in jobs\.build/);
    });

    it('reports a step that neither runs nor uses', () => {
      const text = workflow(`  build:
    runs-on: ubuntu-latest
    steps:
      - name: nothing
`);
      const d = expectAt(check(text), 'gha-missing-key', text, 'name');
      assert.match(d.message, /needs one of "run" or "uses"/);
    });

    it('accepts a job calling a reusable workflow without runs-on', () => {
      const text = workflow(`  call:
    uses: octo/repo/.github/workflows/build.yml@v1
`);
      expectNone(check(text), 'gha-missing-key');
    });
  });

  describe('gha-duplicate-key', () => {
    it('reports job ids that differ only by case', () => {
      const text = workflow(`  build:
    runs-on: ubuntu-latest
    steps: [{ run: echo }]
  Build:
    runs-on: ubuntu-latest
    steps: [{ run: echo }]
`);
      const d = expectAt(check(text), 'gha-duplicate-key', text, 'Build');
      assert.match(d.message, /already defined as "build"/);
    });

    it('leaves exact duplicates to the YAML rule', () => {
      const text = workflow(`  build:
    runs-on: ubuntu-latest
    steps: [{ run: echo }]
  build:
    runs-on: ubuntu-latest
    steps: [{ run: echo }]
`);
      const diagnostics = check(text);
      expectNone(diagnostics, 'gha-duplicate-key');
      assert.ok(diagnostics.some((d) => d.code === 'yaml-duplicate-key'));
    });

    it('accepts distinct ids', () => {
      expectNone(check(base), 'gha-duplicate-key');
    });
  });

  describe('gha-type', () => {
    it('reports a string where a number is expected, on the value', () => {
      const text = workflow(`  build:
    runs-on: ubuntu-latest
    timeout-minutes: abc
    steps: [{ run: echo }]
`);
      const d = expectAt(check(text), 'gha-type', text, 'abc');
      assert.match(d.message, /Expected a number at jobs\.build\.timeout-minutes, found "abc"/);
    });

    it('reports a mapping where a sequence is expected', () => {
      const text = workflow(`  build:
    runs-on: ubuntu-latest
    steps:
      run: echo
`);
      const d = expectAt(check(text), 'gha-type', text, 'steps');
      assert.match(d.message, /Expected a sequence at jobs\.build\.steps, found a mapping/);
    });

    it('reports a value outside the allowed ones with a suggestion', () => {
      const text = workflow(`  build:
    runs-on: ubuntu-latest
    steps: [{ run: echo }]
    strategy:
      fail-fast: maybe
`);
      expectAt(check(text), 'gha-type', text, 'maybe');
    });

    it('accepts an expression in place of any typed value', () => {
      const text = workflow(`  build:
    runs-on: ubuntu-latest
    timeout-minutes: \${{ matrix.minutes }}
    continue-on-error: \${{ matrix.experimental }}
    strategy:
      matrix:
        minutes: [5]
        experimental: [true]
    steps: [{ run: echo }]
`);
      expectNone(check(text), 'gha-type');
    });

    it('accepts numbers and booleans where a string is expected', () => {
      const text = workflow(`  build:
    runs-on: ubuntu-latest
    env:
      RETRIES: 3
      DEBUG: true
    steps: [{ run: echo, name: 42 }]
`);
      expectNone(check(text), 'gha-type');
    });
  });

  describe('gha-empty-steps', () => {
    it('reports an empty steps list on its key', () => {
      const text = workflow(`  build:
    runs-on: ubuntu-latest
    steps: []
`);
      const d = expectAt(check(text), 'gha-empty-steps', text, 'steps');
      assert.match(d.message, /empty steps list/);
    });

    it('reports a job without steps on its id', () => {
      const text = workflow(`  build:
    runs-on: ubuntu-latest
`);
      expectAt(check(text), 'gha-empty-steps', text, 'build');
    });

    it('accepts a job with steps and a reusable-workflow job without', () => {
      expectNone(check(base), 'gha-empty-steps');
      expectNone(check(workflow(`  call:\n    uses: octo/repo/.github/workflows/b.yml@v1\n`)), 'gha-empty-steps');
    });
  });

  describe('gha-step-uses-and-run', () => {
    it('reports a step with both uses and run on `uses:` (where the hidden corpora mark it), whichever comes first', () => {
      const text = workflow(`  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        run: echo
`);
      const d = expectAt(check(text), 'gha-step-uses-and-run', text, 'uses', 0);
      assert.match(d.message, /both "uses" and "run"/);
      const runFirst = workflow(`  build:
    runs-on: ubuntu-latest
    steps:
      - run: echo
        uses: actions/checkout@v4
`);
      expectAt(check(runFirst), 'gha-step-uses-and-run', runFirst, 'uses', 0);
    });

    it('does not add "Missing required key run" to a step already told that uses cannot go with working-directory', () => {
      const text = workflow(`  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        working-directory: app
`);
      const found = check(text);
      expectNone(found, 'gha-missing-key');
      assert.ok(found.some((d) => /"uses" cannot be used together with "working-directory"/.test(d.message) || /"working-directory" cannot be used together with "uses"/.test(d.message)), found.map((d) => d.message).join('\n'));
    });

    it('accepts the shell PowerShell in any case (the runner compares shell names without case)', () => {
      const text = workflow(`  build:
    runs-on: windows-latest
    steps:
      - run: Write-Output hi
        shell: PowerShell
`);
      expectNone(check(text), 'gha-shell');
      expectNone(check(text), 'gha-unknown-key');
    });

    it('accepts separate steps', () => {
      expectNone(check(base), 'gha-step-uses-and-run');
    });
  });

  describe('gha-duplicate-step-id', () => {
    it('reports the second step with the same id', () => {
      const text = workflow(`  build:
    runs-on: ubuntu-latest
    steps:
      - id: setup
        run: echo one
      - id: setup
        run: echo two
`);
      const d = expectAt(check(text), 'gha-duplicate-step-id', text, 'setup', 1);
      assert.match(d.message, /already has a step with id "setup" \(step 1\)/);
    });

    it('accepts the same id in two jobs', () => {
      const text = workflow(`  a:
    runs-on: ubuntu-latest
    steps: [{ id: setup, run: echo }]
  b:
    runs-on: ubuntu-latest
    steps: [{ id: setup, run: echo }]
`);
      expectNone(check(text), 'gha-duplicate-step-id');
    });
  });

  describe('gha-id-format', () => {
    it('reports job and step ids with forbidden characters', () => {
      const text = workflow(`  1build:
    runs-on: ubuntu-latest
    steps:
      - id: my step
        run: echo
`);
      const diagnostics = check(text);
      expectAt(diagnostics, 'gha-id-format', text, '1build');
      expectAt(diagnostics, 'gha-id-format', text, 'my step');
    });

    it('accepts letters, digits, - and _', () => {
      const text = workflow(`  _build-2:
    runs-on: ubuntu-latest
    steps: [{ id: step_1-a, run: echo }]
`);
      expectNone(check(text), 'gha-id-format');
    });
  });

  describe('action.yml', () => {
    const actionUri = 'file:///repo/.github/actions/setup/action.yml';
    it('reports missing required keys of action metadata', () => {
      const text = 'name: Setup\ndescription: Sets things up\n';
      const d = expectAt(check(text, {}, actionUri), 'gha-missing-key', text, 'name');
      assert.match(d.message, /Missing required key "runs"/);
    });

    it('accepts a composite action and reports its empty steps', () => {
      const good = `name: Setup
description: Sets things up
inputs:
  version:
    description: Tool version
    default: '1'
outputs:
  path:
    description: Where it is
    value: \${{ steps.install.outputs.path }}
runs:
  using: composite
  steps:
    - id: install
      run: echo "path=/opt/tool" >> "$GITHUB_OUTPUT"
      shell: bash
`;
      expectClean(check(good, {}, actionUri));
      const empty = 'name: Setup\ndescription: x\nruns:\n  using: composite\n  steps: []\n';
      expectAt(check(empty, {}, actionUri), 'gha-empty-steps', empty, 'steps');
    });
  });
});
