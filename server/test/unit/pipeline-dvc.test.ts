// Faithful to DVC (issue #31): DVC 2 lock entries read as DVC 3 reads them (md5-dos2unix), URL deps
// and outs, paths tracked by `.dvc` files, and the schema keys DVC 3 accepts. Each case is the shape
// of a real repository's finding; the expected hashes come from an independent oracle (the md5 of
// the text with LF line endings, which is what DVC 2 recorded for a text file).
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileMd5, isTextBlock } from '../../src/engines/pipeline/hash';
import { HashCache } from '../../src/engines/pipeline/hashCache';
import { loadPipeline } from '../../src/engines/pipeline/load';
import { parseLock } from '../../src/engines/pipeline/lock';
import { runPipeline } from '../../src/engines/pipeline/run';
import { pipelineStatus } from '../../src/engines/pipeline/status';
import { repoRoot } from '../helpers';
import { makeTree } from '../tempdir';

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
      assert.deepEqual(status.train.reasons, ['dependency `data/features` is missing', 'output `model.pkl` is missing: run `dvc pull` to restore it from the DVC remote']);
    } finally {
      tree.remove();
    }
  });
});
