import * as assert from 'node:assert/strict';
import { check, diagnoseTree, expectAt, expectNone, workflow, workflowUri } from '../../workflowHelpers';

describe('workflow references', () => {
  describe('gha-needs-unknown-job', () => {
    it('reports a needs entry naming no job, with a suggestion', () => {
      const text = workflow(`  build:
    runs-on: ubuntu-latest
    steps: [{ run: echo }]
  test:
    needs: [biuld]
    runs-on: ubuntu-latest
    steps: [{ run: echo }]
`);
      const d = expectAt(check(text), 'gha-needs-unknown-job', text, 'biuld');
      assert.match(d.message, /Job "test" needs "biuld", which this workflow does not define\. Did you mean "build"\?/);
    });

    it('accepts needs as a string or a list of defined jobs', () => {
      const text = workflow(`  build:
    runs-on: ubuntu-latest
    steps: [{ run: echo }]
  lint:
    runs-on: ubuntu-latest
    steps: [{ run: echo }]
  test:
    needs: build
    runs-on: ubuntu-latest
    steps: [{ run: echo }]
  deploy:
    needs: [test, lint]
    runs-on: ubuntu-latest
    steps: [{ run: echo }]
`);
      expectNone(check(text), 'gha-needs-unknown-job');
      expectNone(check(text), 'gha-needs-cycle');
    });
  });

  describe('gha-needs-cycle', () => {
    it('reports a cycle once, on the key of the job it starts from, naming the cycle (actionlint\'s place)', () => {
      const text = workflow(`  a:
    needs: c
    runs-on: ubuntu-latest
    steps: [{ run: echo }]
  b:
    needs: a
    runs-on: ubuntu-latest
    steps: [{ run: echo }]
  c:
    needs: [b]
    runs-on: ubuntu-latest
    steps: [{ run: echo }]
`);
      const diagnostics = check(text).filter((d) => d.code === 'gha-needs-cycle');
      assert.equal(diagnostics.length, 1);
      assert.match(diagnostics[0].message, /a → c → b → a/);
      expectAt(check(text), 'gha-needs-cycle', text, 'a', 0);
      // The needs entry that closes it is its related place.
      assert.deepEqual(diagnostics[0].relatedInformation?.map((r) => `${r.location.range.start.line}:${r.location.range.start.character} ${r.message}`), ['7:11 This needs entry closes the cycle.']);
    });

    it('reports a job that needs itself', () => {
      const text = workflow(`  a:
    needs: a
    runs-on: ubuntu-latest
    steps: [{ run: echo }]
`);
      expectAt(check(text), 'gha-needs-cycle', text, 'a', 0);
    });

    it("reports actionlint's minimal_cycle_in_needs on the job it starts from", () => {
      // rhysd/actionlint testdata/err/minimal_cycle_in_needs.yaml (MIT): test.yaml:4:3 "from" -> "to" -> "from".
      const text = `on: push
jobs:
  # Minimal
  from:
    needs: [to]
    runs-on: ubuntu-latest
    steps:
      - run: echo 'from'
  to:
    needs: [from]
    runs-on: ubuntu-latest
    steps:
      - run: echo 'to'
`;
      const d = expectAt(check(text), 'gha-needs-cycle', text, 'from');
      assert.equal(d.message, 'These jobs need each other in a cycle, so none can start: from → to → from.');
    });
  });

  describe('gha-duplicate-key in needs', () => {
    it("reports a job named twice in needs, whatever its case (actionlint's invalid_ids_in_needs)", () => {
      // rhysd/actionlint testdata/examples/invalid_ids_in_needs.yaml (MIT): test.yaml:4:18 job ID "BAR" duplicates in "needs".
      const text = `on: push
jobs:
  foo:
    needs: [bar, BAR]
    runs-on: ubuntu-latest
    steps:
      - run: echo 'hi'
  bar:
    runs-on: ubuntu-latest
    steps:
      - run: echo 'hi'
`;
      const d = expectAt(check(text), 'gha-duplicate-key', text, 'BAR');
      assert.equal(d.message, 'Job "foo" already lists "bar" in needs: job ids are compared without case, so "BAR" is the same job.');
      expectNone(check(text.replace('[bar, BAR]', '[bar]')), 'gha-duplicate-key');
    });
  });

  describe('gha-needs-context', () => {
    const text = workflow(`  build:
    runs-on: ubuntu-latest
    outputs:
      image: \${{ steps.meta.outputs.image }}
    steps:
      - id: meta
        run: echo "image=x" >> "$GITHUB_OUTPUT"
  lint:
    runs-on: ubuntu-latest
    steps: [{ run: echo }]
  deploy:
    needs: build
    runs-on: ubuntu-latest
    steps:
      - run: echo \${{ needs.build.outputs.image }} \${{ needs.build.result }}
      - run: echo \${{ needs.lint.result }} \${{ needs.build.outputs.tag }} \${{ needs.build.status }}
`);

    it('reports needs.<job> for a job not listed in needs', () => {
      const d = expectAt(check(text), 'gha-needs-context', text, 'lint', 1);
      assert.match(d.message, /job "deploy" does not list "lint" in needs \(it needs: build\)/);
    });

    it('reports an output the needed job does not declare, and an unknown property', () => {
      const diagnostics = check(text);
      const d = expectAt(diagnostics, 'gha-needs-context', text, 'tag');
      assert.match(d.message, /Job "build" has no output "tag" \(its outputs: image\)/);
      expectAt(diagnostics, 'gha-needs-context', text, 'status');
    });

    it('accepts needed jobs, their declared outputs and result', () => {
      assert.equal(check(text).filter((d) => d.code === 'gha-needs-context').length, 3);
      const valid = text.replace(/\n {6}- run: echo \$\{\{ needs\.lint[^\n]*/, '');
      expectNone(check(valid), 'gha-needs-context');
    });

    it('checks jobs.<id>.outputs in a reusable workflow\'s outputs', () => {
      const reusable = `on:
  workflow_call:
    outputs:
      image:
        value: \${{ jobs.build.outputs.image }}
      tag:
        value: \${{ jobs.build.outputs.tag }}
jobs:
  build:
    runs-on: ubuntu-latest
    outputs:
      image: x
    steps: [{ run: echo }]
`;
      const diagnostics = check(reusable);
      expectAt(diagnostics, 'gha-needs-context', reusable, 'tag', 1);
      assert.equal(diagnostics.filter((d) => d.code === 'gha-needs-context').length, 1);
    });
  });

  describe('gha-steps-context', () => {
    it('reports steps.<id> for a later step, an unknown id and the step itself', () => {
      const text = workflow(`  build:
    runs-on: ubuntu-latest
    steps:
      - run: echo \${{ steps.later.outputs.x }}
      - id: self
        run: echo \${{ steps.self.outcome }} \${{ steps.nothere.outputs.x }}
      - id: later
        run: echo
`);
      const diagnostics = check(text);
      assert.match(expectAt(diagnostics, 'gha-steps-context', text, 'later').message, /later step \(step 3\)/);
      assert.match(expectAt(diagnostics, 'gha-steps-context', text, 'self', 1).message, /this step itself/);
      assert.match(expectAt(diagnostics, 'gha-steps-context', text, 'nothere').message, /No earlier step has id "nothere"/);
    });

    it('reports an output a bundled action does not declare', () => {
      const text = workflow(`  build:
    runs-on: ubuntu-latest
    steps:
      - id: cache
        uses: actions/cache@v4
        with: { path: ~/.npm, key: npm }
      - if: steps.cache.outputs.cache-hit != 'true'
        run: echo \${{ steps.cache.outputs.hit }}
`);
      const diagnostics = check(text);
      const d = expectAt(diagnostics, 'gha-steps-context', text, 'hit', 1);
      assert.match(d.message, /has no output "hit" \(its outputs: cache-hit\)/);
      assert.equal(diagnostics.filter((x) => x.code === 'gha-steps-context').length, 1);
    });

    it('lets job outputs read any step of the job', () => {
      const text = workflow(`  build:
    runs-on: ubuntu-latest
    outputs:
      v: \${{ steps.last.outputs.v }}
    steps:
      - run: echo
      - id: last
        run: echo "v=1" >> "$GITHUB_OUTPUT"
`);
      expectNone(check(text), 'gha-steps-context');
    });
  });

  describe('gha-matrix-context', () => {
    it('reports a key the matrix does not define, and matrix without a matrix', () => {
      const text = workflow(`  build:
    runs-on: \${{ matrix.os }}
    strategy:
      matrix:
        os: [ubuntu-latest]
        include:
          - os: windows-latest
            experimental: true
    steps:
      - run: echo \${{ matrix.experimental }} \${{ matrix.node }}
  lint:
    runs-on: ubuntu-latest
    steps:
      - run: echo \${{ matrix.os }}
`);
      const diagnostics = check(text);
      assert.match(expectAt(diagnostics, 'gha-matrix-context', text, 'node').message, /has no key "node" \(its keys: os, experimental\)/);
      assert.match(expectAt(diagnostics, 'gha-matrix-context', text, 'os', 3).message, /job "lint" has no strategy\.matrix/);
      assert.equal(diagnostics.filter((x) => x.code === 'gha-matrix-context').length, 2);
    });

    it('accepts any key of a matrix built by an expression', () => {
      const text = workflow(`  build:
    runs-on: ubuntu-latest
    strategy:
      matrix: \${{ fromJSON(needs.plan.outputs.matrix) }}
    steps:
      - run: echo \${{ matrix.anything }}
`);
      expectNone(check(text), 'gha-matrix-context');
    });
  });

  describe('gha-inputs-context', () => {
    it('reports an input neither workflow_dispatch nor workflow_call declares', () => {
      const text = `on:
  workflow_dispatch:
    inputs:
      environment:
        type: choice
        options: [staging, production]
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: echo \${{ inputs.environment }} \${{ inputs.enviroment }}
`;
      const d = expectAt(check(text), 'gha-inputs-context', text, 'enviroment');
      assert.match(d.message, /Did you mean "environment"\?/);
      assert.equal(check(text).filter((x) => x.code === 'gha-inputs-context').length, 1);
    });

    it('accepts declared inputs, whatever their case', () => {
      const text = `on:
  workflow_call:
    inputs:
      Environment: { type: string }
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - run: echo \${{ inputs.environment }} \${{ inputs.Environment }}
`;
      expectNone(check(text), 'gha-inputs-context');
    });

    it('checks inputs of an action against its own inputs', () => {
      const action = `name: a
description: b
inputs:
  version: { description: v }
runs:
  using: composite
  steps:
    - run: echo \${{ inputs.version }} \${{ inputs.versoin }}
      shell: bash
`;
      const uri = 'file:///repo/action.yml';
      const d = expectAt(diagnoseTree({ [uri]: action }, uri), 'gha-inputs-context', action, 'versoin');
      assert.match(d.message, /this action declares no such input/);
    });
  });

  it('needs, steps, matrix and inputs resolve in a realistic workflow without noise', () => {
    const text = `on:
  workflow_call:
    inputs:
      node: { type: string, default: '20' }
jobs:
  test:
    runs-on: \${{ matrix.os }}
    strategy:
      matrix:
        os: [ubuntu-latest, macos-latest]
    outputs:
      coverage: \${{ steps.cov.outputs.total }}
    steps:
      - uses: actions/setup-node@v4
        id: node
        with:
          node-version: \${{ inputs.node }}
      - id: cov
        run: echo "total=90 \${{ steps.node.outputs.node-version }}" >> "$GITHUB_OUTPUT"
  report:
    needs: test
    if: always() && needs.test.result == 'success'
    runs-on: ubuntu-latest
    steps:
      - run: echo \${{ needs.test.outputs.coverage }}
`;
    const diagnostics = diagnoseTree({ [workflowUri]: text }, workflowUri);
    assert.deepEqual(diagnostics.map((d) => `${d.code} ${d.message}`), []);
  });
});
