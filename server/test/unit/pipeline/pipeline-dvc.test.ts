// Faithful to DVC (issue #31): DVC 2 lock entries read as DVC 3 reads them (md5-dos2unix), URL deps
// and outs, paths tracked by `.dvc` files, and the schema keys DVC 3 accepts. Each case is the shape
// of a real repository's finding; the expected hashes come from an independent oracle (the md5 of
// the text with LF line endings, which is what DVC 2 recorded for a text file).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileMd5, isTextBlock } from '../../../src/engines/pipeline/hash';
import { HashCache } from '../../../src/engines/pipeline/hashCache';
import { exportGithub } from '../../../src/engines/pipeline/exportGithub';
import { loadPipeline } from '../../../src/engines/pipeline/load';
import { parseLock } from '../../../src/engines/pipeline/lock';
import { runPipeline } from '../../../src/engines/pipeline/run';
import { pipelineStatus } from '../../../src/engines/pipeline/status';
import { parse } from 'yaml';
import { runCli } from '../../cliRun';
import { repoRoot } from '../../helpers';
import { makeTree } from '../../tempdir';
import { covered } from '../../workspace';
import type { Diagnostic } from 'vscode-languageserver-types';
import { pipelineFeature, type PipelineDependencies } from '../../../src/pipeline/feature';
import { loadPipelineSchema } from '../../../src/platform/sharedData';
import { diagnoseFile, indexOptions } from '../../../src/service';
import { defaultSettings } from '../../../src/settings';
import { WorkspaceIndex } from '../../../src/workspace/index';
import { yamlFeature } from '../../../src/yaml/feature';

const md5 = (data: string | Buffer) => createHash('md5').update(data).digest('hex');
const crlf = (text: string) => text.replace(/\n/g, '\r\n');

async function statusOf(root: string) {
  const pipeline = await loadPipeline(path.join(root, 'dvc.yaml'), false);
  const cache = HashCache.forRoot(root);
  await cache.load();
  const status = await pipelineStatus(pipeline, cache);
  return Object.fromEntries(status.stages.map((s) => [s.stage, s]));
}

describe('DVC 2 lock entries (md5-dos2unix)', () => {
  it("detects text as dvc-data's istextblock does: empty is text, a NUL is binary, more than 30% non-text is binary", () => {
    assert.equal(isTextBlock(Buffer.alloc(0)), true);
    assert.equal(isTextBlock(Buffer.from('a,b\r\n1,2\r\n')), true);
    assert.equal(isTextBlock(Buffer.from('a\u0000b')), false);
    assert.equal(isTextBlock(Buffer.from([0xc3, 0xa9, 0x41, 0x42, 0x43, 0x44, 0x45])), true, '2 of 7 non-text bytes: 28%');
    assert.equal(isTextBlock(Buffer.from([0xc3, 0xa9, 0xc3, 0x41, 0x42, 0x43, 0x44])), false, '3 of 7: 43%');
  });

  it('hashes a CRLF text file as its LF text, a binary file as its bytes, and converts CRLF within each 1 MiB chunk only', async () => {
    const text = 'text,label\r\nhello,1\r\nworld,0\r\n';
    const binary = Buffer.concat([Buffer.from('PK\u0000\u0003\r\n'), Buffer.alloc(20)]);
    // A CRLF straddling the first 1 MiB boundary stays as it is (dvc-data replaces within a chunk).
    const big = Buffer.concat([Buffer.alloc((1 << 20) - 1, 0x61), Buffer.from('\r\nb\r\n')]);
    const tree = makeTree({ 'a.csv': text });
    writeFileSync(path.join(tree.root, 'b.bin'), binary);
    writeFileSync(path.join(tree.root, 'big.txt'), big);
    try {
      assert.equal(await fileMd5(path.join(tree.root, 'a.csv'), undefined, 'md5-dos2unix'), md5(text.replace(/\r\n/g, '\n')));
      assert.equal(await fileMd5(path.join(tree.root, 'a.csv')), md5(text));
      assert.equal(await fileMd5(path.join(tree.root, 'b.bin'), undefined, 'md5-dos2unix'), md5(binary));
      const expected = md5(Buffer.concat([Buffer.alloc((1 << 20) - 1, 0x61), Buffer.from('\r\nb\n')]));
      assert.equal(await fileMd5(path.join(tree.root, 'big.txt'), undefined, 'md5-dos2unix'), expected);
      const cache = new HashCache();
      assert.equal((await cache.hashPath(path.join(tree.root, 'big.txt'), 'md5-dos2unix'))?.md5, expected, 'the synchronous reader agrees');
      assert.equal((await cache.hashPath(path.join(tree.root, 'a.csv'), 'md5-dos2unix'))?.md5, md5(text.replace(/\r\n/g, '\n')));
      assert.equal((await cache.hashPath(path.join(tree.root, 'a.csv')))?.md5, md5(text), 'both hashes kept side by side');
    } finally {
      tree.remove();
    }
  });

  it('reads an entry without `hash:` as md5-dos2unix and one with `hash: md5` as raw md5', () => {
    const lock = parseLock("schema: '2.0'\nstages:\n  a:\n    cmd: x\n    deps:\n    - path: old.txt\n      md5: 0cc175b9c0f1b6a831c399e269772661\n      size: 1\n    - path: new.txt\n      hash: md5\n      md5: 0cc175b9c0f1b6a831c399e269772661\n      size: 1\n");
    const deps = lock.stages.get('a')!.deps;
    assert.equal(deps[0].hash, 'md5-dos2unix');
    assert.equal(deps[1].hash, undefined);
  });

  it('a Windows checkout (CRLF) of a DVC 2 lock is up to date, as DVC 3 says; the same md5 under `hash: md5` is changed', async () => {
    // The shape of 001DEEPANSHU/NLP_DVC_Project: a DVC 2 lock (entries without `hash:`) recorded on
    // LF files, the checkout's autocrlf turning them into CRLF.
    const script = 'import sys\nprint("prepare")\n';
    const config = 'artifacts:\n  dir: artifacts\n';
    const yaml = 'stages:\n  prepare:\n    cmd: python src/prepare.py\n    deps:\n    - src/prepare.py\n    - configs/config.yaml\n    outs:\n    - data/prepared.txt\n';
    const out = 'prepared\n';
    const entry = (p: string, text: string, hash: boolean) => `    - path: ${p}\n${hash ? '      hash: md5\n' : ''}      md5: ${md5(text)}\n      size: ${Buffer.byteLength(text)}\n`;
    const dvc2 = `schema: '2.0'\nstages:\n  prepare:\n    cmd: python src/prepare.py\n    deps:\n${entry('src/prepare.py', script, false)}${entry('configs/config.yaml', config, false)}    outs:\n${entry('data/prepared.txt', out, false)}`;
    const tree = makeTree({ 'dvc.yaml': yaml, 'dvc.lock': dvc2, 'src/prepare.py': crlf(script), 'configs/config.yaml': crlf(config), 'data/prepared.txt': crlf(out) });
    try {
      const status = await statusOf(tree.root);
      assert.equal(status.prepare.state, 'up-to-date', status.prepare.reasons.join('; '));
      writeFileSync(path.join(tree.root, 'dvc.lock'), dvc2.replace(/( {4}- path: [^\n]+\n)( {6}md5)/g, '$1      hash: md5\n$2'));
      const dvc3 = await statusOf(tree.root);
      assert.deepEqual(dvc3.prepare.reasons, ['`src/prepare.py` changed since the last run', '`configs/config.yaml` changed since the last run', 'output `data/prepared.txt` changed since the last run']);
    } finally {
      tree.remove();
    }
  });

  it('a stage that runs is written as DVC 3 writes it (`hash: md5`, raw bytes); a stage left alone keeps its DVC 2 entries', async () => {
    const legacy = (stage: string, p: string) => `  ${stage}:\n    cmd: echo old\n    outs:\n    - path: ${p}\n      md5: ${md5('x\n')}\n      size: 2\n`;
    const yaml = 'stages:\n  a:\n    cmd: printf "a\\r\\n" > a.txt\n    outs:\n    - a.txt\n  b:\n    cmd: echo old\n    outs:\n    - b.txt\n';
    const tree = makeTree({ 'dvc.yaml': yaml, 'dvc.lock': `schema: '2.0'\nstages:\n${legacy('a', 'a.txt')}${legacy('b', 'b.txt')}`, 'b.txt': 'x\r\n' });
    try {
      const pipeline = await loadPipeline(path.join(tree.root, 'dvc.yaml'), false);
      const result = await runPipeline(pipeline, { stages: ['a'] });
      assert.deepEqual(result.stages.map((s) => [s.stage, s.outcome]), [['a', 'ran']]);
      const text = readFileSync(path.join(tree.root, 'dvc.lock'), 'utf8');
      assert.match(text, new RegExp(`- path: a\\.txt\\n +hash: md5\\n +md5: ${md5('a\r\n')}\\n +size: 3\\n`));
      assert.match(text, new RegExp(`- path: b\\.txt\\n +md5: ${md5('x\n')}\\n +size: 2\\n`), 'b keeps its DVC 2 form');
      assert.equal((await statusOf(tree.root)).b.state, 'up-to-date');
    } finally {
      tree.remove();
    }
  });
});

describe('URL dependencies and outputs', () => {
  it('a URL dep is not mangled, not missing, not refused by run; the status says what it cannot verify offline', async () => {
    // The shape of the sample's three unrunnable repositories: an https dep and an s3 dep.
    const yaml = 'stages:\n  fetch:\n    cmd: printf "rows\\n" > data.csv\n    deps:\n    - https://example.com/data.csv\n    - s3://dvc-data-src/housing.csv\n    outs:\n    - data.csv\n';
    const tree = makeTree({ 'dvc.yaml': yaml });
    try {
      const pipeline = await loadPipeline(path.join(tree.root, 'dvc.yaml'), false);
      assert.deepEqual(pipeline.stages[0].deps.map((d) => [d.resolved, d.url]), [['https://example.com/data.csv', 'https'], ['s3://dvc-data-src/housing.csv', 's3']]);
      const result = await runPipeline(pipeline, {});
      assert.deepEqual(result.stages.map((s) => [s.stage, s.outcome]), [['fetch', 'ran']]);
      const lock = readFileSync(path.join(tree.root, 'dvc.lock'), 'utf8');
      assert.match(lock, /- path: https:\/\/example\.com\/data\.csv\n +hash: md5\n +- path: s3:/, 'recorded by path alone: nothing fetched');
      // DVC's own record of the remote (its ETag) is kept and named.
      writeFileSync(path.join(tree.root, 'dvc.lock'), lock.replace(/(- path: s3:\/\/dvc-data-src\/housing\.csv\n( +)hash: md5\n)/, "$1$2etag: '\"9a0364b9e99bb480dd25e1f0284c8555\"'\n"));
      const status = await statusOf(tree.root);
      assert.equal(status.fetch.state, 'up-to-date', status.fetch.reasons.join('; '));
      assert.deepEqual(status.fetch.notes, [
        '`https://example.com/data.csv` is not fetched offline: whether it changed is not known',
        '`s3://dvc-data-src/housing.csv` is not fetched offline: the lock records its etag "9a0364b9e99bb480dd25e1f0284c8555"',
      ]);
      assert.match(readFileSync(path.join(tree.root, 'dvc.lock'), 'utf8'), /etag: '"9a0364b9e99bb480dd25e1f0284c8555"'/, 'a status writes nothing');
      // The GitHub export neither mangles the URLs into paths nor caches a stage whose URL it cannot hash.
      const github = exportGithub(pipeline, tree.root);
      assert.doesNotMatch(github, /https:\/example|s3:\/dvc|actions\/cache/);
    } finally {
      tree.remove();
    }
  });
});

describe('paths tracked by .dvc files', () => {
  it("example-get-started's checkout: the data is tracked by data/data.xml.dvc and the outs are in DVC's cache: `dvc pull` is named", async () => {
    const tree = makeTree({});
    cpSync(path.join(repoRoot, 'server', 'test', 'fixtures', 'dvc', 'get-started'), tree.root, { recursive: true });
    try {
      const status = await statusOf(tree.root);
      assert.deepEqual(status.prepare.reasons, [
        'dependency `data/data.xml` is missing: tracked by data/data.xml.dvc; run `dvc pull data/data.xml.dvc`',
        'output `data/prepared` is missing: run `dvc pull` to restore it from the DVC remote',
      ]);
      assert.deepEqual(status.train.reasons, ['dependency `data/features` is missing: an output of `featurize`; run `dvc pull`, or run `featurize`', 'output `model.pkl` is missing: run `dvc pull` to restore it from the DVC remote']);
    } finally {
      tree.remove();
    }
  });
});

describe('pipeline findings on real shapes', () => {
  const uri = 'file:///work/egs/dvc.yaml';
  const onDisk = new Map<string, string>([
    ['/work/egs/src/prepare.py', ''],
    ['/work/egs/data/data.xml.dvc', 'outs:\n- md5: 22a1a2931c8370d3aeedd7183606fd7f\n  size: 14445097\n  hash: md5\n  path: data.xml\n'],
    ['/work/egs/data/raw.dvc', 'outs:\n- md5: 0cc175b9c0f1b6a831c399e269772661.dir\n  path: raw\n'],
  ]);
  const deps: PipelineDependencies = { schema: loadPipelineSchema(repoRoot), exists: (p) => onDisk.has(p), readText: (p) => onDisk.get(p) };
  const features = [yamlFeature, pipelineFeature(deps)];
  function diagnose(text: string, extra: Record<string, string> = {}): Diagnostic[] {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    index.update(uri, text);
    for (const [u, t] of Object.entries(extra)) index.update(u, t);
    const file = index.get(uri)!;
    return diagnoseFile(file, features, { index, settings: defaultSettings, isCancelled: () => false });
  }
  const shown = (text: string) => diagnose(text).map((d) => `${String(d.code)} ${d.severity}: ${covered(text, d)}: ${d.message}`);

  it("a dep tracked by a .dvc file (example-get-started's data/data.xml, a file of a tracked folder) is never 'no stage writes it'; the quick fix copies `dvc pull`", () => {
    const text = 'stages:\n  prepare:\n    cmd: python src/prepare.py data/data.xml\n    deps:\n    - data/data.xml\n    - data/raw/2024.csv\n    - src/prepare.py\n    outs:\n    - data/prepared\n';
    assert.deepEqual(shown(text), [
      "pipeline-missing-dep 3: data/data.xml: 'data/data.xml' is not in the workspace: it is tracked by data/data.xml.dvc; run `dvc pull data/data.xml.dvc` to restore it.",
      "pipeline-missing-dep 3: data/raw/2024.csv: 'data/raw/2024.csv' is not in the workspace: it is tracked by data/raw.dvc; run `dvc pull data/raw.dvc` to restore it.",
    ]);
    const found = diagnose(text);
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    index.update(uri, text);
    const actions = pipelineFeature(deps).codeActions!(index.get(uri)!, found[0].range, found, { index, settings: defaultSettings, isCancelled: () => false });
    assert.deepEqual(actions.map((a) => [a.title, a.command?.command, a.command?.arguments]), [
      ['Copy `dvc pull data/data.xml.dvc`', 'archipel.copyText', ['dvc pull data/data.xml.dvc']],
      ['Copy `dvc pull data/raw.dvc`', 'archipel.copyText', ['dvc pull data/raw.dvc']],
    ]);
  });

  it('URL deps and outs: no missing-dep, no mangled path; an unknown scheme, an empty URL and a cached URL out are said', () => {
    const text = [
      'stages:',
      '  load:',
      '    cmd: python src/prepare.py',
      '    deps:',
      '    - https://example.com/data.csv',
      '    - s3://dvc-data-src/housing.csv',
      '    - remote://storage/raw/2024.csv',
      '    - ftp://example.com/x.csv',
      '    - gs://',
      '    - src/prepare.py',
      '    outs:',
      '    - s3://bucket/model.pkl',
      '    - s3://bucket/report.json:',
      '        cache: false',
      '',
    ].join('\n');
    assert.deepEqual(shown(text), [
      'pipeline-url 1: ftp://example.com/x.csv: DVC reads no `ftp://` URL: use s3, gs, azure, hdfs, http(s), ssh, webdav or remote://<name>/<path>.',
      'pipeline-url 1: gs://: `gs://` names no file or folder after the scheme.',
      'pipeline-url 1: s3://bucket/model.pkl: DVC 3 does not cache an output outside the repository (`s3://bucket/model.pkl`): give it `cache: false`.',
    ]);
  });

  it('DVC 3 accepts `checkpoint: true` under an output, and reads an empty or comment-only file as {}', () => {
    const text = 'stages:\n  train:\n    cmd: python train.py\n    outs:\n    - model.pt:\n        checkpoint: true\n        persist: true\n    plots:\n    - logs.csv:\n        checkpoint: true\n';
    assert.deepEqual(shown(text), []);
    assert.deepEqual(shown(''), []);
    assert.deepEqual(shown('# stages are added by `dvc stage add`\n'), []);
    assert.deepEqual(shown('---\n'), []);
  });
});

describe('archipel export argo: DVC semantics', function () {
  this.timeout(120_000);
  interface Template { name: string; memoize?: { key: string }; container?: { args: string[] } }
  interface Workflow { spec: { arguments?: { parameters: { name: string }[] }; templates: Template[] } }
  async function exported(root: string, check = true): Promise<{ text: string; workflow: Workflow; templates: Map<string, Template> }> {
    const result = await runCli(['export', 'argo', '--image', 'x:1', '--out', 'argo.yaml', '--force'], root);
    assert.equal(result.code, 0, result.err);
    const text = readFileSync(path.join(root, 'argo.yaml'), 'utf8');
    if (check) {
      // Validated against Argo's own JSON schema (schemas/kubernetes/argo.json) by `archipel check`.
      const problems = JSON.parse((await runCli(['check', 'argo.yaml', '--format', 'json'], root)).out) as { severity: string; message: string }[];
      assert.deepEqual(problems.filter((p) => p.severity === 'error'), []);
    }
    const workflow = parse(text) as Workflow;
    return { text, workflow, templates: new Map(workflow.spec.templates.map((t) => [t.name, t])) };
  }
  const pipeline = [
    'stages:',
    '  fetch:',
    '    cmd: curl -o data.csv https://example.com/data.csv',
    '    deps:',
    '    - https://example.com/data.csv',
    '    outs:',
    '    - data.csv',
    '  clock:',
    '    cmd: date > now.txt',
    '    always_changed: true',
    '    outs:',
    '    - now.txt',
    '  report:',
    '    cmd: python report.py --lr ${train.lr}',
    '    deps:',
    '    - now.txt',
    '    - data.csv',
    '    params:',
    '    - train.lr',
    '    outs:',
    '    - report.txt',
    '  score:',
    '    cmd: python score.py',
    '    deps:',
    '    - data.csv',
    '    params:',
    '    - score.yaml:',
    '      - threshold',
    '    outs:',
    '    - score.txt',
    '',
  ].join('\n');

  it('never memoizes an always_changed stage nor what reads it; a URL dep and the ETag dvc.lock records of it are in the memo key', async () => {
    const tree = makeTree({ 'dvc.yaml': pipeline, 'params.yaml': 'train:\n  lr: 0.1\n', 'score.yaml': 'threshold: 0.5\n', 'report.py': '', 'score.py': '' });
    try {
      const first = await exported(tree.root);
      assert.equal(first.templates.get('clock')!.memoize, undefined);
      assert.equal(first.templates.get('report')!.memoize, undefined);
      assert.ok(first.templates.get('fetch')!.memoize);
      assert.ok(first.templates.get('score')!.memoize);
      const lock = "schema: '2.0'\nstages:\n  fetch:\n    cmd: curl -o data.csv https://example.com/data.csv\n    deps:\n    - path: https://example.com/data.csv\n      hash: md5\n      etag: '\"abc\"'\n";
      writeFileSync(path.join(tree.root, 'dvc.lock'), lock);
      const second = await exported(tree.root, false);
      writeFileSync(path.join(tree.root, 'dvc.lock'), lock.replace('abc', 'def'));
      const third = await exported(tree.root, false);
      assert.notEqual(first.templates.get('fetch')!.memoize!.key, second.templates.get('fetch')!.memoize!.key);
      assert.notEqual(second.templates.get('fetch')!.memoize!.key, third.templates.get('fetch')!.memoize!.key);
    } finally {
      tree.remove();
    }
  });

  it('a params file the commands interpolate is fixed as exported; one they do not stays a submit-time parameter read at run time', async () => {
    const tree = makeTree({ 'dvc.yaml': pipeline, 'params.yaml': 'train:\n  lr: 0.1\n', 'score.yaml': 'threshold: 0.5\n', 'report.py': '', 'score.py': '' });
    try {
      const { text, workflow, templates } = await exported(tree.root);
      assert.deepEqual(workflow.spec.arguments!.parameters.map((p) => p.name), ['score-yaml']);
      assert.match(text, /^# Fixed as exported \(the commands interpolate them\): params\.yaml\./m);
      assert.match(templates.get('report')!.container!.args[0], /printf '%s' 'train:\n {2}lr: 0\.1\n' > \/work\/params\.yaml\n/);
      assert.match(templates.get('report')!.container!.args[0], /python report\.py --lr 0\.1$/);
      assert.match(templates.get('score')!.memoize!.key, /sprig\.sha1sum\(inputs\.parameters\['score-yaml'\]\)/);
    } finally {
      tree.remove();
    }
  });

  it('resolves wdir against the repository root with or without git, and refuses one leaving the repository (never `cd /`)', async () => {
    const nested = 'stages:\n  up:\n    cmd: ls\n    wdir: ..\n    outs:\n    - listing.txt\n';
    const tree = makeTree({ 'project/pipelines/dvc.yaml': nested });
    try {
      const root = path.join(tree.root, 'project', 'pipelines');
      const refused = await runCli(['export', 'argo', '--image', 'x:1'], root);
      assert.equal(refused.code, 2);
      assert.match(refused.err, /`up` cannot be exported: its wdir `\.\.` leaves the repository .*pipelines, which the image holds at \/work/);
      // A DVC project without git (`dvc init --no-scm`): its root is the repository.
      writeFileSync(path.join(tree.root, 'project', '.dvc'), '');
      const { templates } = await exported(root, false);
      assert.match(templates.get('up')!.container!.args[0], /\ncd \/work\nls$/);
    } finally {
      tree.remove();
    }
  });
});

describe('pipeline findings: root causes and wording', () => {
  const uri = 'file:///work/cascade/dvc.yaml';
  const deps: PipelineDependencies = { schema: loadPipelineSchema(repoRoot), exists: () => false, readText: () => undefined };
  const features = [yamlFeature, pipelineFeature(deps)];
  function shown(text: string): string[] {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    index.update(uri, text);
    return diagnoseFile(index.get(uri)!, features, { index, settings: defaultSettings, isCancelled: () => false }).map((d) => `${String(d.code)}: ${d.message}`);
  }

  it('one missing vars file is one finding, not one per ${…} it would have defined', () => {
    const stages = Array.from({ length: 6 }, (_, i) => `  s${i}:\n    cmd: python run.py --lr ${'${'}train.lr} --epochs ${'${'}train.epochs} --seed ${'${'}seed}\n`).join('');
    assert.deepEqual(shown(`vars:\n  - config/hyper.yaml\nstages:\n${stages}`), ["pipeline-vars: The vars file 'config/hyper.yaml' does not exist."]);
  });

  it('says what was found once: "found a mapping", "found nothing"', () => {
    assert.deepEqual(shown('vars:\n  a: 1\nstages: {}\n'), ['pipeline-schema: Expected sequence at vars, found a mapping.']);
    assert.deepEqual(shown('stages:\n  train:\n    cmd: python train.py\n    desc:\n'), ['pipeline-schema: Expected string at stages.train.desc, found nothing (an empty value).']);
  });
});

describe('a DVC 2 lock from a public repository (iterative/dvc-bench, Apache-2.0)', () => {
  it('results.csv is committed with CRLF and DVC 2 recorded its LF text; a CRLF checkout of plots.py too: both up to date, as DVC 3 says', async () => {
    const tree = makeTree({});
    cpSync(path.join(repoRoot, 'server', 'test', 'fixtures', 'oss', 'dvc', 'dvc-bench'), tree.root, { recursive: true });
    const script = path.join(tree.root, 'plots.py');
    writeFileSync(script, crlf(readFileSync(script, 'utf8')));
    try {
      // The raw bytes are not what the lock records (what Archipel compared before: "changed since the last run").
      assert.notEqual(md5(readFileSync(script)), '7ca631ff2d313f1d8fcc9e70349c742b');
      assert.notEqual(md5(readFileSync(path.join(tree.root, 'results.csv'))), '678dd35b41e6cd6fa812fc844127222a');
      const status = await statusOf(tree.root);
      assert.deepEqual(status.gen_plots.reasons, ['output `plots` is missing']);
    } finally {
      tree.remove();
    }
  });
});

describe('params written upstream, frozen stages (issue #41)', function () {
  this.timeout(120_000);

  // data42lana/end-to-end-cv-mlops-project's pipelines/dvc.yaml, reduced: hyperparam_optimization
  // writes the params file model_fine_tuning reads whole, and model_performance_on_test_data writes
  // the folder holding test_score.json, the params file model_stage_update reads.
  const upstream = [
    'stages:',
    '  optimize:',
    '    cmd: \'mkdir -p configs && printf "lr: 0.01\\n" > configs/best_params.yaml\'',
    '    outs:',
    '    - configs/best_params.yaml:',
    '        cache: false',
    '  fine_tune:',
    '    cmd: cat configs/best_params.yaml > model.txt',
    '    params:',
    '    - configs/best_params.yaml:',
    '    outs:',
    '    - model.txt',
    '  test:',
    '    cmd: mkdir -p outs/test_outs && cp score.json outs/test_outs/test_score.json',
    '    deps:',
    '    - model.txt',
    '    - score.json',
    '    outs:',
    '    - outs/test_outs',
    '  update:',
    '    cmd: cat outs/test_outs/test_score.json > stage.txt',
    '    params:',
    '    - outs/test_outs/test_score.json:',
    '      - score',
    '    outs:',
    '    - stage.txt',
    '',
  ].join('\n');

  it('a params file a stage writes (itself, or inside an output folder) is a dependency like any output: no error, run in order, recorded in the lock', async () => {
    const { root, remove } = makeTree({ 'dvc.yaml': upstream, 'score.json': '{"score": 0.9}\n' });
    try {
      // Loaded strictly (as run and export do): no "does not exist".
      const pipeline = await loadPipeline(path.join(root, 'dvc.yaml'), true);
      assert.deepEqual(pipeline.problems.filter((p) => p.severity === 'error').map((p) => p.message), []);
      const run = await runPipeline(pipeline, {});
      assert.deepEqual(run.stages.map((s) => `${s.stage}:${s.outcome}`), ['optimize:ran', 'fine_tune:ran', 'test:ran', 'update:ran']);
      const lock = parse(readFileSync(path.join(root, 'dvc.lock'), 'utf8')) as { stages: Record<string, { params?: Record<string, unknown> }> };
      assert.deepEqual(lock.stages.fine_tune.params, { 'configs/best_params.yaml': { lr: 0.01 } });
      assert.deepEqual(lock.stages.update.params, { 'outs/test_outs/test_score.json': { score: 0.9 } });
      assert.deepEqual(Object.values(await statusOf(root)).map((s) => s.state), ['up-to-date', 'up-to-date', 'up-to-date', 'up-to-date']);
    } finally {
      remove();
    }
  });

  it('the editor says nothing of a params file a stage writes, and still reports one nobody writes', () => {
    const index = new WorkspaceIndex(indexOptions(defaultSettings));
    const uri = 'file:///work/cv/dvc.yaml';
    const deps: PipelineDependencies = { schema: loadPipelineSchema(repoRoot), exists: () => false, readText: () => undefined };
    const diagnose = (text: string) => {
      index.update(uri, text);
      return diagnoseFile(index.get(uri)!, [yamlFeature, pipelineFeature(deps)], { index, settings: defaultSettings, isCancelled: () => false }).filter((d) => d.code === 'pipeline-params');
    };
    assert.deepEqual(diagnose(upstream), []);
    assert.deepEqual(diagnose(upstream.replace('    - outs/test_outs/test_score.json:', '    - outs/other/test_score.json:')).map((d) => d.message), ["The params file 'outs/other/test_score.json' does not exist."]);
  });

  it('frozen as DVC runs it: deps are not compared, a missing or changed output runs it, --force runs it', async () => {
    const { root, remove } = makeTree({ 'raw.txt': 'a\n', 'dvc.yaml': 'stages:\n  prepare:\n    cmd: cat raw.txt > prepared.txt\n    deps:\n    - raw.txt\n    outs:\n    - prepared.txt\n    frozen: true\n' });
    try {
      const load = () => loadPipeline(path.join(root, 'dvc.yaml'), true);
      const outcomes = async (options = {}) => (await runPipeline(await load(), options)).stages.map((s) => `${s.stage}:${s.outcome}`);
      // Never run, its output missing: DVC runs it (changed_outs), and so does Archipel.
      assert.deepEqual(await outcomes(), ['prepare:ran']);
      writeFileSync(path.join(root, 'raw.txt'), 'b\n');
      assert.deepEqual((await statusOf(root)).prepare.reasons, [], 'deps of a frozen stage are not compared');
      assert.deepEqual(await outcomes(), ['prepare:skipped']);
      assert.deepEqual(await outcomes({ force: true }), ['prepare:ran']);
      assert.equal(readFileSync(path.join(root, 'prepared.txt'), 'utf8'), 'b\n');
      writeFileSync(path.join(root, 'prepared.txt'), 'edited\n');
      assert.deepEqual((await statusOf(root)).prepare.reasons, ['output `prepared.txt` changed since the last run']);
      assert.deepEqual(await outcomes(), ['prepare:ran']);
    } finally {
      remove();
    }
  });
});
