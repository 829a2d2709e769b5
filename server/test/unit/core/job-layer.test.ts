// The job layer (server/src/engines/core) proven on a fake family: progress, per-item errors,
// cancellation mid-batch, a crashing worker, never-overwrite, trust. Every test runs the family in
// a forked process and in a worker thread: the channel is the same over both.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { Peer, WorkerChannel, WorkerGoneError, type ChannelMessage, type Endpoint, type WorkerHandle } from '../../../src/engines/core/channel';
import { JobWorker, runJobRequest, UntrustedWorkspaceError, type JobSpec, type ProgressSink } from '../../../src/engines/core/host';
import { progressMessage, runItems, type JobProgress } from '../../../src/engines/core/job';
import { writeOutput } from '../../../src/engines/core/output';
import { serveJobs } from '../../../src/engines/core/serve';
import { processWorker, threadWorker } from '../../../src/engines/core/workers';
import { terminalProgress } from '../../../src/cli/progress';
import { fakeFamily, type FakeItem, type FakeResult } from '../../jobs/fakeFamily';
import { makeTree } from '../../tempdir';

const script = path.join(__dirname, '..', '..', 'jobs', 'fakeWorker.js');
const kinds = {
  process: () => processWorker(script, { name: 'the fake process' }),
  thread: () => threadWorker(script),
} as const;

/** Waits until `check` holds (polling; bounded), for effects with no event to wait on. */
async function until(what: string, check: () => boolean, limitMs = 20_000): Promise<void> {
  const deadline = Date.now() + limitMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Two endpoints joined back to back, as a host and its worker are (messages cloned, delivered asynchronously). */
function endpointPair(): [Endpoint, Endpoint] {
  const listeners: ((m: ChannelMessage) => void)[][] = [[], []];
  const end = (me: number): Endpoint => ({
    post: (message) => setImmediate(() => listeners[1 - me].forEach((l) => l(structuredClone(message)))),
    listen: (listener) => listeners[me].push(listener),
  });
  return [end(0), end(1)];
}

/** A folder's files other than the inputs: outputs, and any temporary file left behind. */
function written(root: string): string[] {
  return readdirSync(root)
    .filter((name) => !/^in\d+\.txt$/.test(name))
    .sort();
}

for (const [kind, start] of Object.entries(kinds)) {
  describe(`job layer on a fake family (worker ${kind})`, function () {
    this.timeout(120_000);
    let tree: ReturnType<typeof makeTree>;
    let worker: JobWorker;
    const inputs = (n: number) =>
      Array.from({ length: n }, (_, i) => {
        const file = path.join(tree.root, `in${i}.txt`);
        writeFileSync(file, `item ${i}\n`);
        return file;
      });

    beforeEach(() => {
      tree = makeTree({});
      worker = new JobWorker({ name: `the fake ${kind}`, start: start(), idleMs: 60_000 });
    });
    afterEach(() => {
      worker.dispose();
      tree.remove();
    });

    it('streams each result with its progress; a failing item fails alone', async () => {
      const files = inputs(4);
      const items: FakeItem[] = files.map((file, i) => ({ file, ms: 5, ...(i === 1 ? { fail: 'no good' } : {}) }));
      const seen: [string, JobProgress][] = [];
      const done = await worker.run<FakeResult>('fake', items, { suffix: '.out' }, { onResult: (result, progress) => seen.push([path.basename(result.file), progress]) });
      assert.deepEqual(done, { cancelled: false });
      assert.deepEqual(
        seen.map(([file, p]) => [file, p.done, p.total, p.failed, progressMessage(p)]),
        [
          ['in0.txt', 1, 4, 0, 'in0.txt (1/4)'],
          ['in1.txt', 2, 4, 1, 'in1.txt failed (2/4)'],
          ['in2.txt', 3, 4, 1, 'in2.txt (3/4)'],
          ['in3.txt', 4, 4, 1, 'in3.txt (4/4)'],
        ],
      );
      assert.deepEqual(written(tree.root), ['in0.out.txt', 'in2.out.txt', 'in3.out.txt']);
      assert.equal(readFileSync(path.join(tree.root, 'in2.out.txt'), 'utf8'), 'ITEM 2\n'.repeat(20_000));
    });

    it('stops mid-batch when cancelled: no partial output, and the worker takes the next job', async () => {
      const files = inputs(12);
      const controller = new AbortController();
      const results: FakeResult[] = [];
      const done = await worker.run<FakeResult>('fake', files.map((file) => ({ file, ms: 40 })), { suffix: '.out', concurrency: 2 }, {
        signal: controller.signal,
        onResult: (result) => {
          results.push(result);
          if (results.length === 2) controller.abort();
        },
      });
      assert.equal(done.cancelled, true);
      assert.ok(results.length >= 2 && results.length < 12, `${results.length} of 12 items ran despite the cancellation`);
      // Items in flight when the job was cancelled either finished or were dropped before their
      // output was put in place. Every output there is whole, one per finished item: nothing
      // half-written, no temporary file.
      for (const r of results) assert.ok(r.output || /^cancelled before in\d+\.out\.txt was written$/.test(r.error ?? ''), JSON.stringify(r));
      const outputs = written(tree.root);
      assert.deepEqual(outputs, results.filter((r) => r.output).map((r) => path.basename(r.output!)).sort());
      for (const output of outputs) assert.equal(readFileSync(path.join(tree.root, output), 'utf8').length, 'ITEM 0\n'.length * 20_000);
      // The worker is idle, not stuck: the next job runs in the same worker.
      const next = await worker.run<FakeResult>('fake', [{ file: files[11] }], { suffix: '.again' });
      assert.equal(next.cancelled, false);
      assert.equal(worker.started, 1);
    });

    it('ends a worker that does not honour a cancellation within its grace period; the next job gets a fresh one', async () => {
      const stubborn = new JobWorker({ name: `the fake ${kind}`, start: start(), cancelGraceMs: 200 });
      try {
        const files = inputs(3);
        const controller = new AbortController();
        const running = stubborn.run<FakeResult>('fake', [{ file: files[0], spinMs: 30_000 }, { file: files[1] }], { suffix: '.out' }, { signal: controller.signal });
        await until('the worker to start', () => stubborn.running);
        controller.abort();
        assert.deepEqual(await running, { cancelled: true });
        await until('the worker to be gone', () => !stubborn.running);
        assert.deepEqual(written(tree.root), [], 'the spinning item wrote nothing');
        const results: FakeResult[] = [];
        assert.deepEqual(await stubborn.run<FakeResult>('fake', [{ file: files[2] }], { suffix: '.out' }, { onResult: (r) => results.push(r) }), { cancelled: false });
        assert.equal(results[0].error, undefined);
        assert.equal(stubborn.started, 2);
      } finally {
        stubborn.dispose();
      }
    });

    it('reports a crashed worker as an error naming it, and runs the next job in a fresh worker', async () => {
      const files = inputs(3);
      await assert.rejects(
        worker.run<FakeResult>('fake', [{ file: files[0] }, { file: files[1], crash: 3 }], { suffix: '.out' }),
        (error: Error) => error instanceof WorkerGoneError && new RegExp(`^the fake ${kind} stopped unexpectedly \\(exit code 3\\)$`).test(error.message),
      );
      const results: FakeResult[] = [];
      await worker.run<FakeResult>('fake', [{ file: files[2] }], { suffix: '.out' }, { onResult: (r) => results.push(r) });
      assert.deepEqual(results.map((r) => [path.basename(r.file), r.error]), [['in2.txt', undefined]]);
      assert.equal(worker.started, 2);
    });

    it('never overwrites: an existing output keeps its bytes, the new one takes the next free name', async () => {
      const [file] = inputs(1);
      writeFileSync(path.join(tree.root, 'in0.out.txt'), 'precious');
      writeFileSync(path.join(tree.root, 'in0.out-2.txt'), 'also precious');
      const results: FakeResult[] = [];
      await worker.run<FakeResult>('fake', [{ file }, { file }], { suffix: '.out' }, { onResult: (r) => results.push(r) });
      assert.deepEqual(results.map((r) => path.basename(r.output ?? '')), ['in0.out-3.txt', 'in0.out-4.txt']);
      assert.equal(readFileSync(path.join(tree.root, 'in0.out.txt'), 'utf8'), 'precious');
      assert.equal(readFileSync(path.join(tree.root, 'in0.out-2.txt'), 'utf8'), 'also precious');
    });
  });
}

describe('job layer: planning, trust, writer and channel', function () {
  this.timeout(120_000);
  let tree: ReturnType<typeof makeTree>;
  beforeEach(() => (tree = makeTree({ 'in0.txt': 'a\n', 'in1.txt': 'b\n' })));
  afterEach(() => tree.remove());

  const spec = (executes: string | undefined): JobSpec<{ files: string[] }, FakeItem, FakeResult> => ({
    family: 'fake',
    title: () => 'Faking',
    executes: () => executes,
    plan: async (params) => ({ items: params.files.filter((f) => existsSync(f)).map((file) => ({ file })), results: params.files.filter((f) => !existsSync(f)).map((file) => ({ file, error: 'file not found' })) }),
    options: () => ({ suffix: '.out' }),
    compare: (a, b) => a.file.localeCompare(b.file),
  });

  it('refuses a job that executes workspace content in an untrusted workspace, saying why, before planning or running anything', async () => {
    const worker = new JobWorker({ name: 'the fake process', start: kinds.process() });
    try {
      const files = [path.join(tree.root, 'in0.txt')];
      await assert.rejects(
        runJobRequest(spec('runs the commands the workspace declares'), { files }, { trusted: false, worker }),
        (error: Error) =>
          error instanceof UntrustedWorkspaceError &&
          error.message === 'Faking refused: this workspace is not trusted, and the job runs the commands the workspace declares. Trust the workspace (Workspaces: Manage Workspace Trust) to run it.',
      );
      assert.equal(worker.started, 0, 'no worker was started');
      assert.deepEqual(readdirSync(tree.root).sort(), ['in0.txt', 'in1.txt']);
      // A job that executes nothing from the workspace runs untrusted too.
      const outcome = await runJobRequest(spec(undefined), { files }, { trusted: false, worker });
      assert.equal(outcome.results[0].error, undefined);
    } finally {
      worker.dispose();
    }
  });

  it('plans, reports progress begin → report per item → end, and answers planned and run results in order', async () => {
    const worker = new JobWorker({ name: 'the fake thread', start: kinds.thread() });
    const events: string[] = [];
    const progress: ProgressSink = {
      begin: (title) => events.push(`begin ${title}`),
      report: (p) => events.push(`report ${progressMessage(p)}`),
      end: () => events.push('end'),
    };
    try {
      const files = ['in1.txt', 'gone.txt', 'in0.txt'].map((f) => path.join(tree.root, f));
      const outcome = await runJobRequest(spec('runs nothing really'), { files }, { trusted: true, worker, progress });
      assert.deepEqual(events, ['begin Faking', 'report in1.txt (1/2)', 'report in0.txt (2/2)', 'end']);
      assert.deepEqual(
        outcome.results.map((r) => [path.basename(r.file), r.error]),
        [
          ['gone.txt', 'file not found'],
          ['in0.txt', undefined],
          ['in1.txt', undefined],
        ],
      );
      assert.deepEqual([outcome.total, outcome.cancelled], [3, false]);
    } finally {
      worker.dispose();
    }
  });

  it('runs a family on this thread too (the CLI), with the same results and progress', async () => {
    const seen: string[] = [];
    const run = await runItems(fakeFamily, [{ file: path.join(tree.root, 'in0.txt') }, { file: path.join(tree.root, 'nope.txt') }], { suffix: '.out' }, { onResult: (_r, p) => seen.push(progressMessage(p)) });
    assert.deepEqual(seen, ['in0.txt (1/2)', 'nope.txt failed (2/2)']);
    assert.match(run.results[1].error ?? '', /^file not found: .*nope\.txt$/);
  });

  it('an aborted write leaves neither the output nor its temporary file', async () => {
    const controller = new AbortController();
    controller.abort();
    await assert.rejects(writeOutput(path.join(tree.root, 'in0.txt'), Buffer.from('x'), { suffix: '.out', signal: controller.signal }), /cancelled before in0\.out\.txt was written/);
    assert.deepEqual(readdirSync(tree.root).sort(), ['in0.txt', 'in1.txt']);
  });

  it('a channel: requests both ways, errors keep their name, notifications, cancellation reaches the handler', async () => {
    const [a, b] = endpointPair();
    const host = new Peer(a);
    const worker = new Peer(b);
    class ModelError extends Error {
      override readonly name = 'ModelError';
    }
    worker.onRequest<{ n: number }, number>('double', async ({ n }) => 2 * (await worker.request<number>('base', null)) * n);
    worker.onRequest('broken', () => {
      throw new ModelError('model m.onnx: not an ONNX model');
    });
    let aborted = false;
    worker.onRequest('wait', (_p, context) => new Promise((resolve) => context.signal.addEventListener('abort', () => ((aborted = true), resolve('stopped')))));
    const notes: unknown[] = [];
    worker.onNotification('note', (params) => notes.push(params));
    host.onRequest('base', () => 10);
    assert.equal(await host.request('double', { n: 2 }), 40);
    await assert.rejects(host.request('broken', null), (e: Error) => e.name === 'ModelError' && e.message === 'model m.onnx: not an ONNX model');
    await assert.rejects(host.request('nothing', null), /no handler for nothing/);
    host.notify('note', { x: 1 });
    const controller = new AbortController();
    const waiting = host.request('wait', null, { signal: controller.signal });
    controller.abort();
    assert.equal(await waiting, 'stopped');
    assert.equal(aborted, true);
    assert.deepEqual(notes, [{ x: 1 }]);
  });

  it('a worker channel stops its worker when idle and starts a new one on the next request; a single channel refuses once its worker ended', async () => {
    const channel = new WorkerChannel({ name: 'the fake thread', start: kinds.thread(), idleMs: 50 });
    const files = [path.join(tree.root, 'in0.txt')];
    const job = { family: 'fake', items: files.map((file) => ({ file })), options: { suffix: '.out' } };
    await channel.request('job/run', job);
    await until('the idle worker to stop', () => !channel.running);
    await channel.request('job/run', job);
    assert.equal(channel.started, 2);
    channel.dispose();

    const single = new WorkerChannel({ name: 'the fake lane', start: kinds.thread(), single: true });
    await assert.rejects(single.request('job/run', { ...job, items: [{ file: files[0], crash: 4 }] }), /^WorkerGoneError: the fake lane stopped unexpectedly \(exit code 4\)$/);
    await assert.rejects(single.request('job/run', job), /the fake lane stopped unexpectedly/);
    assert.equal(single.alive, false);
  });

  it("a worker channel's time limit leaves out the worker's start-up: its first answer may come late, a later stuck request times out", async () => {
    // The Mermaid worker loads jsdom and Mermaid before its first answer: past its 20 s limit at load 27 (#92's suite).
    const start = (): WorkerHandle => {
      const [host, inside] = endpointPair();
      const worker = new Peer(inside);
      let first = true;
      worker.onRequest('parse', () => {
        const late = first;
        first = false;
        // The first answer after a start-up longer than the limit; the next request never answered.
        return new Promise((resolve) => (late ? setTimeout(() => resolve('parsed'), 300) : undefined));
      });
      return { ...host, onExit: () => undefined, ref: () => undefined, unref: () => undefined, kill: () => undefined };
    };
    const channel = new WorkerChannel({ name: 'the slow starter', start, timeoutMs: 50, startMs: 60_000 });
    assert.equal(await channel.request('parse', 'a'), 'parsed');
    await assert.rejects(channel.request('parse', 'b'), /the slow starter did not answer parse within 50 ms/);
    channel.dispose();
  });

  it('serves only the families it has, by name', async () => {
    const [a, b] = endpointPair();
    serveJobs(new Peer(b), [fakeFamily]);
    await assert.rejects(new Peer(a).request('job/run', { family: 'predict', items: [1], options: {} }), /this worker runs fake jobs, not predict/);
  });
});

describe('the CLI\'s progress line', () => {
  /** What a job's progress writes to a stream 40 columns wide: begin, one report, end. */
  const drawn = (isTTY: boolean): string[] => {
    const written: string[] = [];
    const sink = terminalProgress({ isTTY, columns: 40, write: (text: string) => written.push(text) } as unknown as NodeJS.WriteStream);
    sink.begin('Blurring');
    sink.report({ done: 2, total: 12, failed: 1, last: { label: 'a-very-long-file-name-indeed.jpg', failed: true } });
    sink.end();
    return written;
  };

  it('draws one line on a terminal, rewritten per item, cut to the width, erased at the end', () => {
    // cli/progress.ts's line: done of the total and the share first, then what is at work, cut to the width.
    assert.deepEqual(drawn(true), ['\r\x1b[2KBlurring: 2 of 12 files (16 %) — a-very', '\r\x1b[2K']);
  });

  it('writes nothing when stderr is not a terminal', () => {
    assert.deepEqual(drawn(false), []);
  });
});
