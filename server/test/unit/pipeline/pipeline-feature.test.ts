import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-types';
import type { FeatureContext } from '../../../src/features/feature';
import { pipelineFeature, type PipelineDependencies } from '../../../src/pipeline/feature';
import { loadPipelineSchema } from '../../../src/platform/sharedData';
import type { StageStatus } from '../../../src/protocol/pipeline';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { yamlFeature } from '../../../src/yaml/feature';
import { cursor, repoRoot } from '../../helpers';
import { covered } from '../../workspace';

const uri = 'file:///work/project/dvc.yaml';
const params = 'file:///work/project/params.yaml';
/** What "the disk" holds beyond the index, for the missing-dep rule. */
const disk = new Set(['/work/project/data/raw.csv', '/work/project/src/train.py']);
const statuses = new Map<string, StageStatus>();
const deps: PipelineDependencies = { schema: loadPipelineSchema(repoRoot), exists: (p) => disk.has(p), status: (_file, stage) => statuses.get(stage) };
const features = [yamlFeature, pipelineFeature(deps)];

function workspace(files: Record<string, string>): { index: WorkspaceIndex; context: FeatureContext } {
  const index = new WorkspaceIndex(indexOptions(defaultSettings));
  for (const [u, text] of Object.entries(files)) index.update(u, text);
  return { index, context: { index, settings: defaultSettings, isCancelled: () => false } };
}

function diagnose(text: string, paramsText = 'lr: 0.1\ntrain: {epochs: 3}\n', name = uri): Diagnostic[] {
  const { index, context } = workspace({ [name]: text, [params]: paramsText });
  const file = index.get(name);
  assert.ok(file);
  return diagnoseFile(file, features, context);
}

/** `code: covered text` of each diagnostic. */
function shown(text: string, paramsText?: string, name?: string): string[] {
  return diagnose(text, paramsText, name).map((d) => `${String(d.code)}: ${covered(text, d)}`);
}

const good = `stages:
  prepare:
    cmd: python src/prepare.py
    deps:
      - data/raw.csv
    outs:
      - data/prepared
  train:
    cmd: python src/train.py
    deps:
      - data/prepared
      - src/train.py
    params:
      - lr
      - train.epochs
    outs:
      - model.pkl
    metrics:
      - metrics.json: {cache: false}
`;

describe('pipeline files in the editor', () => {
  it('a correct pipeline has no problem', () => {
    assert.deepEqual(shown(good), []);
  });

  it('applies to dvc.yaml anywhere and *.pipeline.yaml, not to other YAML', () => {
    const bad = good.replace('    cmd: python src/prepare.py\n', '    cmd: python src/prepare.py\n    comand: x\n');
    assert.deepEqual(shown(bad), ['pipeline-schema: comand']);
    assert.deepEqual(shown(bad, undefined, 'file:///work/project/etl.pipeline.yaml'), ['pipeline-schema: comand']);
    assert.deepEqual(shown(bad, undefined, 'file:///work/project/other.yaml'), []);
  });

  it('pipeline-schema: unknown keys (with a suggestion and a fix) and wrong types, once per place', () => {
    const text = good.replace('    outs:\n      - model.pkl', '    out:\n      - model.pkl').replace('metrics.json: {cache: false}', 'metrics.json: {cache: no}');
    const found = diagnose(text);
    assert.deepEqual(found.map((d) => `${String(d.code)}: ${covered(text, d)}`), ['pipeline-schema: out', 'pipeline-schema: no']);
    assert.match(String(found[0].message), /Did you mean "outs"\?/);
    assert.match(String(found[1].message), /boolean/);
  });

  it('pipeline-missing-dep: a dep nobody writes and that exists nowhere, with a did-you-mean fix', () => {
    const text = good.replace('      - data/prepared\n      - src/train.py', '      - data/prepard\n      - src/train.py');
    const found = diagnose(text);
    assert.deepEqual(found.map((d) => `${String(d.code)}: ${covered(text, d)}`), ['pipeline-missing-dep: data/prepard']);
    assert.equal(found[0].message, '\'data/prepard\' does not exist and no stage writes it. Did you mean "data/prepared"?');
    const { index, context } = workspace({ [uri]: text, [params]: 'lr: 0.1\ntrain: {epochs: 3}\n' });
    const file = index.get(uri);
    assert.ok(file);
    const actions = pipelineFeature(deps).codeActions?.(file, found[0].range, found, context) ?? [];
    assert.deepEqual(actions.map((a) => a.edit?.changes?.[uri]?.[0].newText), ['data/prepared']);
  });

  it('pipeline-missing-dep: suggests a dep of another stage that exists', () => {
    const text = good.replace('      - src/train.py', '      - src/train.py\n      - data/raw.cvs');
    const found = diagnose(text);
    assert.deepEqual(found.map((d) => `${String(d.code)}: ${covered(text, d)}`), ['pipeline-missing-dep: data/raw.cvs']);
    assert.match(String(found[0].message), /Did you mean "data\/raw.csv"\?/);
  });

  it('pipeline-params: a key missing from params.yaml (with its fix), a params file that does not exist', () => {
    const text = good.replace('      - train.epochs', '      - train.epoch\n      - other.yaml: [a]');
    const found = diagnose(text);
    assert.deepEqual(found.map((d) => `${String(d.code)}: ${covered(text, d)}`), ['pipeline-params: train.epoch', 'pipeline-params: other.yaml']);
    assert.equal(found[0].message, '\'train.epoch\' is not a key of \'params.yaml\'. Did you mean "train.epochs"?');
  });

  it('reports cycles, output conflicts and overlaps, a stage in an output, an empty cmd and an out that is a dep', () => {
    const text = `stages:
  a:
    cmd: a
    deps: [b.txt]
    outs: [a.txt, data]
  b:
    cmd: b
    deps: [a.txt]
    outs: [b.txt, data/sub]
  c:
    cmd: ""
    wdir: data/x
  d:
    cmd: d
    deps: [d.txt]
    outs: [d.txt, a.txt]
`;
    assert.deepEqual(shown(text), [
      'pipeline-empty-cmd: ""',
      'pipeline-output-conflict: a.txt',
      'pipeline-output-overlap: data/sub',
      'pipeline-stage-in-output: c',
      'pipeline-out-is-dep: d.txt',
      'pipeline-cycle: a',
      'pipeline-cycle: b',
    ]);
  });

  it('pipeline-stage-in-output: a pipeline file inside an output folder of another pipeline', () => {
    const inner = 'file:///work/project/data/dvc.yaml';
    const innerText = 'stages:\n  clean:\n    cmd: echo\n';
    const { index, context } = workspace({ [uri]: good, [params]: 'lr: 0.1\ntrain: {epochs: 3}\n', [inner]: innerText });
    const file = index.get(inner);
    assert.ok(file);
    const found = diagnoseFile(file, features, context);
    assert.deepEqual(found.map((d) => `${String(d.code)}: ${covered(innerText, d)}`), []);
    const outer = good.replace('      - data/prepared\n  train', '      - data\n  train');
    index.update(uri, outer);
    const inside = diagnoseFile(file, features, context);
    assert.deepEqual(inside.map((d) => `${String(d.code)}: ${covered(innerText, d)}`), ['pipeline-stage-in-output: stages']);
    assert.equal(inside[0].message, "This pipeline file is inside 'data', an output of the stage 'prepare' of '/work/project/dvc.yaml'.");
  });

  it('reports foreach/matrix expansion errors and unresolved ${…} (with a did-you-mean fix)', () => {
    const text = 'stages:\n  a:\n    foreach: 3\n    do:\n      cmd: echo ${item}\n  b:\n    cmd: python train.py --lr ${lrr}\n';
    const found = diagnose(text);
    assert.deepEqual(found.map((d) => `${String(d.code)}: ${covered(text, d)}`), ['pipeline-schema: 3', 'pipeline-expansion: 3', 'pipeline-interpolation: ${lrr}']);
    assert.match(String(found[2].message), /'lrr' is not defined.* Did you mean "\$\{lr\}"\?/);
    const { index, context } = workspace({ [uri]: text, [params]: 'lr: 0.1\ntrain: {epochs: 3}\n' });
    const file = index.get(uri);
    assert.ok(file);
    const [fix] = pipelineFeature(deps).codeActions?.(file, found[2].range, [found[2]], context) ?? [];
    assert.equal(fix.title, 'Replace with "${lr}"');
    assert.deepEqual(fix.edit?.changes?.[uri]?.[0], { range: found[2].range, newText: '${lr}' });
  });

  it('completes params keys, variables inside ${…} of foreach and matrix, and paths of deps', () => {
    const { index, context } = workspace({ [params]: 'lr: 0.1\ntrain: {epochs: 3}\n' });
    const feature = pipelineFeature(deps);
    const complete = (marked: string) => {
      const { text, offset } = cursor(marked);
      const file = index.update(uri, text);
      return (feature.completion?.(file, offset, context) ?? []).map((c) => c.label);
    };
    assert.deepEqual(complete('stages:\n  t:\n    cmd: x\n    params:\n      - |\n'), ['lr', 'train', 'train.epochs']);
    assert.deepEqual(complete('stages:\n  t:\n    cmd: x\n    params:\n      - params.yaml: [tr|]\n'), ['lr', 'train', 'train.epochs']);
    assert.deepEqual(complete('stages:\n  t:\n    foreach: [{name: a, size: 1}]\n    do:\n      cmd: echo ${|\n'), ['item', 'item.name', 'item.size', 'lr', 'train', 'train.epochs']);
    assert.deepEqual(complete('stages:\n  t:\n    matrix: {model: [a], lr: [1]}\n    cmd: echo ${it|\n'), ['item', 'key', 'item.model', 'item.lr', 'lr', 'train', 'train.epochs']);
    assert.deepEqual(complete('stages:\n  a:\n    cmd: a\n    outs: [data/out.csv]\n  b:\n    cmd: b\n    deps:\n      - |\n'), ['data/out.csv', 'dvc.yaml', 'params.yaml']);
  });

  it('hovers a stage with its status and last run, or with its definition when the runner has none', () => {
    const { index, context } = workspace({ [uri]: good, [params]: 'lr: 0.1\ntrain: {epochs: 3}\n' });
    const file = index.get(uri);
    assert.ok(file);
    const feature = pipelineFeature(deps);
    const at = good.indexOf('train:') + 2;
    const plain = feature.hover?.(file, at, context);
    assert.match(JSON.stringify(plain?.contents), /\*\*train\*\*.*python src\/train.py.*Reads.*`data\/prepared`.*Writes.*`model.pkl`/);
    statuses.set('train', { stage: 'train', state: 'stale', reasons: ['`data/raw.csv` changed since the last run'], lastRun: { ok: true, durationMs: 12_340, finishedAt: '2026-11-20T10:00:00Z' } });
    try {
      const hover = feature.hover?.(file, at, context);
      const value = hover && typeof hover.contents === 'object' && 'value' in hover.contents ? hover.contents.value : '';
      assert.equal(value, '**train**: stale: `data/raw.csv` changed since the last run\n\nLast run: 12.3 s, finished 2026-11-20T10:00:00Z.');
      const lenses = feature.codeLenses?.(file, context) ?? [];
      assert.deepEqual(
        lenses.map((l) => [covered(good, { range: l.range, message: '' }), l.command?.title, l.command?.command, JSON.stringify(l.command?.arguments)]),
        [
          ['prepare', 'Run', 'archipel.runStage', JSON.stringify([{ uri, stage: 'prepare', scope: 'single' }])],
          ['prepare', 'Run with upstream', 'archipel.runStage', JSON.stringify([{ uri, stage: 'prepare', scope: 'upstream' }])],
          ['prepare', 'Run downstream', 'archipel.runStage', JSON.stringify([{ uri, stage: 'prepare', scope: 'downstream' }])],
          ['train', 'Run', 'archipel.runStage', JSON.stringify([{ uri, stage: 'train', scope: 'single' }])],
          ['train', 'Run with upstream', 'archipel.runStage', JSON.stringify([{ uri, stage: 'train', scope: 'upstream' }])],
          ['train', 'Run downstream', 'archipel.runStage', JSON.stringify([{ uri, stage: 'train', scope: 'downstream' }])],
          ['train', 'stale: `data/raw.csv` changed since the last run', '', undefined],
        ],
      );
    } finally {
      statuses.clear();
    }
  });

  it('goes from a dep to the stage writing it, and lists stages (generated ones as children) as symbols', () => {
    const text = good + '  eval:\n    foreach: [a, b]\n    do:\n      cmd: eval ${item}\n      deps: [model.pkl]\n';
    const { index, context } = workspace({ [uri]: text, [params]: 'lr: 0.1\ntrain: {epochs: 3}\n' });
    const file = index.get(uri);
    assert.ok(file);
    const feature = pipelineFeature(deps);
    const targets = feature.definition?.(file, text.indexOf('data/prepared\n      - src') + 3, context) ?? [];
    assert.deepEqual(targets.map((l) => covered(text, { range: l.range, message: '' })), ['prepare']);
    const fromTemplate = feature.definition?.(file, text.lastIndexOf('model.pkl') + 1, context) ?? [];
    assert.deepEqual(fromTemplate.map((l) => covered(text, { range: l.range, message: '' })), ['train']);
    const symbols = feature.documentSymbols?.(file, context) ?? [];
    assert.deepEqual(symbols.map((s) => [s.name, (s.children ?? []).map((c) => c.name)]), [
      ['prepare', []],
      ['train', []],
      ['eval', ['eval@a', 'eval@b']],
    ]);
  });
});
