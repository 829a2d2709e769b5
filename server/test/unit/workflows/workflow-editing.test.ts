import * as assert from 'node:assert/strict';
import type { CompletionItem, Hover, MarkupContent } from 'vscode-languageserver-types';
import type { FeatureContext } from '../../../src/features/feature';
import { indexOptions } from '../../../src/service';
import { defaultSettings, type ArchipelSettings } from '../../../src/settings';
import { workflowGraphOf } from '../../../src/workflows/diagram';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { allFeatures, cursor, workflows } from '../../helpers';
import { check, expectClean, workflowUri } from '../../workflowHelpers';

const feature = allFeatures().find((f) => f.id === 'workflows')!;

function setup(files: Record<string, string>, settings: Partial<ArchipelSettings> = {}) {
  const merged = { ...defaultSettings, ...settings };
  const index = new WorkspaceIndex(indexOptions(merged));
  for (const [uri, text] of Object.entries(files)) index.update(uri, text);
  const context: FeatureContext = { index, settings: merged, isCancelled: () => false };
  return { index, context };
}

/** Completion labels at the `|` of a workflow (other files of the tree may be given). */
function complete(marked: string, others: Record<string, string> = {}, settings: Partial<ArchipelSettings> = {}, uri = workflowUri): CompletionItem[] {
  const { text, offset } = cursor(marked);
  const { index, context } = setup({ ...others, [uri]: text }, settings);
  return feature.completion!(index.get(uri)!, offset, context);
}

function labels(items: CompletionItem[]): string[] {
  return items.map((i) => i.label);
}

function hover(marked: string, others: Record<string, string> = {}): Hover | undefined {
  const { text, offset } = cursor(marked);
  const { index, context } = setup({ ...others, [workflowUri]: text });
  return feature.hover!(index.get(workflowUri)!, offset, context);
}

function hoverText(h: Hover | undefined): string {
  return (h?.contents as MarkupContent | undefined)?.value ?? '';
}

const steps = (body: string) => `on:
  workflow_dispatch:
    inputs:
      target: { description: Where to deploy, type: string }
jobs:
  build:
    runs-on: ubuntu-latest
    outputs:
      image: \${{ steps.meta.outputs.tags }}
    strategy:
      matrix:
        python: ['3.11', '3.12']
    env:
      REGISTRY: ghcr.io
    steps:
      - uses: actions/checkout@v4
      - id: meta
        uses: docker/metadata-action@v5
        with:
          images: app
${body}
  deploy:
    needs: build
    runs-on: ubuntu-latest
    steps:
      - run: echo
`;

describe('workflow editing', () => {
  describe('completion', () => {
    it('offers the contexts available at the key, and functions, inside ${{ }}', () => {
      const runsOn = labels(complete('on: push\njobs:\n  a:\n    runs-on: ${{ | }}\n    steps: [{ run: echo }]\n'));
      assert.ok(runsOn.includes('matrix') && runsOn.includes('github') && runsOn.includes('fromJSON'));
      assert.ok(!runsOn.includes('secrets') && !runsOn.includes('steps'), 'secrets and steps are not available in runs-on');
      const inIf = labels(complete(steps('      - if: ${{ | }}\n        run: echo')));
      assert.ok(inIf.includes('success') && inIf.includes('steps') && inIf.includes('hashFiles'));
    });

    it('completes at the end of a 300,000-character expression in linear time, still reading its member chain', () => {
      // The member pattern was tried from every start position: quadratic, minutes at this size.
      const long = 'a'.repeat(300_000);
      assert.ok(Array.isArray(complete(steps(`      - run: echo \${{ ${long}| }}`))));
      assert.ok(labels(complete(steps(`      - run: echo \${{ ${'a'.repeat(5_000)} && github.re| }}`))).includes('ref_name'));
    });

    it('offers github properties with their descriptions', () => {
      const items = complete(steps('      - run: echo ${{ github.re| }}'));
      const ref = items.find((i) => i.label === 'ref_name');
      assert.ok(ref, 'github.ref_name offered');
      assert.match((ref.documentation as MarkupContent).value, /short ref name/);
      // The typed part is replaced, not appended to.
      assert.deepEqual(ref.textEdit && 'range' in ref.textEdit ? ref.textEdit.range.start : undefined, { line: 20, character: 29 });
    });

    it('offers earlier step ids, their outputs from the action, matrix keys, inputs, env and needs', () => {
      assert.deepEqual(labels(complete(steps('      - run: echo ${{ steps.| }}'))), ['meta']);
      assert.ok(labels(complete(steps('      - run: echo ${{ steps.meta.outputs.| }}'))).includes('tags'));
      assert.deepEqual(labels(complete(steps('      - run: echo ${{ matrix.| }}'))), ['python']);
      assert.deepEqual(labels(complete(steps('      - run: echo ${{ inputs.| }}'))), ['target']);
      assert.deepEqual(labels(complete(steps('      - run: echo ${{ env.| }}'))), ['REGISTRY']);
      const needs = steps('      - run: echo').replace(/- run: echo\n$/, '- run: echo ${{ needs.build.outputs.| }}\n');
      assert.deepEqual(labels(complete(needs)), ['image']);
      assert.deepEqual(labels(complete(needs.replace('needs.build.outputs.|', 'needs.|'))), ['build']);
    });

    it('offers keys of the mapping at the cursor, not those already there', () => {
      const items = labels(complete('on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    time|\n'));
      assert.ok(items.includes('timeout-minutes') && items.includes('steps') && items.includes('needs'));
      assert.ok(!items.includes('runs-on'));
      const top = labels(complete('on: push\n|\n'));
      assert.ok(top.includes('jobs') && top.includes('permissions') && !top.includes('on'));
    });

    it('offers events under on: and activity types in a list', () => {
      assert.ok(labels(complete('on:\n  pu|\njobs: {}\n')).includes('pull_request'));
      const types = labels(complete('on:\n  issues:\n    types:\n      - |\njobs: {}\n'));
      assert.ok(types.includes('opened') && types.includes('labeled'));
    });

    it('offers runner labels, job ids in needs and action inputs under with:', () => {
      const runners = labels(complete('on: push\njobs:\n  a:\n    runs-on: |\n', {}, { workflows: { flavor: 'auto', runnerLabels: ['gpu-a100'] } }));
      assert.ok(runners.includes('ubuntu-latest') && runners.includes('gpu-a100'));
      const needs = labels(complete('on: push\njobs:\n  a:\n    runs-on: x\n  b:\n    runs-on: x\n  c:\n    needs: |\n    runs-on: x\n'));
      assert.deepEqual(needs.sort(), ['a', 'b']);
      const inputs = complete('on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/cache@v4\n        with:\n          path: x\n          |\n');
      assert.equal(inputs.find((i) => i.label === 'key')?.detail, 'required');
      assert.ok(!labels(inputs).includes('path'));
    });

    it('offers the inputs of a local action read from the index', () => {
      const action = 'name: a\ndescription: b\ninputs:\n  version: { description: Tool version, required: true }\nruns:\n  using: composite\n  steps: [{ run: echo, shell: bash }]\n';
      const items = complete('on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: ./tools/setup\n        with:\n          |\n', { 'file:///repo/tools/setup/action.yml': action });
      assert.deepEqual(labels(items), ['version']);
      assert.match((items[0].documentation as MarkupContent).value, /Tool version/);
    });
    it('offers the inputs of a local reusable workflow under a job\'s with:', () => {
      const callee = 'on:\n  workflow_call:\n    inputs:\n      environment: { type: string, required: true, description: Target }\n      dry-run: { type: boolean }\njobs:\n  x:\n    runs-on: x\n    steps: [{ run: echo }]\n';
      const items = complete('on: push\njobs:\n  deploy:\n    uses: ./.github/workflows/deploy.yml\n    with:\n      |\n', { 'file:///repo/.github/workflows/deploy.yml': callee });
      assert.deepEqual(labels(items), ['environment', 'dry-run']);
      assert.equal(items[0].detail, 'required');
    });
  });

  describe('hover', () => {
    it('describes a key with GitHub\'s documentation', () => {
      assert.match(hoverText(hover('on: push\njobs:\n  a:\n    timeout-min|utes: 5\n    runs-on: x\n    steps: [{ run: echo }]\n')), /maximum number of minutes/);
    });

    it('describes an action: its inputs with descriptions, and its outputs', () => {
      const text = hoverText(hover('on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/setup-py|thon@v5\n'));
      assert.match(text, /\*\*Setup Python\*\*/);
      assert.match(text, /\| `python-version` \|/);
      assert.match(text, /Outputs: `python-version`, `cache-hit`, `python-path`/);
    });

    it('names every column of an action\'s input table (no blank header)', () => {
      const text = hoverText(hover('on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/upload-arti|fact@v4\n'));
      const rows = text.split('\n').filter((l) => l.startsWith('|'));
      const header = rows[0].split('|').slice(1, -1).map((c) => c.trim());
      assert.deepEqual(header, ['input', 'required / default', 'description']);
      assert.match(rows[1], /^\|(---\|){3}$/);
      assert.ok(rows.slice(2).every((r) => r.split('|').length === 5), rows.join('\n'));
      assert.ok(rows.some((r) => r.startsWith('| `path` | required |')));
    });

    it('describes a with: input and a context property', () => {
      assert.match(hoverText(hover('on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: actions/checkout@v4\n        with:\n          fetch-de|pth: 0\n')), /Number of commits to fetch/);
      assert.match(hoverText(hover('on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - run: echo ${{ runner.o|s }}\n')), /operating system/);
    });
  });

  describe('outline and go to definition', () => {
    it('lists triggers and jobs with their steps', () => {
      const { index, context } = setup({ [workflowUri]: steps('      - run: make test') });
      const symbols = feature.documentSymbols!(index.get(workflowUri)!, context);
      assert.deepEqual(symbols.map((s) => s.name), ['on', 'jobs']);
      const jobs = symbols[1].children!;
      assert.deepEqual(jobs.map((j) => j.name), ['build', 'deploy']);
      assert.deepEqual(jobs[0].children!.map((s) => s.name), ['actions/checkout@v4', 'docker/metadata-action@v5', 'make test']);
      assert.equal(jobs[0].selectionRange.start.line, 5);
    });

    it('goes from needs to the job and from a step output reference to the step', () => {
      const text = steps('      - run: echo ${{ steps.meta.outputs.tags }}');
      const { index, context } = setup({ [workflowUri]: text });
      const file = index.get(workflowUri)!;
      const needs = feature.definition!(file, text.indexOf('needs: build') + 'needs: bu'.length, context);
      assert.deepEqual(needs.map((l) => l.range.start), [{ line: 5, character: 2 }]);
      const step = feature.definition!(file, text.lastIndexOf('steps.meta') + 'steps.me'.length, context);
      assert.deepEqual(step.map((l) => l.range.start), [{ line: 16, character: 12 }]);
      const output = feature.definition!(file, text.indexOf('needs: build') - 1, context);
      assert.deepEqual(output, []);
    });

    it('goes from a local uses: to the action file', () => {
      const actionUri = 'file:///repo/.github/actions/setup/action.yml';
      const text = 'on: push\njobs:\n  a:\n    runs-on: x\n    steps:\n      - uses: ./.github/actions/setup\n';
      const { index, context } = setup({ [workflowUri]: text, [actionUri]: 'name: a\ndescription: b\nruns: { using: composite, steps: [] }\n' });
      assert.deepEqual(feature.definition!(index.get(workflowUri)!, text.indexOf('./.github') + 3, context).map((l) => l.uri), [actionUri]);
    });
  });

  describe('quick fixes', () => {
    it('offer the suggested name for each misspelling, and applying them leaves a clean workflow', () => {
      const text = `on:
  pul_request:
    types: [opend]
jobs:
  build:
    runs-onn: ubuntu-latst
    strategy:
      matrix:
        node: [20]
    steps:
      - id: setup
        uses: actions/setup-node@v4
        with:
          node-versoin: \${{ matrix.nod }}
      - run: echo \${{ githb.ref }} \${{ steps.setpu.outputs.node-version }} \${{ tojsn(github) }}
  test:
    needs: biuld
    runs-on: ubuntu-latest
    steps: [{ run: echo }]
`;
      // A fix can reveal the next problem (types of an event once it is spelt right): apply rounds.
      const titles: string[] = [];
      let fixed = text;
      for (let round = 0; round < 3; round++) {
        const diagnostics = check(fixed);
        const { index, context } = setup({ [workflowUri]: fixed });
        const file = index.get(workflowUri)!;
        const actions = feature.codeActions!(file, diagnostics[0]?.range ?? { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, diagnostics, context);
        if (actions.length === 0) break;
        // Only the misspellings get a fix (a missing key has no single right answer).
        assert.equal(actions.length, diagnostics.filter((d) => d.data).length);
        titles.push(...actions.map((a) => a.title));
        const edits = actions.flatMap((a) => a.edit!.changes![workflowUri]).map((e) => ({ start: file.lines.offsetAt(e.range.start), end: file.lines.offsetAt(e.range.end), text: e.newText }));
        for (const e of edits.sort((a, b) => b.start - a.start)) fixed = fixed.slice(0, e.start) + e.text + fixed.slice(e.end);
      }
      assert.deepEqual(titles.sort(), [
        'Change to "build"',
        'Change to "github"',
        'Change to "node"',
        'Change to "node-version"',
        'Change to "opened"',
        'Change to "pull_request"',
        'Change to "runs-on"',
        'Change to "setup"',
        'Change to "toJSON"',
        'Change to "ubuntu-latest"',
      ]);
      expectClean(check(fixed));
    });
  });

  describe('needs graph', () => {
    it('renders the needs graph as a Mermaid flowchart', () => {
      const text = `name: Release
on: push
jobs:
  test:
    name: Unit "tests"
    runs-on: ubuntu-latest
    strategy: { matrix: { node: [20, 22] } }
    steps: [{ run: echo }]
  build:
    needs: test
    runs-on: ubuntu-latest
    steps: [{ run: echo }]
  publish:
    needs: [build, test]
    if: github.ref == 'refs/heads/main'
    uses: ./.github/workflows/publish.yml
`;
      const { index } = setup({ [workflowUri]: text });
      const graph = workflowGraphOf(index.get(workflowUri)!, workflows(), defaultSettings);
      assert.ok(graph);
      assert.equal(graph.name, 'Release');
      assert.equal(
        graph.mermaid,
        'flowchart LR\n  j0["test<br/>Unit #quot;tests#quot;<br/>(matrix)"]\n  j1["build"]\n  j2[["publish"]]\n  j0 --> j1\n  j1 -.-> j2\n  j0 -.-> j2\n',
      );
      assert.deepEqual(graph.jobs.map((j) => [j.id, j.needs, j.line, j.conditional]), [['test', [], 3, false], ['build', ['test'], 8, false], ['publish', ['build', 'test'], 12, true]]);
    });

    it('answers null for a file that is not a workflow', () => {
      const uri = 'file:///repo/k8s/deployment.yaml';
      const { index } = setup({ [uri]: 'apiVersion: v1\nkind: ConfigMap\n' });
      assert.equal(workflowGraphOf(index.get(uri)!, workflows(), defaultSettings), null);
    });
  });
});
