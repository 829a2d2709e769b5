// Stage output in linear time and bounded memory (issue #26): the CLI's byte printer (prefixes,
// `\r` progress bars redrawn in place, lines longer than any buffer, binary bytes), the bounded
// events the editor gets, the run lock and dvc.lock merged from its current text.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RunPrinter } from '../../../src/cli/runPrinter';
import { formatLock, LockWriter, readLock, type LockStage } from '../../../src/engines/pipeline/lock';
import { RunLock, RunRefusedError } from '../../../src/engines/pipeline/runLock';
import { boundedEvents } from '../../../src/engines/pipeline/stageOutput';
import type { PipelineEvent } from '../../../src/protocol/pipeline';
import { makeTree } from '../../tempdir';

function printer(): { p: RunPrinter; text: () => string; writes: Buffer[] } {
  const writes: Buffer[] = [];
  const p = new RunPrinter((bytes) => (writes.push(Buffer.from(bytes)), true));
  return { p, writes, text: () => Buffer.concat(writes).toString('latin1') };
}

describe('stage output and run exclusion', () => {
  it('prefixes each line, whole lines kept together while stages interleave', () => {
    const { p, text } = printer();
    p.plan(['a', 'bb']);
    void p.output('a', Buffer.from('one\ntw'));
    void p.output('bb', Buffer.from('x\n'));
    void p.output('a', Buffer.from('o\n\nthree'));
    void p.end('a');
    assert.equal(text(), '[a ] one\n[bb] x\n[a ] two\n[a ] \n[a ] three\n');
  });

  it('redraws a \\r progress bar in place with its prefix; \\r\\n is one line end', () => {
    const { p, text } = printer();
    p.plan(['train']);
    void p.output('train', Buffer.from('\r 10%|#\r 20%|##\r'));
    void p.output('train', Buffer.from(' 30%|###\r\nok\r\n'));
    void p.end('train');
    assert.equal(text(), '\r[train]  10%|#\r[train]  20%|##\r[train]  30%|###\r\n[train] ok\r\n');
  });

  it('500,000 \\r updates: every update written once, nothing held back beyond one line', () => {
    const { p, writes } = printer();
    p.plan(['bar']);
    const update = Buffer.from('\r 42%|####      | 420/1000 [00:01<00:02, 350.00it/s]');
    const chunk = Buffer.concat(Array.from({ length: 1000 }, () => update));
    for (let i = 0; i < 500; i++) void p.output('bar', chunk);
    void p.end('bar');
    const total = writes.reduce((n, w) => n + w.length, 0);
    assert.equal(total, 500_000 * (update.length + '[bar] '.length) + 1, 'each update once, with its prefix, and the final newline');
  });

  it('a line of 64 MB without a newline goes through in pieces, bytes as they are (binary too)', () => {
    const { p, writes } = printer();
    p.plan(['bin']);
    const piece = Buffer.alloc(65_536);
    for (let i = 0; i < piece.length; i++) piece[i] = (i * 7 + 3) % 256 === 10 || (i * 7 + 3) % 256 === 13 ? 0 : (i * 7 + 3) % 256;
    let largest = 0;
    for (let i = 0; i < 1024; i++) {
      const before = writes.length;
      void p.output('bin', piece);
      for (const w of writes.slice(before)) largest = Math.max(largest, w.length);
    }
    void p.end('bin');
    const all = Buffer.concat(writes);
    assert.equal(all.length, '[bin] '.length + 1024 * piece.length + 1);
    assert.ok(all.subarray(6, 6 + piece.length).equals(piece), 'bytes pass unchanged');
    assert.ok(largest <= piece.length + 6, 'written as it comes: never accumulated');
  });

  it('the editor gets at most the tail of each interval, told how much was left out and where the whole log is', async () => {
    const sent: PipelineEvent[] = [];
    const forward = boundedEvents((e) => sent.push(e), { intervalMs: 10_000, tailChars: 1000 });
    const base = { runId: 'r', file: '/p/dvc.yaml' };
    forward({ ...base, kind: 'stage-start', stage: 's', log: '/p/.archipel/logs/dvc.yaml/s.log' });
    for (let i = 0; i < 10_000; i++) forward({ ...base, kind: 'stage-output', stage: 's', text: `line ${String(i).padStart(5, '0')}\n` });
    forward({ ...base, kind: 'stage-end', stage: 's' });
    forward({ ...base, kind: 'run-end' });
    const output = sent.filter((e) => e.kind === 'stage-output');
    assert.equal(output.length, 1);
    assert.match(output[0].text ?? '', /^\[… 109000 characters of output not shown here; the whole log: \/p\/\.archipel\/logs\/dvc\.yaml\/s\.log\]\n/);
    assert.ok((output[0].text ?? '').endsWith('line 09999\n'));
    assert.deepEqual(sent.map((e) => e.kind), ['stage-start', 'stage-output', 'stage-end', 'run-end'], 'output before the end of its stage');
  });

  it('dvc.lock: each write merges this run\'s entries into the lock as it is now (an entry written meanwhile stays)', async () => {
    const { root, remove } = makeTree({});
    try {
      const file = path.join(root, 'dvc.lock');
      const entry = (cmd: string): LockStage => ({ cmd: [cmd], deps: [], params: {}, outs: [{ path: `${cmd}.txt`, md5: 'd41d8cd98f00b204e9800998ecf8427e', size: 0 }] });
      writeFileSync(file, formatLock({ stages: new Map([['old', entry('old')]]) }));
      const writer = new LockWriter(file, ['a', 'old', 'other', 'b']);
      await writer.update('a', entry('a'));
      // Someone else (DVC, another tool) records a stage while this run goes on.
      const now = await readLock(file);
      writeFileSync(file, formatLock({ stages: new Map([...now.stages, ['other', entry('other')]]) }));
      await writer.update('b', entry('b'));
      assert.deepEqual([...(await readLock(file)).stages.keys()], ['a', 'old', 'other', 'b']);
      assert.match(readFileSync(file, 'utf8'), /^schema: '2\.0'\nstages:\n {2}a:\n {4}cmd: a\n/);
    } finally {
      remove();
    }
  });

  it('the run lock: a second taker refuses naming the holder; released, it is free; a dead holder is taken over', async () => {
    const { root, remove } = makeTree({});
    try {
      const file = path.join(root, 'run.lock');
      const first = await RunLock.acquire(file, 0);
      await assert.rejects(RunLock.acquire(file, 150), (error: Error) => error instanceof RunRefusedError && error.message.includes(`pid ${process.pid} on`) && error.message.includes('waited 0 s'));
      await first.release();
      const second = await RunLock.acquire(file, 0);
      await second.release();
      writeFileSync(file, JSON.stringify({ pid: 2 ** 22 + 12345, command: 'archipel run', host: os.hostname(), started: '2026-01-01T00:00:00Z', nonce: 'x' }));
      const third = await RunLock.acquire(file, 0);
      assert.equal(JSON.parse(readFileSync(file, 'utf8')).pid, process.pid);
      await third.release();
    } finally {
      remove();
    }
  });
});
