import * as assert from 'node:assert/strict';
import { check, expectAt, expectNone } from '../../workflowHelpers';

// gha-run-script, on the cases of rhysd/actionlint's testdata (MIT, vendored in
// fixtures/oss/actionlint/): what shellcheck and pyflakes report there, read without running them.
describe('gha-run-script', () => {
  it("PowerShell's $Env:NAME in a script bash or sh runs, with the shell chosen as the runner does (shellcheck_default_shell_detection)", () => {
    // testdata/err/shellcheck_default_shell_detection.yaml, shortened to four of its jobs.
    const text = `on: push

defaults:
  run:
    shell: pwsh

jobs:
  job-level:
    runs-on: ubuntu-latest
    defaults:
      run:
        shell: bash
    steps:
      - run: $Env:FOO = "FOO"
  step-level-2:
    runs-on: windows-latest
    defaults:
      run:
        shell: pwsh
    steps:
      - run: $Env:BAR = "BAR"
        shell: bash
  custom-sh:
    runs-on: ubuntu-latest
    steps:
      - run: $Env:BAZ = "BAZ"
        shell: 'sh -e {0}'
  windows:
    runs-on: windows-latest
    steps:
      - run: $Env:QUX = "QUX"
`;
    const diagnostics = check(text);
    const d = expectAt(diagnostics, 'gha-run-script', text, '$Env:FOO');
    assert.equal(d.message, '$Env:FOO is how PowerShell reads an environment variable, but this script runs in bash, where it is the empty $env followed by ":FOO". Write "$FOO", or set shell: pwsh.');
    assert.deepEqual(d.data, { replacement: '$FOO' });
    expectAt(diagnostics, 'gha-run-script', text, '$Env:BAR');
    expectAt(diagnostics, 'gha-run-script', text, '$Env:BAZ');
    // A Windows runner's default shell is pwsh, where $Env:QUX is right.
    assert.equal(diagnostics.filter((x) => x.code === 'gha-run-script').length, 3);
  });

  it('leaves $env: alone in pwsh, in single quotes, in comments and where the runner is not known', () => {
    const text = `on: push
jobs:
  a:
    runs-on: ubuntu-latest
    steps:
      - run: pwsh -Command 'echo $env:HOME' # prints $env:HOME
      - run: echo "$env:HOME"
        shell: pwsh
  b:
    runs-on: \${{ matrix.os }}-latest
    steps:
      - run: echo "TEMP=D:\\\\Temp" >> $env:GITHUB_ENV
`;
    expectNone(check(text), 'gha-run-script');
  });

  it('a python script: unbalanced brackets as Python words them, undefined names as pyflakes (pyflakes_step_shell, pyflakes_integration)', () => {
    // testdata/err/pyflakes_step_shell.yaml and testdata/examples/pyflakes_integration.yaml.
    const text = `on: push
jobs:
  step-level:
    runs-on: ubuntu-latest
    steps:
      - run: print(unknown_var)
        shell: python
      - run: print(
        shell: python
      - run: print('\${{ runner.os }}')
        shell: python
  linux2:
    runs-on: ubuntu-latest
    defaults:
      run:
        shell: python
    steps:
      - run: |
          import sys
          for sys in ['system1', 'system2']:
            print(sys, file=sys.stderr, end=\${{ inputs.end }})
      - run: |
          def f(p, *rest, k=1, **kw):
              return [x for x in p if x] + list(rest)
          with open(__file__) as fh:
              data = fh.read()
          print(f(data), len("(" + '"' + """)"""))
`;
    const diagnostics = check(text);
    const d = expectAt(diagnostics, 'gha-run-script', text, 'unknown_var');
    assert.equal(d.message, 'Python: undefined name "unknown_var": nothing in this script defines or imports it.');
    const open = expectAt(diagnostics, 'gha-run-script', text, '(', 1);
    assert.equal(open.message, "Python cannot parse this script: '(' was never closed.");
    assert.equal(diagnostics.filter((x) => x.code === 'gha-run-script').length, 2);
  });

  it('an unterminated string and a closing bracket that does not match', () => {
    const script = (body: string) => `on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ${body}\n        shell: python3 {0}\n`;
    const unterminated = script(`print("hello)`);
    assert.equal(expectAt(check(unterminated), 'gha-run-script', unterminated, '"hello)').message, 'Python cannot parse this script: unterminated string literal.');
    const mismatched = script('print([1, 2)]');
    assert.equal(expectAt(check(mismatched), 'gha-run-script', mismatched, ')').message, "Python cannot parse this script: closing ')' does not match opening '[' (line 1).");
  });
});
