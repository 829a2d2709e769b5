import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { fixturesDir } from '../../helpers';
import { parseCron } from '../../../src/workflows/syntax/cron';
import { check, expectAt, expectNone, giteaUri, workflow } from '../../workflowHelpers';

const job = `  build:
    runs-on: ubuntu-latest
    steps: [{ run: echo }]
`;

describe('workflow triggers', () => {
  describe('gha-event', () => {
    it('reports an unknown event with a suggestion', () => {
      const text = workflow(job, 'on:\n  pull_reqest:\n');
      const d = expectAt(check(text), 'gha-event', text, 'pull_reqest');
      assert.match(d.message, /Did you mean "pull_request"\?/);
    });

    it('reports an unknown event in the string and list forms', () => {
      const text = workflow(job, 'on: [push, pul_request]\n');
      expectAt(check(text), 'gha-event', text, 'pul_request');
    });

    it('reports an activity type the event does not have', () => {
      const text = workflow(job, 'on:\n  issues:\n    types: [opened, closd]\n');
      const d = expectAt(check(text), 'gha-event', text, 'closd');
      assert.match(d.message, /Did you mean "closed"\?/);
    });

    it('reports a filter the event does not take', () => {
      const text = workflow(job, 'on:\n  issues:\n    branches: [main]\n');
      expectAt(check(text), 'gha-event', text, 'branches');
    });

    it('reports branches together with branches-ignore', () => {
      const text = workflow(job, 'on:\n  push:\n    branches: [main]\n    branches-ignore: [dev]\n');
      const d = expectAt(check(text), 'gha-event', text, 'branches-ignore');
      assert.match(d.message, /cannot filter with both "branches" and "branches-ignore"/);
    });

    it("an empty filter (thanos-io/thanos' docs.yaml, Apache-2.0: `tags:` with nothing after it) is said, not an error: GitHub runs the workflow (#94)", () => {
      const text = readFileSync(path.join(fixturesDir, 'oss', 'thanos', '.github', 'workflows', 'docs.yaml'), 'utf8');
      const found = check(text);
      assert.deepEqual(found.filter((d) => d.severity === 1 || d.severity === 2).map((d) => `${d.range.start.line + 1} ${String(d.code)}`), []);
      const said = found.filter((d) => d.code === 'gha-event');
      assert.deepEqual(said.map((d) => [d.range.start.line + 1, d.severity, d.message]), [[7, 3, 'on.push.tags is empty: GitHub runs the workflow with it, though its workflow editor refuses an empty filter; list patterns or remove the key.']]);
      // An empty string and a filter of another key are still the schema's errors.
      expectAt(check(workflow(job, 'on:\n  push:\n    tags: ""\n')), 'gha-event', workflow(job, 'on:\n  push:\n    tags: ""\n'), '""');
    });

    it('accepts events, types and filters GitHub documents', () => {
      const text = workflow(
        job,
        `on:
  push:
    branches: [main, 'releases/**']
    tags: ['v*']
    paths-ignore: ['docs/**']
  pull_request:
    types: [opened, synchronize, reopened]
  pull_request_target:
  workflow_dispatch:
  release:
    types: [published]
  workflow_run:
    workflows: [CI]
    types: [completed]
`,
      );
      expectNone(check(text), 'gha-event');
    });
  });

  describe('gha-glob', () => {
    it('reports an unclosed character class on the bracket', () => {
      const text = workflow(job, "on:\n  push:\n    paths: ['src/[ab.ts']\n");
      const d = expectAt(check(text), 'gha-glob', text, '[ab.ts');
      assert.match(d.message, /never closed/);
    });

    it('reports a character no branch name can hold', () => {
      const text = workflow(job, "on:\n  push:\n    branches: ['feature:x']\n");
      expectAt(check(text), 'gha-glob', text, ':', 3);
    });

    it('reports a filter with only ! patterns', () => {
      const text = workflow(job, "on:\n  push:\n    branches: ['!main']\n");
      const d = expectAt(check(text), 'gha-glob', text, 'branches');
      assert.match(d.message, /only "!" patterns/);
    });

    it('accepts GitHub filter patterns', () => {
      const text = workflow(job, "on:\n  push:\n    branches: ['**', '!release/[0-9]+.x', 'feature/*']\n    paths: ['**.md', 'src/**/?.ts']\n");
      expectNone(check(text), 'gha-glob');
    });
  });

  describe('gha-cron', () => {
    it('parses cron fields and computes the shortest interval', () => {
      assert.equal(parseCron('*/15 * * * *', false).interval, 15);
      assert.equal(parseCron('0,3 9-17 * JAN-MAR mon-fri', false).interval, 3);
      assert.equal(parseCron('30 4 * * 0', false).interval, 60);
      assert.match(parseCron('60 * * * *', false).problem?.message ?? '', /Invalid minute field "60": 60 is out of range 0-59/);
      assert.match(parseCron('* * * *', false).problem?.message ?? '', /five fields/);
      assert.match(parseCron('0 0 * * 1/0', false).problem?.message ?? '', /step "0" must be a positive number/);
    });

    it('reports an invalid field on the field itself', () => {
      const text = workflow(job, "on:\n  schedule:\n    - cron: '0 25 * * *'\n");
      const d = expectAt(check(text), 'gha-cron', text, '25');
      assert.match(d.message, /Invalid hour field "25"/);
    });

    it('reports @daily on GitHub but accepts it in Gitea mode', () => {
      const text = workflow(job, "on:\n  schedule:\n    - cron: '@daily'\n");
      const d = expectAt(check(text), 'gha-cron', text, '@daily');
      assert.match(d.message, /GitHub does not support "@daily" schedules \(Gitea does\)/);
      expectNone(check(text, {}, giteaUri), 'gha-cron');
      const weekly = workflow(job, "on:\n  schedule:\n    - cron: '@weekly'\n    - cron: '@every 2h'\n");
      expectNone(check(weekly, {}, giteaUri), 'gha-cron');
    });

    it('accepts valid POSIX cron', () => {
      const text = workflow(job, "on:\n  schedule:\n    - cron: '20 23 * * *'\n    - cron: '0 */6 1,15 * MON'\n");
      expectNone(check(text), 'gha-cron');
      expectNone(check(text), 'gha-cron-interval');
    });
  });

  describe('gha-cron-interval', () => {
    it('warns about schedules more frequent than every 5 minutes', () => {
      const text = workflow(job, "on:\n  schedule:\n    - cron: '*/2 * * * *'\n");
      const d = expectAt(check(text), 'gha-cron-interval', text, "'*/2 * * * *'");
      assert.match(d.message, /every 2 minutes; GitHub runs scheduled workflows at most every 5 minutes/);
    });

    it('accepts every 5 minutes', () => {
      expectNone(check(workflow(job, "on:\n  schedule:\n    - cron: '*/5 * * * *'\n")), 'gha-cron-interval');
    });
  });

  describe('gha-permissions', () => {
    it('reports an unknown scope and a level the scope does not take', () => {
      const text = workflow(job, 'on: push\npermissions:\n  content: read\n  id-token: read\n');
      const diagnostics = check(text);
      assert.match(expectAt(diagnostics, 'gha-permissions', text, 'content').message, /Did you mean "contents"\?/);
      expectAt(diagnostics, 'gha-permissions', text, 'read', 1);
    });

    it('reports an unknown shorthand in a job', () => {
      const text = workflow(`  build:
    runs-on: ubuntu-latest
    permissions: read
    steps: [{ run: echo }]
`);
      expectAt(check(text), 'gha-permissions', text, 'read');
    });

    it('accepts scopes, levels and shorthands', () => {
      const text = workflow(`  build:
    runs-on: ubuntu-latest
    permissions: write-all
    steps: [{ run: echo }]
`, 'on: push\npermissions:\n  contents: read\n  id-token: write\n  pull-requests: none\n');
      expectNone(check(text), 'gha-permissions');
      expectNone(check(workflow(job, 'on: push\npermissions: {}\n')), 'gha-permissions');
    });
  });
});
