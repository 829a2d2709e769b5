// `archipel export argo --sweep`: the example's tune stage swept over three learning rates as one
// Workflow whose entrypoint fans the points out as parallel branches, each the pipeline with its
// params; valid against Argo's own schema (`archipel check`, as the pipeline export tests check it);
// a stage the sweep does not change keeps one memo key in every branch, the swept one gets its own.
import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../../cliRun';
import { repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';

interface Task { name: string; template: string; dependencies?: string[] }
interface Template { name: string; dag?: { tasks: Task[] }; memoize?: { key: string }; container?: { args: string[] } }
interface Workflow { metadata: { generateName: string }; spec: { entrypoint: string; arguments?: unknown; templates: Template[] } }

describe('archipel export argo --sweep', function () {
  this.timeout(120_000);

  it('fans the grid out as parallel branches, valid against Argo\'s schema, memoized per point', async () => {
    const tree = makeTree({});
    try {
      cpSync(path.join(repoRoot, 'examples', 'portfolio'), tree.root, { recursive: true, filter: (src) => !/[\\/](data|dvclive)$/.test(src) });
      const result = await runCli(['export', 'argo', '--image', 'ghcr.io/acme/portfolio:1.0', '--sweep', 'tune.learning_rate=0.05,0.2,0.8', '--out', 'sweep.yaml'], tree.root);
      assert.equal(result.code, 0, result.err);
      const text = readFileSync(path.join(tree.root, 'sweep.yaml'), 'utf8');
      const problems = JSON.parse((await runCli(['check', 'sweep.yaml', '--format', 'json'], tree.root)).out) as { severity: string; message: string }[];
      assert.deepEqual(problems.filter((p) => p.severity === 'error'), []);
      const workflow = parse(text) as Workflow;
      const templates = new Map(workflow.spec.templates.map((t) => [t.name, t]));
      assert.equal(workflow.spec.entrypoint, 'sweep');
      // Every params file of a point is fixed in its branch: no workflow-level parameter to override one branch's.
      assert.equal(workflow.spec.arguments, undefined);
      const points = templates.get('sweep')!.dag!.tasks;
      assert.deepEqual(points.map((t) => [t.name, t.template, t.dependencies]), [['point-1', 'p1-pipeline', undefined], ['point-2', 'p2-pipeline', undefined], ['point-3', 'p3-pipeline', undefined]]);
      for (const [i, rate] of ['0.05', '0.2', '0.8'].entries()) {
        const branch = templates.get(`p${i + 1}-pipeline`)!;
        // The branch's DAG calls its own templates only.
        assert.ok(branch.dag!.tasks.every((t) => t.template.startsWith(`p${i + 1}-`) && templates.has(t.template)));
        const tune = templates.get(`p${i + 1}-tune`)!;
        assert.match(tune.container!.args[0], new RegExp(`node pipeline/tune\\.mjs data/prices\\.csv --learning-rate ${rate.replace('.', '\\.')} --epochs 60`));
        assert.match(tune.container!.args[0], new RegExp(`learning_rate: ${rate.replace('.', '\\.')}\\b`));
      }
      const key = (name: string) => templates.get(name)!.memoize!.key;
      assert.equal(new Set(['p1-generate', 'p2-generate', 'p3-generate'].map(key)).size, 1);
      assert.equal(new Set(['p1-tune', 'p2-tune', 'p3-tune'].map(key)).size, 3);
      assert.match(text, /^# {3}point-2: tune\.learning_rate=0\.2$/m);
    } finally {
      tree.remove();
    }
  });

  it('says what is wrong with a sweep, and that it belongs to export argo', async () => {
    const tree = makeTree({});
    try {
      cpSync(path.join(repoRoot, 'examples', 'portfolio', 'dvc.yaml'), path.join(tree.root, 'dvc.yaml'));
      cpSync(path.join(repoRoot, 'examples', 'portfolio', 'params.yaml'), path.join(tree.root, 'params.yaml'));
      const missing = await runCli(['export', 'argo', '--image', 'x:1', '--sweep', 'other.yaml:a=1,2'], tree.root);
      assert.equal(missing.code, 2);
      assert.match(missing.err, /--sweep: no params file other\.yaml beside the pipeline/);
      const github = await runCli(['export', 'github', '--sweep', 'tune.l2=0,1'], tree.root);
      assert.equal(github.code, 2);
      assert.match(github.err, /--image, --shard and --sweep are options of export argo/);
    } finally {
      tree.remove();
    }
  });

  it("keeps the user's {{ and }} as text once Argo has substituted its tags (#50), with and without --sweep", async () => {
    // Argo's substitution as argoproj/argo-workflows' template package does it: a {{ opens a tag the
    // first }} closes; an expression tag of a string literal gives that string; any other tag is
    // Argo's to replace (a reference the user wrote would be replaced, or fail the template).
    const argoSubstitutes = (text: string): { text: string; references: string[] } => {
      const references: string[] = [];
      let out = '';
      let at = 0;
      for (let open = text.indexOf('{{'); open >= 0; open = text.indexOf('{{', at)) {
        const close = text.indexOf('}}', open + 2);
        if (close < 0) break;
        out += text.slice(at, open);
        const tag = text.slice(open + 2, close);
        const literal = /^=\s*'([^']*)'\s*$/.exec(tag);
        if (literal) out += literal[1];
        else references.push(tag);
        at = close + 2;
      }
      return { text: out + text.slice(at), references };
    };
    const command = "echo '{{workflow.name}}' {{inputs.parameters.x}} }} {{{{ > out.txt";
    const tree = makeTree({ 'dvc.yaml': `stages:\n  greet:\n    cmd: ${JSON.stringify(command)}\n    params:\n      - greeting\n    outs:\n      - out.txt\n`, 'params.yaml': "greeting: '{{steps.x}}'\n" });
    try {
      for (const sweep of [[], ['--sweep', 'greeting=a,b']]) {
        const result = await runCli(['export', 'argo', '--image', 'alpine:3.20', ...sweep, '--out', 'wf.yaml', '--force'], tree.root);
        assert.equal(result.code, 0, result.err);
        const workflow = parse(readFileSync(path.join(tree.root, 'wf.yaml'), 'utf8')) as Workflow;
        const scripts = workflow.spec.templates.filter((t) => t.container).map((t) => argoSubstitutes(t.container!.args[0]));
        assert.ok(scripts.length > 0);
        for (const script of scripts) {
          assert.deepEqual(script.references, [], `Argo would replace ${script.references.join(', ')}`);
          assert.ok(script.text.includes(command), script.text);
        }
      }
    } finally {
      tree.remove();
    }
  });
});
