import * as assert from 'node:assert/strict';
import { maxDispatchInputs } from '../../../src/workflows/checks/declarations';
import { check, expectAt, expectNone, workflow } from '../../workflowHelpers';

// Mistakes GitHub only reports when a run starts (or never), that actionlint finds: each rule with a
// failing and a passing case.
const job = `  build:
    runs-on: ubuntu-latest
    steps: [{ run: echo }]
`;

describe('workflow checks from actionlint', () => {
  it('gha-schedule-cron: on: schedule without cron entries', () => {
    const bare = workflow(job, 'on: [push, schedule]\n');
    expectAt(check(bare), 'gha-schedule-cron', bare, 'schedule');
    const empty = workflow(job, 'on:\n  schedule: []\n');
    expectAt(check(empty), 'gha-schedule-cron', empty, 'schedule');
    expectNone(check(workflow(job, "on:\n  schedule:\n    - cron: '0 3 * * 1'\n")), 'gha-schedule-cron');
  });

  it('gha-call-input-default: a required workflow_call input with a default', () => {
    const head = (required: boolean) => `on:\n  workflow_call:\n    inputs:\n      env:\n        type: string\n        required: ${required}\n        default: staging\n`;
    const bad = workflow(job, head(true));
    expectAt(check(bad), 'gha-call-input-default', bad, 'default');
    expectNone(check(workflow(job, head(false))), 'gha-call-input-default');
  });

  it('gha-secret-undeclared: secrets.X a callable-only workflow does not declare', () => {
    const head = 'on:\n  workflow_call:\n    secrets:\n      token:\n        required: true\n';
    const steps = (name: string) => `  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: ./deploy "\${{ secrets.${name} }}" "\${{ secrets.GITHUB_TOKEN }}"\n`;
    const bad = workflow(steps('tokn'), head);
    const d = expectAt(check(bad), 'gha-secret-undeclared', bad, 'tokn');
    assert.match(d.message, /Did you mean "token"\?/);
    expectNone(check(workflow(steps('token'), head)), 'gha-secret-undeclared');
    // Other triggers give the repository's secrets: nothing to say.
    expectNone(check(workflow(steps('tokn'), `${head}  push:\n`)), 'gha-secret-undeclared');
  });

  it("gha-secret-undeclared: secrets: left empty declares none (actionlint's reusable_workflow_empty_secrets)", () => {
    // rhysd/actionlint testdata/err/reusable_workflow_empty_secrets.yaml (MIT): test.yaml:12:23.
    const text = `on:
  workflow_call:
    # actionlint assumes this workflow takes no secret value.
    secrets:

jobs:
  pass-secret-to-action:
    runs-on: ubuntu-latest
    steps:
      - name: Use a repo or org secret from the calling workflow.
        # So referring this secret causes an error
        run: echo \${{ secrets.CALLING_WORKFLOW_SECRET }}
`;
    const d = expectAt(check(text), 'gha-secret-undeclared', text, 'CALLING_WORKFLOW_SECRET');
    assert.equal(d.message, 'secrets.CALLING_WORKFLOW_SECRET is not declared under on.workflow_call.secrets (declared: none), so it is always empty.');
    expectNone(check(text.replace('CALLING_WORKFLOW_SECRET', 'GITHUB_TOKEN')), 'gha-secret-undeclared');
  });

  it('gha-dispatch-inputs-limit: more than 25 workflow_dispatch inputs', () => {
    const inputs = (n: number) => `on:\n  workflow_dispatch:\n    inputs:\n${Array.from({ length: n }, (_, i) => `      in${i}: { type: string }\n`).join('')}`;
    const bad = workflow(job, inputs(maxDispatchInputs + 1));
    expectAt(check(bad), 'gha-dispatch-inputs-limit', bad, 'inputs');
    expectNone(check(workflow(job, inputs(maxDispatchInputs))), 'gha-dispatch-inputs-limit');
  });

  const matrixJob = (matrix: string) => `  test:\n    runs-on: \${{ matrix.os }}\n    strategy:\n      matrix:\n${matrix}    steps: [{ run: echo }]\n`;

  it('gha-matrix-exclude: an exclude key the matrix does not have', () => {
    const bad = workflow(matrixJob('        os: [ubuntu-latest, windows-latest]\n        node: [20, 22]\n        exclude:\n          - os: windows-latest\n            nodejs: 20\n'));
    const d = expectAt(check(bad), 'gha-matrix-exclude', bad, 'nodejs');
    assert.match(d.message, /Did you mean "node"\?/);
    expectNone(check(workflow(matrixJob('        os: [ubuntu-latest, windows-latest]\n        node: [20, 22]\n        exclude:\n          - os: windows-latest\n            node: 20\n'))), 'gha-matrix-exclude');
  });

  it('gha-matrix-duplicate: the same value twice in a dimension', () => {
    const bad = workflow(matrixJob('        os: [ubuntu-latest]\n        python: ["3.11", "3.12", "3.11"]\n'));
    expectAt(check(bad), 'gha-matrix-duplicate', bad, '"3.11"', 1);
    expectNone(check(workflow(matrixJob('        os: [ubuntu-latest]\n        python: ["3.11", "3.12"]\n'))), 'gha-matrix-duplicate');
  });

  it('gha-shell: an unknown shell name (a custom command needs {0})', () => {
    const steps = (shell: string) => `  build:\n    runs-on: ubuntu-latest\n    defaults:\n      run:\n        shell: bash\n    steps:\n      - run: echo\n        shell: ${shell}\n`;
    const bad = workflow(steps('bsh'));
    const d = expectAt(check(bad), 'gha-shell', bad, 'bsh');
    assert.match(d.message, /Did you mean "bash"\?/);
    expectNone(check(workflow(steps('pwsh'))), 'gha-shell');
    expectNone(check(workflow(steps('perl {0}'))), 'gha-shell');
    // An action's input named "shell" is the action's business.
    expectNone(check(workflow('  build:\n    runs-on: ubuntu-latest\n    steps:\n      - uses: some/action@v1\n        with:\n          shell: zsh\n')), 'gha-shell');
  });

  it('gha-env-name: an env name with "="', () => {
    const bad = workflow(`  build:\n    runs-on: ubuntu-latest\n    env:\n      NODE_OPTIONS=--max-old-space-size: 4096\n    steps: [{ run: echo }]\n`);
    expectAt(check(bad), 'gha-env-name', bad, 'NODE_OPTIONS=--max-old-space-size');
    expectNone(check(workflow(`  build:\n    runs-on: ubuntu-latest\n    env:\n      NODE_OPTIONS: --max-old-space-size=4096\n    steps: [{ run: echo }]\n`)), 'gha-env-name');
  });

  it('gha-credentials-password: a literal registry password in container or services credentials', () => {
    const withPassword = (password: string) => `  build:\n    runs-on: ubuntu-latest\n    container:\n      image: ghcr.io/org/build:1\n    services:\n      db:\n        image: ghcr.io/org/db:1\n        credentials:\n          username: ci\n          password: ${password}\n    steps: [{ run: echo }]\n`;
    const bad = workflow(withPassword('hunter2'));
    expectAt(check(bad), 'gha-credentials-password', bad, 'hunter2');
    expectNone(check(workflow(withPassword('${{ secrets.GHCR_TOKEN }}'))), 'gha-credentials-password');
  });

  it('gha-empty-workflow: a workflow file with nothing in it', () => {
    const text = '# TODO: release workflow\n';
    expectAt(check(text), 'gha-empty-workflow', text, '');
    expectNone(check(workflow(job)), 'gha-empty-workflow');
  });

  it('gha-expression-type: comparing an object, a property of a string', () => {
    const run = (expr: string) => workflow(`  build:\n    runs-on: ubuntu-latest\n    steps:\n      - if: \${{ ${expr} }}\n        run: echo\n`);
    const compared = run("github.event == 'push'");
    expectAt(check(compared), 'gha-expression-type', compared, 'github.event');
    const property = run("github.ref.name == 'main'");
    expectAt(check(property), 'gha-expression-type', property, '.name');
    expectNone(check(run("github.event_name == 'push' && github.ref_name == 'main' && github.event.pull_request.draft == false")), 'gha-expression-type');
  });

  it('gha-recursive-alias: an alias inside its own anchor', () => {
    const bad = workflow(`  build:\n    runs-on: ubuntu-latest\n    env: &common\n      NESTED: *common\n    steps: [{ run: echo }]\n`);
    expectAt(check(bad), 'gha-recursive-alias', bad, '*common');
    expectNone(check(workflow(`  build:\n    runs-on: ubuntu-latest\n    env: &common\n      A: "1"\n    steps: [{ run: echo }]\n  test:\n    runs-on: ubuntu-latest\n    env: *common\n    steps: [{ run: echo }]\n`)), 'gha-recursive-alias');
  });

  it('gha-recursive-alias: a redefined anchor names the latest one; 20,000 aliases are checked in one walk', function () {
    // ~1 s alone; the quadratic walk this guards against took eight minutes. Mocha's 2 s default
    // failed on a machine whose two cores were busy with a build: a bound, not a timing assertion.
    this.timeout(120_000);
    const redefined = workflow(`  build:\n    runs-on: ubuntu-latest\n    env: &e\n      A: "1"\n    steps: [{ run: echo }]\n  test:\n    runs-on: ubuntu-latest\n    env: &e\n      B: *e\n    steps: [{ run: echo }]\n`);
    expectAt(check(redefined), 'gha-recursive-alias', redefined, '*e');
    // One Alias.resolve per alias walked the whole document each time: 3,000 took 9 s, 20,000 eight minutes.
    let many = '';
    for (let i = 0; i < 20_000; i++) many += `a${i}: &a${i} {x: ${i}}\n`;
    for (let i = 0; i < 20_000; i++) many += `b${i}: *a${i}\n`;
    expectNone(check(many), 'gha-recursive-alias');
  });

  // Issue #41: what actionlint's test data showed missing.
  it('gha-expression-type: matrix values typed from the literal matrix (comparisons, properties, text, runs-on, env:)', () => {
    const job = (matrix: string, steps: string, runsOn = 'ubuntu-latest') => workflow(`  test:\n    runs-on: ${runsOn}\n    strategy:\n      matrix:\n${matrix}    steps:\n${steps}`);
    const compared = job('        o: [{ a: 1 }]\n', "      - run: echo '${{ 'foo' == matrix.o }}'\n");
    expectAt(check(compared), 'gha-expression-type', compared, 'matrix.o');
    const ordered = job('        o: [1]\n', "      - run: echo '${{ false < true }}'\n");
    expectAt(check(ordered), 'gha-expression-type', ordered, 'false');
    const property = job('        test: ["${{ github.retention_days }}"]\n', '      - run: echo ${{ matrix.test.foo }}\n');
    expectAt(check(property), 'gha-expression-type', property, '.foo');
    // Numbers and booleans mixed: any type, nothing to say.
    expectNone(check(job('        test: ["${{ 123 }}", "${{ true }}"]\n', '      - run: echo ${{ matrix.test.foo }}\n')), 'gha-expression-type');
    const text = job('        bar: [[42], [true]]\n', '      - run: echo ${{ matrix.bar }}\n');
    expectAt(check(text), 'gha-expression-type', text, 'matrix.bar');
    expectNone(check(job('        bar: [[42], [true]]\n', '      - run: echo ${{ matrix.bar[0] }} ${{ toJSON(matrix.bar) }}\n')), 'gha-expression-type');
    const runsOn = job('        x: [{ foo: a }]\n', '      - run: echo\n', '${{ matrix.x }}');
    expectAt(check(runsOn), 'gha-expression-type', runsOn, 'matrix.x');
    expectNone(check(job('        x: [{ group: big, labels: [linux] }]\n', '      - run: echo\n', '${{ matrix.x }}')), 'gha-expression-type');
    const env = job("        env_string: ['FOO=BAR']\n        env_object: [{ FOO: BAR }]\n", '      - run: echo "$FOO"\n        env: ${{ matrix.env_object }}\n      - run: echo "$FOO"\n        env: ${{ matrix.env_string }}\n');
    expectAt(check(env), 'gha-expression-type', env, 'matrix.env_string');
    const vars = workflow('  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "${{ vars.FOO.bar }}" "${{ vars }}"\n');
    const found = check(vars).filter((d) => d.code === 'gha-expression-type');
    assert.equal(found.length, 2);
  });

  it('gha-matrix-exclude: an exclude value no matrix value matches (mappings by the keys named)', () => {
    const matrix = (exclude: string) => workflow(matrixJob(`        os:\n          - { name: Ubuntu, matrix: ubuntu }\n          - { name: Windows, matrix: windows }\n        exclude:\n${exclude}`));
    const bad = matrix('          - os: { matrix: macos }\n');
    expectAt(check(bad), 'gha-matrix-exclude', bad, '{ matrix: macos }');
    expectNone(check(matrix('          - os: { matrix: windows }\n')), 'gha-matrix-exclude');
    const scalar = workflow(matrixJob('        os: [ubuntu-latest]\n        node: [20, 22]\n        exclude:\n          - node: 18\n'));
    expectAt(check(scalar), 'gha-matrix-exclude', scalar, '18');
    expectNone(check(workflow(matrixJob('        os: [ubuntu-latest]\n        node: [20, 22]\n        exclude:\n          - node: "20"\n'))), 'gha-matrix-exclude');
  });

  it('gha-runner-label: labels no one runner carries, written or from the matrix', () => {
    const both = workflow('  test:\n    runs-on: [ubuntu-latest, windows-latest]\n    steps: [{ run: echo }]\n');
    expectAt(check(both), 'gha-runner-label', both, 'windows-latest');
    const fromMatrix = workflow("  test:\n    strategy:\n      matrix:\n        os: [windows-latest, ubuntu-latest, windows]\n    runs-on: [ubuntu-latest, '${{ matrix.os }}']\n    steps: [{ run: echo }]\n");
    expectAt(check(fromMatrix), 'gha-runner-label', fromMatrix, 'windows-latest');
    expectAt(check(fromMatrix), 'gha-runner-label', fromMatrix, 'windows', 1);
    expectNone(check(workflow('  test:\n    runs-on: [self-hosted, linux, x64]\n    steps: [{ run: echo }]\n')), 'gha-runner-label');
  });

  it('gha-dispatch-input: choices, options and boolean defaults', () => {
    const inputs = (body: string) => workflow(job, `on:\n  workflow_dispatch:\n    inputs:\n${body}`);
    const noOptions = inputs('      pick:\n        type: choice\n');
    expectAt(check(noOptions), 'gha-dispatch-input', noOptions, 'pick');
    const notAnOption = inputs('      pick:\n        type: choice\n        options: [foo, foo]\n        default: bar\n');
    expectAt(check(notAnOption), 'gha-dispatch-input', notAnOption, 'foo', 1);
    expectAt(check(notAnOption), 'gha-dispatch-input', notAnOption, 'bar');
    const optionsElsewhere = inputs('      name:\n        type: string\n        options: [a]\n');
    expectAt(check(optionsElsewhere), 'gha-dispatch-input', optionsElsewhere, 'options');
    const flag = inputs('      dry:\n        type: boolean\n        default: yes-please\n');
    expectAt(check(flag), 'gha-dispatch-input', flag, 'yes-please');
    expectNone(check(inputs('      pick:\n        type: choice\n        options: [a, b]\n        default: b\n      dry:\n        type: boolean\n        default: true\n')), 'gha-dispatch-input');
  });

  it('workflow_call defaults that read inputs; empty image_version lists; undefined aliases', () => {
    const call = workflow(job, 'on:\n  workflow_call:\n    inputs:\n      a:\n        type: string\n        default: ${{ inputs.b }}\n      b:\n        type: string\n        default: ${{ inputs.a }}\n      c:\n        type: boolean\n        default: ${{ inputs.a }}\n');
    expectAt(check(call), 'gha-inputs-context', call, '${{ inputs.b }}');
    expectAt(check(call), 'gha-expression-type', call, '${{ inputs.a }}', 1);
    expectNone(check(call).filter((d) => d.range.start.line === 8), 'gha-inputs-context');
    const image = workflow(job, 'on:\n  image_version:\n    names: []\n');
    expectAt(check(image), 'gha-event', image, '[]');
    const alias = workflow('  build:\n    runs-on: ubuntu-latest\n    env: *missing\n    steps: [{ run: echo }]\n');
    expectAt(check(alias), 'gha-recursive-alias', alias, '*missing');
  });

  it('gha-unknown-function: format() placeholders and fromJSON() text, when written literally', () => {
    const run = (expr: string) => workflow(`  build:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo "\${{ ${expr} }}"\n`);
    const extra = run("format('{0}{1}', 1, 2, 3)");
    expectAt(check(extra), 'gha-unknown-function', extra, "'{0}{1}'");
    const short = run("format('{0}{1}{2}', 1, 2)");
    expectAt(check(short), 'gha-unknown-function', short, "'{0}{1}{2}'");
    const json = run(`fromJson('["main","dev"')`);
    expectAt(check(json), 'gha-unknown-function', json, `'["main","dev"'`);
    expectNone(check(run("format('{{0}} {0} {1}', github.sha, fromJSON('[1]'))")), 'gha-unknown-function');
  });
});
