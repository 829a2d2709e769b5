// `archipel export argo` on a real pipeline whose stages read params files that upstream stages
// write (fixtures/pipelines/end-to-end-cv-mlops: data42lana/end-to-end-cv-mlops-project, AGPL-3.0,
// SOURCES.md), in a checkout where none of them ran yet: it crashed with ENOENT (issue #51). Such a
// params file is the writing task's artifact, given to the reader like a dep: never a workflow
// parameter, never read at export time.
import assert from 'node:assert/strict';
import { cpSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { runCli } from '../../cliRun';
import { fixturesDir } from '../../helpers';
import { makeTree } from '../../tempdir';

interface Task { name: string; dependencies?: string[]; arguments?: { parameters?: { name: string }[]; artifacts?: { name: string; from: string }[] } }
interface Template { name: string; dag?: { tasks: Task[] }; inputs?: { parameters?: { name: string }[]; artifacts?: { name: string; path: string }[] }; outputs?: { artifacts: { name: string; path: string }[] }; container?: { args: string[] } }
interface Workflow { spec: { arguments?: { parameters: { name: string; value: string }[] }; templates: Template[] } }

describe('archipel export argo: params files written upstream (a real pipeline)', function () {
  this.timeout(120_000);

  it('exports end-to-end-cv-mlops before any stage ran: the written params files are artifacts of their writers', async () => {
    // The repository is a DVC project (its .dvc/ folder): the stages' wdir `..` is its root.
    const tree = makeTree({ '.dvc/config': '' });
    try {
      cpSync(path.join(fixturesDir, 'pipelines', 'end-to-end-cv-mlops'), tree.root, { recursive: true });
      const result = await runCli(['export', 'argo', 'pipelines/dvc.yaml', '--image', 'ghcr.io/acme/cv:1.0', '--out', 'workflow.yaml'], tree.root);
      assert.equal(result.code, 0, result.err);
      const workflow = parse(readFileSync(path.join(tree.root, 'workflow.yaml'), 'utf8')) as Workflow;
      const templates = new Map(workflow.spec.templates.map((t) => [t.name, t]));
      const tasks = new Map(templates.get('pipeline')!.dag!.tasks.map((t) => [t.name, t]));
      // Only configs/params.yaml, which is in the repository, is a submit-time parameter.
      assert.deepEqual(workflow.spec.arguments?.parameters.map((p) => p.name), ['configs-params-yaml']);
      // model_fine_tuning gets configs/best_params.yaml from hyperparam_optimization, where it writes it.
      const fineTune = tasks.get('model-fine-tuning')!;
      assert.ok(fineTune.dependencies?.includes('hyperparam-optimization'));
      assert.deepEqual(fineTune.arguments?.parameters?.map((p) => p.name), ['configs-params-yaml']);
      const bestParams = fineTune.arguments?.artifacts?.find((a) => a.from.startsWith('{{tasks.hyperparam-optimization.'));
      assert.ok(bestParams, JSON.stringify(fineTune.arguments));
      const fineTuneInput = templates.get('model-fine-tuning')!.inputs!.artifacts!.find((a) => a.name === bestParams.name)!;
      assert.equal(fineTuneInput.path, '/work/configs/best_params.yaml');
      assert.ok(templates.get('hyperparam-optimization')!.outputs!.artifacts.some((a) => a.path === '/work/configs/best_params.yaml'));
      // model_stage_update reads outputs/test_outs/test_score.json, inside the folder model_performance_on_test_data writes.
      const update = tasks.get('model-stage-update')!;
      const testOuts = update.arguments?.artifacts?.find((a) => a.from.startsWith('{{tasks.model-performance-on-test-data.'));
      assert.ok(testOuts, JSON.stringify(update.arguments));
      assert.equal(templates.get('model-stage-update')!.inputs!.artifacts!.find((a) => a.name === testOuts.name)!.path, '/work/outputs/test_outs');
      // Neither written file is printed into a script as fixed text.
      for (const name of ['model-fine-tuning', 'model-stage-update']) assert.doesNotMatch(templates.get(name)!.container!.args[0], /best_params\.yaml'|test_score\.json'/);
    } finally {
      tree.remove();
    }
  });
});
