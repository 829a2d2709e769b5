// `archipel status|run|dag|export` on a real dvc.yaml (parsed by pipeline/parse.ts), and both
// exports checked by `archipel check` itself: zero errors; a typo in the Argo export is one.
import assert from 'node:assert/strict';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { shardOf } from '../../../src/engines/core/inputs';
import { runCli } from '../../cliRun';
import { prepareStageYaml } from '../../pipelineStages';
import { makeTree } from '../../tempdir';

const dvcYaml = `stages:
${prepareStageYaml}  train:
    foreach: [a, b]
    do:
      cmd: cat prepared.txt > model-\${item}.txt && echo \${item} >> model-\${item}.txt
      deps:
        - prepared.txt
      params:
        - train.lr
      outs:
        - model-\${item}.txt
  anonymise:
    cmd: archipel blur photos --out blurred
    deps:
      - photos
    outs:
      - blurred
`;

describe('archipel status, run, dag and export', function () {
  this.timeout(120_000);
  let root = '';
  let remove = () => {};
  beforeEach(() => {
    ({ root, remove } = makeTree({ 'dvc.yaml': dvcYaml, 'raw.txt': 'a\n', 'params.yaml': 'train:\n  lr: 0.1\n', 'photos/one.txt': '1' }));
  });
  afterEach(() => remove());

  it('prints the status, runs with prefixed output, and says when everything is up to date', async () => {
    const pipeline = pipelineWithoutBlur(root);
    const status = await runCli(['status', pipeline], root);
    assert.equal(status.code, 0);
    assert.match(status.out, /^prepare: never-run\n {4}no entry in the lock\n/);
    const run = await runCli(['run', pipeline, '--jobs', '2'], root);
    assert.equal(run.code, 0, run.err);
    assert.match(run.out, /^\[prepare\s*\] running$/m);
    assert.match(run.out, /3 stages ran/);
    const again = await runCli(['run', pipeline], root);
    assert.match(again.out, /everything is up to date/);
    const json = JSON.parse((await runCli(['status', pipeline, '--format', 'json'], root)).out) as { stages: { stage: string; state: string }[]; hashed: number };
    assert.deepEqual(json.stages.map((s) => `${s.stage}:${s.state}`), ['prepare:up-to-date', 'train@a:up-to-date', 'train@b:up-to-date']);
    assert.equal(json.hashed, 0, 'an unchanged workspace is checked by stat alone');
  });

  it('exits 1 naming the stage that failed; 2 for a stage that does not exist', async () => {
    writeFileSync(path.join(root, 'fail.yaml'), 'stages:\n  bad:\n    cmd: exit 4\n');
    const failed = await runCli(['run', 'fail.yaml'], root);
    assert.equal(failed.code, 1);
    assert.match(failed.out, /failed: bad/);
    const unknown = await runCli(['run', 'fail.yaml:nope'], root);
    assert.equal(unknown.code, 2);
    assert.match(unknown.err, /no stage named `nope`/);
  });

  it('status and dag exit 1 on a pipeline with errors, as --help says, and print all the same', async () => {
    writeFileSync(path.join(root, 'broken.yaml'), 'stages:\n  a:\n    cmd: echo a > x\n    outs: [x]\n  b:\n    cmd: echo b > x\n    outs: [x]\n');
    for (const format of ['text', 'json']) {
      const status = await runCli(['status', 'broken.yaml', '--format', format], root);
      assert.equal(status.code, 1, `status --format ${format}`);
      assert.match(status.out, /a/);
    }
    const dag = await runCli(['dag', 'broken.yaml'], root);
    assert.equal(dag.code, 1);
    assert.match(dag.out, /flowchart/);
    assert.equal((await runCli(['dag'], root)).code, 0, 'and 0 on a pipeline without errors');
  });

  it('an absolute out: check reports it; run refuses it as outside the repository, never "did not produce output"', async () => {
    writeFileSync(path.join(root, 'abs.yaml'), `stages:\n  abs:\n    cmd: echo x > ${root}/abs-out.txt\n    outs:\n      - ${root}/abs-out.txt\n`);
    const status = await runCli(['status', 'abs.yaml'], root);
    assert.equal(status.code, 1);
    assert.match(status.out, /is an absolute path: an output is written relative to the stage's folder, inside the repository; this stage would not run\. \[pipeline-out-absolute\]/);
    const run = await runCli(['run', 'abs.yaml'], root);
    assert.equal(run.code, 1);
    assert.match(run.err, /has errors: fix them before running it\n.*\[pipeline-out-absolute\]/);
    assert.doesNotMatch(run.out + run.err, /did not produce output/);
  });

  it('export --out refuses to overwrite an existing file unless --force', async () => {
    const target = path.join(root, 'ci.yml');
    writeFileSync(target, 'mine\n');
    const refused = await runCli(['export', 'github', '--out', 'ci.yml'], root);
    assert.equal(refused.code, 1);
    assert.match(refused.err, /ci\.yml exists: not overwritten \(--force replaces it\)/);
    assert.equal(readFileSync(target, 'utf8'), 'mine\n');
    const forced = await runCli(['export', 'github', '--out', 'ci.yml', '--force'], root);
    assert.equal(forced.code, 0, forced.err);
    assert.match(readFileSync(target, 'utf8'), /^name: /m);
  });

  it('draws the DAG as Mermaid and as JSON', async () => {
    const mermaid = await runCli(['dag'], root);
    assert.match(mermaid.out, /s0\["prepare"\]/);
    assert.match(mermaid.out, /s0 --> s1/);
    const json = JSON.parse((await runCli(['dag', '--format', 'json'], root)).out) as { edges: { from: string; to: string }[] };
    assert.deepEqual(json.edges, [
      { from: 'prepare', to: 'train@a' },
      { from: 'prepare', to: 'train@b' },
    ]);
  });

  it('exports an Argo Workflow and a GitHub workflow that archipel check passes with zero errors', async () => {
    const argo = await runCli(['export', 'argo', '--image', 'ghcr.io/acme/portfolio:1.0', '--shard', 'anonymise=3', '--out', 'argo.yaml'], root);
    assert.equal(argo.code, 0, argo.err);
    const text = readFileSync(path.join(root, 'argo.yaml'), 'utf8');
    assert.match(text, /from: "\{\{tasks\.prepare\.outputs\.artifacts\.prepared-txt\}\}"/);
    assert.match(text, /withSequence:\n\s+count: "3"/);
    assert.match(text, /memoize:\n\s+key: prepare-[0-9a-f]{32}\n/);
    mkdirSync(path.join(root, '.github', 'workflows'), { recursive: true });
    const github = await runCli(['export', 'github', '--out', '.github/workflows/pipeline.yml'], root);
    assert.equal(github.code, 0, github.err);
    assert.match(readFileSync(path.join(root, '.github/workflows/pipeline.yml'), 'utf8'), /hashFiles\('raw\.txt', 'raw\.txt\/\*\*'\)/);
    const check = await runCli(['check', 'argo.yaml', '.github/workflows/pipeline.yml', '--format', 'json'], root);
    const problems = JSON.parse(check.out) as { severity: string; message: string }[];
    assert.deepEqual(problems.filter((p) => p.severity === 'error'), []);
    writeFileSync(path.join(root, 'typo.yaml'), text.replace('dependencies:', 'dependncies:'));
    const typo = JSON.parse((await runCli(['check', 'typo.yaml', '--format', 'json'], root)).out) as { message: string }[];
    assert.ok(typo.some((p) => /Unknown field "dependncies" in DAGTask/.test(p.message)), JSON.stringify(typo));
  });

  it('refuses --shard on a stage that is not an archipel blur batch', async () => {
    const result = await runCli(['export', 'argo', '--image', 'x:1', '--shard', 'prepare=2'], root);
    assert.equal(result.code, 2);
    assert.match(result.err, /`prepare` cannot be sharded/);
  });

  it('gives each shard its slice, without overlap', () => {
    const items = ['a', 'b', 'c', 'd', 'e'];
    assert.deepEqual([0, 1, 2].map((i) => shardOf(items, `${i}/3`)), [['a', 'd'], ['b', 'e'], ['c']]);
    assert.deepEqual(shardOf(items, undefined), items);
    assert.throws(() => shardOf(items, '3/3'), /ARCHIPEL_SHARD expects i\/N/);
  });
});

/** The test pipeline without its blur stage (no model in a unit test): `run` runs real commands. */
function pipelineWithoutBlur(root: string): string {
  writeFileSync(path.join(root, 'run.yaml'), dvcYaml.slice(0, dvcYaml.indexOf('  anonymise:')));
  return 'run.yaml';
}
