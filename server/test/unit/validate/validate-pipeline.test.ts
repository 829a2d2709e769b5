// The example pipeline's data quality stages (issue #29): `validate` before `features` and
// `predict`; drift-triggered retraining with DVC's semantics — the verdict file's bytes change only
// when the verdict does, so the retrain stage that depends on it re-runs only then — and
// `archipel export argo` carries the three stages with their dependencies.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../../cliRun';
import { repoRoot } from '../../helpers';
import { copyTree } from '../../tempdir';

const example = path.join(repoRoot, 'examples', 'portfolio');

describe('example pipeline: validation and drift-triggered retraining', function () {
  this.timeout(120_000);
  let tree: ReturnType<typeof copyTree>;
  beforeEach(() => {
    tree = copyTree(example);
  });
  afterEach(() => tree.remove());

  it('the drift verdict file changes only when the verdict does, not with the scores', () => {
    const verdict = (drift: object): string => {
      writeFileSync(path.join(tree.root, 'drift.json'), JSON.stringify(drift));
      const run = spawnSync(process.execPath, ['pipeline/drift-verdict.mjs', 'drift.json', 'verdict.json'], { cwd: tree.root, encoding: 'utf8' });
      assert.equal(run.status, 0, run.stderr);
      return readFileSync(path.join(tree.root, 'verdict.json'), 'utf8');
    };
    const first = verdict({ features: [{ feature: 'RSI', score: 0.01, drift: true }], drifted: ['RSI'], alert: true });
    const sameVerdict = verdict({ features: [{ feature: 'RSI', score: 0.002, drift: true }, { feature: 'Gap', score: 0.04, drift: true }], drifted: ['RSI', 'Gap'], alert: true });
    const changed = verdict({ features: [{ feature: 'RSI', score: 0.5, drift: false }], drifted: [], alert: false });
    assert.equal(first, '{"retrain":true}\n');
    assert.equal(sameVerdict, first);
    assert.equal(changed, '{"retrain":false}\n');
  });

  it('validate runs before features and predict, retrain after drift-verdict: in the DAG and in the Argo export', async () => {
    const dag = JSON.parse((await runCli(['dag', '--format', 'json'], tree.root)).out) as { edges: { from: string; to: string }[] };
    const edges = dag.edges.map((e) => `${e.from}->${e.to}`);
    for (const edge of ['generate->validate', 'validate->features', 'validate->predict', 'drift->drift-verdict', 'drift-verdict->retrain']) assert.ok(edges.includes(edge), `${edge} in ${edges.join(' ')}`);
    const argo = await runCli(['export', 'argo', '--image', 'ghcr.io/acme/portfolio:1.0', '--out', 'argo.yaml'], tree.root);
    assert.equal(argo.code, 0, argo.err);
    const workflow = parse(readFileSync(path.join(tree.root, 'argo.yaml'), 'utf8')) as { spec: { templates: { name: string; dag?: { tasks: { name: string; dependencies?: string[] }[] } }[] } };
    const tasks = new Map(workflow.spec.templates.find((t) => t.name === 'pipeline')!.dag!.tasks.map((t) => [t.name, t.dependencies ?? []]));
    assert.ok(tasks.get('features')!.includes('validate'));
    assert.ok(tasks.get('predict')!.includes('validate'));
    assert.deepEqual(tasks.get('drift-verdict'), ['drift']);
    assert.deepEqual(tasks.get('retrain'), ['drift-verdict']);
    const check = JSON.parse((await runCli(['check', 'argo.yaml', '--format', 'json'], tree.root)).out) as { severity: string }[];
    assert.deepEqual(check.filter((p) => p.severity === 'error'), []);
  });
});
