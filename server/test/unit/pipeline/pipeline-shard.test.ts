// `archipel export argo --shard predict=N` on the example pipeline: N pods writing their parts under
// one key prefix, a gather task running `archipel predict --gather`, readers fed from the gather
// task; `archipel check` finds no error in it. Readers of a pod's own outputs (the report) refuse it.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../../cliRun';
import { repoRoot } from '../../helpers';
import { copyTree } from '../../tempdir';

const example = path.join(repoRoot, 'examples', 'portfolio');

interface Task { name: string; dependencies?: string[]; withSequence?: { count: string }; arguments?: { artifacts?: { from: string }[] } }
interface Template { name: string; dag?: { tasks: Task[] }; container?: { args: string[]; env?: { name: string; value: string }[] }; outputs?: { artifacts: { name: string; s3?: { key: string }; archive?: unknown }[] }; inputs?: { artifacts?: { s3?: { key: string } }[] }; memoize?: { key: string } }

describe('archipel export argo --shard on a predict stage', function () {
  this.timeout(120_000);
  let tree: ReturnType<typeof copyTree>;
  beforeEach(() => {
    tree = copyTree(example);
  });
  afterEach(() => tree.remove());

  it('the example refuses it while evaluate and drift read the report each pod writes for its slice', async () => {
    const refused = await runCli(['export', 'argo', '--image', 'x:1', '--shard', 'predict=4'], tree.root);
    assert.equal(refused.code, 2);
    assert.match(refused.err, /`predict` cannot be sharded: evaluate, drift read data\/predict-report\.json, which each pod writes for its slice only \(only the predictions file data\/predictions\.csv is gathered\)/);
  });

  it('the example with a reader of the predictions: 4 pods, a gather task, the reader fed from it, zero errors from archipel check', async () => {
    // The example's stages, with the report's readers replaced by one that reads the predictions.
    const text = readFileSync(path.join(example, 'dvc.yaml'), 'utf8');
    const start = text.indexOf('\n  evaluate:');
    const end = text.indexOf('\n  anonymise:');
    assert.ok(start > 0 && end > start);
    const ranking = '\n  ranking:\n    cmd: sort -t, -k5 data/predictions.csv > data/ranking.csv\n    deps:\n      - data/predictions.csv\n    outs:\n      - data/ranking.csv\n';
    writeFileSync(path.join(tree.root, 'dvc.yaml'), text.slice(0, start) + ranking + text.slice(end));
    const argo = await runCli(['export', 'argo', '--image', 'ghcr.io/acme/portfolio:1.0', '--shard', 'predict=4', '--out', 'argo.yaml'], tree.root);
    assert.equal(argo.code, 0, argo.err);
    const yamlText = readFileSync(path.join(tree.root, 'argo.yaml'), 'utf8');
    assert.doesNotMatch(yamlText, /[&*]a\d+\b/, 'no YAML alias: each task spells its parameters out');
    const workflow = parse(yamlText) as { spec: { templates: Template[] } };
    const templates = new Map(workflow.spec.templates.map((t) => [t.name, t]));
    const tasks = new Map(templates.get('pipeline')!.dag!.tasks.map((t) => [t.name, t]));

    assert.deepEqual(tasks.get('predict')!.withSequence, { count: '4' });
    const pod = templates.get('predict')!;
    assert.ok(pod.container!.env!.some((e) => e.name === 'ARCHIPEL_SHARD' && e.value === '{{inputs.parameters.shard}}/4'));
    const part = pod.outputs!.artifacts.find((a) => a.s3)!;
    assert.deepEqual(part.archive, { none: {} });
    // The example's commands interpolate params.yaml: it is fixed as exported, not a submit-time parameter (nor in the key).
    assert.match(part.s3!.key, /^archipel\/predict-[0-9a-f]{32}-of-4\/part-\{\{inputs\.parameters\.shard\}\}\.csv$/);
    assert.match(pod.memoize!.key, /^predict-[0-9a-f]{32}-\{\{inputs\.parameters\.shard\}\}$/);
    assert.match(yamlText, /^# Fixed as exported \(the commands interpolate them\): params\.yaml\./m);
    assert.doesNotMatch(yamlText, /workflow\.parameters/);

    assert.deepEqual(tasks.get('predict-gather')!.dependencies, ['predict']);
    const gather = templates.get('predict-gather')!;
    assert.equal(gather.inputs!.artifacts![0].s3!.key, part.s3!.key.replace(/\/part-.*$/, ''), 'the gather reads the pods\' key prefix as a folder');
    assert.match(gather.container!.args[0], /\narchipel predict --gather \/tmp\/archipel-parts --out data\/predictions\.csv --force$/);
    assert.match(gather.memoize!.key, /^predict-gather-[0-9a-f]{32}-of-4$/);

    assert.deepEqual(tasks.get('ranking')!.dependencies, ['predict-gather']);
    assert.deepEqual(tasks.get('ranking')!.arguments!.artifacts!.map((a) => a.from), ['{{tasks.predict-gather.outputs.artifacts.data-predictions-csv}}']);

    const check = await runCli(['check', 'argo.yaml', '--format', 'json'], tree.root);
    const problems = JSON.parse(check.out) as { severity: string; message: string }[];
    assert.deepEqual(problems.filter((p) => p.severity === 'error'), []);
  });
});
