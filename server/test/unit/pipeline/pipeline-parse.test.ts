import assert from 'node:assert/strict';
import { parsePipeline } from '../../../src/pipeline/parse';
import type { Pipeline } from '../../../src/pipeline/model';
import { hostileFiles } from '../../hostile';

const file = '/work/project/dvc.yaml';

/** A reader over inline files, relative to the pipeline's folder. */
function reader(files: Record<string, string>) {
  return (absolute: string) => {
    const relative = absolute.startsWith('/work/project/') ? absolute.slice('/work/project/'.length) : absolute;
    return Object.hasOwn(files, relative) ? files[relative] : undefined;
  };
}

function parse(text: string, files: Record<string, string> = {}): Pipeline {
  return parsePipeline(text, file, reader(files));
}

/** `code: covered text` of each problem. */
function problems(text: string, files: Record<string, string> = {}): string[] {
  return parse(text, files).problems.map((p) => `${p.code}: ${text.slice(p.span.start, p.span.end)}`);
}

const covered = (text: string, span: { start: number; end: number }) => text.slice(span.start, span.end);

describe('pipeline parser (dvc.yaml)', () => {
  it('reads stages: cmd string or list, wdir, deps, outs with options, metrics, plots, flags, desc, meta', () => {
    const text = `stages:
  prepare:
    cmd: python prepare.py
    deps:
      - data/raw.csv
      - prepare.py
    outs:
      - data/prepared/
  train:
    cmd:
      - python train.py
      - echo done
    wdir: src
    deps: [../data/prepared]
    outs:
      - ../model.pkl:
          cache: false
          persist: true
          desc: The model
    metrics:
      - ../metrics.json: {cache: false}
    plots:
      - ../plots/roc.csv: {x: fpr, y: tpr}
    frozen: true
    always_changed: false
    desc: Trains
    meta: {owner: ana}
`;
    const p = parse(text);
    assert.deepEqual(p.problems, []);
    assert.equal(p.root, '/work/project');
    assert.deepEqual(p.stages.map((s) => s.name), ['prepare', 'train']);
    const [prepare, train] = p.stages;
    assert.deepEqual(prepare.cmd, ['python prepare.py']);
    assert.deepEqual(prepare.deps.map((d) => [d.path, d.resolved, covered(text, d.span)]), [
      ['data/raw.csv', 'data/raw.csv', 'data/raw.csv'],
      ['prepare.py', 'prepare.py', 'prepare.py'],
    ]);
    assert.deepEqual(prepare.outs.map((o) => [o.path, o.resolved, o.kind, o.cache, o.persist]), [['data/prepared/', 'data/prepared', 'outs', true, false]]);
    assert.equal(covered(text, prepare.span), 'prepare');
    assert.equal(covered(text, prepare.cmdSpan ?? { start: 0, end: 0 }), 'python prepare.py');
    assert.deepEqual(train.cmd, ['python train.py', 'echo done']);
    assert.equal(train.cmdList, true);
    assert.equal(prepare.cmdList, undefined);
    assert.equal(train.wdir, 'src');
    assert.deepEqual(train.deps.map((d) => d.resolved), ['data/prepared']);
    assert.deepEqual(
      train.outs.map((o) => [o.resolved, o.kind, o.cache, o.persist, o.desc, covered(text, o.span)]),
      [
        ['model.pkl', 'outs', false, true, 'The model', '../model.pkl'],
        ['metrics.json', 'metrics', false, false, undefined, '../metrics.json'],
        ['plots/roc.csv', 'plots', true, false, undefined, '../plots/roc.csv'],
      ],
    );
    assert.equal(train.frozen, true);
    assert.equal(train.alwaysChanged, false);
    assert.equal(train.desc, 'Trains');
    assert.deepEqual(train.meta, { owner: 'ana' });
    assert.deepEqual(p.edges, [['prepare', 'train']]);
  });

  it('links a dep to an out equal to it, to an out folder holding it, and to outs inside a dep folder', () => {
    const text = `stages:
  a: {cmd: a, outs: [data]}
  b: {cmd: b, deps: [data/x.csv], outs: [out/b.csv]}
  c: {cmd: c, deps: [out], outs: [c.txt]}
  d: {cmd: d, deps: [c.txt, data]}
`;
    const p = parse(text);
    assert.deepEqual(p.problems, []);
    assert.deepEqual(p.edges, [
      ['a', 'b'],
      ['b', 'c'],
      ['c', 'd'],
      ['a', 'd'],
    ]);
  });

  it('reads params: keys of params.yaml, {file: [keys]}, {file: } for the whole file, relative to wdir', () => {
    const text = `stages:
  train:
    cmd: python train.py
    wdir: src
    params:
      - lr
      - train.epochs
      - ../config.json: [model.depth]
      - ../all.toml:
`;
    const files = { 'src/params.yaml': 'lr: 0.1\ntrain: {epochs: 3}\n', 'config.json': '{"model": {"depth": 4}}', 'all.toml': 'a = 1\n' };
    const p = parse(text, files);
    assert.deepEqual(p.problems, []);
    assert.deepEqual(
      p.stages[0].params.map((s) => [s.file, s.resolved, s.keys, s.keySpans?.map((k) => covered(text, k))]),
      [
        ['params.yaml', 'src/params.yaml', ['lr', 'train.epochs'], ['lr', 'train.epochs']],
        ['../config.json', 'config.json', ['model.depth'], ['model.depth']],
        ['../all.toml', 'all.toml', undefined, undefined],
      ],
    );
  });

  it('reports a params key missing from its file, and a params file that does not exist', () => {
    const text = `stages:
  train:
    cmd: python train.py
    params:
      - lr
      - train.epoch
      - other.yaml: [x]
`;
    assert.deepEqual(problems(text, { 'params.yaml': 'lr: 0.1\ntrain: {epochs: 3}\n' }), ['pipeline-params: train.epoch', 'pipeline-params: other.yaml']);
    const messages = parse(text, { 'params.yaml': 'lr: 0.1\ntrain: {epochs: 3}\n' }).problems.map((p) => p.message);
    assert.deepEqual(messages, ["'train.epoch' is not a key of 'params.yaml'.", "The params file 'other.yaml' does not exist."]);
  });

  it('interpolates ${…} from params.yaml and vars (files, file:keys, inline), keeping the type of an exact ${…}', () => {
    const text = `vars:
  - config.json:model
  - name: demo
    sizes: {small: 1}
stages:
  train:
    cmd: python train.py --lr \${lr} --depth \${model.depth} --name \${name} --flag \${debug}
    outs:
      - models/\${name}-\${sizes.small}.pkl
    frozen: \${debug}
`;
    const p = parse(text, { 'params.yaml': 'lr: 0.5\ndebug: true\n', 'config.json': '{"model": {"depth": 4}, "other": 1}' });
    assert.deepEqual(p.problems, []);
    assert.deepEqual(p.stages[0].cmd, ['python train.py --lr 0.5 --depth 4 --name demo --flag true']);
    assert.deepEqual(p.stages[0].outs.map((o) => o.resolved), ['models/demo-1.pkl']);
    assert.equal(p.stages[0].frozen, true);
  });

  it('writes a dict into cmd as --key value arguments, and keeps \\${ as ${', () => {
    const text = 'stages:\n  s:\n    cmd: run ${opts} \\${HOME}\n';
    const p = parse(text, { 'params.yaml': 'opts: {lr: 0.1, name: a b, verbose: true, quiet: false, layers: [1, 2]}\n' });
    assert.deepEqual(p.problems, []);
    assert.deepEqual(p.stages[0].cmd, ["run --lr 0.1 --name 'a b' --verbose --layers 1 2 ${HOME}"]);
  });

  it('reports unresolved ${…} on the expression, a list interpolated into a path, and bad expressions', () => {
    const text = 'stages:\n  s:\n    cmd: echo ${missing.key}\n    deps:\n      - ${files}\n    outs: ["${a..b}"]\n';
    const p = parse(text, { 'params.yaml': 'files: [a, b]\n' });
    assert.deepEqual(
      p.problems.map((x) => [x.code, covered(text, x.span)]),
      [
        ['pipeline-interpolation', '${missing.key}'],
        ['pipeline-interpolation', '${files}'],
        ['pipeline-interpolation', '${a..b}'],
      ],
    );
    assert.match(p.problems[0].message, /'missing' is not defined/);
    assert.match(p.problems[1].message, /Cannot interpolate data of type 'list'/);
  });

  it('does not report names when a vars file cannot be read here (not indexed)', () => {
    const text = 'vars: [config.json]\nstages:\n  s:\n    cmd: echo ${from_json}\n';
    const p = parsePipeline(text, file, (absolute) => (absolute.endsWith('.json') ? null : undefined));
    assert.deepEqual(p.problems, []);
  });

  it('reports a vars file that does not exist, a key it lacks and a name defined twice', () => {
    const text = 'vars:\n  - nope.yaml\n  - conf.yaml:absent\n  - lr: 1\nstages:\n  s: {cmd: echo}\n';
    assert.deepEqual(problems(text, { 'params.yaml': 'lr: 0.1\n', 'conf.yaml': 'x: 1\n' }), [
      'pipeline-vars: nope.yaml',
      'pipeline-vars: conf.yaml:absent',
      'pipeline-vars: lr: 1',
    ]);
  });

  describe('foreach/do (ForeachDefinition.normalized_iterable)', () => {
    it('names stages after the values of a list of simple values, with ${item}', () => {
      const text = 'stages:\n  build:\n    foreach: [us, eu, 3]\n    do:\n      cmd: make ${item}\n      outs:\n        - out/${item}.bin\n';
      const p = parse(text);
      assert.deepEqual(p.problems, []);
      assert.deepEqual(p.stages.map((s) => [s.name, s.definition, s.cmd[0], s.outs[0].resolved, covered(text, s.span), covered(text, s.outs[0].span)]), [
        ['build@us', 'build', 'make us', 'out/us.bin', 'build', 'out/${item}.bin'],
        ['build@eu', 'build', 'make eu', 'out/eu.bin', 'build', 'out/${item}.bin'],
        ['build@3', 'build', 'make 3', 'out/3.bin', 'build', 'out/${item}.bin'],
      ]);
    });

    it('names stages by index for a list holding mappings, with ${item.prop}', () => {
      const text = 'stages:\n  fit:\n    foreach:\n      - {name: a, lr: 1}\n      - {name: b, lr: 2}\n    do:\n      cmd: fit ${item.name} ${item.lr}\n';
      assert.deepEqual(parse(text).stages.map((s) => [s.name, s.cmd[0]]), [
        ['fit@0', 'fit a 1'],
        ['fit@1', 'fit b 2'],
      ]);
    });

    it('names stages by key for a mapping, with ${key} and ${item}, and takes the iterable from params', () => {
      const text = 'stages:\n  deploy:\n    foreach: ${regions}\n    do:\n      cmd: deploy ${key} ${item.size}\n';
      const p = parse(text, { 'params.yaml': 'regions:\n  us: {size: 2}\n  eu: {size: 1}\n' });
      assert.deepEqual(p.problems, []);
      assert.deepEqual(p.stages.map((s) => [s.name, s.cmd[0]]), [
        ['deploy@us', 'deploy us 2'],
        ['deploy@eu', 'deploy eu 1'],
      ]);
    });

    it('reports stage keys beside foreach (they belong under do)', () => {
      const text = 'stages:\n  a:\n    foreach: [x]\n    cmd: echo\n    do:\n      cmd: echo ${item}\n';
      assert.deepEqual(problems(text), ['pipeline-schema: cmd']);
      assert.equal(parse(text).problems[0].message, "`cmd` belongs under `do` in the foreach stage 'a'.");
    });

    it('reports a foreach that is not a list or mapping, a missing do, and ${key} for a list', () => {
      const text = 'stages:\n  a:\n    foreach: plain\n    do: {cmd: x}\n  b:\n    foreach: [1]\n  c:\n    foreach: [x]\n    do:\n      cmd: echo ${key}\n';
      const p = parse(text);
      assert.deepEqual(p.problems.map((x) => [x.code, covered(text, x.span)]), [
        ['pipeline-expansion', 'plain'],
        ['pipeline-schema', 'b'],
        ['pipeline-interpolation', '${key}'],
      ]);
      assert.equal(p.problems[0].message, '`foreach` of \'a\' must be a list or a mapping, not str.');
    });
  });

  describe('matrix (MatrixDefinition.normalized_iterable)', () => {
    it('names stages @a-b over the product in order, with ${item.axis} and ${key}', () => {
      const text = 'stages:\n  fit:\n    matrix:\n      model: [cnn, rnn]\n      size: [1, 2]\n    cmd: fit ${item.model} ${item.size} ${key}\n';
      const p = parse(text);
      assert.deepEqual(p.problems, []);
      assert.deepEqual(p.stages.map((s) => [s.name, s.cmd[0]]), [
        ['fit@cnn-1', 'fit cnn 1 cnn-1'],
        ['fit@cnn-2', 'fit cnn 2 cnn-2'],
        ['fit@rnn-1', 'fit rnn 1 rnn-1'],
        ['fit@rnn-2', 'fit rnn 2 rnn-2'],
      ]);
    });

    it('names a composite value axis<index>, and reads an axis from params', () => {
      const text = 'stages:\n  fit:\n    matrix:\n      cfg: [{a: 1}, {a: 2}]\n      lr: ${rates}\n    cmd: fit ${item.cfg.a} ${item.lr}\n';
      const p = parse(text, { 'params.yaml': 'rates: [0.1]\n' });
      assert.deepEqual(p.problems, []);
      assert.deepEqual(p.stages.map((s) => [s.name, s.cmd[0]]), [
        ['fit@cfg0-0.1', 'fit 1 0.1'],
        ['fit@cfg1-0.1', 'fit 2 0.1'],
      ]);
    });

    it('reports an axis that is not a list', () => {
      const text = 'stages:\n  fit:\n    matrix:\n      model: cnn\n    cmd: fit\n';
      assert.deepEqual(problems(text), ['pipeline-expansion: cnn']);
    });

    it('stops at 10,000 stages with a problem, in time linear in what it keeps', () => {
      const axis = `[${Array.from({ length: 1000 }, (_, i) => i).join(', ')}]`;
      const text = `stages:\n  big:\n    matrix:\n      a: ${axis}\n      b: ${axis}\n    cmd: run \${item.a} \${item.b}\n`;
      const p = parse(text);
      assert.equal(p.stages.length, 10_000);
      assert.deepEqual(p.problems.map((x) => x.code), ['pipeline-expansion']);
    });
  });

  describe('whole-pipeline problems', () => {
    it('reports cycles on every stage of the cycle', () => {
      const text = 'stages:\n  a: {cmd: a, deps: [b.txt], outs: [a.txt]}\n  b: {cmd: b, deps: [a.txt], outs: [b.txt]}\n  c: {cmd: c, deps: [a.txt]}\n';
      assert.deepEqual(problems(text), ['pipeline-cycle: a', 'pipeline-cycle: b']);
      assert.equal(parse(text).problems[0].message, "The stages 'a', 'b' depend on each other's outputs: a cycle cannot run.");
    });

    it('reports two stages writing one output, overlapping outputs and a stage working inside an output', () => {
      const text = 'stages:\n  a: {cmd: a, outs: [data, model.pkl]}\n  b: {cmd: b, outs: [model.pkl, data/part]}\n  c: {cmd: c, wdir: data/sub}\n';
      assert.deepEqual(problems(text), ['pipeline-output-conflict: model.pkl', 'pipeline-output-overlap: data/part', 'pipeline-stage-in-output: c']);
    });

    it('reports an out that is also a dep of its stage, and an empty cmd', () => {
      const text = 'stages:\n  a:\n    cmd: ""\n    deps: [x.csv]\n    outs: [x.csv]\n  b:\n    cmd: []\n';
      assert.deepEqual(problems(text), ['pipeline-empty-cmd: ""', 'pipeline-empty-cmd: []', 'pipeline-out-is-dep: x.csv']);
    });
  });

  it('reads the hostile pipeline files in bounded work: a 5,000-stage cycle, a million-combination matrix, ${ bombs', function () {
    this.timeout(120_000); // about 2 s on a loaded machine: 360 KB of YAML and 10,000 stages
    const [chain, interpolation] = ['pipeline/dvc.yaml', 'pipeline/interpolation.pipeline.yaml'].map((name) => String(hostileFiles().find((f) => f.path === name)?.content));
    const p = parsePipeline(chain, file);
    assert.equal(p.stages.length, 10_000);
    assert.deepEqual([...new Set(p.problems.map((x) => x.code))], ['pipeline-expansion', 'pipeline-cycle']);
    assert.equal(p.problems.filter((x) => x.code === 'pipeline-cycle').length, 5000);
    const q = parsePipeline(interpolation, file, () => 'x: 12345\n');
    assert.equal(q.stages[0].cmd[0].length, 200_000);
    assert.deepEqual(q.problems.map((x) => `${x.code} ${x.severity}`), ['pipeline-interpolation warning', 'pipeline-interpolation error', 'pipeline-interpolation error']);
    // 100,000 unclosed `${`: one warning, its text cut short.
    assert.equal(q.problems[0].message, "'${${${${${${${${${${${${${${${${${${${${' is not closed: DVC keeps it as written. Add the closing '}', or write '\\${' for a literal '${'.");
    assert.match(q.problems[2].message, /longer than 100000 characters/);
  });

  it('survives wrong types, broken YAML and hostile input', () => {
    assert.deepEqual(problems('stages:\n  a:\n    cmd: {x: 1}\n    deps: a.csv\n    outs: [{a: 1, b: 2}]\n    frozen: yes\n'), [
      'pipeline-schema: {x: 1}',
      'pipeline-schema: a.csv',
      'pipeline-schema: {a: 1, b: 2}',
      'pipeline-schema: yes',
    ]);
    assert.deepEqual(parse('stages: [\n').problems.map((p) => p.code), ['pipeline-yaml']);
    assert.deepEqual(parse('').stages, []);
    const hostile = `stages:\n  s:\n    cmd: "${'${'.repeat(50_000)}"\n`;
    assert.deepEqual(parse(hostile).stages[0].cmd, ['${'.repeat(50_000)]);
  });
});
